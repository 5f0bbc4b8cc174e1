//! The domain model: what a self-evaluation table says, as plain data.
//!
//! The reader (`crate::read`) fills these structs from a workbook; scoring and rules
//! (`crate::score`, `crate::rules`) read them; the writers (`crate::render`) lay them out
//! again. Every amount and score is a [`Decimal`]; amounts are always in 万元 here
//! (the reader converts 元). Every stated figure carries the cell it came from so a
//! finding can point at it.

mod cell;
pub mod checked;
pub mod date;
pub mod declaration;
pub mod document;
pub mod narrative;
mod office;
mod standing;
pub mod subject;
pub mod text;

pub use cell::CellRef;
pub use office::Office;
pub use standing::Standing;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The three kinds of self-evaluation table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// 项目支出绩效自评表.
    Project,
    /// 部门整体支出绩效自评表.
    Department,
    /// 转移支付绩效自评表.
    Transfer,
}

impl TableKind {
    /// All kinds, in the order summaries list them.
    pub const ALL: [TableKind; 3] = [
        TableKind::Department,
        TableKind::Project,
        TableKind::Transfer,
    ];

    /// The table's official title.
    ///
    /// ```
    /// use selfeval::model::TableKind;
    /// assert_eq!(TableKind::Project.title(), "项目支出绩效自评表");
    /// ```
    pub fn title(self) -> &'static str {
        match self {
            TableKind::Project => "项目支出绩效自评表",
            TableKind::Department => "部门整体支出绩效自评表",
            TableKind::Transfer => "转移支付绩效自评表",
        }
    }

    /// The machine name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Project => "project",
            TableKind::Department => "department",
            TableKind::Transfer => "transfer",
        }
    }

    /// A short Chinese name for summaries (项目 / 部门整体 / 转移支付).
    pub fn short_zh(self) -> &'static str {
        match self {
            TableKind::Project => "项目",
            TableKind::Department => "部门整体",
            TableKind::Transfer => "转移支付",
        }
    }
}

/// What a row of the fund block stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FundRole {
    /// 年度资金总额.
    Total,
    /// 当年财政拨款 and its aliases (财政拨款, 本年财政拨款, 本年一般公共预算拨款).
    Appropriation,
    /// 上年结转资金 (结转资金).
    Carryover,
    /// 其他资金.
    Other,
    /// 中央补助 (transfer tables).
    Central,
    /// 省级资金 (transfer tables).
    Provincial,
    /// 市县资金 (transfer tables).
    Local,
    /// 基本支出 (department tables, split by expense type).
    Basic,
    /// 项目支出 (department tables, split by expense type).
    Project,
}

impl FundRole {
    /// True for the rows that add up to 年度资金总额 by source of money.
    pub fn is_source(self) -> bool {
        matches!(
            self,
            FundRole::Appropriation
                | FundRole::Carryover
                | FundRole::Other
                | FundRole::Central
                | FundRole::Provincial
                | FundRole::Local
        )
    }

    /// True for the department split by expense type (基本支出, 项目支出).
    pub fn is_expense_split(self) -> bool {
        matches!(self, FundRole::Basic | FundRole::Project)
    }
}

/// The unit the sheet wrote its amounts in. The model itself always holds 万元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum AmountUnit {
    /// 万元 (ten thousand yuan), the standard.
    #[default]
    #[serde(rename = "万元")]
    WanYuan,
    /// 元: amounts were divided by 10,000 when read.
    #[serde(rename = "元")]
    Yuan,
}

/// A stated numeric figure and where it sits.
///
/// `value` is `None` when the cell is empty, holds no value (`—`), is not a number, or is a
/// formula without a cached result; the reader reports which of those it was.
///
/// ```
/// use selfeval::model::{CellRef, Figure};
/// use rust_decimal::Decimal;
/// let f = Figure::new(Some(Decimal::new(2831, 2)), CellRef::new(6, 5));
/// assert_eq!(f.value.unwrap().to_string(), "28.31");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figure {
    /// The number, in the model's units (万元 for amounts, a fraction for rates).
    pub value: Option<Decimal>,
    /// The cell holding it (the top-left cell of a merge); `None` when the table has no
    /// column for it at all.
    pub cell: Option<CellRef>,
    /// True when the cell is a formula without a cached value (`formula-not-computed`).
    #[serde(default)]
    pub uncomputed: bool,
}

impl Figure {
    /// A figure with a value (or none) at a known cell.
    pub fn new(value: Option<Decimal>, cell: CellRef) -> Self {
        Figure {
            value,
            cell: Some(cell),
            uncomputed: false,
        }
    }
}

/// A stated text field and where it sits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// The text with surrounding whitespace trimmed; empty when the cell is empty.
    pub text: String,
    /// The cell holding it; `None` when the table has no place for it.
    pub cell: Option<CellRef>,
    /// True when the cell is a formula without a cached value (`formula-not-computed`); the
    /// text is then empty.
    #[serde(default)]
    pub uncomputed: bool,
}

impl Text {
    /// A text at a known cell.
    pub fn new(text: impl Into<String>, cell: CellRef) -> Self {
        Text {
            text: text.into(),
            cell: Some(cell),
            uncomputed: false,
        }
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// One row of the fund block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundRow {
    /// The label as written (`其中：当年财政拨款`), whitespace removed.
    pub label: String,
    /// What the row stands for.
    pub role: FundRole,
    /// The label's cell.
    pub cell: CellRef,
    /// 年初预算数.
    pub initial: Figure,
    /// 全年预算数.
    pub budget: Figure,
    /// 全年执行数.
    pub executed: Figure,
}

/// The fund block (项目资金 / 部门预算资金 / 资金投入情况).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Funds {
    /// The unit written in the block's header; amounts in `rows` are already in 万元.
    pub source_unit: AmountUnit,
    /// The rows in sheet order; captions (`按收入性质分：`) are not rows.
    pub rows: Vec<FundRow>,
}

impl Funds {
    /// The first row with the given role.
    pub fn row(&self, role: FundRole) -> Option<&FundRow> {
        self.rows.iter().find(|r| r.role == role)
    }
}

/// The stated execution figures on the 年度资金总额 row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Execution {
    /// 分值 of execution (normally 10).
    pub weight: Figure,
    /// Stated 执行率 as a fraction (0.9608), whatever form the sheet used.
    pub rate: Figure,
    /// Stated 得分.
    pub score: Figure,
    /// The reason given for the execution rate, where the form has a column for it
    /// (Sichuan 原因); empty otherwise.
    #[serde(default)]
    pub reason: Text,
}

/// One line of 年度总体目标: what was planned and what was achieved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Goal {
    /// 预期目标.
    pub target: Text,
    /// 实际完成情况.
    pub outcome: Text,
}

/// One indicator row (三级指标) of the indicator block.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Indicator {
    /// One-based sheet row.
    pub row: u32,
    /// 一级指标 without any weight suffix (`产出指标`).
    pub level1: String,
    /// The cell of the 一级 label (top cell of its merge).
    pub level1_cell: Option<CellRef>,
    /// A weight written into the 一级 label (`产出指标(50分)`), if any.
    pub level1_weight: Option<Decimal>,
    /// 二级指标.
    pub level2: String,
    /// 三级指标.
    pub name: Text,
    /// 年度指标值, as written; when the sheet has separate operator and unit columns the
    /// reader joins them into one text (`≥` + `5500` + `个` → `≥5500个`).
    pub target: Text,
    /// 实际完成值, as written (a number cell is written out as its decimal text).
    pub actual: Text,
    /// 分值.
    pub weight: Figure,
    /// Stated 得分.
    pub score: Figure,
    /// 偏差原因分析及改进措施.
    pub reason: Text,
}

/// The 总分 row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Total {
    /// The 总分 分值 (normally 100).
    pub weight: Figure,
    /// The stated 总分 得分.
    pub score: Figure,
}

/// A grade (自评等级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    /// 优 (≥ 90 by default).
    #[serde(rename = "优")]
    Excellent,
    /// 良 (≥ 80).
    #[serde(rename = "良")]
    Good,
    /// 中 (≥ 60).
    #[serde(rename = "中")]
    Fair,
    /// 差.
    #[serde(rename = "差")]
    Poor,
}

impl Grade {
    /// All grades from best to worst.
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// The Chinese character.
    ///
    /// ```
    /// assert_eq!(selfeval::model::Grade::Good.as_str(), "良");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// Parses `优`, `良`, `中`, `差` (also `优秀`, `良好`, `合格`/`中等`, `较差`/`不合格`).
    pub fn parse(s: &str) -> Option<Grade> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        match t.as_str() {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "中等" | "合格" | "一般" => Some(Grade::Fair),
            "差" | "较差" | "不合格" => Some(Grade::Poor),
            _ => None,
        }
    }
}

/// One self-evaluation table as the unit stated it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Which of the three tables.
    pub kind: TableKind,
    /// The sheet it was found in.
    pub sheet: String,
    /// The title cell, or the first label cell when the title is missing.
    pub title_cell: CellRef,
    /// The year (from `（2021年度）` or a year before the title), if stated.
    pub year: Option<i32>,
    /// The cell the year was read from (the title, or its year line).
    #[serde(default)]
    pub year_cell: Option<CellRef>,
    /// 项目名称 / 部门（单位）名称 / 转移支付（项目）名称.
    pub name: Text,
    /// 主管部门 / 上级主管部门; empty for a department table.
    pub department: Text,
    /// 项目编码, where the form has the field (templates.md §8: matching a declaration).
    #[serde(default)]
    pub code: Option<Text>,
    /// 实施单位 / 资金使用单位; for a department table the 部门（单位）名称.
    pub unit: Text,
    /// The fund block.
    pub funds: Funds,
    /// Stated execution figures of the 年度资金总额 row.
    pub execution: Execution,
    /// 年度总体目标, one entry per goal row.
    pub goals: Vec<Goal>,
    /// The indicator rows in sheet order.
    pub indicators: Vec<Indicator>,
    /// The 总分 row.
    pub total: Total,
    /// A stated 自评等级 and its cell, when the table has one.
    pub grade_stated: Option<(Grade, CellRef)>,
    /// An unfilled table (`table-blank`): no fund amount, no indicator actual and no
    /// score. It gets no other finding.
    #[serde(default)]
    pub blank: bool,
    /// The form has no 分值 and no 得分 at all — the Ministry of Finance's regional transfer
    /// form (`指标值 | 全年实际完成值 | 未完成原因和改进措施`): nothing was weighed or scored,
    /// so nothing about weights, scores, the total or the grade applies; its money, rates
    /// and targets against actuals are still checked (docs/scoring.md).
    #[serde(default)]
    pub unscored: bool,
}

impl Table {
    /// Whether the table has no reviewed score or grade to show: an unfilled table
    /// (`table-blank`: reported as blank, never 差 with 0 分, reports.md "A blank table")
    /// or a form that scores nothing ([`Table::unscored`]). One answer for every output.
    pub fn ungraded(&self) -> bool {
        self.blank || self.unscored
    }

    /// An empty table of a kind, for building by hand (tests, the template writer).
    pub fn empty(kind: TableKind, sheet: impl Into<String>) -> Self {
        Table {
            kind,
            sheet: sheet.into(),
            title_cell: CellRef::default(),
            year: None,
            year_cell: None,
            name: Text::default(),
            department: Text::default(),
            code: None,
            unit: Text::default(),
            funds: Funds::default(),
            execution: Execution::default(),
            goals: Vec::new(),
            indicators: Vec::new(),
            total: Total::default(),
            grade_stated: None,
            blank: false,
            unscored: false,
        }
    }

    /// A copy without the indicator and goal rows (the light copy a large run keeps).
    pub fn clone_without_rows(&self) -> Table {
        Table {
            kind: self.kind,
            sheet: self.sheet.clone(),
            title_cell: self.title_cell,
            year: self.year,
            year_cell: self.year_cell,
            name: self.name.clone(),
            department: self.department.clone(),
            code: self.code.clone(),
            unit: self.unit.clone(),
            funds: self.funds.clone(),
            execution: self.execution.clone(),
            goals: Vec::new(),
            indicators: Vec::new(),
            total: self.total,
            grade_stated: self.grade_stated,
            blank: self.blank,
            unscored: self.unscored,
        }
    }

    /// The 年度资金总额 row, if the table has one.
    pub fn total_row(&self) -> Option<&FundRow> {
        self.funds.row(FundRole::Total)
    }
}
