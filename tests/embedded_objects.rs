//! Tables pasted into a Word document as Excel objects (docs/reader.md, "Excel objects in
//! Word documents"): the binary once on fixtures/embedded (made by
//! fixtures/make/embedded.py), each object a workbook of fixtures/tblprobe. An object's table
//! must give exactly what tblprobe's expected.json says its workbook gives (name, finding
//! codes and cells), its sheet named `嵌入对象N › …` with N the object's place in the
//! document; a chart's data is no table; objects past the bound are named; the report around
//! an object is the unit's of the object's table. Every mismatch
//! of every document is listed at once.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;

const DIR: &str = "fixtures/embedded";

fn load(path: &str) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(common::fixtures().join(path)).expect("expected.json");
    serde_json::from_str(&text).expect("JSON")
}

/// (name, {(code, cell)}) of each table tblprobe expects of one of its workbooks.
fn source_tables(
    probe: &serde_json::Map<String, Value>,
    file: &str,
) -> Vec<(String, BTreeSet<String>)> {
    let tables = probe[file].as_array().expect("tblprobe tables");
    tables
        .iter()
        .map(|t| {
            let findings = t["findings"].as_array().unwrap().iter();
            let codes =
                findings.map(|f| format!("{} {}", f[0].as_str().unwrap(), f[1].as_str().unwrap()));
            (t["name"].as_str().unwrap().to_string(), codes.collect())
        })
        .collect()
}

/// What the binary read of one document: (sheet, name, {(code, cell)}) of each table.
fn read_tables(file: &Value) -> Vec<(String, String, BTreeSet<String>)> {
    let tables = file["tables"].as_array().cloned().unwrap_or_default();
    tables
        .iter()
        .map(|t| {
            let findings = t["findings"].as_array().unwrap().iter();
            let codes = findings.map(|f| {
                format!(
                    "{} {}",
                    f["code"].as_str().unwrap(),
                    f["cell"].as_str().unwrap_or("-")
                )
            });
            let sheet = t["sheet"].as_str().unwrap().to_string();
            (
                sheet,
                t["name"].as_str().unwrap_or("").to_string(),
                codes.collect(),
            )
        })
        .collect()
}

/// The mismatches of one document against its expectation.
fn mismatches(
    case: &str,
    want: &Value,
    file: &Value,
    probe: &serde_json::Map<String, Value>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut expected = Vec::new();
    // An object that is no workbook (null: a PDF attached as a file) holds no table, but
    // counts in the numbering of the objects.
    for (n, src) in want["objects"].as_array().unwrap().iter().enumerate() {
        let Some(src) = src.as_str() else {
            continue;
        };
        for (name, codes) in source_tables(probe, src) {
            expected.push((format!("嵌入对象{}", n + 1), name, codes));
        }
    }
    let got = read_tables(file);
    if got.len() != expected.len() {
        wrong.push(format!(
            "{case}: {} tables read, {} expected: {got:?}",
            got.len(),
            expected.len()
        ));
    }
    for ((sheet, name, codes), (label, want_name, want_codes)) in got.iter().zip(&expected) {
        if !sheet.starts_with(&format!("{label} › ")) {
            wrong.push(format!("{case}: sheet {sheet}, expected {label} › …"));
        }
        if name != want_name || codes != want_codes {
            wrong.push(format!(
                "{case}: {name} {codes:?}, expected {want_name} {want_codes:?}"
            ));
        }
    }
    let narrative = file["kind"] == "report";
    if narrative != want["narrative"].as_bool().unwrap() {
        wrong.push(format!("{case}: read as a report: {narrative}"));
    }
    let file_codes: BTreeSet<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    let clipped = want
        .get("clipped")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if file_codes.contains("file-clipped") != clipped {
        wrong.push(format!("{case}: file findings {file_codes:?}"));
    }
    // A report with its table inside is that table's unit's, though its text names none.
    let has_objects = !want["objects"].as_array().unwrap().is_empty();
    if narrative && file_codes.contains("report-unit-unknown") == has_objects {
        wrong.push(format!(
            "{case}: the report's unit: {:?}, findings {file_codes:?}",
            file["unit"]
        ));
    }
    wrong
}

#[test]
fn tables_pasted_in_as_excel_objects_read_as_their_workbooks() {
    let doc = common::check_json(DIR);
    let probe = load("tblprobe/expected.json");
    let cases = load("embedded/expected.json");
    assert!(cases.len() >= 9, "the probe's documents");
    let mut wrong = Vec::new();
    for (case, want) in &cases {
        let file = common::json_file(&doc, case);
        wrong.extend(mismatches(case, want, file, &probe));
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
