//! Cross-table rules on tables built in code: duplicates, unit-name variants, project
//! spending above the department's 项目支出, and year mismatches.

mod rules_support;

use rules_support::*;
use selfeval::model::{Table, TableKind, Text};
use selfeval::rules::cross::{check_cross, CrossTable};
use std::path::Path;

fn project(name: &str, unit: &str, executed: &str, sheet: &str) -> Table {
    let mut t = clean_project();
    t.sheet = sheet.into();
    t.name = Text::new(name, c("C4"));
    t.unit = Text::new(unit, c("G5"));
    set(&mut t.funds.rows[0].executed, executed);
    t
}

fn codes_of(out: &[(usize, selfeval::diag::Finding)]) -> Vec<(usize, &'static str, String)> {
    out.iter()
        .map(|(i, f)| (*i, f.code.as_str(), f.cell.unwrap().to_string()))
        .collect()
}

#[test]
fn a_consistent_run_raises_nothing() {
    let dept = clean_department();
    let p1 = project("项目甲", "兰州新区应急管理局", "10", "甲");
    let p2 = project("项目乙", "兰州新区 应急管理局", "9.5", "乙");
    let a = Path::new("inbox/应急管理局.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &p1), (0, a, &p2)];
    let out = check_cross(&tables, None);
    assert!(out.is_empty(), "{:?}", codes_of(&out));
}

#[test]
fn duplicates_are_both_flagged() {
    let p1 = project("项目甲", "兰州新区应急管理局", "10", "甲");
    let p2 = project("项目甲", "兰州新区应急管理局（本级）", "10", "甲");
    let p3 = project("项目甲", "兰州新区应急管理局(本级)", "10", "甲");
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    let tables: Vec<CrossTable> = vec![(0, a, &p1), (0, a, &p2), (1, b, &p3)];
    let out = check_cross(&tables, None);
    assert_eq!(
        codes_of(&out),
        vec![
            (1, "table-duplicate", "A1".into()),
            (2, "table-duplicate", "A1".into())
        ]
    );
    assert!(out[0].1.message.zh.contains("b.xlsx"));
    assert!(out[1].1.message.zh.contains("a.xlsx"));
}

#[test]
fn unit_name_variant_against_the_workbook_department() {
    let dept = clean_department();
    let p1 = project("项目甲", "兰州新区应急局", "10", "甲");
    let mut tr = project("转移支付甲", "兰州新区应急管理局", "5", "乙");
    tr.kind = TableKind::Transfer;
    // In another workbook without a department table: not compared.
    let p2 = project("项目丙", "别的单位", "1", "丙");
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    let tables: Vec<CrossTable> = vec![(0, a, &p1), (0, a, &dept), (0, a, &tr), (1, b, &p2)];
    let out = check_cross(&tables, None);
    assert_eq!(codes_of(&out), vec![(0, "unit-name-variant", "A1".into())]);
    assert!(out[0].1.message.zh.contains("兰州新区应急局"));
}

#[test]
fn projects_exceeding_the_department_project_spending() {
    // 项目支出 executed 19.5; projects 10 + 9.6 (same workbook) = 19.6 > 19.5.
    let dept = clean_department();
    let p1 = project("项目甲", "兰州新区应急管理局", "10", "甲");
    let p2 = project("项目乙", "兰州新区应急管理局", "9.6", "乙");
    // Transfers are outside 项目支出.
    let mut tr = project("转移支付", "兰州新区应急管理局", "100", "丙");
    tr.kind = TableKind::Transfer;
    let a = Path::new("a.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &p1), (0, a, &p2), (0, a, &tr)];
    let out = check_cross(&tables, None);
    assert_eq!(
        codes_of(&out),
        vec![(0, "dept-projects-exceed", "A1".into())]
    );
    assert_eq!(out[0].1.expected.as_deref(), Some("19.5"));
    assert_eq!(out[0].1.found.as_deref(), Some("19.6"));

    // Within the money tolerance: 9.51.
    let p2 = project("项目乙", "兰州新区应急管理局", "9.51", "乙");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &p1), (0, a, &p2)];
    assert!(check_cross(&tables, None).is_empty());

    // A project table in another workbook joins the unit by its normalised name.
    let p3 = project("项目丙", "兰州新区 应急管理局", "0.2", "丙");
    let b = Path::new("b.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &p1), (0, a, &p2), (1, b, &p3)];
    let out = check_cross(&tables, None);
    assert_eq!(
        codes_of(&out),
        vec![(0, "dept-projects-exceed", "A1".into())]
    );
}

#[test]
fn year_mismatch_against_the_asked_year_or_the_most_common() {
    let p1 = project("甲", "单位1", "1", "甲");
    let p2 = project("乙", "单位2", "1", "乙");
    let mut p3 = project("丙", "单位3", "1", "丙");
    p3.year = Some(2020);
    let mut p4 = project("丁", "单位4", "1", "丁");
    p4.year = None;
    let a = Path::new("a.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &p1), (0, a, &p2), (0, a, &p3), (0, a, &p4)];
    let out = check_cross(&tables, None);
    assert_eq!(codes_of(&out), vec![(2, "year-mismatch", "A1".into())]);
    assert_eq!(out[0].1.expected.as_deref(), Some("2021"));

    let out = check_cross(&tables, Some(2020));
    assert_eq!(
        codes_of(&out),
        vec![
            (0, "year-mismatch", "A1".into()),
            (1, "year-mismatch", "A1".into())
        ]
    );
}
