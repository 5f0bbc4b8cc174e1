//! An approved performance-goal declaration (绩效目标申报表, templates.md §8) as plain data:
//! what a unit promised when its budget was approved, which its self-evaluation must
//! measure. Amounts are in 万元 unless [`DeclFunds::as_written`] says the sheet's 万元
//! label could not be trusted (`declaration-amount-implausible`): then they are kept as
//! written.

use super::{CellRef, Figure, Text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Whether a declaration is for a project or for a department as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeclKind {
    /// 项目支出绩效目标申报表 (also 二级项目…, 项目支出绩效目标表).
    Project,
    /// 部门整体支出绩效目标申报表.
    Department,
}

/// The amounts of a declaration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeclFunds {
    /// 本年度项目金额 / 年度资金总额.
    pub budget: Figure,
    /// 项目总金额 (the whole span of a multi-year project), when given.
    pub total: Figure,
    /// True when the amounts labelled 万元 are evidently in 元 and were kept as written
    /// (`declaration-amount-implausible`).
    #[serde(default)]
    pub as_written: bool,
}

/// One indicator the declaration sets (a row with a non-empty, applicable 三级指标).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeclIndicator {
    /// One-based sheet row.
    pub row: u32,
    /// 一级指标 as written (`产出`, `产出指标`).
    pub level1: String,
    /// 二级指标 as written.
    pub level2: String,
    /// 三级指标.
    pub name: Text,
    /// 目标值 / 指标值; a separate 计量单位 column is joined to it (`95` + `%` → `95%`).
    pub target: Text,
    /// 分值 / 权重, when the form has the column.
    pub weight: Figure,
}

/// One declaration read from a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    /// Project or department form.
    pub kind: DeclKind,
    /// The sheet it was read from.
    pub sheet: String,
    /// The title cell.
    pub title_cell: CellRef,
    /// The title as written (`二级项目支出绩效目标申报表`).
    pub title: String,
    /// The year (title's), when stated.
    pub year: Option<i32>,
    /// 项目编码 as a person sees the cell (a number that lost digits stays
    /// `4.403062313915e+20`); `None` when the form has no code or it is empty.
    pub code: Option<Text>,
    /// True when the code was stored as a number beyond 15 digits (`declaration-code-lost`).
    pub code_lost: bool,
    /// 项目名称 (or the department's name).
    pub name: Text,
    /// 申请单位 / 实施单位 / 预算单位.
    pub unit: Text,
    /// 一级预算单位 / 主管部门.
    pub department: Text,
    /// The amounts.
    pub funds: DeclFunds,
    /// 年度目标 (and 长期目标 after it, when given).
    pub goals: Vec<Text>,
    /// The indicators, placeholders (empty or 不适用 三级) left out.
    pub indicators: Vec<DeclIndicator>,
    /// True for an approved adjustment (调整 in the title or the file name).
    pub adjustment: bool,
    /// The 测算依据 and other free text of the header, for the amount's plausibility.
    #[serde(default)]
    pub basis: String,
}

impl Declaration {
    /// An empty declaration of a kind (for building by hand and by the reader).
    pub fn empty(kind: DeclKind, sheet: impl Into<String>) -> Self {
        Declaration {
            kind,
            sheet: sheet.into(),
            title_cell: CellRef::default(),
            title: String::new(),
            year: None,
            code: None,
            code_lost: false,
            name: Text::default(),
            unit: Text::default(),
            department: Text::default(),
            funds: DeclFunds::default(),
            goals: Vec::new(),
            indicators: Vec::new(),
            adjustment: false,
            basis: String::new(),
        }
    }

    /// The approved 本年度金额 as a value, if stated.
    pub fn budget(&self) -> Option<Decimal> {
        self.funds.budget.value
    }
}
