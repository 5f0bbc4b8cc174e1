//! The worklist sheet: a title row (what it is, the year, the run's date) above a header
//! row, typed rows below (text always written as text, figures as numbers with their number
//! format), each row as tall as its wrapped text needs, printed on A4 landscape one page
//! wide with the title and header rows on every page and `第 &P 页 共 &N 页` in the footer.
//! A list longer than one worksheet continues on `NAME(2)`, `NAME(3)`, … with the same title,
//! header, widths, filter and formats.
//!
//! The list writer is `xlsx::print::PrintList` under a one-row [`Heading::Line`]; this
//! module adds the worklist's cells (figures in the format of their kind) and the red
//! severity cell of errors.

use crate::diag::{FigureKind, Lang};
use crate::xlsx::list::{ListFormats, ListOptions, Overflow, SheetMemory, MAX_DATA_ROWS};
use crate::xlsx::print::{Column, Heading, PrintList};
use crate::xlsx::style;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, Format, FormatAlign, FormatPattern, Workbook, XlsxError,
};

/// Data rows one worksheet holds below its title and header rows.
pub const MAX_ROWS: u32 = MAX_DATA_ROWS - 1;
/// The A1 row number of the first data row (below the title and header rows).
const FIRST_DATA_A1: u32 = 3;

/// The formats of the worklist's cells, all on the CJK base font.
#[derive(Debug, Clone)]
pub struct Formats {
    list: ListFormats,
    money: Format,
    rate: Format,
    score: Format,
    plain: Format,
    error: Format,
}

impl Formats {
    /// Builds the formats.
    pub fn new() -> Self {
        // Header and text cells as every list sheet has them.
        let list = ListFormats::new();
        let number = list.text.clone().set_align(FormatAlign::Right);
        Formats {
            money: number.clone().set_num_format(style::NUM_AMOUNT),
            rate: number.clone().set_num_format(style::NUM_RATE),
            score: number.clone().set_num_format(style::NUM_SCORE),
            plain: number.set_num_format("General"),
            error: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_pattern(FormatPattern::Solid),
            list,
        }
    }

    fn figure(&self, kind: FigureKind) -> &Format {
        match kind {
            FigureKind::Money => &self.money,
            FigureKind::Rate => &self.rate,
            FigureKind::Score => &self.score,
            FigureKind::Plain => &self.plain,
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

/// One cell of a worklist row.
#[derive(Debug, Clone, Copy)]
pub enum Value<'v> {
    /// Text, written as a string whatever it starts with; wraps in its column.
    Text(&'v str),
    /// A number shown in the format of its kind.
    Number(Decimal, FigureKind),
}

/// What the sheets of a list share.
pub struct Layout<'h> {
    /// The sheet name (continuations add `(2)`, `(3)`, …).
    pub name: &'h str,
    /// The title row's text.
    pub title: String,
    /// The column headers.
    pub headers: Vec<&'h str>,
    /// The column widths in Excel character units.
    pub widths: Vec<f64>,
    /// The language of the footer.
    pub lang: Lang,
    /// The severity column's text of an error, which shows red.
    pub error_text: &'h str,
    /// Data rows per worksheet, clamped to `1..=`[`MAX_ROWS`].
    pub rows_per_sheet: u32,
}

/// Writes the worklist row by row over as many worksheets as it needs.
pub struct WorkList<'a> {
    list: PrintList<'a>,
    f: Formats,
}

impl<'a> WorkList<'a> {
    /// Starts the list on a new worksheet.
    pub fn new(wb: &'a mut Workbook, layout: Layout<'_>) -> Result<Self, XlsxError> {
        let f = Formats::new();
        let columns = (layout.headers.iter().zip(&layout.widths))
            .map(|(h, w)| Column {
                header: h.to_string(),
                width: *w,
            })
            .collect();
        let heading = Heading::Line {
            title: layout.title,
            lang: layout.lang,
        };
        // Rows go out to a temporary file as they are written (a bureau's findings can run
        // to hundreds of thousands of rows); without a temporary folder, a standard sheet.
        let opts = ListOptions {
            memory: SheetMemory::Constant,
            rows_per_sheet: layout.rows_per_sheet,
            overflow: Overflow::Continue,
        };
        let mut list = PrintList::with_heading(wb, layout.name, columns, heading, &f.list, opts)?;
        let error = layout.error_text.replace('"', "\"\"");
        let rule = format!("=$A{FIRST_DATA_A1}=\"{error}\"");
        let red = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(&f.error);
        list.conditional_format(0, 0, red);
        Ok(WorkList { list, f })
    }

    /// Writes the next row, on a continuation sheet when this one is full, as tall as its
    /// most wrapped text needs.
    pub fn row(&mut self, values: &[Value]) -> Result<(), XlsxError> {
        self.list.next_row()?;
        for (c, v) in values.iter().enumerate() {
            match *v {
                Value::Text(s) => self.list.text(c as u16, s, &self.f.list.text)?,
                Value::Number(d, kind) => self.list.num(c as u16, Some(d), self.f.figure(kind))?,
            }
        }
        Ok(())
    }

    /// Hands the rows' heights on constant-memory worksheets to `log` instead of
    /// rust_xlsxwriter's row map; the workbook must then be saved with
    /// `xlsx::heights::save_pending`.
    pub fn log_heights(&mut self, log: &'a std::cell::RefCell<crate::xlsx::heights::HeightLog>) {
        self.list.log_heights(log);
    }

    /// Gives every worksheet its autofilter over the header and data rows, and the red
    /// severity cell of errors.
    pub fn finish(self) -> Result<(), XlsxError> {
        self.list.finish()
    }
}
