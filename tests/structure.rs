//! The structure's rules, checked on the source itself: no import circles between the
//! crate's files, and no source file over 400 lines outside tests. A file's imports are
//! its `use` paths and the `crate::`/`super::`/`self::` paths in its code; a `pub use`
//! (a re-export, a facade) and tests are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every source file of the library and binaries, by module path.
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().unwrap() != "snapshots" {
                    stack.push(p);
                }
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") || is_test_file(&p) {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap().with_extension("");
            let mut m: Module = rel
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            if matches!(m.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                m.pop();
            }
            if m.first().is_some_and(|f| f == "bin") {
                continue; // binaries use the library through its public paths
            }
            out.insert(m, p);
        }
    }
    out
}

fn is_test_file(p: &Path) -> bool {
    let name = p.file_stem().unwrap().to_string_lossy();
    name == "tests" || name.starts_with("tests_") || name.ends_with("_tests") || name == "testing"
}

/// The code of a file without its test module.
fn code(p: &Path) -> String {
    let text = std::fs::read_to_string(p).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let path: String = path.split_whitespace().collect();
    let Some(open) = path.find('{') else {
        return vec![path];
    };
    let (prefix, rest) = path.split_at(open);
    let inner = &rest[1..rest.rfind('}').unwrap_or(rest.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// The paths a file imports.
fn imports(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = &rest[..i];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let lead = before[line_start..].trim();
        let end = rest[i..].find(';').map_or(rest.len(), |e| i + e);
        if lead.is_empty() || lead == "pub(crate)" || lead == "pub(super)" {
            out.extend(expand(&rest[i + 4..end]));
        }
        rest = &rest[end.min(rest.len() - 1) + 1..];
    }
    for root in ["crate::", "super::"] {
        let mut s = code;
        while let Some(i) = s.find(root) {
            let tail = &s[i..];
            let len = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            out.push(tail[..len].trim_end_matches(':').to_string());
            s = &s[i + len.max(1)..];
        }
    }
    out
}

/// The module a path names, as the longest known module prefix. In any file, `super` is
/// the module's parent and `self` the module itself.
fn resolve(from: &Module, path: &str, known: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let mut segs = path.split("::").filter(|s| !s.is_empty());
    let mut base: Module = match segs.next()? {
        "crate" => Vec::new(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        "self" => from.clone(),
        _ => return None, // another crate
    };
    let mut best = None;
    for s in segs {
        if s == "super" {
            base.pop();
            continue;
        }
        base.push(s.to_string());
        if known.contains_key(&base) {
            best = Some(base.clone());
        }
    }
    best
}

#[test]
fn no_import_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, p) in &known {
        for path in imports(&code(p)) {
            if let Some(t) = resolve(m, &path, &known)
                && &t != m
                && !t.is_empty()
            {
                edges.entry(m.clone()).or_default().insert(t);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        state: &mut BTreeMap<Module, u8>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for t in edges.get(n).into_iter().flatten() {
            match state.get(t).copied().unwrap_or(0) {
                1 => {
                    let i = stack.iter().position(|x| x == t).unwrap();
                    let mut c = stack[i..].to_vec();
                    c.push(t.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(t, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in known.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, &edges, &mut state, &mut stack) {
                let names: Vec<String> = c.iter().map(|m| m.join("::")).collect();
                panic!("import circle: {}", names.join(" -> "));
            }
        }
    }
    assert!(edges.len() > 20, "the check reads imports: {}", edges.len());
}

#[test]
fn no_source_file_over_400_lines_outside_tests() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    for p in modules(&src).values() {
        // The whole file, its inline tests included: a long test module goes in a file of
        // its own.
        let n = std::fs::read_to_string(p).unwrap().lines().count();
        if n > 400 {
            long.push(format!("{} ({n} lines)", p.display()));
        }
    }
    assert!(long.is_empty(), "over 400 lines: {}", long.join(", "));
}

#[test]
fn the_check_sees_a_circle() {
    let known: BTreeMap<Module, PathBuf> = [vec!["a".to_string()], vec!["b".to_string()]]
        .into_iter()
        .map(|m| (m, PathBuf::new()))
        .collect();
    let a = vec!["a".to_string()];
    assert_eq!(
        resolve(&a, "crate::b::Thing", &known),
        Some(vec!["b".to_string()])
    );
    assert_eq!(resolve(&a, "super::b", &known), Some(vec!["b".to_string()]));
    assert_eq!(resolve(&a, "serde::Deserialize", &known), None);
    assert_eq!(
        expand("crate::x::{a, b::{c, d}}"),
        vec!["crate::x::a", "crate::x::b::c", "crate::x::b::d"]
    );
}
