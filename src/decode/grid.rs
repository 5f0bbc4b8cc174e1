//! A bounded, normalised in-memory view of one sheet.
//!
//! Every format's cell values are converted once, here, into [`Cell`]: xls `Int` and xlsx
//! `Float` both become [`Cell::Number`] (an exact Decimal), ods error strings become
//! [`Cell::Error`], a formula without a cached value becomes [`Cell::Uncomputed`]. Only
//! non-empty cells are stored (sorted, row-major), so a stray cell far away costs one entry,
//! never a rectangle. Merged ranges are kept so that any cell of a merge reads the value of
//! its top-left cell ([`Grid::at`]).

use super::limits;
use super::number::decimal_from_f64;
use super::numfmt::NumFormat;
use crate::model::CellRef;
use calamine::{Data, DataRef};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One cell's content, normalised across formats.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cell {
    /// Nothing.
    #[default]
    Empty,
    /// A number stored as a number.
    Number(Decimal),
    /// A number shown as a calendar date (a date format in xlsx/xls, a date value in ods):
    /// read as its stored number where a figure is expected (an amount that picked up a date
    /// format by accident keeps its value), and as the date the user sees where text is
    /// (an indicator's 实际完成值 `2021年11月30日` is compared with a deadline, scoring.md).
    Date(Decimal, CivilDate),
    /// Text (trimmed of nothing; callers trim).
    Text(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never computed and saved (files written by scripts).
    Uncomputed,
}

impl Cell {
    /// True for [`Cell::Empty`].
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text: numbers in plain decimal form, booleans as TRUE/FALSE.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty | Cell::Uncomputed => String::new(),
            Cell::Number(d) => d.normalize().to_string(),
            Cell::Date(_, date) => date.to_string(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// Converts a calamine value; `has_formula` turns an empty value into
    /// [`Cell::Uncomputed`].
    pub fn from_data_ref(d: &DataRef<'_>, has_formula: bool) -> Cell {
        let c = match d {
            DataRef::Int(i) => Cell::Number(Decimal::from(*i)),
            DataRef::Float(f) => float_cell(*f),
            DataRef::String(s) => text_cell(s),
            DataRef::SharedString(s) => text_cell(s),
            DataRef::Bool(b) => Cell::Bool(*b),
            DataRef::DateTime(dt) => date_cell(dt),
            DataRef::DateTimeIso(s) => iso_date_cell(s),
            DataRef::DurationIso(s) => text_cell(s),
            DataRef::Error(e) => Cell::Error(e.to_string()),
            DataRef::Empty => Cell::Empty,
        };
        if has_formula && c.is_empty() {
            Cell::Uncomputed
        } else {
            c
        }
    }

    /// Converts an owned calamine value (xls, ods ranges).
    pub fn from_data(d: &Data, has_formula: bool) -> Cell {
        // The same conversion as a borrowed value: text borrowed, the rest copied.
        let r = match d {
            Data::Int(i) => DataRef::Int(*i),
            Data::Float(f) => DataRef::Float(*f),
            Data::String(s) => DataRef::SharedString(s),
            Data::Bool(b) => DataRef::Bool(*b),
            Data::DateTime(dt) => DataRef::DateTime(*dt),
            Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
            Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
            Data::Error(e) => DataRef::Error(e.clone()),
            Data::Empty => DataRef::Empty,
        };
        Cell::from_data_ref(&r, has_formula)
    }
}

/// A calendar date as a user reads it in a Chinese sheet (`2021年11月30日`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilDate {
    /// The year.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
    /// The day, 1–31.
    pub day: u8,
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// A date-formatted number: a date from day 1 of the epoch on; a time of day alone (below
/// 1) or a duration stays a number, as before.
fn date_cell(dt: &calamine::ExcelDateTime) -> Cell {
    let serial = dt.as_f64();
    let number = float_cell(serial);
    match number {
        Cell::Number(d) if dt.is_datetime() && serial >= 1.0 => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            Cell::Date(d, CivilDate { year, month, day })
        }
        other => other,
    }
}

/// An ods date value (`2021-11-30`, `2021-11-30T00:00:00`): shown as the date; any other
/// text as it is.
fn iso_date_cell(s: &str) -> Cell {
    let day = s.split('T').next().unwrap_or_default();
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(year), Some(month @ 1..=12), Some(d @ 1..=31)) => Cell::Text(
            CivilDate {
                year,
                month: month as u8,
                day: d as u8,
            }
            .to_string(),
        ),
        _ => text_cell(s),
    }
}

fn float_cell(f: f64) -> Cell {
    match decimal_from_f64(f) {
        Some(d) => Cell::Number(d),
        // Shown as the user would read it: 1e300, not three hundred digits.
        None if f.is_finite() && f.abs() >= 1e15 => Cell::Error(format!("{f:e}")),
        None => Cell::Error(format!("{f}")),
    }
}

/// Error literals as ods and some writers store them (as strings).
const ERROR_LITERALS: [&str; 8] = [
    "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "Err:502",
];

fn text_cell(s: &str) -> Cell {
    // Characters XML cannot hold never enter the pipeline (they would break every output).
    let s = crate::model::text::xml_safe(s);
    let s = s.as_ref();
    if s.trim().is_empty() {
        return Cell::Empty;
    }
    if ERROR_LITERALS.contains(&s.trim()) {
        return Cell::Error(s.trim().to_string());
    }
    if s.chars().count() > limits::MAX_STRING_CHARS {
        return Cell::Text(s.chars().take(limits::MAX_STRING_CHARS).collect());
    }
    Cell::Text(s.to_string())
}

/// A merged range, inclusive, zero-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Top-left cell.
    pub start: CellRef,
    /// Bottom-right cell.
    pub end: CellRef,
}

/// Collects cells while a sheet is read, enforcing the bounds.
#[derive(Debug, Default, Clone)]
pub struct GridBuilder {
    cells: Vec<(u32, u32, Cell)>,
    scanned: usize,
    clipped: bool,
}

impl GridBuilder {
    /// A new, empty builder.
    pub fn new() -> Self {
        GridBuilder::default()
    }

    /// Adds a cell. Returns false once the sheet's scanning budget is spent (stop reading).
    pub fn push(&mut self, row: u32, col: u32, cell: Cell) -> bool {
        self.scanned += 1;
        if self.scanned > limits::MAX_CELLS_SCANNED {
            self.clipped = true;
            return false;
        }
        if cell.is_empty() {
            return true;
        }
        if row > limits::MAX_ROWS || col > limits::MAX_COLS {
            self.clipped = true;
            return true;
        }
        if self.cells.len() >= limits::MAX_CELLS_PER_SHEET {
            self.clipped = true;
            return false;
        }
        self.cells.push((row, col, cell));
        true
    }

    /// Marks the sheet as clipped (a bound was reached outside [`GridBuilder::push`]).
    pub fn clip(&mut self) {
        self.clipped = true;
    }

    /// Adds a cell of a stream whose rows come in ascending order (a worksheet part):
    /// past the row bound the rest of the sheet is beyond it too, so the sheet is clipped
    /// there. Returns false when reading should stop.
    pub fn push_streamed(&mut self, row: u32, col: u32, cell: Cell) -> bool {
        if row > limits::MAX_ROWS {
            self.clipped = true;
            return false;
        }
        self.push(row, col, cell)
    }

    /// Finishes the grid.
    pub fn build(mut self, name: &str) -> Grid {
        self.cells.sort_by_key(|(r, c, _)| (*r, *c));
        self.cells.dedup_by_key(|(r, c, _)| (*r, *c));
        Grid {
            name: name.to_string(),
            cells: self.cells,
            merges: Vec::new(),
            merged: HashMap::new(),
            formats: HashMap::new(),
            clipped: self.clipped,
        }
    }
}

/// One sheet, bounded and normalised.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The sheet name.
    pub name: String,
    /// Non-empty cells sorted by (row, column).
    cells: Vec<(u32, u32, Cell)>,
    /// Merged ranges.
    merges: Vec<Merge>,
    /// Every cell inside a (small enough) merge → index into `merges`.
    merged: HashMap<(u32, u32), usize>,
    /// The number formats that say something of a number cell's unit or scale
    /// ([`NumFormat`]), by cell; only read for sheets that may hold a table.
    formats: HashMap<(u32, u32), NumFormat>,
    /// True when some of the sheet was beyond the bounds and not read.
    pub clipped: bool,
}

static EMPTY: Cell = Cell::Empty;

impl Grid {
    /// Builds a grid from cells (for tests and simple callers).
    ///
    /// ```
    /// use selfeval::read::grid::{Cell, Grid};
    /// let g = Grid::from_cells("s", vec![(0, 0, Cell::Text("a".into()))]);
    /// assert_eq!(g.at(0, 0), &Cell::Text("a".into()));
    /// assert!(g.at(5, 5).is_empty());
    /// ```
    pub fn from_cells(name: &str, cells: Vec<(u32, u32, Cell)>) -> Grid {
        let mut b = GridBuilder::new();
        for (r, c, v) in cells {
            b.push(r, c, v);
        }
        b.build(name)
    }

    /// Sets the merged ranges (bounded by [`limits::MAX_MERGES`]); the cells they cover are
    /// indexed up to [`limits::MAX_MERGED_CELLS`] in all, past which the sheet is clipped.
    pub fn set_merges(&mut self, merges: impl IntoIterator<Item = Merge>) {
        self.merges.clear();
        self.merged.clear();
        let mut covered = 0u64;
        for m in merges.into_iter().take(limits::MAX_MERGES) {
            if m.end.row < m.start.row || m.end.col < m.start.col {
                continue;
            }
            let area = (m.end.row - m.start.row + 1) as u64 * (m.end.col - m.start.col + 1) as u64;
            let idx = self.merges.len();
            self.merges.push(m);
            if area > limits::MAX_MERGE_AREA {
                continue;
            }
            covered += area;
            if covered > limits::MAX_MERGED_CELLS {
                self.clipped = true;
                continue;
            }
            for r in m.start.row..=m.end.row {
                for c in m.start.col..=m.end.col {
                    self.merged.entry((r, c)).or_insert(idx);
                }
            }
        }
    }

    /// Sets the number formats of number cells (a format on any other cell is dropped:
    /// only a number is shown at a scale or with a unit), at most one per cell kept.
    pub fn set_formats(&mut self, formats: impl IntoIterator<Item = ((u32, u32), NumFormat)>) {
        for ((r, c), f) in formats {
            if matches!(self.raw(r, c), Cell::Number(_)) {
                self.formats.insert((r, c), f);
            }
        }
    }

    /// The number format of a number cell (as stored, no merge filling), when it says
    /// something of the number's unit or scale.
    pub fn format(&self, row: u32, col: u32) -> Option<&NumFormat> {
        self.formats.get(&(row, col))
    }

    /// The text a user sees at a stored cell: a number as its format shows it (`95%`,
    /// `5500个`), anything else as [`Cell::as_text`].
    pub fn shown(&self, row: u32, col: u32) -> String {
        let cell = self.raw(row, col);
        match (cell, self.format(row, col)) {
            (Cell::Number(d), Some(f)) => f.text(*d).unwrap_or_else(|| cell.as_text()),
            _ => cell.as_text(),
        }
    }

    /// True when the sheet has no non-empty cell.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The non-empty cells in row-major order.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u32, &Cell)> {
        self.cells.iter().map(|(r, c, v)| (*r, *c, v))
    }

    /// The non-empty cells of one row, left to right.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        let start = self.cells.partition_point(|(r, _, _)| *r < row);
        self.cells[start..]
            .iter()
            .take_while(move |(r, _, _)| *r == row)
            .map(|(_, c, v)| (*c, v))
    }

    /// The last row holding a cell, if any.
    pub fn last_row(&self) -> Option<u32> {
        self.cells.last().map(|(r, _, _)| *r)
    }

    /// The cell as stored (no merge filling).
    pub fn raw(&self, row: u32, col: u32) -> &Cell {
        match self
            .cells
            .binary_search_by_key(&(row, col), |(r, c, _)| (*r, *c))
        {
            Ok(i) => &self.cells[i].2,
            Err(_) => &EMPTY,
        }
    }

    /// The merge containing a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<Merge> {
        self.merged.get(&(row, col)).map(|&i| self.merges[i])
    }

    /// The top-left cell of the merge containing the cell, or the cell itself.
    pub fn anchor(&self, row: u32, col: u32) -> CellRef {
        self.merge_at(row, col)
            .map(|m| m.start)
            .unwrap_or(CellRef::new(row, col))
    }

    /// The value seen at a cell: the top-left value for any cell of a merge.
    pub fn at(&self, row: u32, col: u32) -> &Cell {
        let a = self.anchor(row, col);
        self.raw(a.row, a.col)
    }

    /// The text seen at a cell, trimmed; empty for an empty cell.
    pub fn text(&self, row: u32, col: u32) -> String {
        self.at(row, col).as_text()
    }

    /// The last column of the merge starting at (or containing) a cell, else the column.
    pub fn span_end_col(&self, row: u32, col: u32) -> u32 {
        self.merge_at(row, col).map(|m| m.end.col).unwrap_or(col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn date(serial: f64, is_1904: bool) -> Cell {
        let dt = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904);
        Cell::from_data_ref(&DataRef::DateTime(dt), false)
    }

    #[test]
    fn a_date_cell_reads_as_its_date_and_keeps_its_number() {
        let c = date(44530.0, false);
        assert_eq!(c.as_text(), "2021年11月30日");
        assert!(matches!(c, Cell::Date(d, _) if d == Decimal::from(44530)));
        // The same day in a workbook dated from 1904.
        assert_eq!(date(43068.0, true).as_text(), "2021年11月30日");
        // A time of day alone and a duration stay numbers.
        assert_eq!(date(0.5, false), Cell::Number(Decimal::new(5, 1)));
        let d = ExcelDateTime::new(2.0, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(
            Cell::from_data_ref(&DataRef::DateTime(d), false).as_text(),
            "2"
        );
    }

    #[test]
    fn an_ods_date_value_reads_as_its_date() {
        let iso = |s: &str| Cell::from_data_ref(&DataRef::DateTimeIso(s.into()), false);
        assert_eq!(iso("2021-11-30").as_text(), "2021年11月30日");
        assert_eq!(iso("2021-11-30T08:00:00").as_text(), "2021年11月30日");
        assert_eq!(iso("2021-13-30").as_text(), "2021-13-30");
        assert_eq!(iso("PT8H").as_text(), "PT8H");
    }
}
