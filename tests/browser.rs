//! Runs the browser test of `cnht serve` (tests/browser/serve.test.mjs: Debian's chromium driven by
//! playwright-core under `node --test`). Skipped, with a notice, when node, /usr/bin/chromium or
//! tests/browser/node_modules (`npm ci --prefix tests/browser`) is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn live_reload_and_overlay_in_chromium() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing = [
        (!node_ok).then_some("node"),
        (!Path::new("/usr/bin/chromium").exists()).then_some("/usr/bin/chromium"),
        (!dir.join("node_modules/playwright-core").is_dir())
            .then_some("tests/browser/node_modules (run `npm ci --prefix tests/browser`)"),
    ];
    let missing: Vec<&str> = missing.into_iter().flatten().collect();
    if !missing.is_empty() {
        // scripts/test installs everything and sets this, so CI cannot skip silently.
        assert!(
            std::env::var_os("CNHT_REQUIRE_BROWSER").is_none(),
            "browser test required but missing: {}",
            missing.join(", ")
        );
        eprintln!(
            "SKIPPED browser test of `cnht serve`: missing {}",
            missing.join(", ")
        );
        return;
    }
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        // The file rather than the folder: node 20 and 22 treat a folder argument differently.
        .arg(dir.join("serve.test.mjs"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_BIN_EXE_cnht", env!("CARGO_BIN_EXE_cnht"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "the browser test failed (output above)"
    );
}
