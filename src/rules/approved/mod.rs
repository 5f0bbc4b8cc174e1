//! Approved targets (rules.md "Approved targets", templates.md §8): the checks on a
//! declaration alone ([`declaration`]) and a self-evaluation table against the declaration
//! it was approved with ([`compare_table`]): indicators dropped or added, targets lowered
//! or changed, the budget. Every finding sits at the table's own cell, with the approved
//! value as `expected` and the table's as `found`, and its message names both, so the
//! letter and the return workbook show the approved target beside the one scored against.

pub mod declaration;
pub mod measure;

use crate::diag::{Code, Finding, Message};
use crate::model::declaration::{DeclIndicator, Declaration};
use crate::model::document::{format_figure, office_money, FigureKind};
use crate::model::{Indicator, Table};
use crate::score::policy::category_key;
use crate::score::Policy;
use measure::Change;

/// The comparison key of an indicator: its 二级 (without `指标`) and its 三级, with
/// spaces, brackets and a trailing 率 / 数 / 数量 / 情况 removed (templates.md §8).
pub fn indicator_key(level2: &str, name: &str) -> (String, String) {
    (category_key(&norm(level2)), name_key(name))
}

/// Squashed, full-width folded, bracketed parts (`（%）`, `(个)`) and quotes removed.
fn norm(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in crate::model::text::squash(s)
        .chars()
        .map(crate::model::text::fold_width)
    {
        match c {
            '(' | '（' | '[' | '【' | '〔' => depth += 1,
            ')' | '）' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            '"' | '“' | '”' | '\'' | '‘' | '’' | '《' | '》' => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A name without what published declarations print before it: a core indicator's star
/// (`★培训人数`) and a row number (`1.`, `1、`, `（1）`).
fn strip_marks(s: &str) -> &str {
    let t = s
        .trim()
        .trim_start_matches(['★', '☆', '*', '＊'])
        .trim_start();
    let inner = t.strip_prefix(['(', '（']).unwrap_or(t);
    let rest = inner.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() == inner.len() {
        return t;
    }
    let closed = if inner.len() < t.len() {
        rest.strip_prefix([')', '）'])
    } else {
        rest.strip_prefix(['.', '、', '．'])
    };
    closed.map_or(t, str::trim_start)
}

fn name_key(s: &str) -> String {
    // `指标1：培训人数` is the template's number before the name (read::labels).
    let mut k = norm(crate::form::labels::strip_numbering(strip_marks(s)));
    for tail in ["情况", "数量", "率", "数"] {
        if let Some(t) = k.strip_suffix(tail).filter(|t| !t.is_empty()) {
            k = t.to_string();
            break;
        }
    }
    k
}

/// Every `approved-*` finding of a table against its declaration.
pub fn compare_table(t: &Table, d: &Declaration, policy: &Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    compare_indicators(t, d, &mut out);
    compare_budget(t, d, policy, &mut out);
    out
}

/// The indicators of the table that are indicators (a 三级 written).
fn table_indicators(t: &Table) -> impl Iterator<Item = &Indicator> {
    t.indicators
        .iter()
        .filter(|i| !i.name.text.trim().is_empty())
}

/// Pairs approved and table indicators by key (by 三级 alone when the 二级 differs only
/// in spelling); reports the dropped, the added, and each pair's target.
pub fn compare_indicators(t: &Table, d: &Declaration, out: &mut Vec<Finding>) {
    let table: Vec<&Indicator> = table_indicators(t).collect();
    let keys: Vec<(String, String)> = table
        .iter()
        .map(|i| indicator_key(&i.level2, &i.name.text))
        .collect();
    let mut used = vec![false; table.len()];
    for a in &d.indicators {
        let k = indicator_key(&a.level2, &a.name.text);
        let hit = (0..table.len())
            .find(|&j| !used[j] && keys[j] == k)
            .or_else(|| (0..table.len()).find(|&j| !used[j] && keys[j].1 == k.1));
        match hit {
            Some(j) => {
                used[j] = true;
                compare_target(t, a, table[j], out);
            }
            None => dropped(t, a, out),
        }
    }
    for (i, _) in table.iter().zip(&used).filter(|(_, u)| !**u) {
        added(t, d, i, out);
    }
}

fn dropped(t: &Table, a: &DeclIndicator, out: &mut Vec<Finding>) {
    let cat = category_key(&a.level1);
    let cell = t
        .indicators
        .iter()
        .find(|i| !cat.is_empty() && category_key(&i.level1) == cat)
        .and_then(|i| i.level1_cell)
        .unwrap_or(t.title_cell);
    let f = Finding::new(
        Code::ApprovedIndicatorDropped,
        Message::new(
            format!(
                "批复的指标「{}/{}」（批复目标「{}」）在自评表中没有对应指标",
                a.level2, a.name.text, a.target.text
            ),
            format!(
                "the approved indicator \"{}/{}\" (approved target \"{}\") is not in the table",
                a.level2, a.name.text, a.target.text
            ),
        ),
    )
    .at(t.sheet.clone(), cell);
    out.push(with_expected(f, &a.name.text, &a.target.text));
}

fn added(t: &Table, d: &Declaration, i: &Indicator, out: &mut Vec<Finding>) {
    let cell = i.name.cell.unwrap_or(t.title_cell);
    let mut f = Finding::new(
        Code::ApprovedIndicatorAdded,
        Message::new(
            format!(
                "指标「{}/{}」（自评采用目标「{}」）不在批复的申报表「{}」中",
                i.level2, i.name.text, i.target.text, d.name.text
            ),
            format!(
                "the indicator \"{}/{}\" (target \"{}\") is not in the approved declaration \"{}\"",
                i.level2, i.name.text, i.target.text, d.name.text
            ),
        ),
    )
    .at(t.sheet.clone(), cell);
    f.found = Some(format!("{}：{}", i.name.text, i.target.text));
    out.push(f);
}

fn with_expected(mut f: Finding, name: &str, target: &str) -> Finding {
    f.expected = Some(format!("{name}：{target}"));
    f
}

/// `approved-target-lowered` / `approved-target-changed` for one pair, at the table's
/// 年度指标值 cell.
pub fn compare_target(t: &Table, a: &DeclIndicator, i: &Indicator, out: &mut Vec<Finding>) {
    let (code, zh, en) = match measure::compare(&a.target.text, &i.target.text) {
        Change::Same => return,
        // A range that accepts more than the approved one is wider, not lower.
        Change::Lowered if [&a.target.text, &i.target.text].iter().any(|t| is_range(t)) => (
            Code::ApprovedTargetLowered,
            "放宽了批复的目标区间",
            "wider, so easier, than the approved one",
        ),
        Change::Lowered => (
            Code::ApprovedTargetLowered,
            "低于批复目标",
            "easier than the approved one",
        ),
        Change::Changed => (
            Code::ApprovedTargetChanged,
            "与批复目标不同",
            "differs from the approved one",
        ),
    };
    let cell = i.target.cell.or(i.name.cell).unwrap_or(t.title_cell);
    let f = Finding::new(
        code,
        Message::new(
            format!(
                "指标「{}」批复目标为「{}」，自评采用「{}」，{zh}",
                i.name.text, a.target.text, i.target.text
            ),
            format!(
                "indicator \"{}\": approved target \"{}\", scored against \"{}\", {en}",
                i.name.text, a.target.text, i.target.text
            ),
        ),
    )
    .at(t.sheet.clone(), cell)
    .figures(a.target.text.clone(), i.target.text.clone());
    out.push(f);
}

fn is_range(text: &str) -> bool {
    matches!(
        measure::Measure::of(text),
        measure::Measure::Figure(crate::score::value::Target::Range { .. })
    )
}

/// `approved-budget-differs`: the table's 年初预算数 of 年度资金总额 against the approved
/// 本年度金额 (as written when the declaration's amounts are in 元).
pub fn compare_budget(t: &Table, d: &Declaration, policy: &Policy, out: &mut Vec<Finding>) {
    let (Some(approved), Some(row)) = (d.budget(), t.total_row()) else {
        return;
    };
    let Some(found) = row.initial.value else {
        return;
    };
    if (approved - found).abs() <= policy.tolerance.money {
        return;
    }
    let cell = row.initial.cell.unwrap_or(row.cell);
    let note = if d.funds.as_written {
        "（申报表金额疑为以元填写，按原值比较）"
    } else {
        ""
    };
    let f = Finding::new(
        Code::ApprovedBudgetDiffers,
        Message::new(
            // The office's forms (reports.md "Ready to file"); `figures` stay plain.
            format!(
                "年初预算数{}与批复的本年度金额{}不一致{note}",
                office_money(found),
                office_money(approved)
            ),
            format!(
                "年初预算数 {} differs from the approved 本年度金额 {}, in 10k yuan",
                format_figure(found, FigureKind::Money),
                format_figure(approved, FigureKind::Money)
            ),
        ),
    )
    .at(t.sheet.clone(), cell)
    .figures(
        approved.normalize().to_string(),
        found.normalize().to_string(),
    );
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_spellings() {
        assert_eq!(
            indicator_key("数量指标", "培训人数"),
            indicator_key("数量", "培训 人")
        );
        assert_eq!(
            indicator_key("质量", "合格率（%）"),
            indicator_key("质量指标", "合格")
        );
        // A declaration starring its core indicators or numbering them `1.` (published forms).
        assert_eq!(
            indicator_key("数量指标", "★1.培训人数"),
            indicator_key("数量指标", "培训人数")
        );
        assert_eq!(
            indicator_key("数量指标", "（2）培训人数"),
            indicator_key("数量指标", "培训人数")
        );
        assert_eq!(
            indicator_key("数量", "2025年培训"),
            indicator_key("数量", "2025年培训")
        );
        assert_ne!(
            indicator_key("数量", "2025年培训"),
            indicator_key("数量", "年培训")
        );
        // A declaration numbering its rows, a table not (or the other way round).
        assert_eq!(
            indicator_key("数量指标", "指标1：培训人数"),
            indicator_key("数量指标", "培训人数")
        );
    }
}
