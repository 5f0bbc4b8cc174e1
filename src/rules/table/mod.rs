//! The checks of the Table stage: one function per rule, each attached to its catalogue
//! entry (`catalog.rs` names it), in one module per block of the table: [`texts`] (the
//! indicator texts), [`weights`] (categories and weights), [`funds`] (the fund block),
//! [`execution`] (the 年度资金总额 row's rate and score), [`scores`] (each indicator's
//! score), [`total`] (总分 and grade). This module holds what they share: the context, the
//! runner and the helpers that word findings.
//!
//! A check compares the stated table with its precomputed [`Review`]; it never recomputes a
//! score. Missing values are the reader's (`field-missing`): a check that needs one stays
//! silent.
//!
//! Figures come from input: sums are checked (a sum that would overflow cannot be compared,
//! and its rule stays silent) and differences saturate, so no operator here can panic.

use super::catalog::{checks_of, Producer};
use crate::diag::{Code, Finding, Message, Stage};
use crate::model::{CellRef, Indicator, Table};
use crate::score::{IndicatorReview, Policy, Review};
use rust_decimal::Decimal;

pub mod execution;
pub mod funds;
pub mod scores;
pub mod texts;
pub mod total;
pub mod weights;

pub use execution::{
    exec_rate_low, exec_rate_mismatch, exec_score_inflated, exec_score_understated,
};
pub use funds::{fund_budget_missing, fund_over_budget, fund_split_mismatch, fund_sum_mismatch};
pub use scores::{
    overachievement_unexplained, reason_missing, score_inflated, score_negative, score_over_weight,
    score_understated,
};
pub use texts::{qualitative_level_unknown, target_placeholder, target_unparsed, unit_mismatch};
pub use total::{grade_changed, grade_mismatch, total_mismatch};
pub use weights::{
    category_missing, category_unknown, weight_category_mismatch, weight_total_mismatch,
};

/// What a Table-stage check reads: the table as stated, its review, the policy.
#[derive(Debug, Clone, Copy)]
pub struct TableCtx<'a> {
    /// The table as stated.
    pub table: &'a Table,
    /// Its review under `policy`.
    pub review: &'a Review,
    /// The policy.
    pub policy: &'a Policy,
}

/// The check of a Table-stage rule: reads the table and its precomputed review, appends
/// its findings.
pub type Check = fn(&TableCtx, &mut Vec<Finding>);

/// Runs every Table-stage rule of the catalogue on one table, in catalogue order, and
/// returns the findings sorted by row, column and code.
///
/// ```
/// use selfeval::model::{Table, TableKind};
/// use selfeval::score::{review, Policy};
/// let t = Table::empty(TableKind::Project, "项目1");
/// let p = Policy::default();
/// let findings = selfeval::check_table(&t, &review(&t, &p), &p);
/// assert!(findings.iter().any(|f| f.code.as_str() == "category-missing"));
/// ```
pub fn check_table(table: &Table, review: &Review, policy: &Policy) -> Vec<Finding> {
    let ctx = TableCtx {
        table,
        review,
        policy,
    };
    let mut out = Vec::new();
    for p in checks_of(Stage::Table) {
        if let Producer::Table(check) = p {
            check(&ctx, &mut out);
        }
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

// ---------------------------------------------------------------------------------------
// Formatting helpers.

/// A decimal as written in a message or in `expected`/`found`: no trailing zeros.
pub(crate) fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A rate (fraction) as a percent with two decimals (`0.9403` → `94.03%`, `0.9` →
/// `90.00%`), the office form (reports.md "Ready to file"; the one formatter is
/// `model::document`).
pub(crate) fn pct(d: Decimal) -> String {
    crate::model::document::office_rate(d)
}

/// An amount as a person reads it: `1,288.59万元`.
pub(crate) fn money(d: Decimal) -> String {
    crate::model::document::office_money(d)
}

/// An amount in an English message: `1,288.59` (the unit is named once in the sentence).
pub(crate) fn money_en(d: Decimal) -> String {
    crate::model::document::format_figure(d, crate::model::document::FigureKind::Money)
}

/// A score the program computed, with two decimals (`98.80`); stated scores stay as the
/// table gives them ([`num`]).
pub(crate) fn computed(d: Decimal) -> String {
    crate::model::document::computed_score(d)
}

fn finding(ctx: &TableCtx, code: Code, cell: CellRef, zh: String, en: String) -> Finding {
    Finding::new(code, Message::new(zh, en)).at(ctx.table.sheet.clone(), cell)
}

/// The first known cell, else the fallback.
fn first_cell(cells: &[Option<CellRef>], fallback: CellRef) -> CellRef {
    cells.iter().flatten().next().copied().unwrap_or(fallback)
}

/// Column A of an indicator's row, the last resort for its cells.
fn row_cell(ind: &Indicator) -> CellRef {
    CellRef::new(ind.row.saturating_sub(1), 0)
}

/// `第14行「督查检查生产经营单位」` / `row 14 “…”`.
fn ind_label(ind: &Indicator) -> (String, String) {
    let name = ind.name.text.as_str();
    (
        format!("第{}行「{}」", ind.row, name),
        format!("row {} “{}”", ind.row, name),
    )
}

fn indicators<'a>(
    ctx: &'a TableCtx,
) -> impl Iterator<Item = (&'a Indicator, &'a IndicatorReview)> + 'a {
    ctx.table
        .indicators
        .iter()
        .zip(ctx.review.indicators.iter())
}
