//! The rules on the fund block (项目资金): the total against its source rows and, for a
//! department, against 基本支出 + 项目支出; a zero budget; execution over budget.

use super::{finding, first_cell, money, money_en, num, TableCtx};
use crate::diag::{Code, Finding};
use crate::model::{checked, FundRole, FundRow};
use rust_decimal::Decimal;

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
        let terms = |f: fn(Decimal) -> String| {
            let t: Vec<String> = vals.iter().map(|v| f(v.unwrap_or(Decimal::ZERO))).collect();
            t.join(" + ")
        };
        // Each figure once, in 万元 (reports.md "Ready to file").
        let zh = format!(
            "年度资金总额{zh_col}填报{}，{what_zh}{}（{}）",
            money(tv),
            money(sum),
            terms(money_en)
        );
        let en = format!(
            "年度资金总额 {en_col} {} ≠ {what_en} {} ({}), in 10k yuan",
            money_en(tv),
            money_en(sum),
            terms(money_en)
        );
        out.push(finding(ctx, code, cell, zh, en).figures(num(sum), num(tv)));
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
            .with_found("0"),
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
                    "年度资金总额全年执行数{}超过全年预算数{}（超出{}）",
                    money(e),
                    money(b),
                    money(over)
                ),
                format!(
                    "年度资金总额 全年执行数 {} exceeds 全年预算数 {} (by {}), in 10k yuan",
                    money_en(e),
                    money_en(b),
                    money_en(over)
                ),
            )
            // The budget is the bound compared with, not a reviewed figure.
            .with_found(num(e))
            .with_limit(num(b)),
        );
    }
}
