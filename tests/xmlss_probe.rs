//! Excel 2003 XML workbooks (docs/reader.md, "Excel 2003 XML (xmlss)"): the binary once on
//! fixtures/xmlss (made by fixtures/make/xmlss.py, every workbook made up): a project, a
//! department and a transfer table as LibreOffice writes SpreadsheetML and as the budget
//! systems' templates do (with `ss:Index` or none, numbers as `Number` under a percent or
//! unit style or as formatted `String`, formulas with cached values, rich text, a hidden
//! older copy, a byte order mark, GBK, `.xls` and `.xml` names), each compared with what
//! its Excel original reads as the spec defines it; every mismatch of every file listed at
//! once. Then hostile SpreadsheetML, written here, run in one inbox within the bar of
//! tests/hostile_new.rs: each costs one file with a finding.

mod common;

use common::measure::{run_measured, time_bar};
use common::probe::{codes, differ, differences};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const DIR: &str = "fixtures/xmlss";

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("xmlss/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// A file that is not read at all is one line (its status and first finding).
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
fn excel_2003_xml_workbooks_read_as_their_excel_original() {
    let doc = common::check_json(DIR);
    let cases = expected();
    assert!(cases.len() >= 19, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(&doc, name);
        let d = match unread(name, f) {
            Some(line) => vec![line],
            None => {
                let mut d = differences(name, f, e);
                if let Some(rate) = e.get("rate_stated") {
                    let got = &f["tables"][0]["execution"]["rate_stated"];
                    differ(format!("{name} 执行率（填报）"), rate, got, &mut d);
                }
                d
            }
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

#[test]
fn the_probe_holds_honest_tables_and_planted_defects() {
    let cases = expected();
    let planted = cases
        .values()
        .filter(|e| e["findings"].as_array().is_some_and(|a| !a.is_empty()))
        .count();
    assert!(planted >= 4, "planted cases: {planted}");
    assert!(cases.len() - planted >= 14, "honest cases");
    let doc = common::check_json(DIR);
    let books = doc["files"].as_array().cloned().unwrap_or_default();
    let workbook = |f: &&Value| !f["path"].as_str().is_some_and(|p| p.ends_with(".json"));
    let books: Vec<&Value> = books.iter().filter(workbook).collect();
    let skipped: Vec<&&Value> = books.iter().filter(|f| f["status"] == "skipped").collect();
    assert!(skipped.is_empty(), "skipped: {skipped:?}");
    assert_eq!(books.len(), cases.len(), "every workbook has a case");
    // Each kind of table is read from SpreadsheetML at least once.
    let kinds: Vec<String> = books
        .iter()
        .filter_map(|f| f["tables"][0]["kind"].as_str().map(String::from))
        .collect();
    for kind in ["project", "department", "transfer"] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} table read");
    }
    let _ = codes;
}

const HEAD: &str = concat!(
    r#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>"#,
    r#"<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" "#,
    r#"xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">"#,
    r#"<Worksheet ss:Name="项目自评"><Table>"#,
    r#"<Row><Cell ss:MergeAcross="10"><Data ss:Type="String">项目支出绩效自评表</Data></Cell></Row>"#
);
const TAIL: &str = "</Table></Worksheet></Workbook>";

/// A table title, then `body`, in one worksheet.
fn book(body: &str) -> Vec<u8> {
    [HEAD, body, TAIL].concat().into_bytes()
}

/// The hostile files: name, bytes, the status each must have.
fn hostile() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let n = 1_000_000;
    let laughs = {
        let mut d = String::from(r#"<?xml version="1.0"?><!DOCTYPE Workbook ["#);
        d.push_str(r#"<!ENTITY l0 "lol">"#);
        for i in 1..10 {
            let prev = format!("&l{};", i - 1).repeat(10);
            d.push_str(&format!(r#"<!ENTITY l{i} "{prev}">"#));
        }
        d.push_str("]>");
        let mut b = d.into_bytes();
        let body = book(r#"<Row><Cell><Data ss:Type="String">&l9;</Data></Cell></Row>"#);
        // The body without its own declaration.
        b.extend_from_slice(&body[r#"<?xml version="1.0"?>"#.len()..]);
        b
    };
    let whole = book(r#"<Row><Cell><Data ss:Type="String">项目名称</Data></Cell></Row>"#);
    vec![
        // A million nested elements in one cell's data.
        (
            "deep_nesting.xls",
            book(&format!(
                r#"<Row><Cell><ss:Data ss:Type="String">{}x{}</ss:Data></Cell></Row>"#,
                "<Font>".repeat(n),
                "</Font>".repeat(n)
            )),
            "unreadable",
        ),
        // Rows and cells at indexes far past any sheet.
        (
            "huge_index.xls",
            book(concat!(
                r#"<Row ss:Index="4000000000"><Cell ss:Index="999999999999">"#,
                r#"<Data ss:Type="String">项目名称</Data></Cell></Row>"#
            )),
            "invalid",
        ),
        // A merge across a billion columns and down a billion rows.
        (
            "merge_billion.xls",
            book(concat!(
                r#"<Row><Cell ss:MergeAcross="1000000000" ss:MergeDown="1000000000">"#,
                r#"<Data ss:Type="String">项目名称</Data></Cell><Cell><Data "#,
                r#"ss:Type="Number">1</Data></Cell></Row>"#
            )),
            "invalid",
        ),
        // Entities nested ten deep (a billion `lol`s).
        ("billion_laughs.xls", laughs, "unreadable"),
        // A million empty rows, then a million empty cells in one row.
        (
            "million_rows.xls",
            book(&format!(
                "{}<Row>{}</Row>",
                "<Row/>".repeat(n),
                "<Cell/>".repeat(n)
            )),
            "invalid",
        ),
        // A file cut half-way through a cell.
        (
            "truncated.xls",
            whole[..whole.len() - 40].to_vec(),
            "unreadable",
        ),
        // 60 MiB of text in one cell (kept up to its bound), the same declared GBK (decoded
        // whole first), and 60 MiB of indentation between two cells.
        ("text_60mib.xls", book(&cell(&"x".repeat(BIG))), "invalid"),
        (
            "gbk_60mib.xls",
            gbk(&book(&cell(&"项".repeat(BIG / 2)))),
            "invalid",
        ),
        (
            "indentation_60mib.xls",
            book(&format!("<Row>{}{}</Row>", " ".repeat(BIG), cell("x"))),
            "invalid",
        ),
    ]
}

/// 60 MiB, under the 64 MiB file gate.
const BIG: usize = 60 * 1024 * 1024;

/// One cell of text.
fn cell(text: &str) -> String {
    format!(r#"<Cell><Data ss:Type="String">{text}</Data></Cell>"#)
}

/// The workbook declared GBK and written in it (a Chinese character is two bytes).
fn gbk(utf8: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(utf8).replacen("?>", r#" encoding="GBK"?>"#, 1);
    encoding_rs::GBK.encode(&text).0.into_owned()
}

#[test]
fn hostile_spreadsheetml_costs_one_file_with_a_finding_within_the_bar() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let files = hostile();
    for (name, bytes, _) in &files {
        std::fs::write(inbox.join(name), bytes).expect("write");
    }
    let out = tmp.path().join("out");
    let args = ["run", inbox.to_str().expect("utf-8"), "-o"];
    let args = [&args[..], &[out.to_str().expect("utf-8")]].concat();
    let (o, took, peak_kb) = run_measured(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let mut wrong = Vec::new();
    if stderr.contains("panicked") {
        wrong.push(format!("a panic: {stderr}"));
    }
    if took > time_bar(Duration::from_secs(10)) {
        wrong.push(format!("the folder took {took:?}"));
    }
    if peak_kb > 200 * 1024 {
        wrong.push(format!("peak memory {} MiB over 200 MiB", peak_kb / 1024));
    }
    eprintln!(
        "xmlss hostile folder: {took:?}, peak {} MiB",
        peak_kb / 1024
    );
    let report: Value = std::fs::read(out.join("report.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    let listed = report["files"].as_array().cloned().unwrap_or_default();
    for (name, _, status) in &files {
        let f = listed.iter().find(|f| {
            Path::new(f["path"].as_str().unwrap_or_default())
                .file_name()
                .is_some_and(|n| n == *name)
        });
        let Some(f) = f else {
            wrong.push(format!("{name}: not listed"));
            continue;
        };
        let got = codes(f);
        if f["status"] != *status || got.is_empty() {
            wrong.push(format!(
                "{name}: status {} (want {status}): {got:?}",
                f["status"]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
