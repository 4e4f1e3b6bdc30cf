//! The bundled content/ is the real site: it must always pass the checks, with no warnings.

mod common;
use common::*;

#[test]
fn bundled_content_is_valid() {
    let out = cnht(&["check", "--root", repo().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "content/ has errors:\n{stderr}");
    assert!(
        !stderr.contains("warning:"),
        "content/ has warnings:\n{stderr}"
    );
}

#[test]
fn bundled_content_meets_the_brief() {
    let loaded = cnht::content::load(&repo(), &Default::default())
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    let m = loaded.model;
    assert!(
        m.enterprises().len() >= 60,
        "at least 60 sample enterprises"
    );
    for s in &m.site().sectors {
        assert!(
            !m.in_sector(&s.key).is_empty(),
            "sector {} has enterprises",
            s.key
        );
    }
    assert!(
        m.districts_in_use().count() >= 12,
        "enterprises in at least 12 districts"
    );
    assert_eq!(m.districts().len(), 30, "the 30 districts of Hanoi in 2020");
    assert!(
        m.site().sample_data,
        "the enterprises are marked as samples"
    );
    for number in [
        "111/2015/NĐ-CP",
        "205/2025/NĐ-CP",
        "68/QĐ-TTg",
        "71/QĐ-TTg",
        "94/KH-UBND",
        "55/2015/TT-BCT",
        "10/2017/QĐ-TTg",
        "29/2018/TT-BTC",
        "115/NQ-CP",
        "57/2021/NĐ-CP",
    ] {
        assert!(
            m.policies().iter().any(|p| p.number == number),
            "policy {number} present"
        );
    }
    assert_eq!(
        m.programs()
            .iter()
            .find(|p| p.year == 2020)
            .map(|p| p.tasks.len()),
        Some(13),
        "the 13 tasks of the 2020 plan"
    );
}
