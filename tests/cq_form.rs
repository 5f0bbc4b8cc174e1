//! Chongqing's and Fujian's department forms (docs/reader.md, "Chongqing's and Fujian's
//! forms (cqform)"): the binary once on fixtures/cqform (made by fixtures/make/cqform.py,
//! every workbook made up after the published forms), every table compared with what a
//! finance officer expects of it — kind, unit, the 年度资金总额 row (Chongqing's unlabelled
//! execution row, Fujian's 合计 with 小计 as 全年预算数 and 年度拨付金额 as 全年执行数), each
//! indicator (name, target parsed — the adjusted one when given —, actual, weight, stated and
//! reviewed score), the stated total (Chongqing's 自评总分 in the head) and the reviewed one,
//! the stated grade and the exact codes of the findings. Every mismatch of every file is
//! listed at once.

mod common;

use common::probe::{codes, differences};

use serde_json::Value;
use std::sync::OnceLock;

const DIR: &str = "fixtures/cqform";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("cqform/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn chongqing_and_fujian_forms_read_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 14, "the probe's cases: {}", cases.len());
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
    // A total not the sum, a rate not matching the money, a score above its weight, a
    // stated total not the sum: each is an error, whatever else the table says.
    let planted = [
        ("c03_chongqing_rate_wrong.xlsx", "exec-rate-mismatch"),
        ("c04_chongqing_score_over_weight.xlsx", "score-over-weight"),
        ("c05_chongqing_total_wrong.xlsx", "total-mismatch"),
        ("n02_fujian_total_not_sum.xlsx", "fund-sum-mismatch"),
        ("n03_fujian_rate_wrong.xlsx", "exec-rate-mismatch"),
        ("n05_fujian_total_wrong.xlsx", "total-mismatch"),
    ];
    let missed: Vec<String> = planted
        .iter()
        .filter(|(file, code)| !codes(common::json_file(doc(), file)).contains(&code.to_string()))
        .map(|(file, code)| format!("{file}: {code} not found"))
        .collect();
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
