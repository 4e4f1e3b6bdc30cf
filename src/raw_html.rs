//! Raw HTML in Markdown bodies, when `site.toml` allows it (`allow_raw_html = true`): never
//! trusted. `cnht check` reports every address in it that the URL policy refuses
//! ([`unsafe_urls`], read by the HTML5 tokenizer the way a browser reads it, character references
//! decoded), and the website passes the body through the HTML sanitiser ammonia ([`sanitize`]),
//! which keeps only harmless elements and attributes and applies the same URL policy.

use crate::model::urls::{self, UnsafeUrl};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Attributes that hold an address a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "cite",
    "data",
    "poster",
    "background",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "archive",
    "usemap",
    "icon",
    "xlink:href",
];

/// One address found in raw HTML: the attribute and its value as the browser reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlUrl {
    /// The element, lower case.
    pub element: String,
    /// The attribute, lower case.
    pub attribute: String,
    /// The address (one candidate of a `srcset`).
    pub value: String,
}

struct Collect(RefCell<Vec<HtmlUrl>>);

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                for attr in &tag.attrs {
                    let name = match &attr.name.prefix {
                        Some(p) => format!("{p}:{}", attr.name.local),
                        None => attr.name.local.to_string(),
                    };
                    if !URL_ATTRIBUTES.contains(&name.as_str()) {
                        continue;
                    }
                    let values: Vec<&str> = if name == "srcset" {
                        attr.value
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .collect()
                    } else {
                        vec![&attr.value]
                    };
                    self.0
                        .borrow_mut()
                        .extend(values.into_iter().map(|v| HtmlUrl {
                            element: tag.name.to_string(),
                            attribute: name.clone(),
                            value: v.to_owned(),
                        }));
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Every address in the attributes of `html`.
pub fn urls(html: &str) -> Vec<HtmlUrl> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// The addresses in `html` that the URL policy refuses, with the reason.
pub fn unsafe_urls(html: &str) -> Vec<(HtmlUrl, UnsafeUrl)> {
    urls(html)
        .into_iter()
        .filter_map(|u| urls::classify(&u.value).err().map(|e| (u, e)))
        .collect()
}

/// `html` (a rendered body with raw HTML) cleaned by the sanitiser: scripts, styles, event
/// handlers and unknown elements removed; every address that the URL policy refuses removed; the
/// others rewritten by `resolve` like the body's Markdown links (`@/` links, language prefixes).
pub fn sanitize(html: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    // The sanitiser's callback must own its data: the rewrites are worked out beforehand.
    let rewrites: HashMap<String, String> = urls(html)
        .into_iter()
        .filter_map(|u| resolve(&u.value).map(|to| (u.value, to)))
        .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        // What the Markdown renderer writes itself: classes of code blocks and footnotes, the
        // footnotes' ids, table alignment.
        .add_generic_attributes(["class", "id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .attribute_filter(move |_element, attribute, value| {
            if !URL_ATTRIBUTES.contains(&attribute) {
                return Some(Cow::Borrowed(value));
            }
            if urls::classify(value).is_err() {
                return None;
            }
            Some(match rewrites.get(value) {
                Some(to) => Cow::Owned(to.clone()),
                None => Cow::Borrowed(value),
            })
        });
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_as_the_browser_reads_them() {
        let found = urls(
            r#"<a href="&#106;avascript:alert(1)">x</a><img src=" /a.png" srcset="b.png 2x, c.png 3x">"#,
        );
        let values: Vec<&str> = found.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(values, ["javascript:alert(1)", " /a.png", "b.png", "c.png"]);
        let bad = unsafe_urls(r#"<a href="java&#x09;script:x">x</a> <a href="/ok/">y</a>"#);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0.attribute, "href");
    }

    #[test]
    fn the_sanitiser_keeps_safe_html_and_rewrites_links() {
        let html = r#"<p><a href="/doanh-nghiep/">a</a> <a href="javascript:alert(1)">b</a><script>alert(1)</script><img src="x.png" onerror="alert(1)"></p>"#;
        let out = sanitize(html, &|d| {
            (d == "/doanh-nghiep/").then(|| "/en/doanh-nghiep/".into())
        });
        assert!(
            out.contains(r#"<a href="/en/doanh-nghiep/">a</a>"#),
            "{out}"
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(out.contains(r#"<img src="x.png">"#), "{out}");
    }
}
