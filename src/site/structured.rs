//! schema.org structured data (JSON-LD) of enterprises and legal documents, built with serde_json
//! from the model and made safe to place inside a `<script>` element.

use super::images::Picture;
use crate::model::{urls, Enterprise, Lang, Model, Policy, PolicyScope, PolicyStatus};
use serde_json::{json, Map, Value};

/// JSON text that can sit inside `<script type="application/ld+json">`: `</` is written `<\/`
/// (the same string in JSON) so no text can close the element, and every other `<` is written
/// `\u003c`, so no `<!--` or `<script` can change how the browser reads the element either.
pub fn script_safe(v: &Value) -> String {
    let json = serde_json::to_string(v).expect("JSON values serialise");
    let mut out = String::with_capacity(json.len() + 16);
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if chars.peek() == Some(&'/') => {
                chars.next();
                out.push_str("<\\/");
            }
            '<' => out.push_str("\\u003c"),
            c => out.push(c),
        }
    }
    out
}

fn absolute(model: &Model, url: &str) -> String {
    format!("{}{}", model.site().base_url, url)
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.to_owned(), v);
    }
}

/// The `Organization` of an enterprise page.
pub fn enterprise(model: &Model, e: &Enterprise, lang: Lang, logo: Option<&Picture>) -> String {
    let page = absolute(model, &lang.url(&urls::enterprise(&e.slug)));
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("Organization"));
    m.insert("@id".into(), json!(format!("{page}#organization")));
    m.insert("name".into(), json!(e.name.vi));
    m.insert("legalName".into(), json!(e.name.vi));
    put(&mut m, "alternateName", e.name.en().map(|s| json!(s)));
    m.insert("taxID".into(), json!(e.tax_code));
    let mut address = Map::new();
    address.insert("@type".into(), json!("PostalAddress"));
    address.insert("streetAddress".into(), json!(e.address));
    put(
        &mut address,
        "addressLocality",
        model.district(&e.district).map(|d| json!(d.name)),
    );
    address.insert("addressRegion".into(), json!("Hà Nội"));
    address.insert("addressCountry".into(), json!("VN"));
    m.insert("address".into(), Value::Object(address));
    put(
        &mut m,
        "telephone",
        e.contact.phone.as_ref().map(|s| json!(s)),
    );
    put(&mut m, "email", e.contact.email.as_ref().map(|s| json!(s)));
    m.insert(
        "url".into(),
        json!(e.contact.website.clone().unwrap_or_else(|| page.clone())),
    );
    m.insert("mainEntityOfPage".into(), json!(page));
    put(
        &mut m,
        "logo",
        logo.map(|p| json!(absolute(model, &p.largest))),
    );
    put(
        &mut m,
        "foundingDate",
        e.founded.map(|y| json!(y.to_string())),
    );
    put(
        &mut m,
        "numberOfEmployees",
        e.employees
            .map(|n| json!({"@type": "QuantitativeValue", "value": n})),
    );
    m.insert("knowsAbout".into(), json!(e.products.pick(lang).text));
    if !e.certifications.is_empty() {
        let creds: Vec<Value> = e
            .certifications
            .iter()
            .map(|c| {
                json!({
                    "@type": "EducationalOccupationalCredential",
                    "name": model.vocabularies().certifications.label(&c.key, lang),
                    "credentialCategory": "certification",
                })
            })
            .collect();
        m.insert("hasCredential".into(), Value::Array(creds));
    }
    if let Some(s) = model.sector(&e.sector) {
        m.insert("industry".into(), json!(s.name.pick(lang).text));
    }
    script_safe(&Value::Object(m))
}

/// schema.org's legal force of a document status.
fn legal_force(status: PolicyStatus) -> &'static str {
    match status {
        PolicyStatus::InForce => "https://schema.org/InForce",
        PolicyStatus::Amended => "https://schema.org/PartiallyInForce",
        PolicyStatus::Replaced | PolicyStatus::Expired => "https://schema.org/NotInForce",
    }
}

/// The `Legislation` of a policy page.
pub fn policy(model: &Model, p: &Policy, lang: Lang) -> String {
    let page = absolute(model, &lang.url(&urls::policy(&p.slug)));
    let reference = |slug: &String| -> Option<Value> {
        let r = model.policy(slug)?;
        Some(json!({
            "@type": "Legislation",
            "@id": format!("{}#legislation", absolute(model, &lang.url(&urls::policy(&r.slug)))),
            "name": r.title.vi,
            "legislationIdentifier": r.number,
            "url": absolute(model, &lang.url(&urls::policy(&r.slug))),
        }))
    };
    let refs = |slugs: &[String]| -> Vec<Value> { slugs.iter().filter_map(reference).collect() };
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("Legislation"));
    m.insert("@id".into(), json!(format!("{page}#legislation")));
    m.insert("name".into(), json!(p.title.vi));
    put(&mut m, "alternateName", p.title.en().map(|s| json!(s)));
    m.insert("legislationIdentifier".into(), json!(p.number));
    m.insert("legislationDate".into(), json!(p.issued.iso()));
    put(
        &mut m,
        "legislationDateOfApplicability",
        p.effective.map(|d| json!(d.to_string())),
    );
    // Search engines get the legal force only when it rests on a source or a later document.
    let current = model.policy_status(p);
    if current.basis != crate::model::Basis::Unverified {
        m.insert(
            "legislationLegalForce".into(),
            json!(legal_force(current.status)),
        );
    }
    m.insert("legislationType".into(), json!(p.kind.key()));
    m.insert(
        "legislationPassedBy".into(),
        json!({"@type": "Organization", "name": p.issuer}),
    );
    m.insert(
        "legislationJurisdiction".into(),
        json!(match p.scope {
            PolicyScope::Hanoi => "VN-HN",
            PolicyScope::National => "VN",
        }),
    );
    m.insert("inLanguage".into(), json!("vi"));
    m.insert("url".into(), json!(page));
    put(&mut m, "sameAs", p.source_url.as_ref().map(|s| json!(s)));
    let amends = refs(&p.amends);
    let mut changes = amends.clone();
    changes.extend(refs(&p.replaces));
    if !amends.is_empty() {
        m.insert("legislationAmends".into(), Value::Array(amends));
    }
    if !changes.is_empty() {
        m.insert("legislationChanges".into(), Value::Array(changes));
    }
    script_safe(&Value::Object(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let s = script_safe(&json!({"name": "a</script><script>x</SCRIPT> <!-- b"}));
        assert!(!s.contains("</"));
        assert!(!s.contains("<!--"));
        assert!(!s.contains("<script"));
        assert!(s.contains("a<\\/script>"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "a</script><script>x</SCRIPT> <!-- b");
    }
}
