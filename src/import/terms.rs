//! Survey cells mapped onto the data vocabularies: a cell of processes, certifications, export
//! markets or product groups becomes the keys of the entries it names. Items are split at `;`,
//! line breaks and "+", and an item that names no entry is split again at commas ("ISO 9001:2015,
//! ISO 14001:2015"), so a comma inside a name ("Cắt, phay CNC") still maps whole. Each item is
//! matched by its folded form against every key, name and synonym ("iso 9001" → `iso-9001`,
//! "Ép phun" → `injection-moulding`, "Japan" → `JP`), and again with a certification's spelling
//! tidied ("iso9001:2015" → "ISO 9001:2015", `clean::certification`); what maps onto nothing is reported, with the
//! closest name, so the editor adds a synonym to the data file or corrects the cell; the items that
//! map are imported all the same (an optional field never rejects an enterprise).

use super::clean::{certification, split_list, Problem};
use crate::model::terms::{normalise, TermKind, Terms};

/// The keys of the entries `cell` names, each once, in the cell's order, and what is said of the
/// items that map onto nothing (they are left out).
pub fn keys<K: TermKind>(cell: &str, terms: &Terms<K>) -> (Vec<String>, Option<Problem>) {
    let mut out: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let add = |key: &str, out: &mut Vec<String>| {
        if !out.iter().any(|k| k == key) {
            out.push(key.to_owned());
        }
    };
    for item in split_list(cell, false) {
        if let Some(t) = terms
            .find(&item)
            .or_else(|| terms.find(&certification(&item)))
        {
            add(&t.key, &mut out);
            continue;
        }
        for part in item.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match terms
                .find(part)
                .or_else(|| terms.find(&certification(part)))
            {
                Some(t) => add(&t.key, &mut out),
                None => unknown.push(part.to_owned()),
            }
        }
    }
    if unknown.is_empty() {
        return (out, None);
    }
    let forms: Vec<String> = terms.all().iter().flat_map(|t| t.forms()).collect();
    let near: Vec<String> = unknown
        .iter()
        .filter_map(|u| {
            let n = normalise(u);
            crate::diagnostics::did_you_mean(&n, forms.iter().map(String::as_str))
                .and_then(|f| terms.find(f))
                .map(|t| format!("\"{u}\" → {} ({})", t.key, t.name.vi))
        })
        .collect();
    let items = unknown
        .iter()
        .map(|u| format!("\"{u}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let problem =
        crate::messages::cells::unmapped(&items, &near.join(", "), (K::NOUN, K::NOUN_VI), K::FILE);
    (out, Some(problem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::terms::{CertificationKind, Country, Process};
    use crate::model::{Term, Text};

    fn term(key: &str, vi: &str, en: &str, synonyms: &[&str]) -> Term {
        Term::named(key, Text::new(vi, Some(en.into())), synonyms)
    }

    #[test]
    fn certifications_split_at_commas_and_normalised() {
        let certs: Terms<CertificationKind> = Terms::new(vec![
            term(
                "iso-9001",
                "ISO 9001:2015",
                "ISO 9001:2015",
                &["iso 9001", "iso9001"],
            ),
            term(
                "iso-14001",
                "ISO 14001:2015",
                "ISO 14001:2015",
                &["iso 14001"],
            ),
        ]);
        assert_eq!(
            keys("ISO 9001:2015, ISO 14001:2015", &certs).0,
            ["iso-9001", "iso-14001"]
        );
        assert_eq!(keys("iso 9001; ISO9001", &certs).0, ["iso-9001"]);
        assert_eq!(
            keys("iso9001:2015", &certs).0,
            ["iso-9001"],
            "spelling tidied"
        );
        let (kept, err) = keys("ISO 9001:2015, ISO 9002", &certs);
        assert_eq!(kept, ["iso-9001"], "what maps is kept");
        let err = err.unwrap();
        assert!(err.0.message.contains("\"ISO 9002\""), "{}", err.0.message);
        assert!(
            err.1.message.contains("không phải chứng nhận đã biết"),
            "{}",
            err.1.message
        );
    }

    #[test]
    fn a_comma_inside_a_name_maps_whole() {
        let p: Terms<Process> = Terms::new(vec![
            term("milling", "Phay CNC", "CNC milling", &["cắt, phay cnc"]),
            term("stamping", "Dập kim loại", "Metal stamping", &["dập"]),
        ]);
        assert_eq!(keys("Cắt, phay CNC; Dập", &p).0, ["milling", "stamping"]);
        assert_eq!(keys("dap, Phay CNC", &p).0, ["stamping", "milling"]);
        let err = keys("Dập, Đột", &p).1.unwrap();
        assert!(err.0.message.contains("\"Đột\""), "{}", err.0.message);
        assert!(err.0.hint.unwrap().contains("content/data/processes.toml"));
    }

    #[test]
    fn countries_by_code_and_name() {
        let c: Terms<Country> = Terms::new(vec![
            term("JP", "Nhật Bản", "Japan", &[]),
            term("KR", "Hàn Quốc", "South Korea", &["korea"]),
        ]);
        assert_eq!(keys("jp, Korea; Nhật bản", &c).0, ["JP", "KR"]);
    }
}
