//! The execution (预算执行率) formulas of a template and the results cached with them. The
//! rule is the policy's ([`ExecutionPolicy`]): the rate capped at 100% when the policy caps
//! it, times the 分值, rounded like every score ([`round_score`]). The formulas say in
//! spreadsheet terms what the cached values compute in decimal.

use super::paint::col16;
use super::{F, G, H};
use crate::score::policy::ExecutionPolicy;
use crate::score::round_score;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;

/// The A1 name of a zero-based cell.
pub(super) fn a1(r: u32, c: u32) -> String {
    row_col_to_cell(r, col16(c))
}

/// The 执行率 formula of fund row `r`: `IF(F>0,G/F,"—")`.
pub(super) fn rate_formula(r: u32) -> String {
    format!("IF({b}>0,{g}/{b},\"—\")", b = a1(r, F), g = a1(r, G))
}

/// The execution 得分 formula of fund row `r`: `IF(F>0,ROUND(MIN(G/F,1)*H,2),0)`, without
/// the `MIN(…,1)` when the policy does not cap the rate.
pub(super) fn score_formula(r: u32, policy: &ExecutionPolicy) -> String {
    let (b, g, h) = (a1(r, F), a1(r, G), a1(r, H));
    let rate = if policy.cap {
        format!("MIN({g}/{b},1)")
    } else {
        format!("{g}/{b}")
    };
    format!("IF({b}>0,ROUND({rate}*{h},2),0)")
}

/// `executed / budget`, as a spreadsheet computes `IF(F>0,G/F,"—")` (an empty cell is 0).
pub(super) fn exec_rate(budget: Option<Decimal>, executed: Option<Decimal>) -> Option<Decimal> {
    let b = budget?;
    if b <= Decimal::ZERO {
        return None;
    }
    executed.unwrap_or(Decimal::ZERO).checked_div(b)
}

/// What [`score_formula`] computes: 0 without a rate; `None` only on overflow.
pub(super) fn exec_score(
    rate: Option<Decimal>,
    weight: Option<Decimal>,
    policy: &ExecutionPolicy,
) -> Option<Decimal> {
    match rate {
        Some(r) => policy
            .scored_rate(r)
            .checked_mul(weight.unwrap_or(Decimal::ZERO))
            .map(round_score),
        None => Some(Decimal::ZERO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_score_caps_and_rounds() {
        let p = ExecutionPolicy::default();
        let w = Some(Decimal::from(10));
        let rate = |b: Decimal, e: Decimal| exec_rate(Some(b), Some(e));
        assert_eq!(
            exec_score(rate(Decimal::from(100), Decimal::from(120)), w, &p),
            Some(Decimal::from(10))
        );
        let r = rate(Decimal::new(62878, 2), Decimal::new(61903, 2));
        assert_eq!(exec_score(r, w, &p).unwrap().to_string(), "9.84");
        assert_eq!(
            exec_score(exec_rate(None, Some(Decimal::ONE)), w, &p),
            Some(Decimal::ZERO)
        );
        assert_eq!(exec_rate(Some(Decimal::ZERO), Some(Decimal::ONE)), None);
    }

    #[test]
    fn an_uncapped_policy_scores_and_writes_the_full_rate() {
        let p = ExecutionPolicy {
            cap: false,
            ..ExecutionPolicy::default()
        };
        let r = exec_rate(Some(Decimal::from(100)), Some(Decimal::from(120)));
        assert_eq!(
            exec_score(r, Some(Decimal::TEN), &p),
            Some(Decimal::from(12))
        );
        assert_eq!(score_formula(6, &p), "IF(F7>0,ROUND(G7/F7*H7,2),0)");
        let capped = score_formula(6, &ExecutionPolicy::default());
        assert_eq!(capped, "IF(F7>0,ROUND(MIN(G7/F7,1)*H7,2),0)");
        assert_eq!(rate_formula(6), "IF(F7>0,G7/F7,\"—\")");
    }

    #[test]
    fn an_overflowing_score_has_no_value() {
        let p = ExecutionPolicy {
            cap: false,
            ..ExecutionPolicy::default()
        };
        let r = exec_rate(Some(Decimal::ONE), Some(Decimal::MAX));
        assert_eq!(exec_score(r, Some(Decimal::MAX), &p), None);
    }
}
