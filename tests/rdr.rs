//! What units really send beyond a workbook (issue 31), read by the binary on the files of
//! fixtures/rdr/ (made by fixtures/make/rdr.py with python-docx, LibreOffice, Info-ZIP
//! and Python's zipfile): self-evaluation tables typed in Word, archives (GBK names, an
//! archive inside, an encrypted one, a zip bomb), a .doc report beside its unit, deadlines
//! met and missed by a month, narrative reports giving per-category scores.

mod common;

use serde_json::Value;
use std::path::Path;

fn check_json(dir: &Path) -> Value {
    let d = dir.to_string_lossy().into_owned();
    let out = common::run(&["check", "--format", "json", &d]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "no panic: {err}");
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn dir(name: &str) -> std::path::PathBuf {
    common::fixtures().join("rdr").join(name)
}

fn file<'a>(doc: &'a Value, ends: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(ends))
        .unwrap_or_else(|| panic!("no file ending in {ends}: {doc}"))
}

/// (code, sheet, cell) of every table finding of a file.
fn table_findings(f: &Value) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for t in f["tables"].as_array().unwrap() {
        for x in t["findings"].as_array().unwrap() {
            v.push((
                x["code"].as_str().unwrap().to_string(),
                x["sheet"].as_str().unwrap_or_default().to_string(),
                x["cell"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    v.sort();
    v
}

fn codes(f: &Value) -> Vec<String> {
    f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap().to_string())
        .collect()
}

fn owned(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = v
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_project_table_typed_in_word_is_read_and_its_planted_problems_found_at_their_cells() {
    let doc = check_json(&dir("word"));
    let f = file(&doc, "项目自评表.docx");
    assert_eq!(f["status"], "invalid");
    let t = &f["tables"][0];
    assert_eq!(t["kind"], "project");
    assert_eq!(t["sheet"], "表格1");
    assert_eq!(t["name"], "县乡公路危桥改造工程");
    assert_eq!(t["indicators"].as_array().unwrap().len(), 11);
    // The total 638.78 of sources adding up to 628.78, and a 总分 of 98.46 for 99.46; the
    // execution rate and score follow from the wrong total.
    assert_eq!(
        table_findings(f),
        owned(&[
            ("fund-sum-mismatch", "表格1", "F4"),
            ("exec-rate-mismatch", "表格1", "I4"),
            ("exec-score-inflated", "表格1", "K4"),
            ("total-mismatch", "表格1", "I22"),
        ])
    );
}

#[test]
fn a_department_table_converted_to_word_by_libreoffice_is_read_with_its_merges() {
    let doc = check_json(&dir("word"));
    let f = file(&doc, "部门整体自评表.docx");
    let t = &f["tables"][0];
    assert_eq!(t["kind"], "department");
    assert_eq!(t["name"], "永登县交通运输局");
    // The category of each indicator comes from the vertically merged 一级指标 cell.
    let inds = t["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 21);
    assert!(inds.iter().all(|i| i["level1"] != ""), "{inds:?}");
    assert_eq!(
        table_findings(f),
        owned(&[
            ("score-inflated", "表格1", "I19"),
            ("score-over-weight", "表格1", "I19"),
        ])
    );
}

#[test]
fn an_archive_s_entries_are_listed_in_its_place_and_hostile_archives_cost_one_file_each() {
    let doc = check_json(&dir("archive"));
    // The GBK name decoded; the unit's workbook read from inside the archive.
    let wb = file(&doc, "报送材料.zip › 永登县交通运输局.xlsx");
    assert_eq!(wb["status"], "ok");
    assert_eq!(wb["tables"].as_array().unwrap().len(), 5);
    let nested = file(&doc, "报送材料.zip › 附件/旧材料.zip");
    assert_eq!(nested["status"], "skipped");
    assert!(nested["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("压缩包中的压缩包"));
    assert_eq!(codes(file(&doc, "加密材料.zip")), ["file-encrypted"]);
    // 288 MiB of zeros declared as 1 KiB: inflation stops at the declared size, and the
    // entry is damaged; the archive's other files would still be read.
    let liar = file(&doc, "谎报大小.zip › data.xlsx");
    assert_eq!(liar["status"], "unreadable");
    assert_eq!(codes(liar), ["file-unreadable"]);
    let bomb = file(&doc, "压缩炸弹.zip");
    assert_eq!(bomb["status"], "unreadable");
    assert!(bomb["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("压缩炸弹"));
}

#[test]
fn run_on_archives_lists_the_unit_and_goes_on_past_the_bomb() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("out");
    let d = dir("archive");
    let r = common::run(&["run", &d.to_string_lossy(), "-o", &o.to_string_lossy()]);
    // The encrypted archive and the bomb are unreadable: exit 1, not a crash.
    assert_eq!(
        r.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(o.join("units").join("永登县交通运输局.xlsx").exists());
    // A lost entry's unit of its own is named after its archive.
    assert!(o.join("units").join("谎报大小.xlsx").exists());
    let cells = common::sheet_cells(&o.join("summary.xlsx"), "汇总");
    let named = cells.iter().any(|(_, _, v)| *v == "永登县交通运输局");
    assert!(named, "the unit inside the archive is in 汇总");
}

#[test]
fn a_doc_report_beside_its_unit_is_attached_to_it_and_in_its_letter() {
    let doc = check_json(&dir("doc"));
    let f = file(&doc, ".doc");
    assert_eq!(f["status"], "skipped");
    assert_eq!(codes(f), ["report-format-unsupported"]);
    assert!(f["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("永登县交通运输局"));
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("out");
    let d = dir("doc");
    common::run(&["run", &d.to_string_lossy(), "-o", &o.to_string_lossy()]);
    let unit = o.join("units").join("永登县交通运输局.xlsx");
    let cells = common::sheet_cells(&unit, "审核意见");
    let listed = cells.iter().any(|(_, _, v)| {
        v.to_string().contains("report-format-unsupported")
            || v.to_string().contains(".docx 格式后重新报送")
    });
    assert!(listed, "the return workbook asks for .docx");
    // The worklist names the unit beside the file.
    let rows = common::sheet_cells(&o.join("findings.xlsx"), "问题清单");
    let row_of = |text: &str| rows.iter().find(|(_, _, v)| *v == text).map(|(r, _, _)| *r);
    let r = row_of("report-format-unsupported").expect("a worklist row");
    let unit_cell = rows.iter().find(|(rr, c, _)| *rr == r && *c == 1);
    assert_eq!(
        unit_cell.map(|(_, _, v)| v.to_string()).as_deref(),
        Some("永登县交通运输局")
    );
    let letter = o
        .join("reports")
        .join("永登县交通运输局")
        .join("审核意见书.docx");
    let bytes = std::fs::read(letter).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("2021年度绩效自评报告.doc"),
        "the letter names the file"
    );
    assert!(xml.contains("另存为 .docx"), "the letter asks for .docx");
}

#[test]
fn deadlines_met_by_a_month_get_full_marks_and_one_missed_by_a_month_the_lowest_band() {
    let doc = check_json(&dir("deadline"));
    let f = &doc["files"][0];
    let t = &f["tables"][0];
    let ind = |row: u64| {
        t["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["row"] == row)
            .unwrap()
            .clone()
    };
    assert_eq!(ind(19)["score"], "7");
    assert_eq!(ind(20)["score"], "7");
    assert_eq!(ind(22)["score"], "3.59");
    assert_eq!(
        table_findings(f),
        owned(&[("score-inflated", "危桥改造", "I22")])
    );
}

#[test]
fn per_category_scores_beside_a_total_give_no_finding_and_the_two_real_errors_are_found() {
    let doc = check_json(&dir("report"));
    let good = file(&doc, "自评报告.docx");
    assert_eq!(codes(good), Vec::<String>::new(), "{good}");
    let bad = file(&doc, "自评报告（有误）.docx");
    let found: Vec<(String, u64)> = bad["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_string(),
                x["paragraph"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("report-sum-mismatch".to_string(), 6),
            ("report-score-mismatch".to_string(), 9),
            ("report-table-mismatch".to_string(), 9),
        ]
    );
}

#[test]
fn anhui_s_forms_a_name_row_labelled_department_a_partial_table_and_a_side_label() {
    let doc = check_json(&dir("anhui"));
    // The name row labelled 部门: the name is read, nothing is missing.
    let dept = file(&doc, "部门标签.xlsx");
    assert_eq!(dept["tables"][0]["name"], "永登县交通运输局");
    assert_eq!(table_findings(dept), Vec::new());
    // Names and targets, scores 0.0 as text, 总分 #REF!: filled in part, not blank; its
    // problems are reported.
    let partial = table_findings(file(&doc, "部分填写.xlsx"));
    assert!(!partial.iter().any(|f| f.0 == "table-blank"), "{partial:?}");
    assert!(partial.contains(&("field-not-number".into(), "危桥改造".into(), "I25".into())));
    assert!(partial.contains(&("field-missing".into(), "危桥改造".into(), "G14".into())));
    // The side label typed on each fund row: the unknown row is named at its own label.
    assert_eq!(
        table_findings(file(&doc, "侧栏标签.xlsx")),
        owned(&[("fund-row-unknown", "客运补贴", "C10")])
    );
}

#[test]
fn a_report_with_its_table_inside_is_read_as_both_and_numbered_over_the_whole_document() {
    let doc = check_json(&dir("word_report"));
    let f = &doc["files"][0];
    // The table inside is read as the project's table, consistent: no table finding.
    assert_eq!(f["tables"][0]["name"], "县乡公路危桥改造工程");
    assert_eq!(table_findings(f), Vec::new());
    // The text after it gives the total wrong; its paragraph is counted with the table's
    // cells, as fixtures/make/rdr.py counts it (docxutil.paragraphs): 130. The table's
    // own figures are never the report's.
    let found: Vec<(&str, u64)> = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap(),
                x["paragraph"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("report-table-mismatch", 130)]);
}
