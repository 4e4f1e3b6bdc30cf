//! The state of the policy library on a given day, derived from the documents' own dates and
//! their amendment and replacement links (the printed edition shows its documents as of its
//! edition date, not as of today).

use chrono::NaiveDate;

use super::{Model, Policy};

impl Model {
    /// Whether `p` had been issued on `date`.
    pub fn issued_by(&self, p: &Policy, date: NaiveDate) -> bool {
        p.issued <= date
    }

    /// The status of `p` on `date` (`in-force`, `amended`, `replaced`, `expired`): replaced or
    /// amended only once a replacing or amending document had taken effect (its effective date,
    /// or its issue date when it has none). A document set `expired` without a replacement in
    /// effect keeps that status: the model has no date for its expiry.
    pub fn policy_status_on<'a>(&self, p: &'a Policy, date: NaiveDate) -> &'a str {
        let in_effect = |slug: &String| {
            self.policy(slug)
                .is_some_and(|d| d.effective.unwrap_or(d.issued) <= date)
        };
        if p.replaced_by.iter().any(in_effect) {
            "replaced"
        } else if p.status == "expired" {
            "expired"
        } else if p.amended_by.iter().any(in_effect) {
            "amended"
        } else if matches!(p.status.as_str(), "amended" | "replaced") {
            "in-force"
        } else {
            &p.status
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(slug: &str, issued: (i32, u32, u32), effective: Option<(i32, u32, u32)>) -> Policy {
        let d = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Policy {
            slug: slug.into(),
            title: String::new(),
            title_en: None,
            number: slug.into(),
            kind: "Nghị định".into(),
            issuer: "Chính phủ".into(),
            signer: None,
            scope: "national".into(),
            issued: d(issued),
            effective: effective.map(d),
            status: "in-force".into(),
            amends: Vec::new(),
            amended_by: Vec::new(),
            replaces: Vec::new(),
            replaced_by: Vec::new(),
            source_url: None,
            summary_en: None,
            draft: false,
            updated: None,
            body: String::new(),
            origin: Default::default(),
        }
    }

    #[test]
    fn a_document_is_amended_or_replaced_only_once_the_later_one_takes_effect() {
        let mut base = policy("111", (2015, 11, 3), Some((2016, 1, 1)));
        base.status = "amended".into();
        base.amended_by = vec!["205".into()];
        let amending = policy("205", (2025, 7, 14), Some((2025, 9, 1)));
        let mut old = policy("12", (2011, 2, 24), None);
        old.status = "replaced".into();
        old.replaced_by = vec!["111".into()];
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handbook-basic");
        let mut model = crate::content::load(&root, &Default::default())
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model;
        model.policies = vec![base, amending, old];
        model.policy_index = model
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.clone(), i))
            .collect();
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let (base, old) = (&model.policies[0], &model.policies[2]);
        assert_eq!(model.policy_status_on(base, on(2020, 12, 31)), "in-force");
        assert_eq!(
            model.policy_status_on(base, on(2025, 8, 31)),
            "in-force",
            "issued, not yet in effect"
        );
        assert_eq!(model.policy_status_on(base, on(2025, 9, 1)), "amended");
        assert_eq!(model.policy_status_on(old, on(2015, 12, 31)), "in-force");
        assert_eq!(model.policy_status_on(old, on(2016, 1, 1)), "replaced");
        assert!(model.issued_by(base, on(2015, 11, 3)) && !model.issued_by(base, on(2015, 11, 2)));
    }
}
