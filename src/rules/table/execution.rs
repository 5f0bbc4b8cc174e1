//! The rules on the execution figures of the 年度资金总额 row: the stated 执行率 and 得分
//! against the review, and a rate below the policy's threshold.

use super::{computed, finding, first_cell, money, money_en, num, pct, TableCtx};
use crate::diag::{Code, Finding};
use crate::model::CellRef;
use crate::score::round_rate;
use rust_decimal::Decimal;

/// The stated 执行率 cell of the total row, else its 全年执行数 cell, else its label.
fn rate_cell(ctx: &TableCtx) -> CellRef {
    let t = ctx.table;
    let total = t.total_row();
    first_cell(
        &[
            t.execution.rate.cell,
            total.and_then(|r| r.executed.cell),
            total.map(|r| r.cell),
        ],
        t.title_cell,
    )
}

/// `全年执行数… / 全年预算数…` with the row's figures, for messages: in 万元 in Chinese,
/// grouped figures in English.
fn rate_terms(ctx: &TableCtx, zh: bool) -> String {
    let total = ctx.table.total_row();
    let form = if zh { money } else { money_en };
    let e = total
        .and_then(|r| r.executed.value)
        .map(form)
        .unwrap_or_default();
    let b = total
        .and_then(|r| r.budget.value)
        .map(form)
        .unwrap_or_default();
    if zh {
        format!("全年执行数{e} / 全年预算数{b}")
    } else {
        format!("全年执行数 {e} / 全年预算数 {b}")
    }
}

/// The rate as shown (rounded from `exact`) and the terms it comes from, in Chinese and
/// in English.
fn rate_parts(ctx: &TableCtx, exact: Decimal) -> (Decimal, String, String) {
    (
        round_rate(exact),
        rate_terms(ctx, true),
        rate_terms(ctx, false),
    )
}

/// `exec-rate-mismatch`: at the stated 执行率 cell.
pub fn exec_rate_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let (Some(stated), Some(exact)) = (
        ctx.table.execution.rate.value,
        ctx.review.execution.rate_exact,
    ) else {
        return;
    };
    if stated.saturating_sub(exact).abs() <= ctx.policy.tolerance.rate {
        return;
    }
    let (rate, terms, terms_en) = rate_parts(ctx, exact);
    // The stated rate, the right one, then where it comes from: each figure once.
    let zh = format!(
        "执行率填报{}，应为{}（{}）",
        pct(stated),
        pct(rate),
        terms.replace(" / ", " ÷ ")
    );
    let en = format!("stated 执行率 {} ≠ {terms_en} = {}", pct(stated), pct(rate));
    let f = finding(ctx, Code::ExecRateMismatch, rate_cell(ctx), zh, en);
    out.push(f.figures(num(rate), num(stated)));
}

fn exec_score_check(ctx: &TableCtx, out: &mut Vec<Finding>, inflated: bool) {
    let ex = &ctx.review.execution;
    // Without a rate (budget empty or zero) the reader or fund-budget-missing has spoken.
    let (Some(stated), Some(rate)) = (ctx.table.execution.score.value, ex.rate) else {
        return;
    };
    let diff = stated.saturating_sub(ex.score);
    let tol = ctx.policy.tolerance.score;
    let fires = if inflated { diff > tol } else { -diff > tol };
    if !fires {
        return;
    }
    let cell = first_cell(&[ctx.table.execution.score.cell], rate_cell(ctx));
    let (code, zh_cmp, en_cmp) = if inflated {
        (Code::ExecScoreInflated, "高于", "is above")
    } else {
        (Code::ExecScoreUnderstated, "低于", "is below")
    };
    let capped = if ctx.policy.execution.cap && rate > Decimal::ONE {
        "（超过 100% 按 100% 计）"
    } else {
        ""
    };
    let zh = format!(
        "预算执行率得分填报 {} {zh_cmp}复核得分 {}（执行率 {}{capped} × 分值 {}）",
        num(stated),
        computed(ex.score),
        pct(rate),
        num(ex.weight)
    );
    let capped_en = if capped.is_empty() {
        ""
    } else {
        ", capped at 100%"
    };
    let en = format!(
        "stated execution 得分 {} {en_cmp} the reviewed {} (rate {}{capped_en} × weight {})",
        num(stated),
        computed(ex.score),
        pct(rate),
        num(ex.weight)
    );
    out.push(finding(ctx, code, cell, zh, en).figures(num(ex.score), num(stated)));
}

/// `exec-score-inflated`: at the execution 得分 cell.
pub fn exec_score_inflated(ctx: &TableCtx, out: &mut Vec<Finding>) {
    exec_score_check(ctx, out, true);
}

/// `exec-score-understated`: at the execution 得分 cell.
pub fn exec_score_understated(ctx: &TableCtx, out: &mut Vec<Finding>) {
    exec_score_check(ctx, out, false);
}

/// `exec-rate-low`: the unrounded rate below the threshold (exact), at the 执行率 cell.
pub fn exec_rate_low(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let Some(exact) = ctx.review.execution.rate_exact else {
        return;
    };
    let th = ctx.policy.execution.low_threshold;
    if exact >= th {
        return;
    }
    let (rate, terms, terms_en) = rate_parts(ctx, exact);
    // A rate a hair below the threshold (899,999 元 of 1,000,000) rounds up to it: shown cut
    // to 4 places instead, so that the message never says 90.00% is below 90.00%.
    let rate = if rate >= th {
        exact.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::ToZero)
    } else {
        rate
    };
    let zh = format!("预算执行率 {}（{terms}）低于 {}", pct(rate), pct(th));
    let en = format!(
        "execution rate {} ({terms_en}) is below {}",
        pct(rate),
        pct(th)
    );
    let f = finding(ctx, Code::ExecRateLow, rate_cell(ctx), zh, en);
    // The threshold is a policy value, not a reviewed figure (rules.md).
    out.push(f.with_found(num(rate)).with_limit(num(th)));
}
