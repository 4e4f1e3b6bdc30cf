//! `cnht gen`: a valid synthetic site of N enterprises for scale tests and benchmarks (never
//! published). Settings, districts, parks, policies, pages, theme and the sample enterprises come
//! from an existing site; synthetic enterprises, generated deterministically, make up the rest of N.

use crate::content::{load, LoadOptions};
use crate::diagnostics::{Diagnostic, Report};
use crate::taxcode;
use std::fmt::Write as _;
use std::path::Path;

mod prose;
pub use prose::{word_count, WORDS as LONG_DESCRIPTION_WORDS};

/// How long the synthetic enterprises' descriptions are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Descriptions {
    /// Two short paragraphs (about 50 words), as the first benchmarks used.
    #[default]
    Short,
    /// 600 to 640 words of varied prose under headings, the length of a real enterprise profile.
    Long,
}

const PREFIXES: &[&str] = &[
    "Cơ khí",
    "Điện tử",
    "Nhựa",
    "Khuôn mẫu",
    "Dệt",
    "May",
    "Da giày",
    "Linh kiện",
    "Vật liệu",
    "Công nghệ",
    "Phụ tùng",
    "Cao su",
    "Bao bì",
    "Đúc",
    "Tự động hoá",
];
const WORDS: &[&str] = &[
    "Minh",
    "Phát",
    "Hưng",
    "Thịnh",
    "An",
    "Bình",
    "Đức",
    "Việt",
    "Thành",
    "Long",
    "Hoà",
    "Tiến",
    "Quang",
    "Đạt",
    "Nam",
    "Sơn",
    "Hải",
    "Phú",
    "Tâm",
    "Trường",
    "Ánh",
    "Dương",
    "Lộc",
    "Khánh",
];
const FORMS: &[&str] = &["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"];
const PRODUCTS: &[&str] = &[
    "Chi tiết dập kim loại",
    "Khuôn ép nhựa",
    "Bánh răng",
    "Bu lông, ốc vít",
    "Dây điện ô tô",
    "Bảng mạch in",
    "Vỏ nhựa thiết bị điện",
    "Sợi polyester",
    "Vải kỹ thuật",
    "Khóa kéo",
    "Đế giày",
    "Da thuộc",
    "Linh kiện cao su",
    "Trục chính xác",
    "Vỏ nhôm đúc",
    "Cáp điện",
    "Cuộn cảm",
    "Tấm tản nhiệt",
    "Bao bì carton",
    "Nhãn dệt",
];

/// A small deterministic generator (no dependency needed for reproducible test data).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes a site with `n` synthetic enterprises into `out`, taking everything else from `from`.
/// `out` must be new or empty: generating copies a whole site there, and must never overwrite a
/// real site's files (its writes are plain ones for that reason: there is nothing to lose).
pub fn generate(
    from: &Path,
    out: &Path,
    n: usize,
    descriptions: Descriptions,
) -> Result<(), Report> {
    if std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        let mut r = Report::default();
        r.diagnostics.push(
            Diagnostic::error(
                out,
                format!(
                    "{} already holds files: `cnht gen` writes a whole new site and never writes into a folder in use",
                    out.display()
                ),
            )
            .hint("give a new or empty folder with --out"),
        );
        return Err(r);
    }
    let loaded = load(
        from,
        &LoadOptions {
            drafts: true,
            ..Default::default()
        },
    )?;
    let model = loaded.model;
    let err = |p: &Path, e: std::io::Error| {
        let mut r = Report::default();
        r.diagnostics
            .push(Diagnostic::error(p, format!("cannot write: {e}")));
        r
    };
    // Everything but the enterprises, copied as is.
    for dir in [
        "content/site.toml",
        "content/enterprises",
        "content/data",
        "content/policies",
        "content/pages",
        "content/program",
        "content/market",
        "content/news",
        "content/events",
        "themes",
        "handbook",
    ] {
        let src = from.join(dir);
        if !src.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
            let target = out.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| err(&target, e))?;
            } else {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
                }
                std::fs::copy(entry.path(), &target).map_err(|e| err(&target, e))?;
            }
        }
    }
    // The sample enterprises stay (pages may link to them); synthetic ones make up the rest of `n`.
    let dir = out.join("content/enterprises");
    std::fs::create_dir_all(&dir).map_err(|e| err(&dir, e))?;
    let n = n.saturating_sub(model.enterprises().len());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    fn keys(terms: &[crate::model::Term]) -> Vec<&str> {
        terms.iter().map(|t| t.key.as_str()).collect()
    }
    let vocab = model.vocabularies();
    let cert_keys = keys(vocab.certifications.all());
    let processes = keys(vocab.processes.all());
    // The markets buyers come from first, when the source site names them.
    let markets: Vec<&str> = ["JP", "KR", "TW", "HK", "TH", "US", "DE"]
        .into_iter()
        .filter(|k| vocab.countries.by_key(k).is_some())
        .collect();
    let sectors: Vec<&str> = model
        .site()
        .sectors
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    let mut serial: u64 = 1_000_000;
    for i in 0..n {
        let (form, prefix) = (rng.pick(FORMS), rng.pick(PREFIXES));
        let (word1, word2) = (rng.pick(WORDS), rng.pick(WORDS));
        let name = format!("{form} {prefix} {word1} {word2} {}", i + 1);
        let tax = loop {
            serial += 1 + rng.below(5);
            if let Some(code) = taxcode::complete(&format!("01{:07}", serial % 10_000_000)) {
                break code;
            }
        };
        let district = &model.districts()[rng.below(model.districts().len() as u64) as usize];
        let park = model
            .parks()
            .iter()
            .find(|p| p.district == district.slug && rng.below(2) == 0);
        let sector = sectors[rng.below(sectors.len() as u64) as usize];
        let mut fm = String::new();
        let _ = writeln!(fm, "+++\nname = \"{name}\"\ntax_code = \"{tax}\"\nsector = \"{sector}\"\ndistrict = \"{}\"", district.slug);
        if let Some(p) = park {
            let _ = writeln!(fm, "industrial_park = \"{}\"", p.slug);
        }
        let _ = writeln!(
            fm,
            "address = \"Số {}, {} {}, Hà Nội\"",
            1 + rng.below(300),
            district.kind,
            district.name
        );
        let (founded, employees) = (1990 + rng.below(32), 10 + rng.below(2000));
        let _ = writeln!(fm, "founded = {founded}\nemployees = {employees}");
        let products: Vec<&str> = (0..1 + rng.below(4)).map(|_| rng.pick(PRODUCTS)).collect();
        let _ = writeln!(fm, "products = [{}]", quoted(&products));
        // Vocabulary keys from the source site's data files (copied with it); the description
        // names the certifications by their names.
        let mut certs: Vec<&str> = Vec::new();
        if !cert_keys.is_empty() && rng.below(100) < 45 {
            let mut picked: Vec<&str> = (0..1 + rng.below(2))
                .map(|_| rng.pick(&cert_keys))
                .collect();
            picked.dedup();
            let _ = writeln!(fm, "certifications = [{}]", quoted(&picked));
            certs = picked
                .iter()
                .map(|k| {
                    vocab
                        .certifications
                        .by_key(k)
                        .map_or(*k, |t| t.name.vi.as_str())
                })
                .collect();
        }
        if !processes.is_empty() {
            let _ = writeln!(fm, "processes = [\"{}\"]", rng.pick(&processes));
        }
        let market = if markets.is_empty() {
            "JP"
        } else {
            let m = rng.pick(&markets);
            let _ = writeln!(fm, "export_markets = [\"{m}\"]");
            m
        };
        let _ = writeln!(
            fm,
            "[contact]\nphone = \"024 {:04} {:04}\"\nemail = \"info{}@example.vn\"",
            rng.below(10000),
            rng.below(10000),
            i + 1
        );
        fm.push_str("+++\n");
        match descriptions {
            Descriptions::Short => {
                let _ = writeln!(
                    fm,
                    "{name} là doanh nghiệp mẫu sinh tự động để thử tải hệ thống. Doanh nghiệp sản xuất {} cho các nhà lắp ráp trong và ngoài nước.\n\nNhà xưởng đặt tại {} {}, áp dụng hệ thống quản lý chất lượng và sản xuất tinh gọn.",
                    products.join(", "),
                    district.kind,
                    district.name
                );
            }
            Descriptions::Long => {
                // A generator of its own per enterprise, so the front matter stays the same as
                // with short descriptions.
                let short_name = format!("{word1} {word2}");
                let facts = prose::Facts {
                    short_name: &short_name,
                    products: &products,
                    certifications: &certs,
                    market,
                    district: (district.kind.key(), &district.name),
                    park: park.map(|p| p.name.vi.as_str()),
                    founded,
                    employees,
                };
                fm.push_str(&prose::description(&facts, i as u64));
            }
        }
        let path = dir.join(format!("doanh-nghiep-mau-{:06}.md", i + 1));
        std::fs::write(&path, fm).map_err(|e| err(&path, e))?;
    }
    Ok(())
}

/// `["a", "b"]` as TOML array items: `"a", "b"`.
fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
