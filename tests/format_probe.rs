//! Number formats (docs/reader.md, "Number formats (fmtprobe)"): the binary once on
//! fixtures/fmtprobe (made by fixtures/make/fmtprobe.py, every workbook made up), project
//! tables and a department table whose targets, actuals, rates and amounts are typed numbers
//! with percent, unit-suffix, scaling, thousands and General formats, in `.xlsx` and, for
//! some, saved again as `.xlsm`, `.ods` and `.xls`. Every table is compared with what a finance officer sees on the
//! screen — the 年度资金总额 row, the stated 执行率, each indicator (target parsed, actual as
//! shown, weight, stated and reviewed score), the totals, the grade and the exact codes of
//! the findings. Every mismatch of every file is listed at once.

mod common;

use common::probe::{codes, differ, differences};

use serde_json::Value;

const DIR: &str = "fixtures/fmtprobe";

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("fmtprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// The stated 执行率 of the file's table, beside the rest of its figures.
fn rate_difference(name: &str, f: &Value, e: &Value, out: &mut Vec<String>) {
    let rate = &f["tables"][0]["execution"]["rate_stated"];
    differ(
        format!("{name} 执行率（填报）"),
        &e["rate_stated"],
        rate,
        out,
    );
}

#[test]
fn typed_numbers_read_as_their_number_formats_show_them() {
    let doc = common::check_json(DIR);
    let cases = expected();
    assert!(cases.len() >= 20, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(&doc, name);
        let mut d = differences(name, f, e);
        rate_difference(name, f, e, &mut d);
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
fn the_probe_holds_honest_tables_and_planted_defects() {
    // Both halves of the measure: tables that must give nothing, and defects that must be
    // found (a probe of honest tables alone could not fail by missing).
    let cases = expected();
    let planted = cases
        .values()
        .filter(|e| e["findings"].as_array().is_some_and(|a| !a.is_empty()))
        .count();
    assert!(planted >= 8, "planted cases: {planted}");
    assert!(cases.len() - planted >= 16, "honest cases");
    let doc = common::check_json(DIR);
    let books = doc["files"].as_array().into_iter().flatten();
    let listed = books.filter(|f| f["status"] != "skipped").count();
    assert_eq!(
        listed,
        cases.len(),
        "every workbook of the folder has a case"
    );
    let m06 = codes(common::json_file(&doc, "m06_rate_shown_9608_percent.xlsx"));
    assert_eq!(m06, ["exec-rate-mismatch"]);
}

#[test]
fn a_declarations_typed_percents_read_as_shown_and_are_compared() {
    // fixtures/fmtprobe_decl: a declaration whose 指标值 are typed numbers (`98%` stored 0.98
    // in `0%` beside a `%` 度量单位) and its project's table, which lowers 培训合格率 to ≥95%.
    // Each file's targets and its approved-* / declaration-* codes; every mismatch at once.
    let dir = "fixtures/fmtprobe_decl";
    let doc = common::check_json(dir);
    let path = common::fixtures().join("fmtprobe_decl/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    let cases: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("JSON");
    assert_eq!(cases.len(), 2, "a declaration and its table");
    let mut wrong = Vec::new();
    for (name, e) in &cases {
        let f = common::json_file(&doc, name);
        let inds = f["tables"][0]["indicators"].as_array().cloned();
        let got: Vec<Value> = inds
            .into_iter()
            .flatten()
            .map(|i| i["target"].clone())
            .collect();
        let want = e["targets"].as_array().cloned().unwrap_or_default();
        if got != want {
            wrong.push(format!("{name} targets: expected {want:?}, read {got:?}"));
        }
        let approval = codes(f)
            .into_iter()
            .filter(|c| c.starts_with("approved-") || c.starts_with("declaration-"));
        let got: Vec<String> = approval.collect();
        let want: Vec<String> = serde_json::from_value(e["codes"].clone()).expect("codes");
        if got != want {
            wrong.push(format!("{name} codes: expected {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
