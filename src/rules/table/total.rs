//! The rules on the 总分 row and the grade: the stated total against its parts, the stated
//! 自评等级 against the stated total, the reviewed grade against the stated one.

use super::{computed, finding, first_cell, num, TableCtx};
use crate::diag::{Code, Finding};
use crate::model::{checked, CellRef};
use rust_decimal::Decimal;

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
                "总分填报{}，应为{}（执行率得分{} + 指标得分合计{}）",
                num(total),
                computed(sum),
                num(exec),
                computed(inds)
            ),
            format!(
                "stated 总分 得分 {} ≠ execution 得分 {} + Σ indicator 得分 {} = {}",
                num(total),
                num(exec),
                computed(inds),
                computed(sum)
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
                computed(ctx.review.total),
                stated.as_str(),
                stated.as_str(),
                reviewed.as_str()
            ),
            format!(
                "the reviewed grade “{}” (reviewed total {}) differs from the stated grade “{}”: {} → {}",
                reviewed.as_str(),
                computed(ctx.review.total),
                stated.as_str(),
                stated.as_str(),
                reviewed.as_str()
            ),
        )
        .figures(reviewed.as_str(), stated.as_str()),
    );
}
