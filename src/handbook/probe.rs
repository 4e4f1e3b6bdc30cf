//! Tracing a handbook failure to the content that caused it. Typst reports its errors in the
//! templates: the Markdown bodies reach it as JSON data, which has no place in a content file. So
//! when the book fails, it is typeset again with bodies left out, halving the candidates each
//! time, until the body — and then the top-level block of it — that makes Typst fail is found;
//! the error then names the content file and line. `typeset_bodies` typesets bodies on their own
//! through the same template module, and is traced the same way.

use std::path::PathBuf;

use serde_json::Value;
use typst::diag::SourceDiagnostic;
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::blocks::{markdown_with_offsets, Dest};
use super::world::{self, HandbookWorld};
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// The keys under which the handbook view holds Markdown bodies (the templates read them there).
const BODY_KEYS: [&str; 2] = ["body", "summary"];

/// Most typesetting runs spent tracing one failure (a binary search over a million bodies and
/// then over their blocks takes about 40).
const MAX_PROBES: usize = 48;

/// A Markdown body that reaches the handbook, and where it comes from.
#[derive(Debug, Clone)]
pub struct BodySource {
    /// The content file, relative to the site root.
    pub file: PathBuf,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// The body as written, when it is not NFC (`Origin::written`).
    pub written: Option<std::sync::Arc<str>>,
    /// The Markdown.
    pub body: String,
}

/// The bodies of every record the handbook prints Markdown of.
pub(super) fn record_bodies(model: &Model) -> Vec<BodySource> {
    let of = |o: &crate::model::Origin, body: &str| BodySource {
        file: o.file.clone(),
        body_offset: o.body_offset,
        written: o.written.clone(),
        body: body.to_owned(),
    };
    let mut out: Vec<BodySource> = Vec::new();
    out.extend(
        model
            .pages()
            .iter()
            .map(|p| of(&p.origin, &p.body.markdown)),
    );
    out.extend(
        model
            .policies()
            .iter()
            .map(|p| of(&p.origin, &p.body.markdown)),
    );
    out.extend(model.market().iter().map(|a| of(&a.origin, &a.body)));
    out.extend(
        model
            .enterprises()
            .iter()
            .map(|e| of(&e.origin, &e.body.markdown)),
    );
    out
}

/// Where in `view` each Markdown body sits, as JSON pointers, in document order. A body is an
/// array of blocks (objects with a `kind`) under one of `BODY_KEYS`; empty ones cannot fail.
fn body_pointers(view: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &mut String, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (key, value) in map {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    if BODY_KEYS.contains(&key.as_str()) && is_body(value) {
                        out.push(at.clone());
                    } else {
                        walk(value, at, out);
                    }
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(view, &mut String::new(), &mut out);
    out
}

fn is_body(v: &Value) -> bool {
    matches!(v, Value::Array(items) if !items.is_empty()
        && items.iter().all(|b| b.get("kind").is_some_and(Value::is_string)))
}

/// The text a body shows (every `text` string in order): it does not depend on how links were
/// resolved, so a body in the view is recognised from its Markdown alone.
fn fingerprint(v: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(s) if key == "text" => {
                            out.push_str(s);
                            out.push('\u{1f}');
                        }
                        _ => walk(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(v, &mut out);
    out
}

/// Which bodies a probe keeps: the first `whole` in full, then the next one cut to `blocks`
/// top-level blocks; all others are emptied.
#[derive(Clone, Copy)]
struct Keep {
    whole: usize,
    blocks: Option<usize>,
}

fn probe_view(view: &Value, pointers: &[String], keep: Keep) -> Value {
    let mut v = view.clone();
    for (i, p) in pointers.iter().enumerate() {
        let Some(Value::Array(items)) = v.pointer_mut(p) else {
            continue;
        };
        if i < keep.whole {
            continue;
        }
        match keep.blocks {
            Some(n) if i == keep.whole => items.truncate(n),
            _ => items.clear(),
        }
    }
    v
}

/// The body (index into `pointers`) and its top-level block that make `fails` true, found by
/// binary search; `None` when the failure does not come from a body, or the search ran out.
fn bisect(
    view: &Value,
    pointers: &[String],
    fails: &mut dyn FnMut(&Value) -> bool,
) -> Option<(usize, Option<usize>)> {
    let mut probes = 0;
    let mut try_keep = |keep: Keep| {
        probes += 1;
        (probes <= MAX_PROBES).then(|| fails(&probe_view(view, pointers, keep)))
    };
    // Without any body it must typeset, and with all of them fail, or bodies are not the cause.
    if try_keep(Keep {
        whole: 0,
        blocks: None,
    })? || !try_keep(Keep {
        whole: pointers.len(),
        blocks: None,
    })? {
        return None;
    }
    // The smallest number of bodies kept from the start that fails: the last one is the cause.
    let (mut ok, mut bad) = (0, pointers.len());
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        if try_keep(Keep {
            whole: mid,
            blocks: None,
        })? {
            bad = mid;
        } else {
            ok = mid;
        }
    }
    let body = bad - 1;
    let len = match view.pointer(&pointers[body]) {
        Some(Value::Array(items)) => items.len(),
        _ => return Some((body, None)),
    };
    // Then the smallest number of its blocks that fails: the last one is where.
    let (mut ok, mut bad) = (0, len);
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        match try_keep(Keep {
            whole: body,
            blocks: Some(mid),
        }) {
            Some(true) => bad = mid,
            Some(false) => ok = mid,
            None => return Some((body, None)),
        }
    }
    Some((body, Some(bad - 1)))
}

/// Traces a failure of the handbook `view` to the content that caused it: an error naming the
/// record's file and the line of the block Typst could not typeset, with the template's own
/// report as a hint. `fails` typesets a view and says whether it failed; `covered` is the
/// character filter applied to the view, so the bodies can be recognised in it.
pub(super) fn blame(
    bodies: &[BodySource],
    view: &Value,
    covered: &dyn Fn(char) -> bool,
    errors: &[Diagnostic],
    fails: &mut dyn FnMut(&Value) -> bool,
) -> Option<Diagnostic> {
    let pointers = body_pointers(view);
    if pointers.is_empty() {
        return None;
    }
    let (index, block) = bisect(view, &pointers, fails)?;
    let found = view.pointer(&pointers[index])?;
    let wanted = fingerprint(found);
    let source = bodies.iter().find_map(|b| {
        let tree = markdown_with_offsets(&b.body, &|d| Dest::Url(d.to_owned()));
        let mut value = serde_json::to_value(tree.iter().map(|(b, _)| b).collect::<Vec<_>>())
            .unwrap_or(Value::Null);
        super::replace_uncovered(&mut value, covered);
        (fingerprint(&value) == wanted).then(|| (b, tree.into_iter().map(|(_, at)| at)))
    });
    let (source, mut offsets) = source?;
    let offset = block.and_then(|i| offsets.nth(i));
    Some(culprit(source, offset, errors))
}

/// The error that names a body (and the block at `offset` in it, if known) as the cause of
/// `errors`.
fn culprit(source: &BodySource, offset: Option<usize>, errors: &[Diagnostic]) -> Diagnostic {
    let what = errors
        .first()
        .map(|e| {
            e.message
                .split_once(": ")
                .filter(|(place, _)| place.starts_with("line "))
                .map_or(e.message.as_str(), |(_, m)| m)
        })
        .unwrap_or("Typst failed");
    let stopped = errors
        .first()
        .map(|e| (e.file.as_path(), e.message.as_str()));
    let mut d = Diagnostic::said(
        &source.file,
        crate::messages::handbook::body_untypesettable(what, stopped),
    )
    .field("body");
    if let Some(at) = offset {
        let at = source.body_offset
            + source
                .written
                .as_deref()
                .map_or(at, |w| crate::text::offset_in_written(w, at));
        d = d.at(at..at + 1);
    }
    d
}

/// Typesets Markdown bodies on their own — each through `handbook/markdown.typ` with the book's
/// style, in a document of only them — and returns the number of pages, or the errors, the first
/// naming the body and line that failed. Links are typeset as links to their addresses.
pub fn typeset_bodies(model: &Model, bodies: &[BodySource]) -> Result<usize, Vec<Diagnostic>> {
    let templates = model.root().join("handbook");
    let fonts = world::load_fonts(model.root(), &templates.join("fonts")).map_err(|e| {
        vec![Diagnostic::said(
            "handbook/fonts",
            crate::messages::files::cannot(crate::messages::files::Cannot::ReadFonts, e),
        )]
    })?;
    let covered =
        |c: char| super::ignorable(c) || fonts.iter().any(|f| f.info().coverage.contains(c as u32));
    let book = serde_json::to_vec(&super::view::build(model).handbook).map_err(|e| {
        vec![Diagnostic::said(
            "handbook",
            crate::messages::handbook::stage_failed(crate::messages::handbook::Stage::Data, e),
        )]
    })?;
    let trees: Vec<Value> = bodies
        .iter()
        .map(|b| {
            let tree = markdown_with_offsets(&b.body, &|d| Dest::Url(d.to_owned()));
            let mut v = serde_json::to_value(tree.iter().map(|(b, _)| b).collect::<Vec<_>>())
                .unwrap_or(Value::Null);
            super::replace_uncovered(&mut v, &covered);
            serde_json::json!({ "body": v })
        })
        .collect();
    let view = Value::Array(trees);
    let typeset = |v: &Value| -> Result<PagedDocument, Vec<SourceDiagnostic>> {
        let files = vec![
            (world::DATA_PATH.to_owned(), Bytes::new(book.clone())),
            (
                BODIES_PATH.to_owned(),
                Bytes::new(serde_json::to_vec(v).unwrap_or_default()),
            ),
            (PROBE_MAIN.to_owned(), Bytes::new(PROBE_SOURCE.as_bytes())),
        ];
        let world =
            HandbookWorld::new(&templates, fonts.clone(), files, None).with_main(PROBE_MAIN);
        typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|e| e.to_vec())
    };
    match typeset(&view) {
        Ok(doc) => Ok(doc.pages().len()),
        Err(errors) => {
            let files = vec![(world::DATA_PATH.to_owned(), Bytes::new(book.clone()))];
            let world = HandbookWorld::new(&templates, fonts.clone(), files, None);
            let mut diags = super::typst_errors(&templates, Some(&world), &errors);
            let mut fails = |v: &Value| typeset(v).is_err();
            if let Some(d) = blame(bodies, &view, &covered, &diags, &mut fails) {
                diags.insert(0, d);
            }
            Err(diags)
        }
    }
}

/// Virtual path of the bodies `typeset_bodies` typesets.
const BODIES_PATH: &str = "/data/bodies.json";
/// Virtual path of its document.
const PROBE_MAIN: &str = "/data/bodies.typ";
/// The document: the book's style, then each body as the templates show one.
const PROBE_SOURCE: &str = r#"#import "/style.typ": setup
#import "/markdown.typ": blocks
#show: setup
#for b in json("/data/bodies.json") { block(width: 100%, blocks(b.body)) }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_found_in_the_view_in_order() {
        let view = serde_json::json!({
            "foreword": {"title": "x", "body": [{"kind": "para", "content": [{"kind": "text", "text": "a"}]}]},
            "policies": [{"summary": []}, {"summary": [{"kind": "rule"}]}],
            "sectors": [{"enterprises": [{"body": [{"kind": "code", "text": "c"}], "name": "n"}]}],
            "index": [{"body": "not a body"}],
        });
        assert_eq!(
            body_pointers(&view),
            [
                "/foreword/body",
                "/policies/1/summary",
                "/sectors/0/enterprises/0/body"
            ]
        );
        assert_eq!(fingerprint(&view["foreword"]["body"]), "a\u{1f}");
    }

    #[test]
    fn bisection_finds_the_body_and_the_block() {
        let block =
            |t: &str| serde_json::json!({"kind": "para", "content": [{"kind": "text", "text": t}]});
        let view = serde_json::json!({
            "a": {"body": [block("1"), block("2")]},
            "b": {"body": [block("3"), block("BAD"), block("4")]},
            "c": {"body": [block("5")]},
        });
        let pointers = body_pointers(&view);
        let mut runs = 0;
        let mut fails = |v: &Value| {
            runs += 1;
            v.to_string().contains("BAD")
        };
        assert_eq!(bisect(&view, &pointers, &mut fails), Some((1, Some(1))));
        assert!(runs <= 2 + 2 + 2, "{runs} runs");
        // A failure that stays without any body is not the bodies' doing.
        assert_eq!(bisect(&view, &pointers, &mut |_| true), None);
        assert_eq!(bisect(&view, &pointers, &mut |_| false), None);
    }
}
