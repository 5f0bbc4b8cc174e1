//! Published department tables' conventions (docs/reader.md, "Published department tables
//! surveyed"): the binary once on fixtures/deptpub (made by fixtures/make/deptpub.py, every
//! workbook made up, each reproducing what real units write in their 部门整体支出绩效自评表),
//! every table compared with what a finance officer expects of it — kind, unit, the
//! 年度资金总额 row, each indicator (name, target parsed, actual, weight, stated and reviewed
//! score), the stated and reviewed total, the stated grade and the exact codes of the
//! findings. Every mismatch of every file is listed at once.

mod common;

use common::probe::{codes, differences};

use serde_json::Value;
use std::sync::OnceLock;

const DIR: &str = "fixtures/deptpub";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("deptpub/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn published_department_tables_read_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 15, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let d = differences(name, common::json_file(doc, name), e);
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
fn a_split_into_personnel_and_public_costs_is_no_unknown_row() {
    // `其中：人员经费` / `公用经费` under 基本支出 break the basic costs down; the expense split
    // is still 基本支出 + 项目支出, and a wrong 项目支出 is still found.
    let ok = codes(common::json_file(doc(), "p05_personnel_public_rows.xlsx"));
    assert!(ok.is_empty(), "{ok:?}");
    let planted = codes(common::json_file(
        doc(),
        "p06_personnel_rows_split_wrong.xlsx",
    ));
    assert_eq!(planted, ["fund-split-mismatch"]);
}
