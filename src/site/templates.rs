//! The theme's Tera templates, compiled once, with the site's filters and the translation function.

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::messages::render as said;
use crate::model::{vocab, Lang};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use tera::{Tera, Value};
use walkdir::WalkDir;

/// The interface strings of `theme/i18n/<lang>.toml` and the names of the model's vocabularies
/// (`model::vocab`, the label table the handbook reads too), for the templates (`t()`) and for
/// the few strings the renderer composes itself (listing titles).
#[derive(Debug, Clone, Default)]
pub struct Strings(Arc<HashMap<String, HashMap<String, String>>>);

impl Strings {
    /// The string `key` in `lang`, else in Vietnamese, else `None`.
    pub fn opt(&self, lang: Lang, key: &str) -> Option<&str> {
        self.0
            .get(lang.code())
            .and_then(|m| m.get(key))
            .or_else(|| self.0.get("vi").and_then(|m| m.get(key)))
            .map(String::as_str)
    }

    /// The string `key` in `lang` (falling back to Vietnamese, then to the key itself).
    pub fn get(&self, lang: Lang, key: &str) -> String {
        self.opt(lang, key).unwrap_or(key).to_owned()
    }
}

/// Loads every template under `theme/templates` and the strings of `theme/i18n/<lang>.toml`.
pub fn load(root: &Path, theme: &Path) -> Result<Tera, Vec<Diagnostic>> {
    load_with_strings(root, theme).map(|(tera, _)| tera)
}

/// Like [`load`], also returning the interface strings.
pub fn load_with_strings(root: &Path, theme: &Path) -> Result<(Tera, Strings), Vec<Diagnostic>> {
    let dir = theme.join("templates");
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    if !dir.is_dir() {
        return Err(vec![Diagnostic::said(rel(&dir), said::no_templates())]);
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if entry.file_type().is_file() {
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            files.push((entry.path().to_path_buf(), name));
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|(p, name)| {
            Ok((
                name.clone(),
                std::fs::read_to_string(p)
                    .map_err(|e| Diagnostic::said(rel(p), cannot(Cannot::ReadTemplate, e)))?,
            ))
        })
        .collect::<Result<_, Diagnostic>>()
        .map_err(|d| vec![d])?;
    if let Err(e) = tera.add_raw_templates(sources.clone()) {
        return Err(vec![template_error(&rel(&dir), &sources, &chain(&e))]);
    }
    let mut strings = HashMap::new();
    for lang in Lang::ALL {
        let path = theme.join("i18n").join(format!("{}.toml", lang.code()));
        if let Ok(text) = std::fs::read_to_string(&path) {
            let mut table: HashMap<String, String> = toml::from_str(&text).map_err(|e| {
                vec![
                    Diagnostic::said(rel(&path), said::translation_invalid(e.message()))
                        .at(e.span().unwrap_or(0..0)),
                ]
            })?;
            // A vocabulary's names are written once, in the model: a theme cannot rename them
            // for the website alone (the printed handbook would then disagree).
            for (key, name) in vocab::labels(lang) {
                if table.contains_key(key) {
                    let at = text.find(&format!("\n{key}")).map_or(0, |i| i + 1);
                    return Err(vec![Diagnostic::said(
                        rel(&path),
                        said::vocabulary_renamed(key),
                    )
                    .at(at..at + key.len())]);
                }
                table.insert(key.to_owned(), name.to_owned());
            }
            strings.insert(lang.code().to_owned(), table);
        }
    }
    if !strings.contains_key("vi") {
        return Err(vec![Diagnostic::said(
            rel(&theme.join("i18n/vi.toml")),
            said::no_vietnamese_strings(),
        )]);
    }
    let strings = Strings(Arc::new(strings));
    tera.register_function(
        "t",
        Translate {
            strings: strings.0.clone(),
        },
    );
    tera.register_filter("vidate", vidate);
    tera.register_filter("thousands", thousands);
    Ok((tera, strings))
}

/// HTML/XML escaping of the five significant characters. Tera's default also escapes `/`, which
/// turns every URL into `https:&#x2F;&#x2F;…` and makes the output needlessly unreadable.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Points a Tera compile error at its template file and line (Tera names them in the message:
/// "Failed to parse 'macros.html': --> 139:22").
fn template_error(dir: &Path, sources: &[(String, String)], message: &str) -> Diagnostic {
    let name = message
        .split("'")
        .nth(1)
        .filter(|n| sources.iter().any(|(s, _)| s == n));
    let Some(name) = name else {
        return Diagnostic::said(dir, said::template_invalid(message, false));
    };
    let text = &sources
        .iter()
        .find(|(s, _)| s == name)
        .expect("checked above")
        .1;
    let mut d = Diagnostic::said(
        dir.join(name),
        said::template_invalid(message.rsplit("= ").next().unwrap_or(message).trim(), true),
    );
    let place = message.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    if let Some((line, col)) = place {
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let offset = text[start..]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| start + i)
            .unwrap_or(start);
        d = d.at(offset..offset + 1);
    }
    d
}

/// The full message of a Tera error with its causes (the first line alone rarely says what broke).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// `t(key="…", lang="vi")`: an interface string from the theme's translation files.
struct Translate {
    strings: Arc<HashMap<String, HashMap<String, String>>>,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or("t() needs key=\"…\"")?;
        let lang = args.get("lang").and_then(Value::as_str).unwrap_or("vi");
        let found = self
            .strings
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.strings.get("vi").and_then(|m| m.get(key)))
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "the interface string `{key}` is missing from themes/cnht/i18n/{lang}.toml"
                ))
            })?;
        Ok(Value::String(found.clone()))
    }
    fn is_safe(&self) -> bool {
        false
    }
}

fn lang_arg(args: &HashMap<String, Value>) -> &str {
    args.get("lang").and_then(Value::as_str).unwrap_or("vi")
}

/// `"2020-05-05" | vidate` → `05/05/2020` (Vietnamese day/month/year);
/// `| vidate(lang="en")` → `5 May 2020`. A date known only to the month (`"2021-03"`) stays one:
/// `03/2021`, `March 2021`.
fn vidate(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = value.as_str().ok_or("vidate expects a date string")?;
    let en = lang_arg(args) == "en";
    let Some(d) = crate::model::DocDate::parse(s) else {
        return Ok(value.clone());
    };
    let format = match (en, d.is_month_only()) {
        (true, false) => "%-d %B %Y",
        (true, true) => "%B %Y",
        (false, false) => "%d/%m/%Y",
        (false, true) => "%m/%Y",
    };
    Ok(Value::String(d.first_day().format(format).to_string()))
}

/// `1234 | thousands` → `1.234` (Vietnamese digit grouping); `| thousands(lang="en")` → `1,234`.
fn thousands(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let sep = if lang_arg(args) == "en" { ',' } else { '.' };
    let n = value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.round() as i64))
        .ok_or("thousands expects a number")?;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    Ok(Value::String(out))
}
