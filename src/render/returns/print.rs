//! Print setup of the return workbook's sheets: A4 landscape, one page wide, the title
//! rows repeated on every page, page numbers in the footer.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

/// Sets up printing of rows `0..=last_row`, columns `0..=last_col`, repeating rows
/// `0..=repeat_to` on every page.
pub(super) fn page(
    ws: &mut Worksheet,
    repeat_to: u32,
    last_row: u32,
    last_col: u32,
    landscape: bool,
) -> Result<()> {
    ws.set_paper_size(9); // A4
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    // rust_xlsxwriter's columns are u16; the sheets here stop at column M.
    ws.set_print_area(0, 0, last_row, last_col as u16)?;
    ws.set_repeat_rows(0, repeat_to)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}
