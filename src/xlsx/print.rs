//! What makes a list sheet ready to print and file: a title block (what it is, for which
//! year, the run's date) above the header, A4 page setup (landscape where wide, one page
//! wide, the header row repeated, the title in the page header, `第 &P 页 共 &N 页` in the
//! footer), and row heights that fit wrapped text, computed from the text's display width
//! (CJK = 2 columns) and the column's width.
//!
//! [`PrintList`] is the one list writer, of the summary's sheets and of findings.xlsx
//! (continuation sheets `NAME(2)`, …, typed cells, never a formula from input text): it
//! puts its [`Heading`] (the summary's two-row title block, or the worklist's one title
//! row) above its header and knows its column widths before the first row, so each row's
//! height is set while the row is still open (constant-memory sheets flush a row once the
//! next one starts).

use crate::diag::Lang;
use crate::model::date::Date;
use crate::xlsx::heights::HeightLog;
use crate::xlsx::list::{ListFormats, ListOptions, Overflow, SheetMemory, MAX_DATA_ROWS};
use crate::xlsx::style;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ConditionalFormat, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};
use std::cell::RefCell;

/// Rows above the header: the title (row 0) and the line with the sheet and the date (row 1).
pub const TITLE_ROWS: u32 = 2;
/// The zero-based row of the column headers below a title block.
pub const HEADER_ROW: u32 = TITLE_ROWS;
/// The A1 row number of the first data row below a title block (for formula rules of
/// conditional formats).
pub const FIRST_DATA_A1: u32 = HEADER_ROW + 2;
/// Sheets wider than this many character units print landscape.
pub const LANDSCAPE_OVER: f64 = 95.0;

/// A date as a sheet's title block shows it: `2026年12月2日`, or `2026-12-02` in English.
pub fn shown_date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year, d.month, d.day),
        Lang::En => format!("{}-{:02}-{:02}", d.year, d.month, d.day),
    }
}

/// What a sheet says above its header, and in its page header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleBlock {
    /// The document title, e.g. `2021年度预算绩效自评汇总表`.
    pub title: String,
    /// The run's date as shown.
    pub date: String,
    /// The language of the fixed words.
    pub lang: Lang,
}

impl TitleBlock {
    /// The second line of a sheet: its name and the run's date.
    pub fn subtitle(&self, sheet: &str) -> String {
        match self.lang {
            Lang::Zh => format!("{sheet}　　制表日期：{}", self.date),
            Lang::En => format!("{sheet}    Date: {}", self.date),
        }
    }
}

/// The formats of the title block.
#[derive(Debug, Clone)]
pub struct TitleFormats {
    /// The title: bold, 16 pt, centred.
    pub title: Format,
    /// The line under it: centred.
    pub subtitle: Format,
}

impl TitleFormats {
    /// Builds the formats on the CJK base format.
    pub fn new() -> Self {
        TitleFormats {
            title: style::base()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            subtitle: style::base().set_align(FormatAlign::Center),
        }
    }
}

impl Default for TitleFormats {
    fn default() -> Self {
        Self::new()
    }
}

/// Writes the title block into rows 0 and 1, each merged over columns `0..=last_col`.
pub fn write_title(
    ws: &mut Worksheet,
    t: &TitleBlock,
    sheet: &str,
    last_col: u16,
    f: &TitleFormats,
) -> Result<(), XlsxError> {
    let title = crate::model::text::xml_safe(&t.title);
    let sub = t.subtitle(sheet);
    let sub = crate::model::text::xml_safe(&sub);
    // Before the second row is written: a constant-memory sheet flushes the first then and
    // drops a height set after.
    ws.set_row_height(0, 28)?;
    if last_col == 0 {
        ws.write_string_with_format(0, 0, title.as_ref(), &f.title)?;
        ws.write_string_with_format(1, 0, sub.as_ref(), &f.subtitle)?;
    } else {
        ws.merge_range(0, 0, 0, last_col, title.as_ref(), &f.title)?;
        ws.merge_range(1, 0, 1, last_col, sub.as_ref(), &f.subtitle)?;
    }
    Ok(())
}

/// Writes one title row (row 0) merged over columns `0..=last_col`, 30 points tall.
fn write_line(ws: &mut Worksheet, title: &str, last_col: u16, f: &Format) -> Result<(), XlsxError> {
    let title = crate::model::text::xml_safe(title);
    if last_col == 0 {
        ws.write_string_with_format(0, 0, title.as_ref(), f)?;
    } else {
        ws.merge_range(0, 0, 0, last_col, title.as_ref(), f)?;
    }
    ws.set_row_height(0, 30)?;
    Ok(())
}

/// `&` starts a code in a page header; a literal one is doubled.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// A4 page setup: landscape when `landscape`, fit to one page wide (as many tall as
/// needed), rows `repeat.0..=repeat.1` repeated on every page, the title and the sheet's
/// name in the page header and the page numbers in the footer.
pub fn page_setup(
    ws: &mut Worksheet,
    t: &TitleBlock,
    landscape: bool,
    repeat: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.7, 0.7, 0.3, 0.3);
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_header(format!("&L{}&R&A", header_text(&t.title)));
    ws.set_footer(footer(t.lang));
    Ok(())
}

/// The page setup of a list under one title row: A4 landscape, one page wide, the title
/// and header rows (`0..=header_row`) on every page, the page numbers in the footer.
fn line_setup(ws: &mut Worksheet, lang: Lang, header_row: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row)?;
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(footer(lang));
    Ok(())
}

/// The footer: the page numbers, in a language.
fn footer(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "&C第 &P 页 共 &N 页",
        Lang::En => "&CPage &P of &N",
    }
}

/// What a list says above its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heading {
    /// The title block ([`TITLE_ROWS`] rows; the title also in the page header), printed
    /// centred, landscape where wide, the header row on every page: the summary's sheets.
    Block(TitleBlock),
    /// One title row, printed landscape with the title and header rows on every page:
    /// findings.xlsx.
    Line {
        /// The title row's text.
        title: String,
        /// The language of the footer.
        lang: Lang,
    },
}

impl Heading {
    /// The rows above the header: the zero-based row of the header.
    pub fn rows(&self) -> u32 {
        match self {
            Heading::Block(_) => TITLE_ROWS,
            Heading::Line { .. } => 1,
        }
    }
}

/// The height in points of a row whose wrapped text cells are `cells` (text, column width
/// in character units); `None` when every cell fits on one line (the default height).
pub fn fitted_height<'a>(cells: impl IntoIterator<Item = (&'a str, f64)>) -> Option<f64> {
    let lines = cells
        .into_iter()
        .map(|(s, w)| style::wrapped_lines(s, w))
        .max()
        .unwrap_or(1);
    (lines > 1).then(|| style::row_height(lines))
}

/// A column width fitting `widest` display columns of data and a header that may wrap
/// onto two lines, clamped to `[min, max]`.
pub fn fit_width(header: &str, widest: usize, min: f64, max: f64) -> f64 {
    let head = style::text_width(header).div_ceil(2);
    ((widest.max(head) + 2) as f64).clamp(min, max)
}

/// A column of a [`PrintList`]: its header and its fixed width in character units.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header text.
    pub header: String,
    /// The width in character units.
    pub width: f64,
}

/// A conditional format kept until the list is finished, then added to every worksheet of it
/// over that worksheet's data rows (first data row, last data row).
type Deferred = Box<dyn Fn(&mut Worksheet, u32, u32) -> Result<(), XlsxError>>;

/// One worksheet of a list: its index in the workbook, its data rows, and whether it is a
/// constant-memory one (whose row heights may go to a `HeightLog`).
struct Part {
    index: usize,
    data_rows: u32,
    constant: bool,
}

/// A list with a title block, written row by row on as many worksheets as it needs.
pub struct PrintList<'a> {
    wb: &'a mut Workbook,
    name: String,
    columns: Vec<Column>,
    header_format: Format,
    heading: Heading,
    /// The zero-based row of the header (below the heading).
    header_row: u32,
    title_formats: TitleFormats,
    opts: ListOptions,
    parts: Vec<Part>,
    /// Rows written on the current worksheet below the header (0: none yet).
    row: u32,
    in_footer: bool,
    /// The tallest wrapped text of the current row, in lines.
    lines: usize,
    /// Whether the current row holds a cell (a row without one has no `<row>` tag to
    /// carry a logged height).
    filled: bool,
    /// Where the heights of rows on constant-memory worksheets go, when set.
    heights: Option<&'a RefCell<HeightLog>>,
    conditionals: Vec<Deferred>,
}

impl<'a> PrintList<'a> {
    /// Starts a list on a new worksheet named `name`, under a title block.
    pub fn new(
        wb: &'a mut Workbook,
        name: &str,
        columns: Vec<Column>,
        title: &TitleBlock,
        f: &ListFormats,
        opts: ListOptions,
    ) -> Result<Self, XlsxError> {
        Self::with_heading(wb, name, columns, Heading::Block(title.clone()), f, opts)
    }

    /// Starts a list on a new worksheet named `name`, under `heading`.
    pub fn with_heading(
        wb: &'a mut Workbook,
        name: &str,
        columns: Vec<Column>,
        heading: Heading,
        f: &ListFormats,
        opts: ListOptions,
    ) -> Result<Self, XlsxError> {
        let header_row = heading.rows();
        let mut s = PrintList {
            wb,
            name: name.to_string(),
            columns,
            header_format: f.header.clone(),
            heading,
            header_row,
            title_formats: TitleFormats::new(),
            opts: ListOptions {
                rows_per_sheet: opts.rows_per_sheet.clamp(1, MAX_DATA_ROWS - header_row),
                ..opts
            },
            parts: Vec::new(),
            row: 0,
            in_footer: false,
            lines: 1,
            filled: false,
            heights: None,
            conditionals: Vec::new(),
        };
        s.add_part()?;
        Ok(s)
    }

    /// The name of the `k`-th worksheet of the list (1: the first).
    fn part_name(&self, k: usize) -> String {
        match k {
            1 => self.name.clone(),
            k => format!("{}({k})", self.name),
        }
    }

    /// Adds the next worksheet: title block, header, widths, frozen header, print setup.
    fn add_part(&mut self) -> Result<(), XlsxError> {
        let name = self.part_name(self.parts.len() + 1);
        let ok = match self.opts.memory {
            SheetMemory::Standard => false,
            SheetMemory::Constant => self.wb.add_worksheet_with_constant_memory().is_ok(),
            SheetMemory::Low => self.wb.add_worksheet_with_low_memory().is_ok(),
        };
        if !ok {
            // No temporary file: a standard worksheet only costs memory.
            self.wb.add_worksheet();
        }
        let index = self.wb.worksheets().len() - 1;
        self.parts.push(Part {
            index,
            data_rows: 0,
            constant: ok,
        });
        self.row = 0;
        self.lines = 1;
        let (cols, hf, heading, tf, header) = (
            self.columns.clone(),
            self.header_format.clone(),
            self.heading.clone(),
            self.title_formats.clone(),
            self.header_row,
        );
        let last_col = cols.len().saturating_sub(1) as u16;
        let wide = cols.iter().map(|c| c.width).sum::<f64>() > LANDSCAPE_OVER;
        let ws = self.ws()?;
        ws.set_name(&name)?;
        for (c, col) in cols.iter().enumerate() {
            ws.set_column_width(c as u16, col.width)?;
        }
        match &heading {
            Heading::Block(t) => write_title(ws, t, &name, last_col, &tf)?,
            Heading::Line { title, .. } => write_line(ws, title, last_col, &tf.title)?,
        }
        for (c, col) in cols.iter().enumerate() {
            ws.write_string_with_format(header, c as u16, &col.header, &hf)?;
        }
        let heads = cols.iter().map(|c| (c.header.as_str(), c.width));
        if let Some(h) = fitted_height(heads) {
            ws.set_row_height(header, h)?;
        }
        ws.set_freeze_panes(header + 1, 0)?;
        match &heading {
            Heading::Block(t) => page_setup(ws, t, wide, Some((header, header))),
            Heading::Line { lang, .. } => line_setup(ws, *lang, header),
        }
    }

    /// The worksheet being written.
    pub fn ws(&mut self) -> Result<&mut Worksheet, XlsxError> {
        let index = self.parts.last().map_or(0, |p| p.index);
        self.wb.worksheet_from_index(index)
    }

    /// The zero-based worksheet row of the current row.
    fn sheet_row(&self) -> u32 {
        self.header_row + self.row
    }

    /// Hands the heights of the rows below the header on constant-memory worksheets to
    /// `log` instead of rust_xlsxwriter's row map, which keeps every row's options until
    /// the workbook is saved (`xlsx::heights`); the workbook must then be saved with
    /// `xlsx::heights::save_pending`.
    pub fn log_heights(&mut self, log: &'a RefCell<HeightLog>) {
        self.heights = Some(log);
    }

    /// Gives the current row the height its wrapped text needs (before it is flushed).
    fn close_row(&mut self) -> Result<(), XlsxError> {
        if self.row > 0 && self.lines > 1 {
            let (r, h) = (self.sheet_row(), style::row_height(self.lines));
            let part = self.parts.last().filter(|p| p.constant && self.filled);
            let log = self
                .heights
                .filter(|l| part.is_some_and(|p| l.borrow().accepts(p.index, r)));
            match (log, part) {
                (Some(log), Some(p)) => log
                    .borrow_mut()
                    .record(p.index, r, h)
                    .map_err(|e| XlsxError::ParameterError(format!("{e:#}")))?,
                _ => {
                    self.ws()?.set_row_height(r, h)?;
                }
            }
        }
        self.lines = 1;
        self.filled = false;
        Ok(())
    }

    /// Moves down one row, onto a continuation sheet when this one is full.
    fn advance(&mut self) -> Result<u32, XlsxError> {
        self.close_row()?;
        if self.row >= self.opts.rows_per_sheet {
            match self.opts.overflow {
                Overflow::Continue => self.add_part()?,
                Overflow::Fail => {
                    return Err(XlsxError::ParameterError(format!(
                        "the sheet {} holds at most {} rows below its header and cannot be \
                         continued on another sheet",
                        self.name, self.opts.rows_per_sheet
                    )))
                }
            }
        }
        self.row += 1;
        Ok(self.sheet_row())
    }

    /// Starts the next data row; returns its zero-based row on the worksheet it lands on.
    pub fn next_row(&mut self) -> Result<u32, XlsxError> {
        if self.in_footer {
            return Err(XlsxError::ParameterError(format!(
                "a data row after the footer of the sheet {}",
                self.name
            )));
        }
        let r = self.advance()?;
        let rows = self.row;
        if let Some(p) = self.parts.last_mut() {
            p.data_rows = rows;
        }
        Ok(r)
    }

    /// Starts a footer row (a totals row or a note) below the data, outside the filter and
    /// the conditional formats.
    pub fn footer_row(&mut self) -> Result<u32, XlsxError> {
        self.in_footer = true;
        self.advance()
    }

    /// A note across the whole width of the current footer row, the row as tall as the
    /// wrapped text needs.
    pub fn note(&mut self, s: &str, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        self.filled = true;
        let width: f64 = self.columns.iter().map(|c| c.width).sum();
        self.lines = self.lines.max(style::wrapped_lines(s, width));
        let last_col = self.columns.len().saturating_sub(1) as u16;
        let s = crate::model::text::xml_safe(s);
        let ws = self.ws()?;
        if last_col == 0 {
            ws.write_string_with_format(row, 0, s.as_ref(), f)?;
        } else {
            ws.merge_range(row, 0, row, last_col, s.as_ref(), f)?;
        }
        Ok(())
    }

    /// Adds `cf` to columns `first_col..=last_col` of the data rows of every worksheet of
    /// the list when it is finished; formula rules refer to the first data row
    /// ([`FIRST_DATA_A1`] below a title block, 3 below one title row).
    pub fn conditional_format<T>(&mut self, first_col: u16, last_col: u16, cf: T)
    where
        T: ConditionalFormat + Send + Sync + 'static,
    {
        self.conditionals.push(Box::new(move |ws, first, last| {
            ws.add_conditional_format(first, first_col, last, last_col, &cf)
                .map(|_| ())
        }));
    }

    fn current(&self) -> Result<u32, XlsxError> {
        match self.row {
            0 => Err(XlsxError::ParameterError(format!(
                "a cell written before the first row of the sheet {}",
                self.name
            ))),
            _ => Ok(self.sheet_row()),
        }
    }

    /// Text in the current row, always written as a string; the row grows to fit it.
    pub fn text(&mut self, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        self.filled = true;
        let width = self.columns.get(col as usize).map_or(10.0, |c| c.width);
        self.lines = self.lines.max(style::wrapped_lines(s, width));
        let ws = self.ws()?;
        if s.is_empty() {
            ws.write_blank(row, col, f)?;
        } else {
            let s = crate::model::text::xml_safe(s);
            ws.write_string_with_format(row, col, s.as_ref(), f)?;
        }
        Ok(())
    }

    /// A number in the current row, or a blank cell when there is none.
    pub fn num(&mut self, col: u16, d: Option<Decimal>, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        self.filled = true;
        let ws = self.ws()?;
        match d.and_then(|d| d.to_f64()) {
            Some(x) => ws.write_number_with_format(row, col, x, f)?,
            None => ws.write_blank(row, col, f)?,
        };
        Ok(())
    }

    /// A count in the current row, or a blank cell for `None`.
    pub fn int(&mut self, col: u16, n: Option<usize>, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        self.filled = true;
        let ws = self.ws()?;
        match n {
            Some(n) => ws.write_number_with_format(row, col, n as f64, f)?,
            None => ws.write_blank(row, col, f)?,
        };
        Ok(())
    }

    /// A formula of ours in the current row with the result computed here (empty text for
    /// none), so readers without a calculation engine see the same figure.
    pub fn formula(
        &mut self,
        col: u16,
        formula: &str,
        result: Option<Decimal>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let row = self.current()?;
        self.filled = true;
        let result = result
            .map(|d| d.normalize().to_string())
            .unwrap_or_default();
        let fm = Formula::new(formula).set_result(result);
        self.ws()?.write_formula_with_format(row, col, fm, f)?;
        Ok(())
    }

    /// Closes the last row and gives every worksheet of the list its autofilter over the
    /// header and data rows and the conditional formats over its data rows.
    pub fn finish(mut self) -> Result<(), XlsxError> {
        self.close_row()?;
        let (last_col, header) = (self.columns.len().saturating_sub(1) as u16, self.header_row);
        for part in &self.parts {
            let ws = self.wb.worksheet_from_index(part.index)?;
            let last = header + part.data_rows.max(1);
            ws.autofilter(header, 0, last, last_col)?;
            if part.data_rows > 0 {
                for cf in &self.conditionals {
                    cf(ws, header + 1, header + part.data_rows)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_in_the_language() {
        let d = Date {
            year: 2026,
            month: 12,
            day: 2,
        };
        assert_eq!(shown_date(d, Lang::Zh), "2026年12月2日");
        assert_eq!(shown_date(d, Lang::En), "2026-12-02");
    }

    #[test]
    fn a_constant_memory_sheet_keeps_its_title_row_height() {
        use std::io::Read;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        let t = TitleBlock {
            title: "2021年度预算绩效自评汇总表".into(),
            date: "2026年12月2日".into(),
            lang: Lang::Zh,
        };
        write_title(ws, &t, "项目明细", 3, &TitleFormats::new()).unwrap();
        ws.write(2, 0, "单位").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        let mut part = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
        part.read_to_string(&mut xml).unwrap();
        assert!(
            xml.contains(r#"<row r="1" ht="27.75" customHeight="1">"#),
            "{xml}"
        );
    }

    #[test]
    fn a_page_header_keeps_an_ampersand_literal() {
        assert_eq!(header_text("A&B"), "A&&B");
        assert_eq!(fit_width("全年预算数（万元）", 4, 6.0, 40.0), 11.0);
        assert_eq!(fit_width("单位", 60, 6.0, 40.0), 40.0);
    }
}

#[cfg(test)]
mod examples {
    //! What the documentation once showed as examples, kept as tests of the crate's
    //! private rooms (doctests reach only the public surface).

    #[test]
    fn a_row_is_as_tall_as_its_wrapped_text() -> Result<(), Box<dyn std::error::Error>> {
        use crate::xlsx::print::fitted_height;
        assert_eq!(fitted_height([("短", 10.0)]), None);
        let tall = fitted_height([("偏差原因".repeat(10).as_str(), 20.0)]).unwrap();
        assert!(tall > 60.0, "{tall}");
        Ok(())
    }

    #[test]
    fn a_print_list_goes_on_on_a_continuation_sheet() -> Result<(), Box<dyn std::error::Error>> {
        use crate::diag::Lang;
        use crate::xlsx::list::{ListFormats, ListOptions};
        use crate::xlsx::print::{Column, PrintList, TitleBlock, HEADER_ROW};
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let f = ListFormats::new();
        let t = TitleBlock {
            title: "2021年度汇总".into(),
            date: "2022年1月1日".into(),
            lang: Lang::Zh,
        };
        let cols = vec![Column {
            header: "名称".into(),
            width: 10.0,
        }];
        let opts = ListOptions {
            rows_per_sheet: 2,
            ..ListOptions::default()
        };
        let mut s = PrintList::new(&mut wb, "清单", cols, &t, &f, opts)?;
        for name in ["甲", "乙", "丙"] {
            assert!(s.next_row()? > HEADER_ROW);
            s.text(0, name, &f.text)?;
        }
        s.finish()?;
        let names: Vec<_> = wb.worksheets().iter().map(|w| w.name()).collect();
        assert_eq!(names, ["清单", "清单(2)"]);
        Ok(())
    }
}
