//! The rules on each indicator's 得分: above 分值, negative, above or below the reviewed
//! score (with how the review came about), no reason for a deduction, an overachievement
//! not explained.

use super::{computed, finding, first_cell, ind_label, indicators, num, pct, row_cell, TableCtx};
use crate::diag::{Code, Finding};
use crate::model::{CellRef, Indicator};
use crate::score::value::op_symbol;
use crate::score::{IndicatorKind, IndicatorReview, Level, Op, Reverse, Satisfaction};
use rust_decimal::Decimal;

fn score_cell(ind: &Indicator) -> CellRef {
    first_cell(&[ind.score.cell, ind.weight.cell], row_cell(ind))
}

/// `score-over-weight`: 得分 > 分值, exact.
pub fn score_over_weight(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for ind in &ctx.table.indicators {
        let (Some(s), Some(w)) = (ind.score.value, ind.weight.value) else {
            continue;
        };
        if s > w {
            let (lz, le) = ind_label(ind);
            out.push(
                finding(
                    ctx,
                    Code::ScoreOverWeight,
                    score_cell(ind),
                    format!("{lz}得分 {} 高于分值 {}", num(s), num(w)),
                    format!("{le}: 得分 {} exceeds 分值 {}", num(s), num(w)),
                )
                // 分值 is the bound compared with, no reviewed figure (rules.md, "Expected
                // and found").
                .with_found(num(s))
                .with_limit(num(w)),
            );
        }
    }
}

/// `score-negative`: 得分 < 0.
pub fn score_negative(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for ind in &ctx.table.indicators {
        let Some(s) = ind.score.value else { continue };
        if s < Decimal::ZERO {
            let (lz, le) = ind_label(ind);
            out.push(
                finding(
                    ctx,
                    Code::ScoreNegative,
                    score_cell(ind),
                    format!("{lz}得分 {} 为负数", num(s)),
                    format!("{le}: 得分 {} is negative", num(s)),
                )
                .with_found(num(s))
                .with_limit("0"),
            );
        }
    }
}

/// How the reviewed score of an indicator came about, for messages.
fn explain(ind: &Indicator, r: &IndicatorReview, ctx: &TableCtx) -> (String, String) {
    let w = ind.weight.value.map(num).unwrap_or_default();
    if let Some(level) = r.level {
        return explain_band(level, ind.weight.value.unwrap_or_default());
    }
    if r.kind == IndicatorKind::Quantitative && r.score.is_some() {
        let (Some(op), Some(a), Some(b)) = (r.op, r.target_value, r.actual_value) else {
            return (String::new(), String::new());
        };
        if let (Op::Between, Some(high)) = (op, r.target_upper) {
            return explain_range(ind, r, ctx, (a, high, b), &w);
        }
        return explain_formula(r, ctx, (op, a, b), &w);
    }
    (
        format!("未复核计分，按填报得分计，但不超过分值 {w}、不低于 0"),
        format!("not re-scored: the stated score counts, within 0 and the weight {w}"),
    )
}

/// A qualitative indicator: its level's band for weight `w`.
fn explain_band(level: Level, w: Decimal) -> (String, String) {
    let (lvl_zh, lvl_en, range_zh) = match level {
        Level::Met => ("达成", "met", "0.8 × 分值 ≤ 得分 ≤ 分值"),
        Level::Partial => ("部分达成", "partly met", "0.6 × 分值 ≤ 得分 < 0.8 × 分值"),
        Level::NotMet => ("未达成", "not met", "0 ≤ 得分 < 0.6 × 分值"),
    };
    let (lo, hi, open) = crate::score::band_of(level, w);
    let hi_sym = if open { "<" } else { "≤" };
    (
        format!(
            "定性指标“{lvl_zh}”，得分区间 {range_zh}，即 {} ≤ 得分 {hi_sym} {}",
            num(lo),
            num(hi)
        ),
        format!(
            "qualitative, {lvl_en}: {} ≤ score {hi_sym} {}",
            num(lo),
            num(hi)
        ),
    )
}

/// A quantitative indicator scored by formula: target `op a`, actual `b`, weight `w`.
fn explain_formula(
    r: &IndicatorReview,
    ctx: &TableCtx,
    (op, a, b): (Op, Decimal, Decimal),
    w: &str,
) -> (String, String) {
    let unit = r.unit.clone().unwrap_or_default();
    let target = format!("{}{}{unit}", op_symbol(op), num(a));
    let actual = format!("{}{unit}", num(b));
    let met = r.met == Some(true);
    let (a, b) = (num(a), num(b));
    let zero = r.target_value.is_some_and(|a| a <= Decimal::ZERO);
    let how = if met {
        format!("实际 {actual} 达到目标 {target}，得满分 {w}")
    } else if zero && !r.satisfaction {
        // A target of none (`0起`, `≤0`) is met by none alone: no ratio to show.
        format!("实际 {actual} 未达目标 {target}：目标为零，未达到即得 0 分")
    } else if r.satisfaction {
        match ctx.policy.satisfaction {
            Satisfaction::Rate => format!("满意度 {actual}：分值 {w} × {b} / 100"),
            Satisfaction::Proportional => {
                format!("满意度 {actual} 未达目标 {target}：分值 {w} × {b} / {a}")
            }
        }
    } else {
        let formula = match (op, ctx.policy.reverse) {
            (Op::Le | Op::Lt, Reverse::Ratio) => format!("{a} / {b}"),
            (Op::Le | Op::Lt, Reverse::Linear) => format!("(1 − ({b} − {a}) / {a})"),
            _ => format!("{b} / {a}"),
        };
        format!("实际 {actual} 未达目标 {target}：分值 {w} × {formula}")
    };
    let how_en = format!(
        "target {target}, actual {actual}, weight {w}{}",
        if met { ": met, full marks" } else { "" }
    );
    (how, how_en)
}

/// A range target `low–high` (shown as written), actual `b`, weight `w`: met inside; the end
/// crossed binds outside it.
fn explain_range(
    ind: &Indicator,
    r: &IndicatorReview,
    ctx: &TableCtx,
    (low, high, b): (Decimal, Decimal, Decimal),
    w: &str,
) -> (String, String) {
    let unit = r.unit.clone().unwrap_or_default();
    let written = &ind.target.text;
    let actual = format!("{}{unit}", num(b));
    let (lo, hi, bn) = (num(low), num(high), num(b));
    let how = if r.met == Some(true) {
        format!("实际 {actual} 在目标区间“{written}”内，得满分 {w}")
    } else if b < low {
        format!("实际 {actual} 低于目标区间“{written}”的下限 {lo}{unit}：分值 {w} × {bn} / {lo}")
    } else if high <= Decimal::ZERO {
        format!("实际 {actual} 高于目标区间“{written}”的上限 {hi}{unit}：上限为零，超出即得 0 分")
    } else {
        let formula = match ctx.policy.reverse {
            Reverse::Ratio => format!("{hi} / {bn}"),
            Reverse::Linear => format!("(1 − ({bn} − {hi}) / {hi})"),
        };
        format!("实际 {actual} 高于目标区间“{written}”的上限 {hi}{unit}：分值 {w} × {formula}")
    };
    let how_en = format!(
        "target range {written} ({lo} to {hi}{unit}), actual {actual}, weight {w}{}",
        if r.met == Some(true) {
            ": met, full marks"
        } else if b < low {
            ": below the lower end, which binds"
        } else {
            ": above the upper end, which binds"
        }
    );
    (how, how_en)
}

fn score_check(ctx: &TableCtx, out: &mut Vec<Finding>, inflated: bool) {
    let tol = ctx.policy.tolerance.score;
    for (ind, r) in indicators(ctx) {
        let Some(s) = ind.score.value else { continue };
        let diff = s.saturating_sub(r.counted);
        // rules.md: `score-over-weight` also gives `score-inflated`, however little the excess
        // (a score above its weight is no rounding the tolerance forgives).
        let over = ind.weight.value.is_some_and(|w| s > w) && diff > Decimal::ZERO;
        let fires = if inflated {
            diff > tol || over
        } else {
            -diff > tol
        };
        if !fires {
            continue;
        }
        let (lz, le) = ind_label(ind);
        let (how_zh, how_en) = explain(ind, r, ctx);
        let (code, zh_cmp, en_cmp) = if inflated {
            (Code::ScoreInflated, "高于", "is above")
        } else {
            (Code::ScoreUnderstated, "低于", "is below")
        };
        out.push(
            finding(
                ctx,
                code,
                score_cell(ind),
                format!(
                    "{lz}得分填报 {} {zh_cmp}复核得分 {}（{how_zh}）",
                    num(s),
                    computed(r.counted)
                ),
                format!(
                    "{le}: stated 得分 {} {en_cmp} the reviewed {} ({how_en})",
                    num(s),
                    computed(r.counted)
                ),
            )
            .figures(num(r.counted), num(s)),
        );
    }
}

/// `score-inflated`: stated 得分 above the reviewed (or counted) score.
pub fn score_inflated(ctx: &TableCtx, out: &mut Vec<Finding>) {
    score_check(ctx, out, true);
}

/// `score-understated`: stated 得分 below the reviewed score.
pub fn score_understated(ctx: &TableCtx, out: &mut Vec<Finding>) {
    score_check(ctx, out, false);
}

/// `reason-missing`: 得分 < 分值 (exact) or the target not met, and no reason; at the
/// reason cell.
pub fn reason_missing(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for (ind, r) in indicators(ctx) {
        if !ind.reason.is_empty() {
            continue;
        }
        let deducted = match (ind.score.value, ind.weight.value) {
            (Some(s), Some(w)) => s < w,
            _ => false,
        };
        let not_met = r.met == Some(false);
        if !(deducted || not_met) {
            continue;
        }
        let (lz, le) = ind_label(ind);
        let (actual, target) = (&ind.actual.text, &ind.target.text);
        let (why_zh, why_en) = match (ind.score.value, ind.weight.value) {
            (Some(s), Some(w)) if deducted => (
                format!("得分 {} 低于分值 {}", num(s), num(w)),
                format!("得分 {} is below 分值 {}", num(s), num(w)),
            ),
            _ => (
                format!("实际完成值“{actual}”未达到年度指标值“{target}”"),
                format!("实际完成值 “{actual}” did not meet 年度指标值 “{target}”"),
            ),
        };
        let cell = first_cell(&[ind.reason.cell], score_cell(ind));
        let mut f = finding(
            ctx,
            Code::ReasonMissing,
            cell,
            format!("{lz}{why_zh}，但未填写偏差原因分析及改进措施"),
            format!("{le}: {why_en}, and 偏差原因分析及改进措施 is empty"),
        );
        if let (Some(s), Some(w), true) = (ind.score.value, ind.weight.value, deducted) {
            // The 分值 is the bound the score fell below: a limit, not a reviewed figure.
            f = f.with_found(num(s)).with_limit(num(w));
        }
        out.push(f);
    }
}

/// `overachievement-unexplained`: at the 实际完成值 cell.
pub fn overachievement_unexplained(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for (ind, r) in indicators(ctx) {
        if !r.overachieved || !ind.reason.is_empty() {
            continue;
        }
        let (Some(a), Some(b)) = (r.target_value, r.actual_value) else {
            continue;
        };
        let (lz, le) = ind_label(ind);
        let share = b.checked_div(a).map(pct).unwrap_or_default();
        let ratio = pct(ctx.policy.overachievement_ratio);
        let (actual, target) = (&ind.actual.text, &ind.target.text);
        let zh = format!(
            "{lz}实际完成值“{actual}”为年度指标值“{target}”的 {share}（≥ {ratio}），未说明超额原因"
        );
        let en = format!(
            "{le}: 实际完成值 “{actual}” is {share} of 年度指标值 “{target}” (≥ {ratio}) and no reason is given"
        );
        let cell = first_cell(&[ind.actual.cell], row_cell(ind));
        let f = finding(ctx, Code::OverachievementUnexplained, cell, zh, en);
        // The threshold is ratio × target (rules.md: a compared threshold goes in `limit`).
        let bound = a.checked_mul(ctx.policy.overachievement_ratio).unwrap_or(a);
        out.push(f.with_found(num(b)).with_limit(num(bound)));
    }
}
