//! xlsb (Excel binary workbook): its pre-check is the zip package check that sniffing ran
//! ([`crate::decode::sniff`]); its sheets are streamed cell by cell, and the number formats
//! of a sheet that may hold a table are read from the package ([`super::xlsbfmt`]).

use super::xlsbfmt::XlsbFormats;
use super::{has_candidate, open_with, Sheets, WorkbookFormat};
use crate::decode::grid::{Cell, GridBuilder};
use crate::decode::refusal::{BoundFault, Refusal};
use crate::decode::sniff::Package;
use calamine::Xlsb;
use std::io::Cursor;

/// The xlsb format.
pub struct XlsbFormat;

impl WorkbookFormat for XlsbFormat {
    type Checked = ();

    /// The zip package check ran while sniffing; a workbook whose sheets share one
    /// worksheet part is refused here, before calamine reads the part once per sheet.
    fn check(bytes: &[u8], _: Package) -> Result<(), Refusal> {
        if super::xlsbfmt::shares_a_part(bytes) {
            return Err(BoundFault::SharedSheetPart.into());
        }
        Ok(())
    }

    fn open(bytes: &[u8], _: ()) -> Result<Sheets, Refusal> {
        let password = |e: &calamine::XlsbError| matches!(e, calamine::XlsbError::Password);
        let (mut wb, metas, mut out) = open_with::<Xlsb<_>>(bytes, "xlsb", password)?;
        // Opened on the first sheet that may hold a table; `None` inside: no format says
        // anything (or the package is unusual), the cells read as stored.
        let mut formats: Option<Option<XlsbFormats>> = None;
        for (_, m) in metas {
            let mut b = GridBuilder::new();
            if read_cells(&mut wb, &m.name, &mut b).is_err() {
                out.failed.push(m.name.clone());
                continue;
            }
            let mut g = b.build(&m.name);
            if has_candidate(&g) {
                let fs = formats.get_or_insert_with(|| XlsbFormats::open(bytes));
                if let Some(fs) = fs.as_mut() {
                    g.set_formats(fs.cells(&m.name));
                }
            }
            out.grids.push(g);
        }
        Ok(out)
    }
}

/// Streams one sheet's cells into the builder, up to the bounds.
fn read_cells(
    wb: &mut Xlsb<Cursor<&[u8]>>,
    name: &str,
    b: &mut GridBuilder,
) -> Result<(), calamine::XlsbError> {
    let mut rd = wb.worksheet_cells_reader(name)?;
    while let Some(cell) = rd.next_cell()? {
        let (r, c) = cell.get_position();
        if !b.push_streamed(r, c, Cell::from_data_ref(cell.get_value(), false)) {
            break;
        }
    }
    Ok(())
}
