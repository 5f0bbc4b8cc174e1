//! xlsb (Excel binary workbook): its pre-check is the zip package check that sniffing ran
//! ([`crate::read::sniff`]); its sheets are streamed cell by cell.

use super::{damaged, sheets_to_read, Sheets, WorkbookFormat};
use crate::read::grid::{Cell, GridBuilder};
use crate::read::refusal::Refusal;
use crate::read::sniff::Package;
use calamine::{Reader, Xlsb};
use std::io::Cursor;

/// The xlsb format.
pub struct XlsbFormat;

impl WorkbookFormat for XlsbFormat {
    type Checked = ();

    fn check(_: &[u8], _: Package) -> Result<(), Refusal> {
        Ok(())
    }

    fn open(bytes: &[u8], _: ()) -> Result<Sheets, Refusal> {
        let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsbError::Password => Refusal::Encrypted,
            e => damaged(&e, "xlsb"),
        })?;
        let metas = sheets_to_read(wb.sheets_metadata());
        let mut out = Sheets::beyond(wb.sheets_metadata());
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
        if GridBuilder::past_rows(r) {
            b.clip();
            break;
        }
        if !b.push(r, c, Cell::from_data_ref(cell.get_value(), false)) {
            break;
        }
    }
    Ok(())
}
