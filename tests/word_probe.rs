//! Self-evaluation tables typed in Word (templates.md §9) as Word and WPS really write them:
//! the binary once on fixtures/wordprobe (made by fixtures/make/wordprobe.py), every case
//! compared with what a finance officer expects of it — the tables read (kind, sheet, name,
//! unit, department, year, fund totals, stated execution rate and score, each indicator,
//! stated total and grade, the findings with their cells), whether the document is read as
//! a narrative report too, and the file's own findings. Every mismatch of every case is
//! listed at once, sorted into the four measures of docs/reader.md ("Word tables probed").

mod common;

use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use std::sync::OnceLock;

const DIR: &str = "fixtures/wordprobe";

/// The files `check` lists, of the probe's folder and of the folders of cases kept apart
/// (a case's `dir`: a declaration would make every other table `approved-missing`).
fn files() -> &'static Vec<Value> {
    static FILES: OnceLock<Vec<Value>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut dirs = vec![DIR.to_string()];
        for e in expected().values() {
            if let Some(d) = e["dir"].as_str().filter(|d| !dirs.iter().any(|x| x == d)) {
                dirs.push(d.to_string());
            }
        }
        let listed = dirs.iter().map(|d| common::check_json(d));
        listed
            .flat_map(|doc| doc["files"].as_array().cloned().unwrap_or_default())
            .collect()
    })
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json maps cases")
}

/// A figure in canonical form (`9.60` and `9.6` alike); other values as they are.
fn canon(v: &Value) -> Value {
    match v.as_str().map(Decimal::from_str) {
        Some(Ok(d)) => Value::String(d.normalize().to_string()),
        _ => v.clone(),
    }
}

/// The mismatches of one case, each under its measure.
#[derive(Default)]
struct Report {
    /// A table not read, read twice, or a table where there is none.
    tables: Vec<String>,
    /// A field read otherwise than it stands.
    fields: Vec<String>,
    /// A finding where the officer expects none.
    false_findings: Vec<String>,
    /// A planted defect not reported.
    missed: Vec<String>,
}

impl Report {
    fn field(&mut self, at: &str, want: &Value, got: &Value) {
        if canon(want) != canon(got) {
            self.fields
                .push(format!("{at}: expected {want}, read {got}"));
        }
    }

    /// Expected and found findings (as JSON texts): the surplus are false, the lack missed.
    fn findings(&mut self, at: &str, mut want: Vec<String>, mut got: Vec<String>) {
        want.sort();
        got.sort();
        for w in &want {
            if let Some(i) = got.iter().position(|g| g == w) {
                got.remove(i);
            } else {
                self.missed.push(format!("{at}: {w} not found"));
            }
        }
        for g in got {
            self.false_findings.push(format!("{at}: {g}"));
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(Value::to_string)
        .collect()
}

fn compare_table(at: &str, e: &Value, t: &Value, r: &mut Report) {
    for k in ["kind", "sheet", "name", "unit", "department", "year"] {
        r.field(&format!("{at} {k}"), &e[k], &t[k]);
    }
    if e["kind"] == "declaration" {
        compare_indicators(at, e, t, r);
        return;
    }
    let rows = t["funds"]["rows"].as_array().cloned().unwrap_or_default();
    let total = rows.iter().find(|x| x["role"] == "total").cloned();
    let total = total.unwrap_or(Value::Null);
    for (i, k) in ["initial", "budget", "executed"].iter().enumerate() {
        r.field(&format!("{at} 年度资金总额 {k}"), &e["funds"][i], &total[k]);
    }
    let pairs = [
        ("执行率", "rate_stated", &t["execution"]["rate_stated"]),
        (
            "执行率得分",
            "exec_score_stated",
            &t["execution"]["score_stated"],
        ),
        ("总分", "total_stated", &t["total"]["score_stated"]),
        ("自评等级", "grade_stated", &t["grade"]["stated"]),
    ];
    for (label, key, got) in pairs {
        r.field(&format!("{at} {label}"), &e[key], got);
    }
    compare_indicators(at, e, t, r);
    let found = t["findings"].as_array().into_iter().flatten();
    let found = found.map(|f| serde_json::json!([f["code"], f["cell"]]).to_string());
    r.findings(at, strings(&e["findings"]), found.collect());
}

/// Each expected indicator's keys against the one read in its place.
fn compare_indicators(at: &str, e: &Value, t: &Value, r: &mut Report) {
    let want = e["indicators"].as_array().cloned().unwrap_or_default();
    let got = t["indicators"].as_array().cloned().unwrap_or_default();
    if want.len() != got.len() {
        let (g, w) = (got.len(), want.len());
        r.fields
            .push(format!("{at}: {g} indicators read, {w} expected"));
    }
    for (k, (wi, gi)) in want.iter().zip(&got).enumerate() {
        for (key, v) in wi.as_object().into_iter().flatten() {
            r.field(&format!("{at} 指标{} {key}", k + 1), v, &gi[key]);
        }
    }
}

fn compare_case(name: &str, e: &Value, f: &Value, r: &mut Report) {
    let codes = f["findings"].as_array().into_iter().flatten();
    let codes = codes.map(|x| x["code"].to_string()).collect();
    r.findings(
        &format!("{name} (file)"),
        strings(&e["file_findings"]),
        codes,
    );
    let narrative = f["kind"] == "report";
    if e["narrative"].as_bool() != Some(narrative) {
        let want = e["narrative"].clone();
        r.fields.push(format!(
            "{name}: narrative expected {want}, read {narrative}"
        ));
    }
    let want = e["tables"].as_array().cloned().unwrap_or_default();
    let got = f["tables"].as_array().cloned().unwrap_or_default();
    if want.len() != got.len() {
        let sheets: Vec<_> = got.iter().map(|t| t["sheet"].to_string()).collect();
        let (g, w) = (got.len(), want.len());
        r.tables
            .push(format!("{name}: {g} tables read {sheets:?}, {w} expected"));
    }
    for (i, (et, t)) in want.iter().zip(&got).enumerate() {
        compare_table(&format!("{name} 表{}", i + 1), et, t, r);
    }
}

#[test]
fn every_word_table_reads_as_the_officer_expects() {
    let exp = expected();
    assert!(exp.len() >= 30, "the probe has its cases");
    let files = files();
    let mut r = Report::default();
    for (name, e) in &exp {
        let f = files.iter().find(|f| {
            let p = f["path"].as_str().unwrap_or_default();
            p.rsplit('/').next() == Some(name.as_str())
        });
        match f {
            Some(f) => compare_case(name, e, f, &mut r),
            None => r.tables.push(format!("{name}: not in the run")),
        }
    }
    let sections = [
        ("tables read wrong", &r.tables),
        ("fields misread", &r.fields),
        ("false findings", &r.false_findings),
        ("missed defects", &r.missed),
    ];
    let total: usize = sections.iter().map(|(_, v)| v.len()).sum();
    let text: Vec<String> = sections
        .iter()
        .map(|(what, v)| format!("{what} ({}):\n  {}", v.len(), v.join("\n  ")))
        .collect();
    assert!(total == 0, "{total} mismatches\n{}", text.join("\n"));
}

/// Every table finding the probe must give (file, code, cell), restated by hand from the
/// cases' planted defects, so that a fault shared by the generator and the reader cannot
/// pass unseen. Every other table is honest and gives none.
const PLANTED: &[&str] = &[
    "w04_grid_before_after.docx score-inflated J14",
    "w04_grid_before_after.docx score-over-weight J14",
    "w05_split_page_break.docx reason-missing J17",
    "w05_split_page_break.docx score-inflated I17",
    "w06_split_repeated_header.docx reason-missing J17",
    "w06_split_repeated_header.docx score-inflated I17",
    "w07_split_xubiao_paragraph.docx reason-missing J17",
    "w07_split_xubiao_paragraph.docx score-inflated I17",
    "w11_content_controls.docx reason-missing J17",
    "w26_department_wps_planted.docx fund-split-mismatch G3",
    "w28_total_mismatch.docx total-mismatch I20",
    "w29_cost_over_target_full_marks.docx reason-missing J14",
    "w29_cost_over_target_full_marks.docx score-inflated I14",
    "w35_tracked_cell_properties.docx score-inflated I12",
    "w35_tracked_cell_properties.docx score-over-weight I12",
    "w38_no_total_then_signature_table.docx field-missing I18",
    "w39_no_total_then_data_table.docx field-missing I18",
];

#[test]
fn planted_defects_are_found_and_honest_word_tables_are_quiet() {
    let mut got = Vec::new();
    for f in files() {
        let p = f["path"].as_str().unwrap_or_default();
        let name = p.rsplit('/').next().unwrap_or(p);
        for t in f["tables"].as_array().into_iter().flatten() {
            for x in t["findings"].as_array().into_iter().flatten() {
                let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
                got.push(format!("{name} {} {}", s(&x["code"]), s(&x["cell"])));
            }
        }
    }
    got.sort();
    let mut want: Vec<String> = PLANTED.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn a_run_on_the_probe_counts_every_word_table_once() {
    let (out, report) = common::probe::run_report(DIR);
    let tables: usize = expected()
        .values()
        .filter(|e| e["dir"].is_null())
        .map(|e| e["tables"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(report["summary"]["tables"], tables);
    assert_eq!(report["summary"]["not_counted"], 0);
    assert!(out.path().join("summary.xlsx").is_file());
}
