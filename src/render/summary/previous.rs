//! Last year's columns of 汇总 and 项目明细 (campaign.md §7): `上年执行率` and `上年复核得分`,
//! written when the workspace names its `上年工作区`; empty for a unit or table last year
//! does not know, and for all when last year could not be read.

use super::Ctx;
use crate::aggregate::previous::{Previous, Prior};
use crate::aggregate::Money;
use crate::model::checked;
use crate::xlsx::print::PrintList;
use anyhow::Result;
use rust_decimal::Decimal;

/// The two columns' headers.
pub(super) const HEADERS: [(&str, &str); 2] = [
    ("上年执行率", "Last year's rate"),
    ("上年复核得分", "Last year's reviewed score"),
];

/// Their widths.
pub(super) const WIDTHS: [f64; 2] = [10.0, 10.0];

/// A row's two cells from column `col`.
pub(super) fn cells(
    s: &mut PrintList<'_>,
    cx: &Ctx<'_>,
    col: u16,
    prior: Option<Prior>,
) -> Result<()> {
    let prior = prior.unwrap_or_default();
    s.num(col, prior.rate, &cx.f.rate)?;
    s.num(col + 1, prior.score, &cx.f.score)?;
    Ok(())
}

/// 汇总's totals row: last year's overall rate (Σ executed over Σ budget) and the mean of
/// its units' mean reviewed scores, as last year's own totals row showed them.
pub(super) fn totals_cells(
    s: &mut PrintList<'_>,
    cx: &Ctx<'_>,
    col: u16,
    p: &Previous,
) -> Result<()> {
    let money = Money::sum(p.figures.iter().map(|u| u.money));
    let scores: Vec<Decimal> = p.figures.iter().filter_map(|u| u.mean_reviewed).collect();
    let mean = match scores.len() {
        0 => None,
        n => checked::sum(scores.iter().copied())
            .and_then(|t| t.checked_div(Decimal::from(n as u64))),
    };
    let prior = Prior {
        rate: money.rate(),
        score: mean,
    };
    cells(s, cx, col, Some(prior))
}
