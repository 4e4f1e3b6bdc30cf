//! The model's constructor orders and indexes whatever records it is given (no caller fills an
//! index by hand), and the facts derived from the records are the model's.

mod common;

use cnht::content::{load, LoadOptions};
use cnht::model::{HeldCertification, Lang, Model, ProgramTarget, Section, TargetMeasure, Text};
use common::*;
use std::path::PathBuf;

fn basic() -> Model {
    let site = site(&["basic"]);
    load(site.path(), &LoadOptions::default())
        .unwrap_or_else(|r| panic!("{}", r.render_short()))
        .model
}

#[test]
fn a_record_added_to_the_parts_is_ordered_and_indexed() {
    let model = basic();
    let before = model.enterprises().len();
    let mut parts = model.into_parts();
    let mut e = parts.enterprises[0].clone();
    e.slug = "an-binh".into();
    e.name = Text::new("Công ty TNHH An Bình", None);
    e.tax_code = "0109007003".into();
    e.sector = parts.site.sectors.last().unwrap().key.clone();
    e.district = parts.districts.last().unwrap().slug.clone();
    e.industrial_park = None;
    e.certifications = vec![HeldCertification::of("tcvn")];
    e.international = true; // wrong on purpose: the constructor works it out
    e.origin.file = PathBuf::from("content/enterprises/an-binh.md");
    let (sector, district) = (e.sector.clone(), e.district.clone());
    parts.enterprises.push(e);
    let model = Model::new(parts);

    assert_eq!(model.enterprises().len(), before + 1);
    let i = model
        .enterprises()
        .iter()
        .position(|e| e.slug == "an-binh")
        .unwrap();
    // Vietnamese order of the distinctive name: "An Bình" before "Ăn Phát".
    let j = model
        .enterprises()
        .iter()
        .position(|e| e.slug == "an-phat")
        .unwrap();
    assert!(i < j, "An Bình sorts before Ăn Phát");
    assert!(model.in_sector(&sector).contains(&i));
    assert!(model.in_district(&district).contains(&i));
    let tcvn = model
        .certifications()
        .iter()
        .find(|c| c.slug == "tcvn")
        .unwrap();
    assert_eq!(tcvn.enterprises, vec![i]);
    assert!(!model.enterprises()[i].international, "TCVN is national");
    assert_eq!(
        model.content_record("enterprises/an-binh.md"),
        Some((Section::Enterprise, "an-binh", "/doanh-nghiep/an-binh/"))
    );
    assert!(model
        .page_addresses()
        .contains(&"/doanh-nghiep/an-binh/".to_owned()));
    assert!(model
        .page_addresses()
        .contains(&"/chung-nhan/tcvn/".to_owned()));
}

#[test]
fn derived_facts_are_the_models() {
    let model = basic();
    let target = |measure| ProgramTarget {
        label: Text::new("Chỉ tiêu", None),
        value: 10.0,
        unit: None,
        measure,
    };
    assert_eq!(
        model.target_actual(&target(TargetMeasure::Enterprises)),
        Some(model.enterprises().len())
    );
    assert_eq!(
        model.target_actual(&target(TargetMeasure::InternationalStandard)),
        Some(model.international_count())
    );
    assert_eq!(model.target_actual(&target(TargetMeasure::Other)), None);
    let dong_anh = model.district("dong-anh").unwrap();
    assert_eq!(dong_anh.label(Lang::Vi), "Huyện Đông Anh");
    assert_eq!(dong_anh.label(Lang::En), "Đông Anh District");
    let counts: Vec<usize> = model
        .districts_by_count()
        .iter()
        .map(|d| model.in_district(&d.slug).len())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(model.edition_program().map(|p| p.year), Some(2020));
}
