//! A thin helper over rust_xlsxwriter for the list-style sheets selfeval writes (summary,
//! findings): typed cells from the domain, never a formula from input text, column widths
//! measured for Chinese text, and a list longer than one worksheet holds continued on
//! further worksheets (`NAME(2)`, `NAME(3)`, …) instead of failing the run.

use crate::xlsx::style;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ConditionalFormat, Format, Formula, Workbook, Worksheet, XlsxError};

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
///
/// ```
/// use selfeval::xlsx::list::{ListOptions, MAX_DATA_ROWS};
/// let o = ListOptions::default();
/// assert_eq!(o.rows_per_sheet, MAX_DATA_ROWS);
/// ```
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

/// A conditional format kept until the list is finished, then added to every worksheet of it
/// over that worksheet's data rows.
type Deferred = Box<dyn Fn(&mut Worksheet, u32) -> Result<(), XlsxError>>;

/// One worksheet of a list.
struct Part {
    /// Index of the worksheet in the workbook.
    index: usize,
    /// Data rows on it (below the header, above any footer).
    data_rows: u32,
}

/// Writes one list row by row, on as many worksheets as it needs, and keeps track of
/// column widths.
///
/// Rows are started with [`ListSheet::next_row`] and only ever go down, so a list works in
/// constant-memory mode. When a worksheet holds [`ListOptions::rows_per_sheet`] rows, the
/// next row starts a continuation sheet named `NAME(2)`, `NAME(3)`, … (added at the end of
/// the workbook as it is then) with the same header; [`ListSheet::finish`] gives every
/// worksheet of the list the same column widths, its own autofilter and the conditional
/// formats registered with [`ListSheet::conditional_format`].
///
/// ```
/// use rust_xlsxwriter::Workbook;
/// use selfeval::xlsx::list::{ListFormats, ListOptions, ListSheet};
/// let mut wb = Workbook::new();
/// let f = ListFormats::new();
/// let opts = ListOptions { rows_per_sheet: 2, ..ListOptions::default() };
/// let mut s = ListSheet::new(&mut wb, "清单", &["名称"], &f, opts)?;
/// for name in ["甲", "乙", "丙"] {
///     s.next_row()?;
///     s.text(0, name, &f.text)?;
/// }
/// s.finish()?;
/// let names: Vec<_> = wb.worksheets().iter().map(|w| w.name()).collect();
/// assert_eq!(names, ["清单", "清单(2)"]);
/// # Ok::<(), rust_xlsxwriter::XlsxError>(())
/// ```
pub struct ListSheet<'a> {
    wb: &'a mut Workbook,
    name: String,
    headers: Vec<String>,
    header_format: Format,
    opts: ListOptions,
    parts: Vec<Part>,
    /// The current row of the current worksheet (0: only the header so far).
    row: u32,
    /// Whether the footer has started (no data rows after it).
    in_footer: bool,
    widths: Vec<usize>,
    conditionals: Vec<Deferred>,
}

/// Column widths never exceed this many characters: long texts wrap in the cell instead.
const MAX_WIDTH: usize = 50;

impl<'a> ListSheet<'a> {
    /// Starts a list on a new worksheet named `name`, with a header row frozen above the
    /// data.
    pub fn new(
        wb: &'a mut Workbook,
        name: &str,
        headers: &[&str],
        f: &ListFormats,
        opts: ListOptions,
    ) -> Result<Self, XlsxError> {
        let mut s = ListSheet {
            wb,
            name: name.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            header_format: f.header.clone(),
            opts: ListOptions {
                rows_per_sheet: opts.rows_per_sheet.clamp(1, MAX_DATA_ROWS),
                ..opts
            },
            parts: Vec::new(),
            row: 0,
            in_footer: false,
            widths: headers.iter().map(|h| style::text_width(h)).collect(),
            conditionals: Vec::new(),
        };
        s.add_part()?;
        Ok(s)
    }

    /// Adds the next worksheet of the list and writes its header.
    fn add_part(&mut self) -> Result<(), XlsxError> {
        let name = match self.parts.len() {
            0 => self.name.clone(),
            n => format!("{}({})", self.name, n + 1),
        };
        // Several constant-memory worksheets may be open at once, each with its own
        // temporary file; the earlier ones are only touched again for widths, filter and
        // conditional formats, which are not row data.
        let ok = match self.opts.memory {
            SheetMemory::Standard => false,
            SheetMemory::Constant => self.wb.add_worksheet_with_constant_memory().is_ok(),
            SheetMemory::Low => self.wb.add_worksheet_with_low_memory().is_ok(),
        };
        if !ok {
            // No temporary file (an unwritable temp folder): a standard worksheet only
            // costs memory.
            self.wb.add_worksheet();
        }
        let index = self.wb.worksheets().len() - 1;
        self.parts.push(Part {
            index,
            data_rows: 0,
        });
        self.row = 0;
        let header_format = self.header_format.clone();
        let headers = self.headers.clone();
        let ws = self.ws()?;
        ws.set_name(name)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &header_format)?;
        }
        ws.set_freeze_panes(1, 0)?;
        // Printed: A4 landscape, one page wide, the header row on every page.
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        Ok(())
    }

    /// The worksheet being written.
    pub fn ws(&mut self) -> Result<&mut Worksheet, XlsxError> {
        let index = self.parts.last().map_or(0, |p| p.index);
        self.wb.worksheet_from_index(index)
    }

    /// Moves down one row, onto a continuation sheet when this one is full.
    fn advance(&mut self) -> Result<u32, XlsxError> {
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
        Ok(self.row)
    }

    /// Starts the next data row and returns its zero-based row number on the worksheet it
    /// lands on (for A1 references in formulas: the A1 row is one more).
    pub fn next_row(&mut self) -> Result<u32, XlsxError> {
        if self.in_footer {
            return Err(XlsxError::ParameterError(format!(
                "a data row after the footer of the sheet {}",
                self.name
            )));
        }
        let r = self.advance()?;
        if let Some(p) = self.parts.last_mut() {
            p.data_rows = r;
        }
        Ok(r)
    }

    /// Starts a footer row (a totals row): below the data, outside the autofilter and the
    /// conditional formats. Only footer rows may follow it.
    pub fn footer_row(&mut self) -> Result<u32, XlsxError> {
        self.in_footer = true;
        self.advance()
    }

    /// Data rows written so far, over every worksheet of the list.
    pub fn data_rows(&self) -> u64 {
        self.parts.iter().map(|p| u64::from(p.data_rows)).sum()
    }

    /// The names of the list's worksheets so far.
    pub fn sheet_names(&self) -> Vec<String> {
        (1..=self.parts.len())
            .map(|k| match k {
                1 => self.name.clone(),
                k => format!("{}({k})", self.name),
            })
            .collect()
    }

    /// Adds `cf` to columns `first_col..=last_col` of the data rows of every worksheet of the
    /// list when it is finished. Formula rules refer to the first data row (A1 row 2), which
    /// is the same on every worksheet.
    pub fn conditional_format<T>(&mut self, first_col: u16, last_col: u16, cf: T)
    where
        T: ConditionalFormat + Send + Sync + 'static,
    {
        self.conditionals.push(Box::new(move |ws, last_row| {
            ws.add_conditional_format(1, first_col, last_row, last_col, &cf)
                .map(|_| ())
        }));
    }

    fn widen(&mut self, col: u16, w: usize) {
        if let Some(x) = self.widths.get_mut(col as usize) {
            *x = (*x).max(w);
        }
    }

    /// The current row, or an error before the first [`ListSheet::next_row`] (which would
    /// overwrite the header).
    fn current(&self) -> Result<u32, XlsxError> {
        match self.row {
            0 => Err(XlsxError::ParameterError(format!(
                "a cell written before the first row of the sheet {}",
                self.name
            ))),
            r => Ok(r),
        }
    }

    /// Text in the current row, always written as a string (a leading `=` stays text).
    pub fn text(&mut self, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        let ws = self.ws()?;
        if !s.is_empty() {
            // File names and messages may still carry characters XML cannot hold.
            let s = crate::model::text::xml_safe(s);
            ws.write_string_with_format(row, col, s.as_ref(), f)?;
        } else {
            ws.write_blank(row, col, f)?;
        }
        self.widen(col, style::text_width(s));
        Ok(())
    }

    /// A number in the current row, or a blank cell when there is none.
    pub fn num(&mut self, col: u16, d: Option<Decimal>, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        let ws = self.ws()?;
        match d.and_then(|d| d.to_f64()) {
            Some(x) => {
                ws.write_number_with_format(row, col, x, f)?;
                self.widen(col, 10);
            }
            None => {
                ws.write_blank(row, col, f)?;
            }
        }
        Ok(())
    }

    /// A count in the current row.
    pub fn int(&mut self, col: u16, n: usize, f: &Format) -> Result<(), XlsxError> {
        let row = self.current()?;
        self.ws()?.write_number_with_format(row, col, n as f64, f)?;
        self.widen(col, 4);
        Ok(())
    }

    /// A formula in the current row with the result our own decimal logic computed (empty
    /// text for none), so readers without a calculation engine see the same figure.
    pub fn formula(
        &mut self,
        col: u16,
        formula: &str,
        result: Option<Decimal>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let row = self.current()?;
        let result = result
            .map(|d| d.normalize().to_string())
            .unwrap_or_default();
        self.ws()?.write_formula_with_format(
            row,
            col,
            Formula::new(formula).set_result(result),
            f,
        )?;
        self.widen(col, 10);
        Ok(())
    }

    /// Gives every worksheet of the list the measured column widths (CJK counted double),
    /// an autofilter over its header and data rows, and the conditional formats over its
    /// data rows.
    pub fn finish(self) -> Result<(), XlsxError> {
        let last_col = self.widths.len().saturating_sub(1) as u16;
        for part in &self.parts {
            let ws = self.wb.worksheet_from_index(part.index)?;
            for (c, w) in self.widths.iter().enumerate() {
                let w = (w + 2).clamp(6, MAX_WIDTH) as f64;
                ws.set_column_width(c as u16, w)?;
            }
            ws.autofilter(0, 0, part.data_rows.max(1), last_col)?;
            if part.data_rows > 0 {
                for cf in &self.conditionals {
                    cf(ws, part.data_rows)?;
                }
            }
        }
        Ok(())
    }
}

/// The A1 name of a zero-based column.
pub fn col(c: u16) -> String {
    crate::model::CellRef::column_letters(c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use rust_xlsxwriter::ConditionalFormatCell;
    use std::io::{Cursor, Read};

    /// Writes `n` rows of (name, count, note) as one list under `opts`, with a sheet before
    /// and after it, and returns the saved bytes.
    fn list_workbook(n: usize, opts: ListOptions) -> Vec<u8> {
        let f = ListFormats::new();
        let mut wb = Workbook::new();
        wb.add_worksheet().set_name("前").unwrap();
        let mut s = ListSheet::new(&mut wb, "清单", &["名称", "数量", "备注"], &f, opts).unwrap();
        s.conditional_format(
            1,
            1,
            ConditionalFormatCell::new()
                .set_rule(rust_xlsxwriter::ConditionalFormatCellRule::GreaterThan(3))
                .set_format(Format::new().set_bold()),
        );
        for k in 0..n {
            let r = s.next_row().unwrap();
            s.text(0, &format!("第{k}行"), &f.text).unwrap();
            s.int(1, k, &f.int).unwrap();
            // A formula on the row it lands on: the continuation sheets' rows restart.
            s.formula(
                2,
                &format!("=B{}*2", r + 1),
                Some(Decimal::from(2 * k)),
                &f.int,
            )
            .unwrap();
        }
        assert_eq!(s.data_rows(), n as u64);
        s.finish().unwrap();
        wb.add_worksheet().set_name("后").unwrap();
        wb.save_to_buffer().unwrap()
    }

    fn sheets(bytes: &[u8]) -> Vec<String> {
        let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        wb.sheet_names()
    }

    /// Rows of a sheet as text, header included.
    fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "{sheet} starts at A1");
        range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|d| match d {
                        Data::String(s) => s.clone(),
                        Data::Float(x) => x.to_string(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect()
    }

    fn formulas(bytes: &[u8], sheet: &str) -> Vec<String> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        let range = wb.worksheet_formula(sheet).unwrap();
        range.cells().map(|(_, _, f)| f.clone()).collect()
    }

    /// The XML of the `k`-th worksheet (zero-based, in workbook order).
    fn sheet_xml(bytes: &[u8], k: usize) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut part = zip
            .by_name(&format!("xl/worksheets/sheet{}.xml", k + 1))
            .unwrap();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        xml
    }

    fn between<'x>(xml: &'x str, open: &str, close: &str) -> &'x str {
        let a = xml
            .find(open)
            .unwrap_or_else(|| panic!("no {open} in {xml}"));
        let b = xml[a..].find(close).unwrap() + a;
        &xml[a..b]
    }

    #[test]
    fn a_long_list_goes_on_on_continuation_sheets_in_every_memory_mode() {
        for memory in [
            SheetMemory::Standard,
            SheetMemory::Constant,
            SheetMemory::Low,
        ] {
            let opts = ListOptions {
                memory,
                rows_per_sheet: 5,
                overflow: Overflow::Continue,
            };
            let bytes = list_workbook(12, opts);
            assert_eq!(
                sheets(&bytes),
                ["前", "清单", "清单(2)", "清单(3)", "后"],
                "{memory:?}"
            );
            let header = ["名称", "数量", "备注"];
            let mut seen = Vec::new();
            for (k, (name, n)) in [("清单", 5), ("清单(2)", 5), ("清单(3)", 2)]
                .into_iter()
                .enumerate()
            {
                let rows = rows(&bytes, name);
                assert_eq!(rows[0], header, "{memory:?} {name} header");
                assert_eq!(rows.len(), n + 1, "{memory:?} {name} rows");
                seen.extend(rows[1..].iter().map(|r| r[0].clone()));
                // Each formula refers to its own row on its own sheet.
                let want: Vec<String> = (2..n + 2).map(|r| format!("B{r}*2")).collect();
                assert_eq!(formulas(&bytes, name), want, "{memory:?} {name}");
                for r in &rows[1..] {
                    let b: f64 = r[1].parse().unwrap();
                    let c: f64 = r[2].parse().unwrap();
                    assert_eq!(c, 2.0 * b, "cached result on {name}");
                }

                let xml = sheet_xml(&bytes, 1 + k);
                let last = n + 1;
                assert!(
                    xml.contains(&format!("<autoFilter ref=\"A1:C{last}\"/>")),
                    "{xml}"
                );
                assert!(xml.contains("ySplit=\"1\""), "{name} frozen header");
                assert!(
                    xml.contains(&format!("<conditionalFormatting sqref=\"B2:B{last}\">")),
                    "{name} conditional format"
                );
                // One set of widths for the whole list, measured over all of its rows.
                let cols = between(&xml, "<cols>", "</cols>").to_string();
                assert_eq!(cols, between(&sheet_xml(&bytes, 1), "<cols>", "</cols>"));
            }
            let want: Vec<String> = (0..12).map(|k| format!("第{k}行")).collect();
            assert_eq!(seen, want, "{memory:?}: every row once, in order");
        }
    }

    #[test]
    fn a_full_sheet_is_not_continued_until_a_row_needs_room() {
        let opts = ListOptions {
            rows_per_sheet: 5,
            ..ListOptions::default()
        };
        let bytes = list_workbook(5, opts);
        assert_eq!(sheets(&bytes), ["前", "清单", "后"]);
        let bytes = list_workbook(0, opts);
        assert_eq!(sheets(&bytes), ["前", "清单", "后"]);
        let xml = sheet_xml(&bytes, 1);
        assert!(xml.contains("<autoFilter ref=\"A1:C2\"/>"), "{xml}");
        assert!(
            !xml.contains("conditionalFormatting"),
            "no data rows: no format"
        );
    }

    #[test]
    fn the_default_limit_is_a_whole_excel_sheet() {
        assert_eq!(MAX_DATA_ROWS, 1_048_576 - 1);
        assert_eq!(ListOptions::default().rows_per_sheet, MAX_DATA_ROWS);
        // Clamped: zero rows per sheet would add sheets for ever; more than Excel holds
        // would fail at the library's own limit instead of continuing.
        let f = ListFormats::new();
        let mut wb = Workbook::new();
        for (asked, got) in [(0, 1), (u32::MAX, MAX_DATA_ROWS)] {
            let opts = ListOptions {
                rows_per_sheet: asked,
                ..ListOptions::default()
            };
            let s = ListSheet::new(&mut wb, &format!("L{asked}"), &["a"], &f, opts).unwrap();
            assert_eq!(s.opts.rows_per_sheet, got);
        }
    }

    #[test]
    fn a_list_that_must_stay_on_one_sheet_fails_cleanly_when_full() {
        let f = ListFormats::new();
        let mut wb = Workbook::new();
        let opts = ListOptions {
            rows_per_sheet: 3,
            overflow: Overflow::Fail,
            ..ListOptions::default()
        };
        let mut s = ListSheet::new(&mut wb, "汇总", &["单位"], &f, opts).unwrap();
        for _ in 0..2 {
            s.next_row().unwrap();
        }
        // The totals row takes the last place; a further row has none.
        assert_eq!(s.footer_row().unwrap(), 3);
        let e = s.footer_row().unwrap_err().to_string();
        assert!(e.contains("汇总") && e.contains('3'), "{e}");
        assert_eq!(s.sheet_names(), ["汇总"]);
        let mut s = ListSheet::new(&mut wb, "另", &["单位"], &f, opts).unwrap();
        for _ in 0..3 {
            s.next_row().unwrap();
        }
        assert!(s.next_row().is_err());
        assert_eq!(wb.worksheets().len(), 2, "no sheet added");
    }

    #[test]
    fn a_footer_stays_outside_the_filter_and_formats() {
        let f = ListFormats::new();
        let mut wb = Workbook::new();
        let mut s =
            ListSheet::new(&mut wb, "汇总", &["单位", "数"], &f, ListOptions::default()).unwrap();
        s.conditional_format(
            1,
            1,
            ConditionalFormatCell::new()
                .set_rule(rust_xlsxwriter::ConditionalFormatCellRule::GreaterThan(0))
                .set_format(Format::new().set_bold()),
        );
        for k in 0..3 {
            s.next_row().unwrap();
            s.int(1, k, &f.int).unwrap();
        }
        let t = s.footer_row().unwrap();
        assert_eq!(t, 4);
        s.formula(1, "=SUM(B2:B4)", Some(Decimal::from(3)), &f.int)
            .unwrap();
        assert!(s.next_row().is_err(), "no data after the footer");
        s.finish().unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let xml = sheet_xml(&bytes, 0);
        assert!(xml.contains("<autoFilter ref=\"A1:B4\"/>"), "{xml}");
        assert!(
            xml.contains("<conditionalFormatting sqref=\"B2:B4\">"),
            "{xml}"
        );
    }

    #[test]
    fn a_cell_before_the_first_row_does_not_overwrite_the_header() {
        let f = ListFormats::new();
        let mut wb = Workbook::new();
        let mut s = ListSheet::new(&mut wb, "清单", &["名称"], &f, ListOptions::default()).unwrap();
        assert!(s.text(0, "x", &f.text).is_err());
        assert!(s.num(0, Some(Decimal::ONE), &f.score).is_err());
    }
}
