//! Calendar dates and the run's clock: the one place that reads `SOURCE_DATE_EPOCH` and
//! the one conversion between day counts and civil dates (proleptic Gregorian, H. Hinnant's
//! algorithms). Every output takes its date from the run's context, made once from
//! [`run_epoch`], so the same inputs with the same `SOURCE_DATE_EPOCH` give the same bytes.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1–9999 (dates outside are clamped into it: a workbook cannot show them).
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl From<(i32, u32, u32)> for Date {
    fn from((year, month, day): (i32, u32, u32)) -> Date {
        Date { year, month, day }
    }
}

/// Seconds in a day.
const DAY: i64 = 86_400;

impl Date {
    /// The date `days` days after 1970-01-01.
    ///
    /// ```
    /// use selfeval::model::date::Date;
    /// let d = |year, month, day| Date { year, month, day };
    /// assert_eq!(Date::from_days(0), d(1970, 1, 1));
    /// assert_eq!(Date::from_days(11_016), d(2000, 2, 29));
    /// assert_eq!(Date::from_days(20_789), d(2026, 12, 2));
    /// assert_eq!(Date::from_days(-1), d(1969, 12, 31));
    /// ```
    pub fn from_days(days: i64) -> Date {
        // Eras of 400 years counted from 0000-03-01; the bound keeps the sums in range.
        let z = days.clamp(-1_000_000_000, 1_000_000_000) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(1, 9999) as i32,
            month,
            day,
        }
    }

    /// The day of an epoch (seconds since 1970, UTC).
    pub fn of_epoch(epoch: i64) -> Date {
        Date::from_days(epoch.div_euclid(DAY))
    }

    /// Days since 1970-01-01.
    ///
    /// ```
    /// use selfeval::model::date::Date;
    /// assert_eq!(Date { year: 2000, month: 2, day: 29 }.days(), 11_016);
    /// ```
    pub fn days(self) -> i64 {
        let y = i64::from(if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        });
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `n` days later.
    pub fn plus_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// As a tuple (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        (self.year, self.month, self.day)
    }
}

/// The offset of the bureaus' time from UTC (Beijing, no daylight saving), in seconds.
pub const BUREAU_OFFSET: i64 = 8 * 3600;

/// The bureaus' day of an epoch (UTC+8): the date every output, round folder and letter
/// number shows, so that a letter is dated the day of the round it is archived in.
pub fn bureau_day(epoch: i64) -> Date {
    Date::of_epoch(epoch.saturating_add(BUREAU_OFFSET))
}

/// The run's time in seconds since 1970: `SOURCE_DATE_EPOCH` when it holds a number (so
/// that the same inputs give the same outputs), else now. The only reader of the variable.
pub fn run_epoch() -> i64 {
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

/// The time of day of an epoch as `HH:MM:SS`.
pub fn clock(epoch: i64) -> String {
    let s = epoch.rem_euclid(DAY);
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The W3CDTF time of an epoch (`2026-12-02T18:43:17Z`), for documents' core properties.
///
/// ```
/// use selfeval::model::date::w3cdtf;
/// assert_eq!(w3cdtf(1_764_700_997), "2025-12-02T18:43:17Z");
/// assert_eq!(w3cdtf(-1), "1969-12-31T23:59:59Z");
/// ```
pub fn w3cdtf(epoch: i64) -> String {
    let d = Date::of_epoch(epoch);
    format!(
        "{:04}-{:02}-{:02}T{}Z",
        d.year,
        d.month,
        d.day,
        clock(epoch)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_round_trip() {
        for days in [-719_162, -1, 0, 59, 11_016, 18_993, 20_789, 2_900_000] {
            assert_eq!(Date::from_days(days).days(), days, "{days}");
        }
        assert_eq!(
            Date::from_days(59),
            Date {
                year: 1970,
                month: 3,
                day: 1
            }
        );
        assert_eq!(
            Date {
                year: 2025,
                month: 12,
                day: 28
            }
            .plus_days(7),
            Date {
                year: 2026,
                month: 1,
                day: 4
            }
        );
    }

    #[test]
    fn absurd_epochs_stay_in_range() {
        assert_eq!(Date::of_epoch(i64::MAX).year, 9999);
        assert_eq!(Date::of_epoch(i64::MIN).year, 1);
    }
}
