//! Deadlines (scoring.md, qualitative indicators): a target such as `9月前`, `10月底前完成`
//! or `2022年10月30日前` and an actual that is a date or a month (`7月`, `已于9月完成`,
//! `2022年10月15日`, `9月底`) are compared as dates. `X月前` and `X月底前` mean by the end of
//! month X; a month stands for its whole month, so when either side has no day the two are
//! compared by month. A year not written is the table's.

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
/// assert_eq!(last_date("12个月"), None);
/// assert_eq!(last_date("13月"), None);
/// ```
pub fn last_date(text: &str) -> Option<Date> {
    let chars: Vec<char> = normalize_text(text).chars().collect();
    let mut found = None;
    let mut i = 0;
    let mut year = None;
    while i < chars.len() {
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
    found
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
/// ```
pub fn met(target: &str, actual: &str, table_year: Option<i32>) -> Option<bool> {
    let t = last_date(target)?;
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
