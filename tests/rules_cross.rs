//! Cross-table rules on tables built in code: duplicates, unit-name variants, project
//! spending above the department's 项目支出, and year mismatches.

mod rules_support;

use rules_support::*;
use selfeval::model::{Table, TableKind, Text};
use selfeval::score::Policy;
use selfeval::{check_cross, check_cross_dated, CrossTable};
use std::path::Path;

fn project(name: &str, unit: &str, executed: &str, sheet: &str) -> Table {
    let mut t = clean_project();
    t.sheet = sheet.into();
    t.name = Text::new(name, c("C4"));
    t.unit = Text::new(unit, c("G5"));
    set(&mut t.funds.rows[0].executed, executed);
    t
}

fn codes_of(out: &[(usize, selfeval::Finding)]) -> Vec<(usize, &'static str, String)> {
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
fn only_the_older_copies_of_a_table_are_flagged() {
    let p1 = project("项目甲", "兰州新区应急管理局 （本级）", "10", "甲");
    let p2 = project("项目甲", "兰州新区应急管理局（本级）", "10", "甲");
    let p3 = project("项目甲", "兰州新区应急管理局(本级)", "10", "甲");
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    let tables: Vec<CrossTable> = vec![(0, a, &p1), (0, a, &p2), (1, b, &p3)];
    // No modification times: the later path counts (then the later table of a file).
    let out = check_cross(&tables, None);
    assert_eq!(
        codes_of(&out),
        vec![
            (0, "table-duplicate", "C4".into()),
            (1, "table-duplicate", "C4".into())
        ]
    );
    for (_, f) in &out {
        assert!(f.message.zh.contains("b.xlsx › 甲"), "{}", f.message.zh);
        assert!(f.expected.is_none() && f.found.is_none() && f.limit.is_none());
    }
    assert!(out[0].1.message.zh.contains("另有旧副本：a.xlsx › 甲"));

    // b.xlsx modified before a.xlsx: the second table of a.xlsx counts.
    let out = check_cross_dated(&tables, &[Some(200), Some(100)], None, &Policy::default());
    assert_eq!(
        codes_of(&out),
        vec![
            (0, "table-duplicate", "C4".into()),
            (2, "table-duplicate", "C4".into())
        ]
    );
    assert!(out[1].1.message.zh.contains("a.xlsx › 甲"));
    assert!(out[1]
        .1
        .message
        .en
        .contains("replaced by a copy received later, a.xlsx › 甲"));
}

#[test]
fn a_copy_of_a_table_that_names_no_unit_shows_no_empty_brackets() {
    // A transfer table whose 资金使用单位 is not filled in is grouped by its workbook.
    let p1 = project("项目甲", "", "10", "甲");
    let p2 = project("项目甲", "", "10", "甲");
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    let out = check_cross(&[(0, a, &p1), (1, b, &p2)], None);
    assert_eq!(codes_of(&out), vec![(0, "table-duplicate", "C4".into())]);
    let m = &out[0].1.message;
    assert!(
        m.zh.starts_with("项目“项目甲”另有一份较晚报送的"),
        "{}",
        m.zh
    );
    assert!(m.en.contains("“项目甲” is replaced"), "{}", m.en);
    let p3 = project("项目甲", "某局", "10", "甲");
    let out = check_cross(&[(0, a, &p3), (1, b, &p3)], None);
    assert!(out[0].1.message.zh.starts_with("项目“项目甲”（某局）另有"));
}

#[test]
fn a_superseded_project_is_not_counted_against_the_department() {
    // 项目支出 executed 19.5; projects 10 + 9 = 19, and the first submission of 项目甲
    // (a.xlsx) beside its resubmission (b.xlsx) would make it 29.
    let dept = clean_department();
    let old = project("安全生产执法经费", "兰州新区应急管理局", "10", "甲");
    let p2 = project("应急物资储备", "兰州新区应急管理局", "9", "乙");
    let new = project("安全生产执法经费", "兰州新区应急管理局", "10", "甲");
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &old), (0, a, &p2), (1, b, &new)];
    let out = check_cross(&tables, None);
    assert_eq!(codes_of(&out), vec![(1, "table-duplicate", "C4".into())]);
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
    // At the 实施单位 value cell.
    assert_eq!(codes_of(&out), vec![(0, "unit-name-variant", "G5".into())]);
    assert!(out[0].1.message.zh.contains("兰州新区应急局"));
}

#[test]
fn unit_name_variant_against_any_department_of_the_workbook() {
    // A 主管部门's workbook with its own department table and a subordinate unit's: a
    // project of the subordinate unit names its unit rightly (fixtures/deptprobe d32).
    let dept = clean_department();
    let mut sub = clean_department();
    sub.name.text = "兰州新区第一中学".into();
    sub.unit.text = "兰州新区第一中学".into();
    let p1 = project("校舍维修", "兰州新区第一中学", "10", "甲");
    let p2 = project("项目乙", "别的单位", "1", "乙");
    let a = Path::new("a.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &sub), (0, a, &p1), (0, a, &p2)];
    let out = check_cross(&tables, None);
    // The one naming neither is compared with the first department table.
    assert_eq!(codes_of(&out), vec![(3, "unit-name-variant", "G5".into())]);
    assert!(out[0].1.message.zh.contains(&dept.unit.text));
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
    // At the department's 项目支出 全年执行数 cell: found there 19.5, computed 19.6.
    assert_eq!(
        codes_of(&out),
        vec![(0, "dept-projects-exceed", "G13".into())]
    );
    assert_eq!(out[0].1.expected.as_deref(), Some("19.6"));
    assert_eq!(out[0].1.found.as_deref(), Some("19.5"));

    // Within the money tolerance: 9.51.
    let p2 = project("项目乙", "兰州新区应急管理局", "9.51", "乙");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &p1), (0, a, &p2)];
    assert!(check_cross(&tables, None).is_empty());

    // A project table in another workbook joins the unit by its normalised name.
    let p3 = project("应急通信保障经费", "兰州新区 应急管理局", "0.2", "丙");
    let b = Path::new("b.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &dept), (0, a, &p1), (0, a, &p2), (1, b, &p3)];
    let out = check_cross(&tables, None);
    assert_eq!(
        codes_of(&out),
        vec![(0, "dept-projects-exceed", "G13".into())]
    );
}

#[test]
fn year_mismatch_against_the_asked_year_or_the_most_common() {
    let p1 = project("甲", "单位1", "1", "甲");
    let p2 = project("乙", "单位2", "1", "乙");
    let mut p3 = project("丙", "单位3", "1", "丙");
    p3.year = Some(2020);
    p3.year_cell = Some(c("A2"));
    let mut p4 = project("丁", "单位4", "1", "丁");
    p4.year = None;
    let a = Path::new("a.xlsx");
    let tables: Vec<CrossTable> = vec![(0, a, &p1), (0, a, &p2), (0, a, &p3), (0, a, &p4)];
    let out = check_cross(&tables, None);
    // At the year's cell; the run's year is a limit, not a reviewed figure.
    assert_eq!(codes_of(&out), vec![(2, "year-mismatch", "A2".into())]);
    assert_eq!(out[0].1.expected, None);
    assert_eq!(out[0].1.found.as_deref(), Some("2020"));
    assert_eq!(out[0].1.limit.as_deref(), Some("2021"));

    let out = check_cross(&tables, Some(2020));
    assert_eq!(
        codes_of(&out),
        vec![
            (0, "year-mismatch", "A1".into()),
            (1, "year-mismatch", "A1".into())
        ]
    );
}

#[test]
fn a_project_renamed_between_copies_is_a_possible_duplicate() {
    let old = project("家庭医生签约项目", "永登县卫生健康局", "10", "甲");
    let new = project("家庭医生签约服务项目经费", "永登县卫生健康局", "10", "甲");
    let other = project("基本公共卫生服务", "永登县卫生健康局", "9", "乙");
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    let tables: Vec<CrossTable> = vec![(0, a, &old), (0, a, &other), (1, b, &new)];
    let out = check_cross_dated(&tables, &[Some(100), Some(200)], None, &Policy::default());
    // At the name cell of the copy received later, naming the other; both still count.
    assert_eq!(
        codes_of(&out),
        vec![(2, "table-possible-duplicate", "C4".into())]
    );
    assert!(
        out[0].1.message.zh.contains("家庭医生签约项目"),
        "{}",
        out[0].1.message.zh
    );
    assert!(out[0].1.message.zh.contains("a.xlsx › 甲"));
    // Received the other way round: the finding moves to the other table.
    let out = check_cross_dated(&tables, &[Some(300), Some(200)], None, &Policy::default());
    assert_eq!(
        codes_of(&out),
        vec![(0, "table-possible-duplicate", "C4".into())]
    );
    // Close names in one file are two tables of one submission: no finding.
    let tables: Vec<CrossTable> = vec![(0, a, &old), (0, a, &new)];
    assert!(check_cross(&tables, None).is_empty());
}

#[test]
fn names_are_close_by_containment_or_a_third_of_their_length() {
    use selfeval::names_close;
    assert!(names_close("家庭医生签约项目", "家庭医生签约服务项目经费"));
    assert!(names_close("高标准农田建设", "高标准农田建设项目"));
    assert!(
        !names_close("高标准农田建设", "高标准农田建设"),
        "equal is a duplicate"
    );
    assert!(!names_close("基本公共卫生服务", "动物疫病防控"));
    // The spec's letter (campaign.md §4), over the whole name: a distance of 1 in 3
    // characters is close, also where the one character names the project.
    assert!(names_close("丙项目", "戊项目"));
    assert!(names_close("丙项目", "丙项目经费"));
    assert!(
        !names_close("教育项目", "教育经费"),
        "2 of 4 is over a third"
    );
}

#[test]
fn another_years_table_is_left_out_and_never_replaces_this_years_copy() {
    use selfeval::model::Standing;
    use selfeval::{left_out, CrossCtx};
    let mut last_year = project("项目甲", "兰州新区应急管理局", "10", "甲");
    last_year.year = Some(2020);
    let mut this_year = project("项目甲", "兰州新区应急管理局", "10", "甲");
    this_year.year = Some(2021);
    let (a, b) = (Path::new("a.xlsx"), Path::new("b.xlsx"));
    // Last year's copy was received later, yet this year's counts.
    let tables: Vec<CrossTable> = vec![(0, a, &this_year), (1, b, &last_year)];
    let policy = Policy::default();
    let ctx = CrossCtx {
        tables: &tables,
        modified: &[Some(100), Some(200)],
        pinned: &[],
        units: &[],
        year: Some(2021),
        policy: &policy,
    };
    let left = left_out(&ctx);
    assert_eq!(left.len(), 1);
    assert_eq!(left.get(&1), Some(&Standing::OtherYear(2021)));
    let out = check_cross_dated(&tables, &[Some(100), Some(200)], Some(2021), &policy);
    assert_eq!(codes_of(&out), vec![(1, "year-mismatch", "A1".into())]);
}
