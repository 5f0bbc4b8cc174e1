//! Published tables' conventions (docs/reader.md, "Published tables surveyed"): the binary
//! once on fixtures/fieldprobe (made by fixtures/make/fieldprobe.py, every workbook made up,
//! each reproducing what real units write), every table compared with what a finance
//! officer expects of it — kind, name, unit, the 年度资金总额 row, each indicator (name,
//! target parsed, actual, weight, stated and reviewed score), the stated and reviewed
//! total, the stated grade and the exact codes of the findings. Every mismatch of every
//! file is listed at once.

mod common;

use common::probe::{codes, differences};

use serde_json::Value;
use std::sync::OnceLock;

const DIR: &str = "fixtures/fieldprobe";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("fieldprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn published_conventions_read_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 7, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    for (name, e) in &cases {
        wrong.extend(differences(name, common::json_file(doc, name), e));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_total_row_of_zeros_over_filled_sources_is_found() {
    // Published as is: 年度资金总额 0 / 0 / 0 under 本年财政拨款 202.64 / 132.91 / 132.91.
    let f = common::json_file(doc(), "f02_anhui_total_row_zero.xlsx");
    let c = codes(f);
    assert_eq!(c.iter().filter(|c| *c == "fund-sum-mismatch").count(), 3);
    assert_eq!(f["status"], "invalid");
}

#[test]
fn a_budget_code_before_the_unit_makes_no_second_unit() {
    // Anhui's export writes `219001-某市某区青溪镇人民政府`; the town's other table writes the
    // name alone. They were two units in 汇总.
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for f in [
        "f01_anhui_colon_percent_word.xlsx",
        "f08_grade_in_total_wrong.xlsx",
    ] {
        std::fs::copy(common::fixtures().join("fieldprobe").join(f), inbox.join(f)).unwrap();
    }
    let out = dir.path().join("out");
    let o = common::run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(out.join("report.json").exists(), "{o:?}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let units: Vec<&Value> = report["units"].as_array().unwrap().iter().collect();
    let names: Vec<&str> = units.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["某市某区青溪镇人民政府"]);
    assert_eq!(units[0]["tables"], 2);
}

#[test]
fn numbered_names_match_their_declaration() {
    // The 申报表 and the table both write `指标1：培训人数`; the table's names lose the number,
    // so the comparison does too, and the declaration's unfilled `指标7：` row is no
    // approved indicator. Only the planted lowered target is found.
    let doc = common::check_json("fixtures/fieldprobe_decl");
    let f = common::json_file(&doc, "自评表.xlsx");
    let approved: Vec<String> = codes(f)
        .into_iter()
        .filter(|c| c.starts_with("approved-"))
        .collect();
    assert_eq!(approved, ["approved-target-lowered"]);
}
