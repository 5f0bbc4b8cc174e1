//! fixtures/inbox/README.md says, for every file of the demo inbox, what selfeval should
//! report. This test reads that table and checks it against `check --format json`, so the
//! README and the program cannot drift apart.
//!
//! Read from the third column of each row:
//! - the status: the first of `ok`, `invalid`, `unreadable`, `skipped` in backticks;
//! - every code of the catalogue it names, with what follows it: a cell (`` `total-mismatch`
//!   I21 ``), or a parenthesis with a severity and a cell (`` `table-duplicate` (warning,
//!   A1) ``, `(warning, 部门整体!A1)`); a sentence that starts with `SHEET:` puts its codes
//!   on that sheet; `no `code`` means the code must be absent;
//! - a row that does not end its list with `…` lists every code the file gets.

mod common;

use selfeval::RULES;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One code the README names for a file.
#[derive(Debug, Default)]
struct Expected {
    code: &'static str,
    absent: bool,
    severity: Option<String>,
    sheet: Option<String>,
    cell: Option<String>,
}

/// One row of the README's table.
#[derive(Debug)]
struct Row {
    file: String,
    status: String,
    codes: Vec<Expected>,
    /// No `…`: the codes listed are all the file gets.
    complete: bool,
}

/// The text between the first pair of backticks.
fn first_backticked(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// A cell as the README writes it: `A1` or `SHEET!A1`, at the start of `s`.
fn leading_cell(s: &str) -> Option<(Option<String>, String)> {
    let token: String = s
        .chars()
        .take_while(|c| !c.is_whitespace() && !",;:()）".contains(*c))
        .collect();
    let (sheet, a1) = match token.split_once('!') {
        Some((sh, a1)) => (Some(sh.to_string()), a1),
        None => (None, token.as_str()),
    };
    let letters = a1.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = &a1[letters..];
    let ok = (1..=3).contains(&letters)
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit());
    ok.then(|| (sheet, a1.to_string()))
}

/// Whether `code` occurs at byte `at` of `s` as a whole word (not inside a longer code).
fn whole_word(s: &str, at: usize, code: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let before = s[..at].chars().next_back().is_none_or(|c| !is_word(c));
    let after = s[at + code.len()..]
        .chars()
        .next()
        .is_none_or(|c| !is_word(c));
    before && after
}

/// What follows a code: a cell, or `(severity, cell)` / `(severity; …)`.
fn parse_after(rest: &str, e: &mut Expected) {
    let rest = rest.strip_prefix('`').unwrap_or(rest).trim_start();
    if let Some(inner) = rest.strip_prefix('(') {
        let inner = &inner[..inner.find(')').unwrap_or(inner.len())];
        let mut parts = inner.splitn(2, [',', ';']);
        let first = parts.next().unwrap_or("").trim();
        if ["error", "warning", "info"].contains(&first) {
            e.severity = Some(first.to_string());
            if let Some((sheet, cell)) = parts.next().and_then(|p| leading_cell(p.trim_start())) {
                e.sheet = sheet.or(e.sheet.take());
                e.cell = Some(cell);
            }
        }
    } else if let Some((sheet, cell)) = leading_cell(rest) {
        e.sheet = sheet.or(e.sheet.take());
        e.cell = Some(cell);
    }
}

/// The codes a sentence of the third column names.
fn codes_in_sentence(sentence: &str, out: &mut Vec<Expected>) {
    // `基本公卫: …`: a plain word before a colon names the sheet.
    let sheet = sentence.split_once(": ").and_then(|(head, _)| {
        let head = head.trim();
        let plain = !head.is_empty()
            && !head.contains(|c: char| c.is_whitespace() || "`()（）".contains(c));
        plain.then(|| head.to_string())
    });
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    for r in RULES {
        for (at, _) in sentence.match_indices(r.id) {
            if whole_word(sentence, at, r.id) {
                found.push((at, r.id));
            }
        }
    }
    found.sort();
    for (at, code) in found {
        let before = sentence[..at].trim_end_matches('`');
        let mut e = Expected {
            code,
            absent: before.ends_with("no ") || before.ends_with("(no "),
            sheet: sheet.clone(),
            ..Expected::default()
        };
        parse_after(&sentence[at + code.len()..], &mut e);
        out.push(e);
    }
}

fn parse_readme(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cols: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        assert_eq!(cols.len(), 3, "a table row of three columns: {line}");
        let file = first_backticked(cols[0]).expect("a file name").to_string();
        let said = cols[2];
        let status = ["ok", "invalid", "unreadable", "skipped"]
            .into_iter()
            .filter_map(|s| said.find(&format!("`{s}`")).map(|at| (at, s)))
            .min()
            .map(|(_, s)| s.to_string())
            .unwrap_or_else(|| panic!("{file}: no status in {said}"));
        let mut codes = Vec::new();
        for sentence in said.split(". ") {
            codes_in_sentence(sentence, &mut codes);
        }
        rows.push(Row {
            file,
            status,
            codes,
            complete: !said.contains('…'),
        });
    }
    rows
}

/// A finding of the JSON document, flattened: file-level and table-level alike.
#[derive(Debug)]
struct Got {
    code: String,
    severity: String,
    sheet: Option<String>,
    cell: Option<String>,
}

fn findings_of(file: &Value) -> Vec<Got> {
    let tables = file["tables"].as_array().into_iter().flatten();
    let all = file["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(tables.flat_map(|t| t["findings"].as_array().into_iter().flatten()));
    all.map(|f| Got {
        code: f["code"].as_str().unwrap_or_default().to_string(),
        severity: f["severity"].as_str().unwrap_or_default().to_string(),
        sheet: f["sheet"].as_str().map(str::to_string),
        cell: f["cell"].as_str().map(str::to_string),
    })
    .collect()
}

fn check_folder(folder: &str) -> BTreeMap<String, Value> {
    let out = common::selfeval_at_root()
        .args(["check", folder, "--format", "json"])
        .output()
        .expect("selfeval runs");
    assert_eq!(out.status.code(), Some(1), "the folder holds errors");
    let prefix = format!("{folder}/");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files = doc["files"].as_array().expect("files").iter();
    files
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let rel = path.strip_prefix(&prefix).expect("relative path");
            (rel.to_string(), f.clone())
        })
        .collect()
}

/// Checks one expectation against the file's findings; returns a complaint, if any.
fn complaint(file: &str, e: &Expected, got: &[Got]) -> Option<String> {
    let matches = |g: &&Got| {
        g.code == e.code
            && e.severity.as_ref().is_none_or(|s| *s == g.severity)
            && e.cell.as_ref().is_none_or(|c| g.cell.as_ref() == Some(c))
            && e.sheet.as_ref().is_none_or(|s| g.sheet.as_ref() == Some(s))
    };
    let found = got.iter().any(|g| matches(&g));
    match (e.absent, found) {
        (true, true) => Some(format!("{file}: README says no `{}`, got it", e.code)),
        (false, false) => Some(format!("{file}: README expects {e:?}; got {got:?}")),
        _ => None,
    }
}

#[test]
fn the_readme_parser_reads_codes_cells_and_sheets() {
    let mut v = Vec::new();
    codes_in_sentence(
        "基本公卫: `unit-name-variant` (warning, A1: 实施单位 `永登县卫健局`)",
        &mut v,
    );
    codes_in_sentence(
        "`total-mismatch` I21 (stated 99.82); `table-duplicate` (warning, A1)",
        &mut v,
    );
    codes_in_sentence(
        "the unit gets `dept-projects-exceed` (warning, 部门整体!A1)",
        &mut v,
    );
    codes_in_sentence(
        "(fund-sum-mismatch, exec-rate-mismatch, …) (no `unit-name-variant`)",
        &mut v,
    );
    let got: Vec<_> = v
        .iter()
        .map(|e| {
            let sev = e.severity.as_deref().unwrap_or("-");
            let sheet = e.sheet.as_deref().unwrap_or("-");
            let cell = e.cell.as_deref().unwrap_or("-");
            format!("{} {} {sev} {sheet} {cell}", e.code, e.absent)
        })
        .collect();
    assert_eq!(
        got,
        [
            "unit-name-variant false warning 基本公卫 A1",
            "total-mismatch false - - I21",
            "table-duplicate false warning - A1",
            "dept-projects-exceed false warning 部门整体 A1",
            "fund-sum-mismatch false - - -",
            "exec-rate-mismatch false - - -",
            "unit-name-variant true - - -",
        ]
    );
}

#[test]
fn the_inbox_readme_says_what_check_reports() {
    // Guard the parser itself: the README names 19 findings (four of them for the copy of
    // the 2021 report, listed with `…`).
    // 18: the resubmission no longer gets `table-duplicate` (only the older copy does).
    readme_agrees("fixtures/inbox", 18);
}

#[test]
fn the_field_readme_says_what_check_reports() {
    readme_agrees("fixtures/field", 25);
}

#[test]
fn the_deptprobe_readme_says_what_check_reports() {
    readme_agrees("fixtures/deptprobe", 34);
}

/// The README.md of a fixture folder against `check --format json` on that folder.
fn readme_agrees(folder: &str, min_named: usize) {
    let readme_path = format!("{}/{folder}/README.md", env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let rows = parse_readme(&readme);
    let files = check_folder(folder);
    let listed: BTreeSet<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    let checked: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(listed, checked, "the README lists every file of {folder}");

    let mut wrong = Vec::new();
    let mut named = 0;
    for row in &rows {
        let file = &files[&row.file];
        let status = file["status"].as_str().unwrap_or_default();
        if status != row.status {
            wrong.push(format!(
                "{}: README says `{}`, got `{status}`",
                row.file, row.status
            ));
        }
        let got = findings_of(file);
        wrong.extend(
            row.codes
                .iter()
                .filter_map(|e| complaint(&row.file, e, &got)),
        );
        named += row.codes.iter().filter(|e| !e.absent).count();
        if row.complete {
            let said: BTreeSet<&str> = row
                .codes
                .iter()
                .filter(|e| !e.absent)
                .map(|e| e.code)
                .collect();
            let extra: BTreeSet<&str> = got
                .iter()
                .map(|g| g.code.as_str())
                .filter(|c| !said.contains(c))
                .collect();
            if !extra.is_empty() {
                wrong.push(format!(
                    "{}: codes the README does not list: {extra:?}",
                    row.file
                ));
            }
        }
    }
    assert!(
        named >= min_named,
        "only {named} codes read from the README"
    );
    assert!(
        wrong.is_empty(),
        "README and program disagree:\n{}",
        wrong.join("\n")
    );
}
