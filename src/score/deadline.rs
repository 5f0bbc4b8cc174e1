//! Deadlines (scoring.md, qualitative indicators): a target such as `9月前`, `10月底前完成`
//! or `2022年10月30日前` and an actual that is a date or a month (`7月`, `已于9月完成`,
//! `2022年10月15日`, `9月底`; typed with separators, `2021.11.30`, `2021-11-30`,
//! `2021/11/30`; a date cell, read as `2021年11月30日`) are compared as dates. `X月前` and
//! `X月底前` mean by the end of month X; a month stands for its whole month, so when either
//! side has no day the two are compared by month. A year not written is the table's.

use super::value::normalize_text;

/// A date as far as the text says it: the year when written, the month, the day when
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// `2022年…`; `None` when not written.
    pub year: Option<i32>,
    /// 1–12.
    pub month: u32,
    /// 1–31; `None` for a whole month (`9月`, `9月底`).
    pub day: Option<u32>,
}

/// The last date written in a text (the end of a range such as `3月-10月`), if any.
///
/// ```
/// use selfeval::score::deadline::{last_date, Date};
/// assert_eq!(last_date("9月前"), Some(Date { year: None, month: 9, day: None }));
/// assert_eq!(last_date("2022年10月30日前"), Some(Date { year: Some(2022), month: 10, day: Some(30) }));
/// assert_eq!(last_date("2021年底前完成"), Some(Date { year: Some(2021), month: 12, day: None }));
/// assert_eq!(last_date("已于9月完成"), Some(Date { year: None, month: 9, day: None }));
/// assert_eq!(last_date("2021.11.30"), Some(Date { year: Some(2021), month: 11, day: Some(30) }));
/// assert_eq!(last_date("2021-11"), Some(Date { year: Some(2021), month: 11, day: None }));
/// assert_eq!(last_date("2021/3/5-2021/11/30"), Some(Date { year: Some(2021), month: 11, day: Some(30) }));
/// assert_eq!(last_date("2021.11.305"), None);
/// assert_eq!(last_date("12个月"), None);
/// assert_eq!(last_date("13月"), None);
/// assert_eq!(last_date("年底前"), Some(Date { year: None, month: 12, day: None }));
/// ```
pub fn last_date(text: &str) -> Option<Date> {
    let chars: Vec<char> = normalize_text(text).chars().collect();
    let mut found = None;
    let mut i = 0;
    let mut year = None;
    while i < chars.len() {
        if let Some((date, end)) = numeric_date(&chars, i) {
            (year, found, i) = (date.year, Some(date), end);
            continue;
        }
        let (n, end) = number_at(&chars, i);
        let Some(n) = n else {
            i += 1;
            continue;
        };
        match chars.get(end) {
            Some('年') if (1000..=2999).contains(&n) => {
                year = i32::try_from(n).ok();
                // `2021年底` / `2021年末`: the end of that year.
                if matches!(chars.get(end + 1), Some('底' | '末')) {
                    found = Some(Date {
                        year,
                        month: 12,
                        day: None,
                    });
                }
            }
            Some('月') if (1..=12).contains(&n) => {
                let (d, dend) = number_at(&chars, end + 1);
                let day = d.filter(|d| {
                    (1..=31).contains(d) && matches!(chars.get(dend), Some('日' | '号'))
                });
                found = Some(Date {
                    year,
                    month: n,
                    day,
                });
            }
            _ => {}
        }
        i = end.max(i + 1);
    }
    // `年底前` / `年末` with no year written: the end of the table's year.
    let t: String = chars.iter().collect();
    if found.is_none() && (t.contains("年底") || t.contains("年末")) {
        found = Some(Date {
            year,
            month: 12,
            day: None,
        });
    }
    found
}

/// The year of a text that names a year and no month or day (`2019年`, `2019年内完成`): the
/// last four-digit year written before `年`. `None` when it names none, or a month too.
///
/// ```
/// use selfeval::score::deadline::year_only;
/// assert_eq!(year_only("2019年"), Some(2019));
/// assert_eq!(year_only("2020年完成"), Some(2020));
/// assert_eq!(year_only("2021年12月完成"), None);
/// assert_eq!(year_only("12个月"), None);
/// assert_eq!(year_only("12019年"), None);
/// ```
pub fn year_only(text: &str) -> Option<i32> {
    if last_date(text).is_some() {
        return None;
    }
    let chars: Vec<char> = normalize_text(text).chars().collect();
    let mut found = None;
    for i in 0..chars.len() {
        let (n, end) = number_at(&chars, i);
        let four = end == i + 4 && (i == 0 || !chars[i - 1].is_ascii_digit());
        if let (Some(n), true, Some('年')) = (n, four, chars.get(end)) {
            found = i32::try_from(n).ok().filter(|y| (1000..=2999).contains(y));
        }
    }
    found
}

/// A date written with separators at `i`, as typed or as a date cell is shown:
/// `2021-11-30`, `2021/11/30`, `2021.11.30`, or a month `2021-11`, `2021/11`, `2021.11`
/// (the caller compares deadlines only, where such a number is a date, not a decimal); and
/// the index after it.
fn numeric_date(chars: &[char], i: usize) -> Option<(Date, usize)> {
    if i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.') {
        return None;
    }
    let (y, at) = digits(chars, i, 4)?;
    let sep = *chars.get(at).filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (month, mut end) = digits(chars, at + 1, 2).filter(|(m, _)| (1..=12).contains(m))?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    let mut day = None;
    if chars.get(end) == Some(&sep) {
        let (d, dend) = digits(chars, end + 1, 2).filter(|(d, _)| (1..=31).contains(d))?;
        (day, end) = (Some(d), dend);
    }
    // `2021.11.30.5` or `2021-11-305` is no date.
    if chars
        .get(end)
        .is_some_and(|c| c.is_ascii_digit() || *c == sep)
    {
        return None;
    }
    let year = i32::try_from(y).ok();
    Some((Date { year, month, day }, end))
}

/// A run of 1 to `max` ASCII digits at `i` (a longer run is none) and the index after it.
fn digits(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let end = (i..chars.len())
        .find(|&k| !chars[k].is_ascii_digit())
        .unwrap_or(chars.len());
    if end == i || end - i > max {
        return None;
    }
    let n = chars[i..end]
        .iter()
        .fold(0u32, |acc, c| acc * 10 + c.to_digit(10).unwrap_or(0));
    Some((n, end))
}

/// The decimal number of ASCII digits starting at `i` (at most 4 digits; longer runs are
/// no date part) and the index after it.
fn number_at(chars: &[char], i: usize) -> (Option<u32>, usize) {
    let mut end = i;
    while end < chars.len() && chars[end].is_ascii_digit() {
        end += 1;
    }
    // A digit run that continues a longer number or a decimal is no date part.
    let preceded = i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.');
    if end == i || end - i > 4 || preceded || chars.get(end) == Some(&'.') {
        return (None, end.max(i + 1));
    }
    let n = chars[i..end]
        .iter()
        .fold(0u32, |acc, c| acc * 10 + c.to_digit(10).unwrap_or(0));
    (Some(n), end)
}

/// Whether an actual that is a date or month meets a deadline target: `Some(true)` when
/// not later, `Some(false)` when later, `None` when either text holds no date.
///
/// ```
/// use selfeval::score::deadline::met;
/// assert_eq!(met("9月前", "7月", Some(2021)), Some(true));
/// assert_eq!(met("11月前", "10月", None), Some(true));
/// assert_eq!(met("9月前", "10月", None), Some(false));
/// assert_eq!(met("2022年10月30日前", "2022年10月15日", None), Some(true));
/// assert_eq!(met("10月底前完成", "2022年11月3日", Some(2022)), Some(false));
/// assert_eq!(met("按时完成", "7月", None), None);
/// assert_eq!(met("2019年", "2019年", None), Some(true));
/// assert_eq!(met("2019年", "2020年", None), Some(false));
/// assert_eq!(met("2019年", "11月", Some(2019)), Some(true));
/// ```
pub fn met(target: &str, actual: &str, table_year: Option<i32>) -> Option<bool> {
    let Some(t) = last_date(target) else {
        // A year alone (`完成时限 2019年`): by the end of that year; the actual's year decides.
        let ty = year_only(target)?;
        let ay = last_date(actual)
            .and_then(|a| a.year.or(table_year))
            .or_else(|| year_only(actual))?;
        return Some(ay <= ty);
    };
    let a = last_date(actual)?;
    let year = |d: Date| d.year.or(table_year).unwrap_or(0);
    let (ty, ay) = (year(t), year(a));
    if ty != ay {
        return Some(ay < ty);
    }
    if a.month != t.month {
        return Some(a.month < t.month);
    }
    match (a.day, t.day) {
        (Some(ad), Some(td)) => Some(ad <= td),
        // A whole month stands for that month: within the deadline's month is in time.
        _ => Some(true),
    }
}
