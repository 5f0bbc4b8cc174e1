//! The canonical layout of a self-evaluation table (templates.md §1–3), written onto a
//! worksheet from a [`Table`] — blank (a template to fill in) or filled (a re-laid table, a
//! fixture, a benchmark corpus).
//!
//! [`layout_table`] writes every label, merge, figure and formula and returns a
//! [`LayoutMap`] saying where it put each field, so tests and later code never hard-code a
//! cell. Text is always written as text (a cell starting with `=` stays a string); numbers are
//! written as numbers, converted from [`Decimal`] only here at the boundary. Categories,
//! weights and the execution rule are the scoring policy's ([`LayoutOptions::policy`]).
//!
//! One module per block, top to bottom: `header` (title, year, name lines), `funds`
//! (fund rows and the execution figures, with `execution` the formulas), `goals`,
//! `indicators` (rows, merges, dropdowns), `totals` (总分) and `page` (widths, print
//! setup, protection). They write in sheet order, which keeps the file byte for byte the
//! same from run to run.
//!
//! ```
//! use selfeval::model::{Table, TableKind};
//! use selfeval::render::form::{layout_table, LayoutOptions};
//! let mut wb = rust_xlsxwriter::Workbook::new();
//! let ws = wb.add_worksheet();
//! let table = Table::empty(TableKind::Project, "项目");
//! let map = layout_table(ws, &table, &LayoutOptions::template(TableKind::Project, Some(2021)))?;
//! assert_eq!(map.header.name.to_string(), "C4");
//! assert_eq!(map.funds.rows[0].budget.to_string(), "F7");
//! # Ok::<(), anyhow::Error>(())
//! ```

mod closing;
mod execution;
mod funds;
mod goals;
mod header;
mod indicators;
mod instructions;
mod page;
mod paint;
mod scheme;
mod totals;

pub use scheme::{Category, Scheme};

use crate::diag::Lang;
use crate::model::{CellRef, FundRole, Table, TableKind};
use crate::score::{Policy, Review};
use crate::xlsx::style::{self, Styles};
use anyhow::Result;
use paint::Painter;
use rust_xlsxwriter::{Workbook, Worksheet};
use std::sync::LazyLock;

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
/// The column of the reviewed execution rate (复核执行率) on the fund rows; below the fund
/// block it is merged into the 复核得分 cell of its row.
pub const REVIEWED_RATE_COL: u32 = 12;

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

/// Column widths of the canonical layout (A–K, as in the ministry's exported form), then
/// the reviewed columns (复核得分, 复核执行率).
const BASE_WIDTHS: [f64; 13] = [
    10.0, 12.0, 14.0, 14.0, 12.0, 14.0, 14.0, 8.0, 8.0, 10.0, 18.0, 10.0, 11.0,
];

/// The built-in policy, for options made without one.
static DEFAULT_POLICY: LazyLock<Policy> = LazyLock::new(Policy::default);

/// How to lay a table out.
#[derive(Debug, Clone)]
pub struct LayoutOptions<'a> {
    /// The year in the title; `None` uses the table's own, else leaves a blank to fill.
    pub year: Option<i32>,
    /// The 一级 scheme of the blank indicator rows (used only when the table has none).
    pub scheme: Scheme,
    /// The scoring policy whose categories, weights and execution rule the layout follows
    /// (the built-in one unless set).
    pub policy: &'a Policy,
    /// Blank indicator rows per category when the table has no indicators; `None` uses each
    /// category's default ([`Category::blank_rows`]).
    pub blank_rows: Option<usize>,
    /// Reviewed figures: when present a `复核得分` column is added right of K.
    pub review: Option<&'a Review>,
    /// Cells of the *source* sheet (the `cell` of the table's figures and texts) to
    /// highlight; each is highlighted where its figure lands in the new layout.
    pub highlight: &'a [CellRef],
    /// Cells of the source sheet to mark as errors (red); an error mark wins over a
    /// highlight.
    pub errors: &'a [CellRef],
    /// Protect the sheet (no password); input cells stay unlocked.
    pub protect: bool,
    /// Write 执行率, the execution 得分 and 总分 as formulas (with cached results) instead
    /// of the stated values.
    pub formulas: bool,
    /// Add the 一级 / 二级 / qualitative-level dropdowns. The 二级 list refers to the hidden
    /// sheet [`LISTS_SHEET`]: call [`add_lists_sheet`] on the same workbook.
    pub dropdowns: bool,
    /// A blank form for a unit to fill in: input cells shaded, 年度资金总额 a formula of its
    /// sources (when the table has no fund rows), and the 自评等级 and 填表人 rows after 总分.
    pub form: bool,
    /// The language of the columns the bureau adds (复核得分, 复核执行率); the form's own
    /// labels stay those of the standard (Chinese) form.
    pub lang: Lang,
}

impl LayoutOptions<'static> {
    /// Options for a blank template: protected, formulas, dropdowns, the kind's default
    /// scheme.
    pub fn template(kind: TableKind, year: Option<i32>) -> Self {
        LayoutOptions {
            year,
            scheme: Scheme::default_for(kind),
            policy: &DEFAULT_POLICY,
            blank_rows: None,
            review: None,
            highlight: &[],
            errors: &[],
            protect: true,
            formulas: true,
            dropdowns: true,
            form: true,
            lang: Lang::Zh,
        }
    }

    /// Options for writing a filled table as stated: values, no protection, no dropdowns.
    pub fn stated(kind: TableKind) -> Self {
        LayoutOptions {
            protect: false,
            formulas: false,
            dropdowns: false,
            form: false,
            ..Self::template(kind, None)
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
    /// 复核执行率 (M), when a review was given.
    pub reviewed_rate: Option<CellRef>,
}

/// Where the header block's fields were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderCells {
    /// The title (A1).
    pub title: CellRef,
    /// The year line (A2).
    pub year: CellRef,
    /// The value of 项目名称 / 部门（单位）名称 / 转移支付（项目）名称.
    pub name: CellRef,
    /// The department and unit line (not in department tables).
    pub department_line: Option<DepartmentLine>,
}

/// Where the values of the department and unit line were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepartmentLine {
    /// The value of 主管部门 / 上级主管部门.
    pub department: CellRef,
    /// The value of 实施单位 / 资金使用单位.
    pub unit: CellRef,
}

/// Where the fund block's fields were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundBlockCells {
    /// The block's label (项目资金（万元） …), top-left of its merge.
    pub header: CellRef,
    /// The fund rows in sheet order (caption rows excluded).
    pub rows: Vec<FundCells>,
    /// The label cells of caption rows (`按收入性质分：`).
    pub captions: Vec<CellRef>,
    /// The execution figures.
    pub execution: ExecutionCells,
}

/// Where a block of like rows (the goals, the indicators) was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCells<C> {
    /// The block's label, top-left of its merge down the block.
    pub header: CellRef,
    /// One entry per row, in sheet order.
    pub rows: Vec<C>,
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

/// Where the rows after 总分 of a blank form were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormCells {
    /// The 自评等级 value (H, merged H:K).
    pub grade: CellRef,
    /// The 填表人 value.
    pub filled_by: CellRef,
    /// The 联系电话 value.
    pub phone: CellRef,
    /// The 填报日期 value.
    pub date: CellRef,
}

/// Where [`layout_table`] put every field. All cells are zero-based; merged fields give
/// the top-left cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutMap {
    /// The title, the year and the name lines.
    pub header: HeaderCells,
    /// The fund block.
    pub funds: FundBlockCells,
    /// The goals block (its label `年度总体目标`).
    pub goals: BlockCells<GoalCells>,
    /// The indicator block (its label `绩效指标`).
    pub indicators: BlockCells<IndicatorCells>,
    /// The 总分 row.
    pub total: TotalCells,
    /// The rows a blank form adds after 总分 ([`LayoutOptions::form`]).
    pub form: Option<FormCells>,
    /// Every cell holding a formula.
    pub formulas: Vec<CellRef>,
    /// Where each cell of the source sheet was written: (source, written), for every
    /// source cell the layout carries.
    pub placed: Vec<(CellRef, CellRef)>,
    /// The last column written (K, or M with a review).
    pub last_col: u32,
}

impl LayoutMap {
    /// Where a cell of the source sheet was written, when the layout carries it.
    pub fn placed(&self, src: CellRef) -> Option<CellRef> {
        self.placed.iter().find(|(s, _)| *s == src).map(|(_, d)| *d)
    }
}

impl LayoutMap {
    /// The zero-based row of the 总分 row, the last row of the table proper.
    pub fn last_row(&self) -> u32 {
        self.total.label.row
    }
}

/// What every block writer shares: the painter, the formats, the table and the options.
struct Ctx<'w, 't, 'o> {
    p: Painter<'w>,
    st: Styles,
    table: &'t Table,
    opts: &'o LayoutOptions<'o>,
    /// The last column written (K, or M with a review).
    last_col: u32,
}

impl<'o> Ctx<'_, '_, 'o> {
    /// The review whose scores fill the 复核得分 column, if any.
    fn reviewed(&self) -> Option<&'o Review> {
        self.opts.review
    }

    /// The categories of the blank indicator rows: the policy's, in the options' scheme.
    fn categories(&self) -> Vec<Category> {
        self.opts
            .scheme
            .categories(self.opts.policy, self.table.kind)
    }
}

/// Lays `table` out on `ws` in the canonical layout and returns where every field went.
///
/// A table without indicators gets blank indicator rows per category of `opts.scheme`, and
/// one blank goal row (three for a department table) when it has no goals — this is how the
/// template is made: `layout_table(ws, &Table::empty(kind, ..), &LayoutOptions::template(..))`.
pub fn layout_table(ws: &mut Worksheet, table: &Table, opts: &LayoutOptions) -> Result<LayoutMap> {
    let last_col = opts.review.map_or(K, |_| REVIEWED_RATE_COL);
    let mut cx = Ctx {
        p: Painter {
            ws,
            highlight: opts.highlight.iter().copied().collect(),
            errors: opts.errors.iter().copied().collect(),
            formulas: Vec::new(),
            placed: Vec::new(),
        },
        // A blank form shades the cells a unit fills in.
        st: if opts.form {
            Styles::new().with_shaded_inputs()
        } else {
            Styles::new()
        },
        table,
        opts,
        last_col,
    };
    header::title(&mut cx)?;
    let head = header::header_block(&mut cx)?;
    let funds = funds::fund_block(&mut cx, head.fund_top)?;
    let goals = goals::goal_block(&mut cx, funds.last + 1)?;
    let widths = indicators::column_widths(&cx);
    let inds = indicators::indicator_block(&mut cx, goals.last + 1, &widths)?;
    let total = totals::total_row(&mut cx, &funds, &inds)?;
    if opts.dropdowns {
        indicators::dropdowns(&mut cx, inds.first, inds.last)?;
    }
    let form_cells = if opts.form {
        Some(closing::form_rows(&mut cx, total.label.row + 1)?)
    } else {
        None
    };
    let end = form_cells.map_or(total.label.row, |f| f.date.row);
    page::page_setup(&mut cx, &widths, end)?;
    Ok(LayoutMap {
        header: head.cells,
        funds: funds.cells,
        goals: goals.cells,
        indicators: inds.cells,
        total,
        form: form_cells,
        formulas: cx.p.formulas,
        placed: cx.p.placed,
        last_col,
    })
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

/// A blank template workbook of `kind`: the table sheet (named by the kind's short name),
/// the 填表说明 sheet (a blank form) and the hidden dropdown-list sheet.
///
/// ```
/// use selfeval::model::TableKind;
/// use selfeval::render::form::{template_workbook, LayoutOptions};
/// let opts = LayoutOptions::template(TableKind::Transfer, Some(2021));
/// let (_wb, map) = template_workbook(TableKind::Transfer, &opts)?;
/// assert_eq!(map.funds.rows.len(), 5);
/// # Ok::<(), anyhow::Error>(())
/// ```
pub fn template_workbook(kind: TableKind, opts: &LayoutOptions) -> Result<(Workbook, LayoutMap)> {
    let mut wb = Workbook::new();
    let table = Table::empty(kind, kind.short_zh());
    let ws = wb.add_worksheet();
    ws.set_name(kind.short_zh())?;
    let map = layout_table(ws, &table, opts)?;
    if opts.form {
        instructions::instructions_sheet(&mut wb, kind, opts)?;
    }
    if opts.dropdowns {
        add_lists_sheet(&mut wb, opts.scheme)?;
    }
    Ok((wb, map))
}
