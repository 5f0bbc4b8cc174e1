//! What a cell of a table stands for (campaign.md §10): the fund row's role and column (the
//! execution rate and score as `total.rate`, `total.score`), `-` for the stated total, or the indicator by its normalised 一级/二级/三级 names (`#2`,
//! `#3` for repeats). A finding's identity across runs uses it instead of the cell, because
//! rows move when a unit corrects its table.

use super::text::org_key;
use super::{CellRef, Table};

/// What a cell of the table stands for.
pub fn subject(t: &Table, c: CellRef) -> String {
    for r in &t.funds.rows {
        let cols = [
            ("initial", r.initial.cell),
            ("budget", r.budget.cell),
            ("executed", r.executed.cell),
        ];
        if let Some((col, _)) = cols.iter().find(|(_, cell)| *cell == Some(c)) {
            return format!("{:?}.{col}", r.role).to_lowercase();
        }
        if r.cell == c {
            return format!("{:?}", r.role).to_lowercase();
        }
    }
    // The rate and the score are columns of the 年度资金总额 row; the stated total is the
    // table's own (campaign.md §10: `-` for table-level codes).
    if t.execution.rate.cell == Some(c) {
        return "total.rate".into();
    }
    if t.execution.score.cell == Some(c) {
        return "total.score".into();
    }
    if t.total.score.cell == Some(c) {
        return "-".into();
    }
    // A cell's row is zero-based, an indicator's one-based (its sheet row as shown).
    indicator_subject(t, c.row.saturating_add(1)).unwrap_or_else(|| "-".into())
}

/// The indicator at one-based sheet `row` by its normalised names, `#k` for the k-th of
/// equal names.
fn indicator_subject(t: &Table, row: u32) -> Option<String> {
    let key = |i: &crate::model::Indicator| {
        format!(
            "{}/{}/{}",
            org_key(&i.level1),
            org_key(&i.level2),
            org_key(&i.name.text)
        )
    };
    let at = t.indicators.iter().position(|i| i.row == row)?;
    let k = key(&t.indicators[at]);
    let repeat = t.indicators[..at].iter().filter(|i| key(i) == k).count();
    Some(match repeat {
        0 => k,
        n => format!("{k}#{}", n + 1),
    })
}
