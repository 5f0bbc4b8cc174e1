//! Numbers written in Chinese numerals in indicator values (`三次`, `两个`, `一万人`,
//! `百分之九十五`): read as the figure a finance officer reads (docs/scoring.md, "Indicator
//! values from the field"). Only a numeral followed by a measure word of
//! [`crate::form::NUMERAL_MEASURES`] (or `%`) is a quantity: `一般`, `十分满意`, `一次性` stay
//! words.

use rust_decimal::Decimal;

/// The value of one numeral digit.
fn digit(c: char) -> Option<u32> {
    "零〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| match p {
            0 | 1 => 0,
            k => k as u32 - 1,
        })
        .or((c == '两').then_some(2))
}

/// The multiplier of a numeral unit within a section (十 百 千).
fn small_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Reads a run of Chinese numerals at the start of `s`: its value and the rest. `None`
/// when `s` does not start with one.
///
/// ```
/// use selfeval::score::numeral::leading;
/// use rust_decimal::Decimal;
/// assert_eq!(leading("三次"), Some((Decimal::from(3), "次")));
/// assert_eq!(leading("十二个月"), Some((Decimal::from(12), "个月")));
/// assert_eq!(leading("一万人"), Some((Decimal::from(10000), "人")));
/// assert_eq!(leading("两千零五十户"), Some((Decimal::from(2050), "户")));
/// assert_eq!(leading("次"), None);
/// ```
pub fn leading(s: &str) -> Option<(Decimal, &str)> {
    let (mut total, mut section, mut number) = (0u64, 0u64, 0u64);
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if let Some(d) = digit(c) {
            number = u64::from(d);
        } else if let Some(u) = small_unit(c) {
            // `十二` starts with its unit: one ten.
            let n = if number == 0 && section == 0 && u == 10 {
                1
            } else {
                number
            };
            section = section.checked_add(n.checked_mul(u)?)?;
            number = 0;
        } else if c == '万' || c == '亿' {
            let u = if c == '万' { 10_000 } else { 100_000_000 };
            total = total.checked_add(section.checked_add(number)?.max(1).checked_mul(u)?)?;
            (section, number) = (0, 0);
        } else {
            break;
        }
        end = i + c.len_utf8();
    }
    if end == 0 {
        return None;
    }
    let value = total.checked_add(section)?.checked_add(number)?;
    Some((Decimal::from(value), &s[end..]))
}

/// A whole quantity in numerals: `三次` → (3, `次`), `百分之九十五` → (95, `%`); the rest must
/// be a measure word (or nothing after `百分之`).
///
/// ```
/// use selfeval::score::numeral::quantity;
/// use rust_decimal::Decimal;
/// assert_eq!(quantity("两个"), Some((Decimal::from(2), "个".to_string())));
/// assert_eq!(quantity("百分之九十"), Some((Decimal::from(90), "%".to_string())));
/// assert_eq!(quantity("一般"), None);
/// assert_eq!(quantity("十分满意"), None);
/// assert_eq!(quantity("一次性"), None);
/// ```
pub fn quantity(s: &str) -> Option<(Decimal, String)> {
    if let Some(rest) = s.strip_prefix("百分之") {
        let (v, after) = leading(rest)?;
        return after.is_empty().then(|| (v, "%".to_string()));
    }
    let (v, unit) = leading(s)?;
    crate::form::NUMERAL_MEASURES
        .contains(&unit)
        .then(|| (v, unit.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numerals() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("二十", 20),
            ("二十五", 25),
            ("一百零五", 105),
            ("三千", 3000),
            ("一万二千", 12000),
            ("两万", 20000),
            ("一亿", 100_000_000),
        ];
        for (text, want) in cases {
            let got = leading(text).map(|(v, _)| v);
            assert_eq!(got, Some(Decimal::from(want)), "{text}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "[零〇一二两三四五六七八九十百千万亿]{0,24}[次个人场]?") {
            let _ = leading(&s);
            let _ = quantity(&s);
            let _ = crate::score::value::parse_target(&s);
            let _ = crate::score::value::parse_actual(&s);
        }
    }
}
