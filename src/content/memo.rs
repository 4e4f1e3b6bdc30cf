//! What a load keeps for the next one when the same content is loaded again and again
//! (`cnht serve`, on every save): each Markdown file's parse, by the SHA-256 of its text and of
//! everything the parse depends on besides (the vocabularies, `sample_data`, the language of
//! the messages), and each body's scan (`bodies`), by its file's digest and its place in it. A file whose text
//! has not changed is not parsed again, a body not scanned again. A file whose size, times and
//! inode are those it had when the memo read it, and which had not been written in the moments
//! before that read, is not even read again: the memo keeps its text (the model holds the same
//! text anyway). The memo holds what the last load used and nothing more, so it never grows past
//! one entry per file and body.

use super::records::Record;
use super::source::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::markdown::Scan;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A SHA-256 digest.
pub(super) type Digest32 = [u8; 32];

/// The memo of one preview (shared by its edit thread and its site thread).
#[derive(Default)]
pub struct LoadMemo {
    files: Mutex<HashMap<PathBuf, Arc<Parse>>>,
    scans: Mutex<HashMap<ScanKey, Arc<Scan>>>,
    /// Files and bodies the last load took from the memo.
    reused: Mutex<(usize, usize)>,
    /// Files the last load took from the memo without reading them.
    unread: Mutex<usize>,
}

impl std::fmt::Debug for LoadMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files = self.files.lock().map(|m| m.len()).unwrap_or(0);
        let scans = self.scans.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "LoadMemo({files} files, {scans} bodies)")
    }
}

impl LoadMemo {
    /// How many files and bodies the last load took from the memo instead of parsing them.
    pub fn reused(&self) -> (usize, usize) {
        *self.reused.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many files the last load took from the memo without reading them (their settled
    /// stamps had not changed).
    pub fn unread(&self) -> usize {
        *self.unread.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn set_unread(&self, n: usize) {
        *self.unread.lock().unwrap_or_else(|e| e.into_inner()) = n;
    }

    pub(super) fn set_reused_files(&self, n: usize) {
        self.reused.lock().unwrap_or_else(|e| e.into_inner()).0 = n;
    }

    pub(super) fn set_reused_bodies(&self, n: usize) {
        self.reused.lock().unwrap_or_else(|e| e.into_inner()).1 = n;
    }
}

/// A body's scan is found by the SHA-256 of its file's text, where the body starts in it, and
/// whether raw HTML nesting was measured.
pub(super) type ScanKey = (Digest32, usize, bool);

/// One file's parse: what `records::parse` made of this text in this context.
pub(super) struct Parse {
    /// The SHA-256 of the file's text.
    pub text: Digest32,
    context: Digest32,
    pub slug: String,
    pub record: Option<Record>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file as read, and what the file system said of it just before: while it still says
    /// the same, the file need not be read again.
    pub read: Option<(Stamp, SourceFile)>,
}

/// What the file system says of a file that changes whenever its content is written: its size,
/// its modification and status-change times, its device and inode (a save through a temporary
/// file and a rename makes a new inode). The status-change time cannot be set back by a program
/// (`touch -d` sets only the modification time).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Stamp {
    len: u64,
    modified: SystemTime,
    changed: (i64, i64),
    file: (u64, u64),
}

/// How long before a read a file must have been last written for its stamp to be trusted: a file
/// written twice within one tick of the file system's clock (coarse on some systems, two seconds
/// on FAT) can keep its size and times; one written well before the read cannot change unseen
/// after it (the rule git uses for its "racily clean" index entries).
const SETTLED: Duration = Duration::from_secs(2);

impl Stamp {
    /// The stamp of `meta`, taken at `now`, when it can be trusted to change with the file's
    /// content (the file was last written at least `SETTLED` before `now`); `None` otherwise.
    pub(super) fn settled(meta: &std::fs::Metadata, now: SystemTime) -> Option<Stamp> {
        let stamp = Stamp::of(meta)?;
        let changed = SystemTime::UNIX_EPOCH.checked_add(Duration::new(
            u64::try_from(stamp.changed.0).ok()?,
            u32::try_from(stamp.changed.1).ok()?,
        ))?;
        let settled = now.checked_sub(SETTLED)?;
        (stamp.modified < settled && changed < settled).then_some(stamp)
    }

    /// The stamp of `meta` as it is now, to compare with a settled one.
    pub(super) fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                len: meta.len(),
                modified: meta.modified().ok()?,
                changed: (meta.ctime(), meta.ctime_nsec()),
                file: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            // Without a status-change time and an inode the stamp could be fooled: always read.
            let _ = meta;
            None
        }
    }
}

/// The SHA-256 of what a Markdown file's parse depends on besides its text: every file read
/// before the records (`sources`: the settings, data tables and vocabularies) and the language
/// of the messages.
pub(super) fn context(sources: &crate::diagnostics::Sources) -> Digest32 {
    let mut hash = Sha256::new();
    for (file, text) in sources.iter() {
        hash.update(file.as_os_str().as_encoded_bytes());
        hash.update([0]);
        hash.update((text.len() as u64).to_le_bytes());
        hash.update(text.as_bytes());
    }
    hash.update(format!("{:?}", crate::messages::current()).as_bytes());
    hash.finalize().into()
}

/// The SHA-256 of `bytes`.
pub(super) fn digest(bytes: &[u8]) -> Digest32 {
    Sha256::digest(bytes).into()
}

impl LoadMemo {
    /// The files' parses as the last load left them (a copy of pointers, so that a load running
    /// beside this one still finds them).
    pub(super) fn files(&self) -> HashMap<PathBuf, Arc<Parse>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the files' parses with this load's.
    pub(super) fn keep_files(&self, files: HashMap<PathBuf, Arc<Parse>>) {
        *self.files.lock().unwrap_or_else(|e| e.into_inner()) = files;
    }

    /// The bodies' scans as the last load left them.
    pub(super) fn scans(&self) -> HashMap<ScanKey, Arc<Scan>> {
        self.scans.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the bodies' scans with this load's.
    pub(super) fn keep_scans(&self, scans: HashMap<ScanKey, Arc<Scan>>) {
        *self.scans.lock().unwrap_or_else(|e| e.into_inner()) = scans;
    }
}

impl Parse {
    /// A parse of the text with digest `text` in `context`.
    pub(super) fn new(
        text: Digest32,
        context: Digest32,
        slug: String,
        record: Option<Record>,
        diagnostics: Vec<Diagnostic>,
        read: Option<(Stamp, SourceFile)>,
    ) -> Self {
        Parse {
            text,
            context,
            slug,
            record,
            diagnostics,
            read,
        }
    }

    /// The file as this parse read it, if the file still has the settled stamp it had then.
    pub(super) fn unchanged_source(&self, now: &Option<Stamp>) -> Option<&SourceFile> {
        match (&self.read, now) {
            (Some((then, source)), Some(now)) if then == now => Some(source),
            _ => None,
        }
    }

    /// True when this parse is of the text with digest `text` in `context`.
    pub(super) fn is_of(&self, text: &Digest32, context: &Digest32) -> bool {
        self.text == *text && self.context == *context
    }

    /// True when this parse was made in `context`.
    pub(super) fn is_in(&self, context: &Digest32) -> bool {
        self.context == *context
    }

    /// This parse, with the file as read now (the same text) and its stamp.
    pub(super) fn read_again(&self, read: Option<(Stamp, SourceFile)>) -> Self {
        Parse {
            text: self.text,
            context: self.context,
            slug: self.slug.clone(),
            record: self.record.clone(),
            diagnostics: self.diagnostics.clone(),
            read,
        }
    }
}
