//! Workbooks from other writers (docs/reader.md, "Workbooks from other writers (pkgprobe)"):
//! the binary once on fixtures/pkgprobe (made by fixtures/make/pkgprobe.py, every workbook
//! made up), one project table written the way other programs than Excel write it — Strict
//! Open XML, inline strings, absolute and `../` part targets, upper-case part names, no
//! docProps, sheets listed in another order than their parts, the 1904 date system, cells
//! without `r=`, rows out of order, templates (`.xltx`, `.xlt`), LibreOffice's `.xlsx`, BIFF5
//! `.xls`, flat ODS, `.xlsb` with its number formats, rich text, a Numbers export, and an
//! `.xls` encrypted with Excel's default password (one with a unit's password stays refused). Every file is compared with what
//! the Excel-written original reads as the spec defines it — the 年度资金总额 row, the
//! stated 执行率, each indicator (target, actual as shown, weight, stated and reviewed
//! score), the totals, the grade and the exact codes of the findings. Every mismatch of
//! every file is listed at once.

mod common;

use common::probe::{codes, differ, differences};

use serde_json::Value;

const DIR: &str = "fixtures/pkgprobe";

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("pkgprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// A file that is not read at all is one line (its status and first finding), not a
/// line for each field it lacks.
fn unread(name: &str, f: &Value) -> Option<String> {
    if f["tables"].as_array().is_some_and(|t| !t.is_empty()) {
        return None;
    }
    let first = &f["findings"][0];
    Some(format!(
        "{name}: not read ({}): {} {}",
        f["status"], first["code"], first["message"]
    ))
}

#[test]
fn workbooks_from_other_writers_read_as_the_excel_original() {
    let doc = common::check_json(DIR);
    let cases = expected();
    assert!(cases.len() >= 20, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(&doc, name);
        let d = if e["refused"] == true {
            refused(name, f, e)
        } else {
            read_as_original(name, f, e)
        };
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

/// A file that must read as the Excel original: its table's fields and its findings.
fn read_as_original(name: &str, f: &Value, e: &Value) -> Vec<String> {
    match unread(name, f) {
        Some(line) => vec![line],
        None => {
            let mut d = differences(name, f, e);
            let rate = &f["tables"][0]["execution"]["rate_stated"];
            differ(
                format!("{name} 执行率（填报）"),
                &e["rate_stated"],
                rate,
                &mut d,
            );
            d
        }
    }
}

/// A file that must stay refused (an `.xls` encrypted with a password the unit chose):
/// no table, exactly the expected codes.
fn refused(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if f["tables"].as_array().is_some_and(|t| !t.is_empty()) {
        out.push(format!(
            "{name}: a table read from a file that must be refused"
        ));
    }
    let want: Vec<String> = serde_json::from_value(e["findings"].clone()).expect("codes");
    let got = codes(f);
    if got != want {
        out.push(format!("{name} findings: expected {want:?}, got {got:?}"));
    }
    out
}

#[test]
fn the_probe_holds_honest_tables_and_planted_defects() {
    // Both halves of the measure: tables that must give nothing, and defects that must be
    // found; and every workbook of the folder is listed and has its case (none skipped by
    // its extension).
    let cases = expected();
    let planted = cases
        .values()
        .filter(|e| e["findings"].as_array().is_some_and(|a| !a.is_empty()))
        .count();
    assert!(planted >= 3, "planted cases: {planted}");
    assert!(cases.len() - planted >= 17, "honest cases");
    let doc = common::check_json(DIR);
    let books = doc["files"].as_array().cloned().unwrap_or_default();
    let workbook = |f: &&Value| !f["path"].as_str().is_some_and(|p| p.ends_with(".json"));
    let books: Vec<&Value> = books.iter().filter(workbook).collect();
    let skipped: Vec<&&Value> = books.iter().filter(|f| f["status"] == "skipped").collect();
    assert!(skipped.is_empty(), "skipped: {skipped:?}");
    assert_eq!(books.len(), cases.len(), "every workbook has a case");
}
