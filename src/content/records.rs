//! Typing the Markdown records (enterprises, policies, articles, pages) from their front matter.
//! Per-file checks live here; checks across files live in `validate`.

use super::fields::{At, Fields};
use super::source::{split_front_matter, SourceFile};
use super::syntax::parse_toml_recovering;
use crate::diagnostics::Diagnostic;
use crate::messages::check;
use crate::model::{
    urls, Article, ArticleKind, Body, EnglishBody, Enterprise, EnterpriseContact, MaybeText,
    Origin, Page, Policy, PolicyScope, Section, Text, TextList, Vocabularies,
};
use crate::taxcode;
use std::path::{Component, Path, PathBuf};

/// One parsed record of any kind.
#[derive(Debug, Clone)]
pub enum Record {
    /// An enterprise.
    Enterprise(Box<Enterprise>),
    /// A policy.
    Policy(Box<Policy>),
    /// A news item or market note.
    Article(Box<Article>),
    /// A free page.
    Page(Box<Page>),
}

/// Fields of an enterprise's front matter.
pub const ENTERPRISE_FIELDS: &[&str] = &[
    "name",
    "name_en",
    "tax_code",
    "sector",
    "district",
    "industrial_park",
    "address",
    "founded",
    "employees",
    "products",
    "products_en",
    "product_groups",
    "processes",
    "certifications",
    "customers",
    "export_markets",
    "capability",
    "logo",
    "contact",
    "description_en",
    "sample",
    "draft",
    "updated",
];
/// Fields of an enterprise's `[contact]` table.
pub const CONTACT_FIELDS: &[&str] = &["phone", "email", "website", "person"];
/// Fields of a policy's front matter.
pub const POLICY_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "number",
    "kind",
    "issuer",
    "signer",
    "scope",
    "issued",
    "effective",
    "status",
    "status_source",
    "status_checked",
    "status_since",
    "amends",
    "amended_by",
    "replaces",
    "replaced_by",
    "source_url",
    "summary_en",
    "sample",
    "draft",
    "updated",
];
/// Fields of a news item's or market note's front matter.
pub const ARTICLE_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "date",
    "summary",
    "summary_en",
    "tags",
    "image",
    "source",
    "source_checked",
    "sample",
    "draft",
    "updated",
];

/// Fields of a free page's front matter.
pub const PAGE_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "weight",
    "menu",
    "summary_en",
    "source",
    "source_checked",
    "sample",
    "draft",
    "updated",
];

/// Parses one Markdown file of `kind`. `slug` comes from the file or bundle folder name;
/// enterprises without a `sample` field are samples when `samples_by_default` (`sample_data`).
pub fn parse(
    kind: Section,
    src: &SourceFile,
    slug: &str,
    vocab: &Vocabularies,
    samples_by_default: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Record> {
    let split = match split_front_matter(&src.rel, &src.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut spare = None;
    let (table, broken) =
        parse_toml_recovering(&src.rel, split.front, split.front_offset, diags, &mut spare)?;
    let first = diags.len();
    let span = split.front_offset + table.span().start..split.front_offset + table.span().end;
    let allowed = match kind {
        Section::Enterprise => ENTERPRISE_FIELDS,
        Section::Policy => POLICY_FIELDS,
        Section::Market | Section::News => ARTICLE_FIELDS,
        Section::Page => PAGE_FIELDS,
    };
    let mut f = Fields::new(
        &src.rel,
        split.front_offset,
        table.get_ref(),
        span,
        allowed,
        "",
        diags,
    );
    let dir = src.abs.parent().unwrap_or(Path::new("")).to_path_buf();
    let text = crate::text::nfc(split.body);
    // A body saved in NFD is kept as written, for placing what is found in it in the file.
    let written = (text != split.body).then(|| std::sync::Arc::<str>::from(split.body));
    let origin = Origin {
        file: src.rel.clone(),
        spans: Default::default(),
        body_offset: split.body_offset,
        written: written.clone(),
    };
    // The English translation, after its own line: one mechanism for every kind of record.
    let (vi, en) = crate::model::split_english(&text);
    let english = en.map(|(at, markdown)| {
        let from = origin.file_span(at..at).start - origin.body_offset;
        EnglishBody {
            markdown: markdown.to_owned(),
            origin: Origin {
                body_offset: origin.body_offset + from,
                written: written.as_ref().map(|w| w[from..].into()),
                ..origin.clone()
            },
        }
    });
    let body = vi.to_owned();
    let root = src
        .abs
        .ancestors()
        .nth(src.rel.components().count())
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let ctx = Ctx {
        origin,
        root,
        dir,
        slug: slug.to_owned(),
        body,
        english,
    };
    let record = match kind {
        Section::Enterprise => enterprise(&mut f, ctx, vocab, samples_by_default)
            .map(|e| Record::Enterprise(Box::new(e))),
        Section::Policy => policy(&mut f, ctx).map(|p| Record::Policy(Box::new(p))),
        Section::Market => {
            article(&mut f, ctx, ArticleKind::Market).map(|a| Record::Article(Box::new(a)))
        }
        Section::News => {
            article(&mut f, ctx, ArticleKind::News).map(|a| Record::Article(Box::new(a)))
        }
        Section::Page => page(&mut f, ctx).map(|p| Record::Page(Box::new(p))),
    };
    if broken.is_empty() {
        return record;
    }
    // The file was read with its broken lines blanked: those lines are reported already, so
    // nothing more is said about their fields, and the file makes no record.
    let said_of_broken = |d: &Diagnostic| {
        d.field.as_deref().is_some_and(|f| {
            broken
                .iter()
                .any(|k| f == k || f.ends_with(&format!(".{k}")))
        })
    };
    let rest: Vec<Diagnostic> = diags.split_off(first);
    diags.extend(rest.into_iter().filter(|d| !said_of_broken(d)));
    None
}

struct Ctx {
    origin: Origin,
    /// The site root (symbolic links to images are followed only inside it).
    root: PathBuf,
    dir: PathBuf,
    slug: String,
    body: String,
    english: Option<EnglishBody>,
}

impl Ctx {
    fn keep<T>(&mut self, field: &'static str, v: &Option<At<T>>) {
        if let Some(v) = v {
            self.origin.spans.insert(field, v.span.clone());
        }
    }
    fn keep_list(&mut self, field: &'static str, v: &[At<String>]) {
        if let (Some(first), Some(last)) = (v.first(), v.last()) {
            self.origin
                .spans
                .insert(field, first.span.start..last.span.end);
        }
    }
}

fn values(v: Vec<At<String>>) -> Vec<String> {
    v.into_iter().map(|a| a.value).collect()
}

fn val<T>(v: Option<At<T>>) -> Option<T> {
    v.map(|a| a.value)
}

/// Checks that `name` is an image file inside the record's folder and returns its absolute path.
fn asset(f: &mut Fields, ctx: &Ctx, key: &str, name: &Option<At<String>>) -> Option<PathBuf> {
    let at = name.as_ref()?;
    let rel = Path::new(&at.value);
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        f.said_at(key, at.span.clone(), check::image_not_a_name(&at.value));
        return None;
    }
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg" | "webp")) {
        f.said_at(key, at.span.clone(), check::not_an_image(&at.value));
        return None;
    }
    let path = ctx.dir.join(rel);
    if let Err(d) = super::source::Boundary::new(&ctx.root).check(&path) {
        f.said_at(key, at.span.clone(), check::about_file(&at.value, d.both()));
        return None;
    }
    if !path.is_file() {
        let bundle = if ctx.origin.file.file_name().is_some_and(|n| n == "index.md") {
            Ok(())
        } else {
            Err(ctx.slug.as_str())
        };
        f.said_at(
            key,
            at.span.clone(),
            check::image_missing(&at.value, bundle),
        );
        return None;
    }
    Some(path)
}

fn enterprise(
    f: &mut Fields,
    mut ctx: Ctx,
    vocab: &Vocabularies,
    samples_by_default: bool,
) -> Option<Enterprise> {
    let name = f.req_str("name", "the registered name in Vietnamese, in quotes");
    let name_en = f.opt_str("name_en");
    let tax_code = f.req_str(
        "tax_code",
        "the 10-digit tax code in quotes, e.g. \"0100233488\"",
    );
    if let Some(tc) = &tax_code {
        if let Err(e) = taxcode::validate(&tc.value) {
            f.said_at(
                "tax_code",
                tc.span.clone(),
                check::invalid_tax_code(&tc.value, &e),
            );
        }
    }
    let sector = f.req_str("sector", "a sector key from content/site.toml");
    let district = f.req_str(
        "district",
        "a district slug from content/data/districts.toml, e.g. \"dong-anh\"",
    );
    let industrial_park = f.opt_str("industrial_park");
    let address = f.req_str("address", "the postal address");
    let founded = f.opt_int("founded", 1900..=2100);
    let employees = f.opt_int("employees", 0..=1_000_000);
    let products = f.str_list("products");
    if products.is_empty() {
        f.empty_list(
            "products",
            "a list of at least one product, e.g. [\"Khuôn dập\"]",
        );
    }
    let products_en = f.str_list("products_en");
    let profile = super::profile::read(f, vocab);
    let customers = f.str_list("customers");
    let logo_name = f.opt_str("logo");
    let logo = asset(f, &ctx, "logo", &logo_name);
    let contact = f
        .sub("contact", CONTACT_FIELDS, |c| EnterpriseContact {
            phone: c.opt_checked("phone", urls::check_phone, None),
            email: c.opt_checked("email", urls::check_email, None),
            website: c.opt_checked("website", urls::check_web, Some(check::web_hint())),
            person: val(c.opt_str("person")),
        })
        .unwrap_or_default();
    let description_en = val(f.opt_str("description_en"));
    let sample = f.sample(samples_by_default);
    let draft = f.opt_bool("draft").unwrap_or(false);
    let updated = val(f.opt_date("updated"));

    ctx.keep("name", &name);
    ctx.keep("tax_code", &tax_code);
    ctx.keep("sector", &sector);
    ctx.keep("district", &district);
    ctx.keep("industrial_park", &industrial_park);
    ctx.keep("logo", &logo_name);
    Some(Enterprise {
        slug: ctx.slug,
        name: Text::new(name?.value, val(name_en)),
        tax_code: tax_code?.value,
        sector: sector?.value,
        district: district?.value,
        industrial_park: val(industrial_park),
        address: address?.value,
        founded: val(founded),
        employees: val(employees),
        products: {
            if products.is_empty() {
                return None;
            }
            TextList {
                vi: values(products),
                en: values(products_en),
            }
        },
        product_groups: profile.product_groups,
        processes: profile.processes,
        certifications: profile.certifications,
        customers: values(customers),
        export_markets: profile.export_markets,
        capability: profile.capability,
        logo,
        contact,
        draft,
        updated,
        body: Body::new(ctx.body, description_en).with_english(ctx.english),
        sample,
        international: false,
        origin: ctx.origin,
    })
}

fn policy(f: &mut Fields, mut ctx: Ctx) -> Option<Policy> {
    let title = f.req_str("title", "the title of the document");
    let title_en = f.opt_str("title_en");
    let number = f.req_str("number", "the official number, e.g. \"111/2015/NĐ-CP\"");
    let kind = f.req_vocab("kind", "the kind of document, e.g. \"Nghị định\"");
    let issuer = f.req_str("issuer", "the issuing body, e.g. \"Chính phủ\"");
    let signer = f.opt_str("signer");
    let scope_written = f.has("scope");
    let scope = f.opt_vocab("scope");
    let issued = f.req_doc_date("issued");
    let effective = f.opt_date("effective");
    let status = f.req_vocab("status", "one of in-force, amended, replaced, expired");
    let status_basis = f.basis("status_source", "status_checked");
    let status_since = val(f.opt_doc_date("status_since"));
    let sample = f.sample(false);
    let amends = f.str_list("amends");
    let amended_by = f.str_list("amended_by");
    let replaces = f.str_list("replaces");
    let replaced_by = f.str_list("replaced_by");
    let source_url = f.opt_checked("source_url", urls::check_web, Some(check::web_hint()));
    let summary_en = val(f.opt_str("summary_en"));
    let draft = f.opt_bool("draft").unwrap_or(false);
    let updated = val(f.opt_date("updated"));
    if let (Some(i), Some(e)) = (&issued, &effective) {
        if e.value < i.value.first_day() {
            f.said_at(
                "effective",
                e.span.clone(),
                check::effective_before_issued(&e.value.to_string(), &i.value.to_string()),
            );
        }
    }
    ctx.keep_list("amends", &amends);
    ctx.keep_list("amended_by", &amended_by);
    ctx.keep_list("replaces", &replaces);
    ctx.keep_list("replaced_by", &replaced_by);
    ctx.keep("number", &number);
    if scope_written && scope.is_none() {
        return None;
    }
    Some(Policy {
        slug: ctx.slug,
        title: Text::new(title?.value, val(title_en)),
        number: number?.value,
        kind: kind?.value,
        issuer: issuer?.value,
        signer: val(signer),
        scope: val(scope).unwrap_or(PolicyScope::National),
        issued: issued?.value,
        effective: val(effective),
        status: status?.value,
        status_basis,
        status_since,
        sample,
        amends: values(amends),
        amended_by: values(amended_by),
        replaces: values(replaces),
        replaced_by: values(replaced_by),
        source_url,
        draft,
        updated,
        body: Body::new(ctx.body, summary_en).with_english(ctx.english),
        origin: ctx.origin,
    })
}

fn article(f: &mut Fields, ctx: Ctx, kind: ArticleKind) -> Option<Article> {
    let title = f.req_str("title", "the headline");
    let title_en = val(f.opt_str("title_en"));
    let date = f.req_date("date");
    let summary = val(f.opt_str("summary"));
    let summary_en = val(f.opt_str("summary_en"));
    let tags = values(f.str_list("tags"));
    let image_name = f.opt_str("image");
    let image = asset(f, &ctx, "image", &image_name);
    let basis = f.basis("source", "source_checked");
    let sample = f.sample(false);
    let draft = f.opt_bool("draft").unwrap_or(false);
    let updated = val(f.opt_date("updated"));
    Some(Article {
        kind,
        slug: ctx.slug,
        title: Text::new(title?.value, title_en),
        date: date?.value,
        summary: MaybeText::new(summary, summary_en),
        tags,
        image,
        draft,
        updated,
        body: ctx.body,
        english: ctx.english,
        basis,
        sample,
        origin: ctx.origin,
    })
}

fn page(f: &mut Fields, ctx: Ctx) -> Option<Page> {
    let title = f.req_str("title", "the page title");
    let title_en = val(f.opt_str("title_en"));
    let weight = val(f.opt_int("weight", -10_000..=10_000)).unwrap_or(0);
    let menu = f.opt_bool("menu").unwrap_or(false);
    let summary_en = val(f.opt_str("summary_en"));
    let basis = f.basis("source", "source_checked");
    let sample = f.sample(false);
    let draft = f.opt_bool("draft").unwrap_or(false);
    let updated = val(f.opt_date("updated"));
    Some(Page {
        slug: ctx.slug,
        title: Text::new(title?.value, title_en),
        weight,
        menu,
        draft,
        updated,
        body: Body::new(ctx.body, summary_en).with_english(ctx.english),
        basis,
        sample,
        origin: ctx.origin,
    })
}
