//! `cnht bench --hugo`: cnht and Hugo side by side on the same Markdown bodies.
//!
//! For each size a synthetic site is generated (`cnht gen`, long descriptions by default), and a
//! Hugo site is written beside it holding the same enterprise bodies, one Markdown file each, in
//! one language, with minimal layouts of its own (home, list, single page; no search, no
//! compression). Then `cnht build --no-handbook --no-sheets` and `hugo` run alternately, `runs` times each,
//! first from nothing (no output, no cache) and then again over their own output with nothing
//! changed. Each run is a fresh process; its wall time, CPU time and peak resident memory (from
//! `wait4`) and the files in its output folder are recorded, and the medians reported.

use crate::gen::Descriptions;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What one run of one tool cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    /// Wall time, seconds.
    pub wall: f64,
    /// User plus system CPU time, seconds.
    pub cpu: f64,
    /// System CPU time, seconds.
    pub sys: f64,
    /// Peak resident memory, MiB (0 where the platform does not say).
    pub peak_mib: f64,
    /// Regular files in the output folder afterwards.
    pub files: usize,
}

/// Medians of the runs of one tool in one situation.
#[derive(Debug, Clone)]
pub struct Row {
    /// Enterprises in the site.
    pub enterprises: usize,
    /// `cnht` or `hugo`.
    pub tool: &'static str,
    /// `first build`, `rebuild, nothing changed` or `rebuild, one enterprise edited`.
    pub situation: &'static str,
    /// Number of runs the medians are taken over.
    pub runs: usize,
    /// The medians (each column on its own).
    pub median: Run,
}

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// Site sizes (enterprises).
    pub sizes: Vec<usize>,
    /// Runs per tool and situation.
    pub runs: usize,
    /// Length of the generated descriptions.
    pub descriptions: Descriptions,
    /// The site whose settings, data, pages and theme `cnht gen` reuses.
    pub from: PathBuf,
    /// The Hugo executable.
    pub hugo: PathBuf,
    /// Keep the generated sites here instead of a temporary folder (to look at them after).
    pub keep: Option<PathBuf>,
}

/// Runs the comparison; `progress` sees every single run as it ends.
pub fn run(
    exe: &Path,
    opts: &Options,
    mut progress: impl FnMut(usize, &str, &str, &Run),
) -> Result<Vec<Row>, String> {
    let version = Command::new(&opts.hugo)
        .arg("version")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", opts.hugo.display()))?;
    if !version.status.success() {
        return Err(format!("`{} version` failed", opts.hugo.display()));
    }
    let mut rows = Vec::new();
    for &n in &opts.sizes {
        let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let base = match &opts.keep {
            Some(k) => k.join(n.to_string()),
            None => temp.path().to_path_buf(),
        };
        let (site, hugo_site) = (base.join("cnht"), base.join("hugo"));
        for d in [&site, &hugo_site] {
            if d.exists() {
                return Err(format!("{} already exists", d.display()));
            }
        }
        let descriptions = match opts.descriptions {
            Descriptions::Short => "short",
            Descriptions::Long => "long",
        };
        let gen = Command::new(exe)
            .args(["gen", "--enterprises", &n.to_string(), "--descriptions"])
            .arg(descriptions)
            .arg("--out")
            .arg(&site)
            .arg("--from")
            .arg(&opts.from)
            .output()
            .map_err(|e| e.to_string())?;
        if !gen.status.success() {
            return Err(String::from_utf8_lossy(&gen.stderr).into_owned());
        }
        let pages = write_hugo_site(&site, &hugo_site)?;
        if pages == 0 {
            return Err("the generated site has no enterprise files".into());
        }
        let cnht = |fresh: bool| -> Result<Run, String> {
            let out = site.join("public");
            if fresh {
                if let Some(spare) = crate::publish::spare_of(&out) {
                    remove(&spare)?;
                }
                remove(&out)?;
                remove(&site.join(".cache"))?;
            }
            let mut cmd = Command::new(exe);
            // The website, as Hugo builds one: no PDFs (the capability sheets have their own
            // budget, measured by `cnht bench`).
            cmd.args([
                "build",
                "--lang",
                "en",
                "--no-handbook",
                "--no-sheets",
                "--root",
            ])
            .arg(&site);
            measure(cmd, &base.join("cnht.log"), &out)
        };
        let hugo = |fresh: bool| -> Result<Run, String> {
            let out = hugo_site.join("public");
            if fresh {
                remove(&out)?;
                remove(&hugo_site.join("resources"))?;
            }
            let mut cmd = Command::new(&opts.hugo);
            cmd.arg("--source").arg(&hugo_site).arg("--quiet");
            measure(cmd, &base.join("hugo.log"), &out)
        };
        // The enterprise edited before each run of the third situation: the middle one, in both
        // sites. It gets one more product in cnht's site (its pages, the listings and its search
        // shard change) and one more sentence in Hugo's (which shows only the body).
        let edited = enterprise_files(&site)?
            .into_iter()
            .nth(pages / 2)
            .ok_or("the generated site has no enterprise files")?;
        let edited_hugo = hugo_site.join(format!("content/doanh-nghiep/{}.md", slug_of(&edited)));
        let mut edits = 0usize;
        for (situation, fresh, edit) in [
            ("first build", true, false),
            ("rebuild, nothing changed", false, false),
            ("rebuild, one enterprise edited", false, true),
        ] {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            if !fresh && !edit {
                // One rebuild of each, not measured, so that the rebuilds measured are the
                // steady state of a site built again and again: for cnht, the publication
                // before the current one is there to render into (the spare, `publish`).
                cnht(false)?;
                hugo(false)?;
            }
            for i in 0..opts.runs.max(1) {
                if edit {
                    edits += 1;
                    add_product(&edited, &format!("Chi tiết sửa đổi thử nghiệm {edits}"))?;
                    append(
                        &edited_hugo,
                        &format!("\nCâu sửa đổi thử nghiệm số {edits}.\n"),
                    )?;
                }
                // Alternate which tool goes first, so neither always finds a warmer machine.
                let order: [bool; 2] = if i % 2 == 0 {
                    [true, false]
                } else {
                    [false, true]
                };
                for is_cnht in order {
                    let (tool, r) = if is_cnht {
                        ("cnht", cnht(fresh)?)
                    } else {
                        ("hugo", hugo(fresh)?)
                    };
                    progress(n, tool, situation, &r);
                    if is_cnht { &mut ours } else { &mut theirs }.push(r);
                }
            }
            for (tool, runs) in [("cnht", ours), ("hugo", theirs)] {
                rows.push(Row {
                    enterprises: n,
                    tool,
                    situation,
                    runs: runs.len(),
                    median: median(&runs),
                });
            }
        }
    }
    Ok(rows)
}

/// Writes the Hugo site: `hugo.toml`, the three layouts, and one page per enterprise of `site`
/// under `content/doanh-nghiep/`, with the enterprise's name as title and its Markdown body as is.
/// Returns the number of pages.
pub fn write_hugo_site(site: &Path, hugo: &Path) -> Result<usize, String> {
    let write = |rel: &str, text: &str| -> Result<(), String> {
        let p = hugo.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    write("hugo.toml", CONFIG)?;
    write("layouts/index.html", HOME)?;
    write("layouts/_default/list.html", LIST)?;
    write("layouts/_default/single.html", SINGLE)?;
    write(
        "content/doanh-nghiep/_index.md",
        "+++\ntitle = \"Doanh nghiệp\"\n+++\n",
    )?;
    let files = enterprise_files(site)?;
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let (front, body) = split_front_matter(&text)
            .ok_or_else(|| format!("{}: no +++ front matter", file.display()))?;
        let name = toml::from_str::<toml::Table>(front)
            .ok()
            .and_then(|t| t.get("name").and_then(|v| v.as_str()).map(str::to_owned))
            .ok_or_else(|| format!("{}: no name", file.display()))?;
        let slug = slug_of(file);
        let title = toml::Value::String(name).to_string();
        write(
            &format!("content/doanh-nghiep/{slug}.md"),
            &format!("+++\ntitle = {title}\n+++\n{body}"),
        )?;
    }
    Ok(files.len())
}

/// The enterprise files of the cnht site at `site`, in order of their paths.
fn enterprise_files(site: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content/enterprises"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    Ok(files)
}

/// The name of the Hugo page of an enterprise file: a page bundle (`x/index.md`) is named after
/// its folder.
fn slug_of(file: &Path) -> &str {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == "index" {
        file.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    }
}

/// Puts `product` first in the products of the enterprise file at `path`.
fn add_product(path: &Path, product: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let field = "\nproducts = [";
    let Some(at) = text.find(field) else {
        return Err(format!("{}: no products", path.display()));
    };
    let at = at + field.len();
    let edited = format!("{}\"{product}\", {}", &text[..at], &text[at..]);
    std::fs::write(path, edited).map_err(|e| format!("{}: {e}", path.display()))
}

/// Appends `text` to the file at `path`.
fn append(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The front matter and the body of a `+++`-delimited Markdown file.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let end = rest.find("\n+++")?;
    let body = &rest[end + 4..];
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    Some((&rest[..end], body))
}

const CONFIG: &str = r#"# One language, no taxonomies: the plain site cnht is compared with (`cnht bench --hugo`).
baseURL = "https://cnht.example.vn/"
languageCode = "vi"
title = "Doanh nghiệp công nghiệp hỗ trợ Hà Nội"
disableKinds = ["taxonomy", "term"]
paginate = 100
"#;

const HOME: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1>
<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
</body></html>
"#;

const LIST: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<ul>{{ range (.Paginate .Pages.ByTitle).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
</body></html>
"#;

const SINGLE: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav>
<main><h1>{{ .Title }}</h1>
{{ .Content }}
</main></body></html>
"#;

pub(super) fn remove(p: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", p.display())),
    }
}

/// Runs `cmd` to its end (output to `log`) and measures it; counts the files under `out`.
fn measure(mut cmd: Command, log: &Path, out: &Path) -> Result<Run, String> {
    let file = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let err = file.try_clone().map_err(|e| e.to_string())?;
    cmd.stdin(Stdio::null()).stdout(file).stderr(err);
    let started = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let (ok, cpu, sys, peak_mib) = wait(child)?;
    let wall = started.elapsed().as_secs_f64();
    if !ok {
        return Err(format!(
            "{cmd:?} failed:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        ));
    }
    let files = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    Ok(Run {
        wall,
        cpu,
        sys,
        peak_mib,
        files,
    })
}

/// Waits for `child`; (success, CPU seconds, system CPU seconds, peak RSS MiB) from `wait4`.
#[cfg(target_os = "linux")]
fn wait(child: std::process::Child) -> Result<(bool, f64, f64, f64), String> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, valid when zeroed; `wait4` writes into the two locals only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let sys = secs(usage.ru_stime);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // ru_maxrss is in KiB on Linux.
    Ok((
        ok,
        secs(usage.ru_utime) + sys,
        sys,
        usage.ru_maxrss as f64 / 1024.0,
    ))
}

#[cfg(not(target_os = "linux"))]
fn wait(mut child: std::process::Child) -> Result<(bool, f64, f64, f64), String> {
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((status.success(), 0.0, 0.0, 0.0))
}

/// The median of each column (the upper middle one for an even count).
fn median(runs: &[Run]) -> Run {
    let mid = |f: &dyn Fn(&Run) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    Run {
        wall: mid(&|r| r.wall),
        cpu: mid(&|r| r.cpu),
        sys: mid(&|r| r.sys),
        peak_mib: mid(&|r| r.peak_mib),
        files: mid(&|r| r.files as f64) as usize,
    }
}

/// The rows as a Markdown table for BENCHMARKS.md, with cnht's ratio to Hugo per size.
pub fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| enterprises | tool | build | runs | wall (s) | CPU (s) | of which system (s) | peak RSS (MiB) | files | wall / Hugo's |\n\
         |---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let hugo = rows.iter().find(|h| {
            h.tool == "hugo" && h.enterprises == r.enterprises && h.situation == r.situation
        });
        let ratio = hugo
            .filter(|h| h.median.wall > 0.0)
            .map(|h| format!("{:.1}×", r.median.wall / h.median.wall))
            .unwrap_or_default();
        let m = &r.median;
        t.push_str(&format!(
            "| {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.0} | {} | {} |\n",
            r.enterprises,
            r.tool,
            r.situation,
            r.runs,
            m.wall,
            m.cpu,
            m.sys,
            m.peak_mib,
            m.files,
            ratio
        ));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (front, body) = split_front_matter("+++\nname = \"A\"\n+++\nBody\n\nMore\n").unwrap();
        assert_eq!(front, "name = \"A\"");
        assert_eq!(body, "Body\n\nMore\n");
        assert!(split_front_matter("no front matter").is_none());
    }

    #[test]
    fn medians_per_column() {
        let r = |wall, files| Run {
            wall,
            files,
            ..Run::default()
        };
        let m = median(&[r(3.0, 10), r(1.0, 30), r(2.0, 20)]);
        assert_eq!((m.wall, m.files), (2.0, 20));
    }
}
