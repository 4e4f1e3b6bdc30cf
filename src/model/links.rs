//! The one resolver of the links written in content: `@/enterprises/x.md` links to content files
//! and site-relative addresses (`/chinh-sach/`), checked against the pages and files the site
//! really has ([`Model::addresses`]), after the URL policy ([`urls::classify`]). `cnht check`
//! reports what it refuses; the website and the handbook present what it resolves.

use super::urls::{self, UnsafeUrl, UrlKind};
use super::{Lang, Model, Section};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link<'a> {
    /// The page of a published record, from an `@/` link: its section, slug and language-free
    /// address, and what followed the file name (`#fragment` or `?query`, possibly empty).
    Record {
        /// The record's section.
        section: Section,
        /// The record's slug.
        slug: &'a str,
        /// Its page, language-free.
        path: &'a str,
        /// `#…` or `?…` as written after the file, or "".
        suffix: &'a str,
    },
    /// An address of this site (`/…`), as written.
    Site {
        /// Whether it is a page (in both languages) or a file.
        page: bool,
    },
    /// Another site, an e-mail address or a phone number, passed through as written.
    External,
    /// A fragment of the same page.
    Fragment,
    /// A file next to the page (a bundle's image), as written.
    Relative,
}

/// Why a link cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The URL policy refuses it.
    Unsafe(UnsafeUrl),
    /// `@/` names no published content file (the path under `content/`).
    NoContent(String),
    /// A site-relative address the site does not have (normalised: language-free, with `/`).
    NoAddress(String),
}

impl Model {
    /// Resolves a link or image destination as written in content.
    pub fn resolve<'a>(&'a self, dest: &'a str) -> Result<Link<'a>, LinkError> {
        match urls::classify(dest).map_err(LinkError::Unsafe)? {
            UrlKind::Content => {
                let written = dest.trim();
                let key = written.strip_prefix("@/").unwrap_or(written);
                let (file, suffix) = key.split_at(key.find(['#', '?']).unwrap_or(key.len()));
                match self.content_record(file) {
                    Some((section, slug, path)) => Ok(Link::Record {
                        section,
                        slug,
                        path,
                        suffix,
                    }),
                    None => Err(LinkError::NoContent(file.to_owned())),
                }
            }
            UrlKind::Site => {
                let normal = normalise(dest.trim());
                let page = !urls::is_file(&normal);
                if self.has_address(&normal) {
                    Ok(Link::Site { page })
                } else {
                    Err(LinkError::NoAddress(normal))
                }
            }
            UrlKind::Web | UrlKind::Mail | UrlKind::Phone => Ok(Link::External),
            UrlKind::Fragment => Ok(Link::Fragment),
            UrlKind::Relative => Ok(Link::Relative),
        }
    }
}

/// A site-relative address as the site stores it: without `#…`/`?…`, without the language
/// prefix, with the `/` of a page.
pub fn normalise(dest: &str) -> String {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let path = if path == Lang::En.prefix() {
        "/en/"
    } else {
        path
    };
    let (_, path) = Lang::split(path);
    if path.ends_with('/') || urls::is_file(path) {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses_are_normalised() {
        assert_eq!(normalise("/doanh-nghiep"), "/doanh-nghiep/");
        assert_eq!(normalise("/en/tim-kiem/?q=khuon"), "/tim-kiem/");
        assert_eq!(normalise("/doanh-nghiep.csv#x"), "/doanh-nghiep.csv");
        assert_eq!(normalise("/en"), "/");
    }
}
