//! Text written in Vietnamese with an optional English version, and the one rule for choosing
//! between them: an English page shows the English text when there is one (not blank), else the
//! Vietnamese text, and says that it fell back (so the page can mark it `lang="vi"`).

use super::{Lang, Origin};
use serde::Serialize;

/// What [`Text::pick`] and its kin chose for a page.
#[derive(Debug, PartialEq, Eq)]
pub struct Picked<'a, T: ?Sized> {
    /// The text to show.
    pub text: &'a T,
    /// True when the page is English and the text is the Vietnamese one.
    pub fell_back: bool,
}

impl<T: ?Sized> Clone for Picked<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Picked<'_, T> {}

impl<'a, T: ?Sized> Picked<'a, T> {
    /// `Some("vi")` when a Vietnamese text is shown on an English page (for a `lang` attribute).
    pub fn lang_mark(&self) -> Option<&'static str> {
        self.fell_back.then_some("vi")
    }
}

/// `Some(s)` unless `s` is blank.
fn filled(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// A text that always has a Vietnamese version (a name, a title).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Text {
    /// The Vietnamese text.
    pub vi: String,
    /// The English text, if written.
    pub en: Option<String>,
}

impl Text {
    /// A text from its two versions (a blank English text counts as none).
    pub fn new(vi: impl Into<String>, en: Option<String>) -> Text {
        Text {
            vi: vi.into(),
            en: en.filter(|s| !s.trim().is_empty()),
        }
    }

    /// The English text, if there is one that is not blank.
    pub fn en(&self) -> Option<&str> {
        filled(&self.en)
    }

    /// The text for a page in `lang`.
    pub fn pick(&self, lang: Lang) -> Picked<'_, str> {
        match (lang, self.en()) {
            (Lang::En, Some(en)) => Picked {
                text: en,
                fell_back: false,
            },
            (lang, _) => Picked {
                text: &self.vi,
                fell_back: lang == Lang::En,
            },
        }
    }

    /// The text in the other language, for a secondary line under the one `pick` chose: the
    /// English text on a Vietnamese page, the Vietnamese text on an English page that shows the
    /// English one; with the language it is in.
    pub fn other(&self, lang: Lang) -> (Option<&str>, Lang) {
        match lang {
            Lang::Vi => (self.en(), Lang::En),
            Lang::En => (self.en().map(|_| self.vi.as_str()), Lang::Vi),
        }
    }
}

/// A text that may be missing in either language (a summary, a description).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MaybeText {
    /// The Vietnamese text, if written.
    pub vi: Option<String>,
    /// The English text, if written.
    pub en: Option<String>,
}

impl MaybeText {
    /// A text from its two versions (blank versions count as none).
    pub fn new(vi: Option<String>, en: Option<String>) -> MaybeText {
        MaybeText {
            vi: vi.filter(|s| !s.trim().is_empty()),
            en: en.filter(|s| !s.trim().is_empty()),
        }
    }

    /// The Vietnamese text, if there is one that is not blank.
    pub fn vi(&self) -> Option<&str> {
        filled(&self.vi)
    }

    /// The English text, if there is one that is not blank.
    pub fn en(&self) -> Option<&str> {
        filled(&self.en)
    }

    /// The text for a page in `lang`, when there is one to show.
    pub fn pick(&self, lang: Lang) -> Option<Picked<'_, str>> {
        match (lang, self.en()) {
            (Lang::En, Some(en)) => Some(Picked {
                text: en,
                fell_back: false,
            }),
            (lang, _) => self.vi().map(|vi| Picked {
                text: vi,
                fell_back: lang == Lang::En,
            }),
        }
    }
}

impl MaybeText {
    /// The text in the other language, for a secondary line: the English text on a Vietnamese
    /// page, the Vietnamese text on an English page that shows the English one.
    pub fn other(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Vi => self.en(),
            Lang::En => self.en().and(self.vi()),
        }
    }
}

/// A list of short texts (products, objectives) in Vietnamese with an optional English list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextList {
    /// The Vietnamese items.
    pub vi: Vec<String>,
    /// The English items (empty when not translated).
    pub en: Vec<String>,
}

impl TextList {
    /// The list for a page in `lang`: the English list on English pages when there is one.
    pub fn pick(&self, lang: Lang) -> Picked<'_, [String]> {
        match lang {
            Lang::En if !self.en.is_empty() => Picked {
                text: &self.en,
                fell_back: false,
            },
            lang => Picked {
                text: &self.vi,
                fell_back: lang == Lang::En,
            },
        }
    }

    /// The list in the other language, for a secondary line (empty when there is none).
    pub fn other(&self, lang: Lang) -> (&[String], Lang) {
        match lang {
            Lang::Vi => (&self.en, Lang::En),
            Lang::En if self.en.is_empty() => (&[], Lang::Vi),
            Lang::En => (&self.vi, Lang::Vi),
        }
    }
}

/// The line that ends a body's Vietnamese Markdown and starts its English translation, in every
/// kind of content file (enterprises, policies, market notes and news, pages). Alone on its line;
/// an HTML comment, so it shows nowhere if a body is ever read without splitting it.
pub const ENGLISH_SEPARATOR: &str = "<!-- English -->";

/// The English translation of a Markdown body: what follows [`ENGLISH_SEPARATOR`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EnglishBody {
    /// The translation, Markdown.
    pub markdown: String,
    /// Where it comes from: the file of the record, with `body_offset` at the translation's
    /// first byte, so checks of its links point at the right line.
    #[serde(skip)]
    pub origin: Origin,
}

/// Splits a body at its first [`ENGLISH_SEPARATOR`] line: the Vietnamese Markdown and, when the
/// separator is there and something other than blank lines follows it, the English Markdown and
/// the byte offset (in `body`) where it starts.
pub fn split_english(body: &str) -> (&str, Option<(usize, &str)>) {
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if line.trim() == ENGLISH_SEPARATOR {
            let start = at + line.len();
            let en = &body[start..];
            let lead = en.len() - en.trim_start_matches(['\n', '\r', ' ', '\t']).len();
            let en = &en[lead..];
            return (
                &body[..at],
                (!en.trim().is_empty()).then_some((start + lead, en)),
            );
        }
        at += line.len();
    }
    (body, None)
}

/// THE rule for a Markdown body and its translation: what a page in `lang` shows — the English
/// translation on English pages when there is one, else the Vietnamese Markdown `vi`, with
/// `Some("vi")` when that is shown on an English page.
pub fn markdown_for<'a>(
    lang: Lang,
    vi: &'a str,
    english: Option<&'a EnglishBody>,
) -> (&'a str, Option<&'static str>) {
    match (lang, english) {
        (Lang::En, Some(en)) => (&en.markdown, None),
        _ => (vi, lang.vi_mark(false)),
    }
}

/// A Markdown body written in Vietnamese, with an optional English translation of the whole
/// body ([`EnglishBody`]) and an optional plain English summary (`summary_en`,
/// `description_en`). English pages show the translation, else the summary, else the Vietnamese
/// body marked as such.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Body {
    /// The body, Markdown, Vietnamese.
    pub markdown: String,
    /// The English summary, plain text.
    pub en: Option<String>,
    /// The English translation of the body, Markdown.
    pub english: Option<EnglishBody>,
}

impl Body {
    /// A body from its Markdown and its English summary (a blank summary counts as none).
    pub fn new(markdown: String, en: Option<String>) -> Body {
        Body {
            markdown,
            en: en.filter(|s| !s.trim().is_empty()),
            english: None,
        }
    }

    /// The same body with its English translation.
    pub fn with_english(self, english: Option<EnglishBody>) -> Body {
        Body { english, ..self }
    }

    /// The English summary, if there is one that is not blank.
    pub fn en(&self) -> Option<&str> {
        filled(&self.en)
    }

    /// The Markdown a page in `lang` shows: the English translation on English pages when there
    /// is one, else the Vietnamese body, with `Some("vi")` when that is shown on an English page.
    pub fn markdown_for(&self, lang: Lang) -> (&str, Option<&'static str>) {
        markdown_for(lang, &self.markdown, self.english.as_ref())
    }

    /// Whether a page in `lang` shows the body's Markdown ([`Body::markdown_for`]): always on
    /// Vietnamese pages; on English pages when there is a translation, or no English summary to
    /// show in its place.
    pub fn shows_markdown(&self, lang: Lang) -> bool {
        let (markdown, vi) = self.markdown_for(lang);
        !markdown.trim().is_empty() && (vi.is_none() || self.en().is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_pages_fall_back_to_vietnamese() {
        let t = Text::new("Nghị định", Some("Decree".into()));
        assert_eq!(t.pick(Lang::En).text, "Decree");
        assert!(!t.pick(Lang::En).fell_back);
        assert_eq!(t.pick(Lang::Vi).text, "Nghị định");
        assert_eq!(t.pick(Lang::Vi).lang_mark(), None);
        let blank = Text {
            vi: "Nghị định".into(),
            en: Some("  ".into()),
        };
        assert_eq!(blank.pick(Lang::En).text, "Nghị định");
        assert_eq!(blank.pick(Lang::En).lang_mark(), Some("vi"));
        assert_eq!(t.other(Lang::Vi), (Some("Decree"), Lang::En));
        assert_eq!(t.other(Lang::En), (Some("Nghị định"), Lang::Vi));
        assert_eq!(blank.other(Lang::En), (None, Lang::Vi));
    }

    #[test]
    fn bodies_split_at_the_english_line() {
        let text = "Văn bản.\n\n<!-- English -->\n\nThe text.\n";
        let (vi, en) = split_english(text);
        assert_eq!(vi, "Văn bản.\n\n");
        let (at, en) = en.unwrap();
        assert_eq!(en, "The text.\n");
        assert_eq!(&text[at..], en);
        assert_eq!(
            split_english("Chỉ tiếng Việt.\n"),
            ("Chỉ tiếng Việt.\n", None)
        );
        assert_eq!(split_english("A\n <!-- English --> \n\n"), ("A\n", None));
        // Only a line of its own separates.
        let inline = "Xem <!-- English --> ở đây.\n";
        assert_eq!(split_english(inline), (inline, None));

        let body = Body::new("Văn bản.".into(), Some("Summary.".into()));
        assert_eq!(body.markdown_for(Lang::En), ("Văn bản.", Some("vi")));
        assert!(!body.shows_markdown(Lang::En), "the summary stands in");
        let body = body.with_english(Some(EnglishBody {
            markdown: "The text.".into(),
            origin: Origin::default(),
        }));
        assert_eq!(body.markdown_for(Lang::En), ("The text.", None));
        assert_eq!(body.markdown_for(Lang::Vi), ("Văn bản.", None));
        assert!(body.shows_markdown(Lang::En));
    }

    #[test]
    fn optional_texts_and_lists() {
        let only_en = MaybeText::new(None, Some("Summary".into()));
        assert_eq!(only_en.pick(Lang::En).map(|p| p.text), Some("Summary"));
        assert!(only_en.pick(Lang::Vi).is_none());
        let list = TextList {
            vi: vec!["Khuôn".into()],
            en: Vec::new(),
        };
        assert_eq!(list.pick(Lang::En).text, ["Khuôn"]);
        assert!(list.pick(Lang::En).fell_back);
        assert!(list.other(Lang::En).0.is_empty());
    }
}
