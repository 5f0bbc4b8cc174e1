//! The templates audit (docs/spec-audit.md, "Templates audit (audtpl)"): templates.md §1–§7
//! held through the binary, the variants §5 lists one by one combined two and three at a
//! time and in department and transfer tables. fixtures/audtpl is made by
//! fixtures/make/audtpl.py; its expected.json is written from the spec. `check --format json`
//! runs once on the folder and every mismatch of every file is listed at once.

mod common;

use common::probe::{codes, differ, differences};

use serde_json::Value;
use std::sync::OnceLock;

const DIR: &str = "fixtures/audtpl";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("audtpl/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// The year of each table, where the case states one (`year` is not in the shared comparison).
fn years(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut d = Vec::new();
    let want: Vec<&Value> = match e["tables"].as_array() {
        Some(each) => each.iter().map(|t| &t["year"]).collect(),
        None => vec![&e["year"]],
    };
    let tables = f["tables"].as_array().into_iter().flatten();
    for (k, (t, y)) in tables.zip(want).enumerate() {
        differ(format!("{name} 表{} year", k + 1), y, &t["year"], &mut d);
    }
    d
}

/// A file of several tables (or none): the count, each table in order, the file's own codes.
fn several(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let tables = f["tables"].as_array().cloned().unwrap_or_default();
    let each = e["tables"].as_array().cloned().unwrap_or_default();
    let mut d = Vec::new();
    if tables.len() != each.len() {
        let n = (tables.len(), each.len());
        d.push(format!("{name}: {} tables read, {} expected", n.0, n.1));
    }
    for (k, (t, e)) in tables.iter().zip(&each).enumerate() {
        let one = serde_json::json!({ "findings": [], "tables": [t] });
        d.extend(differences(&format!("{name} 表{}", k + 1), &one, e));
    }
    let own: Vec<String> = f["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| x["code"].as_str().unwrap_or("").to_string())
        .collect();
    let want = e["file_findings"].clone();
    differ(
        format!("{name} file findings"),
        &want_or_empty(want),
        &own.into(),
        &mut d,
    );
    if let Some(text) = e["message_has"].as_str() {
        let said = f["findings"].to_string();
        if !said.contains(text) {
            d.push(format!("{name}: the message does not say {text}: {said}"));
        }
    }
    d
}

fn want_or_empty(v: Value) -> Value {
    if v.is_null() {
        Value::Array(Vec::new())
    } else {
        v
    }
}

#[test]
fn every_variant_of_templates_md_combined_reads_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 16, "the audit's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(doc, name);
        let mut d = match e.get("tables") {
            Some(_) => several(name, f, e),
            None => differences(name, f, e),
        };
        d.extend(years(name, f, e));
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
fn stacked_tables_name_the_same_sheet_and_their_own_cells() {
    // §6 "Several tables on one sheet": each table names the sheet; the second of two
    // department tables (rows 27 to 52, no blank row between) has its 总分 mistyped, and
    // its finding names its own 总分 cell, never one of the first table's.
    let mut wrong = Vec::new();
    for (file, sheet) in [
        ("s01_three_kinds_stacked.xlsx", "2022年度"),
        ("s02_two_departments_no_gap.xlsx", "部门整体"),
    ] {
        let f = common::json_file(doc(), file);
        for t in f["tables"].as_array().into_iter().flatten() {
            if t["sheet"] != sheet {
                wrong.push(format!("{file}: a table on {}", t["sheet"]));
            }
        }
    }
    let f = common::json_file(doc(), "s02_two_departments_no_gap.xlsx");
    let second = &f["tables"][1]["findings"];
    let cells: Vec<&Value> = second
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| &x["cell"])
        .collect();
    if cells != [&Value::from("I52")] {
        wrong.push(format!(
            "the second table's total-mismatch at I52, got {cells:?}"
        ));
    }
    assert!(codes(common::json_file(doc(), "s01_three_kinds_stacked.xlsx")).is_empty());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
