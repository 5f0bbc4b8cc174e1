//! The run's date for a title row: the day of `SOURCE_DATE_EPOCH` (seconds since 1970, UTC)
//! when it is set, so that the same inputs give the same bytes; else today (UTC).

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year.
    pub year: i64,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

/// The date `days` days after 1970-01-01 (proleptic Gregorian).
///
/// ```
/// use selfeval::render::worklist::date::{from_days, Date};
/// assert_eq!(from_days(0), Date { year: 1970, month: 1, day: 1 });
/// assert_eq!(from_days(20_789), Date { year: 2026, month: 12, day: 2 });
/// assert_eq!(from_days(11_016), Date { year: 2000, month: 2, day: 29 });
/// ```
pub fn from_days(days: i64) -> Date {
    // Howard Hinnant's civil_from_days: eras of 400 years counted from 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Date {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
    }
}

/// Seconds since 1970 of the run: `SOURCE_DATE_EPOCH` when it holds a number, else now.
pub fn run_seconds() -> i64 {
    if let Some(s) = std::env::var_os("SOURCE_DATE_EPOCH") {
        if let Some(secs) = s.to_str().and_then(|s| s.trim().parse::<i64>().ok()) {
            return secs;
        }
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The run's date (UTC).
pub fn run_date() -> Date {
    from_days(run_seconds().div_euclid(86_400))
}
