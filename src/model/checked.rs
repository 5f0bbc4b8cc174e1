//! Arithmetic that cannot panic. `rust_decimal`'s operators panic on overflow; every sum,
//! product and quotient of figures that came from input goes through these helpers (or
//! `Decimal::checked_*` directly) and gives `None` instead.

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
