//! The goals block (年度总体目标): each row's expected target and actual outcome, under an
//! optional 预期目标 | 实际完成情况 header.

use super::{short_text, Ctx};
use crate::form::labels::{self, Field};
use crate::model::{CellRef, Goal, Table, Text};

/// Where the goals block's columns are.
struct GoalCols {
    /// The 年度总体目标 label.
    label: CellRef,
    /// The 预期目标 column, when there is a header.
    target: Option<u32>,
    /// The 实际完成情况 column, when there is a header.
    outcome: Option<u32>,
    /// The 全年（调整）绩效目标 column, when the header has one (Chongqing).
    adjusted: Option<u32>,
    /// The header's row (the label's when there is none).
    row: u32,
}

/// Reads the goals between the fund block (`from`) and the indicator header (`until`).
pub(super) fn read_goals(cx: &Ctx<'_>, t: &mut Table, from: u32, until: Option<u32>) {
    let g = cx.g;
    let until = until.unwrap_or(cx.end);
    let Some(label) = cx.find_field(Field::Goals, from).filter(|l| l.row < until) else {
        return;
    };
    let cols = goal_cols(cx, label, until);
    let first_row = if cols.target.is_some() {
        cols.row + 1
    } else {
        label.row
    };
    for r in first_row..until {
        // Stop at anything that looks like the indicator block.
        if g.row(r).any(|(_, cell)| {
            short_text(cell).is_some_and(|s| {
                // Keyed once for both classifiers.
                let k = labels::key(s);
                labels::field_of_key(&k) == Some(Field::Indicators)
                    || labels::header_of_key(&k).is_some()
            })
        }) {
            break;
        }
        let (target, outcome) = goal_row(cx, &cols, r);
        if cols.target.is_none()
            && target.text == labels::squash(&target.text)
            && labels::classify_field(&target.text).is_some()
        {
            continue;
        }
        if !target.is_empty() || !outcome.is_empty() {
            t.goals.push(Goal { target, outcome });
        }
    }
}

/// The 预期目标 | 实际完成情况 header, on the label's row or just below.
fn goal_cols(cx: &Ctx<'_>, label: CellRef, until: u32) -> GoalCols {
    let mut cols = GoalCols {
        label,
        target: None,
        outcome: None,
        adjusted: None,
        row: label.row,
    };
    for r in label.row..(label.row + 3).min(until) {
        for (c, cell) in cx.g.row(r) {
            match short_text(cell).and_then(labels::classify_field) {
                Some(Field::GoalTarget) => {
                    cols.target = Some(c);
                    cols.row = r;
                }
                Some(Field::GoalOutcome) => {
                    cols.outcome = Some(c);
                    cols.row = r;
                }
                Some(Field::GoalAdjusted) => cols.adjusted = Some(c),
                _ => {}
            }
        }
        if cols.target.is_some() {
            break;
        }
    }
    cols
}

/// One row's target and outcome: the first text left of the outcome column, and the
/// first from it on (the label itself passed over). Where the header has an adjusted goal
/// (全年（调整）绩效目标, Chongqing) written with more than a placeholder, it is the target:
/// the year is judged by the goal as adjusted, as by an adjusted indicator target.
fn goal_row(cx: &Ctx<'_>, cols: &GoalCols, r: u32) -> (Text, Text) {
    let g = cx.g;
    let label = cols.label;
    let label_end = g.span_end_col(label.row, label.col);
    let [mut target, mut adjusted, mut outcome] = [(); 3].map(|_| Text::default());
    for (c, cell) in g.row(r) {
        if c <= label_end && g.anchor(r, c) == label {
            continue;
        }
        if c == label.col && r == label.row {
            continue;
        }
        let s = cell.as_text();
        if s.is_empty() {
            continue;
        }
        let from = |col: Option<u32>| col.is_some_and(|x| c >= x);
        let slot = if from(cols.outcome) {
            &mut outcome
        } else if from(cols.adjusted) {
            &mut adjusted
        } else {
            &mut target
        };
        if slot.is_empty() {
            *slot = Text::new(s, CellRef::new(r, c));
        }
    }
    if !crate::read::declaration::is_placeholder(&adjusted.text) {
        target = adjusted;
    }
    (target, outcome)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_adjusted_goal_given_is_the_goal_and_a_placeholder_is_not() {
        // Chongqing's row `年初绩效目标 无 | 全年（调整）绩效目标 … | 全年目标实际完成情况 …`
        // (docs/reader.md "Chongqing's and Fujian's forms"): the draft report said `目标：无`.
        let read =
            crate::read::read_bytes(&crate::read::fixture("fixtures/cqform/c01_chongqing.xlsx"));
        let goals = &read.tables[0].table.goals;
        assert_eq!(goals.len(), 1, "{goals:?}");
        assert!(
            goals[0].target.text.starts_with("保障中心正常运转"),
            "{goals:?}"
        );
        assert!(
            goals[0].outcome.text.starts_with("中心较好地完成"),
            "{goals:?}"
        );
        // Fujian's block `年度总体目标完成情况 | 预期目标 | 目标实际完成情况` (no adjusted
        // goal) was not read at all: its goals are there, each target with its outcome.
        let read =
            crate::read::read_bytes(&crate::read::fixture("fixtures/cqform/n01_fujian.xlsx"));
        let goals = &read.tables[0].table.goals;
        assert_eq!(goals.len(), 2, "{goals:?}");
        assert!(goals[1].target.text.starts_with("目标2：完成"), "{goals:?}");
        assert!(
            goals[1].outcome.text.starts_with("目标2完成情况"),
            "{goals:?}"
        );
    }
}
