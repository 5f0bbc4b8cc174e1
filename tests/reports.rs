//! Narrative reports (自评报告, reports.md §3) read by the binary the way an officer runs
//! it: the reports of fixtures/reports/ (python-docx, UTF-8 and GB18030 text, legacy
//! formats) against expected.json — every expected finding at its paragraph, nothing
//! else; the 2021 report beside fixtures/report2021; the draft selfeval writes read back
//! beside its tables; report findings in the text output, findings.xlsx and the letter.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// (file name, code, paragraph) of a finding.
type Place = (String, String, Option<u64>);

fn check_json(dir: &Path) -> Value {
    let d = dir.to_string_lossy().into_owned();
    let out = common::run(&["check", "--format", "json", &d]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "no panic"
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn name(f: &Value) -> String {
    let p = f["path"].as_str().unwrap_or_default();
    Path::new(p)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every file-level finding of the run that is not a workbook's, by place.
fn report_findings(doc: &Value) -> Vec<(Place, Value)> {
    let mut out = Vec::new();
    for f in doc["files"].as_array().unwrap() {
        if name(f).ends_with(".xlsx") {
            continue; // the unit's workbook
        }
        for x in f["findings"].as_array().unwrap() {
            let place = (
                name(f),
                x["code"].as_str().unwrap().to_string(),
                x["paragraph"].as_u64(),
            );
            out.push((place, x.clone()));
        }
    }
    out
}

#[test]
fn each_planted_error_is_found_at_its_paragraph_and_no_trap_fires() {
    let dir = common::fixtures().join("reports");
    let doc = check_json(&dir);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let got = report_findings(&doc);
    let mut want: BTreeSet<Place> = BTreeSet::new();
    for e in expected.as_array().unwrap() {
        let place = (
            e["file"].as_str().unwrap().to_string(),
            e["code"].as_str().unwrap().to_string(),
            e["paragraph"].as_u64(),
        );
        let (_, x) = got
            .iter()
            .find(|(p, _)| *p == place)
            .unwrap_or_else(|| panic!("missing {place:?}: {}", e["note"]));
        assert_eq!(x["severity"], e["severity"], "{place:?}");
        if let Some(s) = e["excerpt_contains"].as_str() {
            let excerpt = x["excerpt"].as_str().unwrap_or_default();
            assert!(excerpt.contains(s), "{place:?}: excerpt {excerpt}");
        }
        if let Some(s) = e["message_contains"].as_str() {
            let m = x["message"].as_str().unwrap_or_default();
            assert!(m.contains(s), "{place:?}: message {m}");
        }
        want.insert(place);
    }
    let unexpected: Vec<&Place> = got
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !want.contains(*p) && !p.0.ends_with(".md") && !p.0.ends_with(".json"))
        .collect();
    assert!(unexpected.is_empty(), "unexpected: {unexpected:?}");
}

#[test]
fn a_report_in_json_has_its_kind_unit_paragraph_and_excerpt_instead_of_sheet_and_cell() {
    let doc = check_json(&common::fixtures().join("reports"));
    let files = doc["files"].as_array().unwrap();
    let good = files
        .iter()
        .find(|f| name(f) == "永登县交通运输局2021年度绩效自评报告.docx")
        .expect("the correct report is listed");
    assert_eq!(good["kind"], "report");
    assert_eq!(good["unit"], "永登县交通运输局");
    assert_eq!(good["status"], "ok");
    assert!(good.get("tables").is_none());
    let alien = files.iter().find(|f| name(f) == "说明报告.txt").unwrap();
    assert_eq!(alien["unit"], Value::Null, "a report of no unit of the run");
    let bad = files
        .iter()
        .find(|f| name(f) == "永登县交通运输局自评报告（有误）.docx")
        .unwrap();
    assert_eq!(bad["status"], "invalid");
    for x in bad["findings"].as_array().unwrap() {
        assert!(x.get("sheet").is_none() && x.get("cell").is_none(), "{x}");
        assert!(x["paragraph"].as_u64().is_some_and(|p| p >= 1), "{x}");
        let excerpt = x["excerpt"].as_str().unwrap();
        assert!(!excerpt.is_empty() && excerpt.chars().count() <= 120, "{x}");
    }
    for f in files.iter().filter(|f| name(f).starts_with("旧格式报告")) {
        assert_eq!(f["status"], "skipped");
        assert!(f["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains(".docx"));
    }
}

#[test]
fn the_text_output_names_file_and_paragraph_and_quotes_the_sentence() {
    let dir = common::fixtures().join("reports");
    let out = common::run(&["check", &dir.to_string_lossy()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("永登县交通运输局自评报告（有误）.docx › 第33段"),
        "{text}"
    );
    assert!(text.contains("   | 1.项目支出预算执行情况：当年财政拨款580.88万元"));
    let out = common::run(&["check", "--lang", "en", &dir.to_string_lossy()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("（有误）.docx › paragraph 33"));
    assert_eq!(
        out.status.code(),
        Some(1),
        "report errors set the exit code"
    );
}

/// The 2021 report's findings by (code, paragraph): its own arithmetic errors, its
/// figures that cannot be what they say, and the all-projects sentence against the tables.
#[test]
fn the_2021_report_gives_its_own_arithmetic_errors_and_no_error_where_it_is_right() {
    let doc = check_json(&common::fixtures().join("report2021"));
    let got: BTreeSet<(String, Option<u64>)> = report_findings(&doc)
        .into_iter()
        .map(|((_, c, p), _)| (c, p))
        .collect();
    let has = |c: &str, p: u64| got.contains(&(c.to_string(), Some(p)));
    assert!(has("report-sum-mismatch", 49), "30 + 1.69 ≠ 28.31: {got:?}");
    assert!(has("report-sum-mismatch", 56), "0 + 25 ≠ 11.61: {got:?}");
    assert!(has("report-table-mismatch", 47), "{got:?}");
    let codes: Vec<&str> = got.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "report-score-mismatch")
            .count(),
        1,
        "{got:?}"
    );
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "report-sum-mismatch")
            .count(),
        2,
        "{got:?}"
    );
    for absent in [
        "report-rate-mismatch",
        "report-table-missing",
        "report-section-unknown",
        "report-unit-unknown",
    ] {
        assert!(!codes.contains(&absent), "{absent}: {got:?}");
    }
}

/// The draft 自评报告 selfeval writes for a unit without findings, read back beside that
/// unit's tables, gives no report finding.
#[test]
fn the_draft_report_read_back_beside_its_tables_gives_no_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    let xlsx = "永登县交通运输局.xlsx";
    std::fs::copy(
        common::fixtures().join("reports").join(xlsx),
        inbox.join(xlsx),
    )
    .unwrap();
    let out = tmp.path().join("结果");
    let run = common::run(&[
        "run",
        &inbox.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "-q",
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let draft = out
        .join("reports")
        .join("永登县交通运输局")
        .join("自评报告（初稿）.docx");
    std::fs::copy(&draft, inbox.join("永登县交通运输局自评报告.docx")).unwrap();
    let doc = check_json(&inbox);
    let report = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "report")
        .expect("the draft is read as a report");
    assert_eq!(report["unit"], "永登县交通运输局");
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 0);
}

/// `run` puts report findings in findings.xlsx (paragraph in the cell column), counts them
/// in 汇总 and writes them, with the sentence, into the unit's letter.
#[test]
fn run_puts_report_findings_in_the_worklist_the_summary_and_the_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let dir = common::fixtures().join("reports");
    let run = common::run(&[
        "run",
        &dir.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "-q",
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let cells = common::sheet_cells(&out.join("findings.xlsx"), "问题清单");
    let text = |d: &calamine::Data| d.to_string();
    let row_of = cells
        .iter()
        .find(|(_, _, d)| text(d) == "第33段")
        .map(|(r, _, _)| *r)
        .expect("第33段 in the cell column");
    assert!(cells
        .iter()
        .any(|(r, _, d)| *r == row_of && text(d) == "report-sum-mismatch"));
    assert!(cells
        .iter()
        .any(|(r, _, d)| *r == row_of && text(d) == "永登县交通运输局"));
    let summary = common::sheet_cells(&out.join("summary.xlsx"), "汇总");
    let unit_row = summary
        .iter()
        .find(|(_, _, d)| text(d) == "永登县交通运输局")
        .map(|(r, _, _)| *r)
        .unwrap();
    let row: Vec<String> = summary
        .iter()
        .filter(|(r, _, _)| *r == unit_row)
        .map(|(_, _, d)| text(d))
        .collect();
    // 5 errors and 3 warnings, all from the reports: the tables are consistent.
    assert!(
        row.ends_with(&["5".to_string(), "3".to_string()]),
        "{row:?}"
    );
    let letter = out
        .join("reports")
        .join("永登县交通运输局")
        .join("审核意见书.docx");
    let xml = docx_text(&letter);
    assert!(xml.contains("第48段"), "the letter names the paragraph");
    assert!(xml.contains("原文：“项目自评得分97.77分"), "and quotes it");
}

/// The text of a .docx's document part.
fn docx_text(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut part = zip.by_name("word/document.xml").unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut part, &mut s).unwrap();
    s
}

/// A `.docx` written here from a document part.
fn docx_with(path: &Path, document_xml: &[u8]) {
    let f = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    std::io::Write::write_all(&mut zip, document_xml).unwrap();
    zip.finish().unwrap();
}

/// Hostile and broken reports: each becomes a finding or is passed over, the run goes on,
/// every file is listed.
#[test]
fn broken_and_hostile_reports_cost_one_file_each() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path();
    std::fs::write(inbox.join("乱码.docx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(inbox.join("空白.txt"), b"").unwrap();
    std::fs::write(
        inbox.join("编码.txt"),
        [0x81u8, 0x30, 0xFF, 0xFF, 0x0A, 0x80],
    )
    .unwrap();
    let nested = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}{}</w:body></w:document>",
        "<w:tbl><w:tr><w:tc>".repeat(20_000),
        "<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>"
    );
    docx_with(&inbox.join("嵌套.docx"), nested.as_bytes());
    let many = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>",
        "<w:p><w:r><w:t>共计1万元，合计2万元。</w:t></w:r></w:p>".repeat(60_000)
    );
    docx_with(&inbox.join("超长.docx"), many.as_bytes());
    docx_with(
        &inbox.join("坏XML.docx"),
        b"<w:document><w:body><w:p>&bogus;<",
    );
    let xlsx = "永登县交通运输局.xlsx";
    std::fs::copy(
        common::fixtures().join("reports").join(xlsx),
        inbox.join(xlsx),
    )
    .unwrap();
    let doc = check_json(inbox);
    let files = doc["files"].as_array().unwrap();
    let names: BTreeSet<String> = files.iter().map(name).collect();
    for n in [
        "乱码.docx",
        "空白.txt",
        "编码.txt",
        "嵌套.docx",
        "超长.docx",
        "坏XML.docx",
        xlsx,
    ] {
        assert!(names.contains(n), "{n} listed: {names:?}");
    }
    let status = |n: &str| {
        files.iter().find(|f| name(f) == n).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("乱码.docx"), "unreadable");
    assert_eq!(
        status("超长.docx"),
        "unreadable",
        "over MAX_REPORT_PARAGRAPHS"
    );
    assert_eq!(status("坏XML.docx"), "unreadable");
    assert_eq!(
        status(xlsx),
        "ok",
        "the tables are read whatever the reports"
    );
    for f in files {
        for x in f["findings"].as_array().unwrap() {
            assert!(!x["message"].as_str().unwrap().is_empty(), "{x}");
        }
    }
}
