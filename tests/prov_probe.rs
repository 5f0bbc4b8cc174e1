//! Provinces' own project forms (docs/reader.md, "Provinces surveyed (provprobe)"): the
//! binary once on fixtures/provprobe (made by fixtures/make/provprobe.py, every workbook made
//! up after the published forms of Hubei, Ningxia and Hebei), every table compared with what
//! a finance officer expects of it — kind, name, unit, the 年度资金总额 row, each indicator
//! (name, target parsed, actual, weight, stated and reviewed score), the stated total (Ningxia's
//! 自评得分 in the head) and the reviewed one, the stated grade and the exact codes of the
//! findings. Every mismatch of every file is listed at once.

mod common;

use common::probe::{codes, differences};

use serde_json::Value;
use std::sync::OnceLock;

const DIR: &str = "fixtures/provprobe";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("provprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn provinces_forms_read_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 18, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let d = differences(name, common::json_file(doc, name), e);
        files += usize::from(!d.is_empty());
        wrong.extend(d);
    }
    assert!(
        wrong.is_empty(),
        "{files} files read wrong, {} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_planted_defect_is_found_as_an_error() {
    // A total not the sum, a rate not matching the money, an unmet indicator with full
    // marks, a stated total not the sum: each is an error, whatever else the table says.
    let planted = [
        ("h02_hubei_total_wrong.xlsx", "total-mismatch"),
        ("h03_hubei_rate_wrong.xlsx", "exec-rate-mismatch"),
        ("h06_hubei_unmet_no_reason.xlsx", "reason-missing"),
        ("x02_ningxia_total_wrong.xlsx", "total-mismatch"),
        ("x03_ningxia_unmet_full_marks.xlsx", "score-inflated"),
        ("x04_ningxia_rate_wrong.xlsx", "exec-rate-mismatch"),
        ("e02_hebei_total_not_sum.xlsx", "fund-sum-mismatch"),
    ];
    let missed: Vec<String> = planted
        .iter()
        .filter(|(file, code)| !codes(common::json_file(doc(), file)).contains(&code.to_string()))
        .map(|(file, code)| format!("{file}: {code} not found"))
        .collect();
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn a_run_counts_every_table_of_the_provinces() {
    // One table per file: a run counts each, none left out (`not_counted`), and writes the
    // summary workbook.
    let (out, report) = common::probe::run_report(DIR);
    assert_eq!(report["summary"]["tables"], expected().len());
    assert_eq!(report["summary"]["not_counted"], 0);
    assert!(out.path().join("summary.xlsx").is_file());
}
