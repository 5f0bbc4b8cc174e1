//! The money 汇总 adds up: 全年预算数 and 全年执行数 of the 年度资金总额 row, of a table, a
//! unit or a run, with the one execution rate every output computes from them.

use crate::model::{FundRole, Table};
use rust_decimal::Decimal;

/// 全年预算数 and 全年执行数 (万元); `None` where there is no figure (a unit without a
/// counted table, a row without the amount) or a sum overflowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    /// 全年预算数.
    pub budget: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
}

impl Money {
    /// Zero of both: where a sum starts.
    pub const ZERO: Money = Money {
        budget: Some(Decimal::ZERO),
        executed: Some(Decimal::ZERO),
    };

    /// The amounts a table states on its 年度资金总额 row.
    pub fn of_table(t: &Table) -> Money {
        let total = t.funds.row(FundRole::Total);
        Money {
            budget: total.and_then(|r| r.budget.value),
            executed: total.and_then(|r| r.executed.value),
        }
    }

    /// `self` with `other` added as 汇总's `SUM` adds: an amount `other` lacks adds nothing
    /// (a unit without a counted table), and a sum that overflows stays `None`.
    pub fn plus(self, other: Money) -> Money {
        let add = |sum: Option<Decimal>, v: Option<Decimal>| match v {
            Some(v) => sum.and_then(|s| s.checked_add(v)),
            None => sum,
        };
        Money {
            budget: add(self.budget, other.budget),
            executed: add(self.executed, other.executed),
        }
    }

    /// The sum of `items` ([`Money::plus`] from [`Money::ZERO`]).
    pub fn sum(items: impl IntoIterator<Item = Money>) -> Money {
        items.into_iter().fold(Money::ZERO, Money::plus)
    }

    /// The execution rate `executed / budget` for a positive budget; `None` otherwise, or
    /// when the quotient does not fit a decimal (a tiny budget under a huge amount), so a
    /// hostile table cannot panic here.
    pub fn rate(self) -> Option<Decimal> {
        match (self.executed, self.budget) {
            (Some(e), Some(b)) if b > Decimal::ZERO => e.checked_div(b),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_pass_over_blanks_and_stop_at_an_overflow() {
        let m = |b, e| Money {
            budget: b,
            executed: e,
        };
        let (one, two) = (Some(Decimal::ONE), Some(Decimal::TWO));
        assert_eq!(Money::sum([m(one, None), m(one, one)]), m(two, one));
        let huge = m(Some(Decimal::MAX), one);
        assert_eq!(Money::sum([huge]), huge);
        assert_eq!(Money::sum([huge, huge]), m(None, two));
        assert_eq!(
            Money::sum([huge, huge, m(one, one)]).budget,
            None,
            "stays None"
        );
        assert_eq!(
            m(Some(Decimal::new(1, 28)), Some(Decimal::MAX)).rate(),
            None
        );
        assert_eq!(m(Some(Decimal::ZERO), one).rate(), None);
        assert_eq!(m(two, one).rate(), Some(Decimal::new(5, 1)));
    }
}
