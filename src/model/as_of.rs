//! The one status history of a legal document, and the policy library on a given day. The
//! history starts with the document in force from its effective (or issue) date; each amending
//! or replacing document of the library adds an entry from the date it took effect (its
//! effective date, or its issue date when it has none); the status the editor states adds the
//! last entry when the links do not already give it. Every entry carries its basis: the source
//! the editor checked the status against (or "unverified"), or, for a replacement, the later
//! document. The website shows the last entry, the handbook the entry of its edition date, open
//! data both.

use chrono::NaiveDate;

use super::provenance::{Basis, DocDate, StatusEntry};
use super::{Model, Policy, PolicyStatus};

impl Model {
    /// Whether `p` had surely been issued on `date` (a month-only date counts from the month's
    /// last day).
    pub fn issued_by(&self, p: &Policy, date: NaiveDate) -> bool {
        p.issued.last_day() <= date
    }

    /// The date the document `slug` took effect: its effective date, else its issue date.
    fn in_effect_from(&self, slug: &str) -> Option<DocDate> {
        self.policy(slug)
            .map(|d| d.effective.map(DocDate::day).unwrap_or(d.issued))
    }

    /// The status history of `p`, oldest first (see the module's documentation).
    pub fn status_history(&self, p: &Policy) -> Vec<StatusEntry> {
        let start = p.effective.map(DocDate::day).unwrap_or(p.issued);
        let mut history = vec![StatusEntry {
            since: Some(start),
            status: PolicyStatus::InForce,
            basis: p.status_basis.clone(),
            by: None,
        }];
        let amended = p.amended_by.iter().map(|s| (s, PolicyStatus::Amended));
        let replaced = p.replaced_by.iter().map(|s| (s, PolicyStatus::Replaced));
        let mut changes: Vec<StatusEntry> = amended
            .chain(replaced)
            .filter_map(|(slug, status)| {
                Some(StatusEntry {
                    since: Some(self.in_effect_from(slug)?),
                    status,
                    // A replacement follows from the later document; "amended" still says the
                    // document is in force, which only the editor's source can say.
                    basis: if status == PolicyStatus::Replaced {
                        Basis::Derived
                    } else {
                        p.status_basis.clone()
                    },
                    by: Some(slug.clone()),
                })
            })
            .collect();
        changes.sort_by_key(|e| (e.since, e.status == PolicyStatus::Replaced));
        for change in changes {
            let last = history.last().map(|e| e.status);
            if last == Some(PolicyStatus::Replaced) {
                break;
            }
            if !(last == Some(PolicyStatus::Amended) && change.status == PolicyStatus::Amended) {
                history.push(change);
            }
        }
        let last = history.last().map(|e| e.status);
        let stated_is_news = p.status != PolicyStatus::InForce
            && last != Some(p.status)
            && last != Some(PolicyStatus::Replaced);
        if stated_is_news {
            history.push(StatusEntry {
                since: p.status_since,
                status: p.status,
                basis: p.status_basis.clone(),
                by: None,
            });
        }
        history
    }

    /// The current status of `p` with its basis: the last entry of its history.
    pub fn policy_status(&self, p: &Policy) -> StatusEntry {
        let mut history = self.status_history(p);
        history.pop().unwrap_or(StatusEntry {
            since: None,
            status: p.status,
            basis: p.status_basis.clone(),
            by: None,
        })
    }

    /// The status of `p` on `date`, with its basis: the last entry of its history that had
    /// surely begun by then. An entry without a date applies from the day its source was checked,
    /// and an unverified one without a date from the build's today (the edition of an earlier
    /// year does not guess when a document expired).
    pub fn policy_status_on(&self, p: &Policy, date: NaiveDate) -> StatusEntry {
        let history = self.status_history(p);
        let begun = |e: &&StatusEntry| match (&e.since, &e.basis) {
            (Some(since), _) => since.last_day() <= date,
            (None, Basis::Sourced { checked, .. }) => *checked <= date,
            (None, _) => date >= self.today(),
        };
        history
            .iter()
            .rev()
            .find(begun)
            .or(history.first())
            .cloned()
            .unwrap_or_else(|| StatusEntry {
                since: None,
                status: p.status,
                basis: p.status_basis.clone(),
                by: None,
            })
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
            issued: DocDate::day(d(issued)),
            effective: effective.map(d),
            status: PolicyStatus::InForce,
            status_basis: Basis::Unverified,
            status_since: None,
            sample: false,
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
        let model = model_of(vec![base, amending, old]);
        let (base, old) = (model.policy("111").unwrap(), model.policy("12").unwrap());
        assert_eq!(
            model.policy_status_on(base, on(2020, 12, 31)).status,
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(base, on(2025, 8, 31)).status,
            PolicyStatus::InForce,
            "issued, not yet in effect"
        );
        assert_eq!(
            model.policy_status_on(base, on(2025, 9, 1)).status,
            PolicyStatus::Amended
        );
        assert_eq!(
            model.policy_status_on(old, on(2015, 12, 31)).status,
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(old, on(2016, 1, 1)).status,
            PolicyStatus::Replaced
        );
        assert!(model.issued_by(base, on(2015, 11, 3)) && !model.issued_by(base, on(2015, 11, 2)));
    }

    fn on(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn model_of(policies: Vec<Policy>) -> Model {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handbook-basic");
        let mut parts = crate::content::load(&root, &Default::default())
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model
            .into_parts();
        parts.policies = policies;
        Model::new(parts)
    }

    #[test]
    fn shows_an_amended_policy_as_in_force_before_its_amendment_took_effect() {
        let checked = on(2026, 12, 1);
        let mut base = policy("111", (2015, 11, 3), Some((2016, 1, 1)));
        base.status = PolicyStatus::Amended;
        base.status_basis = Basis::Sourced {
            source: "the reference".into(),
            checked,
        };
        base.amended_by = vec!["205".into()];
        let amending = policy("205", (2025, 7, 14), Some((2025, 9, 1)));
        let model = model_of(vec![base, amending]);
        let base = model.policy("111").unwrap();
        let before = model.policy_status_on(base, on(2025, 8, 31));
        assert_eq!(before.status, PolicyStatus::InForce);
        assert_eq!(before.since.unwrap().iso(), "2016-01-01");
        assert!(
            matches!(before.basis, Basis::Sourced { .. }),
            "the source is kept"
        );
        let after = model.policy_status_on(base, on(2025, 9, 1));
        assert_eq!(after.status, PolicyStatus::Amended);
        assert_eq!(after.by.as_deref(), Some("205"));
        assert_eq!(
            model.policy_status(base),
            after,
            "the site's status is today's"
        );
        assert_eq!(model.status_history(base).len(), 2);
    }

    #[test]
    fn a_month_only_replacement_counts_from_the_end_of_its_month() {
        let mut old = policy("94", (2020, 5, 5), None);
        old.status = PolicyStatus::Replaced;
        old.replaced_by = vec!["49".into()];
        let mut new = policy("49", (2021, 3, 1), None);
        new.issued = DocDate::month(2021, 3).unwrap();
        let model = model_of(vec![old, new]);
        let (old, new) = (model.policy("94").unwrap(), model.policy("49").unwrap());
        assert_eq!(
            model.policy_status_on(old, on(2020, 12, 31)).status,
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(old, on(2021, 3, 15)).status,
            PolicyStatus::InForce
        );
        let replaced = model.policy_status_on(old, on(2021, 3, 31));
        assert_eq!(
            (replaced.status, replaced.basis),
            (PolicyStatus::Replaced, Basis::Derived)
        );
        assert_eq!(replaced.since.unwrap().iso(), "2021-03");
        assert!(!model.issued_by(new, on(2021, 3, 30)) && model.issued_by(new, on(2021, 3, 31)));
    }

    #[test]
    fn an_undated_expiry_applies_from_its_check_or_only_today_when_unverified() {
        let mut unverified = policy("91", (2019, 4, 9), None);
        unverified.status = PolicyStatus::Expired;
        let mut sourced = policy("x", (2019, 4, 9), None);
        sourced.status = PolicyStatus::Expired;
        sourced.status_basis = Basis::Sourced {
            source: "gazette".into(),
            checked: on(2022, 1, 10),
        };
        let model = model_of(vec![unverified, sourced]);
        let (u, s) = (model.policy("91").unwrap(), model.policy("x").unwrap());
        assert_eq!(
            model.policy_status_on(u, on(2020, 12, 31)).status,
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(u, model.today()).status,
            PolicyStatus::Expired
        );
        assert_eq!(model.policy_status(u).status, PolicyStatus::Expired);
        assert_eq!(model.policy_status(u).basis, Basis::Unverified);
        assert_eq!(
            model.policy_status_on(s, on(2022, 1, 9)).status,
            PolicyStatus::InForce
        );
        assert_eq!(
            model.policy_status_on(s, on(2022, 1, 10)).status,
            PolicyStatus::Expired
        );
    }
}
