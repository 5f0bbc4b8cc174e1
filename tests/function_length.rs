//! No function in `src/` is longer than a screen: 60 lines from its `fn` line to its
//! closing brace (tests inside `src/` included). A longer one fails this test with its file,
//! line and length; split it into helpers that each do one step (docs/design.md, "Function
//! length"). The few allowed below are tables, one line per entry.

use std::path::{Path, PathBuf};

/// The longest a function may be, in lines.
const MAX_LINES: usize = 60;

/// Functions allowed to be longer (file below `src/`, name): why each is.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "rules/catalog.rs",
        "producer",
        "an exhaustive match, one line per finding code",
    ),
    (
        "score/value.rs",
        "targets_table",
        "a test's table of cases, one line per target text",
    ),
];

/// A function found in a source text: name, first line (from 1), length in lines.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// The name of the function a line starts, if it starts one (`pub(crate) async fn x(`).
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if rest.starts_with("pub") {
        rest = rest.strip_prefix("pub")?;
        if rest.starts_with('(') {
            rest = &rest[rest.find(')')? + 1..];
        }
        rest = rest.trim_start();
    }
    for word in ["const ", "async ", "unsafe ", "extern \"C\" "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    let after = rest.strip_prefix("fn ")?;
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    Some(&after[..end]).filter(|n| !n.is_empty())
}

/// Every function with a body of more than one line: it ends at the first later line that
/// is its own indentation and `}` (rustfmt's layout).
fn functions(text: &str) -> Vec<Function> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else {
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        // The signature ends at the first line ending in `{` (a body) or `;` (none).
        let Some(open) = (i..lines.len()).find(|&k| {
            let l = lines[k].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        if !lines[open].trim_end().ends_with('{') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&k| lines[k].trim_end() == close) {
            out.push(Function {
                name: name.to_string(),
                line: i + 1,
                lines: end - i + 1,
            });
        }
    }
    out
}

#[test]
fn no_function_in_src_is_longer_than_a_screen() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("src is readable").into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    let (mut seen, mut long) = (0, Vec::new());
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).expect("readable source");
        for f in functions(&text) {
            seen += 1;
            let allowed = ALLOWED.iter().any(|(p, n, _)| *p == rel && *n == f.name);
            if f.lines > MAX_LINES && !allowed {
                long.push(format!("{rel}:{}: {} ({} lines)", f.line, f.name, f.lines));
            }
        }
    }
    assert!(seen > 1000, "the scan found only {seen} functions");
    assert!(
        long.is_empty(),
        "functions over {MAX_LINES} lines (split them, docs/design.md):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_scanner_measures_functions_from_fn_to_their_closing_brace() {
    let text = "\
/// A doc.
pub(crate) async fn outer(
    x: u32,
) -> u32 {
    let y = x;
    y
}

impl A {
    fn one_line(&self) -> u32 { 1 }
    fn method(&self) {
        if true {
        }
    }
}

trait T {
    fn declared(&self);
}
";
    let found = functions(text);
    let names: Vec<(&str, usize, usize)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.lines))
        .collect();
    assert_eq!(names, [("outer", 2, 6), ("method", 11, 4)]);
    assert_eq!(fn_name("    pub fn x<T>(t: T)"), Some("x"));
    assert_eq!(fn_name("    let f = |x| x; // fn y"), None);
}
