//! Runs the readers' browser tests (tests/readers/readers.test.mjs: search, directory filters, a
//! 375 px screen, console errors, axe and the Nu HTML Checker, in Debian's chromium driven by
//! playwright-core under `node --test`) against this build's `cnht`.

mod common;

#[test]
fn search_filters_and_pages_in_chromium() {
    common::node_browser_test(
        "readers",
        "readers.test.mjs",
        &["playwright-core", "@axe-core/playwright", "vnu-jar"],
        true,
        &[("CNHT_BIN", env!("CARGO_BIN_EXE_cnht"))],
    );
}
