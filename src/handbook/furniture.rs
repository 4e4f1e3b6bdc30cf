//! The book's page furniture (running heads, folios, chapter-opener bands), set once the book has
//! settled instead of on each page as it is laid out.
//!
//! Set in the book, each page's furniture was three `context`s that query where the chapters
//! open and end; Typst laid all of them out again in every layout pass, and kept them in its memo
//! cache (1,000 enterprises: about 160 MiB of the compile's memory and a tenth of its time). The
//! book's main.typ now sets none (`setup.with(furniture: false)`) and hands over what the
//! furniture depends on as metadata (`<page-furniture>`: the chapters' pages and titles, the
//! chapter ends, the back cover). [`add`] reads it from the settled document, compiles
//! `handbook/furniture.typ` with those facts (one page of furniture per page of the book, the
//! same page set-up), and puts each furniture page's pieces into the book's page of the same
//! number, where Typst would have put them: the band and running head before the page's content,
//! the folio after it and before the crop marks.

use typst::foundations::{Bytes, Label, Value};
use typst::introspection::{Location, MetadataElem, Tag};
use typst::layout::{Frame, FrameItem, Point};
use typst::model::Document as _;
use typst::pdf::ArtifactElem;
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

use super::{passes, world};

/// The template that sets the furniture (`handbook/furniture.typ`).
pub(super) const FURNITURE_MAIN: &str = "/furniture.typ";

/// Where the facts are handed to it.
const FACTS_PATH: &str = "/data/furniture.json";

/// The label of the book's metadata holding the facts (style.typ, `furniture-data`).
const FACTS_LABEL: &str = "page-furniture";

/// The labels furniture.typ gives each piece.
const HEAD: &str = "furniture-head";
const BAND: &str = "furniture-band";
const FOLIO: &str = "furniture-folio";

/// The facts the settled `document` hands over for its furniture, as furniture.typ reads them
/// (`pages`, and `chapters` with their `page` and `title` as text, `ends`, `backs`): `Ok(None)`
/// when the book sets its furniture itself (templates from before furniture.typ, which hand over
/// nothing); an error when what it hands over cannot be read, rather than a book without running
/// heads or folios.
pub(super) fn facts(document: &PagedDocument) -> Result<Option<serde_json::Value>, String> {
    use typst::introspection::Introspector as _;
    let Some(label) = Label::new(PicoStr::intern(FACTS_LABEL)) else {
        return Ok(None);
    };
    let introspector = document.introspector();
    if introspector.label_count(label) == 0 {
        return Ok(None);
    }
    let found = introspector
        .query_label(label)
        .map_err(|e| format!("<{FACTS_LABEL}>: {e}"))?;
    let unreadable = || format!("<{FACTS_LABEL}> does not hold the facts furniture.typ reads");
    let value = &found
        .to_packed::<MetadataElem>()
        .ok_or_else(unreadable)?
        .value;
    let mut facts = json_of(value).ok_or_else(unreadable)?;
    facts
        .as_object_mut()
        .ok_or_else(unreadable)?
        .insert("pages".into(), document.pages().len().into());
    Ok(Some(facts))
}

/// `value` as JSON, content as its plain text (a chapter's title).
fn json_of(value: &Value) -> Option<serde_json::Value> {
    Some(match value {
        Value::None => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Str(s) => s.as_str().into(),
        Value::Content(c) => c.plain_text().as_str().into(),
        Value::Array(items) => items
            .iter()
            .map(json_of)
            .collect::<Option<Vec<_>>>()?
            .into(),
        Value::Dict(dict) => dict
            .iter()
            .map(|(k, v)| Some((k.as_str().to_owned(), json_of(v)?)))
            .collect::<Option<serde_json::Map<_, _>>>()?
            .into(),
        _ => return None,
    })
}

/// The furniture of every page, from a compile of furniture.typ in the book's world (made by
/// `world_with(extra)` with the facts as an extra file).
pub(super) fn compile(
    facts: &serde_json::Value,
    world_with: &dyn Fn(Vec<(String, Bytes)>) -> world::HandbookWorld,
) -> (
    world::HandbookWorld,
    typst::diag::Warned<typst::diag::SourceResult<PagedDocument>>,
) {
    let json = serde_json::to_vec(facts).expect("the furniture facts serialise");
    let world =
        world_with(vec![(FACTS_PATH.to_owned(), Bytes::new(json))]).with_main(FURNITURE_MAIN);
    let result = passes::compile(&world);
    (world, result)
}

/// `book` with each page's furniture from the page of the same number of `furniture`.
pub(super) fn add(book: PagedDocument, furniture: &PagedDocument) -> PagedDocument {
    let info = book.info().clone();
    let mut pages: Vec<Page> = book.pages().to_vec();
    drop(book);
    for (page, furnished) in pages.iter_mut().zip(furniture.pages()) {
        put(&mut page.frame, &furnished.frame);
    }
    PagedDocument::new(pages.into_iter().collect(), info)
}

/// Puts the furniture pieces of `furnished` (a page of furniture.typ) into `frame` (the book's
/// page of the same number) in Typst's order: band and head after the page's leading tags,
/// before its content; the folio after the content, before the crop marks.
fn put(frame: &mut Frame, furnished: &Frame) {
    let (before, after) = pieces(furnished);
    let start = frame
        .items()
        .position(|(_, item)| !matches!(item, FrameItem::Tag(_)))
        .unwrap_or(frame.items().len());
    for (i, (pos, item)) in before.into_iter().enumerate() {
        frame.insert(start + i, pos, item);
    }
    let end = frame
        .items()
        .position(|(_, item)| holds(item, super::pdf::CROP_MARKS_LABEL))
        .unwrap_or(frame.items().len());
    for (i, (pos, item)) in after.into_iter().enumerate() {
        frame.insert(end + i, pos, item);
    }
}

type Items = Vec<(Point, FrameItem)>;

/// The pieces of a furniture page that go before the book page's content (band, head) and after
/// it (folio). Typst makes each marginal an artifact and often inlines its frame into the page's:
/// a piece is then the run of items from the artifact's start tag to its end tag, kept whole so
/// that the PDF still marks it as an artifact (not text of the page) for screen readers.
fn pieces(furnished: &Frame) -> (Items, Items) {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut sort = |run: Items| {
        if run.iter().any(|(_, i)| holds(i, HEAD) || holds(i, BAND)) {
            before.extend(run);
        } else if run.iter().any(|(_, i)| holds(i, FOLIO)) {
            after.extend(run);
        }
    };
    let mut run: Items = Vec::new();
    let mut open: Option<Location> = None;
    for (pos, item) in furnished.items() {
        match (open, item) {
            (None, FrameItem::Tag(Tag::Start(elem, _))) if elem.is::<ArtifactElem>() => {
                open = elem.location();
                run.push((*pos, item.clone()));
            }
            (Some(loc), FrameItem::Tag(Tag::End(end, ..))) if *end == loc => {
                run.push((*pos, item.clone()));
                sort(std::mem::take(&mut run));
                open = None;
            }
            (Some(_), _) => run.push((*pos, item.clone())),
            // A marginal left as a group of its own holds its artifact tags inside.
            (None, _) => sort(vec![(*pos, item.clone())]),
        }
    }
    sort(run);
    (before, after)
}

/// Whether `item` is, or holds, a group labelled `label`.
fn holds(item: &FrameItem, label: &str) -> bool {
    match item {
        FrameItem::Group(g) => {
            g.label.is_some_and(|l| l.resolve().as_str() == label)
                || g.frame.items().any(|(_, i)| holds(i, label))
        }
        _ => false,
    }
}
