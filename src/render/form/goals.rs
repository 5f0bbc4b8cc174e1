//! The goals block (年度总体目标): one row per goal, 预期目标 left and 实际完成情况 right.

use super::{BlockCells, Ctx, GoalCells, A, B, BASE_WIDTHS, F, G, K, REVIEWED_COL};
use crate::model::{CellRef, TableKind, Text};
use crate::xlsx::style;
use anyhow::Result;

/// Where the goals block put its fields.
pub(super) struct GoalBlock {
    /// Its cells: the label 年度总体目标 on its header row (with 预期目标, 实际完成情况),
    /// one entry per goal row.
    pub cells: BlockCells<GoalCells>,
    /// The block's last row.
    pub last: u32,
}

/// Writes the goals block from row `top` down: the table's goals, or blank rows to fill in
/// (three in a department table, one otherwise).
pub(super) fn goal_block(cx: &mut Ctx, top: u32) -> Result<GoalBlock> {
    let table = cx.table;
    let blank_goals = if table.kind == TableKind::Department {
        3
    } else {
        1
    };
    let n_goals = if table.goals.is_empty() {
        blank_goals
    } else {
        table.goals.len()
    };
    let last = top + n_goals as u32;
    cx.p.text(top, A, last, A, "年度总体目标", &cx.st.label)?;
    cx.p.text(top, B, top, F, "预期目标", &cx.st.label)?;
    cx.p.text(top, G, top, K, "实际完成情况", &cx.st.label)?;
    if cx.reviewed().is_some() {
        cx.p.text(top, REVIEWED_COL, last, cx.last_col, "", &cx.st.dash)?;
    }
    cx.p.ws.set_row_height(top, style::row_height(1))?;
    let mut goals = Vec::new();
    for i in 0..n_goals {
        goals.push(goal_row(cx, top + 1 + i as u32, i)?);
    }
    let cells = BlockCells {
        header: CellRef::new(top, A),
        rows: goals,
    };
    Ok(GoalBlock { cells, last })
}

/// Goal `i` (or a blank one, four lines high) on row `r`.
fn goal_row(cx: &mut Ctx, r: u32, i: usize) -> Result<GoalCells> {
    let left_width: f64 = BASE_WIDTHS[B as usize..=F as usize].iter().sum();
    let right_width: f64 = BASE_WIDTHS[G as usize..=K as usize].iter().sum();
    let goal = cx.table.goals.get(i);
    let (target, outcome) = match goal {
        Some(g) => (g.target.clone(), g.outcome.clone()),
        None => (Text::default(), Text::default()),
    };
    let f = cx.p.fmt(&cx.st.text_input, target.cell, (r, B));
    cx.p.text(r, B, r, F, &target.text, &f)?;
    let f = cx.p.fmt(&cx.st.text_input, outcome.cell, (r, G));
    cx.p.text(r, G, r, K, &outcome.text, &f)?;
    let lines = style::wrapped_lines(&target.text, left_width)
        .max(style::wrapped_lines(&outcome.text, right_width))
        .max(if goal.is_none() { 4 } else { 1 });
    cx.p.ws.set_row_height(r, style::row_height(lines))?;
    Ok(GoalCells {
        target: CellRef::new(r, B),
        outcome: CellRef::new(r, G),
    })
}
