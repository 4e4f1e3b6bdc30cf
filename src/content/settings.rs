//! `content/site.toml`: the site's texts, the department's contact, the programme's targets, the
//! sectors and the printed edition, each read by a step of its own.

use super::data::top;
use super::fields::{At, Fields};
use super::source::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::messages::{check, Lang};
use crate::model::{
    urls, Contact, HandbookEdition, MaybeText, Sector, SiteConfig, Targets, Text, DESCRIPTION_WORDS,
};
use std::ops::Range;

/// The language of the command line before it is parsed (for its help and its answer to a
/// mistyped command): `--lang` if given, else the site's (`--root`, else the current folder),
/// else Vietnamese, as the command line decides once it is parsed.
pub fn message_lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let value = |name: &str| {
        args.iter().enumerate().find_map(|(i, a)| {
            let a = a.to_str()?;
            match a.strip_prefix(name) {
                Some("") => args.get(i + 1).and_then(|v| v.to_str()).map(str::to_owned),
                Some(rest) => rest.strip_prefix('=').map(str::to_owned),
                None => None,
            }
        })
    };
    if let Some(lang) = value("--lang").as_deref().and_then(Lang::parse) {
        return lang;
    }
    let root = value("--root").unwrap_or_else(|| ".".into());
    message_lang(std::path::Path::new(&root)).unwrap_or(Lang::Vi)
}

/// The language of cnht's messages to editors that `content/site.toml` asks for (`lang`), read
/// before anything else is loaded; `None` when it says nothing readable. Read as the loader reads
/// it: not through a link out of the site, only a plain file, at most `MAX_FILE_BYTES`.
pub fn message_lang(root: &std::path::Path) -> Option<Lang> {
    let path = root.join("content/site.toml");
    super::source::Boundary::new(root).check(&path).ok()?;
    if !path.is_file() {
        return None;
    }
    let text = super::source::read(root, &path).ok()?.text;
    let (table, _) = toml::de::DeTable::parse_recoverable(&text);
    match table.get_ref().get("lang")?.get_ref() {
        toml::de::DeValue::String(s) => Lang::parse(s),
        _ => None,
    }
}

fn val<T>(v: Option<At<T>>) -> Option<T> {
    v.map(|a| a.value)
}

const SITE_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "description",
    "description_en",
    "base_url",
    "per_page",
    "sample_data",
    "sample_notice",
    "sample_notice_en",
    "allow_raw_html",
    "lang",
    "contact",
    "targets",
    "sectors",
    "handbook",
];

const CONTACT_FIELDS: &[&str] = &[
    "organisation",
    "organisation_en",
    "address",
    "phone",
    "email",
    "website",
    "sample",
];

const TARGET_FIELDS: &[&str] = &[
    "year",
    "enterprises",
    "international_standard",
    "production_share_percent",
    "growth_index_percent",
];

const SECTOR_FIELDS: &[&str] = &["key", "name", "name_en", "description", "description_en"];

const HANDBOOK_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "year",
    "publisher",
    "trim_width_mm",
    "trim_height_mm",
    "bleed_mm",
    "foreword",
    "edition_date",
    "description_words",
    "print",
    "imprint",
];

/// Settings read from `site.toml` that are not part of the public `SiteConfig`.
pub struct SiteExtras {
    /// Whether raw HTML in Markdown is passed through (sanitised).
    pub allow_raw_html: bool,
    /// Span of each sector key, for duplicate checks.
    pub sector_spans: Vec<Range<usize>>,
    /// Span of `handbook.foreword`.
    pub foreword_span: Range<usize>,
}

/// Reads `content/site.toml`.
pub fn site(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<(SiteConfig, SiteExtras)> {
    let table = top(src, diags)?;
    let span = table.span();
    let mut f = Fields::new(&src.rel, 0, table.get_ref(), span, SITE_FIELDS, "", diags);
    let title = f.req_str("title", "the site title in Vietnamese");
    let title_en = val(f.opt_str("title_en"));
    let description = MaybeText::new(
        val(f.opt_str("description")),
        val(f.opt_str("description_en")),
    );
    let base_url = base_url(&mut f);
    let per_page = val(f.opt_int("per_page", 1..=500)).unwrap_or(24) as usize;
    let sample_data = f.opt_bool("sample_data").unwrap_or(false);
    let sample_notice = MaybeText::new(
        val(f.opt_str("sample_notice")),
        val(f.opt_str("sample_notice_en")),
    );
    let allow_raw_html = f.opt_bool("allow_raw_html").unwrap_or(false);
    if let Some(lang) = f.opt_str("lang") {
        if Lang::parse(&lang.value).is_none() {
            f.said_at("lang", lang.span, check::not_a_lang(&lang.value));
        }
    }
    let contact = f
        .sub("contact", CONTACT_FIELDS, contact)
        .unwrap_or_default();
    let targets = f.sub("targets", TARGET_FIELDS, targets).unwrap_or_default();
    let (sectors, sector_spans) = sectors(&mut f);
    let (handbook, foreword_span) = match f.sub("handbook", HANDBOOK_FIELDS, edition) {
        Some(read) => read,
        None => (default_edition(&title, &targets, &contact), 0..0),
    };
    let config = SiteConfig {
        title: Text::new(title?.value, title_en),
        description,
        base_url: base_url?,
        per_page,
        sample_data,
        sample_notice,
        contact,
        targets,
        sectors,
        handbook,
    };
    Some((
        config,
        SiteExtras {
            allow_raw_html,
            sector_spans,
            foreword_span,
        },
    ))
}

/// `base_url`, without its trailing slash; it must be a web address.
fn base_url(f: &mut Fields) -> Option<String> {
    let u = f.req_str(
        "base_url",
        "the public address of the site, e.g. \"https://congnghiephotro.hanoi.gov.vn\"",
    )?;
    if !(u.value.starts_with("https://") || u.value.starts_with("http://")) {
        f.said_at("base_url", u.span.clone(), check::base_url_scheme());
    }
    Some(u.value.trim_end_matches('/').to_owned())
}

/// The `[contact]` table; its website and e-mail follow the URL policy.
fn contact(c: &mut Fields) -> Contact {
    let website = c.opt_checked("website", urls::check_web, None);
    let email = c.opt_checked("email", urls::check_email, None);
    Contact {
        organisation: MaybeText::new(
            val(c.opt_str("organisation")),
            val(c.opt_str("organisation_en")),
        ),
        address: val(c.opt_str("address")),
        phone: c.opt_checked("phone", urls::check_phone, None),
        email,
        website,
        sample: c.sample(false),
    }
}

/// The `[targets]` table.
fn targets(t: &mut Fields) -> Targets {
    Targets {
        year: val(t.opt_int("year", 1990..=2100)),
        enterprises: val(t.opt_int("enterprises", 0..=10_000_000)),
        international_standard: val(t.opt_int("international_standard", 0..=10_000_000)),
        production_share_percent: val(t.opt_float("production_share_percent")),
        growth_index_percent: val(t.opt_float("growth_index_percent")),
    }
}

/// The `[[sectors]]` tables, with the span of each key; at least one is required.
fn sectors(f: &mut Fields) -> (Vec<Sector>, Vec<Range<usize>>) {
    let mut spans = Vec::new();
    let sectors: Vec<Sector> = f
        .each("sectors", SECTOR_FIELDS, |s| {
            let key = s.req_str("key", "a short ASCII key such as \"linh-kien-phu-tung\"");
            if let Some(k) = &key {
                if crate::text::slugify(&k.value) != k.value {
                    let good = crate::text::slugify(&k.value);
                    s.said_at("key", k.span.clone(), check::not_a_slug(&k.value, &good));
                }
            }
            let name = s.req_str("name", "the sector name in Vietnamese");
            let name_en = val(s.opt_str("name_en"));
            let description = MaybeText::new(
                val(s.opt_str("description")),
                val(s.opt_str("description_en")),
            );
            let key = key?;
            spans.push(key.span.clone());
            Some(Sector {
                key: key.value,
                name: Text::new(name?.value, name_en),
                description,
            })
        })
        .into_iter()
        .flatten()
        .collect();
    let reported = f
        .diags
        .iter()
        .any(|d| d.field.as_deref().is_some_and(|x| x.starts_with("sectors")));
    if sectors.is_empty() && !reported {
        f.missing(
            "sectors",
            "at least one [[sectors]] table with key and name",
        );
    }
    (sectors, spans)
}

/// The `[handbook]` table, with the span of its foreword.
fn edition(h: &mut Fields) -> (HandbookEdition, Range<usize>) {
    let title = h.req_str("title", "the title printed on the cover");
    let title_en = val(h.opt_str("title_en"));
    let year = h.opt_int("year", 1990..=2100);
    let publisher = val(h.opt_str("publisher"));
    let w = val(h.opt_float("trim_width_mm")).unwrap_or(148.0);
    let ht = val(h.opt_float("trim_height_mm")).unwrap_or(210.0);
    let bleed = val(h.opt_float("bleed_mm")).unwrap_or(3.0);
    let foreword = h.opt_str("foreword");
    let foreword_span = foreword.as_ref().map_or(0..0, |fw| fw.span.clone());
    let edition_date = h.opt_date("edition_date").map(|d| d.value);
    let description_words = h.opt_int("description_words", 20..=100_000);
    let print = super::print_settings::read_print(h);
    let imprint = super::print_settings::read_imprint(h);
    for (key, v, lo, hi) in [
        ("trim_width_mm", w, 50.0, 500.0),
        ("trim_height_mm", ht, 50.0, 500.0),
        ("bleed_mm", bleed, 0.0, 10.0),
    ] {
        if !(lo..=hi).contains(&v) {
            let span = h.table_span();
            let said = check::outside(&v.to_string(), &lo.to_string(), &hi.to_string(), " mm");
            h.said_at(key, span, said);
        }
    }
    let year = val(year).unwrap_or(2020);
    let edition = HandbookEdition {
        title: Text::new(title.map(|t| t.value).unwrap_or_default(), title_en),
        year,
        publisher,
        trim_width_mm: w,
        trim_height_mm: ht,
        bleed_mm: bleed,
        foreword: val(foreword),
        edition_date: edition_date.unwrap_or_else(|| year_end(year)),
        description_words: val(description_words)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(DESCRIPTION_WORDS),
        print,
        imprint,
    };
    (edition, foreword_span)
}

/// The edition of a site without a `[handbook]` table: the site's title, the targets' year, the
/// department as publisher, A5 with 3 mm bleed.
fn default_edition(
    title: &Option<At<String>>,
    targets: &Targets,
    contact: &Contact,
) -> HandbookEdition {
    let year = targets.year.unwrap_or(2020);
    HandbookEdition {
        title: Text::new(
            title.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
            None,
        ),
        year,
        publisher: contact.organisation.vi.clone(),
        trim_width_mm: 148.0,
        trim_height_mm: 210.0,
        bleed_mm: 3.0,
        foreword: None,
        edition_date: year_end(year),
        description_words: DESCRIPTION_WORDS,
        print: Default::default(),
        imprint: Default::default(),
    }
}

/// 31 December of `year`, the default edition date.
fn year_end(year: i64) -> chrono::NaiveDate {
    let year = i32::try_from(year).unwrap_or(2020);
    chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()
}
