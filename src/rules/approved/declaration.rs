//! The checks on a declaration alone (`declaration-*`, rules.md "Approved targets"): they
//! are the bureau's, about the approved form itself.

use super::measure::Measure;
use crate::diag::{Code, Finding, Message};
use crate::model::declaration::Declaration;
use crate::model::document::{format_figure, office_money, FigureKind};
use crate::model::text::digit_runs;
use crate::model::CellRef;
use crate::score::policy::category_key;
use crate::score::value::Target;
use rust_decimal::Decimal;

/// Every `declaration-*` finding of one declaration; sets `funds.as_written` when the
/// amounts are evidently in 元.
pub fn check_declaration(d: &mut Declaration) -> Vec<Finding> {
    let mut out = Vec::new();
    code_lost(d, &mut out);
    targets(d, &mut out);
    categories(d, &mut out);
    amounts(d, &mut out);
    out
}

fn push(
    d: &Declaration,
    out: &mut Vec<Finding>,
    code: Code,
    cell: CellRef,
    zh: String,
    en: String,
) {
    out.push(Finding::new(code, Message::new(zh, en)).at(d.sheet.clone(), cell));
}

/// `declaration-code-lost`.
pub fn code_lost(d: &Declaration, out: &mut Vec<Finding>) {
    let Some(code) = d.code.as_ref().filter(|_| d.code_lost) else {
        return;
    };
    let cell = code.cell.unwrap_or(d.title_cell);
    push(
        d,
        out,
        Code::DeclarationCodeLost,
        cell,
        format!("项目编码以数字保存，已丢失位数（显示为 {}），无法按编码对应自评表，改按单位和项目名称对应", code.text),
        format!("the 项目编码 is stored as a number and has lost digits ({}); tables are matched by unit and name instead", code.text),
    );
}

/// `declaration-target-unmeasurable` and `declaration-unit-missing`.
pub fn targets(d: &Declaration, out: &mut Vec<Finding>) {
    for i in &d.indicators {
        let cell = i.target.cell.unwrap_or(i.name.cell.unwrap_or(d.title_cell));
        let (name, target) = (&i.name.text, &i.target.text);
        let (code, zh, en) = match Measure::of(target) {
            Measure::Text | Measure::Empty => (
                Code::DeclarationTargetUnmeasurable,
                format!("指标「{name}」的指标值「{target}」不可衡量（既不是数值，也不是标准等级或时间）"),
                format!("the target \"{target}\" of \"{name}\" is not measurable"),
            ),
            Measure::Figure(Target::Quantitative { unit, .. } | Target::Range { unit, .. })
                if unit.is_empty() && !is_rate(name) && !names_unit(name) =>
            {
                (
                Code::DeclarationUnitMissing,
                format!("指标「{name}」的指标值「{target}」没有计量单位"),
                format!("the target \"{target}\" of \"{name}\" has no unit of measure"),
                )
            }
            _ => continue,
        };
        push(d, out, code, cell, zh, en);
    }
}

/// True when the 三级 names the unit of measure in brackets at its end, as forms with
/// bare-number targets write it (`培训人数（人）`, `补助资金(万元)`): a short bracketed
/// word without digits.
fn names_unit(name: &str) -> bool {
    let k = crate::model::text::squash(name);
    let Some(body) = k.strip_suffix(['）', ')']) else {
        return false;
    };
    let Some(i) = body.rfind(['（', '(']) else {
        return false;
    };
    let inner = body[i..].trim_start_matches(['（', '(']);
    let n = inner.chars().count();
    (1..=4).contains(&n) && !inner.chars().any(|c| c.is_ascii_digit())
}

/// A rate, a share or a score needs no unit of its own.
fn is_rate(name: &str) -> bool {
    use crate::read::declaration::labels::{RATE_WORDS, SCORE_WORDS};
    RATE_WORDS
        .iter()
        .chain(SCORE_WORDS)
        .any(|w| name.contains(w))
}

/// `declaration-category-missing`: no 产出, 效益 or 满意度 indicator, or no 成本 under 产出.
pub fn categories(d: &Declaration, out: &mut Vec<Finding>) {
    let has = |cat: &str| {
        d.indicators
            .iter()
            .any(|i| category_key(&i.level1).contains(cat) || i.level2.contains(cat))
    };
    let mut missing: Vec<&str> = ["产出", "效益", "满意度"]
        .into_iter()
        .filter(|c| !has(c))
        .collect();
    let cost = d
        .indicators
        .iter()
        .any(|i| category_key(&i.level1).contains("产出") && i.level2.contains("成本"));
    if has("产出") && !cost {
        missing.push("成本");
    }
    if missing.is_empty() {
        return;
    }
    let list = missing.join("、");
    push(
        d,
        out,
        Code::DeclarationCategoryMissing,
        d.title_cell,
        format!(
            "申报表「{}」没有{}指标（“不适用”和空行不算）",
            d.name.text, list
        ),
        format!(
            "the declaration \"{}\" has no {} indicator (不适用 and empty rows do not count)",
            d.name.text, list
        ),
    );
}

/// Over this (in 万元, 10亿元) a single project's annual amount is taken to be in 元.
pub const MAX_PROJECT_WAN: i64 = 100_000;

/// `declaration-amount-implausible`: the amount labelled 万元 is evidently in 元.
pub fn amounts(d: &mut Declaration, out: &mut Vec<Finding>) {
    let Some(a) = d.funds.budget.value.filter(|a| *a > Decimal::ZERO) else {
        return;
    };
    let Some(why) = yuan_evidence(d, a) else {
        return;
    };
    d.funds.as_written = true;
    let cell = d.funds.budget.cell.unwrap_or(d.title_cell);
    let zh = format!(
        "本年度金额标为万元，但填写的 {} 显然是以元为单位（{}），按原值保留，未换算",
        a.normalize(),
        why.zh
    );
    let en = format!(
        "the amount labelled 万元, {}, is evidently in 元 ({}); kept as written",
        a.normalize(),
        why.en
    );
    // rules.md "Expected and found": the amount as written is what the sheet states; the
    // bound it is over is a limit, the amount in 万元 the sheet's own text gives is the
    // figure computed.
    let f = Finding::new(Code::DeclarationAmountImplausible, Message::new(zh, en))
        .at(d.sheet.clone(), cell)
        .with_found(a.normalize().to_string());
    out.push(match why.figure {
        Compared::Bound(max) => f.with_limit(max.to_string()),
        Compared::InWan(w) => f.figures(w.normalize().to_string(), a.normalize().to_string()),
    });
}

/// What an amount was found to be in 元 by, in words and as the figure it was compared
/// with.
struct Evidence {
    zh: String,
    en: String,
    figure: Compared,
}

/// The figure beside the amount: the bound it is over, or the amount in 万元 that the
/// sheet's own text gives.
enum Compared {
    Bound(Decimal),
    InWan(Decimal),
}

/// Why an amount is in 元, when it evidently is: beyond a project's size, or the sheet's
/// own text (测算依据, a 成本 target) gives the same amount in 元 or a ten-thousandth of
/// it in 万元.
fn yuan_evidence(d: &Declaration, a: Decimal) -> Option<Evidence> {
    if a > Decimal::from(MAX_PROJECT_WAN) {
        let max = Decimal::from(MAX_PROJECT_WAN);
        return Some(Evidence {
            zh: format!("超过{}", office_money(max)),
            en: format!("over {} in 10k yuan", format_figure(max, FigureKind::Money)),
            figure: Compared::Bound(max),
        });
    }
    let text: String = std::iter::once(d.basis.as_str())
        .chain(d.indicators.iter().map(|i| i.target.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let (wan, yuan) = mentions(&text);
    let near = |x: Decimal, y: Decimal| (x - y).abs() <= y.abs() / Decimal::ONE_HUNDRED;
    let in_wan = a / Decimal::from(10_000);
    let sum: Decimal = wan.iter().copied().sum();
    if yuan.iter().any(|y| near(a, *y)) && a >= Decimal::from(1_000) {
        return Some(Evidence {
            zh: "申报表的测算依据或指标值以元写出同一金额".into(),
            en: "the basis gives the same amount in 元".into(),
            figure: Compared::InWan(in_wan),
        });
    }
    if wan.iter().any(|w| near(in_wan, *w)) || (wan.len() > 1 && near(in_wan, sum)) {
        return Some(Evidence {
            zh: format!("申报表的测算依据或指标值写明{}", office_money(in_wan)),
            en: format!(
                "the basis says {} in 10k yuan",
                format_figure(in_wan, FigureKind::Money)
            ),
            figure: Compared::InWan(in_wan),
        });
    }
    None
}

/// The amounts a text gives in 万元 (`53.63万元`, `51.71万`, `20W`) and in 元.
fn mentions(text: &str) -> (Vec<Decimal>, Vec<Decimal>) {
    let t: String = text.chars().map(crate::model::text::fold_width).collect();
    let (mut wan, mut yuan) = (Vec::new(), Vec::new());
    for run in digit_runs(t.as_bytes(), |c| c.is_ascii_digit() || c == b'.') {
        let Ok(v) = t[run.clone()].parse::<Decimal>() else {
            continue;
        };
        match t[run.end..].chars().next() {
            Some('万' | 'W' | 'w') => wan.push(v),
            Some('元') => yuan.push(v),
            _ => {}
        }
    }
    (wan, yuan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_in_wan_and_yuan() {
        let (w, y) = mentions("食堂生鲜83.32万，车险1.1万元；合同价246740.64元，20W");
        assert_eq!(w.len(), 3);
        assert_eq!(y, vec![Decimal::new(24674064, 2)]);
    }

    #[test]
    fn a_unit_in_the_name_s_brackets_is_the_unit() {
        assert!(names_unit("培训人数（人）"));
        assert!(names_unit("补助资金 (万元)"));
        assert!(!names_unit("培训人数"));
        assert!(!names_unit("培训人数（2024年）"));
        assert!(!names_unit("社区工作站经费（沙浦围社区工作站）"));
    }
}
