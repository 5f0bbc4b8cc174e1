//! Published tables' conventions (docs/reader.md, "Published tables surveyed"): the binary
//! once on fixtures/fieldprobe (made by fixtures/make/fieldprobe.py, every workbook made up,
//! each reproducing what real units write), every table compared with what a finance
//! officer expects of it — kind, name, unit, the 年度资金总额 row, each indicator (name,
//! target parsed, actual, weight, stated and reviewed score), the stated and reviewed
//! total, the stated grade and the exact codes of the findings. Every mismatch of every
//! file is listed at once.

mod common;

use common::probe::differ;

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

/// The 年度资金总额 row's three figures.
fn fund_total(t: &Value) -> Vec<Value> {
    let rows = t["funds"]["rows"].as_array().cloned().unwrap_or_default();
    let total = rows.into_iter().find(|r| r["role"] == "total");
    let total = total.unwrap_or(Value::Null);
    ["initial", "budget", "executed"]
        .iter()
        .map(|k| total[*k].clone())
        .collect()
}

/// Every code of a file's findings (its own and its tables'), sorted.
fn codes(f: &Value) -> Vec<String> {
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

fn compare_indicators(at: &str, e: &Value, t: &Value, out: &mut Vec<String>) {
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
fn differences(name: &str, f: &Value, e: &Value) -> Vec<String> {
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
