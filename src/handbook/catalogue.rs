//! The exhibitor catalogue of an event: an A5 booklet for visitors, through the handbook's print
//! path — the same Typst world and fonts, the page frame of `style.typ` (bleed, crop marks), the
//! cover in the text block and the page count a multiple of four (saddle stitch), PDF/X-4 by
//! `pdfx` and checked by the same `preflight` — and, like the handbook, a screen file of the same
//! pages for the website's visitors (PDF/A-2b, tagged, at trim size without marks, in RGB, the
//! web addresses clickable). One entry per exhibitor in the order of the hall
//! plan (with a directory enterprise's logo, prepared by `logos` as for the book), and indexes by sector, product group and country that give each exhibitor's booth and
//! page. The template is `handbook/catalogue.typ`; it reads this view as `/data/handbook.json`.

use crate::messages::files::{cannot, Cannot};
use crate::messages::handbook::{stage_failed, Stage};
use std::path::{Path, PathBuf};

use serde::Serialize;
use typst::foundations::{Bytes, Datetime};
use typst_layout::PagedDocument;

use super::edition::Edition;
use super::logos::{logo, LogoView};
use super::{colour, pdf, pdfx, preflight, typst_errors, world, PT_PER_MM};
use crate::diagnostics::Diagnostic;
use crate::model::{urls, Event, ExhibitorRef, Lang, Model};
use crate::text::sort_vi_by;

/// Virtual path of the catalogue's main template.
pub const CATALOGUE_MAIN: &str = "/catalogue.typ";

/// What `render` wrote for one event.
#[derive(Debug, Clone)]
pub struct CatalogueOutput {
    /// The screen file (PDF/A-2b), what the website links for visitors.
    pub screen: PathBuf,
    /// The PDF/X-4 print file.
    pub pdf: PathBuf,
    /// Pages, a multiple of four.
    pub pages: usize,
    /// What the preflight found wrong, in English and Vietnamese (empty when the file passes).
    pub preflight_problems: Vec<crate::messages::Both>,
    /// The preflight report, beside the PDF.
    pub preflight: PathBuf,
    /// The preflight report's text.
    pub preflight_text: String,
}

/// Everything `catalogue.typ` reads.
#[derive(Debug, Serialize)]
pub struct CatalogueView<'m> {
    /// The page frame's settings (the handbook's trim and bleed), titled with the event.
    pub edition: Edition<'m>,
    pub event: EventView<'m>,
    pub entries: Vec<EntryView<'m>>,
    pub index_sector: Vec<IndexGroup>,
    pub index_product: Vec<IndexGroup>,
    pub index_country: Vec<IndexGroup>,
    /// The logos as virtual files (path → bytes), for the Typst world; not part of the data.
    #[serde(skip)]
    pub images: Vec<(String, Vec<u8>)>,
}

/// The event on the cover.
#[derive(Debug, Serialize)]
pub struct EventView<'m> {
    pub name: &'m str,
    pub name_en: Option<&'m str>,
    /// `dd/mm/yyyy`.
    pub starts: String,
    pub ends: String,
    pub venue: &'m str,
    pub source: Option<&'m str>,
    pub sample: bool,
    /// The name of the sample mark.
    pub sample_label: &'static str,
    pub sample_label_en: &'static str,
    pub organisation: Option<&'m str>,
    pub booths: usize,
}

/// One exhibitor.
#[derive(Debug, Serialize)]
pub struct EntryView<'m> {
    /// Label of the entry, the target of the indexes.
    pub id: String,
    pub booth: &'m str,
    pub name: &'m str,
    pub name_en: Option<&'m str>,
    pub country: &'m str,
    /// The country's English name, where it differs (visitors from abroad read the catalogue).
    pub country_en: Option<&'m str>,
    pub sector: Option<&'m str>,
    pub sector_en: Option<&'m str>,
    pub products: &'m [String],
    pub products_en: &'m [String],
    pub processes: Vec<&'m str>,
    pub processes_en: Vec<&'m str>,
    pub certifications: Vec<&'m str>,
    pub address: Option<&'m str>,
    pub phone: Option<&'m str>,
    pub email: Option<&'m str>,
    pub website: Option<&'m str>,
    /// The enterprise page's address (directory exhibitors).
    pub page: Option<String>,
    /// The enterprise's logo, as the directory prints it (directory exhibitors that have one).
    pub logo: Option<LogoView>,
}

/// A heading of an index with its exhibitors.
#[derive(Debug, Serialize)]
pub struct IndexGroup {
    pub title: String,
    /// The heading's English name, where it differs.
    pub title_en: Option<String>,
    pub items: Vec<IndexItem>,
}

/// One line of an index: the exhibitor's name, booth and entry label.
#[derive(Debug, Serialize)]
pub struct IndexItem {
    pub name: String,
    pub booth: String,
    pub id: String,
}

/// The country key of the directory's own enterprises.
const HOME_COUNTRY: &str = "VN";

/// An index heading in Vietnamese, and in English where that differs.
type Heading = (String, Option<String>);

/// An entry with its place in the hall plan and the index headings it goes under.
struct Placed<'m> {
    order: usize,
    entry: EntryView<'m>,
    sectors: Vec<Heading>,
    groups: Vec<Heading>,
}

/// An English name, printed only where it says something the Vietnamese one does not ("Viet
/// Nam" adds nothing to "Việt Nam").
fn other<'a>(vi: Option<&str>, en: Option<&'a str>) -> Option<&'a str> {
    en.filter(|en| vi.is_none_or(|vi| crate::text::fold(vi) != crate::text::fold(en)))
}

/// The view of `event`.
pub fn view<'m>(model: &'m Model, event: &'m Event) -> CatalogueView<'m> {
    let lang = Lang::Vi;
    let vocab = model.vocabularies();
    let site = model.site();
    let mut edition = Edition::of(&site.handbook);
    edition.title = &event.name.vi;
    edition.title_en = event.name.en();
    edition.binding = "saddle";
    let mut entries: Vec<Placed<'m>> = Vec::new();
    let mut images = Vec::new();
    let sector_en = |key: &str| model.sector(key).and_then(|s| s.name.en());
    let group_heading =
        |vi: &str, en: &str| (vi.to_owned(), other(Some(vi), Some(en)).map(str::to_owned));
    for x in &event.exhibitors {
        let Some(who) = model.exhibitor(x) else {
            continue;
        };
        let order = event
            .booths
            .iter()
            .position(|b| *b == x.booth)
            .unwrap_or(usize::MAX);
        let id = format!("gian-hang-{}", crate::text::slugify(&x.booth));
        let home = vocab.countries.all().iter().find(|t| t.key == HOME_COUNTRY);
        let (entry, sectors, groups) = match who {
            ExhibitorRef::Listed(e) => {
                let sector = model.sector(&e.sector).map(|s| s.name.vi.as_str());
                let groups = e
                    .product_groups
                    .iter()
                    .map(|g| {
                        group_heading(
                            vocab.product_groups.label(g, lang),
                            vocab.product_groups.label(g, Lang::En),
                        )
                    })
                    .collect();
                // A logo the handbook cannot print was reported by the handbook's own view,
                // which every build with the catalogues makes: not said twice.
                let logo = e.logo.as_deref().and_then(|path| {
                    let rel = path.strip_prefix(model.root()).unwrap_or(path);
                    let (view, bytes, _) = logo(path, rel, &e.slug, &mut Vec::new())?;
                    images.push((view.path.clone(), bytes));
                    Some(view)
                });
                (
                    EntryView {
                        id,
                        booth: &x.booth,
                        name: &e.name.vi,
                        name_en: e.name.en(),
                        country: home.map_or("Việt Nam", |t| t.label(lang)),
                        country_en: other(
                            home.map(|t| t.label(lang)),
                            home.map(|t| t.label(Lang::En)),
                        ),
                        sector,
                        sector_en: other(sector, sector_en(&e.sector)),
                        products: &e.products.vi,
                        products_en: &e.products.en,
                        processes: e
                            .processes
                            .iter()
                            .map(|p| vocab.processes.label(p, lang))
                            .collect(),
                        processes_en: e
                            .processes
                            .iter()
                            .map(|p| vocab.processes.label(p, Lang::En))
                            .collect(),
                        certifications: e
                            .certifications
                            .iter()
                            .filter(|c| !c.expired(model.today()))
                            .map(|c| vocab.certifications.label(&c.key, lang))
                            .collect(),
                        address: Some(&e.address),
                        phone: e.contact.phone.as_deref(),
                        email: e.contact.email.as_deref(),
                        website: e.contact.website.as_deref(),
                        page: Some(format!(
                            "{}{}",
                            site.base_url.trim_end_matches('/'),
                            urls::enterprise(&e.slug)
                        )),
                        logo,
                    },
                    sector
                        .map(|s| {
                            (
                                s.to_owned(),
                                other(Some(s), sector_en(&e.sector)).map(str::to_owned),
                            )
                        })
                        .into_iter()
                        .collect::<Vec<_>>(),
                    groups,
                )
            }
            ExhibitorRef::Guest(g) => {
                let sector = g
                    .sector
                    .as_deref()
                    .and_then(|s| model.sector(s))
                    .map(|s| s.name.vi.as_str());
                (
                    EntryView {
                        id,
                        booth: &x.booth,
                        name: &g.name.vi,
                        name_en: g.name.en(),
                        country: vocab.countries.label(&g.country, lang),
                        country_en: other(
                            Some(vocab.countries.label(&g.country, lang)),
                            Some(vocab.countries.label(&g.country, Lang::En)),
                        ),
                        sector,
                        sector_en: other(sector, g.sector.as_deref().and_then(sector_en)),
                        products: &g.products.vi,
                        products_en: &g.products.en,
                        processes: Vec::new(),
                        processes_en: Vec::new(),
                        certifications: Vec::new(),
                        address: None,
                        phone: None,
                        email: None,
                        website: g.website.as_deref(),
                        page: None,
                        logo: None,
                    },
                    sector
                        .map(|s| {
                            let en = g.sector.as_deref().and_then(sector_en);
                            (s.to_owned(), other(Some(s), en).map(str::to_owned))
                        })
                        .into_iter()
                        .collect(),
                    g.product_groups
                        .iter()
                        .map(|k| {
                            group_heading(
                                vocab.product_groups.label(k, lang),
                                vocab.product_groups.label(k, Lang::En),
                            )
                        })
                        .collect(),
                )
            }
        };
        entries.push(Placed {
            order,
            entry,
            sectors,
            groups,
        });
    }
    entries.sort_by(|a, b| {
        a.order
            .cmp(&b.order)
            .then_with(|| a.entry.booth.cmp(b.entry.booth))
    });
    let index = |key: &dyn Fn(&Placed<'m>) -> Vec<Heading>| {
        let mut groups: Vec<IndexGroup> = Vec::new();
        for e in &entries {
            for (title, title_en) in key(e) {
                let item = IndexItem {
                    name: e.entry.name.to_owned(),
                    booth: e.entry.booth.to_owned(),
                    id: e.entry.id.clone(),
                };
                match groups.iter_mut().find(|g| g.title == title) {
                    Some(g) => g.items.push(item),
                    None => groups.push(IndexGroup {
                        title,
                        title_en,
                        items: vec![item],
                    }),
                }
            }
        }
        sort_vi_by(&mut groups, |g| &g.title);
        for g in &mut groups {
            sort_vi_by(&mut g.items, |i| &i.name);
        }
        groups
    };
    let index_sector = index(&|e| e.sectors.clone());
    let index_product = index(&|e| e.groups.clone());
    let index_country = index(&|e| {
        vec![(
            e.entry.country.to_owned(),
            e.entry.country_en.map(str::to_owned),
        )]
    });
    CatalogueView {
        edition,
        event: EventView {
            name: &event.name.vi,
            name_en: event.name.en(),
            starts: event.starts.format("%d/%m/%Y").to_string(),
            ends: event.ends.format("%d/%m/%Y").to_string(),
            venue: &event.venue.vi,
            source: event.source.as_deref(),
            sample: event.sample,
            sample_label: crate::model::Provenance::Sample.label(lang),
            sample_label_en: crate::model::Provenance::Sample.label(Lang::En),
            organisation: site.contact.organisation.vi(),
            booths: event.booths.len(),
        },
        entries: entries.into_iter().map(|e| e.entry).collect(),
        index_sector,
        index_product,
        index_country,
        images,
    }
}

/// Typesets the catalogue of `event` and writes its screen file and its PDF/X-4 print file into
/// `out_dir`.
pub fn render(
    model: &Model,
    event: &Event,
    out_dir: &Path,
) -> Result<CatalogueOutput, Vec<Diagnostic>> {
    let templates = model.root().join("handbook");
    let edition = &model.site().handbook;
    let fonts = world::load_fonts(model.root(), &templates.join("fonts")).map_err(|e| {
        vec![Diagnostic::said(
            "handbook/fonts",
            cannot(Cannot::ReadFonts, e),
        )]
    })?;
    let view = view(model, event);
    let json = serde_json::to_vec(&view).map_err(|e| {
        vec![Diagnostic::said(
            &event.origin.file,
            cannot(Cannot::WriteCatalogueData, e),
        )]
    })?;
    let year = i32::try_from(edition.year).unwrap_or(2020);
    let mut files = vec![(world::DATA_PATH.to_owned(), Bytes::new(json))];
    files.extend(view.images.into_iter().map(|(p, b)| (p, Bytes::new(b))));
    let world = world::HandbookWorld::new(&templates, fonts, files, Datetime::from_ymd(year, 1, 1))
        .with_main(CATALOGUE_MAIN);
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| typst_errors(&templates, Some(&world), &errors))?;
    // The screen file: the pages as typeset, without the blank pages a sheet needs.
    let screen_stem = urls::event_catalogue_stem(&event.slug);
    let screen_bytes = pdf::export_screen(&pdf::screen_document(&doc), &screen_stem, edition.year)
        .map_err(|e| typst_errors(&templates, None, &e))?;
    // Saddle stitch: whole sheets of four pages, the cover being page 1.
    let (doc, _) = pdf::pad_pages(&doc, 4, false);
    let stem = urls::event_catalogue_print_stem(&event.slug);
    let bytes = pdf::export_print(&pdf::print_document(&doc), &stem, edition.year)
        .map_err(|e| typst_errors(&templates, None, &e))?;
    let intent = colour::load(model.root(), &edition.print).map_err(|d| vec![d])?;
    let converter = colour::Converter::new(&intent).map_err(|e| {
        vec![
            Diagnostic::said("content/site.toml", stage_failed(Stage::Colour, e))
                .field("handbook.print.output_profile"),
        ]
    })?;
    let mm = |v: f64| v * PT_PER_MM;
    let trim = pdfx::Trim {
        width: mm(edition.trim_width_mm),
        height: mm(edition.trim_height_mm),
        bleed: mm(edition.bleed_mm),
    };
    let meta = pdfx::Meta {
        title: &event.name.vi,
        author: edition.publisher.as_deref(),
        date: (year, 1, 1),
        ident: &stem,
    };
    let bytes = pdfx::make_pdfx(&bytes, trim, &intent, &converter, &meta).map_err(|e| {
        vec![Diagnostic::said(
            &event.origin.file,
            stage_failed(Stage::PdfX, e),
        )]
    })?;
    let check = preflight::run(&bytes).map_err(|e| {
        vec![Diagnostic::said("handbook", stage_failed(Stage::Preflight, e)).on_folder()]
    })?;
    std::fs::create_dir_all(out_dir).map_err(|e| {
        vec![Diagnostic::said(out_dir, cannot(Cannot::CreateFolder, e)).on_folder()]
    })?;
    let screen = out_dir.join(format!("{screen_stem}.pdf"));
    crate::place::write(&screen, &screen_bytes)
        .map_err(|e| vec![Diagnostic::said(&screen, cannot(Cannot::WriteCatalogue, e))])?;
    let file = format!("{stem}.pdf");
    let path = out_dir.join(&file);
    crate::place::write(&path, &bytes)
        .map_err(|e| vec![Diagnostic::said(&path, cannot(Cannot::WriteCatalogue, e))])?;
    let limit = edition.print.ink_limit_percent;
    let report = out_dir.join(urls::event_catalogue_preflight_file(&event.slug));
    let text = check.text(&file, limit);
    crate::place::write(&report, text.as_bytes())
        .map_err(|e| vec![Diagnostic::said(&report, cannot(Cannot::WriteCatalogue, e))])?;
    Ok(CatalogueOutput {
        screen,
        pdf: path,
        pages: doc.pages().len(),
        preflight_problems: check.problems_said(limit),
        preflight: report,
        preflight_text: text,
    })
}
