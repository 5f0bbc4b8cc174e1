//! xlsb (Excel binary workbook): its pre-check is the zip package check that sniffing ran
//! ([`crate::read::sniff`]); its sheets are streamed cell by cell.

use super::{open_with, Sheets, WorkbookFormat};
use crate::read::grid::{Cell, GridBuilder};
use crate::read::refusal::Refusal;
use crate::read::sniff::Package;
use calamine::Xlsb;
use std::io::Cursor;

/// The xlsb format.
pub struct XlsbFormat;

impl WorkbookFormat for XlsbFormat {
    type Checked = ();

    fn check(_: &[u8], _: Package) -> Result<(), Refusal> {
        Ok(())
    }

    fn open(bytes: &[u8], _: ()) -> Result<Sheets, Refusal> {
        let password = |e: &calamine::XlsbError| matches!(e, calamine::XlsbError::Password);
        let (mut wb, metas, mut out) = open_with::<Xlsb<_>>(bytes, "xlsb", password)?;
        for (_, m) in metas {
            let mut b = GridBuilder::new();
            if read_cells(&mut wb, &m.name, &mut b).is_err() {
                out.failed.push(m.name.clone());
                continue;
            }
            out.grids.push(b.build(&m.name));
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
