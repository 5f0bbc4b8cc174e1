//! xlsx and xlsm: their pre-check is the zip package check that sniffing ran
//! ([`crate::decode::sniff`]), which also scanned the worksheet parts' merges and may have
//! stored the package again uncompressed ([`Package`]); the sheets are streamed cell by
//! cell, and the merges come from that scan ([`super::xlsxmerge`]) with calamine as the
//! fallback.

use super::xlsxmerge::Parts;
use super::xlsxstyle::{self, Formats};
use super::{has_candidate, open_with, to_merges, Sheets, WorkbookFormat};
use crate::decode::grid::{Cell, Grid, GridBuilder};
use crate::decode::refusal::Refusal;
use crate::decode::sniff::Package;
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
    scanned: crate::decode::sniff::ScannedMerges,
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
        if read_cells(&mut wb, &m.name, &mut b, &mut formats).is_err() {
            out.failed.push(m.name.clone());
            continue;
        }
        let mut g = b.build(&m.name);
        if has_candidate(&g) {
            merges.set(&mut wb, &mut g);
            if formats.any() {
                let part = merges.part(&g.name);
                let ids = part.and_then(|x| xlsxstyle::style_ids(&x, |s| formats.telling(s)));
                formats.set(&mut wb, &mut g, ids);
            }
        }
        out.grids.push(g);
    }
    Ok(out)
}

/// Streams one sheet's cells into the builder, up to the bounds (and learns the workbook's
/// number formats from the reader's styles, once).
fn read_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    b: &mut GridBuilder,
    formats: &mut Formats,
) -> Result<(), calamine::XlsxError> {
    let mut rd = wb.worksheet_cells_reader(name)?;
    formats.learn(rd.styles());
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
    scanned: Option<crate::decode::sniff::ScannedMerges>,
}

impl<'a> Merges<'a> {
    /// The package's parts, opened once, on first need.
    fn parts(&mut self) -> Option<&mut Parts<'a>> {
        let (bytes, scanned) = (self.bytes, &mut self.scanned);
        self.parts
            .get_or_insert_with(|| Parts::open_scanned(bytes, scanned.take().unwrap_or_default()))
            .as_mut()
    }

    /// A sheet's worksheet part as it is stored (inflated when the package is deflated).
    fn part(&mut self, sheet: &str) -> Option<Vec<u8>> {
        self.parts()?.part(sheet)
    }

    /// Sets a grid's merges: from the scan of its part, or calamine's full re-parse for
    /// anything unusual, so the merges are always the ones calamine gives.
    fn set(&mut self, wb: &mut Xlsx<Cursor<&[u8]>>, g: &mut Grid) {
        let fast = self.parts().and_then(|p| p.merges(&g.name));
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
