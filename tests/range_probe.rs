//! Targets written as ranges and compound targets (docs/scoring.md, "Ranges and compound
//! targets (rangeprobe)"): the binary once on fixtures/rangeprobe and once on
//! fixtures/rangeprobe_decl (made by fixtures/make/rangeprobe.py), every indicator compared
//! with what a finance officer expects of it — the target as parsed (operator, the range's
//! ends, unit), the actual's number, the kind, the reviewed score and the codes of the
//! findings on its row — and every table's totals, grades and codes, and the declaration's
//! codes. Every mismatch is listed at once, with the counts the probe reports: rows read wrong,
//! scores wrong, false findings, missed findings.

mod common;

use common::probe::canon;
use serde_json::Value;
use std::collections::BTreeMap;

const DIRS: &[&str] = &["rangeprobe", "rangeprobe_decl"];

/// The parsed figures of a row: a mismatch in any of these is a row read wrong.
const READ: &[&str] = &[
    "op",
    "target_value",
    "target_upper",
    "unit",
    "actual_value",
    "kind",
];
/// The figures a mismatch in which is a score wrong.
const SCORED: &[&str] = &["weight", "score_stated", "score"];

fn expected(dir: &str) -> Value {
    let path = common::fixtures().join(dir).join("expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn strings(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out
}

/// The codes of a table's findings by the row of their cell (`J15` → 15).
fn codes_by_row(t: &Value) -> BTreeMap<u64, Vec<String>> {
    let mut out: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for f in t["findings"].as_array().into_iter().flatten() {
        let cell = f["cell"].as_str().unwrap_or("");
        let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
        let code = f["code"].as_str().unwrap_or("").to_string();
        out.entry(digits.parse().unwrap_or(0))
            .or_default()
            .push(code);
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// What the probe counts, and every mismatch as a line.
#[derive(Default)]
struct Tally {
    rows: usize,
    read_wrong: usize,
    score_wrong: usize,
    false_findings: usize,
    missed: usize,
    lines: Vec<String>,
}

impl Tally {
    /// The difference between the codes wanted and found, counted both ways.
    fn codes(&mut self, at: &str, want: &[String], got: &[String]) {
        let (mut extra, mut lacking) = (got.to_vec(), Vec::new());
        for w in want {
            match extra.iter().position(|g| g == w) {
                Some(k) => {
                    extra.remove(k);
                }
                None => lacking.push(w.clone()),
            }
        }
        self.false_findings += extra.len();
        self.missed += lacking.len();
        if !extra.is_empty() || !lacking.is_empty() {
            self.lines.push(format!(
                "{at}: findings {got:?}, expected {want:?} (false {extra:?}, missed {lacking:?})"
            ));
        }
    }

    fn indicator(&mut self, at: &str, want: &Value, got: &Value, found: Vec<String>) {
        self.rows += 1;
        let differs = |keys: &[&str]| -> Vec<String> {
            keys.iter()
                .filter(|k| canon(&want[**k]) != canon(&got[**k]))
                .map(|k| format!("{k} {} ≠ {}", want[*k], got[*k]))
                .collect()
        };
        let read = differs(READ);
        let scored = differs(SCORED);
        self.read_wrong += usize::from(!read.is_empty());
        self.score_wrong += usize::from(!scored.is_empty());
        if !read.is_empty() || !scored.is_empty() {
            let texts = format!("“{}” / “{}”", got["target"], got["actual"]);
            let all = [read, scored].concat().join("; ");
            self.lines.push(format!("{at} {texts}: {all}"));
        }
        // A range prints as written wherever the target is shown.
        if want["target"] != got["target"] {
            self.lines.push(format!(
                "{at}: target shown {}, written {}",
                got["target"], want["target"]
            ));
        }
        self.codes(at, &strings(&want["codes"]), &found);
    }
}

fn table(name: &str, e: &Value, f: &Value, tally: &mut Tally) {
    let tables = f["tables"].as_array().cloned().unwrap_or_default();
    let Some(t) = tables.first() else {
        tally.lines.push(format!("{name}: no table read"));
        return;
    };
    let want = e["indicators"].as_array().cloned().unwrap_or_default();
    let got = t["indicators"].as_array().cloned().unwrap_or_default();
    if want.len() != got.len() {
        tally.lines.push(format!(
            "{name}: {} indicators read, {} expected",
            got.len(),
            want.len()
        ));
    }
    let mut by_row = codes_by_row(t);
    let mut on_rows = Vec::new();
    for (k, (w, g)) in want.iter().zip(&got).enumerate() {
        let row = g["row"].as_u64().unwrap_or(0);
        let found = by_row.remove(&row).unwrap_or_default();
        let at = format!("{name} 指标{} {}", k + 1, w["name"]);
        on_rows.extend(strings(&w["codes"]));
        tally.indicator(&at, w, g, found);
    }
    let rest: Vec<String> = by_row.into_values().flatten().collect();
    let mut want_rest = strings(&e["findings"]);
    for c in on_rows {
        if let Some(k) = want_rest.iter().position(|a| *a == c) {
            want_rest.remove(k);
        }
    }
    tally.codes(&format!("{name} (table)"), &want_rest, &rest);
    for (key, got) in [
        ("total_stated", &t["total"]["score_stated"]),
        ("total", &t["total"]["score"]),
        ("grade_stated", &t["grade"]["stated"]),
        ("grade", &t["grade"]["reviewed"]),
    ] {
        if canon(&e[key]) != canon(got) {
            tally
                .lines
                .push(format!("{name} {key}: expected {}, read {got}", e[key]));
        }
    }
}

/// A declaration's own findings (declaration-*): the codes expected, counted both ways.
fn declaration(name: &str, want: &Value, f: &Value, tally: &mut Tally) {
    let code = |f: &Value| f["code"].as_str().unwrap_or("").to_string();
    let file = f["findings"].as_array().into_iter().flatten();
    let tables = f["tables"].as_array().into_iter().flatten();
    let mut got: Vec<String> = file
        .chain(tables.flat_map(|d| d["findings"].as_array().into_iter().flatten()))
        .map(code)
        .collect();
    got.sort();
    tally.codes(&format!("{name} (declaration)"), &strings(want), &got);
}

#[test]
fn ranges_and_compound_targets_read_and_score_as_an_officer_expects() {
    let mut tally = Tally::default();
    for dir in DIRS {
        let doc = common::check_json(&format!("fixtures/{dir}"));
        let exp = expected(dir);
        for (name, e) in exp["tables"].as_object().expect("tables") {
            table(name, e, common::json_file(&doc, name), &mut tally);
        }
        let decls = exp["declarations"].as_object().cloned().unwrap_or_default();
        for (name, want) in &decls {
            declaration(name, want, common::json_file(&doc, name), &mut tally);
        }
    }
    assert!(tally.rows >= 50, "the probe's rows: {}", tally.rows);
    assert!(
        tally.lines.is_empty(),
        "{} rows: {} read wrong, {} scored wrong, {} false findings, {} missed; {} mismatches:\n{}",
        tally.rows,
        tally.read_wrong,
        tally.score_wrong,
        tally.false_findings,
        tally.missed,
        tally.lines.len(),
        tally.lines.join("\n")
    );
}

/// The texts of every cell of a sheet.
fn texts(path: &std::path::Path, sheet: &str) -> std::collections::BTreeSet<String> {
    let g = common::grid(path, sheet);
    g.keys()
        .map(|(r, c)| common::cell_text(&g, *r, *c))
        .collect()
}

/// A range prints as written where a user reads the target: the summary's 指标明细 and each
/// unit's return workbook (the table re-laid with its targets).
#[test]
fn ranges_print_as_written_in_the_summary_and_the_return_workbooks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let o = common::selfeval_at_root()
        .args(["run", "fixtures/rangeprobe", "-o"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let summary = texts(&out.join("summary.xlsx"), "指标明细");
    let mut missing = Vec::new();
    let exp = expected("rangeprobe");
    for (name, e) in exp["tables"].as_object().expect("tables") {
        let unit = e["unit"].as_str().unwrap_or("");
        let book = texts(&out.join("units").join(format!("{unit}.xlsx")), "Sheet1");
        for i in e["indicators"].as_array().into_iter().flatten() {
            let written = i["target"].as_str().unwrap_or("").to_string();
            for (place, cells) in [("summary 指标明细", &summary), ("return workbook", &book)] {
                if !cells.contains(&written) {
                    missing.push(format!(
                        "{name} {}: “{written}” not in the {place}",
                        i["name"]
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
