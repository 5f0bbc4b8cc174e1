//! What the list sheets selfeval writes share: their cell formats, the memory mode, how a
//! list longer than one worksheet goes on (`NAME(2)`, `NAME(3)`, … instead of failing the
//! run) and the rows a worksheet holds. The list writer itself is `xlsx::print::PrintList`.

use crate::xlsx::style;
use rust_xlsxwriter::Format;

/// Formats of list sheets.
#[derive(Debug, Clone)]
pub struct ListFormats {
    /// Header cells: bold, bordered, tinted, wrapped.
    pub header: Format,
    /// Plain text.
    pub text: Format,
    /// Whole numbers (counts).
    pub int: Format,
    /// Amounts, 2 dp with thousands separators.
    pub amount: Format,
    /// Rates, as a percentage with 2 dp.
    pub rate: Format,
    /// Scores, 2 dp.
    pub score: Format,
    /// The totals row's label.
    pub total_label: Format,
}

impl ListFormats {
    /// Builds the formats on the CJK base format.
    pub fn new() -> Self {
        use rust_xlsxwriter::{Color, FormatAlign, FormatBorder, FormatPattern};
        let b = style::base().set_border(FormatBorder::Thin);
        ListFormats {
            header: b
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_pattern(FormatPattern::Solid),
            text: b.clone(),
            int: b.clone().set_num_format("0"),
            amount: b.clone().set_num_format(style::NUM_AMOUNT),
            rate: b.clone().set_num_format(style::NUM_RATE),
            score: b.clone().set_num_format(style::NUM_SCORE),
            total_label: b.clone().set_bold(),
        }
    }
}

impl Default for ListFormats {
    fn default() -> Self {
        Self::new()
    }
}

/// Data rows one worksheet holds below its header: an xlsx sheet has 1,048,576 rows (Excel's
/// limit, also LibreOffice's), one of them the header.
pub const MAX_DATA_ROWS: u32 = 1_048_575;

/// How a list's worksheets are held while they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SheetMemory {
    /// Every cell in memory until the workbook is saved.
    Standard,
    /// Rows flushed to a temporary file as soon as the next row starts, strings written
    /// inline: memory stays flat however many rows (the default).
    #[default]
    Constant,
    /// Rows flushed like [`SheetMemory::Constant`], strings kept in the shared string
    /// table (smaller files when names repeat, but the table grows with the rows).
    Low,
}

/// What a list does when its sheet is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Continue on a continuation sheet `NAME(2)`, `NAME(3)`, … with the same header, widths,
    /// filter and conditional formats.
    #[default]
    Continue,
    /// Stop with an error: the list must stay on one sheet (formulas or charts refer to it).
    Fail,
}

/// How a list is laid out on worksheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListOptions {
    /// Memory mode of every worksheet of the list.
    pub memory: SheetMemory,
    /// Data rows per worksheet, [`MAX_DATA_ROWS`] unless a test wants to see the split
    /// without writing a million rows; clamped to `1..=MAX_DATA_ROWS`.
    pub rows_per_sheet: u32,
    /// What happens when a worksheet is full.
    pub overflow: Overflow,
}

impl Default for ListOptions {
    /// Standard memory, full sheets, continued.
    fn default() -> Self {
        ListOptions {
            memory: SheetMemory::Standard,
            rows_per_sheet: MAX_DATA_ROWS,
            overflow: Overflow::Continue,
        }
    }
}

/// The A1 name of a zero-based column.
pub fn col(c: u16) -> String {
    crate::model::CellRef::column_letters(c as u32)
}

#[cfg(test)]
mod examples {
    //! What the documentation once showed as examples, kept as tests of the crate's
    //! private rooms (doctests reach only the public surface).

    #[test]
    fn the_default_options_fill_a_whole_worksheet() -> Result<(), Box<dyn std::error::Error>> {
        use crate::xlsx::list::{ListOptions, MAX_DATA_ROWS};
        let o = ListOptions::default();
        assert_eq!(o.rows_per_sheet, MAX_DATA_ROWS);
        Ok(())
    }
}
