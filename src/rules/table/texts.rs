//! The rules on an indicator's texts: a placeholder or unparsed 年度指标值, units that do
//! not convert, a qualitative 实际完成值 naming no level.

use super::{finding, first_cell, ind_label, indicators, num, row_cell, TableCtx};
use crate::diag::{Code, Finding};
use crate::score::IndicatorIssue;

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
            let (a, t) = (&ind.actual.text, &ind.target.text);
            let zh = format!(
                "{lz}实际完成值“{a}”的单位“{actual}”与年度指标值“{t}”的单位“{target}”不一致且无法换算，未复核计分"
            );
            let en = format!(
                "{le}: the unit “{actual}” of 实际完成值 “{a}” differs from the unit “{target}” of 年度指标值 “{t}” and does not convert; not re-scored"
            );
            out.push(finding(ctx, Code::UnitMismatch, cell, zh, en));
        }
    }
}

/// `qualitative-level-unknown`: at the 实际完成值 cell.
pub fn qualitative_level_unknown(ctx: &TableCtx, out: &mut Vec<Finding>) {
    // The level bounds a score; a form that scores nothing (the regional transfer form,
    // whose actuals restate the target: `明显改善`) has none to bound.
    if ctx.table.unscored {
        return;
    }
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

/// `（数值超出…）` / ` (the number is beyond …)` when the text holds a number beyond the
/// reader's bounds, which is then why it did not parse; empty otherwise.
fn bounds_suffix(text: &str) -> (String, String) {
    if !crate::decode::number::has_out_of_bounds_number(text) {
        return (String::new(), String::new());
    }
    let (zh, en) = crate::decode::number::bounds_note();
    (format!("（{zh}）"), format!(" ({en})"))
}
