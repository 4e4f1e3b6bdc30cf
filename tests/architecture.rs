//! The shape ARCHITECTURE.md promises, checked on the source: dependencies point one way
//! (tools → loader → model ← renderers; the model and the loader import no renderer, the
//! renderers import neither the loader nor each other), no two sibling modules import each other
//! (directly or round a circle; a module's own file, its interface, may be used by its children),
//! and no file has over 500 lines of code outside its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file with its module path (`site::pages::directory`; `lib` and `main` for the
/// crate roots) and its code without the test module and without comments.
fn files() -> Vec<(Vec<String>, PathBuf, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src()).unwrap();
        let mut module: Vec<String> = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        out.push((module, path.to_path_buf(), code(&text)));
    }
    out
}

/// `text` without its `#[cfg(test)]` module and without `//` comments.
fn code(text: &str) -> String {
    let body = match text.find("\n#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    body.lines()
        .map(|l| match l.find("//") {
            // Keep `https://` in strings; a comment starts with `//` after code or spaces.
            Some(i) if !l[..i].ends_with(':') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a file's code names: `crate::a::b`, `super::x`, `self::y`, and, in a module's own
/// file, its child modules used by name (`pages::jobs`). Braced groups are expanded one level.
fn references(module: &[String], code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut refs = Vec::new();
    let bytes = code.as_bytes();
    let ident = |i: usize| -> (String, usize) {
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        (code[i..j].to_owned(), j)
    };
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if !starts_word || !(bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
            i += 1;
            continue;
        }
        let (first, mut j) = ident(i);
        // Resolve the leading segment to an absolute module path.
        let mut path: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            name if children.contains(name) && code[j..].starts_with("::") => {
                let mut p = module.to_vec();
                p.push(name.to_owned());
                p
            }
            _ => {
                i = j;
                continue;
            }
        };
        if first != "crate" && first != "self" && first != "super" {
            refs.push(path.clone());
        }
        while code[j..].starts_with("::") {
            j += 2;
            if code[j..].starts_with('{') {
                // `a::{b, c::d}`: each first segment of the group.
                let end = code[j..].find('}').map_or(code.len(), |e| j + e);
                for part in code[j + 1..end].split(',') {
                    let name = part.trim().split("::").next().unwrap_or("").trim();
                    if !name.is_empty() && name != "self" {
                        let mut p = path.clone();
                        p.push(name.to_owned());
                        refs.push(p);
                    }
                }
                path.clear();
                j = end;
                break;
            }
            let (seg, k) = ident(j);
            if seg.is_empty() {
                break;
            }
            j = k;
            if seg == "super" {
                path.pop();
            } else {
                path.push(seg);
            }
        }
        if !path.is_empty() && (first == "crate" || first == "super" || first == "self") {
            refs.push(path);
        }
        i = j.max(i + 1);
    }
    refs
}

/// The layer of a top-level module, lowest first.
fn layer(top: &str) -> u8 {
    match top {
        "diagnostics" | "messages" | "text" | "taxcode" | "timing" | "atomic_write" | "place"
        | "boundary" => 0,
        "model" => 1,
        "markdown" | "raw_html" | "body_limits" => 2,
        "content" => 3,
        "site" | "handbook" | "sheets" => 4,
        "serve" | "import" | "scaffold" | "gen" | "bench" | "deploy" | "publish" => 5,
        "lib" | "main" => 6,
        other => panic!("src/{other}: a new top-level module needs its place in ARCHITECTURE.md and in this test"),
    }
}

/// The top-level modules of the crate.
fn top_modules() -> BTreeSet<String> {
    std::fs::read_dir(src())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            p.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .filter(|m| m != "lib" && m != "main")
        .collect()
}

/// The child modules of `module` (files and folders beside its file).
fn children(module: &[String]) -> BTreeSet<String> {
    let dir = module.iter().fold(src(), |d, m| d.join(m));
    if module.is_empty() || module == ["lib"] || module == ["main"] {
        return top_modules();
    }
    std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "rs"))
                .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
                .filter(|m| m != "mod")
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn dependencies_point_one_way() {
    let tops = top_modules();
    let mut wrong = Vec::new();
    for (module, path, code) in files() {
        let from = module[0].as_str();
        let own_children = if path.ends_with("mod.rs") || module.len() == 1 {
            children(&module)
        } else {
            BTreeSet::new()
        };
        for target in references(&module, &code, &own_children) {
            let Some(to) = target.first().filter(|t| tops.contains(*t)) else {
                continue;
            };
            // Lower layers only; within a layer only the ground, the dialect and the tools use
            // each other (the two renderers never do).
            let allowed = from == to
                || (layer(from) > layer(to) && !(layer(from) == 4 && layer(to) == 3))
                || (layer(from) == layer(to) && layer(from) != 4);
            if !allowed {
                wrong.push(format!(
                    "{}: {from} (layer {}) uses {}",
                    path.strip_prefix(src()).unwrap().display(),
                    layer(from),
                    target.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the direction of ARCHITECTURE.md:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_imports_its_siblings_round_a_circle() {
    // Per module: an edge between two of its children (or its own file, "mod") when one names the
    // other.
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (module, path, code) in files() {
        if module == ["main"] {
            continue;
        }
        let module = if module == ["lib"] {
            Vec::new()
        } else {
            module
        };
        let own_file = path.ends_with("mod.rs") || module.len() <= 1;
        let own_children = if own_file {
            children(&module)
        } else {
            BTreeSet::new()
        };
        for target in references(&module, &code, &own_children) {
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            let parent = target[..common].to_vec();
            let siblings = children(&parent);
            let node = |path: &[String], is_file_of_parent: bool| -> String {
                match path.get(common) {
                    Some(m) if siblings.contains(m) => m.clone(),
                    _ if is_file_of_parent => "mod".into(),
                    _ => "mod".into(),
                }
            };
            let from = if module.len() == common {
                "mod".to_owned()
            } else {
                node(&module, false)
            };
            let to = node(&target, true);
            // Children may use their parent's own file (its interface) and be used by it.
            if from != to && from != "mod" && to != "mod" {
                graphs
                    .entry(parent)
                    .or_default()
                    .entry(from)
                    .or_default()
                    .insert(to);
            }
        }
    }
    let mut cycles = Vec::new();
    for (parent, graph) in &graphs {
        for start in graph.keys() {
            // A path from `start` back to itself.
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((node, trail)) = stack.pop() {
                for next in graph.get(&node).into_iter().flatten() {
                    if next == start {
                        let mut c = trail.clone();
                        c.push(next.clone());
                        cycles.push(format!("{}: {}", parent.join("::"), c.join(" → ")));
                    } else if seen.insert(next.clone()) {
                        let mut t = trail.clone();
                        t.push(next.clone());
                        stack.push((next.clone(), t));
                    }
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(
        cycles.is_empty(),
        "modules that import each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn no_file_has_over_500_lines_of_code_outside_its_tests() {
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(src()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let body = match text.find("\n#[cfg(test)]\nmod ") {
            Some(i) => &text[..i],
            None => &text,
        };
        // Lines of code: not blank, not only a comment.
        let lines = body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .count();
        if lines > 500 {
            long.push(format!(
                "{} ({lines} lines of code)",
                entry.path().display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "files to split along a seam:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_reference_reader_reads_paths() {
    let module: Vec<String> = ["site", "pages", "home"].map(String::from).to_vec();
    let refs = references(
        &module,
        "use super::super::views::{ArticleCard, PolicyCard};\nuse crate::model::{urls, Lang};\nlet x = super::common::job();",
        &BTreeSet::new(),
    );
    let refs: Vec<String> = refs.iter().map(|r| r.join("::")).collect();
    assert!(
        refs.contains(&"site::views::ArticleCard".to_owned()),
        "{refs:?}"
    );
    assert!(refs.contains(&"model::urls".to_owned()), "{refs:?}");
    assert!(
        refs.contains(&"site::pages::common::job".to_owned()),
        "{refs:?}"
    );
    assert_eq!(layer("content"), 3);
}
