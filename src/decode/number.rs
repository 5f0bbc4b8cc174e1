//! One normaliser from what a cell holds to an exact number.
//!
//! Cells hold numbers in many forms: real numbers (f64 from the file), text with thousands
//! separators (`1,288.59`), padding (` 30 `), full-width digits (`１２８８.５９`), units
//! (`28.31万元`, `9.5分`), percentages (`96.08%`), and markers meaning "no value" (`—`,
//! `-`, `/`, `*`, `无`). Everything goes through here, so every format reads the same.
//!
//! Every number is bounded here, at parse time ([`within_bounds`]): at most
//! [`MAX_INTEGER_DIGITS`] digits before the point and, for text, [`MAX_DECIMAL_PLACES`]
//! after it. A number beyond the bounds is not a number ([`Parsed::NotNumber`], so
//! `field-not-number`), which keeps all later arithmetic on figures far from `Decimal`'s
//! overflow.

use super::limits::{MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS};
use crate::model::text::digit_runs;
use crate::model::AmountUnit;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A unit written after a number in a text cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// `万元`.
    WanYuan,
    /// `元`.
    Yuan,
    /// `%` (the value is already divided by 100).
    Percent,
    /// `分` (a score).
    Fen,
}

/// What a text cell says as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    /// A number, with the unit written after it, if any (percent already applied).
    Value(Decimal, Option<Suffix>),
    /// Empty or a "no value" marker (`—`, `-`, `/`, `*`, `无`).
    NoValue,
    /// Text that is not a number.
    NotNumber,
}

/// Converts an f64 read from a file to a Decimal through its 15-significant-digit decimal
/// form, the precision spreadsheets keep. `0.1 + 0.2` stored as 0.30000000000000004 reads
/// as 0.3; 28.31 reads as 28.31, not 28.309999999999998721023075631819665431976318359375
/// (which is what an exact binary conversion such as `Decimal::from_f64_retain` gives).
///
/// ```
/// use selfeval::read::number::decimal_from_f64;
/// assert_eq!(decimal_from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
/// assert_eq!(decimal_from_f64(28.31).unwrap().to_string(), "28.31");
/// assert_eq!(decimal_from_f64(100.0).unwrap().to_string(), "100");
/// assert!(decimal_from_f64(f64::NAN).is_none());
/// ```
pub fn decimal_from_f64(f: f64) -> Option<Decimal> {
    // Beyond the bounds (1e300 included): not a figure, and `format!` below would spell out
    // hundreds of digits.
    if !f.is_finite() || f.abs() >= 1e15 {
        return None;
    }
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    // `{:.14e}` gives 15 significant digits in scientific form, e.g. "2.83100000000000e1".
    let s = format!("{f:.14e}");
    match Decimal::from_scientific(&s) {
        // 999999999999999.9 rounds to 15 digits as 1e15: still out of bounds.
        Ok(d) => Some(d.normalize()).filter(|d| d.abs() < max_magnitude()),
        // Too small for Decimal's 28 places: it is zero for any amount or score.
        Err(_) if f.abs() < 1e-20 => Some(Decimal::ZERO),
        Err(_) => None,
    }
}

/// 10^[`MAX_INTEGER_DIGITS`]: every number read is below it in absolute value.
pub fn max_magnitude() -> Decimal {
    Decimal::from(10i64.pow(MAX_INTEGER_DIGITS))
}

/// True for a number inside the bounds of what is read: below 10^15 in absolute value, at
/// most 12 decimal places once trailing zeros are dropped (src/decode/limits.rs says why).
///
/// ```
/// use selfeval::read::number::within_bounds;
/// use rust_decimal::Decimal;
/// assert!(within_bounds(Decimal::new(128859, 2)));
/// assert!(!within_bounds(Decimal::from(10i64.pow(15))));
/// assert!(!within_bounds(Decimal::new(1, 13)));
/// assert!(within_bounds(Decimal::new(1_000_000, 16)));
/// ```
pub fn within_bounds(d: Decimal) -> bool {
    d.abs() < max_magnitude() && d.normalize().scale() <= MAX_DECIMAL_PLACES
}

/// True when a run of digits in the text is longer than the bounds allow: more than 15
/// digits before the point (leading zeros aside) or more than 12 after it (trailing zeros
/// aside). Full-width digits count. Findings use it to say that a number was refused for
/// its size, not for its form.
///
/// ```
/// use selfeval::read::number::has_out_of_bounds_number;
/// assert!(has_out_of_bounds_number("≥70000000000000000000000000000个"));
/// assert!(has_out_of_bounds_number("0.0000000000000000000000001"));
/// assert!(!has_out_of_bounds_number("≥1,288.59万元"));
/// assert!(!has_out_of_bounds_number("0.000000000000"));
/// assert!(has_out_of_bounds_number(".0000000000001"));
/// ```
pub fn has_out_of_bounds_number(s: &str) -> bool {
    let t = ascii_fold(s);
    let b = t.as_bytes();
    let too_long = digit_runs(b, |c| c.is_ascii_digit()).any(|run| {
        // Digits after a point are decimals (`12.5`, also `.5` without integer digits).
        if run.start > 0 && b[run.start - 1] == b'.' {
            trim_zeros(&b[run], false).len() > MAX_DECIMAL_PLACES as usize
        } else {
            trim_zeros(&b[run], true).len() > MAX_INTEGER_DIGITS as usize
        }
    });
    too_long
}

/// The digits without their leading (`leading`) or trailing zeros.
fn trim_zeros(d: &[u8], leading: bool) -> &[u8] {
    let keep = |c: &u8| *c != b'0';
    if leading {
        d.iter().position(keep).map_or(&[][..], |p| &d[p..])
    } else {
        d.iter().rposition(keep).map_or(&[][..], |p| &d[..=p])
    }
}

/// What a finding adds when a cell's number was refused for its size: the bounds.
///
/// ```
/// let (zh, en) = selfeval::read::number::bounds_note();
/// assert!(zh.contains("15") && en.contains("12"));
/// ```
pub fn bounds_note() -> (String, String) {
    (
        format!(
            "数值超出可读取的范围：整数部分最多 {MAX_INTEGER_DIGITS} 位（绝对值小于 10^{MAX_INTEGER_DIGITS}），小数最多 {MAX_DECIMAL_PLACES} 位"
        ),
        format!(
            "the number is beyond the bounds read: at most {MAX_INTEGER_DIGITS} digits before the point (below 10^{MAX_INTEGER_DIGITS}) and {MAX_DECIMAL_PLACES} after it"
        ),
    )
}

/// Maps full-width digits, signs and separators to ASCII and drops all whitespace.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter(|c| !crate::model::text::is_invisible(*c))
        .map(|c| match crate::model::text::fold_width(c) {
            '。' => '.',
            '−' => '-',
            c => c,
        })
        .collect()
}

/// True for the markers that mean "no value here".
pub fn is_no_value(s: &str) -> bool {
    let t = ascii_fold(s);
    t.is_empty()
        || matches!(
            t.as_str(),
            "—" | "——"
                | "-"
                | "--"
                | "–"
                | "/"
                | "／"
                | "*"
                | "＊"
                | "无"
                | "空"
                | "N/A"
                | "n/a"
                | "/ "
                | "\\"
        )
}

/// True for a target that asks for nothing to happen: a zero (`0起`, `≤0`, `=0次`) or words
/// of none (`无重大安全事故`, `零事故`, [`crate::form::NONE_TARGET_WORDS`]).
///
/// ```
/// use selfeval::read::number::asks_for_none;
/// assert!(asks_for_none("0起") && asks_for_none("≤0") && asks_for_none("无重大安全事故"));
/// assert!(!asks_for_none("≥100%") && !asks_for_none("≤0.5%") && !asks_for_none("按时完成"));
/// ```
pub fn asks_for_none(target: &str) -> bool {
    let digits: Vec<char> = ascii_fold(target)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let zero = !digits.is_empty() && digits.iter().all(|d| *d == '0');
    zero || crate::form::NONE_TARGET_WORDS
        .iter()
        .any(|w| target.contains(w))
}

/// True for an actual that says nothing happened: `无`, `零`, `未发生`
/// ([`crate::form::NONE_ACTUAL_WORDS`]), as the whole text.
pub fn says_none(actual: &str) -> bool {
    let t = ascii_fold(actual);
    crate::form::NONE_ACTUAL_WORDS.contains(&t.trim())
}

/// Parses the text of a cell as a number.
///
/// ```
/// use selfeval::read::number::{parse_text, Parsed, Suffix};
/// use rust_decimal_macros::dec;
/// assert_eq!(parse_text("1,288.59"), Parsed::Value(dec!(1288.59), None));
/// assert_eq!(parse_text("１２８８.５９"), Parsed::Value(dec!(1288.59), None));
/// assert_eq!(parse_text("1288.59万元"), Parsed::Value(dec!(1288.59), Some(Suffix::WanYuan)));
/// assert_eq!(parse_text("96.08%"), Parsed::Value(dec!(0.9608), Some(Suffix::Percent)));
/// assert_eq!(parse_text("—"), Parsed::NoValue);
/// assert_eq!(parse_text("达成"), Parsed::NotNumber);
/// ```
pub fn parse_text(s: &str) -> Parsed {
    if is_no_value(s) {
        return Parsed::NoValue;
    }
    let t = ascii_fold(s);
    let (body, suffix) = if let Some(b) = t.strip_suffix("万元") {
        (b, Some(Suffix::WanYuan))
    } else if let Some(b) = t.strip_suffix('元') {
        (b, Some(Suffix::Yuan))
    } else if let Some(b) = t.strip_suffix('%') {
        (b, Some(Suffix::Percent))
    } else if let Some(b) = t.strip_suffix('分') {
        (b, Some(Suffix::Fen))
    } else {
        (t.as_str(), None)
    };
    let Some(d) = parse_plain(body) else {
        return Parsed::NotNumber;
    };
    match suffix {
        Some(Suffix::Percent) => Parsed::Value((d / Decimal::ONE_HUNDRED).normalize(), suffix),
        _ => Parsed::Value(d.normalize(), suffix),
    }
}

/// Parses a bare ASCII number with optional sign, thousands separators and exponent.
fn parse_plain(body: &str) -> Option<Decimal> {
    if body.is_empty() {
        return None;
    }
    // Thousands separators: only accept commas between digit groups, not `1,2`.
    let cleaned: String = if body.contains(',') {
        let int_part = body.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int_part.trim_start_matches(['-', '+']).split(',').collect();
        let ok = groups.len() > 1
            && !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        body.replace(',', "")
    } else {
        body.to_string()
    };
    let valid = cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && cleaned.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    // Digits beyond the bounds are refused before parsing: `Decimal` would round a long
    // fraction silently.
    let mantissa = cleaned.split(['e', 'E']).next().unwrap_or("");
    if has_out_of_bounds_number(mantissa) {
        return None;
    }
    let d = if cleaned.contains(['e', 'E']) {
        Decimal::from_scientific(cleaned).ok()
    } else {
        Decimal::from_str(cleaned).ok()
    };
    d.filter(|d| within_bounds(*d))
}

/// Converts an amount stated in `unit` to 万元.
///
/// ```
/// use selfeval::model::AmountUnit;
/// use selfeval::read::number::to_wan;
/// use rust_decimal_macros::dec;
/// assert_eq!(to_wan(dec!(12885900), AmountUnit::Yuan), dec!(1288.59));
/// assert_eq!(to_wan(dec!(28.31), AmountUnit::WanYuan), dec!(28.31));
/// ```
pub fn to_wan(v: Decimal, unit: AmountUnit) -> Decimal {
    match unit {
        AmountUnit::WanYuan => v,
        AmountUnit::Yuan => (v / Decimal::from(10_000)).normalize(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn text_numbers_table() {
        let cases: &[(&str, Parsed)] = &[
            ("1,288.59", Parsed::Value(dec!(1288.59), None)),
            (" 30 ", Parsed::Value(dec!(30), None)),
            ("１２３", Parsed::Value(dec!(123), None)),
            ("１２８８.５９", Parsed::Value(dec!(1288.59), None)),
            ("１，２８８．５９", Parsed::Value(dec!(1288.59), None)),
            (
                "1288.59万元",
                Parsed::Value(dec!(1288.59), Some(Suffix::WanYuan)),
            ),
            (
                "28.31 万元",
                Parsed::Value(dec!(28.31), Some(Suffix::WanYuan)),
            ),
            (
                "12885900元",
                Parsed::Value(dec!(12885900), Some(Suffix::Yuan)),
            ),
            ("96.08%", Parsed::Value(dec!(0.9608), Some(Suffix::Percent))),
            (
                "96.08％",
                Parsed::Value(dec!(0.9608), Some(Suffix::Percent)),
            ),
            ("9.5分", Parsed::Value(dec!(9.5), Some(Suffix::Fen))),
            ("-3", Parsed::Value(dec!(-3), None)),
            ("1.5E+3", Parsed::Value(dec!(1500), None)),
            ("\u{3000}6.40\u{3000}", Parsed::Value(dec!(6.4), None)),
            ("—", Parsed::NoValue),
            ("-", Parsed::NoValue),
            ("/", Parsed::NoValue),
            ("*", Parsed::NoValue),
            ("无", Parsed::NoValue),
            ("", Parsed::NoValue),
            ("  ", Parsed::NoValue),
            ("达成年度指标", Parsed::NotNumber),
            ("1,2", Parsed::NotNumber),
            ("12..5", Parsed::NotNumber),
            ("≥90%", Parsed::NotNumber),
            ("1.2.3", Parsed::NotNumber),
            ("#DIV/0!", Parsed::NotNumber),
        ];
        for (text, want) in cases {
            assert_eq!(parse_text(text), *want, "{text:?}");
        }
    }

    #[test]
    fn f64_conversion_keeps_fifteen_digits() {
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.3"),
            (28.31, "28.31"),
            (1288.59, "1288.59"),
            (0.9608, "0.9608"),
            (619.03 / 628.78, "0.98449378160883"),
            (-5.0, "-5"),
            (1e-30, "0"),
            (123456789012.345, "123456789012.345"),
        ];
        for (f, want) in cases {
            let got = decimal_from_f64(*f).unwrap();
            assert_eq!(got.to_string(), *want, "{f}");
        }
        assert!(decimal_from_f64(f64::INFINITY).is_none());
        assert!(decimal_from_f64(1e300).is_none());
    }

    #[test]
    fn numbers_beyond_the_bounds_are_not_numbers() {
        let refused = [
            "1000000000000000",
            "-1000000000000000",
            "70000000000000000000000000000",
            "123456789012345678901234567890",
            "0.0000000000000000000000001",
            "1.0000000000001",
            "1e15",
            "1E+300",
            "1e-13",
            "1,000,000,000,000,000",
            "10000000000000000万元",
        ];
        for text in refused {
            assert_eq!(parse_text(text), Parsed::NotNumber, "{text:?}");
            assert!(
                has_out_of_bounds_number(text) || text.contains([',', 'e', 'E']),
                "{text:?}"
            );
        }
        let kept: &[(&str, Decimal)] = &[
            ("999999999999999", dec!(999999999999999)),
            (
                "-999999999999999.999999999999",
                dec!(-999999999999999.999999999999),
            ),
            ("0.000000000001", dec!(0.000000000001)),
            ("1.500000000000000000", dec!(1.5)),
            ("000000000000000000001", dec!(1)),
            ("1e14", dec!(100000000000000)),
        ];
        for (text, want) in kept {
            assert_eq!(parse_text(text), Parsed::Value(*want, None), "{text:?}");
        }
        assert!(decimal_from_f64(1e15).is_none());
        assert!(decimal_from_f64(-1e20).is_none());
        assert!(decimal_from_f64(999_999_999_999_999.9).is_none());
        assert_eq!(
            decimal_from_f64(999_999_999_999.99).unwrap().to_string(),
            "999999999999.99"
        );
    }

    #[test]
    fn yuan_to_wan() {
        assert_eq!(to_wan(dec!(283100), AmountUnit::Yuan), dec!(28.31));
    }
}
