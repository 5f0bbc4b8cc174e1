//! The checks of the Table stage: one function per rule, each attached to its catalogue
//! entry (`catalog.rs` names it). A check compares the stated table with its precomputed
//! [`Review`]; it never recomputes a score. Missing values are the reader's
//! (`field-missing`): a check that needs one stays silent.
//!
//! Figures come from input: sums are checked (a sum that would overflow cannot be compared,
//! and its rule stays silent) and differences saturate, so no operator here can panic.

use super::catalog::{checks_of, Producer};
use crate::diag::{Code, Finding, Message, Stage};
use crate::model::{checked, CellRef, FundRole, FundRow, Indicator, Table};
use crate::score::policy::category_key;
use crate::score::value::op_symbol;
use crate::score::{
    round_rate, IndicatorIssue, IndicatorKind, IndicatorReview, Level, Op, Policy, Reverse, Review,
    Satisfaction, Scheme,
};
use rust_decimal::Decimal;

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
/// let findings = selfeval::rules::check_table(&t, &review(&t, &p), &p);
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

/// A rate (fraction) as a percent, to 2 dp at most (`0.9403` → `94.03%`).
pub(crate) fn pct(d: Decimal) -> String {
    let p = d
        .saturating_mul(Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", num(p))
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

/// `（数值超出…）` / ` (the number is beyond …)` when the text holds a number beyond the
/// reader's bounds, which is then why it did not parse; empty otherwise.
fn bounds_suffix(text: &str) -> (String, String) {
    if !crate::read::number::has_out_of_bounds_number(text) {
        return (String::new(), String::new());
    }
    let (zh, en) = crate::read::number::bounds_note();
    (format!("（{zh}）"), format!(" ({en})"))
}

fn scheme_names(s: Scheme) -> (&'static str, &'static str) {
    match s {
        Scheme::Project => ("项目支出", "project"),
        Scheme::Transfer => ("转移支付", "transfer"),
        Scheme::DepartmentManagement => ("部门整体（部门管理类）", "department (management)"),
        Scheme::DepartmentProject => ("部门整体（项目类）", "department (project)"),
    }
}

// ---------------------------------------------------------------------------------------
// Indicator texts.

/// `target-placeholder`: at the 年度指标值 cell.
pub fn target_placeholder(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for (ind, r) in indicators(ctx) {
        if r.issue == Some(IndicatorIssue::TargetPlaceholder) {
            let (lz, le) = ind_label(ind);
            let cell = first_cell(&[ind.target.cell, ind.name.cell], row_cell(ind));
            out.push(finding(
                ctx,
                Code::TargetPlaceholder,
                cell,
                format!(
                    "{lz}年度指标值为空或为占位符（“{}”），未复核计分",
                    ind.target.text
                ),
                format!(
                    "{le}: 年度指标值 is empty or a placeholder (“{}”); not re-scored",
                    ind.target.text
                ),
            ));
        }
    }
}

/// `target-unparsed`: at the 年度指标值 cell.
pub fn target_unparsed(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for (ind, r) in indicators(ctx) {
        if r.issue == Some(IndicatorIssue::TargetUnparsed) {
            let (lz, le) = ind_label(ind);
            let (bz, be) = bounds_suffix(&ind.target.text);
            let cell = first_cell(&[ind.target.cell, ind.name.cell], row_cell(ind));
            out.push(finding(
                ctx,
                Code::TargetUnparsed,
                cell,
                format!(
                    "{lz}年度指标值“{}”无法识别为“符号 数值 单位”{bz}，未复核计分",
                    ind.target.text
                ),
                format!(
                    "{le}: 年度指标值 “{}” is not operator, number, unit{be}; not re-scored",
                    ind.target.text
                ),
            ));
        }
    }
}

/// `unit-mismatch`: at the 实际完成值 cell.
pub fn unit_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for (ind, r) in indicators(ctx) {
        if let Some(IndicatorIssue::UnitMismatch { target, actual }) = &r.issue {
            let (lz, le) = ind_label(ind);
            let cell = first_cell(&[ind.actual.cell, ind.target.cell], row_cell(ind));
            out.push(finding(
                ctx,
                Code::UnitMismatch,
                cell,
                format!(
                    "{lz}实际完成值“{}”的单位“{actual}”与年度指标值“{}”的单位“{target}”不一致且无法换算，未复核计分",
                    ind.actual.text, ind.target.text
                ),
                format!(
                    "{le}: the unit “{actual}” of 实际完成值 “{}” differs from the unit “{target}” of 年度指标值 “{}” and does not convert; not re-scored",
                    ind.actual.text, ind.target.text
                ),
            ));
        }
    }
}

/// `qualitative-level-unknown`: at the 实际完成值 cell.
pub fn qualitative_level_unknown(ctx: &TableCtx, out: &mut Vec<Finding>) {
    for (ind, r) in indicators(ctx) {
        if r.issue == Some(IndicatorIssue::LevelUnknown) {
            let (lz, le) = ind_label(ind);
            let cell = first_cell(&[ind.actual.cell], row_cell(ind));
            let kept = num(r.counted);
            let (bz, be) = bounds_suffix(&ind.actual.text);
            out.push(finding(
                ctx,
                Code::QualitativeLevelUnknown,
                cell,
                format!(
                    "{lz}实际完成值“{}”{bz}未写明达成等级（达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差），按填报得分 {kept} 计",
                    ind.actual.text
                ),
                format!(
                    "{le}: 实际完成值 “{}”{be} names none of the three levels (达成 / 部分达成 / 未达成); the stated score {kept} stands",
                    ind.actual.text
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Categories and weights.

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
                .figures(num(*w), "0"),
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
        let (expected, zh_what, en_what) = match (label_weight, weights.find(label)) {
            (Some(lw), _) if sum.saturating_sub(lw).abs() > tol => {
                (lw, "标签中的分值", "the weight in its label")
            }
            (_, Some((_, pw))) if sum.saturating_sub(pw).abs() > tol => {
                (pw, "政策权重", "the policy weight")
            }
            _ => continue,
        };
        out.push(
            finding(
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
            )
            .figures(num(expected), num(sum)),
        );
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
    let (expected, found) = match stated {
        Some(tw) if tw != hundred => (hundred, tw),
        Some(tw) if sum.saturating_sub(tw).abs() > tol => (sum, tw),
        Some(_) => return,
        None if sum != hundred => (hundred, sum),
        None => return,
    };
    let stated_txt = stated.map(num).unwrap_or_else(|| "（空）".into());
    out.push(
        finding(
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
        .figures(num(expected), num(found)),
    );
}

// ---------------------------------------------------------------------------------------
// Funds and execution.

type Column = (
    &'static str,
    &'static str,
    fn(&FundRow) -> crate::model::Figure,
);

const COLUMNS: [Column; 3] = [
    ("年初预算数", "年初预算数 (initial budget)", |r| {
        r.initial
    }),
    ("全年预算数", "全年预算数 (budget)", |r| r.budget),
    ("全年执行数", "全年执行数 (executed)", |r| {
        r.executed
    }),
];

/// Compares the total with a sum of rows in each column (shared by the two fund rules).
fn fund_parts_check(
    ctx: &TableCtx,
    out: &mut Vec<Finding>,
    code: Code,
    parts: &[&FundRow],
    require_all: bool,
    what_zh: &str,
    what_en: &str,
) {
    let Some(total) = ctx.table.total_row() else {
        return;
    };
    if parts.is_empty() {
        return;
    }
    for (zh_col, en_col, get) in COLUMNS {
        let tf = get(total);
        let (Some(tv), Some(cell)) = (tf.value, tf.cell) else {
            continue;
        };
        let vals: Vec<Option<Decimal>> = parts.iter().map(|r| get(r).value).collect();
        let filled = vals.iter().filter(|v| v.is_some()).count();
        if filled == 0 || (require_all && filled < vals.len()) {
            continue;
        }
        let Some(sum) = checked::sum(vals.iter().flatten().copied()) else {
            continue;
        };
        if tv.saturating_sub(sum).abs() <= ctx.policy.tolerance.money {
            continue;
        }
        let terms: Vec<String> = vals
            .iter()
            .map(|v| num(v.unwrap_or(Decimal::ZERO)))
            .collect();
        let terms = terms.join(" + ");
        out.push(
            finding(
                ctx,
                code,
                cell,
                format!(
                    "年度资金总额 {zh_col} {} ≠ {what_zh} {}（{terms}）",
                    num(tv),
                    num(sum)
                ),
                format!(
                    "年度资金总额 {en_col} {} ≠ {what_en} {} ({terms})",
                    num(tv),
                    num(sum)
                ),
            )
            .figures(num(sum), num(tv)),
        );
    }
}

/// `fund-sum-mismatch`: one finding per amount column, at the total's cell.
pub fn fund_sum_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let parts: Vec<&FundRow> = ctx
        .table
        .funds
        .rows
        .iter()
        .filter(|r| r.role.is_source())
        .collect();
    fund_parts_check(
        ctx,
        out,
        Code::FundSumMismatch,
        &parts,
        false,
        "分项合计",
        "sum of source rows",
    );
}

/// `fund-split-mismatch`: department 基本支出 + 项目支出, in columns where both are filled.
pub fn fund_split_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let funds = &ctx.table.funds;
    let (Some(basic), Some(project)) = (funds.row(FundRole::Basic), funds.row(FundRole::Project))
    else {
        return;
    };
    fund_parts_check(
        ctx,
        out,
        Code::FundSplitMismatch,
        &[basic, project],
        true,
        "基本支出 + 项目支出",
        "基本支出 + 项目支出",
    );
}

/// `fund-budget-missing`: a zero 全年预算数 on the total row, at that cell.
pub fn fund_budget_missing(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let Some(total) = ctx.table.total_row() else {
        return;
    };
    if total.budget.value.is_some_and(|b| b.is_zero()) {
        let cell = first_cell(&[total.budget.cell], total.cell);
        out.push(
            finding(
                ctx,
                Code::FundBudgetMissing,
                cell,
                "年度资金总额 全年预算数为 0，无法计算预算执行率，执行率得分按 0 计".into(),
                "年度资金总额 全年预算数 is 0: the execution rate cannot be computed and scores 0"
                    .into(),
            )
            .figures("0", "0"),
        );
    }
}

/// `fund-over-budget`: at the total's 全年执行数 cell.
pub fn fund_over_budget(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let Some(total) = ctx.table.total_row() else {
        return;
    };
    let (Some(b), Some(e)) = (total.budget.value, total.executed.value) else {
        return;
    };
    let over = e.saturating_sub(b);
    if over > ctx.policy.tolerance.money {
        let cell = first_cell(&[total.executed.cell], total.cell);
        out.push(
            finding(
                ctx,
                Code::FundOverBudget,
                cell,
                format!(
                    "年度资金总额 全年执行数 {} 超过全年预算数 {}（超出 {}）",
                    num(e),
                    num(b),
                    num(over)
                ),
                format!(
                    "年度资金总额 全年执行数 {} exceeds 全年预算数 {} (by {})",
                    num(e),
                    num(b),
                    num(over)
                ),
            )
            .figures(num(b), num(e)),
        );
    }
}

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

/// `(全年执行数 / 全年预算数)` with the row's figures, for messages.
fn rate_terms(ctx: &TableCtx) -> String {
    let total = ctx.table.total_row();
    let e = total
        .and_then(|r| r.executed.value)
        .map(num)
        .unwrap_or_default();
    let b = total
        .and_then(|r| r.budget.value)
        .map(num)
        .unwrap_or_default();
    format!("{e} / {b}")
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
    let rate = round_rate(exact);
    let terms = rate_terms(ctx);
    out.push(
        finding(
            ctx,
            Code::ExecRateMismatch,
            rate_cell(ctx),
            format!(
                "执行率填报 {} ≠ 全年执行数 / 全年预算数 = {terms} = {}",
                pct(stated),
                pct(rate)
            ),
            format!(
                "stated 执行率 {} ≠ 全年执行数 / 全年预算数 = {terms} = {}",
                pct(stated),
                pct(rate)
            ),
        )
        .figures(num(rate), num(stated)),
    );
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
    out.push(
        finding(
            ctx,
            code,
            cell,
            format!(
                "预算执行率得分填报 {} {zh_cmp}复核得分 {}（执行率 {}{capped} × 分值 {}）",
                num(stated),
                num(ex.score),
                pct(rate),
                num(ex.weight)
            ),
            format!(
                "stated execution 得分 {} {en_cmp} the reviewed {} (rate {}{} × weight {})",
                num(stated),
                num(ex.score),
                pct(rate),
                if capped.is_empty() {
                    ""
                } else {
                    ", capped at 100%"
                },
                num(ex.weight)
            ),
        )
        .figures(num(ex.score), num(stated)),
    );
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
    let rate = round_rate(exact);
    let terms = rate_terms(ctx);
    out.push(
        finding(
            ctx,
            Code::ExecRateLow,
            rate_cell(ctx),
            format!("预算执行率 {}（{terms}）低于 {}", pct(rate), pct(th)),
            format!(
                "execution rate {} ({terms}) is below {}",
                pct(rate),
                pct(th)
            ),
        )
        .figures(num(th), num(rate)),
    );
}

// ---------------------------------------------------------------------------------------
// Indicator scores.

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
                .figures(num(w), num(s)),
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
                .figures("0", num(s)),
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
    let how = if met {
        format!("实际 {actual} 达到目标 {target}，得满分 {w}")
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

fn score_check(ctx: &TableCtx, out: &mut Vec<Finding>, inflated: bool) {
    let tol = ctx.policy.tolerance.score;
    for (ind, r) in indicators(ctx) {
        let Some(s) = ind.score.value else { continue };
        let diff = s.saturating_sub(r.counted);
        let fires = if inflated { diff > tol } else { -diff > tol };
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
                    num(r.counted)
                ),
                format!(
                    "{le}: stated 得分 {} {en_cmp} the reviewed {} ({how_en})",
                    num(s),
                    num(r.counted)
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
        let (why_zh, why_en) = match (ind.score.value, ind.weight.value) {
            (Some(s), Some(w)) if deducted => (
                format!("得分 {} 低于分值 {}", num(s), num(w)),
                format!("得分 {} is below 分值 {}", num(s), num(w)),
            ),
            _ => (
                format!(
                    "实际完成值“{}”未达到年度指标值“{}”",
                    ind.actual.text, ind.target.text
                ),
                format!(
                    "实际完成值 “{}” did not meet 年度指标值 “{}”",
                    ind.actual.text, ind.target.text
                ),
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
            f = f.figures(num(w), num(s));
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
        out.push(
            finding(
                ctx,
                Code::OverachievementUnexplained,
                first_cell(&[ind.actual.cell], row_cell(ind)),
                format!(
                    "{lz}实际完成值“{}”为年度指标值“{}”的 {share}（≥ {ratio}），未说明超额原因",
                    ind.actual.text, ind.target.text
                ),
                format!(
                    "{le}: 实际完成值 “{}” is {share} of 年度指标值 “{}” (≥ {ratio}) and no reason is given",
                    ind.actual.text, ind.target.text
                ),
            )
            .figures(num(a), num(b)),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Total and grade.

/// `total-mismatch`: the table's own arithmetic; empty stated scores count 0.
pub fn total_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let t = ctx.table;
    let Some(total) = t.total.score.value else {
        return;
    };
    let exec = t.execution.score.value.unwrap_or(Decimal::ZERO);
    let scores = t.indicators.iter().filter_map(|i| i.score.value);
    let Some((inds, sum)) = checked::sum(scores).and_then(|s| Some((s, exec.checked_add(s)?)))
    else {
        return;
    };
    if total.saturating_sub(sum).abs() <= ctx.policy.tolerance.score {
        return;
    }
    let cell = first_cell(&[t.total.score.cell], t.title_cell);
    out.push(
        finding(
            ctx,
            Code::TotalMismatch,
            cell,
            format!(
                "总分得分填报 {} ≠ 执行率得分 {} + 指标得分合计 {} = {}",
                num(total),
                num(exec),
                num(inds),
                num(sum)
            ),
            format!(
                "stated 总分 得分 {} ≠ execution 得分 {} + Σ indicator 得分 {} = {}",
                num(total),
                num(exec),
                num(inds),
                num(sum)
            ),
        )
        .figures(num(sum), num(total)),
    );
}

fn grade_cell(ctx: &TableCtx) -> CellRef {
    let t = ctx.table;
    first_cell(
        &[t.grade_stated.map(|(_, c)| c), t.total.score.cell],
        t.title_cell,
    )
}

/// `grade-mismatch`: a stated 自评等级 against the grade of the stated total (exact bounds).
pub fn grade_mismatch(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let t = ctx.table;
    let (Some((stated, _)), Some(total)) = (t.grade_stated, t.total.score.value) else {
        return;
    };
    let should = ctx.policy.grades.grade(total);
    if should == stated {
        return;
    }
    out.push(
        finding(
            ctx,
            Code::GradeMismatch,
            grade_cell(ctx),
            format!(
                "自评等级“{}”与填报总分 {} 不符（应为“{}”）",
                stated.as_str(),
                num(total),
                should.as_str()
            ),
            format!(
                "stated 自评等级 “{}” does not match the stated total {} (“{}”)",
                stated.as_str(),
                num(total),
                should.as_str()
            ),
        )
        .figures(should.as_str(), stated.as_str()),
    );
}

/// `grade-changed`: the reviewed grade differs from the stated one.
pub fn grade_changed(ctx: &TableCtx, out: &mut Vec<Finding>) {
    let Some(stated) = ctx.review.grade_stated else {
        return;
    };
    let reviewed = ctx.review.grade;
    if stated == reviewed {
        return;
    }
    out.push(
        finding(
            ctx,
            Code::GradeChanged,
            grade_cell(ctx),
            format!(
                "复核等级“{}”（复核总分 {}）与自评等级“{}”不同：{} → {}",
                reviewed.as_str(),
                num(ctx.review.total),
                stated.as_str(),
                stated.as_str(),
                reviewed.as_str()
            ),
            format!(
                "the reviewed grade “{}” (reviewed total {}) differs from the stated grade “{}”: {} → {}",
                reviewed.as_str(),
                num(ctx.review.total),
                stated.as_str(),
                stated.as_str(),
                reviewed.as_str()
            ),
        )
        .figures(reviewed.as_str(), stated.as_str()),
    );
}
