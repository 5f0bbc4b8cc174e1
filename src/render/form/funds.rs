//! The fund block: the 资金 header row, one row per fund line with its figures and 执行率,
//! and the execution figures (分值, 得分) on the 年度资金总额 row.

use super::execution::{a1, exec_rate, exec_score, rate_formula, score_formula};
use super::paint::Cached;
use super::{
    Ctx, ExecutionCells, FundBlockCells, FundCells, A, B, C, D, E, F, G, H, I, J, K, REVIEWED_COL,
    REVIEWED_RATE_COL,
};
use crate::model::{CellRef, FundRole, Table};
use crate::xlsx::style;
use anyhow::{Context, Result};
use rust_decimal::Decimal;

/// Where the fund block put its fields.
pub(super) struct FundBlock {
    /// Its cells.
    pub cells: FundBlockCells,
    /// The execution 得分 as written: what the formula computes, or the stated score
    /// (0 when none); `None` when the formula's result overflowed.
    pub score: Option<Decimal>,
    /// The block's last row.
    pub last: u32,
}

/// A line of the fund block: a row with figures or a caption.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FundLine {
    Row(FundRole, String),
    Caption(&'static str),
}

/// The canonical lines plus any row of the table whose role the kind does not list
/// (kept after them under its own label, so no stated figure is dropped).
fn fund_lines(table: &Table) -> Vec<FundLine> {
    let canon = crate::form::fund_block(table.kind);
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

/// Writes the fund block from row `top` down.
pub(super) fn fund_block(cx: &mut Ctx, top: u32) -> Result<FundBlock> {
    let lines = fund_lines(cx.table);
    let last = top + lines.len() as u32;
    header_row(cx, top, last)?;
    let mut funds = Vec::new();
    let mut captions = Vec::new();
    let mut execution = None;
    for (i, line) in lines.iter().enumerate() {
        let r = top + 1 + i as u32;
        cx.p.ws.set_row_height(r, style::row_height(1))?;
        match line {
            FundLine::Caption(label) => captions.push(caption_row(cx, r, label)?),
            FundLine::Row(role, label) => {
                // Only the first 年度资金总额 row carries the execution figures.
                let is_total = *role == FundRole::Total && execution.is_none();
                let (cells, rate) = fund_row(cx, r, *role, label, is_total)?;
                if is_total {
                    execution = Some(execution_figures(cx, r, rate)?);
                } else {
                    no_execution(cx, r)?;
                }
                funds.push(cells);
            }
        }
    }
    let (execution, score) = execution.context("the fund block has no 年度资金总额 row")?;
    let cells = FundBlockCells {
        header: CellRef::new(top, A),
        rows: funds,
        captions,
        execution,
    };
    Ok(FundBlock { cells, score, last })
}

/// The block's header row: the 资金 label (merged down the block) and the column labels.
fn header_row(cx: &mut Ctx, top: u32, last: u32) -> Result<()> {
    let label = crate::form::fund_header(cx.table.kind);
    cx.p.text(top, A, last, B, label, &cx.st.label)?;
    cx.p.text(top, C, top, D, "", &cx.st.label)?;
    use crate::form::{written_header, Header};
    for (c, h) in [
        (E, Header::Initial),
        (F, Header::Budget),
        (G, Header::Executed),
        (H, Header::Weight),
    ] {
        cx.p.text(top, c, top, c, written_header(h), &cx.st.label)?;
    }
    cx.p.text(top, I, top, J, written_header(Header::Rate), &cx.st.label)?;
    cx.p.text(top, K, top, K, written_header(Header::Score), &cx.st.label)?;
    if cx.reviewed().is_some() {
        let f = &cx.st.reviewed_label;
        let label = cx.opts.lang.pick("复核得分", "Reviewed score");
        cx.p.text(top, REVIEWED_COL, top, REVIEWED_COL, label, f)?;
        let (m, f) = (REVIEWED_RATE_COL, &cx.st.reviewed_label);
        let label = cx.opts.lang.pick("复核执行率", "Reviewed rate");
        cx.p.text(top, m, top, m, label, f)?;
    }
    cx.p.ws.set_row_height(top, style::row_height(1))?;
    Ok(())
}

/// A caption row (`按收入性质分：`): the label and dashes.
fn caption_row(cx: &mut Ctx, r: u32, label: &str) -> Result<CellRef> {
    cx.p.text(r, C, r, D, label, &cx.st.label_left)?;
    for c in [E, F, G, H, K] {
        cx.p.text(r, c, r, c, "", &cx.st.dash)?;
    }
    cx.p.text(r, I, r, J, "", &cx.st.dash)?;
    reviewed_dashes(cx, r)?;
    Ok(CellRef::new(r, C))
}

/// Empty dashed cells in the reviewed columns (复核得分, 复核执行率), when they are shown.
fn reviewed_dashes(cx: &mut Ctx, r: u32) -> Result<()> {
    if cx.reviewed().is_some() {
        cx.p.text(r, REVIEWED_COL, r, REVIEWED_COL, "", &cx.st.dash)?;
        let m = REVIEWED_RATE_COL;
        cx.p.text(r, m, r, m, "", &cx.st.dash)?;
    }
    Ok(())
}

/// The rows of the sources a blank form's 年度资金总额 adds up (the rows right below it, by
/// income: 当年财政拨款 … 其他资金, or 中央补助 … 其他资金), when it is written as a formula.
fn total_sources(cx: &Ctx, r: u32, is_total: bool) -> Option<(u32, u32)> {
    if !(is_total && cx.opts.form && cx.opts.formulas && cx.table.funds.rows.is_empty()) {
        return None;
    }
    let lines = fund_lines(cx.table);
    let is_source = |l: &FundLine| {
        matches!(
            l,
            FundLine::Row(
                FundRole::Appropriation
                    | FundRole::Carryover
                    | FundRole::Other
                    | FundRole::Central
                    | FundRole::Provincial
                    | FundRole::Local,
                _
            )
        )
    };
    let total = lines
        .iter()
        .position(|l| matches!(l, FundLine::Row(FundRole::Total, _)))?;
    let first = lines.iter().position(is_source)?.checked_sub(total)?;
    let last = lines.iter().rposition(is_source)?.checked_sub(total)?;
    Some((r + first as u32, r + last as u32))
}

/// A fund row's label, figures and 执行率; returns its cells and the computed rate.
fn fund_row(
    cx: &mut Ctx,
    r: u32,
    role: FundRole,
    label: &str,
    is_total: bool,
) -> Result<(FundCells, Option<Decimal>)> {
    let table = cx.table;
    let stated = table.funds.row(role);
    let f = cx.p.fmt(&cx.st.label_left, stated.map(|s| s.cell), (r, C));
    cx.p.text(r, C, r, D, label, &f)?;
    let figs = [
        (E, stated.map(|s| s.initial)),
        (F, stated.map(|s| s.budget)),
        (G, stated.map(|s| s.executed)),
    ];
    let sources = total_sources(cx, r, is_total);
    for (c, fig) in figs {
        if let Some((first, last)) = sources {
            // A blank form adds its sources up itself: the error units make most is a
            // typed total that is not their sum.
            let sum = format!("SUM({}:{})", a1(first, c), a1(last, c));
            cx.p.formula(r, (c, c), &sum, Cached::Num(Decimal::ZERO), &cx.st.amount)?;
            continue;
        }
        let f =
            cx.p.fmt(&cx.st.amount_input, fig.and_then(|x| x.cell), (r, c));
        cx.p.number(r, c, c, fig.and_then(|x| x.value), &f)?;
    }
    let rate = exec_rate(
        stated.and_then(|s| s.budget.value),
        stated.and_then(|s| s.executed.value),
    );
    let rate_src = if is_total {
        table.execution.rate.cell
    } else {
        None
    };
    let f = cx.p.fmt(&cx.st.rate, rate_src, (r, I));
    if cx.opts.formulas {
        let cached = rate.map_or(Cached::Dash, Cached::Num);
        cx.p.formula(r, (I, J), &rate_formula(r), cached, &f)?;
    } else if is_total {
        cx.p.number(r, I, J, table.execution.rate.value, &f)?;
    } else if let Some(v) = rate {
        // Source rows carry no stated rate in the model; show the computed one.
        cx.p.number(r, I, J, Some(v), &f)?;
    } else {
        cx.p.text(r, I, r, J, "—", &f)?;
    }
    let cells = FundCells {
        role,
        label: CellRef::new(r, C),
        initial: CellRef::new(r, E),
        budget: CellRef::new(r, F),
        executed: CellRef::new(r, G),
        rate: CellRef::new(r, I),
    };
    Ok((cells, rate))
}

/// The execution 分值, 得分 and 复核得分 on the 年度资金总额 row `r`, and the 得分 as
/// written (see [`FundBlock::score`]).
fn execution_figures(
    cx: &mut Ctx,
    r: u32,
    rate: Option<Decimal>,
) -> Result<(ExecutionCells, Option<Decimal>)> {
    let (table, policy) = (cx.table, cx.opts.policy);
    // Only a wholly blank table (a template) gets the policy's execution weight; a read
    // table keeps what it stated, even nothing.
    let is_template = table.funds.rows.is_empty() && table.indicators.is_empty();
    let weight = (table.execution.weight.value).or(is_template.then_some(policy.execution.weight));
    let f =
        cx.p.fmt(&cx.st.weight_input, table.execution.weight.cell, (r, H));
    cx.p.number(r, H, H, weight, &f)?;
    let f = cx.p.fmt(&cx.st.score, table.execution.score.cell, (r, K));
    let score = if cx.opts.formulas {
        let score = exec_score(rate, weight, &policy.execution);
        let formula = score_formula(r, &policy.execution);
        cx.p.formula(r, (K, K), &formula, Cached::from(score), &f)?;
        score
    } else {
        let stated = table.execution.score.value;
        cx.p.number(r, K, K, stated, &f)?;
        Some(stated.unwrap_or(Decimal::ZERO))
    };
    let (reviewed, reviewed_rate) = match cx.reviewed() {
        Some(rv) => {
            // Nothing reviewed on a blank table or a form that scores nothing (the
            // regional transfer form).
            let v = (!table.ungraded()).then_some(rv.execution.score);
            cx.p.number(r, REVIEWED_COL, REVIEWED_COL, v, &cx.st.reviewed)?;
            let m = REVIEWED_RATE_COL;
            match rv.execution.rate {
                Some(rate) => cx.p.number(r, m, m, Some(rate), &cx.st.reviewed_rate)?,
                None => cx.p.text(r, m, r, m, "—", &cx.st.reviewed_rate)?,
            }
            let at = |c| Some(CellRef::new(r, c));
            (at(REVIEWED_COL), at(m))
        }
        None => (None, None),
    };
    let cells = ExecutionCells {
        weight: CellRef::new(r, H),
        rate: CellRef::new(r, I),
        score: CellRef::new(r, K),
        reviewed,
        reviewed_rate,
    };
    Ok((cells, score))
}

/// Dashes in the execution columns of a row that is not the 年度资金总额 row.
fn no_execution(cx: &mut Ctx, r: u32) -> Result<()> {
    cx.p.text(r, H, r, H, "—", &cx.st.dash)?;
    cx.p.text(r, K, r, K, "—", &cx.st.dash)?;
    reviewed_dashes(cx, r)
}
