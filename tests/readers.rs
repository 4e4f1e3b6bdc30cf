//! Runs the readers' browser tests (tests/readers/readers.test.mjs: search, directory filters, a
//! 375 px screen, console errors, axe and the Nu HTML Checker, in Debian's chromium driven by
//! playwright-core under `node --test`) against this build's `cnht`. Skipped, with a notice, when
//! node, /usr/bin/chromium, java or tests/readers/node_modules (`npm ci --prefix tests/readers`)
//! is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn search_filters_and_pages_in_chromium() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/readers");
    let missing = [
        (!runs("node", "--version")).then_some("node"),
        (!Path::new("/usr/bin/chromium").exists()).then_some("/usr/bin/chromium"),
        (!runs("java", "-version")).then_some("java"),
        (!dir.join("node_modules/playwright-core").is_dir()
            || !dir.join("node_modules/@axe-core/playwright").is_dir()
            || !dir.join("node_modules/vnu-jar").is_dir())
        .then_some("tests/readers/node_modules (run `npm ci --prefix tests/readers`)"),
    ];
    let missing: Vec<&str> = missing.into_iter().flatten().collect();
    if !missing.is_empty() {
        // scripts/test installs everything and sets this, so CI cannot skip silently.
        assert!(
            std::env::var_os("CNHT_REQUIRE_BROWSER").is_none(),
            "browser tests required but missing: {}",
            missing.join(", ")
        );
        eprintln!(
            "SKIPPED the readers' browser tests: missing {}",
            missing.join(", ")
        );
        return;
    }
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        // The file rather than the folder: node 20 and 22 treat a folder argument differently.
        .arg(dir.join("readers.test.mjs"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CNHT_BIN", env!("CARGO_BIN_EXE_cnht"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "the readers' browser tests failed (output above)"
    );
}
