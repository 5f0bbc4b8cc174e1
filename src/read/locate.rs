//! Finding the tables in a sheet.
//!
//! A table starts at its title (a cell whose whole text is one of the three titles,
//! optionally with a year) or, when the title is missing, at its name label (项目名称 /
//! 部门（单位）名称 / 转移支付（项目）名称) confirmed by a fund header (年初预算数 …) and an
//! indicator header (一级指标) below it. A table runs down to the next table's start.
//! Several tables may share a sheet; they are stacked vertically.

use super::grid::{Cell, Grid};
use super::labels::{self, Field, Header};
use super::limits;
use crate::model::{CellRef, TableKind};

/// One table found in a sheet: where it starts and ends, its kind and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Which table.
    pub kind: TableKind,
    /// The title cell, or the name label's cell when the title is missing.
    pub title_cell: CellRef,
    /// True when the table has a title.
    pub titled: bool,
    /// First row of the table (zero-based).
    pub start_row: u32,
    /// One past the last row the table may use.
    pub end_row: u32,
    /// The year, from the title or a `（2021年度）` line under it.
    pub year: Option<i32>,
}

fn text_of(c: &Cell) -> Option<&str> {
    match c {
        Cell::Text(t) if t.chars().count() <= limits::MAX_LABEL_CHARS => Some(t.as_str()),
        _ => None,
    }
}

/// Rows `[from, to)` hold a cell that classifies as the header `h`.
fn has_header(g: &Grid, from: u32, to: u32, h: Header) -> bool {
    (from..to).any(|r| {
        g.row(r).any(|(_, c)| {
            text_of(c)
                .and_then(labels::classify_header)
                .map(|m| m.header)
                == Some(h)
        })
    })
}

/// Rows that hold any text cell, so empty stretches are skipped quickly.
fn text_rows(g: &Grid) -> Vec<u32> {
    let mut rows: Vec<u32> = g
        .cells()
        .filter(|(_, _, c)| matches!(c, Cell::Text(_)))
        .map(|(r, _, _)| r)
        .collect();
    rows.dedup();
    rows
}

/// A table's start: its cell, kind, year from the title, and whether it is a title.
type Start = (CellRef, TableKind, Option<i32>, bool);

/// The titles and name labels of a sheet, in row-major order.
struct Marks {
    titles: Vec<(CellRef, TableKind, Option<i32>)>,
    names: Vec<(CellRef, TableKind)>,
}

impl Marks {
    fn of(g: &Grid) -> Marks {
        let mut m = Marks {
            titles: Vec::new(),
            names: Vec::new(),
        };
        for (r, c, cell) in g.cells() {
            let Some(t) = text_of(cell) else { continue };
            let k = labels::key(t);
            if let Some((kind, year)) = labels::title_of_key(&k) {
                m.titles.push((CellRef::new(r, c), kind, year));
                continue;
            }
            let kind = match labels::field_of_key(&k) {
                Some(Field::ProjectName) => TableKind::Project,
                Some(Field::DeptName) => TableKind::Department,
                Some(Field::TransferName) => TableKind::Transfer,
                _ => continue,
            };
            m.names.push((CellRef::new(r, c), kind));
        }
        m
    }

    /// Starts: every title, and every name label not just under a title; one per row.
    fn starts(&self) -> Vec<Start> {
        let mut starts: Vec<Start> = self
            .titles
            .iter()
            .map(|&(cell, kind, year)| (cell, kind, year, true))
            .collect();
        for &(cell, kind) in &self.names {
            let owned = self.titles.iter().any(|(t, _, _)| {
                t.row <= cell.row
                    && cell.row - t.row <= 12
                    && !self
                        .names
                        .iter()
                        .any(|(n, _)| n.row < cell.row && n.row >= t.row && *n != cell)
            });
            if !owned {
                starts.push((cell, kind, None, false));
            }
        }
        starts.sort_by_key(|(c, _, _, _)| (c.row, c.col));
        starts.dedup_by_key(|(c, _, _, _)| c.row);
        starts
    }

    /// The first name label in rows `[from, to)`.
    fn name_in(&self, from: u32, to: u32) -> Option<CellRef> {
        self.names
            .iter()
            .find(|(n, _)| n.row >= from && n.row < to)
            .map(|(n, _)| *n)
    }
}

/// Finds every table of a sheet, top to bottom.
pub fn locate(g: &Grid) -> Vec<Found> {
    let marks = Marks::of(g);
    if marks.titles.is_empty() && marks.names.is_empty() {
        return Vec::new();
    }
    let rows = text_rows(g);
    let last_row = g.last_row().unwrap_or(0) + 1;
    let starts = marks.starts();
    let mut out = Vec::new();
    for (i, &(cell, mut kind, year, titled)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map(|s| s.0.row).unwrap_or(last_row);
        let end = next.min(cell.row.saturating_add(limits::MAX_TABLE_ROWS));
        if !is_table(g, &marks, cell.row, end, titled) {
            continue;
        }
        if !titled && says_transfer(g, &rows, cell.row, end) {
            // The fund block label tells a transfer table even under 项目名称.
            kind = TableKind::Transfer;
        }
        let year = year.or_else(|| year_below(g, &marks, cell.row, end));
        out.push(Found {
            kind,
            title_cell: cell,
            titled,
            start_row: cell.row,
            end_row: end,
            year,
        });
    }
    out
}

/// A table needs a fund header and an indicator header (or at least a name label and one
/// of them when it has a title), else it is a cover sheet or a heading.
fn is_table(g: &Grid, marks: &Marks, start: u32, end: u32, titled: bool) -> bool {
    let fund =
        has_header(g, start, end, Header::Executed) || has_header(g, start, end, Header::Initial);
    let ind =
        has_header(g, start, end, Header::Level1) || has_header(g, start, end, Header::Level3);
    let named = marks.name_in(start, end).is_some();
    if titled {
        (fund || ind) && (named || fund && ind)
    } else {
        fund && ind
    }
}

/// True when a text row of `[start, end)` holds the transfer table's fund block label.
fn says_transfer(g: &Grid, rows: &[u32], start: u32, end: u32) -> bool {
    rows.iter().filter(|&&r| r >= start && r < end).any(|&r| {
        g.row(r)
            .any(|(_, c)| text_of(c).is_some_and(|t| labels::key(t).starts_with("资金投入情况")))
    })
}

/// The year from a `（2021年度）` line between the title and the name label.
fn year_below(g: &Grid, marks: &Marks, start: u32, end: u32) -> Option<i32> {
    let name_row = marks
        .name_in(start, end)
        .map(|n| n.row)
        .unwrap_or(start + 3);
    (start..name_row.max(start + 1).min(start + 4)).find_map(|r| {
        g.row(r)
            .filter_map(|(_, c)| text_of(c))
            .filter(|t| t.chars().count() <= 20 || labels::classify_title(t).is_some())
            .find_map(labels::find_year)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn sentence_mentioning_title_is_not_a_title() {
        let g = Grid::from_cells(
            "说明",
            vec![(0, 0, t("请按要求填写项目支出绩效自评表，并于3月底前报送。"))],
        );
        assert!(locate(&g).is_empty());
    }

    #[test]
    fn title_alone_is_a_heading_not_a_table() {
        let g = Grid::from_cells("封面", vec![(0, 0, t("项目支出绩效自评表"))]);
        assert!(locate(&g).is_empty());
    }

    #[test]
    fn untitled_table_by_labels() {
        let g = Grid::from_cells(
            "s",
            vec![
                (3, 1, t("项目名称")),
                (5, 4, t("年初预算数")),
                (5, 6, t("全年执行数")),
                (12, 1, t("一级指标")),
            ],
        );
        let f = locate(&g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, TableKind::Project);
        assert_eq!(f[0].title_cell, CellRef::new(3, 1));
        assert!(!f[0].titled);
    }
}
