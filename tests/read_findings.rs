//! Reading findings at the right cell: `field-missing`, `field-not-number`,
//! `formula-not-computed` (fixtures/variants/findings/, the canonical table with cells
//! emptied, filled with text, or replaced by formulas without cached values by openpyxl).

use selfeval::read::{read_file, ReadTable};
use std::path::Path;

fn table(name: &str) -> ReadTable {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/variants/findings")
        .join(name);
    let mut r = read_file(&p);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.tables.len(), 1);
    r.tables.remove(0)
}

fn codes_at(t: &ReadTable) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = t
        .findings
        .iter()
        .map(|f| {
            assert_eq!(f.sheet.as_deref(), Some("危桥改造"));
            (
                f.code.as_str().to_string(),
                f.cell.map(|c| c.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = v
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn field_missing_points_at_the_empty_cell() {
    let t = table("missing.xlsx");
    assert_eq!(
        codes_at(&t),
        pairs(&[
            ("field-missing", "C4"),  // 项目名称
            ("field-missing", "G7"),  // 年度资金总额 全年执行数
            ("field-missing", "G14"), // first indicator's 实际完成值
            ("field-missing", "I14"), // first indicator's 得分
            ("field-missing", "I25"), // 总分 得分
        ])
    );
    assert!(t.table.name.is_empty());
    assert_eq!(t.table.total_row().unwrap().executed.value, None);
    assert_eq!(t.table.indicators[0].score.value, None);
    assert_eq!(t.table.total.score.value, None);
    assert_eq!(t.table.total.score.cell.unwrap().to_string(), "I25");
}

#[test]
fn field_not_number_quotes_the_text() {
    let t = table("not_number.xlsx");
    assert_eq!(
        codes_at(&t),
        pairs(&[("field-not-number", "F7"), ("field-not-number", "H15")])
    );
    let f = t
        .findings
        .iter()
        .find(|f| f.cell.unwrap().to_string() == "F7")
        .unwrap();
    assert!(f.message.zh.contains("见附表"), "{}", f.message.zh);
    assert!(f.message.en.contains("见附表"), "{}", f.message.en);
    assert_eq!(t.table.total_row().unwrap().budget.value, None);
}

#[test]
fn formula_without_cached_value_is_not_also_missing() {
    let t = table("formula.xlsx");
    assert_eq!(
        codes_at(&t),
        pairs(&[
            ("formula-not-computed", "F7"),
            ("formula-not-computed", "G7"),
            ("formula-not-computed", "F14"),
            ("formula-not-computed", "I25"),
        ])
    );
    // The uncomputed target is not also a placeholder, and the indicator keeps its stated score.
    let first = &t.table.indicators[0];
    assert!(first.target.uncomputed && first.target.text.is_empty());
    let policy = selfeval::score::Policy::default();
    let review = selfeval::score::review(&t.table, &policy);
    let codes: Vec<_> = selfeval::check_table(&t.table, &review, &policy)
        .into_iter()
        .map(|f| f.code.as_str())
        .collect();
    assert!(!codes.contains(&"target-placeholder"), "{codes:?}");
    assert_eq!(review.indicators[0].counted, first.score.value.unwrap());
    let total = t.table.total_row().unwrap();
    assert!(total.budget.uncomputed && total.executed.uncomputed);
    assert_eq!(total.budget.value, None);
    assert!(t.table.total.score.uncomputed);
}

#[test]
fn stated_grade_is_read_with_its_cell() {
    let t = table("grade.xlsx");
    assert!(t.findings.is_empty(), "{:?}", t.findings);
    let (g, cell) = t.table.grade_stated.unwrap();
    assert_eq!(g, selfeval::model::Grade::Excellent);
    assert_eq!(cell.to_string(), "C27");
    assert_eq!(t.table.indicators.len(), 11);
}
