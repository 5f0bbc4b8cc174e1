//! The canonical layout of a self-evaluation table (templates.md §1–3), written onto a
//! worksheet from a [`Table`] — blank (a template to fill in) or filled (a re-laid table, a
//! fixture, a benchmark corpus).
//!
//! [`layout_table`] writes every label, merge, figure and formula and returns a
//! [`LayoutMap`] saying where it put each field, so tests and later code never hard-code a
//! cell. Text is always written as text (a cell starting with `=` stays a string); numbers are
//! written as numbers, converted from [`Decimal`] only here at the boundary.
//!
//! ```
//! use selfeval::model::{Table, TableKind};
//! use selfeval::write::layout::{layout_table, LayoutOptions};
//! let mut wb = rust_xlsxwriter::Workbook::new();
//! let ws = wb.add_worksheet();
//! let table = Table::empty(TableKind::Project, "项目");
//! let map = layout_table(ws, &table, &LayoutOptions::template(TableKind::Project, Some(2021)))?;
//! assert_eq!(map.name.to_string(), "C4");
//! assert_eq!(map.funds[0].budget.to_string(), "F7");
//! # Ok::<(), anyhow::Error>(())
//! ```

use crate::model::{CellRef, Figure, FundRole, Table, TableKind, Text};
use crate::score::Review;
use crate::write::style::{self, Styles};
use anyhow::{Context, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, ProtectionOptions, Workbook,
    Worksheet,
};
use std::borrow::Cow;
use std::collections::HashSet;

/// The 分值 of budget execution (预算执行率) in both schemes.
pub const EXECUTION_WEIGHT: u32 = 10;
/// The 分值 of the 总分 row.
pub const TOTAL_WEIGHT: u32 = 100;
/// The three qualitative levels offered in the 实际完成值 dropdown.
pub const LEVELS: [&str; 3] = [
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
];
/// The name of the hidden sheet holding the 二级指标 dropdown list.
pub const LISTS_SHEET: &str = "下拉选项";

/// The column of the reviewed score (复核得分), right of the canonical A–K.
pub const REVIEWED_COL: u32 = 11;

// Canonical columns (zero-based).
const A: u32 = 0;
const B: u32 = 1;
const C: u32 = 2;
const D: u32 = 3;
const E: u32 = 4;
const F: u32 = 5;
const G: u32 = 6;
const H: u32 = 7;
const I: u32 = 8;
const J: u32 = 9;
const K: u32 = 10;

/// Column widths of the canonical layout (A–K, then the reviewed column), as in the
/// ministry's exported form.
const BASE_WIDTHS: [f64; 12] = [
    10.0, 12.0, 14.0, 14.0, 12.0, 14.0, 14.0, 8.0, 8.0, 10.0, 18.0, 10.0,
];

/// One 一级 category of an indicator scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// 一级指标 name.
    pub name: &'static str,
    /// Default 分值.
    pub weight: u32,
    /// The usual 二级指标 names.
    pub level2: &'static [&'static str],
    /// Blank indicator rows a template gives it.
    pub blank_rows: usize,
}

impl Category {
    /// The label a template shows: `产出指标（50分）`.
    pub fn label(&self) -> String {
        format!("{}（{}分）", self.name, self.weight)
    }
}

const PROJECT_SCHEME: [Category; 3] = [
    Category {
        name: "产出指标",
        weight: 50,
        level2: &["数量指标", "质量指标", "时效指标", "成本指标"],
        blank_rows: 8,
    },
    Category {
        name: "效益指标",
        weight: 30,
        level2: &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
        blank_rows: 6,
    },
    Category {
        name: "满意度指标",
        weight: 10,
        level2: &["服务对象满意度指标"],
        blank_rows: 2,
    },
];

// The 二级 names of the management scheme are those of the attached 2021 report and the
// sample department table; templates.md names only the 一级 categories.
const MANAGEMENT_SCHEME: [Category; 4] = [
    Category {
        name: "部门管理",
        weight: 20,
        level2: &[
            "资金投入",
            "财务管理",
            "采购管理",
            "资产管理",
            "人员管理",
            "重点工作管理",
        ],
        blank_rows: 7,
    },
    Category {
        name: "履职效果",
        weight: 50,
        level2: &[
            "数量",
            "质量",
            "时效",
            "成本",
            "经济效益",
            "社会效益",
            "生态效益",
            "可持续影响",
            "部门效果目标",
            "社会影响",
        ],
        blank_rows: 8,
    },
    Category {
        name: "能力建设",
        weight: 10,
        level2: &[
            "长效管理",
            "组织建设",
            "信息化建设情况",
            "人力资源建设",
            "档案管理",
        ],
        blank_rows: 5,
    },
    Category {
        name: "服务对象满意度",
        weight: 10,
        level2: &["服务对象满意度指标"],
        blank_rows: 2,
    },
];

/// The 一级 indicator scheme of a table (scoring.md, "Weights").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Scheme {
    /// 产出指标 50, 效益指标 30, 满意度指标 10.
    Project,
    /// 部门管理 20, 履职效果 50, 能力建设 10, 服务对象满意度 10.
    Management,
}

impl Scheme {
    /// The default scheme of a kind: management for department tables, project otherwise.
    ///
    /// ```
    /// use selfeval::model::TableKind;
    /// use selfeval::write::layout::Scheme;
    /// assert_eq!(Scheme::default_for(TableKind::Department), Scheme::Management);
    /// assert_eq!(Scheme::default_for(TableKind::Transfer), Scheme::Project);
    /// ```
    pub fn default_for(kind: TableKind) -> Scheme {
        match kind {
            TableKind::Department => Scheme::Management,
            TableKind::Project | TableKind::Transfer => Scheme::Project,
        }
    }

    /// The scheme's categories in sheet order; their weights plus the execution weight
    /// add up to 100.
    pub fn categories(self) -> &'static [Category] {
        match self {
            Scheme::Project => &PROJECT_SCHEME,
            Scheme::Management => &MANAGEMENT_SCHEME,
        }
    }

    /// Every 二级 name offered in the dropdown: this scheme's first, then the other's,
    /// without repeats.
    pub fn level2_names(self) -> Vec<&'static str> {
        let other = match self {
            Scheme::Project => Scheme::Management,
            Scheme::Management => Scheme::Project,
        };
        let mut out: Vec<&'static str> = Vec::new();
        for cat in self.categories().iter().chain(other.categories()) {
            for name in cat.level2 {
                if !out.contains(name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// How to lay a table out.
#[derive(Debug, Clone)]
pub struct LayoutOptions<'a> {
    /// The year in the title; `None` uses the table's own, else leaves a blank to fill.
    pub year: Option<i32>,
    /// The 一级 scheme of the blank indicator rows (used only when the table has none).
    pub scheme: Scheme,
    /// Blank indicator rows per category when the table has no indicators; `None` uses each
    /// category's default ([`Category::blank_rows`]).
    pub blank_rows: Option<usize>,
    /// Reviewed figures: when present a `复核得分` column is added right of K.
    pub review: Option<&'a Review>,
    /// Cells of the *source* sheet (the `cell` of the table's figures and texts) to
    /// highlight; each is highlighted where its figure lands in the new layout.
    pub highlight: &'a [CellRef],
    /// Protect the sheet (no password); input cells stay unlocked.
    pub protect: bool,
    /// Write 执行率, the execution 得分 and 总分 as formulas (with cached results) instead
    /// of the stated values.
    pub formulas: bool,
    /// Add the 一级 / 二级 / qualitative-level dropdowns. The 二级 list refers to the hidden
    /// sheet [`LISTS_SHEET`]: call [`add_lists_sheet`] on the same workbook.
    pub dropdowns: bool,
}

impl LayoutOptions<'static> {
    /// Options for a blank template: protected, formulas, dropdowns, the kind's default
    /// scheme.
    pub fn template(kind: TableKind, year: Option<i32>) -> Self {
        LayoutOptions {
            year,
            scheme: Scheme::default_for(kind),
            blank_rows: None,
            review: None,
            highlight: &[],
            protect: true,
            formulas: true,
            dropdowns: true,
        }
    }

    /// Options for writing a filled table as stated: values, no protection, no dropdowns.
    pub fn stated(kind: TableKind) -> Self {
        LayoutOptions {
            year: None,
            scheme: Scheme::default_for(kind),
            blank_rows: None,
            review: None,
            highlight: &[],
            protect: false,
            formulas: false,
            dropdowns: false,
        }
    }
}

/// Where one fund row's fields were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundCells {
    /// What the row stands for.
    pub role: FundRole,
    /// The label (C, merged C:D).
    pub label: CellRef,
    /// 年初预算数 (E).
    pub initial: CellRef,
    /// 全年预算数 (F).
    pub budget: CellRef,
    /// 全年执行数 (G).
    pub executed: CellRef,
    /// 执行率 (I, merged I:J).
    pub rate: CellRef,
}

/// Where the execution figures (the 年度资金总额 row) were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecutionCells {
    /// 分值 (H).
    pub weight: CellRef,
    /// 执行率 (I).
    pub rate: CellRef,
    /// 得分 (K).
    pub score: CellRef,
    /// 复核得分 (L), when a review was given.
    pub reviewed: Option<CellRef>,
}

/// Where one goal was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalCells {
    /// 预期目标 (B, merged B:F).
    pub target: CellRef,
    /// 实际完成情况 (G, merged G:K).
    pub outcome: CellRef,
}

/// Where one indicator row's fields were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorCells {
    /// Zero-based sheet row.
    pub row: u32,
    /// 一级指标 (B; the top cell of its merge).
    pub level1: CellRef,
    /// 二级指标 (C; the top cell of its merge).
    pub level2: CellRef,
    /// 三级指标 (D, merged D:E).
    pub name: CellRef,
    /// 年度指标值 (F).
    pub target: CellRef,
    /// 实际完成值 (G).
    pub actual: CellRef,
    /// 分值 (H).
    pub weight: CellRef,
    /// 得分 (I).
    pub score: CellRef,
    /// 偏差原因分析及改进措施 (J, merged J:K).
    pub reason: CellRef,
    /// 复核得分 (L), when a review was given.
    pub reviewed: Option<CellRef>,
}

/// Where the 总分 row's fields were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotalCells {
    /// The `总分` label (A, merged A:G).
    pub label: CellRef,
    /// 分值 (H).
    pub weight: CellRef,
    /// 得分 (I).
    pub score: CellRef,
    /// 复核得分 (L), when a review was given.
    pub reviewed: Option<CellRef>,
}

/// Where [`layout_table`] put every field. All cells are zero-based; merged fields give
/// the top-left cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutMap {
    /// The title (A1).
    pub title: CellRef,
    /// The year line (A2).
    pub year: CellRef,
    /// The value of 项目名称 / 部门（单位）名称 / 转移支付（项目）名称.
    pub name: CellRef,
    /// The value of 主管部门 / 上级主管部门 (not in department tables).
    pub department: Option<CellRef>,
    /// The value of 实施单位 / 资金使用单位 (not in department tables).
    pub unit: Option<CellRef>,
    /// The fund block's header label (项目资金（万元） …), top-left of its merge.
    pub fund_header: CellRef,
    /// The fund rows in sheet order (caption rows excluded).
    pub funds: Vec<FundCells>,
    /// The label cells of caption rows (`按收入性质分：`).
    pub captions: Vec<CellRef>,
    /// The execution figures.
    pub execution: ExecutionCells,
    /// The `年度总体目标` label.
    pub goals_header: CellRef,
    /// One entry per goal row.
    pub goals: Vec<GoalCells>,
    /// The `绩效指标` label.
    pub indicator_header: CellRef,
    /// One entry per indicator row.
    pub indicators: Vec<IndicatorCells>,
    /// The 总分 row.
    pub total: TotalCells,
    /// Every cell holding a formula.
    pub formulas: Vec<CellRef>,
    /// The last column written (K, or L with a review).
    pub last_col: u32,
}

impl LayoutMap {
    /// The zero-based row of the 总分 row, which is the table's last.
    pub fn last_row(&self) -> u32 {
        self.total.label.row
    }
}

/// A line of the fund block: a row with figures or a caption.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FundLine {
    Row(FundRole, String),
    Caption(&'static str),
}

/// The fund block's header label of a kind.
pub fn fund_header_label(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Project => "项目资金（万元）",
        TableKind::Department => "部门预算资金（万元）",
        TableKind::Transfer => "资金投入情况（万元）",
    }
}

/// The canonical fund rows of a kind: label and role, captions as `None`.
pub fn canonical_fund_rows(kind: TableKind) -> Vec<(Option<FundRole>, &'static str)> {
    use FundRole::*;
    match kind {
        TableKind::Project => vec![
            (Some(Total), "年度资金总额"),
            (Some(Appropriation), "其中：当年财政拨款"),
            (Some(Carryover), "上年结转资金"),
            (Some(Other), "其他资金"),
        ],
        TableKind::Department => vec![
            (Some(Total), "年度资金总额"),
            (None, "按收入性质分："),
            (Some(Appropriation), "其中：财政拨款"),
            (Some(Carryover), "上年结转资金"),
            (Some(Other), "其他资金"),
            (None, "按支出性质分："),
            (Some(Basic), "其中：基本支出"),
            (Some(Project), "项目支出"),
        ],
        TableKind::Transfer => vec![
            (Some(Total), "年度资金总额"),
            (Some(Central), "其中：中央补助"),
            (Some(Provincial), "省级资金"),
            (Some(Local), "市县资金"),
            (Some(Other), "其他资金"),
        ],
    }
}

/// The canonical lines plus any row of the table whose role the kind does not list
/// (kept after them under its own label, so no stated figure is dropped).
fn fund_lines(table: &Table) -> Vec<FundLine> {
    let canon = canonical_fund_rows(table.kind);
    let mut lines: Vec<FundLine> = canon
        .iter()
        .map(|(role, label)| match role {
            Some(r) => FundLine::Row(*r, (*label).to_string()),
            None => FundLine::Caption(label),
        })
        .collect();
    for row in &table.funds.rows {
        if !canon.iter().any(|(r, _)| *r == Some(row.role)) {
            lines.push(FundLine::Row(row.role, row.label.clone()));
        }
    }
    lines
}

/// A formula's cached result. (rust_xlsxwriter stores an empty result as 0, so a formula
/// that yields no number yields `—`, as the canonical form writes it.)
enum Cached {
    Num(Decimal),
    Dash,
}

/// Writes cells with the highlight rule applied; knows nothing of the table's shape.
struct Painter<'w> {
    ws: &'w mut Worksheet,
    highlight: HashSet<CellRef>,
    formulas: Vec<CellRef>,
}

fn col16(c: u32) -> u16 {
    // The layout never goes past column L.
    c as u16
}

/// A Decimal as the f64 written to the file (the only place money becomes binary).
fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

impl Painter<'_> {
    fn fmt<'f>(&self, f: &'f Format, src: Option<CellRef>) -> Cow<'f, Format> {
        match src {
            Some(c) if self.highlight.contains(&c) => Cow::Owned(style::highlighted(f)),
            _ => Cow::Borrowed(f),
        }
    }

    /// Writes a text (never a formula) or a formatted blank, merged when the range is
    /// larger than one cell.
    fn text(&mut self, r: u32, c1: u32, r2: u32, c2: u32, s: &str, f: &Format) -> Result<()> {
        if r != r2 || c1 != c2 {
            self.ws
                .merge_range(r, col16(c1), r2, col16(c2), s, f)
                .with_context(|| format!("merging {}", CellRef::new(r, c1)))?;
        } else if s.is_empty() {
            self.ws.write_blank(r, col16(c1), f)?;
        } else {
            self.ws.write_string_with_format(r, col16(c1), s, f)?;
        }
        Ok(())
    }

    /// Writes a number or, without one, a formatted blank.
    fn number(&mut self, r: u32, c1: u32, c2: u32, v: Option<Decimal>, f: &Format) -> Result<()> {
        // A single cell is written once (each write costs a format lookup); a merged range
        // is laid first and its top-left cell then overwritten.
        if c1 != c2 || v.is_none() {
            self.text(r, c1, r, c2, "", f)?;
        }
        if let Some(v) = v {
            self.ws
                .write_number_with_format(r, col16(c1), to_f64(v), f)?;
        }
        Ok(())
    }

    fn formula(
        &mut self,
        r: u32,
        c1: u32,
        c2: u32,
        formula: &str,
        cached: Cached,
        f: &Format,
    ) -> Result<()> {
        if c1 != c2 {
            self.text(r, c1, r, c2, "", f)?;
        }
        let result = match cached {
            Cached::Num(d) => format!("{}", to_f64(d)),
            Cached::Dash => "—".to_string(),
        };
        self.ws.write_formula_with_format(
            r,
            col16(c1),
            Formula::new(formula).set_result(result),
            f,
        )?;
        self.formulas.push(CellRef::new(r, c1));
        Ok(())
    }
}

/// `executed / budget`, as a spreadsheet computes `IF(F>0,G/F,"—")` (an empty cell is 0).
fn exec_rate(budget: Option<Decimal>, executed: Option<Decimal>) -> Option<Decimal> {
    let b = budget?;
    if b <= Decimal::ZERO {
        return None;
    }
    executed.unwrap_or(Decimal::ZERO).checked_div(b)
}

/// `ROUND(MIN(rate,1)*weight,2)`, half away from zero like the spreadsheet ROUND.
fn exec_score(rate: Option<Decimal>, weight: Option<Decimal>) -> Decimal {
    match rate {
        Some(r) => (r.min(Decimal::ONE) * weight.unwrap_or(Decimal::ZERO))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        None => Decimal::ZERO,
    }
}

fn a1(r: u32, c: u32) -> String {
    CellRef::new(r, c).to_string()
}

/// Lays `table` out on `ws` in the canonical layout and returns where every field went.
///
/// A table without indicators gets blank indicator rows per category of `opts.scheme`, and
/// one blank goal row (three for a department table) when it has no goals — this is how the
/// template is made: `layout_table(ws, &Table::empty(kind, ..), &LayoutOptions::template(..))`.
pub fn layout_table(ws: &mut Worksheet, table: &Table, opts: &LayoutOptions) -> Result<LayoutMap> {
    let st = Styles::new();
    let kind = table.kind;
    let reviewed = opts.review;
    let last_col = if reviewed.is_some() { REVIEWED_COL } else { K };
    let mut p = Painter {
        ws,
        highlight: opts.highlight.iter().copied().collect(),
        formulas: Vec::new(),
    };
    let src_text = |t: &Text| t.cell;
    let src_fig = |f: &Figure| f.cell;

    // Title and year.
    p.ws.set_row_height(0, 30)?;
    p.text(0, A, 0, last_col, kind.title(), &st.title)?;
    let year = opts.year.or(table.year);
    let year_text = match year {
        Some(y) => format!("（{y}年度）"),
        None => "（    年度）".to_string(),
    };
    p.text(1, A, 1, last_col, &year_text, &st.subtitle)?;

    // Header block.
    let (name_label, dept_label, unit_label) = match kind {
        TableKind::Project => ("项目名称", "主管部门", "实施单位"),
        TableKind::Transfer => ("转移支付（项目）名称", "上级主管部门", "资金使用单位"),
        TableKind::Department => ("部门（单位）名称", "", ""),
    };
    let name_text = if kind == TableKind::Department && table.name.is_empty() {
        &table.unit
    } else {
        &table.name
    };
    p.text(3, A, 3, B, name_label, &st.label)?;
    let f = p.fmt(&st.text_input, src_text(name_text));
    p.text(3, C, 3, last_col, &name_text.text, &f)?;
    let (department, unit, fund_top) = if kind == TableKind::Department {
        (None, None, 4)
    } else {
        p.text(4, A, 4, B, dept_label, &st.label)?;
        let f = p.fmt(&st.text_input, src_text(&table.department));
        p.text(4, C, 4, E, &table.department.text, &f)?;
        p.text(4, F, 4, F, unit_label, &st.label)?;
        let f = p.fmt(&st.text_input, src_text(&table.unit));
        p.text(4, G, 4, last_col, &table.unit.text, &f)?;
        (Some(CellRef::new(4, C)), Some(CellRef::new(4, G)), 5)
    };
    for r in 3..fund_top {
        p.ws.set_row_height(r, style::row_height(1))?;
    }

    // Fund block.
    let lines = fund_lines(table);
    let fund_last = fund_top + lines.len() as u32;
    p.text(
        fund_top,
        A,
        fund_last,
        B,
        fund_header_label(kind),
        &st.label,
    )?;
    p.text(fund_top, C, fund_top, D, "", &st.label)?;
    for (c, label) in [
        (E, "年初预算数"),
        (F, "全年预算数"),
        (G, "全年执行数"),
        (H, "分值"),
    ] {
        p.text(fund_top, c, fund_top, c, label, &st.label)?;
    }
    p.text(fund_top, I, fund_top, J, "执行率", &st.label)?;
    p.text(fund_top, K, fund_top, K, "得分", &st.label)?;
    if reviewed.is_some() {
        p.text(
            fund_top,
            REVIEWED_COL,
            fund_top,
            REVIEWED_COL,
            "复核得分",
            &st.reviewed_label,
        )?;
    }
    p.ws.set_row_height(fund_top, style::row_height(1))?;

    // Only a wholly blank table (a template) gets the default execution weight; a read
    // table keeps what it stated, even nothing.
    let is_template = table.funds.rows.is_empty() && table.indicators.is_empty();
    let exec_weight = table
        .execution
        .weight
        .value
        .or(is_template.then(|| Decimal::from(EXECUTION_WEIGHT)));
    let mut funds = Vec::new();
    let mut captions = Vec::new();
    let mut execution = None;
    for (i, line) in lines.iter().enumerate() {
        let r = fund_top + 1 + i as u32;
        p.ws.set_row_height(r, style::row_height(1))?;
        let (role, label) = match line {
            FundLine::Caption(label) => {
                p.text(r, C, r, D, label, &st.label_left)?;
                for c in [E, F, G, H, K] {
                    p.text(r, c, r, c, "", &st.dash)?;
                }
                p.text(r, I, r, J, "", &st.dash)?;
                if reviewed.is_some() {
                    p.text(r, REVIEWED_COL, r, REVIEWED_COL, "", &st.dash)?;
                }
                captions.push(CellRef::new(r, C));
                continue;
            }
            FundLine::Row(role, label) => (*role, label),
        };
        let stated = table.funds.row(role);
        let f = p.fmt(&st.label_left, stated.map(|s| s.cell));
        p.text(r, C, r, D, label, &f)?;
        let figs = [
            (E, stated.map(|s| s.initial)),
            (F, stated.map(|s| s.budget)),
            (G, stated.map(|s| s.executed)),
        ];
        for (c, fig) in figs {
            let f = p.fmt(&st.amount_input, fig.as_ref().and_then(src_fig));
            p.number(r, c, c, fig.and_then(|x| x.value), &f)?;
        }
        let budget = stated.and_then(|s| s.budget.value);
        let executed = stated.and_then(|s| s.executed.value);
        let rate = exec_rate(budget, executed);
        let is_total = role == FundRole::Total && execution.is_none();

        // 执行率.
        let rate_src = if is_total {
            table.execution.rate.cell
        } else {
            None
        };
        let f = p.fmt(&st.rate, rate_src);
        if opts.formulas {
            let formula = format!("IF({b}>0,{g}/{b},\"—\")", b = a1(r, F), g = a1(r, G));
            let cached = rate.map_or(Cached::Dash, Cached::Num);
            p.formula(r, I, J, &formula, cached, &f)?;
        } else if is_total {
            p.number(r, I, J, table.execution.rate.value, &f)?;
        } else if let Some(v) = rate {
            // Source rows carry no stated rate in the model; show the computed one.
            p.number(r, I, J, Some(v), &f)?;
        } else {
            p.text(r, I, r, J, "—", &f)?;
        }

        if is_total {
            let f = p.fmt(&st.weight_input, table.execution.weight.cell);
            p.number(r, H, H, exec_weight, &f)?;
            let f = p.fmt(&st.score, table.execution.score.cell);
            if opts.formulas {
                let formula = format!(
                    "IF({b}>0,ROUND(MIN({g}/{b},1)*{h},2),0)",
                    b = a1(r, F),
                    g = a1(r, G),
                    h = a1(r, H)
                );
                let cached = Cached::Num(exec_score(rate, exec_weight));
                p.formula(r, K, K, &formula, cached, &f)?;
            } else {
                p.number(r, K, K, table.execution.score.value, &f)?;
            }
            let reviewed_cell = match reviewed {
                Some(rv) => {
                    p.number(
                        r,
                        REVIEWED_COL,
                        REVIEWED_COL,
                        Some(rv.execution.score),
                        &st.reviewed,
                    )?;
                    Some(CellRef::new(r, REVIEWED_COL))
                }
                None => None,
            };
            execution = Some(ExecutionCells {
                weight: CellRef::new(r, H),
                rate: CellRef::new(r, I),
                score: CellRef::new(r, K),
                reviewed: reviewed_cell,
            });
        } else {
            p.text(r, H, r, H, "—", &st.dash)?;
            p.text(r, K, r, K, "—", &st.dash)?;
            if reviewed.is_some() {
                p.text(r, REVIEWED_COL, r, REVIEWED_COL, "", &st.dash)?;
            }
        }
        funds.push(FundCells {
            role,
            label: CellRef::new(r, C),
            initial: CellRef::new(r, E),
            budget: CellRef::new(r, F),
            executed: CellRef::new(r, G),
            rate: CellRef::new(r, I),
        });
    }
    let execution = execution.context("the fund block has no 年度资金总额 row")?;
    let exec_score_value = if opts.formulas {
        // What the score formula computes from the figures just written.
        let total = table.total_row();
        let rate = exec_rate(
            total.and_then(|x| x.budget.value),
            total.and_then(|x| x.executed.value),
        );
        exec_score(rate, exec_weight)
    } else {
        table.execution.score.value.unwrap_or(Decimal::ZERO)
    };

    // Goals block.
    let goal_top = fund_last + 1;
    let blank_goals = if kind == TableKind::Department { 3 } else { 1 };
    let n_goals = if table.goals.is_empty() {
        blank_goals
    } else {
        table.goals.len()
    };
    p.text(
        goal_top,
        A,
        goal_top + n_goals as u32,
        A,
        "年度总体目标",
        &st.label,
    )?;
    p.text(goal_top, B, goal_top, F, "预期目标", &st.label)?;
    p.text(goal_top, G, goal_top, K, "实际完成情况", &st.label)?;
    if reviewed.is_some() {
        p.text(
            goal_top,
            REVIEWED_COL,
            goal_top + n_goals as u32,
            REVIEWED_COL,
            "",
            &st.dash,
        )?;
    }
    p.ws.set_row_height(goal_top, style::row_height(1))?;
    let left_width: f64 = BASE_WIDTHS[B as usize..=F as usize].iter().sum();
    let right_width: f64 = BASE_WIDTHS[G as usize..=K as usize].iter().sum();
    let mut goals = Vec::new();
    for i in 0..n_goals {
        let r = goal_top + 1 + i as u32;
        let goal = table.goals.get(i);
        let (target, outcome) = match goal {
            Some(g) => (g.target.clone(), g.outcome.clone()),
            None => (Text::default(), Text::default()),
        };
        let f = p.fmt(&st.text_input, target.cell);
        p.text(r, B, r, F, &target.text, &f)?;
        let f = p.fmt(&st.text_input, outcome.cell);
        p.text(r, G, r, K, &outcome.text, &f)?;
        let lines = style::wrapped_lines(&target.text, left_width)
            .max(style::wrapped_lines(&outcome.text, right_width))
            .max(if goal.is_none() { 4 } else { 1 });
        p.ws.set_row_height(r, style::row_height(lines))?;
        goals.push(GoalCells {
            target: CellRef::new(r, B),
            outcome: CellRef::new(r, G),
        });
    }

    // Indicator block.
    let ind_top = goal_top + n_goals as u32 + 1;
    let widths = column_widths(table, opts);
    let rows = indicator_rows(table, opts);
    let n_rows = rows.len().max(1) as u32;
    let ind_last = ind_top + n_rows;
    p.text(ind_top, A, ind_last, A, "绩效指标", &st.label)?;
    let headers = [
        (B, B, "一级指标"),
        (C, C, "二级指标"),
        (D, E, "三级指标"),
        (F, F, "年度指标值"),
        (G, G, "实际完成值"),
        (H, H, "分值"),
        (I, I, "得分"),
        (J, K, "偏差原因分析及改进措施"),
    ];
    for (c1, c2, label) in headers {
        p.text(ind_top, c1, ind_top, c2, label, &st.label)?;
    }
    if reviewed.is_some() {
        p.text(
            ind_top,
            REVIEWED_COL,
            ind_top,
            REVIEWED_COL,
            "复核得分",
            &st.reviewed_label,
        )?;
    }
    p.ws.set_row_height(ind_top, style::row_height(2))?;

    let mut indicators = Vec::new();
    let mut score_sum = Decimal::ZERO;
    let first = ind_top + 1;
    // 一级 and 二级 merges: runs of equal non-empty labels.
    for (start, end) in runs(&rows, |r| r.level1.clone()) {
        let row = &rows[start];
        let f = p.fmt(&st.choice_input, row.level1_src);
        p.text(
            first + start as u32,
            B,
            first + end as u32,
            B,
            &row.level1,
            &f,
        )?;
    }
    for (start, end) in runs(&rows, |r| {
        if r.level2.is_empty() {
            String::new()
        } else {
            format!("{}\u{0}{}", r.level1, r.level2)
        }
    }) {
        let row = &rows[start];
        p.text(
            first + start as u32,
            C,
            first + end as u32,
            C,
            &row.level2,
            &st.choice_input,
        )?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = first + i as u32;
        let ind = row.source;
        let text = |t: Option<&Text>| t.map(|t| t.text.clone()).unwrap_or_default();
        let cell = |t: Option<&Text>| t.and_then(|t| t.cell);
        let name = ind.map(|x| &x.name);
        let target = ind.map(|x| &x.target);
        let actual = ind.map(|x| &x.actual);
        let reason = ind.map(|x| &x.reason);
        let f = p.fmt(&st.text_input, cell(name));
        p.text(r, D, r, E, &text(name), &f)?;
        let f = p.fmt(&st.text_input, cell(target));
        p.text(r, F, r, F, &text(target), &f)?;
        let f = p.fmt(&st.text_input, cell(actual));
        p.text(r, G, r, G, &text(actual), &f)?;
        let weight = ind.map(|x| x.weight);
        let f = p.fmt(&st.weight_input, weight.as_ref().and_then(src_fig));
        p.number(r, H, H, weight.and_then(|w| w.value), &f)?;
        let score = ind.map(|x| x.score);
        let f = p.fmt(&st.score_input, score.as_ref().and_then(src_fig));
        p.number(r, I, I, score.and_then(|s| s.value), &f)?;
        score_sum += score.and_then(|s| s.value).unwrap_or(Decimal::ZERO);
        let f = p.fmt(&st.text_input, cell(reason));
        p.text(r, J, r, K, &text(reason), &f)?;
        let reviewed_cell = match reviewed {
            Some(rv) => {
                let v = rv.indicators.get(i).and_then(|x| x.score);
                p.number(r, REVIEWED_COL, REVIEWED_COL, v, &st.reviewed)?;
                Some(CellRef::new(r, REVIEWED_COL))
            }
            None => None,
        };
        let lines = [
            (text(name), widths[D as usize] + widths[E as usize]),
            (text(target), widths[F as usize]),
            (text(actual), widths[G as usize]),
            (text(reason), widths[J as usize] + widths[K as usize]),
        ]
        .iter()
        .map(|(t, w)| style::wrapped_lines(t, *w))
        .max()
        .unwrap_or(1);
        p.ws.set_row_height(r, style::row_height(lines))?;
        indicators.push(IndicatorCells {
            row: r,
            level1: CellRef::new(first + row.level1_top as u32, B),
            level2: CellRef::new(first + row.level2_top as u32, C),
            name: CellRef::new(r, D),
            target: CellRef::new(r, F),
            actual: CellRef::new(r, G),
            weight: CellRef::new(r, H),
            score: CellRef::new(r, I),
            reason: CellRef::new(r, J),
            reviewed: reviewed_cell,
        });
    }

    // 总分.
    let tr = ind_last + 1;
    p.text(tr, A, tr, G, "总分", &st.label)?;
    let tw = table
        .total
        .weight
        .value
        .or(Some(Decimal::from(TOTAL_WEIGHT)));
    let f = p.fmt(&st.weight, table.total.weight.cell);
    p.number(tr, H, H, tw, &f)?;
    let f = p.fmt(&st.score, table.total.score.cell);
    if opts.formulas {
        let formula = format!(
            "{}+SUM({}:{})",
            execution.score,
            a1(first, I),
            a1(ind_last, I)
        );
        p.formula(
            tr,
            I,
            I,
            &formula,
            Cached::Num(exec_score_value + score_sum),
            &f,
        )?;
    } else {
        p.number(tr, I, I, table.total.score.value, &f)?;
    }
    p.text(tr, J, tr, K, "", &st.dash)?;
    let total_reviewed = match reviewed {
        Some(rv) => {
            p.number(tr, REVIEWED_COL, REVIEWED_COL, Some(rv.total), &st.reviewed)?;
            Some(CellRef::new(tr, REVIEWED_COL))
        }
        None => None,
    };
    p.ws.set_row_height(tr, style::row_height(1))?;

    // Dropdowns.
    if opts.dropdowns {
        let cats: Vec<String> = opts
            .scheme
            .categories()
            .iter()
            .map(Category::label)
            .collect();
        let dv = DataValidation::new()
            .allow_list_strings(&cats)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("一级指标")?
            .set_error_message("不在常用一级指标之列，确认使用吗？")?;
        p.ws.add_data_validation(first, col16(B), ind_last, col16(B), &dv)?;
        let n = opts.scheme.level2_names().len();
        let list = format!("='{LISTS_SHEET}'!$A$1:$A${n}");
        let dv = DataValidation::new()
            .allow_list_formula(Formula::new(list))
            .set_error_style(DataValidationErrorStyle::Information)
            .set_error_title("二级指标")?
            .set_error_message("不在常用二级指标之列，仍可使用。")?;
        p.ws.add_data_validation(first, col16(C), ind_last, col16(C), &dv)?;
        let dv = DataValidation::new()
            .allow_list_strings(&LEVELS)?
            .set_error_style(DataValidationErrorStyle::Information)
            .set_input_title("实际完成值")?
            .set_input_message(
                "定性指标从列表中选择完成等级；定量指标直接填写实际数值和单位，如 446公里、96.5%。",
            )?
            .set_error_title("实际完成值")?
            .set_error_message("已按填写内容保存。")?;
        p.ws.add_data_validation(first, col16(G), ind_last, col16(G), &dv)?;
    }

    // Columns, printing, protection.
    for (c, w) in widths.iter().enumerate().take(last_col as usize + 1) {
        p.ws.set_column_width(c as u16, *w)?;
    }
    p.ws.set_paper_size(9); // A4
    p.ws.set_landscape();
    p.ws.set_print_fit_to_pages(1, 0);
    p.ws.set_print_center_horizontally(true);
    p.ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    p.ws.set_print_area(0, 0, tr, col16(last_col))?;
    if opts.protect {
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::new()
        };
        p.ws.protect_with_options(&options);
    }

    Ok(LayoutMap {
        title: CellRef::new(0, A),
        year: CellRef::new(1, A),
        name: CellRef::new(3, C),
        department,
        unit,
        fund_header: CellRef::new(fund_top, A),
        funds,
        captions,
        execution,
        goals_header: CellRef::new(goal_top, A),
        goals,
        indicator_header: CellRef::new(ind_top, A),
        indicators,
        total: TotalCells {
            label: CellRef::new(tr, A),
            weight: CellRef::new(tr, H),
            score: CellRef::new(tr, I),
            reviewed: total_reviewed,
        },
        formulas: p.formulas,
        last_col,
    })
}

/// One indicator row to write: from the table, or blank under a category.
struct RowPlan<'t> {
    level1: String,
    level1_src: Option<CellRef>,
    level2: String,
    source: Option<&'t crate::model::Indicator>,
    level1_top: usize,
    level2_top: usize,
}

fn indicator_rows<'t>(table: &'t Table, opts: &LayoutOptions) -> Vec<RowPlan<'t>> {
    let mut rows: Vec<RowPlan<'t>> = if table.indicators.is_empty() {
        opts.scheme
            .categories()
            .iter()
            .flat_map(|cat| {
                let n = opts.blank_rows.unwrap_or(cat.blank_rows).max(1);
                (0..n).map(move |_| RowPlan {
                    level1: cat.label(),
                    level1_src: None,
                    level2: String::new(),
                    source: None,
                    level1_top: 0,
                    level2_top: 0,
                })
            })
            .collect()
    } else {
        table
            .indicators
            .iter()
            .map(|ind| RowPlan {
                level1: match ind.level1_weight {
                    Some(w) => format!("{}（{}分）", ind.level1, w.normalize()),
                    None => ind.level1.clone(),
                },
                level1_src: ind.level1_cell,
                level2: ind.level2.clone(),
                source: Some(ind),
                level1_top: 0,
                level2_top: 0,
            })
            .collect()
    };
    for (s, e) in runs(&rows, |r| r.level1.clone()) {
        for r in &mut rows[s..=e] {
            r.level1_top = s;
        }
    }
    for (s, e) in runs(&rows, |r| format!("{}\u{0}{}", r.level1, r.level2)) {
        for (i, r) in rows[s..=e].iter_mut().enumerate() {
            // An empty 二级 is never merged: each row is its own cell.
            r.level2_top = if r.level2.is_empty() { s + i } else { s };
        }
    }
    rows
}

/// Maximal runs `(first, last)` of consecutive rows with the same non-empty key; rows with
/// an empty key are runs of one.
fn runs<T>(rows: &[T], key: impl Fn(&T) -> String) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let k = key(&rows[i]);
        let mut j = i;
        if !k.is_empty() {
            while j + 1 < rows.len() && key(&rows[j + 1]) == k {
                j += 1;
            }
        }
        out.push((i, j));
        i = j + 1;
    }
    out
}

/// Column widths: the canonical ones, widened for the texts of single-column cells
/// (二级, 年度指标值, 实际完成值) up to a cap past which they wrap.
fn column_widths(table: &Table, opts: &LayoutOptions) -> [f64; 12] {
    let mut w = BASE_WIDTHS;
    let level1: Vec<String> = if table.indicators.is_empty() {
        opts.scheme
            .categories()
            .iter()
            .map(Category::label)
            .collect()
    } else {
        table.indicators.iter().map(|i| i.level1.clone()).collect()
    };
    w[B as usize] = style::column_width(level1.iter().map(String::as_str), w[B as usize], 14.0);
    let level2: Vec<&str> = if table.indicators.is_empty() {
        opts.scheme
            .categories()
            .iter()
            .flat_map(|c| c.level2.iter().copied())
            .collect()
    } else {
        table.indicators.iter().map(|i| i.level2.as_str()).collect()
    };
    w[C as usize] = style::column_width(level2, w[C as usize], 20.0);
    w[F as usize] = style::column_width(
        table.indicators.iter().map(|i| i.target.text.as_str()),
        w[F as usize],
        20.0,
    );
    w[G as usize] = style::column_width(
        table.indicators.iter().map(|i| i.actual.text.as_str()),
        w[G as usize],
        20.0,
    );
    w
}

/// Adds the hidden sheet [`LISTS_SHEET`] holding the 二级 dropdown list of `scheme` (a
/// list longer than 255 characters cannot live inside the validation itself).
pub fn add_lists_sheet(workbook: &mut Workbook, scheme: Scheme) -> Result<()> {
    let ws = workbook.add_worksheet();
    ws.set_name(LISTS_SHEET)?;
    let f = style::base();
    for (i, name) in scheme.level2_names().iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *name, &f)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}

/// A blank template workbook of `kind`: the table sheet (named by the kind's short name)
/// and the hidden dropdown-list sheet.
///
/// ```
/// use selfeval::model::TableKind;
/// use selfeval::write::layout::{template_workbook, LayoutOptions};
/// let opts = LayoutOptions::template(TableKind::Transfer, Some(2021));
/// let (_wb, map) = template_workbook(TableKind::Transfer, &opts)?;
/// assert_eq!(map.funds.len(), 5);
/// # Ok::<(), anyhow::Error>(())
/// ```
pub fn template_workbook(kind: TableKind, opts: &LayoutOptions) -> Result<(Workbook, LayoutMap)> {
    let mut wb = Workbook::new();
    let table = Table::empty(kind, kind.short_zh());
    let ws = wb.add_worksheet();
    ws.set_name(kind.short_zh())?;
    let map = layout_table(ws, &table, opts)?;
    if opts.dropdowns {
        add_lists_sheet(&mut wb, opts.scheme)?;
    }
    Ok((wb, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_add_up_to_100() {
        for s in [Scheme::Project, Scheme::Management] {
            let sum: u32 = s.categories().iter().map(|c| c.weight).sum();
            assert_eq!(sum + EXECUTION_WEIGHT, TOTAL_WEIGHT, "{s:?}");
        }
    }

    #[test]
    fn level2_list_needs_a_range() {
        let joined = Scheme::Project.level2_names().join(",");
        assert!(joined.chars().count() > 0);
        assert_eq!(Scheme::Project.level2_names()[0], "数量指标");
        assert_eq!(Scheme::Management.level2_names()[0], "资金投入");
    }

    #[test]
    fn runs_merge_equal_neighbours_only() {
        let v = ["a", "a", "", "", "b", "a"];
        assert_eq!(
            runs(&v, |s| s.to_string()),
            vec![(0, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
        );
    }

    #[test]
    fn exec_score_caps_and_rounds() {
        let w = Some(Decimal::from(10));
        assert_eq!(
            exec_score(
                exec_rate(Some(Decimal::from(100)), Some(Decimal::from(120))),
                w
            ),
            Decimal::from(10)
        );
        assert_eq!(
            exec_score(
                exec_rate(Some(Decimal::new(62878, 2)), Some(Decimal::new(61903, 2))),
                w
            )
            .to_string(),
            "9.84"
        );
        assert_eq!(
            exec_score(exec_rate(None, Some(Decimal::ONE)), w),
            Decimal::ZERO
        );
        assert_eq!(exec_rate(Some(Decimal::ZERO), Some(Decimal::ONE)), None);
    }
}
