//! How figures and small phrases are written in the documents: 万元 with two decimals and
//! thousands separators (as the workbooks' `#,##0.00`), rates as percents with two
//! decimals, scores with the decimals they have (`97`, `95.5`, `99.47`), placeholders,
//! and the words that differ by language.

use super::model::FigureKind;
use crate::diag::{Code, Lang};
use rust_decimal::Decimal;

pub use crate::model::document::format_figure as format;

/// A placeholder for words only a person can write.
///
/// ```
/// use selfeval::render::documents::figures::placeholder;
/// use selfeval::Lang;
/// assert_eq!(placeholder(Lang::Zh, "基本情况"), "【请填写：基本情况】");
/// ```
pub fn placeholder(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Zh => format!("【请填写：{what}】"),
        Lang::En => format!("[To be written: {what}]"),
    }
}

/// The Chinese ordinal numbers of first-level headings (`一`…`十`, then digits).
pub fn zh_number(n: usize) -> String {
    const D: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match n {
        1..=10 => D[n - 1].to_string(),
        11..=19 => format!("十{}", D[n - 11]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", D[n / 10 - 1]),
        21..=99 => format!("{}十{}", D[n / 10 - 1], D[n % 10 - 1]),
        _ => n.to_string(),
    }
}

/// A second-level number: `（一）` in Chinese, `(1)` in English.
pub fn sub_number(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("（{}）", zh_number(n)),
        Lang::En => format!("({n})"),
    }
}

/// What a finding's stated and reviewed figures measure (as the return workbook shows
/// them), `None` for figures written as they are (a year, a grade).
pub fn finding_kind(code: Code) -> Option<FigureKind> {
    match crate::diag::FigureKind::of(code) {
        crate::diag::FigureKind::Money => Some(FigureKind::Money),
        crate::diag::FigureKind::Rate => Some(FigureKind::Rate),
        crate::diag::FigureKind::Score => Some(FigureKind::Score),
        crate::diag::FigureKind::Plain => None,
    }
}

/// A finding's figure as text: in its kind's form when it is a number, else as it is.
pub fn finding_figure(code: Code, s: &str) -> String {
    match (finding_kind(code), s.trim().parse::<Decimal>()) {
        (Some(kind), Ok(d)) => format(d, kind),
        _ => s.to_string(),
    }
}

/// A date as the documents write it (`2026年12月2日`, `2 December 2026`).
pub fn date(lang: Lang, date: crate::model::date::Date) -> String {
    let (y, m, d) = date.ymd();
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::Zh => format!("{y}年{m}月{d}日"),
        Lang::En => format!("{d} {} {y}", MONTHS[(m.clamp(1, 12) - 1) as usize]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_and_rounded_half_away() {
        assert_eq!(format(Decimal::new(5, 3), FigureKind::Money), "0.01");
        assert_eq!(
            format(Decimal::new(-1234567891, 3), FigureKind::Money),
            "-1,234,567.89"
        );
        assert_eq!(format(Decimal::new(100, 0), FigureKind::Money), "100.00");
        assert_eq!(format(Decimal::ZERO, FigureKind::Money), "0.00");
        assert_eq!(format(Decimal::new(9445, 3), FigureKind::Score), "9.45");
        assert!(!format(Decimal::MAX, FigureKind::Rate).is_empty());
    }

    #[test]
    fn numbers_read_as_chinese() {
        assert_eq!(zh_number(1), "一");
        assert_eq!(zh_number(12), "十二");
        assert_eq!(zh_number(20), "二十");
        assert_eq!(zh_number(35), "三十五");
        assert_eq!(sub_number(Lang::Zh, 3), "（三）");
    }
}
