//! The probes' helpers: figures compared by value (the table probes); for the report probes
//! (tests/report_probe.rs, tests/report_probe2.rs) a folder's expected.json (per case, the
//! codes a report must give; none for a correct one) and the two verdicts, false findings
//! on the correct reports and planted errors missed.
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;
use std::str::FromStr;

/// The cases of `dir/expected.json`: (case, codes expected).
pub fn expected(dir: &Path) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    let map: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("JSON");
    map.into_iter()
        .map(|(k, v)| {
            let codes = v.as_array().unwrap().iter();
            (k, codes.map(|c| c.as_str().unwrap().to_string()).collect())
        })
        .collect()
}

/// Every finding on the correct cases (at least `at_least` of them), one line each.
pub fn false_findings(
    cases: &[(String, Vec<String>)],
    at_least: usize,
    findings: impl Fn(&str) -> Vec<Value>,
) -> Vec<String> {
    let correct: Vec<_> = cases.iter().filter(|c| c.1.is_empty()).collect();
    assert!(correct.len() >= at_least, "the probe's correct reports");
    let mut wrong = Vec::new();
    for (case, _) in correct {
        for f in findings(case) {
            let (code, n, msg) = (&f["code"], &f["paragraph"], &f["message"]);
            wrong.push(format!("{case}: {code} 第{n}段 {msg}"));
        }
    }
    wrong
}

/// The faulty cases (at least `at_least`) that give no error of an expected code.
pub fn missed(
    cases: &[(String, Vec<String>)],
    at_least: usize,
    findings: impl Fn(&str) -> Vec<Value>,
) -> Vec<String> {
    let planted: Vec<_> = cases.iter().filter(|c| !c.1.is_empty()).collect();
    assert!(planted.len() >= at_least, "the probe's faulty reports");
    let mut missed = Vec::new();
    for (case, codes) in planted {
        let found = findings(case);
        let hit = found
            .iter()
            .any(|f| f["severity"] == "error" && codes.iter().any(|c| f["code"] == c.as_str()));
        if !hit {
            missed.push(format!("{case}: none of {codes:?} in {found:?}"));
        }
    }
    missed
}

/// The findings `check` gives the file of `dir` whose path ends with `file`.
pub fn findings_of(dir: &Path, file: &str) -> Vec<Value> {
    let d = dir.to_string_lossy().into_owned();
    let out = super::run(&["check", "--format", "json", &d]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let listed = doc["files"].as_array().unwrap().iter();
    let mut listed = listed.filter(|f| f["path"].as_str().unwrap_or_default().ends_with(file));
    let f = listed
        .next()
        .unwrap_or_else(|| panic!("{d}: {file} is listed"));
    f["findings"].as_array().unwrap().clone()
}

/// A figure in canonical form (`150.00` and `150` alike); other values as they are: how the
/// table probes compare what a file must read with what it read.
pub fn canon(v: &Value) -> Value {
    match v.as_str().map(Decimal::from_str) {
        Some(Ok(d)) => Value::String(d.normalize().to_string()),
        _ => v.clone(),
    }
}

/// One line in `out` when `want` and `got` differ (figures compared by value).
pub fn differ(what: String, want: &Value, got: &Value, out: &mut Vec<String>) {
    if canon(want) != canon(got) {
        out.push(format!("{what}: expected {want}, read {got}"));
    }
}
