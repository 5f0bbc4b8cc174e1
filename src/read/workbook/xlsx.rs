//! xlsx and xlsm: their pre-check is the zip package check that sniffing ran
//! ([`crate::read::sniff`]), which also scanned the worksheet parts' merges and may have
//! stored the package again uncompressed ([`Package`]); the sheets are streamed cell by
//! cell, and the merges come from that scan ([`super::xlsxmerge`]) with calamine as the
//! fallback.

use super::xlsxmerge::Parts;
use super::{has_candidate, open_with, to_merges, Sheets, WorkbookFormat};
use crate::read::grid::{Cell, Grid, GridBuilder};
use crate::read::limits;
use crate::read::numfmt::NumFormat;
use crate::read::refusal::Refusal;
use crate::read::sniff::Package;
use calamine::Xlsx;
use std::io::Cursor;

/// The xlsx (and xlsm) format.
pub struct XlsxFormat;

impl WorkbookFormat for XlsxFormat {
    type Checked = Package;

    fn check(_: &[u8], package: Package) -> Result<Package, Refusal> {
        Ok(package)
    }

    fn open(bytes: &[u8], package: Package) -> Result<Sheets, Refusal> {
        match &package.stored {
            Some(stored) => open_package(stored, package.merges),
            None => open_package(bytes, package.merges),
        }
    }
}

/// Opens the package (the original or its stored copy) and reads its visible sheets.
fn open_package(
    bytes: &[u8],
    scanned: crate::read::sniff::ScannedMerges,
) -> Result<Sheets, Refusal> {
    let password = |e: &calamine::XlsxError| matches!(e, calamine::XlsxError::Password);
    let (mut wb, metas, mut out) = open_with::<Xlsx<_>>(bytes, "xlsx", password)?;
    let mut merges = Merges {
        bytes,
        parts: None,
        scanned: Some(scanned),
    };
    let mut formats = Formats::default();
    for (_, m) in metas {
        let mut b = GridBuilder::new();
        if read_cells(&mut wb, &m.name, &mut b).is_err() {
            out.failed.push(m.name.clone());
            continue;
        }
        let mut g = b.build(&m.name);
        if has_candidate(&g) {
            merges.set(&mut wb, &mut g);
            formats.set(&mut wb, &mut g);
        }
        out.grids.push(g);
    }
    Ok(out)
}

/// Streams one sheet's cells into the builder, up to the bounds.
fn read_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    b: &mut GridBuilder,
) -> Result<(), calamine::XlsxError> {
    let mut rd = wb.worksheet_cells_reader(name)?;
    while let Some(rec) = rd.next_cell_with_formula_metadata()? {
        let (r, c) = rec.pos;
        let cell = Cell::from_data_ref(&rec.value, rec.formula.is_some());
        if !b.push_streamed(r, c, cell) {
            break;
        }
    }
    Ok(())
}

/// Where the sheets' merges come from: the package, opened on the first sheet that needs
/// its merges, with the merges the package check scanned.
struct Merges<'a> {
    bytes: &'a [u8],
    parts: Option<Option<Parts<'a>>>,
    scanned: Option<crate::read::sniff::ScannedMerges>,
}

impl<'a> Merges<'a> {
    /// Sets a grid's merges: from the scan of its part, or calamine's full re-parse for
    /// anything unusual, so the merges are always the ones calamine gives.
    fn set(&mut self, wb: &mut Xlsx<Cursor<&[u8]>>, g: &mut Grid) {
        let (bytes, scanned) = (self.bytes, &mut self.scanned);
        let fast = self
            .parts
            .get_or_insert_with(|| Parts::open_scanned(bytes, scanned.take().unwrap_or_default()))
            .as_mut()
            .and_then(|p| p.merges(&g.name));
        match fast {
            Some(ms) => g.set_merges(ms),
            None => {
                if let Ok(dims) = wb.merge_cells_by_sheet_name(&g.name) {
                    g.set_merges(to_merges(dims));
                }
            }
        }
    }
}

/// The number formats of the workbook's styles ([`NumFormat`], `None` for a style whose
/// format shows the number as it is), read on the first sheet that may hold a table.
#[derive(Default)]
struct Formats {
    palette: Option<Vec<Option<NumFormat>>>,
}

impl Formats {
    /// Sets a grid's number formats from a second pass over its part, which reads only the
    /// cells' style ids; skipped when no style of the workbook says anything of a unit or a
    /// scale (the cells read as before).
    fn set(&mut self, wb: &mut Xlsx<Cursor<&[u8]>>, g: &mut Grid) {
        let Ok(mut rd) = wb.worksheet_cells_reader(&g.name) else {
            return;
        };
        let palette = self.palette.get_or_insert_with(|| {
            let code =
                |s: &calamine::Style| s.number_format.as_ref().map(|n| n.format_code.clone());
            let styles = rd.styles().iter().take(limits::MAX_STYLE_RECORDS as usize);
            styles
                .map(|s| code(s).as_deref().and_then(NumFormat::parse))
                .collect()
        });
        if palette.iter().all(Option::is_none) {
            return;
        }
        let mut found = Vec::new();
        let mut scanned = 0usize;
        while let Ok(Some((r, c, style))) = rd.next_style_id() {
            scanned += 1;
            if r > limits::MAX_ROWS || scanned > limits::MAX_CELLS_SCANNED {
                break;
            }
            if let Some(Some(f)) = palette.get(style) {
                found.push(((r, c), f.clone()));
            }
        }
        g.set_formats(found);
    }
}
