//! Tables as budget systems export them (docs/reader.md, "System exports (exportprobe)"):
//! the binary once on fixtures/exportprobe (made by fixtures/make/exportprobe.py: the central
//! project library's export of several years with the 自评表 filled, a provincial 一体化
//! system's export with its cover, contents, hidden and per-project sheets, head lines and
//! footers, amounts in 元 as text, the total and grade in the head, projects stacked on one
//! sheet, and the department's all-project list), every table compared with what a finance
//! officer expects of it — kind, name, unit, the 年度资金总额 row, each indicator, the stated
//! and reviewed totals, the stated grade and the exact codes of each table's findings — and
//! each file's own findings. Every mismatch of every file is listed at once.

mod common;

use common::probe::{codes, differences};

use serde_json::{json, Value};
use std::sync::OnceLock;

const DIR: &str = "fixtures/exportprobe";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("exportprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// Codes of a file's own findings (not its tables'), sorted.
fn file_codes(f: &Value) -> Vec<String> {
    let own = f["findings"].as_array().into_iter().flatten();
    let mut out: Vec<String> = own
        .map(|x| x["code"].as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out
}

/// What is wrong with one file: its tables one by one (each as `differences` compares a
/// one-table file), the count of tables, and the file's own findings.
fn file_differences(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let want = e["tables"].as_array().cloned().unwrap_or_default();
    let got = f["tables"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    if want.len() != got.len() {
        let names: Vec<&Value> = got.iter().map(|t| &t["name"]).collect();
        out.push(format!(
            "{name}: {} tables read {names:?}, {} expected",
            got.len(),
            want.len()
        ));
    }
    for (k, (w, g)) in want.iter().zip(&got).enumerate() {
        let one = json!({ "tables": [g], "findings": [] });
        out.extend(differences(&format!("{name} #{}", k + 1), &one, w));
    }
    let own = file_codes(f);
    let want_own: Vec<String> = e["file_findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    if own != want_own {
        out.push(format!(
            "{name} file findings: expected {want_own:?}, got {own:?}"
        ));
    }
    out
}

#[test]
fn system_exports_read_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 18, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let d = file_differences(name, common::json_file(doc, name), e);
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
    // marks, a stated total not the sum: each is an error, whatever else the file says.
    let planted = [
        ("c02_central_2021_total_not_sum.xlsx", "fund-sum-mismatch"),
        ("c03_central_2022_unmet_full_marks.xlsx", "score-inflated"),
        ("c04_central_2019_rate_wrong.xlsx", "exec-rate-mismatch"),
        ("p03_province_head_score_not_sum.xlsx", "total-mismatch"),
        ("p04_province_stacked.xlsx", "score-inflated"),
        ("p05_province_stacked.xls", "score-inflated"),
        ("p06_province_yuan_cell_unmet.xlsx", "score-inflated"),
        ("p09_province_head_grade_wrong.xlsx", "grade-mismatch"),
        (
            "d02_province_department_split_wrong.xlsx",
            "fund-split-mismatch",
        ),
    ];
    let missed: Vec<String> = planted
        .iter()
        .filter(|(file, code)| !codes(common::json_file(doc(), file)).contains(&code.to_string()))
        .map(|(file, code)| format!("{file}: {code} not found"))
        .collect();
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn the_departments_project_list_is_named_for_what_it_is() {
    // The all-project export (one row per project: 项目编码 | 项目名称 | 年初预算数 | … |
    // 自评得分) is no table (templates.md §7), and the officer is told what it is.
    let f = common::json_file(doc(), "l01_department_project_list.xlsx");
    let own = f["findings"].as_array().cloned().unwrap_or_default();
    let said: Vec<&str> = own.iter().filter_map(|x| x["message"].as_str()).collect();
    assert!(
        said.iter()
            .any(|m| m.contains("一行一个项目") && m.contains("不是绩效自评表")),
        "l01: {said:?}"
    );
}
