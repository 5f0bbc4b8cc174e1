//! What a cell's number format says about its number: the scale it shows it at and the text
//! around it.
//!
//! Excel and WPS store a typed `95%` as 0.95 formatted `0%`, an amount formatted
//! `0.00"万元"` shows `28.31万元`, a count formatted `0"个"` shows `5500个`; Chinese finance
//! offices also show amounts in 元 as 万元 with `0!.0000"万元"` (a literal point four digits
//! from the right) or `0.00,,"万元"` plus a `%` wrapped onto a hidden second line. A finance
//! officer reads the screen, so what the format shows is what the unit means
//! (docs/reader.md, "Number formats (fmtprobe)").
//!
//! [`NumFormat::parse`] reads an Excel format code (xlsx; the ods and xls readers build a
//! [`NumFormat`] from their own records). It gives `None` for a format that shows the number
//! as it is (General, `0.00`, `#,##0`) and for anything it does not read with certainty
//! (dates and times, fractions, scientific, text, conditions, Chinese numerals): the reader
//! then keeps its guesses for the cell, as for a cell without a format.

use rust_decimal::Decimal;

use super::number::Suffix;

/// What a number format adds to a number: the power of ten it shows it at (`%` 2, each
/// trailing `,` −3, a literal point k digits from the right −k) and the literal text before
/// and after it that the user sees.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumFormat {
    /// The power of ten the value is shown at.
    pub exp10: i32,
    /// Text shown before the number (only an operator such as `≥` is kept).
    pub prefix: String,
    /// Text shown after the number (`%`, `万元`, `个`).
    pub suffix: String,
}

/// Longest format code read (a longer one is no format a unit typed).
const MAX_CODE_CHARS: usize = 255;

impl NumFormat {
    /// A percent format (`0%`, ods `percentage`): shown × 100 with `%`.
    pub fn percent() -> NumFormat {
        NumFormat {
            exp10: 2,
            prefix: String::new(),
            suffix: "%".to_string(),
        }
    }

    /// Reads an Excel number format code; `None` when it shows the number as it is or
    /// cannot be read with certainty.
    ///
    /// ```
    /// use selfeval::read::numfmt::NumFormat;
    /// assert_eq!(NumFormat::parse("0.00%"), Some(NumFormat::percent()));
    /// assert_eq!(NumFormat::parse("0.00\"万元\"").unwrap().suffix, "万元");
    /// assert_eq!(NumFormat::parse("0!.0000\"万元\"").unwrap().exp10, -4);
    /// assert_eq!(NumFormat::parse("0.00,,\"万元\"\n%").unwrap().exp10, -4);
    /// assert_eq!(NumFormat::parse("G/通用格式\"个\"").unwrap().suffix, "个");
    /// assert!(NumFormat::parse("#,##0.00").is_none());
    /// assert!(NumFormat::parse("General").is_none());
    /// assert!(NumFormat::parse("yyyy\"年\"m\"月\"d\"日\"").is_none());
    /// ```
    pub fn parse(code: &str) -> Option<NumFormat> {
        if code.chars().count() > MAX_CODE_CHARS {
            return None;
        }
        let mut p = Parser::default();
        p.section(first_section(code))?;
        p.finish()
    }

    /// The number as the format shows it (before rounding to its places).
    pub fn scaled(&self, d: Decimal) -> Option<Decimal> {
        let ten = Decimal::TEN;
        let mut out = d;
        for _ in 0..self.exp10.unsigned_abs() {
            out = if self.exp10 > 0 {
                out.checked_mul(ten)?
            } else {
                out.checked_div(ten)?
            };
        }
        Some(out.normalize())
    }

    /// The cell as the user reads it: `95%`, `28.31万元`, `≥95%`.
    pub fn text(&self, d: Decimal) -> Option<String> {
        let n = self.scaled(d)?;
        Some(format!("{}{n}{}", self.prefix, self.suffix))
    }

    /// The unit the shown text carries, as [`super::number::parse_text`] reads it.
    pub fn unit(&self) -> Option<Suffix> {
        match self.suffix.trim() {
            "%" => Some(Suffix::Percent),
            "万元" => Some(Suffix::WanYuan),
            "元" => Some(Suffix::Yuan),
            "分" => Some(Suffix::Fen),
            _ => None,
        }
    }
}

/// The first `;` section (positive numbers; the others carry the same units in the
/// formats units use), `;` inside quotes or after an escape not counting.
fn first_section(code: &str) -> &str {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            '\\' | '!' | '_' | '*' if !quoted => escaped = true,
            ';' if !quoted => return &code[..i],
            _ => {}
        }
    }
    code
}

/// The state of reading one section.
#[derive(Default)]
struct Parser {
    digits: bool,
    point: bool,
    /// A literal point inside the digits (`0!.0000`): the digits after it count down.
    literal_point: bool,
    after_literal_point: i32,
    /// Literal text met after the digits: a digit after it is a layout not read.
    suffix_started: bool,
    /// After a line break the rest is on a line the cell's height hides.
    hidden: bool,
    commas: i32,
    out: NumFormat,
}

impl Parser {
    fn section(&mut self, s: &str) -> Option<()> {
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '"' => {
                    let lit: String = it.by_ref().take_while(|c| *c != '"').collect();
                    self.literal(&lit)?;
                }
                '\\' | '!' => self.literal(&it.next()?.to_string())?,
                // Padding (`_)`) and fill (`*-`) take the next character and show nothing.
                '_' | '*' => {
                    it.next();
                }
                '[' => {
                    let inner: String = it.by_ref().take_while(|c| *c != ']').collect();
                    bracket(&inner)?;
                }
                '0' | '#' | '?' => self.digit()?,
                '.' if !self.point && !self.literal_point && !self.suffix_started => {
                    self.point = true
                }
                ',' => self.comma(it.peek().copied()),
                '%' => {
                    self.out.exp10 += 2;
                    self.literal("%")?;
                }
                'G' | 'g' => self.general(&mut it)?,
                '\n' | '\r' => self.hidden = true,
                ' ' => {}
                // Dates, times, scientific, text, fractions, `AM/PM`: not read here.
                c if c.is_ascii_alphabetic() || matches!(c, '@' | '/') => return None,
                c => self.literal(&c.to_string())?,
            }
        }
        Some(())
    }

    fn digit(&mut self) -> Option<()> {
        if self.suffix_started {
            return None;
        }
        self.digits = true;
        if self.literal_point {
            self.after_literal_point += 1;
        }
        Some(())
    }

    /// `General` and its Chinese spelling `G/通用格式`: the number as it is.
    fn general(&mut self, it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<()> {
        let rest: String = it.clone().take(6).collect();
        let word = if rest.eq_ignore_ascii_case("eneral") {
            6
        } else if rest.starts_with("/通用格式") {
            5
        } else {
            return None;
        };
        for _ in 0..word {
            it.next();
        }
        self.digit()
    }

    /// A run of commas: grouping when a digit follows, else each shows the number ÷ 1000.
    fn comma(&mut self, next: Option<char>) {
        self.commas += 1;
        if !matches!(next, Some(',')) {
            if !matches!(next, Some('0' | '#' | '?')) {
                self.out.exp10 -= 3 * self.commas;
            }
            self.commas = 0;
        }
    }

    fn literal(&mut self, lit: &str) -> Option<()> {
        if lit.is_empty() {
            return Some(());
        }
        if lit == "." && self.digits && !self.point && !self.suffix_started {
            // `0!.0000`, `0"."0000`: a point drawn four digits from the right.
            self.literal_point = true;
            return Some(());
        }
        if !self.digits {
            self.out.prefix.push_str(lit);
            return Some(());
        }
        self.suffix_started = true;
        if !self.hidden {
            self.out.suffix.push_str(lit);
        }
        Some(())
    }

    fn finish(mut self) -> Option<NumFormat> {
        self.out.exp10 -= self.after_literal_point;
        // Beyond 10^±24 no figure of a table is shown (a run of `%` or `,` is no unit).
        if !self.digits || (self.literal_point && self.point) || self.out.exp10.abs() > 24 {
            return None;
        }
        // Of the text before the number only an operator is kept (`"≥"0%`); a currency sign
        // or a word before an amount says nothing of its unit.
        let ops = ['≥', '≤', '>', '<', '=', '＞', '＜', '＝'];
        if !self.out.prefix.trim().chars().all(|c| ops.contains(&c)) {
            self.out.prefix.clear();
        }
        self.out.prefix = self.out.prefix.trim().to_string();
        self.out.suffix = self.out.suffix.trim().to_string();
        let telling = self.out.exp10 != 0 || !self.out.suffix.is_empty();
        (telling || !self.out.prefix.is_empty()).then_some(self.out)
    }
}

/// A bracketed part: a colour, a locale or a currency (`[$¥-804]`) are looked past;
/// conditions (`[>=100]`), elapsed times and Chinese numerals (`[DBNum1]`) are not read.
fn bracket(inner: &str) -> Option<()> {
    let lower = inner.to_ascii_lowercase();
    let colour = [
        "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow",
    ]
    .contains(&lower.as_str())
        || lower.starts_with("color");
    (colour || inner.starts_with('$')).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn text(code: &str, d: Decimal) -> Option<String> {
        NumFormat::parse(code).and_then(|f| f.text(d))
    }

    #[test]
    fn percents_and_suffixes_read_as_shown() {
        assert_eq!(text("0%", dec!(0.95)).as_deref(), Some("95%"));
        assert_eq!(text("0.00%", dec!(0.9608)).as_deref(), Some("96.08%"));
        assert_eq!(text("0.00\"%\"", dec!(96.08)).as_deref(), Some("96.08%"));
        assert_eq!(text("0\\%", dec!(96)).as_deref(), Some("96%"));
        assert_eq!(text("0\"个\"", dec!(5500)).as_deref(), Some("5500个"));
        assert_eq!(
            text("#,##0.00\"元\"", dec!(1200000)).as_deref(),
            Some("1200000元")
        );
        assert_eq!(text("\"≥\"0%", dec!(0.95)).as_deref(), Some("≥95%"));
        assert_eq!(
            text("G/通用格式\"人次\"", dec!(72)).as_deref(),
            Some("72人次")
        );
        assert_eq!(text("General\"个\"", dec!(8)).as_deref(), Some("8个"));
        assert_eq!(
            text("0.00_ \"万元\"", dec!(28.31)).as_deref(),
            Some("28.31万元")
        );
        assert_eq!(
            text("[Red]0.00\"万元\";[Blue]-0.00\"万元\"", dec!(1)).as_deref(),
            Some("1万元")
        );
    }

    #[test]
    fn the_yuan_to_wan_tricks_scale() {
        assert_eq!(
            text("0!.0000\"万元\"", dec!(1200000)).as_deref(),
            Some("120万元")
        );
        assert_eq!(
            text("0\".\"0000万元", dec!(1153000)).as_deref(),
            Some("115.3万元")
        );
        assert_eq!(
            text("0!.0,\"万元\"", dec!(1153000)).as_deref(),
            Some("115.3万元")
        );
        assert_eq!(
            text("0.00,,\"万元\"\n%", dec!(1200000)).as_deref(),
            Some("120万元")
        );
        assert_eq!(text("#,###,,.00%", dec!(1200000)).as_deref(), Some("120%"));
        assert_eq!(text("0.00,", dec!(1200)).as_deref(), Some("1.2"));
    }

    #[test]
    fn formats_that_add_nothing_or_are_not_read() {
        for code in [
            "General",
            "G/通用格式",
            "0.00",
            "#,##0.00",
            "#,##0.00#",
            "@",
            "yyyy\"年\"m\"月\"d\"日\"",
            "0.00E+00",
            "# ?/?",
            "[>=100]0\"个\";0",
            "[DBNum1]G/通用格式",
            "\"¥\"#,##0.00",
            "[$¥-804]#,##0.00",
            "\"是\"",
            "0\"万\"0000\"元\"",
            "0%%%%%%%%%%%%%",
            "0,,,,,,,,,",
        ] {
            assert_eq!(NumFormat::parse(code), None, "{code}");
        }
    }

    #[test]
    fn units_of_the_shown_text() {
        let unit = |code: &str| NumFormat::parse(code).and_then(|f| f.unit());
        assert_eq!(unit("0%"), Some(Suffix::Percent));
        assert_eq!(unit("0.00\"万元\""), Some(Suffix::WanYuan));
        assert_eq!(unit("#,##0\"元\""), Some(Suffix::Yuan));
        assert_eq!(unit("0\"个\""), None);
    }
}
