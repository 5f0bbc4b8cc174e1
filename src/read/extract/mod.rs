//! Reading one located table's fields into the model, every field by its label or header
//! text, never by a fixed address, with the reading findings (`field-missing`,
//! `field-not-number`, `formula-not-computed`) at the cell concerned.
//!
//! One module per block of the table, read top to bottom: [`header`] (name, department,
//! unit), [`funds`] (the fund block and the execution row), [`goals`] and [`indicators`]
//! (with the total and the stated grade).

mod blank;
mod funds;
mod goals;
mod header;
mod indicators;

pub use indicators::join_target;

use super::locate::Found;
use crate::decode::grid::{Cell, Grid};
use crate::decode::limits;
use crate::decode::number::{self, Parsed, Suffix};
use crate::decode::numfmt::NumFormat;
use crate::diag::{Code, Finding, Message};
use crate::form::labels::{self, Field, Header, HeaderMatch};
use crate::model::{AmountUnit, CellRef, Figure, Table, Text};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How a numeric cell is read.
#[derive(Debug, Clone, Copy)]
pub(super) enum NumKind {
    /// An amount in the block's unit, converted to 万元.
    Amount(AmountUnit),
    /// A rate; `percent` when the header says `(%)`.
    Rate { percent: bool },
    /// A weight or a score.
    Plain,
}

/// The table being read and its findings.
pub(super) struct Ctx<'a> {
    g: &'a Grid,
    sheet: String,
    findings: Vec<Finding>,
    /// First row of the table.
    start: u32,
    /// First row of the head lines above an untitled table ([`Found::head_from`]).
    head_from: u32,
    /// One past the last row the table may use.
    end: u32,
    /// A line above the table says its amounts are in 元 ([`Found::yuan_above`]).
    yuan_above: bool,
}

pub(super) fn short_text(c: &Cell) -> Option<&str> {
    match c {
        Cell::Text(t) if t.chars().count() <= limits::MAX_LABEL_CHARS => Some(t.as_str()),
        _ => None,
    }
}

/// A header field and its value written in one cell, as many forms print them
/// (`项目名称：县乡公路危桥改造工程`, `实施单位（盖章）：某局`): the field and the value, when the
/// text before the first colon is the label of a name, a department, a unit or a code and
/// a value follows. Other labels (年度总体目标, 自评等级 …) head blocks and columns, not values.
fn inline_value(text: &str) -> Option<(Field, &str)> {
    let (label, value) = text.split_once(['：', ':'])?;
    let value = value.trim();
    let field = labels::classify_field(label)?;
    let header = matches!(
        field,
        Field::ProjectName
            | Field::DeptName
            | Field::TransferName
            | Field::Department
            | Field::Unit
            | Field::ProjectCode
    );
    (header && !value.is_empty()).then_some((field, value))
}

impl Ctx<'_> {
    pub(super) fn push(&mut self, code: Code, cell: CellRef, zh: String, en: String) {
        self.findings
            .push(Finding::new(code, Message::new(zh, en)).at(self.sheet.clone(), cell));
    }

    pub(super) fn missing(&mut self, cell: CellRef, what: &str, what_en: &str) {
        self.push(
            Code::FieldMissing,
            cell,
            format!("必填单元格为空：{what}（{cell}）"),
            format!("required cell is empty: {what} ({what_en}) at {cell}"),
        );
    }

    /// The first cell of the table's rows (row-major) whose label is `f`.
    /// The first cell from row `from` on (within the header's few rows) whose text is one
    /// of `labels` (in [`labels::key`] form).
    pub(super) fn find_label(&self, words: &[&str], from: u32) -> Option<CellRef> {
        (from..self.end.min(from.saturating_add(crate::form::FIRST_ROWS))).find_map(|r| {
            self.g.row(r).find_map(|(c, cell)| {
                short_text(cell)
                    .filter(|t| words.contains(&labels::key(t).as_str()))
                    .map(|_| CellRef::new(r, c))
            })
        })
    }

    pub(super) fn find_field(&self, f: Field, from: u32) -> Option<CellRef> {
        (from..self.end).find_map(|r| {
            self.g.row(r).find_map(|(c, cell)| {
                short_text(cell)
                    .filter(|t| {
                        labels::classify_field(t) == Some(f)
                            || inline_value(t).is_some_and(|(g, _)| g == f)
                    })
                    .map(|_| CellRef::new(r, c))
            })
        })
    }

    /// The value written to the right of a label: the first non-empty cell after the
    /// label's merge, unless that is another label; else the empty cell where it belongs.
    /// A header field written with its value in one cell (`项目名称：某项目`) is that value.
    pub(super) fn value_right_of(&self, label: CellRef) -> Text {
        let own = short_text(self.g.raw(label.row, label.col)).and_then(inline_value);
        if let Some((_, v)) = own {
            return Text::new(v, label);
        }
        let first = self.g.span_end_col(label.row, label.col) + 1;
        let r = label.row;
        for (c, cell) in self.g.row(r).filter(|(c, _)| *c >= first) {
            if cell.is_empty() {
                continue;
            }
            if short_text(cell).is_some_and(labels::is_label) {
                // Never another label: the value is empty.
                break;
            }
            return Text::new(cell.as_text(), CellRef::new(r, c));
        }
        Text::new("", CellRef::new(r, first))
    }

    /// Reads a numeric figure at a cell (its merge's top-left), with findings.
    pub(super) fn figure(
        &mut self,
        row: u32,
        col: u32,
        kind: NumKind,
        required: bool,
        what: &str,
        what_en: &str,
    ) -> Figure {
        let a = self.g.anchor(row, col);
        let cell = self.g.raw(a.row, a.col).clone();
        let mut fig = Figure::new(None, a);
        match cell {
            Cell::Empty => {
                if required {
                    self.missing(a, what, what_en);
                }
            }
            Cell::Uncomputed => {
                fig.uncomputed = true;
                self.push(
                    Code::FormulaNotComputed,
                    a,
                    format!("{what}（{a}）是公式，但文件中没有保存计算结果；请在 Excel/WPS 中打开并保存后再提交"),
                    format!("{what} ({what_en}) at {a} is a formula without a saved result; open and save the file in Excel/WPS"),
                );
            }
            Cell::Number(d) => fig.value = Some(self.number(a, d, kind)),
            Cell::Date(d, _) => fig.value = Some(scale(d, None, kind)),
            Cell::Text(t) => match number::parse_text(&t) {
                Parsed::Value(v, suffix) => fig.value = Some(scale(v, suffix, kind)),
                Parsed::NoValue => {
                    if required {
                        self.missing(a, what, what_en);
                    }
                }
                Parsed::NotNumber => self.not_number(a, what, what_en, t.trim()),
            },
            Cell::Bool(_) | Cell::Error(_) => {
                let shown = cell.as_text();
                self.not_number(a, what, what_en, &shown);
            }
        }
        fig
    }

    /// A number cell's figure: as its number format shows it ([`shown_figure`]), else as
    /// stored with the guesses of [`scale`].
    fn number(&self, a: CellRef, d: Decimal, kind: NumKind) -> Decimal {
        self.g
            .format(a.row, a.col)
            .and_then(|f| shown_figure(d, f, kind))
            .unwrap_or_else(|| scale(d, None, kind))
    }

    pub(super) fn not_number(&mut self, a: CellRef, what: &str, what_en: &str, text: &str) {
        // A number refused for its size says so, naming the bound (src/decode/limits.rs).
        let (bz, be) = if number::has_out_of_bounds_number(text) {
            let (zh, en) = number::bounds_note();
            (format!("（{zh}）"), format!(" ({en})"))
        } else {
            (String::new(), String::new())
        };
        self.push(
            Code::FieldNotNumber,
            a,
            format!("{what}（{a}）应为数字，实际填写为「{text}」{bz}"),
            format!("{what} ({what_en}) at {a} must be a number but holds \"{text}\"{be}"),
        );
    }
}

/// A number as its format shows it: `0.00%` on a rate is the stored fraction whatever the
/// header says (a `9608.00%` is 96.08), `0.00"万元"` or `0!.0000"万元"` on an amount is in
/// 万元 whatever the caption says, `"元"` in 元. A percent format on an amount, a weight or a
/// score is a slip of the template that says nothing of their unit: `None`, read as stored.
fn shown_figure(d: Decimal, f: &NumFormat, kind: NumKind) -> Option<Decimal> {
    let unit = f.unit();
    let percent = unit == Some(Suffix::Percent);
    let shown = f.scaled(d)?;
    match kind {
        NumKind::Rate { .. } if percent => Some((shown / Decimal::ONE_HUNDRED).normalize()),
        NumKind::Rate { .. } => Some(scale(shown, None, kind)),
        _ if percent => None,
        _ => Some(scale(shown, unit, kind)),
    }
}

/// Applies the number's kind: 元 → 万元, percents → fractions.
fn scale(v: Decimal, suffix: Option<Suffix>, kind: NumKind) -> Decimal {
    let hundred = Decimal::ONE_HUNDRED;
    let out = match (kind, suffix) {
        (NumKind::Amount(_), Some(Suffix::WanYuan)) => v,
        (NumKind::Amount(_), Some(Suffix::Yuan)) => number::to_wan(v, AmountUnit::Yuan),
        (NumKind::Amount(u), _) => number::to_wan(v, u),
        (NumKind::Rate { .. }, Some(Suffix::Percent)) => v,
        // A rate above 2 (200 %) can only be a percent written without its sign.
        (NumKind::Rate { percent }, _) if percent || v.abs() > Decimal::TWO => v / hundred,
        (NumKind::Rate { .. }, _) => v,
        (NumKind::Plain, _) => v,
    };
    out.normalize()
}

/// The headers found on one row: header → (column, match).
pub(super) type HeaderRow = HashMap<Header, (u32, HeaderMatch)>;

pub(super) fn header_row(g: &Grid, r: u32) -> HeaderRow {
    let mut m = HeaderRow::new();
    for (c, cell) in g.row(r) {
        if let Some(hm) = short_text(cell).and_then(labels::classify_header) {
            m.entry(hm.header).or_insert((c, hm));
        }
    }
    m
}

/// Reads one located table.
pub fn extract(g: &Grid, found: &Found) -> (Table, Vec<Finding>) {
    let mut cx = Ctx {
        g,
        sheet: g.name.clone(),
        findings: Vec::new(),
        start: found.title_cell.row,
        head_from: found.head_from,
        end: found.end_row,
        yuan_above: found.yuan_above,
    };
    let mut t = Table::empty(found.kind, g.name.clone());
    t.title_cell = found.title_cell;
    t.year = found.year;
    t.year_cell = found.year_cell;
    header::read_header(&mut cx, &mut t);
    let after_funds = funds::read_funds(&mut cx, &mut t);
    let ind_header = indicators::find_indicator_header(&cx, after_funds);
    goals::read_goals(
        &cx,
        &mut t,
        after_funds,
        ind_header.as_ref().map(|(r, _)| *r),
    );
    indicators::read_indicators(&mut cx, &mut t, ind_header);
    funds::unweighed_execution(&mut t);
    blank::uncomputed_cells(&mut cx);
    // A table where a number cell holds something else (`#REF!`, text) was filled in,
    // however partly: its problems are reported, it is not an unfilled template.
    let typed = cx.findings.iter().any(|f| f.code == Code::FieldNotNumber);
    if blank::is_blank(&t) && !typed {
        blank::mark_blank(&mut cx, &mut t);
    }
    (t, cx.findings)
}
