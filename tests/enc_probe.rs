//! Text encodings (docs/reader.md, "Text encodings (encprobe)"): the binary once on
//! fixtures/encprobe (made by fixtures/make/encprobe.py from the htmlxls, xmlss and mhtcsv
//! probes' tables, every table made up): Excel's Unicode 文本 and UTF-16 CSV (LE and BE,
//! with and without a byte order mark), HTML pages saved in Unicode, Excel 2003 XML in
//! UTF-16, single-file web pages whose part is UTF-16 or names its charset only in its
//! header, a column style giving a rate its `0.00%`; files that must stay refused. Every
//! table is compared with its hand-written expectation. fixtures/encprobe_reports: the
//! unit's narrative report as `.txt` in each encoding Notepad saves, checked against its
//! workbook: a correct one gives no finding, a planted sum is found. Hostile UTF-16 files
//! generated here must each cost one file within the bar. Every mismatch is listed at once.

mod common;

use common::measure::{run_measured, time_bar};
use common::probe::{codes, compare_indicators, differ, fund_total};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const DIR: &str = "fixtures/encprobe";

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("encprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn text_formats_in_utf16_read_as_the_tables_they_hold() {
    let doc = common::check_json(DIR);
    let cases = expected();
    assert!(cases.len() >= 15, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(&doc, name);
        let d = match e.get("refused") {
            Some(want) => refused(name, f, want),
            None => read_tables(name, f, e),
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

/// One table: kind, name, unit, the 年度资金总额 row, the indicators, totals, grade, rate,
/// codes.
fn table(at: &str, e: &Value, t: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for k in ["kind", "name", "unit"] {
        differ(format!("{at} {k}"), &e[k], &t[k], &mut out);
    }
    let funds = fund_total(t);
    for (i, k) in ["年初预算数", "全年预算数", "全年执行数"]
        .iter()
        .enumerate()
    {
        let what = format!("{at} 年度资金总额 {k}");
        differ(what, &e["funds"][i], &funds[i], &mut out);
    }
    compare_indicators(at, e, t, &mut out);
    let total = &t["total"];
    let stated = &total["score_stated"];
    differ(
        format!("{at} 总分（填报）"),
        &e["total_stated"],
        stated,
        &mut out,
    );
    differ(
        format!("{at} 总分（复核）"),
        &e["total"],
        &total["score"],
        &mut out,
    );
    let grade = &t["grade"]["stated"];
    differ(
        format!("{at} 自评等级"),
        &e["grade_stated"],
        grade,
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

/// A file that must stay refused (or be read and hold no table): no table, exactly the
/// expected codes.
fn refused(name: &str, f: &Value, want: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if f["tables"].as_array().is_some_and(|t| !t.is_empty()) {
        out.push(format!(
            "{name}: a table read from a file that must be refused"
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
    assert!(tables.iter().filter(planted).count() >= 5, "planted tables");
    assert!(tables.len() >= 19, "tables: {}", tables.len());
}

// ------------------------------------------------------------------ narrative reports

/// Each report of fixtures/encprobe_reports against its expected codes: a correct report
/// read in its encoding gives no finding at all; a planted sum gives its error. A report
/// that is not read (passed over, its text garbled) is both.
#[test]
fn text_reports_in_each_notepad_encoding_are_read_and_checked() {
    let dir = common::fixtures().join("encprobe_reports");
    let cases = common::probe::expected(&dir);
    let d = dir.to_string_lossy().into_owned();
    let doc = common::check_json(&d);
    let mut wrong = Vec::new();
    for (file, want) in &cases {
        let f = common::json_file(&doc, file);
        if f["kind"] != "report" || f["status"] == "skipped" {
            wrong.push(format!(
                "{file}: {} {}, not read as a report",
                f["kind"], f["status"]
            ));
            continue;
        }
        let found = f["findings"].as_array().cloned().unwrap_or_default();
        let errors: Vec<String> = found
            .iter()
            .filter(|x| x["severity"] == "error")
            .map(|x| x["code"].as_str().unwrap_or_default().to_string())
            .collect();
        if want.is_empty() && !found.is_empty() {
            let shown: Vec<String> = found
                .iter()
                .map(|x| format!("{} 第{}段 {}", x["code"], x["paragraph"], x["message"]))
                .collect();
            wrong.push(format!("{file}: false findings {shown:?}"));
        }
        if !want.is_empty() && !want.iter().any(|c| errors.contains(c)) {
            wrong.push(format!("{file}: none of {want:?} in {errors:?}"));
        }
    }
    assert!(cases.len() >= 8, "the report cases: {}", cases.len());
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

// ------------------------------------------------------------------ hostile files

/// 60 MiB less a little: under the size gate, the most a unit can send.
const NEAR_GATE: usize = 60 * 1024 * 1024;

fn utf16le(text: &str, mark: bool) -> Vec<u8> {
    let units = text.encode_utf16().flat_map(u16::to_le_bytes);
    let mark: &[u8] = if mark { b"\xff\xfe" } else { b"" };
    mark.iter().copied().chain(units).collect()
}

/// The hostile files, each the status it must have and a finding it must carry.
fn hostile() -> Vec<(&'static str, Vec<u8>, &'static str, &'static str)> {
    // 50 MiB once decoded: read to the sheet's bounds (a line of Chinese alone would pass
    // the bound on the decoded text, as the page of Chinese below does).
    let line = "项目支出绩效自评表,1,2,3,4,5,6,7,8\r\n";
    let lines = line.repeat(NEAR_GATE / (line.encode_utf16().count() * 2));
    let cjk = "<table><tr><td>".to_string() + &"执".repeat(NEAR_GATE / 2 - 64);
    let mut state = 0x2545_f491_u32;
    let mut binary = b"\xff\xfe".to_vec();
    binary.extend((0..NEAR_GATE).map(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as u8
    }));
    let no_mark = utf16le(&"a,b\r\n".repeat(NEAR_GATE / 10), false);
    vec![
        (
            "utf16_csv_60mib.csv",
            utf16le(&lines, true),
            "invalid",
            "file-no-table",
        ),
        (
            "utf16_cjk_page_60mib.xls",
            utf16le(&cjk, true),
            "unreadable",
            "file-unreadable",
        ),
        (
            "mark_then_binary_60mib.xls",
            binary,
            "unreadable",
            "file-unreadable",
        ),
        (
            "utf16_no_mark_60mib.csv",
            no_mark,
            "invalid",
            "file-no-table",
        ),
    ]
}

fn name_of(f: &Value) -> String {
    Path::new(f["path"].as_str().unwrap_or_default())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn hostile_utf16_files_cost_one_file_each_within_the_bar() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let cases = hostile();
    for (name, bytes, _, _) in &cases {
        std::fs::write(inbox.join(name), bytes).expect("write");
    }
    let out = tmp.path().join("out");
    // As tests/mhtcsv_probe.rs: the per-file limit scaled for a debug build.
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
        "encprobe hostile folder: {took:?}, peak {} MiB",
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
        if f["status"] != *status || !got.iter().any(|c| c == code) {
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
