//! Column widths, print setup (A4 landscape, one page wide) and sheet protection.

use super::paint::col16;
use super::Ctx;
use anyhow::Result;
use rust_xlsxwriter::ProtectionOptions;

/// Sets the column widths up to the last column, the print layout over rows `0..=last_row`
/// and, when asked, protects the sheet (input cells stay unlocked; rows and columns may be
/// resized, and rows inserted or deleted, so a unit with a ninth 产出 indicator adds a row).
pub(super) fn page_setup(cx: &mut Ctx, widths: &[f64; 13], last_row: u32) -> Result<()> {
    let last_col = cx.last_col;
    let ws = &mut *cx.p.ws;
    for (c, w) in widths.iter().enumerate().take(last_col as usize + 1) {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_area(0, 0, last_row, col16(last_col))?;
    if cx.opts.protect {
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            insert_rows: true,
            delete_rows: true,
            ..ProtectionOptions::new()
        };
        ws.protect_with_options(&options);
    }
    Ok(())
}
