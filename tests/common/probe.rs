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

// ------------------------------------------------------------------ the table probes
// (tests/field_probe.rs, tests/dept_pub.rs): a file's `check --format json` against its
// expected.json entry.

/// The 年度资金总额 row's three figures.
pub fn fund_total(t: &Value) -> Vec<Value> {
    let rows = t["funds"]["rows"].as_array().cloned().unwrap_or_default();
    let total = rows.into_iter().find(|r| r["role"] == "total");
    let total = total.unwrap_or(Value::Null);
    ["initial", "budget", "executed"]
        .iter()
        .map(|k| total[*k].clone())
        .collect()
}

/// Every code of a file's findings (its own and its tables'), sorted.
pub fn codes(f: &Value) -> Vec<String> {
    let own = f["findings"].as_array().into_iter().flatten();
    let tables = f["tables"].as_array().into_iter().flatten();
    let inner = tables.flat_map(|t| t["findings"].as_array().into_iter().flatten());
    let mut out: Vec<String> = own
        .chain(inner)
        .map(|x| x["code"].as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out
}

pub fn compare_indicators(at: &str, e: &Value, t: &Value, out: &mut Vec<String>) {
    let want = e["indicators"].as_array().cloned().unwrap_or_default();
    let got = t["indicators"].as_array().cloned().unwrap_or_default();
    if want.len() != got.len() {
        let names: Vec<&Value> = got.iter().map(|i| &i["name"]).collect();
        out.push(format!(
            "{at}: {} indicators read {names:?}, {} expected",
            got.len(),
            want.len()
        ));
    }
    for (k, (wi, gi)) in want.iter().zip(&got).enumerate() {
        for (key, v) in wi.as_object().expect("indicator") {
            differ(format!("{at} 指标{} {key}", k + 1), v, &gi[key], out);
        }
    }
}

/// What is wrong with one file against its expectation, one line each.
pub fn differences(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let tables = f["tables"].as_array().cloned().unwrap_or_default();
    if tables.len() != 1 {
        out.push(format!("{name}: {} tables read, 1 expected", tables.len()));
    }
    let t = tables.first().cloned().unwrap_or(Value::Null);
    for k in ["kind", "name", "unit"] {
        differ(format!("{name} {k}"), &e[k], &t[k], &mut out);
    }
    let funds = fund_total(&t);
    for (i, k) in ["年初预算数", "全年预算数", "全年执行数"]
        .iter()
        .enumerate()
    {
        let want = &e["funds"][i];
        differ(
            format!("{name} 年度资金总额 {k}"),
            want,
            &funds[i],
            &mut out,
        );
    }
    compare_indicators(name, e, &t, &mut out);
    let total = &t["total"];
    differ(
        format!("{name} 总分（填报）"),
        &e["total_stated"],
        &total["score_stated"],
        &mut out,
    );
    differ(
        format!("{name} 总分（复核）"),
        &e["total"],
        &total["score"],
        &mut out,
    );
    let grade = &t["grade"]["stated"];
    differ(
        format!("{name} 自评等级"),
        &e["grade_stated"],
        grade,
        &mut out,
    );
    let want: Vec<String> = e["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    let got = codes(f);
    if got != want {
        out.push(format!("{name} findings: expected {want:?}, got {got:?}"));
    }
    out
}

/// `selfeval run DIR -o TMP` (exit 1: the probes plant defects): the output folder and the
/// report.json written there; the probes check that a run counts every table their check
/// reads.
pub fn run_report(dir: &str) -> (tempfile::TempDir, Value) {
    let out = tempfile::tempdir().expect("tempdir");
    let o = super::selfeval_at_root()
        .args(["run", dir, "-o"])
        .arg(out.path())
        .output()
        .expect("selfeval runs");
    super::assert_exit(&o, 1);
    let text = std::fs::read_to_string(out.path().join("report.json")).expect("report.json");
    (out, serde_json::from_str(&text).expect("JSON"))
}
