//! The handbook's Typst compile with its memory bounded between layout passes.
//!
//! `typst::compile` lays a document out until its introspections (page numbers of labels,
//! running heads, the indexes) stop changing, at most five times. It keeps every pass's whole
//! document until the end (only to explain a document that never settles), and Typst's memo
//! cache keeps every pass's results. For the book of 1,000 enterprises (1,088 pages, three
//! passes) that is two finished books more than needed, and cache entries no later pass uses.
//!
//! [`compile`] is the same loop with two differences: it keeps only the previous pass's
//! introspector (what the next pass reads, and what the non-convergence warnings need), and
//! after each pass it evicts the cache entries that pass did not use (`comemo::evict(1)`:
//! what a pass made or hit is kept for the next). The output is the same document: the
//! handbook's tests compare the PDFs byte for byte (`tests/handbook.rs` and the unit test
//! below).

use typst::comemo::{self, Track, Tracked};
use typst::diag::{SourceDiagnostic, SourceResult, Warned};
use typst::ecow::EcoVec;
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, Target, TargetElem};
use typst::introspection::{EmptyIntrospector, Introspector, ITER_NAMES, MAX_ITERS};
use typst::utils::Protected;
use typst::{World, WorldExt as _};
use typst_layout::PagedDocument;

/// Typesets `world`'s main file like `typst::compile::<PagedDocument>`, keeping at most one
/// earlier pass's introspector and evicting memo entries a pass left unused.
pub fn compile(world: &dyn World) -> Warned<SourceResult<PagedDocument>> {
    compile_revised(world, &mut |_| None)
}

/// [`compile`], with the first layout pass shown to `revise`: when it answers with another
/// world (the same templates with other data), that world's main file is evaluated and laid
/// out from the start again, as a first pass (reading no introspection: what the first pass
/// found out is discarded, as it was found in other content), but with everything the first
/// pass laid out still in Typst's memo cache. For what only a layout can tell and the data
/// needs before the book settles (which directory entries are taller than a page,
/// `handbook::long`): the revised first pass takes what changed, where a compile of its own
/// would take a whole one. The result's diagnostics are in the world the document was last
/// evaluated in.
pub fn compile_revised<'w>(
    world: &'w dyn World,
    revise: &mut dyn FnMut(&PagedDocument) -> Option<&'w dyn World>,
) -> Warned<SourceResult<PagedDocument>> {
    let mut sink = Sink::new();
    let output = layout(world, revise, &mut sink).map_err(deduplicate);
    Warned {
        output,
        warnings: sink.warnings(),
    }
}

/// The content of `world`'s main file, evaluated.
fn evaluate(
    world: Tracked<dyn World + '_>,
    traced: &Traced,
    sink: &mut Sink,
) -> SourceResult<typst::foundations::Content> {
    let main = world.source(world.main()).map_err(|e| {
        EcoVec::from([SourceDiagnostic::error(
            typst::syntax::Span::detached(),
            e.to_string(),
        )])
    })?;
    Ok(typst_eval::eval(
        world,
        world.library(),
        traced.track(),
        sink.track_mut(),
        Route::default().track(),
        &main,
    )?
    .content())
}

fn layout<'w>(
    first: &'w dyn World,
    revise: &mut dyn FnMut(&PagedDocument) -> Option<&'w dyn World>,
    sink: &mut Sink,
) -> SourceResult<PagedDocument> {
    let mut world = first.track();
    // The revised world has the same library (the same templates, other data).
    let library = first.library();
    let target = TargetElem::target.set(Target::Paged).wrap();
    let base = StyleChain::new(&library.styles);
    let styles = base.chain(&target);
    let traced = Traced::default();
    let mut steps = crate::timing::Steps::new("handbook compile");
    let mut content = evaluate(world, &traced, sink)?;
    steps.step("main file evaluated");

    let empty = EmptyIntrospector;
    // The introspectors of the passes so far (the first pass reads the empty one): only for
    // the warnings of a document that does not settle in `MAX_ITERS` passes. Each is a few
    // megabytes; the pages they were made from are dropped.
    let mut introspectors: Vec<std::sync::Arc<typst_layout::PagedIntrospector>> = Vec::new();
    // Whether the first pass was shown to `revise`.
    let mut shown = false;
    loop {
        let pass = introspectors.len();
        let _scope = typst_timing::TimingScope::new(ITER_NAMES[pass]);
        let previous: &dyn Introspector = match introspectors.last() {
            Some(i) => i.as_ref(),
            None => &empty,
        };
        let constraint = comemo::Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(previous.track_with(&constraint)),
            traced: traced.track(),
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = <PagedDocument as Output>::create(&mut engine, &content, styles)?;
        steps.step(&format!(
            "layout pass {} ({} pages)",
            pass + 1,
            document.pages().len()
        ));
        if !shown {
            shown = true;
            if let Some(other) = revise(&document) {
                // The first evaluation's warnings are said again by the second's.
                *sink = Sink::new();
                world = other.track();
                content = evaluate(world, &traced, sink)?;
                drop(document);
                comemo::evict(1);
                crate::timing::alloc::release_freed();
                steps.step("data revised after the first pass");
                continue;
            }
        }
        if constraint.validate(Output::introspector(&document)) {
            sink.extend_from_sink(subsink);
            return finish(sink, document);
        }
        if introspectors.len() == MAX_ITERS - 1 {
            let mut all = [&empty as &dyn Introspector; MAX_ITERS + 1];
            for (i, intro) in introspectors.iter().enumerate() {
                all[i + 1] = intro.as_ref();
            }
            all[MAX_ITERS] = Output::introspector(&document);
            let warnings = typst::introspection::analyze(world, all, subsink.introspections());
            sink.extend_from_sink(subsink);
            for warning in warnings {
                sink.warn(warning);
            }
            return finish(sink, document);
        }
        introspectors.push(document.introspector().clone());
        drop(document);
        // What this pass neither made nor used goes; what it made or used stays for the next.
        comemo::evict(1);
        crate::timing::alloc::release_freed();
        steps.step("what the pass left unused evicted");
    }
}

/// Errors Typst delayed to the end of the compile become the result's.
fn finish(sink: &mut Sink, document: PagedDocument) -> SourceResult<PagedDocument> {
    let delayed = sink.delayed();
    if delayed.is_empty() {
        Ok(document)
    } else {
        Err(delayed)
    }
}

/// The same error twice (same place, same message) is reported once, as `typst::compile` does.
fn deduplicate(mut diags: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert(typst::utils::hash128(&(&d.span, &d.message))));
    diags
}

/// With `CNHT_TYPST_TRACE=<file>`, the handbook's Typst compile is traced (Typst's own timing
/// scopes: each layout pass, each timed function) into `<file>` as a Chrome trace, which
/// `chrome://tracing` or Perfetto shows. A profiling aid; tracing slows the compile down.
pub(super) fn write_trace(path: &std::path::Path, world: &super::world::HandbookWorld) {
    typst_timing::disable();
    let written = std::fs::File::create(path)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            typst_timing::export_json(std::io::BufWriter::new(f), |span| {
                let span = typst::syntax::Span::from_raw(span);
                let file = span
                    .id()
                    .map(|id| id.vpath().get_with_slash().to_owned())
                    .unwrap_or_default();
                let line = match (span.id(), world.range(span)) {
                    (Some(id), Some(r)) => world
                        .source(id)
                        .ok()
                        .and_then(|s| s.lines().byte_to_line(r.start))
                        .map_or(0, |l| l as u32 + 1),
                    _ => 0,
                };
                (file, line)
            })
        });
    if let Err(e) = written {
        eprintln!(
            "warning: cannot write the Typst trace {}: {e}",
            path.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handbook::world::{load_fonts, HandbookWorld};
    use std::path::Path;
    use typst::foundations::Bytes;

    fn world_of(main: &str) -> (tempfile::TempDir, HandbookWorld) {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fonts = load_fonts(repo, &repo.join("handbook/fonts")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.typ"), main).unwrap();
        let world = HandbookWorld::new(dir.path(), fonts, Vec::<(String, Bytes)>::new(), None);
        (dir, world)
    }

    /// Needs three passes: the contents' page numbers, then the running heads they move.
    const THREE_PASSES: &str = r#"
#set page(width: 100mm, height: 80mm, header: context {
  let hs = query(heading.where(level: 1)).filter(h => h.location().page() <= here().page())
  if hs.len() > 0 { hs.last().body }
})
#outline()
#for i in range(12) [
  = Chương #i
  #lorem(60) <ch>
]
"#;

    #[test]
    fn the_same_pages_as_typst_compile() {
        let (_dir, world) = world_of(THREE_PASSES);
        let ours = compile(&world).output.unwrap();
        comemo::evict(0);
        let typst = typst::compile::<PagedDocument>(&world).output.unwrap();
        assert!(ours.pages().len() > 3);
        assert_eq!(ours.pages().len(), typst.pages().len());
        assert_eq!(
            typst::utils::hash128(&ours),
            typst::utils::hash128(&typst),
            "the same frames, page for page"
        );
    }

    #[test]
    fn a_revised_compile_gives_the_revised_worlds_pages() {
        let (_a, first) = world_of("#outline()\n= Một\n#lorem(20)");
        let (_b, other) = world_of(THREE_PASSES);
        let mut shown = 0;
        let revised = compile_revised(&first, &mut |document| {
            shown += 1;
            assert_eq!(document.pages().len(), 1, "the first world's first pass");
            Some(&other)
        })
        .output
        .unwrap();
        assert_eq!(shown, 1, "only the first pass is shown");
        comemo::evict(0);
        let typst = typst::compile::<PagedDocument>(&other).output.unwrap();
        assert_eq!(
            typst::utils::hash128(&revised),
            typst::utils::hash128(&typst),
            "the same frames as the revised world compiled alone"
        );
        // Not revised: the first world's pages.
        let kept = compile_revised(&first, &mut |_| None).output.unwrap();
        assert_eq!(kept.pages().len(), 1);
    }

    #[test]
    fn a_document_that_never_settles_is_warned_about_and_still_made() {
        // Each pass adds a page for every page the last one had: it never settles.
        let (_dir, world) =
            world_of("#context for _ in range(counter(page).final().first()) { pagebreak() }");
        let result = compile(&world);
        assert!(result.output.is_ok());
        assert!(
            result
                .warnings
                .iter()
                .any(|w| w.message.contains("converge")),
            "{:?}",
            result.warnings
        );
    }

    #[test]
    fn errors_come_back_once_each() {
        let (_dir, world) = world_of("#let x = 1 +\n#panic(\"nope\")");
        let errors = compile(&world).output.unwrap_err();
        let typst = typst::compile::<PagedDocument>(&world).output.unwrap_err();
        let msgs =
            |e: &EcoVec<SourceDiagnostic>| e.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        assert_eq!(msgs(&errors), msgs(&typst));
        assert!(!errors.is_empty());
    }
}
