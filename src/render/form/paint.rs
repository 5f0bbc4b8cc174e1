//! Writing cells: texts, numbers and formulas, merged when a range is wider than a cell,
//! with the highlight rule applied. Knows nothing of the table's shape.

use crate::model::CellRef;
use crate::xlsx::style;
use anyhow::{Context, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Worksheet};
use std::borrow::Cow;
use std::collections::HashSet;

/// A formula's cached result. (rust_xlsxwriter stores an empty result as 0, so a formula
/// that yields no number yields `—`, as the canonical form writes it.)
pub(super) enum Cached {
    /// A number.
    Num(Decimal),
    /// The `—` of a rate without a budget.
    Dash,
    /// Not computable here (an overflow): no cached result, a reader recalculates.
    Unknown,
}

impl From<Option<Decimal>> for Cached {
    /// A computed figure, or [`Cached::Unknown`] when the arithmetic overflowed.
    fn from(v: Option<Decimal>) -> Cached {
        v.map_or(Cached::Unknown, Cached::Num)
    }
}

/// Writes cells with the highlight rule applied and remembers every formula cell.
pub(super) struct Painter<'w> {
    /// The sheet written.
    pub ws: &'w mut Worksheet,
    /// Cells of the source sheet to highlight (amber) where their figure lands.
    pub highlight: HashSet<CellRef>,
    /// Cells of the source sheet to mark as errors (red) where their figure lands.
    pub errors: HashSet<CellRef>,
    /// Every formula cell written so far.
    pub formulas: Vec<CellRef>,
    /// Where each source cell landed: (source, written), in write order.
    pub placed: Vec<(CellRef, CellRef)>,
}

/// A zero-based column as rust_xlsxwriter's column number.
pub(super) fn col16(c: u32) -> u16 {
    // The layout never goes past column L.
    c as u16
}

/// A Decimal as the f64 written to the file (the only place money becomes binary).
fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

impl Painter<'_> {
    /// `f`, highlighted when the figure came from a highlighted source cell; records that
    /// source cell `src` is written at `(r, c)`.
    pub fn fmt<'f>(
        &mut self,
        f: &'f Format,
        src: Option<CellRef>,
        at: (u32, u32),
    ) -> Cow<'f, Format> {
        let Some(c) = src else {
            return Cow::Borrowed(f);
        };
        // Kept in write order; a lookup takes the first placement.
        self.placed.push((c, CellRef::new(at.0, at.1)));
        if self.errors.contains(&c) {
            Cow::Owned(style::marked_error(f))
        } else if self.highlight.contains(&c) {
            Cow::Owned(style::highlighted(f))
        } else {
            Cow::Borrowed(f)
        }
    }

    /// Writes a text (never a formula) or a formatted blank, merged when the range is
    /// larger than one cell.
    pub fn text(&mut self, r: u32, c1: u32, r2: u32, c2: u32, s: &str, f: &Format) -> Result<()> {
        if r != r2 || c1 != c2 {
            self.ws
                .merge_range(r, col16(c1), r2, col16(c2), s, f)
                .with_context(|| format!("merging {}", CellRef::new(r, c1)))?;
        } else if s.is_empty() {
            self.ws.write_blank(r, col16(c1), f)?;
        } else {
            self.ws.write_string_with_format(r, col16(c1), s, f)?;
        }
        Ok(())
    }

    /// Writes a number or, without one, a formatted blank.
    pub fn number(
        &mut self,
        r: u32,
        c1: u32,
        c2: u32,
        v: Option<Decimal>,
        f: &Format,
    ) -> Result<()> {
        // A single cell is written once (each write costs a format lookup); a merged range
        // is laid first and its top-left cell then overwritten.
        if c1 != c2 || v.is_none() {
            self.text(r, c1, r, c2, "", f)?;
        }
        if let Some(v) = v {
            self.ws
                .write_number_with_format(r, col16(c1), to_f64(v), f)?;
        }
        Ok(())
    }

    /// Writes a formula with its cached result over `c1..=c2` of row `r`.
    pub fn formula(
        &mut self,
        r: u32,
        (c1, c2): (u32, u32),
        formula: &str,
        cached: Cached,
        f: &Format,
    ) -> Result<()> {
        if c1 != c2 {
            self.text(r, c1, r, c2, "", f)?;
        }
        let formula = Formula::new(formula);
        let formula = match cached {
            Cached::Num(d) => formula.set_result(format!("{}", to_f64(d))),
            Cached::Dash => formula.set_result("—"),
            Cached::Unknown => formula,
        };
        self.ws
            .write_formula_with_format(r, col16(c1), formula, f)?;
        self.formulas.push(CellRef::new(r, c1));
        Ok(())
    }
}
