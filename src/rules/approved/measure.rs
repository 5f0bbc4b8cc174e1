//! What a target measures, for comparing an approved target with the one a table scored
//! against: a number with its operator and unit (parsed as for tables,
//! [`crate::score::value::parse_target`]), a band of a standard qualitative ladder
//! ([`LADDERS`], data), a time form (a deadline or a time span), or other text.

use crate::score::value::{self, Target};
use crate::score::Op;
use rust_decimal::Decimal;

/// The standard qualitative ladders, best band first; each band lists its spellings. A
/// text is placed on the ladder and band whose longest spelling it contains
/// (`基本及时` before `及时`, `不合格` before `合格`).
pub const LADDERS: &[&[&[&str]]] = &[
    &[
        &["优秀", "优"],
        &["良好", "良", "较好"],
        &["合格", "中等", "达标", "一般", "中"],
        &["不合格", "较差", "差", "不达标"],
    ],
    &[&["及时"], &["基本及时", "较及时"], &["不及时"]],
    &[&["完整"], &["基本完整", "较完整"], &["不完整"]],
    &[
        &["显著", "大幅", "极大"],
        &["明显", "较大"],
        &["有所", "得到", "一定", "逐步", "稳步", "相对"],
    ],
    &[&["达成"], &["基本达成", "部分达成"], &["未达成"]],
    &[&["高"], &["较高"], &["一般"], &["较低", "低"]],
];

/// Words of a time form: a deadline (`12月底前`) or a span (`3个工作日内`, `半小时内`).
const TIME_WORDS: &[&str] = &[
    "月",
    "日前",
    "年底",
    "年末",
    "季度",
    "小时",
    "天内",
    "日内",
    "工作日",
    "周内",
    "前完成",
    "之前",
    "天",
];

/// What a target measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// A figure: [`Target::Quantitative`] (operator, number, normalised unit) or
    /// [`Target::Range`] (its ends and unit), as the scorer reads it.
    Figure(Target),
    /// A band of a ladder: (ladder, band), band 0 the best.
    Band(usize, usize),
    /// A deadline or a time span.
    Time,
    /// Empty or a placeholder.
    Empty,
    /// Anything else (a phrase, or digits that do not parse).
    Text,
}

impl Measure {
    /// Reads a target text.
    pub fn of(text: &str) -> Measure {
        match value::parse_target(text) {
            t @ (Target::Quantitative { .. } | Target::Range { .. }) => Measure::Figure(t),
            Target::Placeholder => Measure::Empty,
            Target::Qualitative | Target::Unparsed => qualitative(&value::normalize_text(text)),
        }
    }
}

fn qualitative(t: &str) -> Measure {
    if let Some((l, b)) = band(t) {
        return Measure::Band(l, b);
    }
    if TIME_WORDS.iter().any(|w| t.contains(w)) {
        return Measure::Time;
    }
    Measure::Text
}

/// The ladder and band a text names, by its longest matching spelling.
pub fn band(t: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for (l, ladder) in LADDERS.iter().enumerate() {
        for (b, spellings) in ladder.iter().enumerate() {
            for s in spellings.iter().filter(|s| t.contains(**s)) {
                let len = s.chars().count();
                if best.is_none_or(|(_, _, n)| len > n) {
                    best = Some((l, b, len));
                }
            }
        }
    }
    best.map(|(l, b, _)| (l, b))
}

/// How a table's target stands to the approved one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The same, or harder: no finding.
    Same,
    /// Clearly easier (`approved-target-lowered`).
    Lowered,
    /// Different and not comparable (`approved-target-changed`).
    Changed,
}

/// Compares a table's target text with the approved one.
pub fn compare(approved: &str, found: &str) -> Change {
    if value::normalize_text(approved) == value::normalize_text(found) {
        return Change::Same;
    }
    match (Measure::of(approved), Measure::of(found)) {
        (
            Measure::Figure(Target::Quantitative { op, value, unit }),
            Measure::Figure(Target::Quantitative {
                op: fop,
                value: fv,
                unit: fu,
            }),
        ) => match value::unit_factor(&unit, &fu) {
            // `=100%` written `100%`: the operator left out, not a range asked for.
            Some(f) if op == Op::Eq && !value::has_operator(found) && fv * f == value => {
                Change::Same
            }
            Some(f) => numbers(op, value, fop, fv * f),
            None => Change::Changed,
        },
        (a @ Measure::Figure(_), f @ Measure::Figure(Target::Range { .. }))
        | (a @ Measure::Figure(Target::Range { .. }), f @ Measure::Figure(_)) => ranges(&a, &f),
        (Measure::Time, Measure::Time) => deadlines(approved, found),
        (Measure::Band(l, b), Measure::Band(fl, fb)) if l == fl => {
            if fb > b {
                Change::Lowered
            } else {
                Change::Same
            }
        }
        _ => Change::Changed,
    }
}

/// Two deadlines, compared as the tables' deadlines are scored
/// ([`crate::score::deadline::met`]): the table's by the approved date (or earlier) is no
/// easier, a later one is; a year written on one side only is taken for both
/// (`2024年12月底前` = `12月底前`). Time forms that are no dates (`全年`, `每季度`) stay
/// not comparable; a span (`3个工作日内`) is a number with its operator, compared as one.
fn deadlines(approved: &str, found: &str) -> Change {
    use crate::score::deadline::{last_date, met};
    let year = [approved, found]
        .iter()
        .find_map(|t| last_date(t).and_then(|d| d.year));
    match met(approved, found, year) {
        Some(true) => Change::Same,
        Some(false) => Change::Lowered,
        None => Change::Changed,
    }
}

/// A number target as the values it accepts: (lower end, upper end, unit), `None` for an
/// open end. `≥`/`>` are open above, `≤`/`<` below, `=` is one point.
fn interval(m: &Measure) -> Option<(Option<Decimal>, Option<Decimal>, &str)> {
    match m {
        Measure::Figure(Target::Range { low, high, unit }) => Some((Some(*low), Some(*high), unit)),
        Measure::Figure(Target::Quantitative { op, value, unit }) => match op {
            Op::Ge | Op::Gt => Some((Some(*value), None, unit)),
            Op::Le | Op::Lt => Some((None, Some(*value), unit)),
            Op::Eq | Op::Between => Some((Some(*value), Some(*value), unit)),
        },
        _ => None,
    }
}

/// A range on either side, compared as the values each accepts (in the approved one's unit):
/// the table's accepting no more than the approved is no easier; accepting more and all the
/// approved accepts is easier (`90%-100%` widened to `85%-100%`, `1-3天` to `≤5天`); neither
/// (`80%-90%` moved to `85%-95%`) is not comparable: which way is easier depends on what is
/// measured, and is not guessed.
fn ranges(approved: &Measure, found: &Measure) -> Change {
    let (Some((al, ah, au)), Some((fl, fh, fu))) = (interval(approved), interval(found)) else {
        return Change::Changed;
    };
    let Some(f) = value::unit_factor(au, fu) else {
        return Change::Changed;
    };
    let (fl, fh) = (fl.map(|v| v * f), fh.map(|v| v * f));
    // `inner` within `outer`: each end of `outer` is open or holds `inner`'s.
    let within = |(il, ih): (Option<Decimal>, Option<Decimal>),
                  (ol, oh): (Option<Decimal>, Option<Decimal>)| {
        ol.is_none_or(|o| il.is_some_and(|i| i >= o))
            && oh.is_none_or(|o| ih.is_some_and(|i| i <= o))
    };
    if within((fl, fh), (al, ah)) {
        Change::Same
    } else if within((al, ah), (fl, fh)) {
        Change::Lowered
    } else {
        Change::Changed
    }
}

/// Two numeric targets in the approved one's unit.
fn numbers(op: Op, a: Decimal, fop: Op, f: Decimal) -> Change {
    use Op::*;
    let at_least = |o: Op| matches!(o, Ge | Gt);
    let at_most = |o: Op| matches!(o, Le | Lt);
    match (op, fop) {
        // `=` turned into a range.
        (Eq, Ge | Gt | Le | Lt) => Change::Lowered,
        // `=` is scored as `≥` (scoring.md): a smaller value is a lower bar, a larger one a
        // higher bar. At zero `=` means "exactly none", which no other value is comparable to.
        (Eq, Eq) if f != a && (a.is_zero() || f.is_zero()) => Change::Changed,
        (Eq, Eq) if f < a => Change::Lowered,
        (o, fo) if at_least(o) && (at_least(fo) || fo == Eq) => {
            let weaker = f < a || (f == a && o == Gt && fo == Ge);
            if weaker {
                Change::Lowered
            } else {
                Change::Same
            }
        }
        (o, fo) if at_most(o) && (at_most(fo) || fo == Eq) => {
            let weaker = f > a || (f == a && o == Lt && fo == Le);
            if weaker {
                Change::Lowered
            } else {
                Change::Same
            }
        }
        (Eq, Eq) => Change::Same,
        // The direction turned round (`≥` into `≤`): what counts as success changed.
        _ => Change::Changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowered_raised_and_changed() {
        assert_eq!(compare("≥95%", "≥90%"), Change::Lowered);
        assert_eq!(compare("≥95%", "≥98%"), Change::Same);
        assert_eq!(compare("≤10天", "≤15天"), Change::Lowered);
        assert_eq!(compare("≤10天", "≤7天"), Change::Same);
        assert_eq!(compare("=100%", "≥100%"), Change::Lowered);
        assert_eq!(compare("≥95%", "≤95%"), Change::Changed);
        assert_eq!(compare("≥100万元", "≥100元"), Change::Lowered);
        assert_eq!(compare("≥100个", "≥100家"), Change::Changed);
        assert_eq!(compare("优", "良"), Change::Lowered);
        assert_eq!(compare("良", "优"), Change::Same);
        assert_eq!(compare("及时", "基本及时"), Change::Lowered);
        assert_eq!(compare("显著提升", "有所提升"), Change::Lowered);
        assert_eq!(compare("95%以上", "≥95%"), Change::Same);
        assert_eq!(compare("=100%", "100%"), Change::Same);
        assert_eq!(compare("=10个", "10个"), Change::Same);
        assert_eq!(compare("=10个", "≥10个"), Change::Lowered);
        assert_eq!(compare("=10个", "9个"), Change::Lowered);
        assert_eq!(compare("=10个", "=9个"), Change::Lowered);
        assert_eq!(compare("=10个", "=11个"), Change::Same);
        assert_eq!(compare("=0起", "=1起"), Change::Changed);
        assert_eq!(compare("2024年12月底前", "12月底前"), Change::Same);
        assert_eq!(compare("12月底前", "2024年12月31日前"), Change::Same);
        assert_eq!(compare("10月底前", "11月底前"), Change::Lowered);
        assert_eq!(compare("12月底前", "10月底前"), Change::Same);
        assert_eq!(compare("3个工作日内", "5个工作日内"), Change::Lowered);
        // Numerals and unit spellings (valprobe): the same target written another way.
        assert_eq!(compare("≥3次", "三次"), Change::Same);
        assert_eq!(compare("≥3次", "两次"), Change::Lowered);
        assert_eq!(compare("≥500平方米", "≥500㎡"), Change::Same);
        assert_eq!(compare("0起", "=0起"), Change::Same);
        // Ranges (rangeprobe): wider is easier, narrower no easier, moved not comparable.
        assert_eq!(compare("90%-100%", "85%-100%"), Change::Lowered);
        assert_eq!(compare("90%-100%", "95%-100%"), Change::Same);
        assert_eq!(compare("80%-90%", "85%-95%"), Change::Changed);
        assert_eq!(compare("1-3个工作日", "1-5个工作日"), Change::Lowered);
        assert_eq!(compare("≥95%", "95%-100%"), Change::Same);
        assert_eq!(compare("95%-100%", "≥95%"), Change::Lowered);
        assert_eq!(compare("1-3天", "≤5天"), Change::Lowered);
        assert_eq!(compare("≤3小时", "1-3小时"), Change::Same);
        assert_eq!(compare("=100%", "95%-100%"), Change::Lowered);
        assert_eq!(compare("1-3天", "1-3个"), Change::Changed);
    }

    #[test]
    fn measures() {
        assert_eq!(Measure::of("12月底前"), Measure::Time);
        assert_eq!(Measure::of("半小时内"), Measure::Time);
        assert_eq!(Measure::of("约6.6万人次"), Measure::Text);
        assert_eq!(Measure::of("质量合格"), Measure::Band(0, 2));
        assert_eq!(Measure::of("不适用"), Measure::Text);
    }
}
