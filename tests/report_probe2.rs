//! The second probe of the report checks (fixtures/rptprobe2, made by
//! fixtures/make/rptprobe2.py): each case is a folder with the unit's workbook and one
//! report, checked by the binary. A correct report gives no finding at all (precision:
//! amounts in 亿元 or in 元 with decimals, 万元 written once, `分别为 a、b万元`, ranges,
//! 个百分点 and 同比, document and phone numbers, people in 万人, Word tables, a table of
//! contents, a 附件 list, truncated rates, `（满分100分）`, `优秀`, names in quotes, figures
//! at a date before the year's end, approximate figures, a sentence about one source of
//! funds); a report with one planted error gives an error of its expected code (recall).
//! docs/reports-reading.md ("Second probe") has the table.

mod common;

use common::probe;

use std::path::PathBuf;

fn dir() -> PathBuf {
    common::fixtures().join("rptprobe2")
}

#[test]
fn correct_reports_of_the_second_probe_give_no_finding() {
    let cases = probe::expected(&dir());
    let wrong = probe::false_findings(&cases, 30, |case| {
        probe::findings_of(&dir().join(case), ".docx")
    });
    assert!(wrong.is_empty(), "false findings:\n{}", wrong.join("\n"));
}

#[test]
fn each_planted_error_of_the_second_probe_is_found() {
    let cases = probe::expected(&dir());
    let missed = probe::missed(&cases, 5, |case| {
        probe::findings_of(&dir().join(case), ".docx")
    });
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}
