//! The two languages of the website: Vietnamese at `/`, English at `/en/`, same paths.

use serde::Serialize;

/// A language of the website.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese, the default, at `/`.
    Vi,
    /// English, at `/en/`.
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// BCP 47 code (`vi`, `en`), used in `lang`, `hreflang` and the translation files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Address prefix of the language's pages: `""` or `"/en"`.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Vi => "",
            Lang::En => "/en",
        }
    }

    /// OpenGraph locale.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Vi => "vi_VN",
            Lang::En => "en_US",
        }
    }

    /// The other language (the target of the language switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// `path` (site-relative, starting with `/`) in this language: `/en/doanh-nghiep/x/`.
    pub fn url(self, path: &str) -> String {
        format!("{}{}", self.prefix(), path)
    }

    /// The language and language-free path of a site-relative address.
    pub fn split(url: &str) -> (Lang, &str) {
        match url.strip_prefix("/en/") {
            Some(_) => (Lang::En, &url[3..]),
            None => (Lang::Vi, url),
        }
    }

    /// `Some("vi")` when a text in Vietnamese is shown on a page of this language (for a
    /// `lang` attribute), `None` when it is the page's own language.
    pub fn vi_mark(self, translated: bool) -> Option<&'static str> {
        (self == Lang::En && !translated).then_some("vi")
    }

    /// The English text when the page is English and there is one, else the Vietnamese text,
    /// with the `lang` mark of the Vietnamese text shown on an English page.
    pub fn pick<'a>(self, vi: &'a str, en: Option<&'a str>) -> (&'a str, Option<&'static str>) {
        match (self, en.filter(|s| !s.trim().is_empty())) {
            (Lang::En, Some(en)) => (en, None),
            (Lang::En, None) => (vi, Some("vi")),
            (Lang::Vi, _) => (vi, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_split() {
        assert_eq!(Lang::En.url("/doanh-nghiep/x/"), "/en/doanh-nghiep/x/");
        assert_eq!(Lang::Vi.url("/"), "/");
        assert_eq!(Lang::split("/en/tin-tuc/"), (Lang::En, "/tin-tuc/"));
        assert_eq!(Lang::split("/tin-tuc/"), (Lang::Vi, "/tin-tuc/"));
        assert_eq!(Lang::split("/en/"), (Lang::En, "/"));
        assert_eq!(Lang::En.pick("a", Some("b")), ("b", None));
        assert_eq!(Lang::En.pick("a", None), ("a", Some("vi")));
        assert_eq!(Lang::Vi.pick("a", Some("b")), ("a", None));
    }
}
