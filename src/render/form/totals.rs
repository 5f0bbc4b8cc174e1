//! The 总分 row: the policy's total 分值, the stated total or its formula, the reviewed total.

use super::execution::a1;
use super::funds::FundBlock;
use super::indicators::IndicatorBlock;
use super::paint::Cached;
use super::{Ctx, TotalCells, A, G, H, I, J, K, REVIEWED_COL};
use crate::model::checked;
use crate::model::CellRef;
use crate::xlsx::style;
use anyhow::Result;

/// Writes the 总分 row below the indicator block.
pub(super) fn total_row(
    cx: &mut Ctx,
    funds: &FundBlock,
    inds: &IndicatorBlock,
) -> Result<TotalCells> {
    let (table, opts) = (cx.table, cx.opts);
    let r = inds.last + 1;
    cx.p.text(r, A, r, G, "总分", &cx.st.label)?;
    // The scheme the table is scored under; a blank table's is the options'.
    let scheme = if table.indicators.is_empty() {
        opts.scheme.policy_scheme(table.kind)
    } else {
        opts.policy.scheme(table)
    };
    // A form that scores nothing (the regional transfer form) has no 总分 to show: its
    // 分值 and 得分 stay empty rather than the policy's 100 and a sum of nothing.
    let weight = match table.unscored {
        true => None,
        false => (table.total.weight.value).or_else(|| opts.policy.total_weight(scheme)),
    };
    let f = cx.p.fmt(&cx.st.weight, table.total.weight.cell, (r, H));
    cx.p.number(r, H, H, weight, &f)?;
    let f = cx.p.fmt(&cx.st.score, table.total.score.cell, (r, I));
    if table.unscored {
        cx.p.number(r, I, I, None, &f)?;
    } else if opts.formulas {
        let range = format!("{}:{}", a1(inds.first, I), a1(inds.last, I));
        let formula = format!("{}+SUM({range})", a1(funds.cells.execution.score.row, K));
        let scores = table.indicators.iter().filter_map(|i| i.score.value);
        let cached = funds
            .score
            .zip(checked::sum(scores))
            .and_then(|(exec, sum)| exec.checked_add(sum));
        cx.p.formula(r, (I, I), &formula, Cached::from(cached), &f)?;
    } else {
        cx.p.number(r, I, I, table.total.score.value, &f)?;
    }
    cx.p.text(r, J, r, K, "", &cx.st.dash)?;
    let reviewed = match cx.reviewed() {
        Some(rv) => {
            let v = (!table.ungraded()).then_some(rv.total);
            cx.p.number(r, REVIEWED_COL, cx.last_col, v, &cx.st.reviewed)?;
            Some(CellRef::new(r, REVIEWED_COL))
        }
        None => None,
    };
    cx.p.ws.set_row_height(r, style::row_height(1))?;
    Ok(TotalCells {
        label: CellRef::new(r, A),
        weight: CellRef::new(r, H),
        score: CellRef::new(r, I),
        reviewed,
    })
}
