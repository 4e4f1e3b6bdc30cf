//! Enterprise descriptions of realistic length for `cnht gen --descriptions long`: 600 to 640
//! words of Vietnamese prose about one synthetic enterprise, in the shape of the real profiles
//! (an introduction, then products, equipment, quality, customers, people, environment and plans
//! under `##` headings, with one bullet list).
//!
//! The text is composed from many sentence templates per section (`prose.toml`), filled from the
//! vocabulary of the enterprise's trade (metal, polymer, electrical, textile, leather, packaging)
//! and from its own facts (products, district, year, workforce, certifications, market). Each
//! enterprise takes a different subset of the templates in a different order with different
//! fillings, so neither compression nor a search index is flattered by pages that repeat one
//! another. Deterministic: the same facts and seed give the same text.
//!
//! Placeholders: {N} trade name, {P} a product, {p} the same in lower case, {M} material,
//! {X} process, {K} machine, {C} customer, {U} use, {I} measuring instrument, {L} lean practice,
//! {Q} quality method, {S} software, {R} partner, {G} green measure, {T} a neighbouring
//! province, {Y} founding year, {E} employees, {D} district (and park), {W} a market (its own
//! first), {O} yearly output, {CERTS} its certifications, {SINCE} a year after its founding,
//! {n:a-b} a number in a..=b. One placeholder used twice in a sentence gets two values.

use super::Rng;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Fewest and most words of a long description (words: whitespace-separated tokens holding a
/// letter or a digit, as a reader would count them; Markdown markers are not words).
pub const WORDS: std::ops::RangeInclusive<usize> = 600..=640;

/// What the description says about the enterprise: the facts of its front matter.
pub struct Facts<'a> {
    /// The trade name used in running text ("Minh Phát").
    pub short_name: &'a str,
    /// Its products, as in the front matter.
    pub products: &'a [&'a str],
    /// Its certifications (may be empty).
    pub certifications: &'a [&'a str],
    /// Export market, ISO 3166 alpha-2.
    pub market: &'a str,
    /// District kind and name ("Quận", "Cầu Giấy").
    pub district: (&'a str, &'a str),
    /// Name of its industrial park, if any.
    pub park: Option<&'a str>,
    /// Year founded.
    pub founded: u64,
    /// Number of employees.
    pub employees: u64,
}

/// The contents of `prose.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vocabulary {
    trades: BTreeMap<String, Trade>,
    words: Words,
    certification: Certification,
    markets: BTreeMap<String, String>,
    sections: Vec<Section>,
}

/// The vocabulary of one trade.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Trade {
    /// Products of the trade besides those of the front matter, for sentences naming several.
    related: Vec<String>,
    materials: Vec<String>,
    processes: Vec<String>,
    machines: Vec<String>,
    customers: Vec<String>,
    uses: Vec<String>,
    instruments: Vec<String>,
    /// Yearly output: unit and a plausible range.
    output: Output,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    unit: String,
    min: u64,
    max: u64,
}

/// Vocabulary shared by every trade.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    regions: Vec<String>,
    lean: Vec<String>,
    quality_tools: Vec<String>,
    software: Vec<String>,
    partners: Vec<String>,
    green: Vec<String>,
    capabilities: Vec<String>,
}

/// What the quality section says first, by number of certifications.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Certification {
    none: String,
    one: String,
    many: String,
}

/// A section: its heading (none for the introduction), the fewest sentences it keeps, its
/// sentence templates (the first one leads), and what else it holds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    heading: Option<String>,
    min: usize,
    sentences: Vec<String>,
    /// A bullet list of capabilities follows the section, under this line.
    list_title: Option<String>,
    /// The section starts with the certification sentence.
    #[serde(default)]
    certifications: bool,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        toml::from_str(include_str!("prose.toml")).expect("prose.toml is checked by the tests")
    })
}

/// The trade of a product of `cnht gen`'s list (by words of its name).
fn trade(product: &str) -> &'static Trade {
    let p = product.to_lowercase();
    let has = |w: &[&str]| w.iter().any(|w| p.contains(w));
    let key = if has(&["nhựa", "cao su"]) {
        "polymer"
    } else if has(&["điện", "mạch", "cáp", "cuộn cảm"]) {
        "electrical"
    } else if has(&["sợi", "vải", "khóa kéo", "nhãn"]) {
        "textile"
    } else if has(&["giày"]) || p.starts_with("da ") {
        "leather"
    } else if has(&["bao bì", "carton"]) {
        "packaging"
    } else {
        "metal"
    };
    &vocabulary().trades[key]
}

/// Words as [`WORDS`] counts them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The Markdown description of one enterprise: 600 to 640 words (see [`WORDS`]).
pub fn description(facts: &Facts, seed: u64) -> String {
    let vocabulary = vocabulary();
    // Seeds next to each other give unrelated sequences after one SplitMix64 step.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    let mut rng = Rng((z ^ (z >> 31)) | 1);
    let mut fill = Filler {
        facts,
        vocabulary,
        trade: trade(facts.products.first().copied().unwrap_or("")),
        rng: &mut rng,
    };
    let sections = &vocabulary.sections;
    // Each section: its sentences (rendered now) in a shuffled order, the lead kept first.
    let mut pools: Vec<Vec<String>> = sections
        .iter()
        .map(|s| {
            let mut order: Vec<usize> = (0..s.sentences.len()).collect();
            fill.shuffle(&mut order[1..]);
            order
                .into_iter()
                .map(|i| fill.render(&s.sentences[i]))
                .collect()
        })
        .collect();
    let mut capabilities: Vec<String> = {
        let all = &vocabulary.words.capabilities;
        let mut order: Vec<usize> = (0..all.len()).collect();
        fill.shuffle(&mut order);
        let n = 4 + fill.rng.below(3) as usize;
        order[..n.min(all.len())]
            .iter()
            .map(|&i| fill.render(&all[i]))
            .collect()
    };
    let certification = fill.render(match facts.certifications {
        [] => &vocabulary.certification.none,
        [_] => &vocabulary.certification.one,
        _ => &vocabulary.certification.many,
    });

    let mut chosen: Vec<Vec<String>> = vec![Vec::new(); sections.len()];
    let mut words = 0;
    for (i, s) in sections.iter().enumerate() {
        words += s.heading.as_deref().map_or(0, word_count);
        words += s.list_title.as_deref().map_or(0, word_count);
        if s.list_title.is_some() {
            words += capabilities.iter().map(|c| word_count(c)).sum::<usize>();
        }
        if s.certifications {
            words += word_count(&certification);
            chosen[i].push(certification.clone());
        }
        for _ in 0..s.min.min(pools[i].len()) {
            let t = pools[i].remove(0);
            words += word_count(&t);
            chosen[i].push(t);
        }
    }
    // More sentences, from sections picked at random, until the text is long enough; a sentence
    // that would make it too long is left out.
    let (low, high) = (*WORDS.start(), *WORDS.end());
    while words < low {
        let fits = |t: &String| words + word_count(t) <= high;
        let open: Vec<usize> = (0..pools.len())
            .filter(|&i| pools[i].iter().any(fits))
            .collect();
        if open.is_empty() {
            break;
        }
        let i = open[fill.rng.below(open.len() as u64) as usize];
        let j = pools[i]
            .iter()
            .position(fits)
            .expect("the section was open");
        let t = pools[i].remove(j);
        words += word_count(&t);
        chosen[i].push(t);
    }
    while words > high && capabilities.len() > 1 {
        let c = capabilities.pop().expect("more than one");
        words -= word_count(&c);
    }

    let mut out = String::new();
    for (s, sentences) in sections.iter().zip(&chosen) {
        if let Some(h) = &s.heading {
            out.push_str(&format!("## {h}\n\n"));
        }
        out.push_str(&sentences.join(" "));
        out.push_str("\n\n");
        if let Some(title) = &s.list_title {
            out.push_str(&format!("{title}\n\n"));
            for (k, c) in capabilities.iter().enumerate() {
                let end = if k + 1 == capabilities.len() {
                    '.'
                } else {
                    ';'
                };
                out.push_str(&format!("- {}{end}\n", capitalize(c)));
            }
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Fills templates for one enterprise.
struct Filler<'f, 'a> {
    facts: &'f Facts<'a>,
    vocabulary: &'static Vocabulary,
    trade: &'static Trade,
    rng: &'f mut Rng,
}

impl<'a> Filler<'_, 'a> {
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.rng.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// One of `items` not in `used` (any when all are), remembered in `used`.
    fn fresh<'s, S: AsRef<str>>(&mut self, items: &'s [S], used: &mut Vec<&'s str>) -> &'s str {
        let left: Vec<&'s str> = items
            .iter()
            .map(AsRef::as_ref)
            .filter(|i| !used.contains(i))
            .collect();
        let pick = if left.is_empty() {
            items[self.rng.below(items.len() as u64) as usize].as_ref()
        } else {
            left[self.rng.below(left.len() as u64) as usize]
        };
        used.push(pick);
        pick
    }

    /// One of the enterprise's products not named yet in the sentence, else a related product
    /// of its trade.
    fn product<'s>(&mut self, used: &mut Vec<&'s str>) -> &'s str
    where
        'a: 's,
    {
        let own = self.facts.products;
        if own.is_empty() || own.iter().all(|p| used.contains(p)) {
            self.fresh(&self.trade.related, used)
        } else {
            self.fresh(own, used)
        }
    }

    /// The sentence `template` with its placeholders filled, its first letter a capital.
    fn render(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut used: Vec<&str> = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open
                + rest[open..]
                    .find('}')
                    .expect("templates close their braces");
            let key = &rest[open + 1..close];
            let value = self.value(key, &mut used);
            out.push_str(&value);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        capitalize(&out)
    }

    fn value<'s>(&mut self, key: &str, used: &mut Vec<&'s str>) -> String
    where
        'a: 's,
    {
        let (f, t, w) = (self.facts, self.trade, &self.vocabulary.words);
        match key {
            "N" => f.short_name.to_owned(),
            "P" => self.product(used).to_owned(),
            "p" => lower_first(self.product(used)),
            "M" => self.fresh(&t.materials, used).to_owned(),
            "X" => self.fresh(&t.processes, used).to_owned(),
            "K" => self.fresh(&t.machines, used).to_owned(),
            "C" => self.fresh(&t.customers, used).to_owned(),
            "U" => self.fresh(&t.uses, used).to_owned(),
            "I" => self.fresh(&t.instruments, used).to_owned(),
            "L" => self.fresh(&w.lean, used).to_owned(),
            "Q" => self.fresh(&w.quality_tools, used).to_owned(),
            "S" => self.fresh(&w.software, used).to_owned(),
            "R" => self.fresh(&w.partners, used).to_owned(),
            "G" => self.fresh(&w.green, used).to_owned(),
            "T" => self.fresh(&w.regions, used).to_owned(),
            "Y" => f.founded.to_string(),
            "E" => f.employees.to_string(),
            "SINCE" => (f.founded + 2 + self.rng.below(10)).to_string(),
            "CERTS" => match f.certifications {
                [] => String::new(),
                [one] => (*one).to_owned(),
                [init @ .., last] => format!("{} và {last}", init.join(", ")),
            },
            "D" => {
                let district = format!("{} {}", f.district.0.to_lowercase(), f.district.1);
                match f.park {
                    Some(park) => format!("{park}, {district}"),
                    None => district,
                }
            }
            "W" => {
                let markets = &self.vocabulary.markets;
                // The enterprise's own market first, then others it may also serve.
                match markets.get(f.market).map(String::as_str) {
                    Some(own) if !used.contains(&own) => {
                        used.push(own);
                        own.to_owned()
                    }
                    _ => {
                        let names: Vec<&'static str> =
                            markets.values().map(String::as_str).collect();
                        let pick = names[self.rng.below(names.len() as u64) as usize];
                        used.push(pick);
                        pick.to_owned()
                    }
                }
            }
            "O" => {
                let o = &t.output;
                let n = o.min + self.rng.below(o.max - o.min + 1);
                format!("{n} {}", o.unit)
            }
            k if k.starts_with("n:") => {
                let (lo, hi) = k[2..].split_once('-').expect("a range a-b");
                let lo: u64 = lo.parse().expect("a number");
                let hi: u64 = hi.parse().expect("a number");
                (lo + self.rng.below(hi - lo + 1)).to_string()
            }
            other => panic!("unknown placeholder {{{other}}} in prose.toml"),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Bánh răng" → "bánh răng"; a name that starts with two capitals ("PA66") stays.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(b)) if b.is_uppercase() => s.to_owned(),
        (Some(a), _) => a.to_lowercase().chain(s.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn facts<'a>(products: &'a [&'a str], certs: &'a [&'a str]) -> Facts<'a> {
        Facts {
            short_name: "Minh Phát",
            products,
            certifications: certs,
            market: "JP",
            district: ("Huyện", "Đông Anh"),
            park: Some("Khu công nghiệp Thăng Long"),
            founded: 2004,
            employees: 320,
        }
    }

    #[test]
    fn length_shape_and_determinism() {
        let products = ["Bánh răng", "Trục chính xác"];
        for seed in 0..300u64 {
            let f = facts(&products, &["ISO 9001:2015"]);
            let text = description(&f, seed);
            let n = word_count(&text);
            assert!(WORDS.contains(&n), "seed {seed}: {n} words\n{text}");
            assert_eq!(text, description(&f, seed), "deterministic");
            assert!(!text.contains('{') && !text.contains('}'), "{text}");
            assert_eq!(text.nfc().collect::<String>(), text, "NFC");
            assert!(text.contains("## Quản lý chất lượng\n\n"));
            assert!(text.contains("\n- "), "a bullet list");
            assert!(text.contains("ISO 9001:2015"));
        }
    }

    #[test]
    fn every_trade_and_certification_case_fits() {
        let lists: [&[&str]; 6] = [
            &["Khuôn ép nhựa"],
            &["Bảng mạch in", "Cáp điện"],
            &["Sợi polyester"],
            &["Da thuộc", "Đế giày"],
            &["Bao bì carton"],
            &["Chi tiết dập kim loại"],
        ];
        let certs: [&[&str]; 3] = [
            &[],
            &["ISO 14001:2015"],
            &["ISO 9001:2015", "IATF 16949:2016"],
        ];
        for (i, products) in lists.iter().enumerate() {
            for (j, c) in certs.iter().enumerate() {
                let text = description(&facts(products, c), (i * 10 + j) as u64);
                assert!(WORDS.contains(&word_count(&text)), "{text}");
            }
        }
        assert!(
            description(&facts(&["Da thuộc"], &[]), 1).contains("thuộc da")
                || description(&facts(&["Da thuộc"], &[]), 1).contains("giày")
        );
    }

    #[test]
    fn every_template_renders_in_every_trade() {
        let v = vocabulary();
        let products = ["Bánh răng"];
        let f = facts(&products, &["ISO 9001:2015", "ISO 14001:2015"]);
        let mut rng = Rng(7);
        for trade in v.trades.values() {
            assert!(trade.output.min <= trade.output.max);
            let mut fill = Filler {
                facts: &f,
                vocabulary: v,
                trade,
                rng: &mut rng,
            };
            let templates = v.sections.iter().flat_map(|s| &s.sentences);
            for t in templates.chain(&v.words.capabilities) {
                let s = fill.render(t);
                assert!(!s.contains('{') && word_count(&s) <= 40, "{s}");
            }
        }
        let certs = [
            &v.certification.none,
            &v.certification.one,
            &v.certification.many,
        ];
        assert!(certs.iter().all(|c| !c.is_empty()));
    }

    #[test]
    fn texts_differ_between_enterprises() {
        let products = ["Vỏ nhựa thiết bị điện"];
        let a = description(&facts(&products, &[]), 1);
        let b = description(&facts(&products, &[]), 2);
        let sentences = |t: &str| -> std::collections::HashSet<String> {
            t.split(". ").map(str::to_owned).collect()
        };
        let (sa, sb) = (sentences(&a), sentences(&b));
        let shared = sa.intersection(&sb).count();
        assert!(
            shared * 3 < sa.len(),
            "{shared} of {} sentences shared",
            sa.len()
        );
    }
}
