//! Cell formats and sizing for the workbooks selfeval writes.
//!
//! Every format derives from one base format with a CJK font: rust_xlsxwriter falls back to
//! Calibri otherwise, which renders Chinese with a substitute font of the viewer's choosing.
//! Column widths are computed here from the text's display width, because rust_xlsxwriter's
//! autofit counts a Chinese character as about half its real width; row heights from
//! [`wrapped_lines`], the one estimate of how a text wraps (in pixels, by words), used by
//! every sheet.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatPattern};
use unicode_width::UnicodeWidthStr;

/// The font every cell uses (宋体, known to Excel as SimSun).
pub const FONT_NAME: &str = "宋体";
/// The body font size in points.
pub const FONT_SIZE: f64 = 11.0;
/// Number format of amounts (万元, 2 dp).
pub const NUM_AMOUNT: &str = "#,##0.00";
/// Number format of rates (a fraction shown as a percentage).
pub const NUM_RATE: &str = "0.00%";
/// Number format of scores.
pub const NUM_SCORE: &str = "0.00";
/// The fill of highlighted cells (a pale orange that prints legibly in grey).
pub const HIGHLIGHT: u32 = 0xFFD8A8;
/// The fill of cells marked as errors in a return workbook (a pale red).
pub const ERROR_FILL: u32 = 0xFFB3B3;
/// The fill of the reviewed-score column (a pale blue, so it reads as "added by the bureau").
pub const REVIEWED_FILL: u32 = 0xDDEBF7;
/// The fill of the cells a unit fills in on a blank form (the pale yellow offices know as
/// "input").
pub const INPUT_FILL: u32 = 0xFFF2CC;

/// The base format: CJK font, vertically centred, wrapped.
pub fn base() -> Format {
    Format::new()
        .set_font_name(FONT_NAME)
        .set_font_size(FONT_SIZE)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The formats of a self-evaluation table. Locked formats are for labels and computed
/// cells; `*_input` formats are unlocked so a unit can fill them in on a protected sheet.
#[derive(Debug, Clone)]
pub struct Styles {
    /// The table title (bold, large, centred, no border).
    pub title: Format,
    /// The year line under the title.
    pub subtitle: Format,
    /// A bordered, centred label.
    pub label: Format,
    /// A bordered, left-aligned label (fund row labels).
    pub label_left: Format,
    /// A bordered, left-aligned, unlocked text cell.
    pub text_input: Format,
    /// A bordered, centred, unlocked text cell (一级/二级 choices).
    pub choice_input: Format,
    /// An unlocked amount (2 dp).
    pub amount_input: Format,
    /// A locked amount (2 dp).
    pub amount: Format,
    /// A locked rate (percentage, 2 dp).
    pub rate: Format,
    /// A locked score (2 dp).
    pub score: Format,
    /// An unlocked score (2 dp).
    pub score_input: Format,
    /// An unlocked weight (general format: 10, 2.5).
    pub weight_input: Format,
    /// A locked weight.
    pub weight: Format,
    /// A bordered, centred, locked cell holding `—` or nothing.
    pub dash: Format,
    /// The reviewed-score column (locked, 2 dp, tinted).
    pub reviewed: Format,
    /// The reviewed execution rate (locked, percentage, tinted).
    pub reviewed_rate: Format,
    /// The header of the reviewed-score column.
    pub reviewed_label: Format,
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

impl Styles {
    /// Builds the formats.
    pub fn new() -> Styles {
        let b = base();
        let boxed = b.clone().set_border(FormatBorder::Thin);
        let centred = boxed.clone().set_align(FormatAlign::Center);
        let left = boxed.clone().set_align(FormatAlign::Left);
        let right = boxed.clone().set_align(FormatAlign::Right);
        let reviewed_base = right
            .clone()
            .set_num_format(NUM_SCORE)
            .set_background_color(Color::RGB(REVIEWED_FILL))
            .set_pattern(FormatPattern::Solid);
        Styles {
            title: b
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            subtitle: b.clone().set_align(FormatAlign::Center),
            label: centred.clone(),
            label_left: left.clone(),
            text_input: left.clone().set_unlocked(),
            choice_input: centred.clone().set_unlocked(),
            amount_input: right.clone().set_num_format(NUM_AMOUNT).set_unlocked(),
            amount: right.clone().set_num_format(NUM_AMOUNT),
            rate: centred.clone().set_num_format(NUM_RATE),
            score: centred.clone().set_num_format(NUM_SCORE),
            score_input: centred.clone().set_num_format(NUM_SCORE).set_unlocked(),
            weight_input: centred.clone().set_unlocked(),
            weight: centred.clone(),
            dash: centred.clone(),
            reviewed_label: centred
                .clone()
                .set_background_color(Color::RGB(REVIEWED_FILL))
                .set_pattern(FormatPattern::Solid),
            reviewed_rate: reviewed_base.clone().set_num_format(NUM_RATE),
            reviewed: reviewed_base,
        }
    }
}

impl Styles {
    /// The same formats with every `*_input` format shaded ([`INPUT_FILL`]), for a blank
    /// form: the unit sees at once which cells are its to fill.
    pub fn with_shaded_inputs(mut self) -> Styles {
        for f in [
            &mut self.text_input,
            &mut self.choice_input,
            &mut self.amount_input,
            &mut self.score_input,
            &mut self.weight_input,
        ] {
            *f = f
                .clone()
                .set_background_color(Color::RGB(INPUT_FILL))
                .set_pattern(FormatPattern::Solid);
        }
        self
    }
}

/// The same format with the error fill ([`ERROR_FILL`]).
pub fn marked_error(f: &Format) -> Format {
    f.clone()
        .set_background_color(Color::RGB(ERROR_FILL))
        .set_pattern(FormatPattern::Solid)
}

/// The same format with the highlight fill.
pub fn highlighted(f: &Format) -> Format {
    f.clone()
        .set_background_color(Color::RGB(HIGHLIGHT))
        .set_pattern(FormatPattern::Solid)
}

/// The display width of a text in terminal columns: a CJK character counts 2, ASCII 1.
/// A multi-line text counts its widest line.
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A column width (in Excel character units) fitting the widest of `texts`, plus padding,
/// clamped to `[min, max]`. Texts wider than `max` wrap.
pub fn column_width<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let widest = texts.into_iter().map(text_width).max().unwrap_or(0);
    (widest as f64 + 2.0).clamp(min, max)
}

/// Pixels of one Excel width unit (the default font's digit), and the cell's inner padding.
const PX_PER_UNIT: f64 = 7.0;
const PADDING_PX: f64 = 8.0;
/// Pixels a character takes at 11 pt: a full-width (CJK) one, a half-width one. Generous,
/// so that a substitute font (a viewer without 宋体) still fits.
const WIDE_PX: f64 = 15.0;
const NARROW_PX: f64 = 8.0;

/// The lines a text takes in a wrapped cell `width` character units wide: words (runs of
/// half-width characters) wrap whole where they fit, CJK characters one by one, explicit
/// line breaks start a line. The one text measure of every workbook selfeval writes.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width * PX_PER_UNIT - PADDING_PX).max(WIDE_PX);
    text.split('\n')
        .map(|line| line_count(line, usable))
        .sum::<usize>()
        .max(1)
}

/// Lines of one paragraph in `usable` pixels.
fn line_count(line: &str, usable: f64) -> usize {
    // Most cells fit on one line: no need to cut them into words.
    if line.chars().map(char_px).sum::<f64>() <= usable {
        return 1;
    }
    let (mut lines, mut used) = (1usize, 0.0f64);
    for word in words(line) {
        let w: f64 = word.chars().map(char_px).sum();
        if used + w <= usable {
            used += w;
            continue;
        }
        // A trailing space may hang over the edge, as Excel lets it.
        if word.ends_with(' ') && used + w - NARROW_PX <= usable {
            used += w;
            continue;
        }
        if used > 0.0 {
            lines += 1;
        }
        // A word wider than the cell is broken across lines.
        let mut rest = w;
        while rest > usable {
            lines += 1;
            rest -= usable;
        }
        used = rest;
    }
    lines
}

/// Pixels of one character.
fn char_px(c: char) -> f64 {
    match unicode_width::UnicodeWidthChar::width(c) {
        Some(2) => WIDE_PX,
        Some(0) => 0.0,
        _ => NARROW_PX,
    }
}

/// The units a line may break between: each wide character alone; a run of half-width
/// characters up to and including a space, `-` or `/`.
fn words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        let end = i + c.len_utf8();
        if char_px(c) == WIDE_PX {
            if start < i {
                out.push(&line[start..i]);
            }
            out.push(&line[i..end]);
            start = end;
        } else if matches!(c, ' ' | '-' | '/') {
            out.push(&line[start..end]);
            start = end;
        }
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// The height in points of a row whose tallest cell holds `lines` lines of body text.
pub fn row_height(lines: usize) -> f64 {
    let lines = lines.max(1) as f64;
    // 11 pt 宋体 needs about 14.5 pt per line; a few points of margin keep borders clear.
    (lines * 14.5 + 6.0).min(409.0)
}

#[cfg(test)]
mod examples {
    //! What the documentation once showed as examples, kept as tests of the crate's
    //! private rooms (doctests reach only the public surface).

    #[test]
    fn a_highlight_derives_from_a_style() -> Result<(), Box<dyn std::error::Error>> {
        let s = crate::xlsx::style::Styles::new();
        let _highlighted = crate::xlsx::style::highlighted(&s.amount);
        Ok(())
    }

    #[test]
    fn shaded_inputs_differ_from_plain_ones() -> Result<(), Box<dyn std::error::Error>> {
        let s = crate::xlsx::style::Styles::new().with_shaded_inputs();
        assert_ne!(
            s.amount_input,
            crate::xlsx::style::Styles::new().amount_input
        );
        Ok(())
    }

    #[test]
    fn cjk_characters_are_two_columns_wide() -> Result<(), Box<dyn std::error::Error>> {
        use crate::xlsx::style::text_width;
        assert_eq!(text_width("执行率"), 6);
        assert_eq!(text_width("ab\n项目"), 4);
        Ok(())
    }

    #[test]
    fn a_column_is_as_wide_as_its_widest_text() -> Result<(), Box<dyn std::error::Error>> {
        use crate::xlsx::style::column_width;
        assert_eq!(column_width(["偏差原因分析"], 8.0, 40.0), 14.0);
        assert_eq!(column_width(["a"], 8.0, 40.0), 8.0);
        Ok(())
    }

    #[test]
    fn more_lines_make_a_taller_row() -> Result<(), Box<dyn std::error::Error>> {
        assert!(crate::xlsx::style::row_height(2) > crate::xlsx::style::row_height(1));
        Ok(())
    }

    #[test]
    fn text_wraps_by_words_and_wide_characters() -> Result<(), Box<dyn std::error::Error>> {
        use crate::xlsx::style::wrapped_lines;
        assert_eq!(wrapped_lines("执行率", 10.0), 1);
        assert_eq!(
            wrapped_lines("预算执行率低于政策阈值预算执行率低于政策阈值", 10.0),
            6
        );
        assert_eq!(wrapped_lines("a\nb", 40.0), 2);
        assert_eq!(wrapped_lines("", 10.0), 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_break_after_spaces_and_around_wide_characters() {
        assert_eq!(
            words("a b-c/d 项目x"),
            ["a ", "b-", "c/", "d ", "项", "目", "x"]
        );
    }

    #[test]
    fn a_long_word_takes_the_lines_it_needs() {
        let usable = 10.0 * PX_PER_UNIT - PADDING_PX;
        let per_line = (usable / NARROW_PX).floor() as usize;
        assert_eq!(line_count(&"x".repeat(per_line), usable), 1);
        assert_eq!(line_count(&"x".repeat(per_line + 1), usable), 2);
        assert_eq!(line_count(&"x".repeat(3 * per_line), usable), 3);
        // A word that does not fit after another goes to the next line whole.
        let half = "y".repeat(per_line / 2 + 1);
        assert_eq!(line_count(&format!("{half} {half}"), usable), 2);
    }

    #[test]
    fn a_mixed_line_counts_wide_characters_wider() {
        // 62 usable pixels at width 10: four CJK characters (60 px), or seven half-width ones.
        assert_eq!(line_count("四个汉字", 62.0), 1);
        assert_eq!(line_count("五个汉字啊", 62.0), 2);
        assert_eq!(line_count("abcdefg", 62.0), 1);
    }
}
