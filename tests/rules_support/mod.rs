//! Tables built in code for the rule and scoring tests: a clean project table in the
//! MoF 2020 layout (A1 title, fund block rows 7–10, indicators rows 14–20, 总分 row 21)
//! on which no rule fires, and helpers to break it one figure at a time.

#![allow(dead_code)]

use rust_decimal::Decimal;
use selfeval::check_table;
use selfeval::model::*;
use selfeval::score::{review, Policy, Review};
use selfeval::Finding;

/// A decimal from text.
pub fn d(s: &str) -> Decimal {
    s.parse().expect("test decimal")
}

/// A cell from A1 text.
pub fn c(a1: &str) -> CellRef {
    CellRef::parse(a1).expect("test cell")
}

fn fig(v: &str, a1: &str) -> Figure {
    Figure::new(Some(d(v)), c(a1))
}

fn fund(label: &str, role: FundRole, row: u32, v: [&str; 3]) -> FundRow {
    FundRow {
        label: label.into(),
        role,
        cell: c(&format!("C{row}")),
        initial: fig(v[0], &format!("E{row}")),
        budget: fig(v[1], &format!("F{row}")),
        executed: fig(v[2], &format!("G{row}")),
    }
}

/// One indicator row in the standard columns (B 一级 … J reason). `level1_row` is the top
/// row of the 一级 merge.
#[allow(clippy::too_many_arguments)]
pub fn indicator(
    row: u32,
    level1: &str,
    level1_row: u32,
    level2: &str,
    name: &str,
    target: &str,
    actual: &str,
    weight: &str,
    score: &str,
) -> Indicator {
    Indicator {
        row,
        level1: level1.into(),
        level1_cell: Some(c(&format!("B{level1_row}"))),
        level1_weight: None,
        level2: level2.into(),
        name: Text::new(name, c(&format!("D{row}"))),
        target: Text::new(target, c(&format!("F{row}"))),
        actual: Text::new(actual, c(&format!("G{row}"))),
        weight: fig(weight, &format!("H{row}")),
        score: fig(score, &format!("I{row}")),
        reason: Text::new("", c(&format!("J{row}"))),
    }
}

/// A project table on which no rule fires: budget 30, executed 28.5 (95%, 9.5 points),
/// every indicator met, total 99.5, 优.
pub fn clean_project() -> Table {
    let mut t = Table::empty(TableKind::Project, "项目1");
    t.title_cell = c("A1");
    t.year = Some(2021);
    t.name = Text::new("安全生产监督执法专项经费", c("C4"));
    t.department = Text::new("兰州新区应急管理局", c("C5"));
    t.unit = Text::new("兰州新区应急管理局", c("G5"));
    t.funds.rows = vec![
        fund("年度资金总额", FundRole::Total, 7, ["30", "30", "28.5"]),
        fund(
            "其中：当年财政拨款",
            FundRole::Appropriation,
            8,
            ["20", "20", "19"],
        ),
        fund("上年结转资金", FundRole::Carryover, 9, ["10", "10", "9.5"]),
        fund("其他资金", FundRole::Other, 10, ["0", "0", "0"]),
    ];
    t.execution = Execution {
        weight: fig("10", "H7"),
        rate: fig("0.95", "I7"),
        score: fig("9.5", "K7"),
        ..Default::default()
    };
    t.indicators = vec![
        indicator(
            14,
            "产出指标",
            14,
            "数量指标",
            "督查检查生产经营单位",
            "≥700家次",
            "730家次",
            "20",
            "20",
        ),
        indicator(
            15,
            "产出指标",
            14,
            "质量指标",
            "隐患整改率",
            "≥95%",
            "96%",
            "10",
            "10",
        ),
        indicator(
            16,
            "产出指标",
            14,
            "时效指标",
            "完成时间",
            "2021年12月底前",
            "达成年度指标",
            "10",
            "10",
        ),
        indicator(
            17,
            "产出指标",
            14,
            "成本指标",
            "成本控制",
            "≤30万元",
            "28.5万元",
            "10",
            "10",
        ),
        indicator(
            18,
            "效益指标",
            18,
            "社会效益指标",
            "安全生产形势",
            "持续向好",
            "达成年度指标",
            "15",
            "15",
        ),
        indicator(
            19,
            "效益指标",
            18,
            "可持续影响指标",
            "长效机制",
            "建立健全",
            "达成",
            "15",
            "15",
        ),
        indicator(
            20,
            "满意度指标",
            20,
            "服务对象满意度指标",
            "企业满意度",
            "≥90%",
            "95%",
            "10",
            "10",
        ),
    ];
    t.total = Total {
        weight: fig("100", "H21"),
        score: fig("99.5", "I21"),
    };
    t
}

/// A department table (project scheme) that adds up, with both fund splits.
pub fn clean_department() -> Table {
    let mut t = clean_project();
    t.kind = TableKind::Department;
    t.sheet = "部门整体".into();
    t.name = Text::new("兰州新区应急管理局", c("C4"));
    t.department = Text::default();
    t.unit = Text::new("兰州新区应急管理局", c("C4"));
    t.funds.rows.push(fund(
        "其中：基本支出",
        FundRole::Basic,
        12,
        ["10", "10", "9"],
    ));
    t.funds.rows.push(fund(
        "项目支出",
        FundRole::Project,
        13,
        ["20", "20", "19.5"],
    ));
    t
}

/// The indicator on a one-based sheet row.
pub fn ind(t: &mut Table, row: u32) -> &mut Indicator {
    t.indicators
        .iter_mut()
        .find(|i| i.row == row)
        .expect("indicator row")
}

/// Sets a figure's value.
pub fn set(f: &mut Figure, v: &str) {
    f.value = Some(d(v));
}

/// Reviews and checks a table.
pub fn run(t: &Table, p: &Policy) -> (Review, Vec<Finding>) {
    let r = review(t, p);
    let f = check_table(t, &r, p);
    (r, f)
}

/// Findings under the default policy.
pub fn findings(t: &Table) -> Vec<Finding> {
    run(t, &Policy::default()).1
}

/// The codes of some findings, sorted and deduplicated.
pub fn codes(fs: &[Finding]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = fs.iter().map(|f| f.code.as_str()).collect();
    v.sort();
    v.dedup();
    v
}

/// Asserts that `code` fired at `cell` (sheet included) and returns that finding.
pub fn fired_at<'a>(fs: &'a [Finding], code: &str, cell: &str) -> &'a Finding {
    fs.iter()
        .find(|f| f.code.as_str() == code && f.cell.map(|c| c.to_string()).as_deref() == Some(cell))
        .unwrap_or_else(|| panic!("{code} at {cell} expected; got {:#?}", summary(fs)))
}

/// (code, cell) pairs, for failure messages.
pub fn summary(fs: &[Finding]) -> Vec<(String, String, String)> {
    fs.iter()
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.cell.map(|c| c.to_string()).unwrap_or_default(),
                f.message.zh.clone(),
            )
        })
        .collect()
}
