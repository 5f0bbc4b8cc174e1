//! Reports written the ways real units write them (fixtures/rptprobe, made by
//! fixtures/make/rptprobe.py), each checked alone beside its unit's workbook by the binary:
//! a correct report gives no finding at all (precision: figures in 元, with thousands
//! commas or a space before the unit, rounded rates, sums spread over sentences, scores in
//! brackets, numbered `1.` headings, last year's and next year's figures, a Word table,
//! tracked changes, comments, headers, footnotes, a text box, GBK text), and a report with
//! one planted error gives an error of its expected code (recall).
//! docs/reports-reading.md ("Probed with new reports") has the table.

mod common;

use common::probe;

use serde_json::Value;
use std::path::Path;

/// The findings of `report` checked alone beside the unit's workbook.
fn findings_alone(dir: &Path, report: &str) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["永登县交通运输局.xlsx", report] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    probe::findings_of(tmp.path(), report)
}

fn dir() -> std::path::PathBuf {
    common::fixtures().join("rptprobe")
}

#[test]
fn correct_reports_in_the_styles_units_use_give_no_finding() {
    let cases = probe::expected(&dir());
    let wrong = probe::false_findings(&cases, 20, |f| findings_alone(&dir(), f));
    assert!(wrong.is_empty(), "false findings:\n{}", wrong.join("\n"));
}

#[test]
fn each_planted_error_is_found() {
    let cases = probe::expected(&dir());
    let missed = probe::missed(&cases, 10, |f| findings_alone(&dir(), f));
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}
