//! A thin helper over a rust_xlsxwriter worksheet for the list-style sheets selfeval writes
//! (summary, findings): typed cells from the domain, never a formula from input text, and
//! column widths measured for Chinese text.

use crate::write::style;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

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

/// Writes one list sheet row by row and keeps track of column widths.
pub struct ListSheet<'a> {
    /// The worksheet.
    pub ws: &'a mut Worksheet,
    widths: Vec<usize>,
    max_width: usize,
}

impl<'a> ListSheet<'a> {
    /// Starts a list sheet with a header row, frozen below it.
    pub fn new(
        ws: &'a mut Worksheet,
        headers: &[&str],
        f: &ListFormats,
    ) -> Result<Self, XlsxError> {
        let mut s = ListSheet {
            ws,
            widths: vec![0; headers.len()],
            max_width: 50,
        };
        for (c, h) in headers.iter().enumerate() {
            s.ws.write_string_with_format(0, c as u16, *h, &f.header)?;
            s.widen(c as u16, style::text_width(h));
        }
        s.ws.set_freeze_panes(1, 0)?;
        // Printed: A4 landscape, one page wide, the header row on every page.
        s.ws.set_landscape();
        s.ws.set_paper_size(9);
        s.ws.set_print_fit_to_pages(1, 0);
        s.ws.set_repeat_rows(0, 0)?;
        Ok(s)
    }

    fn widen(&mut self, col: u16, w: usize) {
        if let Some(x) = self.widths.get_mut(col as usize) {
            *x = (*x).max(w);
        }
    }

    /// Text, always written as a string (a leading `=` stays text).
    pub fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        if !s.is_empty() {
            self.ws.write_string_with_format(row, col, s, f)?;
        } else {
            self.ws.write_blank(row, col, f)?;
        }
        self.widen(col, style::text_width(s));
        Ok(())
    }

    /// A number, or a blank cell when there is none.
    pub fn num(
        &mut self,
        row: u32,
        col: u16,
        d: Option<Decimal>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        match d.and_then(|d| d.to_f64()) {
            Some(x) => {
                self.ws.write_number_with_format(row, col, x, f)?;
                self.widen(col, 10);
            }
            None => {
                self.ws.write_blank(row, col, f)?;
            }
        }
        Ok(())
    }

    /// A count.
    pub fn int(&mut self, row: u32, col: u16, n: usize, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, n as f64, f)?;
        self.widen(col, 4);
        Ok(())
    }

    /// A formula with the result our own decimal logic computed (empty text for none), so
    /// readers without a calculation engine see the same figure.
    pub fn formula(
        &mut self,
        row: u32,
        col: u16,
        formula: &str,
        result: Option<Decimal>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let result = result
            .map(|d| d.normalize().to_string())
            .unwrap_or_default();
        self.ws
            .write_formula_with_format(row, col, Formula::new(formula).set_result(result), f)?;
        self.widen(col, 10);
        Ok(())
    }

    /// Sets the measured column widths (CJK counted double) and an autofilter over the
    /// header and `last_row`.
    pub fn finish(mut self, last_row: u32) -> Result<(), XlsxError> {
        for (c, w) in self.widths.clone().into_iter().enumerate() {
            let w = (w + 2).clamp(6, self.max_width) as f64;
            self.ws.set_column_width(c as u16, w)?;
        }
        let last_col = self.widths.len().saturating_sub(1) as u16;
        self.ws.autofilter(0, 0, last_row.max(1), last_col)?;
        self.max_width = 0;
        Ok(())
    }
}

/// The A1 name of a zero-based column.
pub fn col(c: u16) -> String {
    crate::model::CellRef::column_letters(c as u32)
}
