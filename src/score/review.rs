//! The review itself: execution rate and score, each indicator's score by formula or band,
//! the reviewed total and grade (scoring.md). Pure arithmetic on `Decimal`; scores are
//! rounded to 2 dp half away from zero only where a score is produced.
//!
//! Every figure comes from input. The reader bounds each number (below 10^15, see
//! src/decode/limits.rs), but a quotient of two bounded figures is not bounded (a rate over a
//! budget of 0.000000000001), so no operator here may panic: sums, products and differences
//! saturate (`Decimal::saturating_*`, [`crate::model::checked`]) and quotients are checked.

use super::policy::{is_satisfaction, Policy, Reverse, Satisfaction};
use super::value::{parse_actual, parse_target, unit_factor, Actual, Target};
use super::{ExecutionReview, IndicatorIssue, IndicatorKind, IndicatorReview, Level, Op, Review};
use crate::decode::number;
use crate::model::{Figure, FundRole, FundRow, Indicator, Table};
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds a score to 2 dp, half away from zero (四舍五入).
///
/// ```
/// use selfeval::score::round_score;
/// use rust_decimal::Decimal;
/// assert_eq!(round_score(Decimal::new(94445, 4)).to_string(), "9.44");
/// assert_eq!(round_score(Decimal::new(9445, 3)).to_string(), "9.45");
/// ```
pub fn round_score(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds a rate (a fraction) to 4 dp, half up.
pub fn round_rate(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// Reviews a table under a policy.
///
/// ```
/// use selfeval::model::*;
/// use selfeval::score::{review, Policy};
/// use rust_decimal::Decimal;
/// let mut t = Table::empty(TableKind::Project, "s");
/// t.funds.rows.push(FundRow {
///     label: "年度资金总额".into(), role: FundRole::Total, cell: CellRef::new(6, 2),
///     initial: Figure::default(),
///     budget: Figure::new(Some(Decimal::new(2831, 2)), CellRef::new(6, 5)),
///     executed: Figure::new(Some(Decimal::new(2662, 2)), CellRef::new(6, 6)),
/// });
/// let r = review(&t, &Policy::default());
/// assert_eq!(r.execution.rate.unwrap().to_string(), "0.9403");
/// assert_eq!(r.execution.score.to_string(), "9.40");
/// ```
pub fn review(table: &Table, policy: &Policy) -> Review {
    let execution = review_execution(table, policy);
    let indicators: Vec<IndicatorReview> = table
        .indicators
        .iter()
        .map(|i| review_indicator(i, policy, table.year))
        .collect();
    let counted = crate::model::checked::saturating_sum(indicators.iter().map(|i| i.counted));
    let total = execution.score.saturating_add(counted);
    let grade = policy.grades.grade(total);
    let grade_stated = table
        .grade_stated
        .map(|(g, _)| g)
        .or_else(|| table.total.score.value.map(|t| policy.grades.grade(t)));
    Review {
        scheme: policy.scheme(table),
        execution,
        indicators,
        total,
        grade,
        grade_stated,
    }
}

fn review_execution(table: &Table, policy: &Policy) -> ExecutionReview {
    let weight = table
        .execution
        .weight
        .value
        .unwrap_or(policy.execution.weight);
    let budget = total_amount(table, |r| r.budget);
    let executed = total_amount(table, |r| r.executed);
    let rate_exact = match (budget, executed) {
        (Some(b), Some(e)) if !b.is_zero() => e.checked_div(b),
        _ => None,
    };
    let score = match rate_exact {
        Some(rate) => {
            let r = if policy.execution.cap {
                rate.min(Decimal::ONE)
            } else {
                rate
            };
            round_score(
                r.max(Decimal::ZERO)
                    .saturating_mul(weight.max(Decimal::ZERO)),
            )
        }
        None => Decimal::ZERO,
    };
    ExecutionReview {
        weight,
        rate: rate_exact.map(round_rate),
        score,
        rate_exact,
    }
}

/// The fund total's amount in one column: as stated, or, where its cell is a formula
/// without a cached value, recomputed from the rows it adds up — the sources, else
/// 基本支出 + 项目支出 — as templates.md §5 asks ("fall back to the pipeline's own
/// recomputation where the figure is derivable"). Not derivable when a part is itself
/// uncomputed or every part is empty; an empty part adds nothing.
fn total_amount(table: &Table, get: fn(&FundRow) -> Figure) -> Option<Decimal> {
    let row = table.total_row()?;
    let stated = get(row);
    if stated.value.is_some() || !stated.uncomputed {
        return stated.value;
    }
    let derive = |part: fn(FundRole) -> bool| {
        let parts: Vec<Figure> = table
            .funds
            .rows
            .iter()
            .filter(|r| part(r.role))
            .map(get)
            .collect();
        let usable = !parts.iter().any(|f| f.uncomputed);
        let values: Vec<Decimal> = parts.iter().filter_map(|f| f.value).collect();
        (usable && !values.is_empty())
            .then(|| crate::model::checked::sum(values))
            .flatten()
    };
    derive(FundRole::is_source).or_else(|| derive(FundRole::is_expense_split))
}

/// How an indicator is to be scored once its texts are parsed.
enum Plan {
    Formula {
        op: Op,
        a: Decimal,
        b: Decimal,
    },
    Band(Level),
    /// A deadline met by a date or month in time: full W.
    InTime,
    Stated(IndicatorIssue),
    Unscored(IndicatorIssue),
}

fn review_indicator(ind: &Indicator, policy: &Policy, year: Option<i32>) -> IndicatorReview {
    let satisfaction = is_satisfaction(&ind.level1, &ind.level2);
    let mut out = IndicatorReview {
        kind: IndicatorKind::Qualitative,
        op: None,
        target_value: None,
        target_upper: None,
        unit: None,
        actual_value: None,
        level: None,
        met: None,
        score: None,
        counted: Decimal::ZERO,
        satisfaction,
        overachieved: false,
        issue: None,
    };
    let p = plan(ind, satisfaction, year, &mut out);
    score_plan(p, ind, policy, &mut out);
    out
}

/// Parses the target and actual into a plan, filling the parsed figures of `out`.
fn plan(ind: &Indicator, satisfaction: bool, year: Option<i32>, out: &mut IndicatorReview) -> Plan {
    let actual = match parse_actual(&ind.actual.text) {
        // `无` against a target asking for none (`0起`, `无重大安全事故`) is a zero, not a gap.
        Actual::Empty if none_answered(ind) => Actual::Number {
            value: Decimal::ZERO,
            unit: String::new(),
        },
        a => a,
    };
    match parse_target(&ind.target.text) {
        Target::Placeholder if ind.target.uncomputed => {
            Plan::Unscored(IndicatorIssue::TargetUncomputed)
        }
        Target::Placeholder => Plan::Unscored(IndicatorIssue::TargetPlaceholder),
        Target::Unparsed => {
            out.kind = IndicatorKind::Quantitative;
            Plan::Unscored(IndicatorIssue::TargetUnparsed)
        }
        Target::Quantitative { op, value, unit } => {
            let target = (op, value, None, unit);
            plan_number(target, actual, satisfaction, out)
        }
        Target::Range { low, high, unit } => {
            let target = (Op::Between, low, Some(high), unit);
            plan_number(target, actual, satisfaction, out)
        }
        Target::Qualitative => match actual {
            Actual::Level(l) => Plan::Band(l),
            // A deadline met by a date or month (scoring.md): in time is full W, late the
            // lowest band.
            _ if !matches!(actual, Actual::Empty) => {
                match super::deadline::met(&ind.target.text, &ind.actual.text, year) {
                    Some(true) => Plan::InTime,
                    Some(false) => Plan::Band(Level::NotMet),
                    None if none_reached(ind, &actual) => Plan::Band(Level::Met),
                    None => plan_level_unknown(actual, out),
                }
            }
            _ => plan_level_unknown(actual, out),
        },
    }
}

/// The plan for a number target (operator, A, a range's upper end, unit), filling the
/// parsed target of `out`.
fn plan_number(
    (op, value, upper, unit): (Op, Decimal, Option<Decimal>, String),
    actual: Actual,
    satisfaction: bool,
    out: &mut IndicatorReview,
) -> Plan {
    out.kind = IndicatorKind::Quantitative;
    // Satisfaction is `≥` whatever operator was written; a satisfaction range is `≥` its
    // lower end (more satisfied than its upper end is no miss).
    let (op, upper) = if satisfaction {
        (Op::Ge, None)
    } else {
        (op, upper)
    };
    // Satisfaction is in %: a bare target of at most 1 is a typed `90%` read as 0.9.
    let (value, unit) =
        if satisfaction && unit.is_empty() && value > Decimal::ZERO && value <= Decimal::ONE {
            (value.saturating_mul(Decimal::ONE_HUNDRED), "%".to_string())
        } else {
            (value, unit)
        };
    out.op = Some(op);
    out.target_value = Some(value);
    out.target_upper = upper;
    out.unit = Some(unit.clone());
    plan_quantitative(op, value, unit, actual, out)
}

/// True when the actual says nothing happened (`无`, `未发生`) and the target asks for none.
fn none_answered(ind: &Indicator) -> bool {
    number::says_none(&ind.actual.text) && number::asks_for_none(&ind.target.text)
}

/// A qualitative target asking for none (`无重大安全事故`, `零事故`) answered by none: `无`, or a
/// zero (`0起`).
fn none_reached(ind: &Indicator, actual: &Actual) -> bool {
    let zero = matches!(actual, Actual::Number { value, .. } if value.is_zero());
    zero && number::asks_for_none(&ind.target.text)
}

/// The plan for a qualitative target whose actual names no level.
fn plan_level_unknown(actual: Actual, out: &mut IndicatorReview) -> Plan {
    match actual {
        Actual::Level(l) => Plan::Band(l),
        Actual::Number { value, .. } => {
            out.actual_value = Some(value);
            Plan::Stated(IndicatorIssue::LevelUnknown)
        }
        Actual::Text => Plan::Stated(IndicatorIssue::LevelUnknown),
        Actual::Empty => Plan::Unscored(IndicatorIssue::NoActual),
    }
}

/// The plan for a number target `op a unit` against the actual.
fn plan_quantitative(
    op: Op,
    a: Decimal,
    unit: String,
    actual: Actual,
    out: &mut IndicatorReview,
) -> Plan {
    match actual {
        Actual::Number { value: b, unit: ub } => match unit_factor(&unit, &ub) {
            Some(f) => {
                let mut b = b.saturating_mul(f);
                let mut a = a;
                if percent_read_as_fraction(&unit, &ub, a, b) {
                    // A % cell read as a fraction (0.96 for 96%) against a % target.
                    b = b.saturating_mul(Decimal::ONE_HUNDRED);
                } else if percent_read_as_fraction(&ub, &unit, b, a) {
                    // The same the other way round: a target typed `95%` into a number cell
                    // (0.95, shown as 95%) against an actual written `93%`.
                    a = a.saturating_mul(Decimal::ONE_HUNDRED);
                    out.target_value = Some(a);
                    out.target_upper = out
                        .target_upper
                        .map(|h| h.saturating_mul(Decimal::ONE_HUNDRED));
                    out.unit = Some(ub.clone());
                }
                out.actual_value = Some(b);
                Plan::Formula { op, a, b }
            }
            None => {
                out.actual_value = Some(b);
                Plan::Unscored(IndicatorIssue::UnitMismatch {
                    target: unit,
                    actual: ub,
                })
            }
        },
        // A level named against a number target: scored by its band.
        Actual::Level(l) => {
            out.kind = IndicatorKind::Qualitative;
            Plan::Band(l)
        }
        Actual::Text => {
            out.kind = IndicatorKind::Qualitative;
            Plan::Stated(IndicatorIssue::LevelUnknown)
        }
        Actual::Empty => Plan::Unscored(IndicatorIssue::NoActual),
    }
}

/// True when `fraction` (with no unit) is a percent cell read as its stored fraction while
/// `other`, written with `%`, is a percent above 1: `0.96` beside `≥95%`. A spreadsheet
/// stores a typed `96%` as 0.96 and calamine gives no number format, so the pair decides.
fn percent_read_as_fraction(
    unit: &str,
    fraction_unit: &str,
    other: Decimal,
    fraction: Decimal,
) -> bool {
    unit == "%"
        && fraction_unit.is_empty()
        && other > Decimal::ONE
        && fraction > Decimal::ZERO
        && fraction <= Decimal::ONE
}

/// Scores the plan: fills the score, the score counted and the issue of `out`.
fn score_plan(plan: Plan, ind: &Indicator, policy: &Policy, out: &mut IndicatorReview) {
    let stated = ind.score.value;
    // The stated score within [0, W] (only ≥ 0 without a weight): what counts unscored.
    let capped = |w: Option<Decimal>| {
        let s = stated.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
        match w {
            Some(w) => s.min(w.max(Decimal::ZERO)),
            None => s,
        }
    };
    let weight = ind.weight.value;
    let scored = match plan {
        Plan::Unscored(issue) => {
            out.issue = Some(issue);
            None
        }
        Plan::Stated(issue) => {
            out.issue = Some(issue);
            weight.map(|_| capped(weight))
        }
        Plan::Formula { op, a, b } => {
            let satisfaction = out.satisfaction;
            out.overachieved = !satisfaction
                && matches!(op, Op::Ge | Op::Gt)
                && a > Decimal::ZERO
                && b >= policy.overachievement_ratio.saturating_mul(a);
            let (met, frac) = match (op, out.target_upper) {
                (Op::Between, Some(high)) => range_formula(a, high, b, policy),
                _ => formula(op, a, b, satisfaction, policy),
            };
            out.met = Some(met);
            weight.map(|w| {
                let w = w.max(Decimal::ZERO);
                round_score(frac.saturating_mul(w)).clamp(Decimal::ZERO, w)
            })
        }
        Plan::InTime => {
            out.level = Some(Level::Met);
            out.met = Some(true);
            weight.map(|w| w.max(Decimal::ZERO))
        }
        Plan::Band(level) => {
            out.level = Some(level);
            out.met = Some(level == Level::Met);
            weight.map(|w| place_in_band(stated.unwrap_or(Decimal::ZERO), level, w))
        }
    };
    let by_formula_or_band = out.issue.is_none();
    if by_formula_or_band && weight.is_none() {
        out.issue = Some(IndicatorIssue::NoWeight);
    }
    out.score = scored;
    out.counted = match (by_formula_or_band, scored) {
        (true, Some(s)) => s,
        _ => capped(weight),
    };
}

/// Whether the target was met, and the fraction of W earned (unrounded, in [0, 1]).
fn formula(op: Op, a: Decimal, b: Decimal, satisfaction: bool, policy: &Policy) -> (bool, Decimal) {
    let b = b.max(Decimal::ZERO);
    let ratio = |num: Decimal, den: Decimal| {
        num.checked_div(den)
            .unwrap_or(Decimal::ZERO)
            .clamp(Decimal::ZERO, Decimal::ONE)
    };
    if satisfaction {
        let met = b >= a;
        let frac = match policy.satisfaction {
            Satisfaction::Proportional if met => Decimal::ONE,
            Satisfaction::Proportional => ratio(b, a),
            Satisfaction::Rate => ratio(b, Decimal::ONE_HUNDRED),
        };
        return (met, frac);
    }
    match op {
        // A range is scored by [`range_formula`]; without its upper end, its lower binds.
        Op::Ge | Op::Gt | Op::Eq | Op::Between => {
            if a.is_zero() && op == Op::Eq {
                let met = b.is_zero();
                return (met, if met { Decimal::ONE } else { Decimal::ZERO });
            }
            if b >= a {
                (true, Decimal::ONE)
            } else if a > Decimal::ZERO {
                (false, ratio(b, a))
            } else {
                (false, Decimal::ZERO)
            }
        }
        Op::Le | Op::Lt => {
            if b <= a {
                return (true, Decimal::ONE);
            }
            if a <= Decimal::ZERO {
                return (false, Decimal::ZERO);
            }
            let frac = match policy.reverse {
                Reverse::Ratio => ratio(a, b),
                Reverse::Linear => {
                    let over = b.saturating_sub(a).checked_div(a).unwrap_or(Decimal::ONE);
                    Decimal::ONE
                        .saturating_sub(over)
                        .clamp(Decimal::ZERO, Decimal::ONE)
                }
            };
            (false, frac)
        }
    }
}

/// A range `low–high` (docs/scoring.md, "Ranges and compound targets"): met inside, both
/// ends included; below it the lower end binds as a `≥` target does, above it the upper end
/// as a `≤` target does (the policy's reverse formula). No direction is guessed: the end the
/// actual crosses is the one that binds.
fn range_formula(low: Decimal, high: Decimal, b: Decimal, policy: &Policy) -> (bool, Decimal) {
    let b = b.max(Decimal::ZERO);
    if b < low {
        formula(Op::Ge, low, b, false, policy)
    } else if b > high {
        formula(Op::Le, high, b, false, policy)
    } else {
        (true, Decimal::ONE)
    }
}

/// The score band of a level for weight `w`: (low, high, high end open).
///
/// ```
/// use selfeval::score::{band_of, Level};
/// let (lo, hi, open) = band_of(Level::Partial, rust_decimal::Decimal::TEN);
/// assert_eq!((lo.to_string(), hi.to_string(), open), ("6.0".into(), "8.0".into(), true));
/// ```
pub fn band(level: Level, w: Decimal) -> (Decimal, Decimal, bool) {
    let w = w.max(Decimal::ZERO);
    let p8 = w.saturating_mul(Decimal::new(8, 1));
    let p6 = w.saturating_mul(Decimal::new(6, 1));
    match level {
        Level::Met => (p8, w, false),
        Level::Partial => (p6, p8, true),
        Level::NotMet => (Decimal::ZERO, p6, true),
    }
}

/// Moves a stated score into the level's band: unchanged when inside, else to the band's
/// nearest 2-dp point (0.01 inside an open end).
fn place_in_band(s: Decimal, level: Level, w: Decimal) -> Decimal {
    let (lo, hi, open) = band(level, w);
    let inside = s >= lo && if open { s < hi } else { s <= hi };
    if inside {
        return s;
    }
    let lo2 = lo.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
    let mut hi2 = hi.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity);
    if open && hi2 == hi {
        hi2 = hi2.saturating_sub(Decimal::new(1, 2));
    }
    if hi2 < lo2 {
        // A weight too small for the band to hold a 2-dp point.
        return lo2.min(w.max(Decimal::ZERO));
    }
    if s < lo {
        lo2
    } else {
        hi2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A fund row with a budget and an executed amount (`None`: a formula with no value).
    fn row(role: FundRole, budget: Option<&str>, executed: Option<&str>) -> FundRow {
        use crate::model::CellRef;
        let fig = |v: Option<&str>| Figure {
            value: v.map(d),
            cell: Some(CellRef::new(0, 0)),
            uncomputed: v.is_none(),
        };
        FundRow {
            label: String::new(),
            role,
            cell: CellRef::new(0, 0),
            initial: Figure::default(),
            budget: fig(budget),
            executed: fig(executed),
        }
    }

    #[test]
    fn an_uncomputed_total_is_recomputed_from_its_parts() {
        // Its =SUM formula had no cached value: the rate was none and the score 0.
        let mut t = Table::empty(crate::model::TableKind::Department, "s");
        t.funds.rows = vec![
            row(FundRole::Total, None, None),
            row(FundRole::Appropriation, Some("1650"), Some("1590.40")),
            row(FundRole::Carryover, Some("75.96"), Some("70")),
            row(FundRole::Other, Some("50"), Some("45.96")),
        ];
        let e = review_execution(&t, &Policy::default());
        assert_eq!((e.rate, e.score), (Some(d("0.9608")), d("9.61")));
        // Without sources, 基本支出 + 项目支出; a part itself uncomputed derives nothing.
        t.funds.rows = vec![
            row(FundRole::Total, None, None),
            row(FundRole::Basic, Some("100"), Some("90")),
            row(FundRole::Project, Some("100"), Some("90")),
        ];
        assert_eq!(review_execution(&t, &Policy::default()).score, d("9"));
        t.funds.rows[2].executed.value = None;
        t.funds.rows[2].executed.uncomputed = true;
        assert_eq!(review_execution(&t, &Policy::default()).rate, None);
    }

    #[test]
    fn bands() {
        let w = d("10");
        assert_eq!(place_in_band(d("12"), Level::Met, w), d("10"));
        assert_eq!(place_in_band(d("7"), Level::Met, w), d("8"));
        assert_eq!(place_in_band(d("9"), Level::Met, w), d("9"));
        assert_eq!(place_in_band(d("8"), Level::Partial, w), d("7.99"));
        assert_eq!(place_in_band(d("5"), Level::Partial, w), d("6"));
        assert_eq!(place_in_band(d("7.5"), Level::Partial, w), d("7.5"));
        assert_eq!(place_in_band(d("6"), Level::NotMet, w), d("5.99"));
        assert_eq!(place_in_band(d("-1"), Level::NotMet, w), d("0"));
        assert_eq!(place_in_band(d("0.1"), Level::Met, d("0.33")), d("0.27"));
    }

    #[test]
    fn a_percent_cell_read_as_a_fraction_is_recognised_either_way() {
        // (unit of the % side, unit of the fraction side, the % figure, the fraction)
        assert!(percent_read_as_fraction("%", "", d("95"), d("0.97")));
        assert!(percent_read_as_fraction("%", "", d("93"), d("0.95")));
        // Both written with %, or a small % (≤0.5%), or a figure in another unit: as written.
        assert!(!percent_read_as_fraction("%", "%", d("95"), d("0.97")));
        assert!(!percent_read_as_fraction("%", "", d("0.5"), d("0.3")));
        assert!(!percent_read_as_fraction("人", "", d("95"), d("0.97")));
        assert!(!percent_read_as_fraction("%", "", d("95"), d("0")));
    }

    #[test]
    fn formulas() {
        let p = Policy::default();
        let f = |op, a: &str, b: &str| formula(op, d(a), d(b), false, &p);
        assert_eq!(f(Op::Ge, "100", "90"), (false, d("0.9")));
        assert_eq!(f(Op::Ge, "100", "130"), (true, d("1")));
        assert_eq!(f(Op::Eq, "100", "120"), (true, d("1")));
        assert_eq!(f(Op::Eq, "0", "1"), (false, d("0")));
        assert_eq!(f(Op::Eq, "0", "0"), (true, d("1")));
        assert_eq!(f(Op::Ge, "0", "0"), (true, d("1")));
        assert_eq!(f(Op::Le, "0", "1"), (false, d("0")));
        assert_eq!(f(Op::Le, "30", "40"), (false, d("0.75")));
        assert_eq!(f(Op::Ge, "10", "-5"), (false, d("0")));
        let lin = Policy {
            reverse: Reverse::Linear,
            ..Policy::default()
        };
        assert_eq!(
            formula(Op::Le, d("30"), d("40"), false, &lin).1.round_dp(4),
            d("0.6667")
        );
        assert_eq!(formula(Op::Le, d("30"), d("90"), false, &lin).1, d("0"));
    }

    #[test]
    fn ranges_bind_at_the_end_crossed() {
        let p = Policy::default();
        let f = |lo: &str, hi: &str, b: &str| range_formula(d(lo), d(hi), d(b), &p);
        assert_eq!(f("95", "100", "95"), (true, d("1")));
        assert_eq!(f("95", "100", "100"), (true, d("1")));
        assert_eq!(f("95", "100", "76"), (false, d("0.8")));
        assert_eq!(f("1", "3", "4"), (false, d("0.75")));
        assert_eq!(f("0", "5", "-1"), (true, d("1")));
        assert_eq!(f("0", "0", "2"), (false, d("0")));
        let lin = Policy {
            reverse: Reverse::Linear,
            ..Policy::default()
        };
        assert_eq!(range_formula(d("1"), d("4"), d("5"), &lin).1, d("0.75"));
    }
}
