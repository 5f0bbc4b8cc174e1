//! Single-file web pages (.mht / .mhtml) and CSV exports (docs/reader.md, "Single-file web
//! pages and CSV (mhtcsv)"): the binary once on fixtures/mhtcsv (made by
//! fixtures/make/mhtcsv.py from the htmlxls probe's tables, every table made up): Excel's
//! 单个文件网页 of a whole workbook (frame page, sheets, tabs), one-part MHT exports named
//! .xls, quoted-printable and base64, GBK and UTF-8; CSV as Excel writes it on a Chinese
//! Windows (GBK), UTF-8 with a byte order mark, tab separated, quoted fields with commas and
//! line breaks. Every table is compared with its hand-written expectation, files holding no
//! table must get `file-no-table`, and hostile files generated here must each cost one file
//! with a finding within the hostile folder's bar. Every mismatch is listed at once.

mod common;

use common::measure::{run_measured, time_bar};
use common::probe::{codes, compare_indicators, differ, fund_total};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const DIR: &str = "fixtures/mhtcsv";

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("mhtcsv/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn web_archives_and_csv_read_as_the_workbooks_they_were_saved_from() {
    let doc = common::check_json(DIR);
    let cases = expected();
    assert!(cases.len() >= 9, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(&doc, name);
        let d = match (e.get("refused"), e["skipped"] == true) {
            _ if e["report"] == true => report(name, f),
            (_, true) => skipped(name, f),
            (Some(want), _) => refused(name, f, want),
            (None, _) => read_tables(name, f, e),
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

/// Every table of a file against its expectation, and the file's own findings.
fn read_tables(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let got = f["tables"].as_array().cloned().unwrap_or_default();
    let want = e["tables"].as_array().cloned().unwrap_or_default();
    if got.is_empty() {
        let first = &f["findings"][0];
        return vec![format!(
            "{name}: not read ({}): {} {}",
            f["status"], first["code"], first["message"]
        )];
    }
    let mut out = Vec::new();
    if got.len() != want.len() {
        out.push(format!(
            "{name}: {} tables read, {} expected",
            got.len(),
            want.len()
        ));
    }
    for (i, (w, t)) in want.iter().zip(&got).enumerate() {
        out.extend(table(&format!("{name} 表{}", i + 1), w, t));
    }
    let own: Vec<String> = codes(&serde_json::json!({ "findings": f["findings"] }));
    let want_own: Vec<String> = serde_json::from_value(e["file_findings"].clone()).expect("codes");
    if own != want_own {
        out.push(format!(
            "{name} file findings: expected {want_own:?}, got {own:?}"
        ));
    }
    out
}

/// One table: kind, name, unit, the 年度资金总额 row, the indicators, totals, grade, codes.
fn table(at: &str, e: &Value, t: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for k in ["kind", "name", "unit"] {
        differ(format!("{at} {k}"), &e[k], &t[k], &mut out);
    }
    if e.get("sheet").is_some() {
        differ(format!("{at} sheet"), &e["sheet"], &t["sheet"], &mut out);
    }
    let funds = fund_total(t);
    for (i, k) in ["年初预算数", "全年预算数", "全年执行数"]
        .iter()
        .enumerate()
    {
        differ(
            format!("{at} 年度资金总额 {k}"),
            &e["funds"][i],
            &funds[i],
            &mut out,
        );
    }
    compare_indicators(at, e, t, &mut out);
    let total = &t["total"];
    differ(
        format!("{at} 总分（填报）"),
        &e["total_stated"],
        &total["score_stated"],
        &mut out,
    );
    differ(
        format!("{at} 总分（复核）"),
        &e["total"],
        &total["score"],
        &mut out,
    );
    differ(
        format!("{at} 自评等级"),
        &e["grade_stated"],
        &t["grade"]["stated"],
        &mut out,
    );
    if e.get("rate_stated").is_some() {
        let rate = &t["execution"]["rate_stated"];
        differ(
            format!("{at} 执行率（填报）"),
            &e["rate_stated"],
            rate,
            &mut out,
        );
    }
    let want: Vec<String> = serde_json::from_value(e["findings"].clone()).expect("codes");
    let got = codes(&serde_json::json!({ "tables": [t] }));
    if got != want {
        out.push(format!("{at} findings: expected {want:?}, got {got:?}"));
    }
    out
}

/// A file that must be passed over (the frame page and sheet tabs of a workbook saved as
/// a web page, its file list).
fn skipped(name: &str, f: &Value) -> Vec<String> {
    if f["status"] == "skipped" {
        return Vec::new();
    }
    vec![format!(
        "{name}: {} {:?}, must be passed over",
        f["status"],
        codes(f)
    )]
}

/// A narrative `.txt` whose lines hold commas: read as a report, never as a sheet.
fn report(name: &str, f: &Value) -> Vec<String> {
    let tables = f["tables"].as_array().map_or(0, Vec::len);
    if f["kind"] == "report" && tables == 0 {
        return Vec::new();
    }
    vec![format!(
        "{name}: read as {} with {tables} tables, must be a report",
        f["kind"]
    )]
}

/// A page that must stay refused (or be read and hold no table): no table, exactly the
/// expected codes.
fn refused(name: &str, f: &Value, want: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if f["tables"].as_array().is_some_and(|t| !t.is_empty()) {
        out.push(format!(
            "{name}: a table read from a page that must be refused"
        ));
    }
    let want: Vec<String> = serde_json::from_value(want.clone()).expect("codes");
    let got = codes(f);
    if got != want {
        out.push(format!("{name} findings: expected {want:?}, got {got:?}"));
    }
    out
}

#[test]
fn the_probe_holds_honest_tables_and_planted_defects() {
    let cases = expected();
    let tables: Vec<&Value> = cases
        .values()
        .flat_map(|e| e["tables"].as_array().into_iter().flatten())
        .collect();
    let planted = |t: &&&Value| {
        t["findings"]
            .as_array()
            .is_some_and(|a| a.iter().any(|c| c != "year-mismatch"))
    };
    assert!(tables.iter().filter(planted).count() >= 2, "planted tables");
    assert!(tables.len() >= 7, "tables: {}", tables.len());
    let doc = common::check_json(DIR);
    let books = doc["files"].as_array().cloned().unwrap_or_default();
    // Every file but expected.json is read: none is passed over by its name.
    let skipped: Vec<&Value> = books
        .iter()
        .filter(|f| !f["path"].as_str().unwrap_or_default().ends_with(".json"))
        .filter(|f| f["status"] == "skipped")
        .collect();
    assert!(skipped.is_empty(), "skipped: {skipped:?}");
}

// ------------------------------------------------------------------ hostile pages

const MIME: &str = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n";
const PAGE: &str = "<html><body><table><tr><td>项目支出绩效自评表</td></tr></table></body></html>";

fn part(encoding: &str, body: &str) -> String {
    format!(
        "--B\r\nContent-Location: file:///C:/x/sheet001.htm\r\nContent-Transfer-Encoding: \
         {encoding}\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n{body}\r\n"
    )
}

/// The hostile files, each the status it must have and a finding it must carry.
fn hostile() -> Vec<(&'static str, Vec<u8>, &'static str, &'static str)> {
    let mht = |body: String| [MIME, &body].concat().into_bytes();
    let unclosed = mht(part("quoted-printable", PAGE) + &"x".repeat(1_000_000));
    let many = mht(part("quoted-printable", "<p>x</p>").repeat(100_000) + "--B--\r\n");
    let b64 = "PHRhYmxlPjx0cj48dGQ+eDwvdGQ+PC90cj48L3RhYmxlPg==".repeat(1_250_000);
    let huge = mht(part("base64", &b64) + "--B--\r\n");
    let nested_head = "--B\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n";
    let nested = mht(nested_head.repeat(100_000) + &part("quoted-printable", PAGE));
    let soft: String = PAGE.chars().map(|c| format!("{c}=\r\n")).collect();
    let soft = mht(part("quoted-printable", &soft) + "--B--\r\n");
    let wide = ["项目支出绩效自评表,,,\r\n", &"1,".repeat(1_000_000), "\r\n"]
        .concat()
        .into_bytes();
    let quote = ["项目支出绩效自评表,x\r\n\"", &"a,b\r\n".repeat(2_000_000)]
        .concat()
        .into_bytes();
    let empty = [
        "项目支出绩效自评表,x\r\n",
        &"\r\n".repeat(1_000_000),
        "a,b\r\n",
    ]
    .concat()
    .into_bytes();
    vec![
        (
            "boundary_never_closed.mht",
            unclosed,
            "invalid",
            "file-no-table",
        ),
        ("parts_100000.mht", many, "invalid", ""),
        (
            "base64_part_60mb.mht",
            huge,
            "unreadable",
            "file-unreadable",
        ),
        ("nested_multiparts.mht", nested, "invalid", ""),
        (
            "soft_breaks_every_byte.mht",
            soft,
            "invalid",
            "file-no-table",
        ),
        ("fields_1000000.csv", wide, "invalid", ""),
        ("quote_never_closed.csv", quote, "invalid", ""),
        ("empty_lines_1000000.csv", empty, "invalid", "file-no-table"),
    ]
}

fn name_of(f: &Value) -> String {
    Path::new(f["path"].as_str().unwrap_or_default())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn hostile_web_archives_and_csv_cost_one_file_each_within_the_bar() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let cases = hostile();
    for (name, bytes, _, _) in &cases {
        std::fs::write(inbox.join(name), bytes).expect("write");
    }
    let out = tmp.path().join("out");
    // The tokenizer's generic code is compiled into this crate, unoptimised in a debug
    // build: the page of a million cells takes some 3.5 of the 5 CPU seconds a file may
    // take there, and more on a loaded machine. The per-file limit is scaled as the
    // folder's bar is (release: the default 5 s).
    let per_file = if cfg!(debug_assertions) { "20" } else { "5" };
    let args = [
        "run",
        inbox.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--file-timeout",
        per_file,
    ];
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
        "mhtcsv hostile folder: {took:?}, peak {} MiB",
        peak_kb / 1024
    );
    let report: Value = std::fs::read(out.join("report.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    for (name, _, status, code) in &cases {
        let Some(f) = files.iter().find(|f| name_of(f) == *name) else {
            wrong.push(format!("{name}: not listed"));
            continue;
        };
        let got = codes(f);
        if f["status"] != *status || !got.iter().any(|c| code.is_empty() || c == code) {
            wrong.push(format!(
                "{name}: {} {got:?}, want {status} with {code}",
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
