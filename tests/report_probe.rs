//! Reports written the ways real units write them (fixtures/rptprobe, made by
//! fixtures/make/rptprobe.py), each checked alone beside its unit's workbook by the binary:
//! a correct report gives no finding at all (precision: figures in 元, with thousands
//! commas or a space before the unit, rounded rates, sums spread over sentences, scores in
//! brackets, numbered `1.` headings, last year's and next year's figures, a Word table,
//! tracked changes, comments, headers, footnotes, a text box, GBK text), and a report with
//! one planted error gives an error of its expected code (recall).
//! docs/reports-reading.md ("Probed with new reports") has the table.

mod common;

use serde_json::Value;
use std::path::Path;

/// The findings of `report` checked alone beside the unit's workbook.
fn findings_alone(dir: &Path, report: &str) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["永登县交通运输局.xlsx", report] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    let d = tmp.path().to_string_lossy().into_owned();
    let out = common::run(&["check", "--format", "json", &d]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let file = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap_or_default().ends_with(report))
        .unwrap_or_else(|| panic!("{report} is listed"));
    file["findings"].as_array().unwrap().clone()
}

fn expected() -> (std::path::PathBuf, Vec<(String, Vec<String>)>) {
    let dir = common::fixtures().join("rptprobe");
    let text = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    let map: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("JSON");
    let cases = map
        .into_iter()
        .map(|(k, v)| {
            let codes = v.as_array().unwrap().iter();
            (k, codes.map(|c| c.as_str().unwrap().to_string()).collect())
        })
        .collect();
    (dir, cases)
}

#[test]
fn correct_reports_in_the_styles_units_use_give_no_finding() {
    let (dir, cases) = expected();
    let correct: Vec<_> = cases.iter().filter(|c| c.1.is_empty()).collect();
    assert!(correct.len() >= 20, "the probe's correct reports");
    let mut wrong = Vec::new();
    for (file, _) in correct {
        for f in findings_alone(&dir, file) {
            wrong.push(format!(
                "{file}: {} 第{}段 {}",
                f["code"], f["paragraph"], f["message"]
            ));
        }
    }
    assert!(wrong.is_empty(), "false findings:\n{}", wrong.join("\n"));
}

#[test]
fn each_planted_error_is_found() {
    let (dir, cases) = expected();
    let planted: Vec<_> = cases.iter().filter(|c| !c.1.is_empty()).collect();
    assert!(planted.len() >= 10, "the probe's faulty reports");
    let mut missed = Vec::new();
    for (file, codes) in planted {
        let found = findings_alone(&dir, file);
        let hit = found
            .iter()
            .any(|f| f["severity"] == "error" && codes.iter().any(|c| f["code"] == c.as_str()));
        if !hit {
            missed.push(format!("{file}: none of {codes:?} in {found:?}"));
        }
    }
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}
