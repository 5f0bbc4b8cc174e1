//! Laying an HTML page out as one sheet, as Excel opens it: text outside tables (a
//! heading, a paragraph) is a row of its own in column A, each table's rows follow, and a
//! table nested in a cell starts at that cell, the outer row growing to hold it (Excel
//! merges around a nested table; its cells keep their places). Cells are placed as
//! browsers place them (HTML's table model): a cell skips the columns taken by rowspans of
//! the rows above, `colspan` / `rowspan` become merges, a rowspan past the table's last row
//! is cut there.
//!
//! Every bound of the grid holds ([`GridBuilder`]: rows, columns, cells scanned), spans
//! are clamped as browsers clamp them ([`limits::MAX_HTML_COLSPAN`],
//! [`limits::MAX_HTML_ROWSPAN`]), rowspans are tracked only over the columns a grid keeps,
//! and tables deeper than [`limits::MAX_HTML_TABLE_DEPTH`] are read as text of their cell.

use super::super::grid::{Cell, Grid, GridBuilder, Merge};
use super::super::limits;
use super::super::numfmt::NumFormat;
use super::htmlstyle::Shown;
use crate::model::CellRef;
use calamine::DataRef;

/// A cell being read: where it stands, its spans, its text so far, what Excel's attributes
/// say of its value.
#[derive(Debug, Default)]
pub(super) struct OpenCell {
    col: u32,
    /// Where the cell's own text goes: its row, or below a table nested in it.
    text_row: u32,
    text: String,
    chars: usize,
    /// `x:num`: `Some("")` when the attribute stands alone (the text is the number).
    num: Option<String>,
    /// The cell's number format, when its class or style names one.
    format: Option<Shown>,
    /// `mso-ignore:colspan`: Excel's text overflowing into the empty cells on its right,
    /// spanned only for a browser; no merge in the sheet.
    overflow: bool,
}

impl OpenCell {
    /// A cell with what Excel's attributes say of its value (`x:num`, its format).
    pub(super) fn new(num: Option<String>, format: Option<Shown>, overflow: bool) -> OpenCell {
        OpenCell {
            num,
            format,
            overflow,
            ..OpenCell::default()
        }
    }
}

/// An open table: its origin, the row being read, the rows taken by rowspans.
#[derive(Debug)]
struct Table {
    origin_col: u32,
    /// The row of the next `<tr>`.
    next_row: u32,
    /// The current row, when one is open.
    row: Option<u32>,
    /// The lowest row used so far (by a row or a table nested in it), when any.
    bottom: Option<u32>,
    col: u32,
    /// Per column kept (0..=MAX_COLS): the first row below the rowspans taking it.
    taken: Vec<u32>,
    merges: Vec<Merge>,
    cell: Option<OpenCell>,
}

impl Table {
    fn new(row: u32, col: u32) -> Table {
        Table {
            origin_col: col,
            next_row: row,
            row: None,
            bottom: None,
            col,
            taken: vec![0; limits::MAX_COLS as usize + 1],
            merges: Vec::new(),
            cell: None,
        }
    }

    fn reach(&mut self, row: u32) {
        self.bottom = Some(self.bottom.map_or(row, |b| b.max(row)));
    }
}

/// The page's one sheet, built as the tokens arrive.
#[derive(Debug, Default)]
pub(super) struct Layout {
    cells: GridBuilder,
    merges: Vec<Merge>,
    formats: Vec<((u32, u32), NumFormat)>,
    tables: Vec<Table>,
    /// Tables opened past [`limits::MAX_HTML_TABLE_DEPTH`] and not yet closed.
    too_deep: usize,
    /// The row of the next block outside tables.
    next_row: u32,
    /// Cells the merges kept so far cover, within the grid's bounds.
    merged_cells: u64,
    /// Text outside tables, up to the next block boundary.
    loose: String,
    /// True once the scanning bound is spent: the rest of the page is not read.
    pub(super) stopped: bool,
}

impl Layout {
    /// A `<table>` start: at the open cell of the enclosing table, else below what is laid
    /// out.
    pub(super) fn open_table(&mut self) {
        if self.tables.len() >= limits::MAX_HTML_TABLE_DEPTH {
            self.too_deep += 1;
            return;
        }
        self.flush_loose();
        let (row, col) = match self.tables.last_mut() {
            Some(t) => match t.cell.as_mut() {
                Some(c) => {
                    let (row, col) = (c.text_row, c.col);
                    if flush_text(&mut self.cells, c) {
                        (row + 1, col)
                    } else {
                        (row, col)
                    }
                }
                None => (t.bottom.map_or(t.next_row, |b| b + 1), t.origin_col),
            },
            None => (self.next_row, 0),
        };
        self.tables.push(Table::new(row, col));
    }

    /// A `</table>`: closes its cell and row, cuts its rowspans at its last row; what
    /// follows goes below it.
    pub(super) fn close_table(&mut self) {
        if self.too_deep > 0 {
            self.too_deep -= 1;
            return;
        }
        self.close_row();
        let Some(t) = self.tables.pop() else {
            return;
        };
        let bottom = t.bottom;
        if let Some(last) = bottom {
            for m in t.merges {
                self.keep_merge(m, last);
            }
        }
        let Some(last) = bottom else { return };
        match self.tables.last_mut() {
            Some(outer) => {
                outer.reach(last);
                if let Some(c) = outer.cell.as_mut() {
                    c.text_row = last + 1;
                }
            }
            None => self.next_row = last.saturating_add(1),
        }
    }

    /// Keeps a merge, cut at its table's last row and at the grid's bounds, while the
    /// merges' bounds hold ([`limits::MAX_MERGES`], [`limits::MAX_HTML_MERGED_CELLS`]).
    fn keep_merge(&mut self, mut m: Merge, last_row: u32) {
        m.end.row = m.end.row.min(last_row).min(limits::MAX_ROWS);
        m.end.col = m.end.col.min(limits::MAX_COLS);
        let area = u64::from(m.end.row - m.start.row + 1) * u64::from(m.end.col - m.start.col + 1);
        if self.merges.len() >= limits::MAX_MERGES
            || self.merged_cells + area > limits::MAX_HTML_MERGED_CELLS
        {
            return;
        }
        self.merged_cells += area;
        self.merges.push(m);
    }

    /// A `<tr>` (or a cell outside any row): the next row of the innermost table.
    pub(super) fn open_row(&mut self) {
        if self.too_deep > 0 {
            return;
        }
        self.close_row();
        if let Some(t) = self.tables.last_mut() {
            let row = t.bottom.map_or(t.next_row, |b| t.next_row.max(b + 1));
            t.row = Some(row);
            t.next_row = row.saturating_add(1);
            t.col = t.origin_col;
            t.reach(row);
        }
    }

    /// A `</tr>`.
    pub(super) fn close_row(&mut self) {
        self.close_cell();
        if let Some(t) = self.tables.last_mut() {
            t.row = None;
        }
    }

    /// A `<td>` / `<th>`: placed at the first column of its row no rowspan above takes.
    pub(super) fn open_cell(&mut self, colspan: u32, rowspan: u32, cell: OpenCell) {
        if self.too_deep > 0 || self.tables.is_empty() {
            return;
        }
        self.close_cell();
        if self.tables.last().is_some_and(|t| t.row.is_none()) {
            self.open_row();
        }
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let row = t.row.unwrap_or(t.next_row);
        while (t.col as usize) < t.taken.len() && t.taken[t.col as usize] > row {
            t.col += 1;
        }
        let col = t.col;
        let below = row.saturating_add(rowspan);
        let kept = (col as usize)..(col.saturating_add(colspan) as usize).min(t.taken.len());
        for c in kept {
            t.taken[c] = t.taken[c].max(below);
        }
        t.col = col.saturating_add(colspan);
        let merged = if cell.overflow { 1 } else { colspan };
        if (merged > 1 || rowspan > 1) && col <= limits::MAX_COLS && row <= limits::MAX_ROWS {
            let end = CellRef::new(below - 1, col.saturating_add(merged - 1));
            if t.merges.len() < limits::MAX_MERGES {
                t.merges.push(Merge {
                    start: CellRef::new(row, col),
                    end,
                });
            }
        }
        t.cell = Some(OpenCell {
            col,
            text_row: row,
            ..cell
        });
    }

    /// A `</td>`: the cell's value into the grid.
    pub(super) fn close_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(mut c) = t.cell.take() else { return };
        let (row, col) = (c.text_row, c.col);
        let (value, format) = value_of(&mut c);
        if let Some(f) = format {
            self.formats.push(((row, col), f));
        }
        t.reach(row);
        if !self.cells.push(row, col, value) {
            self.stopped = true;
        }
    }

    /// Text: into the open cell, else (outside any table) a line of its own; text inside
    /// a table but outside its cells is dropped (a browser shows it above the table).
    pub(super) fn text(&mut self, s: &str) {
        match self.tables.last_mut() {
            Some(t) => {
                if let Some(c) = t.cell.as_mut() {
                    append(&mut c.text, &mut c.chars, s);
                }
            }
            None => {
                let mut n = self.loose.chars().count();
                append(&mut self.loose, &mut n, s);
            }
        }
    }

    /// A line break (`<br>`, a paragraph's end): inside a cell a new line of its text, as
    /// Excel keeps it (`br {mso-data-placement:same-cell}`); outside, the end of a row.
    pub(super) fn line_break(&mut self) {
        match self.tables.last_mut() {
            Some(t) => {
                if let Some(c) = t.cell.as_mut() {
                    append(&mut c.text, &mut c.chars, "\n");
                }
            }
            None => self.flush_loose(),
        }
    }

    /// Text outside tables as a row of its own in column A.
    fn flush_loose(&mut self) {
        let text = tidy(&std::mem::take(&mut self.loose));
        if text.is_empty() {
            return;
        }
        if !self.cells.push(self.next_row, 0, text_cell(text)) {
            self.stopped = true;
        }
        self.next_row = self.next_row.saturating_add(1);
    }

    /// The sheet: every open element closed, as at the end of a page cut short.
    pub(super) fn finish(mut self, name: &str) -> Grid {
        while !self.tables.is_empty() {
            self.too_deep = 0;
            self.close_table();
        }
        self.flush_loose();
        let mut grid = self.cells.build(name);
        grid.set_merges(self.merges);
        grid.set_formats(self.formats);
        grid
    }
}

/// Appends text as a browser shows it: runs of white space (a non-breaking space, which
/// Excel writes in every empty cell, included) as one space; at most
/// [`limits::MAX_STRING_CHARS`] + 1 characters kept (the grid cuts the rest).
fn append(to: &mut String, chars: &mut usize, s: &str) {
    for ch in s.chars() {
        if *chars > limits::MAX_STRING_CHARS {
            return;
        }
        let ch = if ch.is_whitespace() && ch != '\n' {
            ' '
        } else {
            ch
        };
        if ch == ' ' && (to.ends_with(' ') || to.ends_with('\n') || to.is_empty()) {
            continue;
        }
        to.push(ch);
        *chars += 1;
    }
}

/// A cell's text with each line trimmed and empty lines dropped.
fn tidy(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

fn text_cell(s: String) -> Cell {
    Cell::from_data_ref(&DataRef::String(s), false)
}

/// Writes the cell's text so far (before a table nested in it) at its text row; true when
/// there was any.
fn flush_text(cells: &mut GridBuilder, c: &mut OpenCell) -> bool {
    let text = tidy(&std::mem::take(&mut c.text));
    c.chars = 0;
    if text.is_empty() {
        return false;
    }
    cells.push(c.text_row, c.col, text_cell(text));
    true
}

/// A cell's value: Excel's `x:num` as the number it stores (with its format, or as the
/// text shown when the format is a date's), else the text.
fn value_of(c: &mut OpenCell) -> (Cell, Option<NumFormat>) {
    let text = tidy(&c.text);
    let number = c.num.take().and_then(|n| {
        let n = if n.trim().is_empty() {
            text.as_str()
        } else {
            n.as_str()
        };
        n.trim().parse::<f64>().ok().filter(|f| f.is_finite())
    });
    match (number, c.format.take()) {
        (Some(_), Some(Shown::Date)) | (None, _) => (text_cell(text), None),
        (Some(f), Some(Shown::Number(fmt))) => {
            (Cell::from_data_ref(&DataRef::Float(f), false), Some(fmt))
        }
        (Some(f), None) => (Cell::from_data_ref(&DataRef::Float(f), false), None),
    }
}
