//! The worklist sheet: a title row (what it is, the year, the run's date) above a header
//! row, typed rows below (text always written as text, figures as numbers with their number
//! format), each row as tall as its wrapped text needs, printed on A4 landscape one page
//! wide with the title and header rows on every page and `第 &P 页 共 &N 页` in the footer.
//! A list longer than one worksheet continues on `NAME(2)`, `NAME(3)`, … with the same title,
//! header, widths, filter and formats.
//!
//! Column widths are fixed before the first row, because a row's height depends on them and
//! a constant-memory sheet writes a row out as soon as the next one starts.

use crate::diag::{FigureKind, Lang};
use crate::xlsx::list::MAX_DATA_ROWS;
use crate::xlsx::style;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, Format, FormatAlign, FormatPattern, Workbook, Worksheet,
    XlsxError,
};

/// The zero-based row of the title.
pub const TITLE_ROW: u32 = 0;
/// The zero-based row of the column headers.
pub const HEADER_ROW: u32 = 1;
/// Data rows one worksheet holds below its title and header rows.
pub const MAX_ROWS: u32 = MAX_DATA_ROWS - 1;
/// Height of the title row in points.
const TITLE_HEIGHT: f64 = 30.0;

/// The formats of the worklist, all on the CJK base font.
#[derive(Debug, Clone)]
pub struct Formats {
    title: Format,
    header: Format,
    text: Format,
    money: Format,
    rate: Format,
    plain: Format,
    error: Format,
}

impl Formats {
    /// Builds the formats.
    pub fn new() -> Self {
        // Header and text cells as every list sheet has them.
        let list = crate::xlsx::list::ListFormats::new();
        let number = list.text.clone().set_align(FormatAlign::Right);
        Formats {
            title: style::base()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            header: list.header,
            text: list.text,
            money: number.clone().set_num_format(style::NUM_AMOUNT),
            rate: number.clone().set_num_format(style::NUM_RATE),
            plain: number.set_num_format("General"),
            error: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_pattern(FormatPattern::Solid),
        }
    }

    fn figure(&self, kind: FigureKind) -> &Format {
        match kind {
            FigureKind::Money => &self.money,
            FigureKind::Rate => &self.rate,
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
    Number(f64, FigureKind),
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
    /// The footer's text (`&P` the page, `&N` the pages).
    pub footer: &'h str,
    /// The severity column's text of an error, which shows red.
    pub error_text: &'h str,
    /// Data rows per worksheet, clamped to `1..=`[`MAX_ROWS`].
    pub rows_per_sheet: u32,
}

/// Writes the worklist row by row over as many worksheets as it needs.
pub struct WorkList<'a, 'h> {
    wb: &'a mut Workbook,
    layout: Layout<'h>,
    f: Formats,
    /// Worksheet indices and their data rows.
    sheets: Vec<(usize, u32)>,
    /// Whether the last worksheet is a constant-memory one.
    constant: bool,
    /// Where the rows' heights go on a constant-memory worksheet, when set
    /// (`xlsx::heights`).
    heights: Option<&'a std::cell::RefCell<crate::xlsx::heights::HeightLog>>,
}

impl<'a, 'h> WorkList<'a, 'h> {
    /// Starts the list on a new worksheet.
    pub fn new(wb: &'a mut Workbook, mut layout: Layout<'h>) -> Result<Self, XlsxError> {
        layout.rows_per_sheet = layout.rows_per_sheet.clamp(1, MAX_ROWS);
        let mut w = WorkList {
            wb,
            layout,
            f: Formats::new(),
            sheets: Vec::new(),
            constant: false,
            heights: None,
        };
        w.add_sheet()?;
        Ok(w)
    }

    /// Adds the next worksheet with its title, header and print setup.
    fn add_sheet(&mut self) -> Result<(), XlsxError> {
        let name = match self.sheets.len() {
            0 => self.layout.name.to_string(),
            n => format!("{}({})", self.layout.name, n + 1),
        };
        // Rows go out to a temporary file as they are written (a bureau's findings can run
        // to hundreds of thousands of rows); without a temporary folder, a standard sheet.
        self.constant = self.wb.add_worksheet_with_constant_memory().is_ok();
        if !self.constant {
            self.wb.add_worksheet();
        }
        let index = self.wb.worksheets().len() - 1;
        self.sheets.push((index, 0));
        let (l, f) = (&self.layout, &self.f);
        let ws = self.wb.worksheet_from_index(index)?;
        ws.set_name(name)?;
        for (c, w) in l.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let last = l.headers.len().saturating_sub(1) as u16;
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last, &l.title, &f.title)?;
        ws.set_row_height(TITLE_ROW, TITLE_HEIGHT)?;
        for (c, h) in l.headers.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, *h, &f.header)?;
        }
        ws.set_row_height(HEADER_ROW, style::row_height(1))?;
        print_setup(ws, l.footer)
    }

    /// Writes the next row, on a continuation sheet when this one is full, as tall as its
    /// most wrapped text needs.
    pub fn row(&mut self, values: &[Value]) -> Result<(), XlsxError> {
        if self
            .sheets
            .last()
            .is_some_and(|s| s.1 >= self.layout.rows_per_sheet)
        {
            self.add_sheet()?;
        }
        let Some(last) = self.sheets.last_mut() else {
            return Ok(());
        };
        last.1 += 1;
        let (index, r) = (last.0, HEADER_ROW + last.1);
        let (l, f) = (&self.layout, &self.f);
        let ws = self.wb.worksheet_from_index(index)?;
        let mut lines = 1;
        for (c, v) in values.iter().enumerate() {
            let col = c as u16;
            match v {
                Value::Text(s) if !s.is_empty() => {
                    // File names and messages may still carry characters XML cannot hold.
                    let s = crate::model::text::xml_safe(s);
                    ws.write_string_with_format(r, col, s.as_ref(), &f.text)?;
                    let width = l.widths.get(c).copied().unwrap_or(8.0);
                    lines = lines.max(style::wrapped_lines(&s, width));
                }
                Value::Number(x, kind) => {
                    ws.write_number_with_format(r, col, *x, f.figure(*kind))?;
                }
                Value::Text(_) => {
                    ws.write_blank(r, col, &f.text)?;
                }
            }
        }
        let h = style::row_height(lines);
        match self
            .heights
            .filter(|l| self.constant && l.borrow().accepts(index, r))
        {
            Some(log) => log
                .borrow_mut()
                .record(index, r, h)
                .map_err(|e| XlsxError::ParameterError(format!("{e:#}")))?,
            None => {
                ws.set_row_height(r, h)?;
            }
        }
        Ok(())
    }

    /// Hands the rows' heights on constant-memory worksheets to `log` instead of
    /// rust_xlsxwriter's row map; the workbook must then be saved with
    /// `xlsx::heights::save_pending`.
    pub fn log_heights(&mut self, log: &'a std::cell::RefCell<crate::xlsx::heights::HeightLog>) {
        self.heights = Some(log);
    }

    /// Gives every worksheet its autofilter over the header and data rows, and the red
    /// severity cell of errors.
    pub fn finish(self) -> Result<(), XlsxError> {
        let last_col = self.layout.headers.len().saturating_sub(1) as u16;
        let rule = format!(
            "=$A{}=\"{}\"",
            HEADER_ROW + 2,
            self.layout.error_text.replace('"', "\"\"")
        );
        let red = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(&self.f.error);
        for &(index, rows) in &self.sheets {
            let ws = self.wb.worksheet_from_index(index)?;
            ws.autofilter(HEADER_ROW, 0, HEADER_ROW + rows.max(1), last_col)?;
            if rows > 0 {
                ws.add_conditional_format(HEADER_ROW + 1, 0, HEADER_ROW + rows, 0, &red)?;
            }
        }
        Ok(())
    }
}

/// A4 landscape, one page wide, the title and header rows on every page, the header frozen,
/// page numbers in the footer.
fn print_setup(ws: &mut Worksheet, footer: &str) -> Result<(), XlsxError> {
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(TITLE_ROW, HEADER_ROW)?;
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(format!("&C{footer}"));
    Ok(())
}

/// The footer text with its page fields, in a language.
pub fn footer(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "第 &P 页 共 &N 页",
        Lang::En => "Page &P of &N",
    }
}
