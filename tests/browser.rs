//! Runs the browser test of `cnht serve` (tests/browser/serve.test.mjs: Debian's chromium driven by
//! playwright-core under `node --test`): live reload and the error overlay.

mod common;

#[test]
fn live_reload_and_overlay_in_chromium() {
    common::node_browser_test(
        "browser",
        "serve.test.mjs",
        &["playwright-core"],
        false,
        &[("CARGO_BIN_EXE_cnht", env!("CARGO_BIN_EXE_cnht"))],
    );
}
