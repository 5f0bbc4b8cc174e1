//! Indicator values from the field (docs/scoring.md, "Indicator values from the field
//! (valprobe)"): the binary once on fixtures/valprobe (made by fixtures/make/valprobe.py:
//! 174 target / actual pairs copied from published self-evaluation tables, carried by ten
//! made-up project tables), every indicator compared with what a finance officer following
//! scoring.md expects of it — the target as parsed (operator, number, unit), the actual's
//! number, the kind, the reviewed score and the codes of the findings on its row — and every
//! table's totals, grades and codes. Every mismatch is listed at once, with the counts the
//! probe reports: pairs read wrong, scores wrong, false findings, missed findings.

mod common;

use common::probe::{canon, codes};
use serde_json::Value;
use std::collections::BTreeMap;

const DIR: &str = "fixtures/valprobe";

/// The parsed figures of a pair: a mismatch in any of these is a pair read wrong.
const READ: &[&str] = &["op", "target_value", "unit", "actual_value", "kind"];
/// The figures a mismatch in which is a score wrong.
const SCORED: &[&str] = &["weight", "score_stated", "score"];

fn expected() -> Value {
    let path = common::fixtures().join("valprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
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
    pairs: usize,
    /// The pairs copied from published tables (the forms looked for and not found, source
    /// `X`, are not).
    field_pairs: usize,
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
        self.pairs += 1;
        self.field_pairs += usize::from(want["source"] != "X");
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
        let want_codes: Vec<String> = want["codes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c.as_str().unwrap_or("").to_string())
            .collect();
        self.codes(at, &want_codes, &found);
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
    for (k, (w, g)) in want.iter().zip(&got).enumerate() {
        let row = g["row"].as_u64().unwrap_or(0);
        let found = by_row.remove(&row).unwrap_or_default();
        let at = format!("{name} 指标{} {}", k + 1, w["name"]);
        tally.indicator(&at, w, g, found);
    }
    let rest: Vec<String> = by_row.into_values().flatten().collect();
    let want_rest = table_codes(e);
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
    let mut all: Vec<String> = e["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    all.sort();
    if codes(f) != all {
        tally.lines.push(format!(
            "{name} all findings: expected {all:?}, got {:?}",
            codes(f)
        ));
    }
}

/// The table's codes that sit on no indicator row (grade, totals).
fn table_codes(e: &Value) -> Vec<String> {
    let mut all: Vec<String> = e["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    for i in e["indicators"].as_array().into_iter().flatten() {
        for c in i["codes"].as_array().into_iter().flatten() {
            if let Some(k) = all.iter().position(|a| Some(a.as_str()) == c.as_str()) {
                all.remove(k);
            }
        }
    }
    all.sort();
    all
}

#[test]
fn indicator_values_from_the_field_read_and_score_as_an_officer_expects() {
    let doc = common::check_json(DIR);
    let exp = expected();
    let tables = exp["tables"].as_object().expect("tables");
    assert!(tables.len() >= 10, "the probe's tables: {}", tables.len());
    let mut tally = Tally::default();
    for (name, e) in tables {
        table(name, e, common::json_file(&doc, name), &mut tally);
    }
    assert!(
        tally.field_pairs >= 150,
        "the field's pairs: {}",
        tally.field_pairs
    );
    assert!(
        tally.lines.is_empty(),
        "{} pairs ({} from the field): {} read wrong, {} scored wrong, {} false findings, {} missed; {} mismatches:\n{}",
        tally.pairs,
        tally.field_pairs,
        tally.read_wrong,
        tally.score_wrong,
        tally.false_findings,
        tally.missed,
        tally.lines.len(),
        tally.lines.join("\n")
    );
}
