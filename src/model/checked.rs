//! Arithmetic that cannot panic. `rust_decimal`'s operators panic on overflow; every sum,
//! product and quotient of figures that came from input goes through these helpers (or
//! `Decimal::checked_*` directly) and gives `None` instead, or saturates where a value must
//! come out (`Decimal::saturating_*`, [`saturating_sum`]).

use rust_decimal::Decimal;

/// The sum of the values, or `None` if it overflows.
///
/// ```
/// use rust_decimal::Decimal;
/// use selfeval::model::checked::sum;
/// assert_eq!(sum([Decimal::ONE, Decimal::TWO]), Some(Decimal::from(3)));
/// assert_eq!(sum([Decimal::MAX, Decimal::ONE]), None);
/// ```
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// The sum of the values, held at `Decimal::MAX` (or `MIN`) instead of overflowing: for a
/// figure that must exist (a reviewed total), where the figures are bounded by the reader and
/// the limit is never reached on a real table.
///
/// ```
/// use rust_decimal::Decimal;
/// use selfeval::model::checked::saturating_sum;
/// assert_eq!(saturating_sum([Decimal::ONE, Decimal::TWO]), Decimal::from(3));
/// assert_eq!(saturating_sum([Decimal::MAX, Decimal::ONE]), Decimal::MAX);
/// assert_eq!(saturating_sum([Decimal::MIN, Decimal::NEGATIVE_ONE]), Decimal::MIN);
/// ```
pub fn saturating_sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, |acc, v| acc.saturating_add(v))
}
