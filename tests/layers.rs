//! The crate's layers point one way: every `crate::…` path in `src/` names a module of the
//! same layer or of a layer below (src/lib.rs lists the order). A module that reaches up
//! fails this test with the file and line.

use std::path::Path;

/// The layers, lowest first.
const LAYERS: &[&str] = &[
    "model",
    "diag",
    "form",
    "decode",
    "read",
    "score",
    "rules",
    "check",
    "store",
    "aggregate",
    "outdir",
    "xlsx",
    "render",
    "campaign",
    "serve",
    "cmd",
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == module)
}

/// The top-level module a source file belongs to (`src/decode/sniff.rs` → `read`).
fn module_of(rel: &Path) -> Option<String> {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every `crate::NAME` in the code of a line (comments removed).
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            // `crate::{a, b}`: every name in the braces.
            if let Some(inner) = after.strip_prefix('{') {
                let inner = inner.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let n = item.trim().split("::").next().unwrap_or("").trim();
                    if !n.is_empty() {
                        out.push(n.to_string());
                    }
                }
            }
        } else {
            out.push(name);
        }
        rest = after;
    }
    out
}

fn rs_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src is readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_uses_only_its_own_layer_or_those_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut checked = 0;
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src");
        let Some(module) = module_of(rel) else {
            continue;
        };
        let Some(own) = layer(&module) else {
            assert!(
                module == "lib" || module == "main",
                "{} is in no layer: add it to LAYERS and src/lib.rs",
                rel.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(path).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            for used in crate_paths(line) {
                checked += 1;
                let Some(theirs) = layer(&used) else {
                    violations.push(format!(
                        "{}:{}: unknown module crate::{used}",
                        rel.display(),
                        n + 1
                    ));
                    continue;
                };
                if theirs > own {
                    violations.push(format!(
                        "{}:{}: {module} (layer {own}) uses crate::{used} (layer {theirs})",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "the scan found only {checked} crate paths");
    assert!(
        violations.is_empty(),
        "upward imports:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_scanner_sees_braced_and_plain_paths() {
    assert_eq!(
        crate_paths("use crate::{model::Table, diag};"),
        ["model", "diag"]
    );
    assert_eq!(
        crate_paths("let x = crate::read::read_bytes(b); // crate::cmd"),
        ["read"]
    );
}

/// Lines that are neither blank nor comments, of a `.rs` file or of every one under a folder.
fn code_lines(path: &Path) -> usize {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).expect("a source folder");
        return entries
            .map(|e| code_lines(&e.expect("a folder entry").path()))
            .sum();
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return 0;
    }
    let text = std::fs::read_to_string(path).expect("a source file");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

/// Issue 34: no room of `src/` (a folder or a file at its top) holds more than a quarter of
/// the code, so no stage becomes a grab-bag again.
#[test]
fn no_room_holds_more_than_a_quarter_of_the_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let total = code_lines(&src);
    let mut over = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src/") {
        let path = entry.expect("an entry of src/").path();
        let n = code_lines(&path);
        if n * 4 > total {
            over.push(format!("{}: {n} of {total} lines", path.display()));
        }
    }
    assert!(
        over.is_empty(),
        "rooms over a quarter of the code: {over:#?}"
    );
}
