//! Project tables as units really send them (templates.md §1, §5, §6), with the variants
//! COMBINED: the binary once on fixtures/tblprobe (made by fixtures/make/tblprobe.py), every
//! table compared with what a finance officer expects of it — name, unit, year, fund totals
//! in 万元, stated execution, each indicator (category, target parsed, actual, weight, stated
//! and reviewed score), stated total and grade, and the exact findings with their cells.
//!
//! The generator decides the expectations from the spec and writes them to expected.json;
//! `planted_defects_are_found_and_honest_tables_are_quiet` restates the findings by hand so
//! that a fault shared by the generator and the reader cannot pass unseen.

mod common;

use common::probe::{canon, differ};

use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const DIR: &str = "fixtures/tblprobe";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn file_name(f: &Value) -> String {
    let p = f["path"].as_str().unwrap_or_default();
    p.rsplit('/').next().unwrap_or(p).to_string()
}

/// The differences between one expected table and the table read.
fn compare_table(at: &str, e: &Value, t: &Value, out: &mut Vec<String>) {
    for k in ["sheet", "name", "department", "unit", "year"] {
        differ(format!("{at} {k}"), &e[k], &t[k], out);
    }
    let rows = t["funds"]["rows"].as_array().expect("fund rows");
    let total = rows.iter().find(|r| r["role"] == "total");
    let total = total.cloned().unwrap_or(Value::Null);
    for (i, k) in ["initial", "budget", "executed"].iter().enumerate() {
        differ(
            format!("{at} 年度资金总额 {k}"),
            &e["funds"][i],
            &total[k],
            out,
        );
    }
    let x = &t["execution"];
    differ(
        format!("{at} 执行率"),
        &e["rate_stated"],
        &x["rate_stated"],
        out,
    );
    differ(
        format!("{at} 执行率得分"),
        &e["exec_score_stated"],
        &x["score_stated"],
        out,
    );
    differ(
        format!("{at} 总分"),
        &e["total_stated"],
        &t["total"]["score_stated"],
        out,
    );
    differ(
        format!("{at} 自评等级"),
        &e["grade_stated"],
        &t["grade"]["stated"],
        out,
    );
    let want = e["indicators"].as_array().expect("indicators");
    let got = t["indicators"].as_array().expect("indicators");
    if want.len() != got.len() {
        out.push(format!(
            "{at}: {} indicators read, {} expected",
            got.len(),
            want.len()
        ));
    }
    for (k, (wi, gi)) in want.iter().zip(got).enumerate() {
        for (key, v) in wi.as_object().expect("indicator") {
            differ(format!("{at} 指标{} {key}", k + 1), v, &gi[key], out);
        }
    }
    let mut found: Vec<Value> = t["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| serde_json::json!([f["code"], f["cell"]]))
        .collect();
    found.sort_by_key(|v| v.to_string());
    let mut want_f = e["findings"].as_array().cloned().unwrap_or_default();
    want_f.sort_by_key(|v| v.to_string());
    if found != want_f {
        out.push(format!("{at} findings: expected {want_f:?}, got {found:?}"));
    }
}

#[test]
fn every_table_reads_as_the_officer_expects() {
    let exp = expected();
    let exp = exp.as_object().expect("expected.json maps files");
    assert!(exp.len() >= 30, "the probe has its workbooks");
    let files = doc()["files"].as_array().expect("files");
    let mut out = Vec::new();
    for (name, tables) in exp {
        let Some(f) = files.iter().find(|f| file_name(f) == *name) else {
            out.push(format!("{name}: not in the run"));
            continue;
        };
        if f["findings"].as_array().is_some_and(|v| !v.is_empty()) {
            out.push(format!("{name}: file findings {}", f["findings"]));
        }
        let got = f["tables"].as_array().expect("tables");
        let want = tables.as_array().expect("tables");
        if got.len() != want.len() {
            out.push(format!(
                "{name}: {} tables, {} expected",
                got.len(),
                want.len()
            ));
        }
        for (i, (e, t)) in want.iter().zip(got).enumerate() {
            compare_table(&format!("{name} 表{}", i + 1), e, t, &mut out);
        }
    }
    assert!(
        out.is_empty(),
        "{} differences:\n{}",
        out.len(),
        out.join("\n")
    );
}

/// (file, sheet, code, cell) of every table finding of the run.
fn all_findings() -> BTreeSet<[String; 4]> {
    let mut out = BTreeSet::new();
    for f in doc()["files"].as_array().expect("files") {
        for t in f["tables"].as_array().into_iter().flatten() {
            for x in t["findings"].as_array().into_iter().flatten() {
                let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
                out.insert([file_name(f), s(&t["sheet"]), s(&x["code"]), s(&x["cell"])]);
            }
        }
    }
    out
}

/// Every finding the probe's tables must give (file, sheet, code, cell), by hand: the planted defects with their
/// knock-ons, and the default policy's rightful warnings on the Sichuan form (产出 60 +
/// 效益 30, no 满意度). Every other table is honest and gives none.
const PLANTED: &[&str] = &[
    "t01_sichuan_b3_spaced_yuan.xlsx 项目自评 category-missing B3",
    "t01_sichuan_b3_spaced_yuan.xlsx 项目自评 weight-category-mismatch C17",
    "t03_central_export.xls 项目支出绩效自评表 fund-sum-mismatch G7",
    "t07_qualitative_partial_full_marks.xlsx 项目自评 grade-changed I23",
    "t07_qualitative_partial_full_marks.xlsx 项目自评 score-inflated I19",
    "t09_l1_weight_label_differs.xlsx 项目自评 weight-category-mismatch B14",
    "t12_grade_conclusion_wrong.xlsx 项目自评 grade-changed H22",
    "t12_grade_conclusion_wrong.xlsx 项目自评 grade-mismatch H22",
    "t17_stacked_with_instructions.xlsx 城管项目 exec-rate-mismatch I36",
    "t19_ten_projects.xlsx 项目4 score-inflated I17",
    "t19_ten_projects.xlsx 项目4 score-over-weight I17",
    "t19_ten_projects.xlsx 项目8 reason-missing J24",
    "t19_ten_projects.xlsx 项目8 score-inflated I24",
    "t20_sums_do_not_add_offset.xlsx 项目自评 fund-sum-mismatch G10",
    "t20_sums_do_not_add_offset.xlsx 项目自评 fund-sum-mismatch H10",
    "t21_rate_text_mismatch.xlsx 项目自评 exec-rate-mismatch I7",
    "t22_score_over_weight_l1w.xlsx 项目自评 score-inflated I15",
    "t22_score_over_weight_l1w.xlsx 项目自评 score-over-weight I15",
    "t23_unmet_full_marks.xlsx 项目自评 reason-missing J14",
    "t23_unmet_full_marks.xlsx 项目自评 score-inflated I14",
    "t24_sichuan.ods 项目自评 category-missing A1",
    "t24_sichuan.ods 项目自评 exec-score-inflated J7",
    "t24_sichuan.ods 项目自评 weight-category-mismatch B15",
    "t29_over_budget.xlsx 项目自评 fund-over-budget G7",
    "t30_low_execution.xlsx 项目自评 exec-rate-low I7",
    "t33_overachievement.xlsx 项目自评 overachievement-unexplained G14",
    "t34_total_mismatch.xlsx 项目自评 total-mismatch I21",
    "t35_weights_not_100.xlsx 项目自评 weight-category-mismatch B20",
    "t35_weights_not_100.xlsx 项目自评 weight-total-mismatch H21",
    "t40_more_operators_date_actual.xlsx 项目自评 reason-missing J21",
    "t40_more_operators_date_actual.xlsx 项目自评 score-inflated I21",
    "t41_sichuan_text_rate_spaced.xlsx 项目自评 category-missing A1",
    "t41_sichuan_text_rate_spaced.xlsx 项目自评 fund-sum-mismatch E7",
    "t41_sichuan_text_rate_spaced.xlsx 项目自评 weight-category-mismatch B15",
    "t46_sichuan_spaced_l1_weights.xlsx 项目自评 category-missing A1",
    "t46_sichuan_spaced_l1_weights.xlsx 项目自评 weight-category-mismatch B15",
    "t47_stacked_canonical_and_sichuan.xlsx 两张表 category-missing A28",
    "t47_stacked_canonical_and_sichuan.xlsx 两张表 weight-category-mismatch B42",
    "t48_percent_number_cells.xlsx 项目自评 reason-missing J19",
    "t48_percent_number_cells.xlsx 项目自评 score-inflated I19",
    "t49_beijing_missing_fields.xlsx 项目自评 field-missing C5",
    "t49_beijing_missing_fields.xlsx 项目自评 field-missing G14",
    "t49_beijing_missing_fields.xlsx 项目自评 target-placeholder F17",
    "t50_sichuan_level_unknown.xlsx 项目自评 category-missing A1",
    "t50_sichuan_level_unknown.xlsx 项目自评 qualitative-level-unknown H19",
    "t50_sichuan_level_unknown.xlsx 项目自评 weight-category-mismatch B15",
    "t51_unit_mismatch_text_score.xlsx 项目自评 field-not-number I15",
    "t51_unit_mismatch_text_score.xlsx 项目自评 total-mismatch I21",
    "t51_unit_mismatch_text_score.xlsx 项目自评 unit-mismatch G14",
    "t53_sichuan_typed_percent_rate.xlsx 项目自评 category-missing A1",
    "t53_sichuan_typed_percent_rate.xlsx 项目自评 weight-category-mismatch B15",
    "t54_tiny_rate_percent_header.xlsx 项目自评 exec-rate-low I7",
    "t55_stacked_with_instructions.xls 城管项目 exec-rate-mismatch I36",
    "t56_ten_projects.ods 项目4 score-inflated I17",
    "t56_ten_projects.ods 项目4 score-over-weight I17",
    "t56_ten_projects.ods 项目8 reason-missing J24",
    "t56_ten_projects.ods 项目8 score-inflated I24",
    "t57_sichuan_typed_percent_actuals.xlsx 项目自评 category-missing A1",
    "t57_sichuan_typed_percent_actuals.xlsx 项目自评 weight-category-mismatch B15",
];

#[test]
fn planted_defects_are_found_and_honest_tables_are_quiet() {
    let want: BTreeSet<[String; 4]> = PLANTED
        .iter()
        .map(|r| {
            let mut f = r.split(' ').map(str::to_string);
            std::array::from_fn(|_| f.next().unwrap_or_default())
        })
        .collect();
    let got = all_findings();
    let missed: Vec<_> = want.difference(&got).collect();
    let false_findings: Vec<_> = got.difference(&want).collect();
    assert!(
        missed.is_empty() && false_findings.is_empty(),
        "missed {missed:#?}\nfalse {false_findings:#?}"
    );
}

/// The one table of a probe file.
fn table(name: &str) -> &'static Value {
    let files = doc()["files"].as_array().expect("files");
    let f = files.iter().find(|f| file_name(f) == name).expect(name);
    &f["tables"][0]
}

#[test]
fn a_percent_typed_into_a_number_cell_is_a_percent_as_the_target() {
    // Excel stores a typed `95%` as 0.95. As the target beside an actual written `93%`, it
    // was read as ≥0.95: the missed target looked met (score-understated against a right
    // 9.79), 100% against a typed 100% looked like 100 times the target
    // (overachievement-unexplained), and a missed target with full marks passed.
    let t = table("t48_percent_number_cells.xlsx");
    let ind = &t["indicators"];
    let s = |v: &Value| canon(v).as_str().unwrap_or("-").to_string();
    assert_eq!(s(&ind[1]["target_value"]), "95");
    assert_eq!(ind[1]["unit"], "%");
    assert_eq!(s(&ind[1]["score"]), "9.79");
    assert_eq!(s(&ind[2]["target_value"]), "100");
    assert_eq!(s(&ind[5]["score"]), "9.78");
    // Satisfaction is in %: a typed 90% against a typed 95% reads 90 and 95.
    assert_eq!(s(&ind[6]["target_value"]), "90");
    assert_eq!(s(&ind[6]["actual_value"]), "95");
}

#[test]
fn a_rate_typed_with_its_percent_sign_under_a_percent_header_is_that_percent() {
    // `96%` typed under `执行率(%)` is stored as 0.96; it was read as 0.96 % (0.0096), a
    // false exec-rate-mismatch. A rate written 0.5 there (0.5 of 100 executed) stays 0.5 %.
    let rate = |f: &str| canon(&table(f)["execution"]["rate_stated"]);
    assert_eq!(rate("t52_beijing_typed_percent_rate.xlsx"), "0.96");
    assert_eq!(rate("t53_sichuan_typed_percent_rate.xlsx"), "0.9732");
    assert_eq!(rate("t54_tiny_rate_percent_header.xlsx"), "0.005");
}

#[test]
fn an_actual_typed_with_its_percent_sign_beside_a_percent_unit_column_is_that_percent() {
    // `97%` typed into 完成值 is stored as 0.97; with the `%` of the 度量单位 column it read
    // 0.97 % against ≥95% (score-inflated, reason-missing and grade-changed on an honest
    // table). A small rate written 0.3 against ≤5% stays 0.3 %.
    let actuals = |f: &str| -> Vec<String> {
        table(f)["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .map(|i| i["actual"].as_str().unwrap_or("-").to_string())
            .collect()
    };
    let sichuan = actuals("t57_sichuan_typed_percent_actuals.xlsx");
    assert_eq!(sichuan[1..5], ["97%", "100%", "1750元", "0.3%"]);
    let opcols = actuals("t58_opcols_typed_percent_actuals.xlsx");
    assert_eq!([&opcols[1], &opcols[2], &opcols[6]], ["97%", "100%", "95%"]);
}

#[test]
fn a_run_on_the_probe_writes_every_table() {
    let (out, report) = common::probe::run_report(DIR);
    let tables: usize = expected()
        .as_object()
        .expect("files")
        .values()
        .map(|t| t.as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(report["summary"]["tables"], tables);
    assert_eq!(report["summary"]["not_counted"], 0);
    assert!(out.path().join("summary.xlsx").is_file());
}
