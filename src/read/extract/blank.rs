//! Whole-table checks made once a table is read: an unfilled table (`table-blank`, which
//! replaces every other finding of the table), and every formula without a cached value
//! among the table's cells (`formula-not-computed`, also where no rule reads the cell).

use super::Ctx;
use crate::decode::grid::Cell;
use crate::diag::Code;
use crate::model::{CellRef, Figure, Table};
use std::collections::HashSet;

/// True when a figure holds nothing but an empty cell, a zero (exports write 0.00 into
/// every unfilled amount) or a formula without a result (a template's sums and rates are
/// formulas: they hold nothing a unit entered).
fn unfilled(f: &Figure) -> bool {
    f.value.is_none_or(|v| v.is_zero())
}

/// An unfilled table: no fund amount, no indicator actual and no score.
pub(super) fn is_blank(t: &Table) -> bool {
    let funds = t
        .funds
        .rows
        .iter()
        .all(|r| unfilled(&r.initial) && unfilled(&r.budget) && unfilled(&r.executed));
    let indicators = t
        .indicators
        .iter()
        .all(|i| i.actual.text.trim().is_empty() && unfilled(&i.score));
    funds && indicators && unfilled(&t.execution.score) && unfilled(&t.total.score)
}

/// Replaces the table's findings by one `table-blank` at its title cell.
pub(super) fn mark_blank(cx: &mut Ctx<'_>, t: &mut Table) {
    t.blank = true;
    cx.findings.clear();
    let at = t.title_cell;
    cx.push(
        Code::TableBlank,
        at,
        "此表未填写：没有任何资金数、实际完成值或得分（可能是空白模板）；请填写后重新报送".into(),
        "this table is not filled in: no fund amount, no actual value and no score (an empty template?); fill it in and send it again".into(),
    );
}

/// `formula-not-computed` for every formula cell without a cached value in the table's rows
/// that no reading step has reported yet.
pub(super) fn uncomputed_cells(cx: &mut Ctx<'_>) {
    let seen: HashSet<CellRef> = cx
        .findings
        .iter()
        .filter(|f| f.code == Code::FormulaNotComputed)
        .filter_map(|f| f.cell)
        .collect();
    let cells: Vec<CellRef> = (cx.start..cx.end)
        .flat_map(|r| {
            cx.g.row(r)
                .filter(|(_, c)| matches!(c, Cell::Uncomputed))
                .map(move |(c, _)| CellRef::new(r, c))
        })
        .filter(|a| !seen.contains(a))
        .collect();
    for a in cells {
        cx.push(
            Code::FormulaNotComputed,
            a,
            format!(
                "单元格 {a} 是公式，但文件中没有保存计算结果；请在 Excel/WPS 中打开并保存后再提交"
            ),
            format!(
                "cell {a} is a formula without a saved result; open and save the file in Excel/WPS"
            ),
        );
    }
}
