//! The state of the policy library on a given day, derived from the documents' own dates and
//! their amendment and replacement links (the printed edition shows its documents as of its
//! edition date, not as of today).

use chrono::NaiveDate;

use super::{Model, Policy, PolicyStatus};

impl Model {
    /// Whether `p` had been issued on `date`.
    pub fn issued_by(&self, p: &Policy, date: NaiveDate) -> bool {
        p.issued <= date
    }

    /// The status of `p` on `date`: replaced or amended only once a replacing or amending
    /// document had taken effect (its effective date, or its issue date when it has none). A
    /// document set `expired` without a replacement in effect keeps that status: the model has no
    /// date for its expiry.
    pub fn policy_status_on(&self, p: &Policy, date: NaiveDate) -> PolicyStatus {
        let in_effect = |slug: &String| {
            self.policy(slug)
                .is_some_and(|d| d.effective.unwrap_or(d.issued) <= date)
        };
        if p.replaced_by.iter().any(in_effect) {
            PolicyStatus::Replaced
        } else if p.status == PolicyStatus::Expired {
            PolicyStatus::Expired
        } else if p.amended_by.iter().any(in_effect) {
            PolicyStatus::Amended
        } else if matches!(p.status, PolicyStatus::Amended | PolicyStatus::Replaced) {
            PolicyStatus::InForce
        } else {
            p.status
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, PolicyKind, PolicyScope, Text};

    fn policy(slug: &str, issued: (i32, u32, u32), effective: Option<(i32, u32, u32)>) -> Policy {
        let d = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Policy {
            slug: slug.into(),
            title: Text::default(),
            number: slug.into(),
            kind: PolicyKind::Decree,
            issuer: "Chính phủ".into(),
            signer: None,
            scope: PolicyScope::National,
            issued: d(issued),
            effective: effective.map(d),
            status: PolicyStatus::InForce,
            amends: Vec::new(),
            amended_by: Vec::new(),
            replaces: Vec::new(),
            replaced_by: Vec::new(),
            source_url: None,
            draft: false,
            updated: None,
            body: Body::default(),
            origin: Default::default(),
        }
    }

    #[test]
    fn a_document_is_amended_or_replaced_only_once_the_later_one_takes_effect() {
        let mut base = policy("111", (2015, 11, 3), Some((2016, 1, 1)));
        base.status = PolicyStatus::Amended;
        base.amended_by = vec!["205".into()];
        let amending = policy("205", (2025, 7, 14), Some((2025, 9, 1)));
        let mut old = policy("12", (2011, 2, 24), None);
        old.status = PolicyStatus::Replaced;
        old.replaced_by = vec!["111".into()];
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handbook-basic");
        let mut parts = crate::content::load(&root, &Default::default())
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model
            .into_parts();
        parts.policies = vec![base, amending, old];
        let model = Model::new(parts);
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let (base, old) = (model.policy("111").unwrap(), model.policy("12").unwrap());
        assert_eq!(
            model.policy_status_on(base, on(2020, 12, 31)),
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(base, on(2025, 8, 31)),
            PolicyStatus::InForce,
            "issued, not yet in effect"
        );
        assert_eq!(
            model.policy_status_on(base, on(2025, 9, 1)),
            PolicyStatus::Amended
        );
        assert_eq!(
            model.policy_status_on(old, on(2015, 12, 31)),
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(old, on(2016, 1, 1)),
            PolicyStatus::Replaced
        );
        assert!(model.issued_by(base, on(2015, 11, 3)) && !model.issued_by(base, on(2015, 11, 2)));
    }
}
