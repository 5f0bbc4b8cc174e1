//! The rules on categories and weights: an 一级指标 the scheme does not know or lacks, a
//! category's 分值 against its label and the policy, the 总分 分值.

use super::{finding, first_cell, indicators, num, row_cell, TableCtx};
use crate::diag::{Code, Finding};
use crate::model::{checked, CellRef, Indicator};
use crate::score::policy::category_key;
use crate::score::{IndicatorReview, Scheme};
use rust_decimal::Decimal;

/// Indicators grouped by 一级 label (spaces and a trailing 指标 ignored), in sheet order;
/// indicators without a label are left out.
fn categories<'a>(ctx: &'a TableCtx) -> Vec<(String, Vec<(&'a Indicator, &'a IndicatorReview)>)> {
    let mut groups: Vec<(String, Vec<(&Indicator, &IndicatorReview)>)> = Vec::new();
    for (ind, r) in indicators(ctx) {
        let key = category_key(&ind.level1);
        if key.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push((ind, r)),
            None => groups.push((key, vec![(ind, r)])),
        }
    }
    groups
}

fn category_cell(ctx: &TableCtx, g: &[(&Indicator, &IndicatorReview)]) -> CellRef {
    let label_cell = g.iter().find_map(|(i, _)| i.level1_cell);
    let fallback = g
        .first()
        .map(|(i, _)| row_cell(i))
        .unwrap_or(ctx.table.title_cell);
    label_cell.unwrap_or(fallback)
}

/// `category-unknown`: at the 一级 label.
pub fn category_unknown(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let weights = ctx.policy.weights(ctx.review.scheme);
    let (sz, se) = scheme_names(ctx.review.scheme);
    let known: Vec<&str> = weights.0.iter().map(|(k, _)| k.as_str()).collect();
    for (_, g) in categories(ctx) {
        let label = g[0].0.level1.as_str();
        if weights.find(label).is_none() {
            out.push(finding(
                ctx,
                Code::CategoryUnknown,
                category_cell(ctx, &g),
                format!(
                    "一级指标“{label}”不属于{sz}评分方案（{}）",
                    known.join("、")
                ),
                format!(
                    "一级指标 “{label}” is not a category of the {se} scheme ({})",
                    known.join(", ")
                ),
            ));
        }
    }
}

/// `category-missing`: at the title cell.
pub fn category_missing(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let weights = ctx.policy.weights(ctx.review.scheme);
    let (sz, se) = scheme_names(ctx.review.scheme);
    let present: Vec<String> = categories(ctx).into_iter().map(|(k, _)| k).collect();
    if present.is_empty() && !ctx.table.indicators.is_empty() {
        // No indicator names a 一级 (Chongqing's form has no such column): the table has no
        // categories to miss.
        return;
    }
    for (cat, w) in &weights.0 {
        if !present.contains(&category_key(cat)) {
            out.push(
                finding(
                    ctx,
                    Code::CategoryMissing,
                    ctx.table.title_cell,
                    format!("{sz}评分方案的一级指标“{cat}”（{}分）没有任何指标", num(*w)),
                    format!(
                        "category “{cat}” ({} points) of the {se} scheme has no indicator",
                        num(*w)
                    ),
                )
                // The category's policy weight is what the table was compared with.
                .with_found("0")
                .with_limit(num(*w)),
            );
        }
    }
}

/// `weight-category-mismatch`: at the 一级 label. The weight written in the label is
/// checked first (the table's own arithmetic); when it agrees, the policy weight.
pub fn weight_category_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let weights = ctx.policy.weights(ctx.review.scheme);
    let tol = ctx.policy.tolerance.score;
    for (_, g) in categories(ctx) {
        // A missing 分值 is the reader's finding; the sum would only repeat it.
        if g.iter().any(|(i, _)| i.weight.value.is_none()) {
            continue;
        }
        let Some(sum) = checked::sum(g.iter().filter_map(|(i, _)| i.weight.value)) else {
            continue;
        };
        let label = g[0].0.level1.as_str();
        let label_weight = g.iter().find_map(|(i, _)| i.level1_weight);
        let parts: Vec<String> = g
            .iter()
            .filter_map(|(i, _)| i.weight.value.map(num))
            .collect();
        let parts = parts.join(" + ");
        // The label's weight is a stated figure (the sum is the computed one, compared within
        // the tolerance); the policy weight is a limit: exact, in `limit` (scoring.md, Policy).
        let (expected, stated, zh_what, en_what) = match (label_weight, weights.find(label)) {
            (Some(lw), _) if sum.saturating_sub(lw).abs() > tol => {
                (lw, true, "标签中的分值", "the weight in its label")
            }
            (_, Some((_, pw))) if sum != pw => (pw, false, "政策权重", "the policy weight"),
            _ => continue,
        };
        let f = finding(
            ctx,
            Code::WeightCategoryMismatch,
            category_cell(ctx, &g),
            format!(
                "一级指标“{label}”分值合计 {}（{parts}）≠ {zh_what} {}",
                num(sum),
                num(expected)
            ),
            format!(
                "一级指标 “{label}”: Σ 分值 {} ({parts}) ≠ {en_what} {}",
                num(sum),
                num(expected)
            ),
        );
        out.push(if stated {
            f.figures(num(sum), num(expected))
        } else {
            f.with_found(num(sum)).with_limit(num(expected))
        });
    }
}

/// `weight-total-mismatch`: at the 总分 分值 cell.
pub fn weight_total_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let t = ctx.table;
    if t.indicators.iter().any(|i| i.weight.value.is_none()) {
        return;
    }
    let exec_w = t
        .execution
        .weight
        .value
        .unwrap_or(ctx.review.execution.weight);
    let weights = t.indicators.iter().filter_map(|i| i.weight.value);
    let Some((ind_sum, sum)) =
        checked::sum(weights).and_then(|s| Some((s, exec_w.checked_add(s)?)))
    else {
        return;
    };
    let hundred = Decimal::ONE_HUNDRED;
    let tol = ctx.policy.tolerance.score;
    let cell = first_cell(&[t.total.weight.cell, t.total.score.cell], t.title_cell);
    let stated = t.total.weight.value;
    // 100 is a limit (exact, in `limit`); the sum against the 总分 分值 written is the table's
    // own arithmetic (computed against stated, within the tolerance).
    let (computed, found) = match stated {
        Some(tw) if tw != hundred => (None, tw),
        Some(tw) if sum.saturating_sub(tw).abs() > tol => (Some(sum), tw),
        Some(_) if sum != hundred => (None, sum),
        Some(_) => return,
        None if sum != hundred => (None, sum),
        None => return,
    };
    let stated_txt = stated.map(num).unwrap_or_else(|| "（空）".into());
    let f = finding(
        ctx,
        Code::WeightTotalMismatch,
        cell,
        format!(
            "总分分值 {stated_txt}，执行率分值 {} + 指标分值合计 {} = {}，应均为 100",
            num(exec_w),
            num(ind_sum),
            num(sum)
        ),
        format!(
            "总分 分值 {}, execution 分值 {} + Σ indicator 分值 {} = {}; both must be 100",
            stated.map(num).unwrap_or_else(|| "(empty)".into()),
            num(exec_w),
            num(ind_sum),
            num(sum)
        ),
    )
    .with_found(num(found));
    out.push(match computed {
        Some(sum) => f.figures(num(sum), num(found)),
        None => f.with_limit(num(hundred)),
    });
}

fn scheme_names(s: Scheme) -> (&'static str, &'static str) {
    match s {
        Scheme::Project => ("项目支出", "project"),
        Scheme::Transfer => ("转移支付", "transfer"),
        Scheme::DepartmentManagement => ("部门整体（部门管理类）", "department (management)"),
        Scheme::DepartmentProject => ("部门整体（项目类）", "department (project)"),
    }
}
