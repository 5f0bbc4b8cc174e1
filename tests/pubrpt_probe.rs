//! The published-conventions probe of the report checks (fixtures/pubrpt, made by
//! fixtures/make/pubrpt.py): each case is a made-up unit's workbook and one report written
//! the way a published 自评报告 writes its figures (docs/reports.md, "Published reports
//! surveyed"). A correct report must give no report finding; a report with one planted
//! error must give exactly its expected codes. Every case that differs is listed at once.

mod common;

use common::probe;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn dir() -> PathBuf {
    common::fixtures().join("pubrpt")
}

/// The report codes `check` gives a case (each code once), with one line per finding.
fn codes_of(case: &str) -> (BTreeSet<String>, Vec<String>) {
    let found = probe::findings_of(&dir().join(case), ".docx");
    let codes = found
        .iter()
        .filter_map(|f| f["code"].as_str())
        .map(String::from);
    let lines = found.iter().map(|f| {
        let (code, n, msg) = (&f["code"], &f["paragraph"], &f["message"]);
        format!("    {code} 第{n}段 {msg}")
    });
    (codes.collect(), lines.collect())
}

#[test]
fn each_published_convention_gives_exactly_its_expected_report_codes() {
    let cases = probe::expected(&dir());
    assert!(
        cases.iter().filter(|c| c.1.is_empty()).count() >= 20,
        "honest cases"
    );
    assert!(
        cases.iter().filter(|c| !c.1.is_empty()).count() >= 8,
        "planted cases"
    );
    let mut wrong = Vec::new();
    for (case, want) in &cases {
        let want: BTreeSet<String> = want.iter().cloned().collect();
        let (got, lines) = codes_of(case);
        if got != want {
            wrong.push(format!(
                "{case}: expected {want:?}, got {got:?}\n{}",
                lines.join("\n")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
