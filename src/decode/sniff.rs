//! Choosing the format by content, never by the file name, and refusing what is not a
//! workbook before any spreadsheet parser sees it.
//!
//! A zip package goes through the package check ([`super::workbook::package`]) here,
//! since its part names tell the format; an OLE compound file is told apart by its
//! directory names; anything else is described ([`NotWorkbook`]).

use super::load;
use super::refusal::{NotWorkbook, Refusal};
pub use super::workbook::package::{Package, ScannedMerges};

/// The workbook formats the reader opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// BIFF8 and BIFF5 (xls, xlt, et).
    Xls,
    /// OpenDocument spreadsheet (and flat ODS, read as the package built for it).
    Ods,
    /// Excel 2003 XML (SpreadsheetML), one XML file, under a `.xls` or `.xml` name.
    Xmlss,
    /// An HTML page holding a table, saved as `.xls` / `.htm` (`workbook::html`).
    Html,
    /// A single-file web page (`.mht`, `.mhtml`, a one-part MHT export named `.xls`):
    /// its sheet parts laid out as HTML pages (`workbook::mht`).
    Mht,
    /// A CSV export: text whose first lines are mostly separated fields
    /// (`workbook::delimited`), one sheet.
    Csv,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides the format of a workbook from its bytes.
///
/// ```
/// use selfeval::read::refusal::{NotWorkbook, Refusal};
/// use selfeval::read::sniff::{sniff, Format};
/// assert_eq!(sniff(b""), Err(Refusal::NotWorkbook(NotWorkbook::Empty)));
/// assert_eq!(
///     sniff(b"<html><body><p>No data</p></body></html>"),
///     Err(Refusal::NotWorkbook(NotWorkbook::Html))
/// );
/// assert_eq!(sniff(b"<html><table></table></html>"), Ok(Format::Html));
/// ```
pub fn sniff(bytes: &[u8]) -> Result<Format, Refusal> {
    sniff_package(bytes).map(|(f, _)| f)
}

/// Like [`sniff`], also giving the merges of an xlsx package's worksheet parts, scanned on
/// the way: the check inflates every part anyway, so the reader need not inflate the
/// sheets again for their merges.
///
/// ```
/// use selfeval::read::sniff::sniff_package;
/// assert!(sniff_package(b"").is_err());
/// ```
pub fn sniff_package(bytes: &[u8]) -> Result<(Format, Package), Refusal> {
    if bytes.is_empty() {
        return Err(NotWorkbook::Empty.into());
    }
    load::gate(bytes.len() as u64)?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return super::workbook::package::check(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        let format = sniff_ole(bytes)?;
        let own_output = format == Format::Xls && super::workbook::xls::own_output(bytes);
        return Ok((
            format,
            Package {
                own_output,
                ..Package::default()
            },
        ));
    }
    if let Some(flat) = flat_ods(bytes) {
        return flat;
    }
    if let Some(xml) = excel_xml(bytes) {
        return xml;
    }
    if let Some(page) = html_table(bytes) {
        return Ok((page, Package::default()));
    }
    if let Some(text) = web_archive_or_csv(bytes) {
        return Ok((text, Package::default()));
    }
    Err(describe_other(bytes).into())
}

/// An Excel 2003 XML workbook ([`super::workbook::xmlss`]), read by its own reader;
/// `None` for other bytes.
fn excel_xml(bytes: &[u8]) -> Option<Result<(Format, Package), Refusal>> {
    super::workbook::xmlss::is_spreadsheetml(bytes).then(|| Ok((Format::Xmlss, Package::default())))
}

/// A flat OpenDocument spreadsheet (`.fods`) as the ods package built for it
/// ([`super::workbook::fods`]), checked like any zip package; `None` for other bytes.
fn flat_ods(bytes: &[u8]) -> Option<Result<(Format, Package), Refusal>> {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if !super::workbook::fods::is_flat_ods(&text) {
        return None;
    }
    let built = super::workbook::fods::package(bytes)?;
    Some(
        super::workbook::package::check(&built).map(|(format, package)| {
            let stored = (format == Format::Ods).then_some(built);
            (format, Package { stored, ..package })
        }),
    )
}

/// True when the bytes are an HTML page holding a table (read as a workbook), in UTF-16
/// too ([`super::textenc`]); a UTF-16 page too long to decode is no page without a table:
/// it is refused when it is read.
pub fn is_table_page(bytes: &[u8]) -> bool {
    match super::textenc::utf16_as_utf8(bytes) {
        Ok(Some(text)) => html_table(&text).is_some(),
        Ok(None) => html_table(bytes).is_some(),
        Err(_) => true,
    }
}

/// An HTML page holding a table, read as a workbook ([`super::workbook::html`]); `None`
/// for other bytes (a page without a table is described as a web page).
fn html_table(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    // A workbook by its root element: a page that names the namespace is still a page.
    let spreadsheet_xml = super::workbook::xmlss::is_spreadsheetml(bytes);
    let page = !spreadsheet_xml && super::workbook::html::is_table_page(bytes, &text);
    page.then_some(Format::Html)
}

/// A single-file web page ([`super::workbook::mht`]) or a CSV export
/// ([`super::workbook::delimited`]), both read as workbooks; `None` for other bytes.
fn web_archive_or_csv(bytes: &[u8]) -> Option<Format> {
    if super::workbook::mht::is_web_archive(bytes) {
        return Some(Format::Mht);
    }
    super::workbook::delimited::is_delimited(bytes).then_some(Format::Csv)
}

/// Says what a non-spreadsheet file looks like.
fn describe_other(bytes: &[u8]) -> NotWorkbook {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with('<') {
        return describe_markup(&text);
    }
    if head.starts_with(b"%PDF") {
        return NotWorkbook::Pdf;
    }
    let binary = head
        .iter()
        .any(|&b| b == 0 || (b < 0x09) || (0x0e..0x1b).contains(&b));
    if binary {
        return NotWorkbook::Unknown;
    }
    let looks_csv = text
        .lines()
        .take(5)
        .any(|l| l.contains(',') || l.contains('\t'));
    if looks_csv {
        NotWorkbook::Csv
    } else {
        NotWorkbook::Text
    }
}

/// Says what a file of markup (its head, lower-cased) is.
fn describe_markup(text: &str) -> NotWorkbook {
    if text.contains("urn:schemas-microsoft-com:office:spreadsheet") && !text.contains("<html") {
        return NotWorkbook::Excel2003Xml;
    }
    if text.contains("<html") || text.contains("<table") || text.contains("<!doctype html") {
        return NotWorkbook::Html;
    }
    NotWorkbook::Xml
}

/// Decides what an OLE compound file holds: an xls workbook, an encrypted OOXML package,
/// or something else. Directory entry names are UTF-16LE in the directory sectors; looking
/// for them in the bytes is enough to tell these apart.
fn sniff_ole(bytes: &[u8]) -> Result<Format, Refusal> {
    let contains = |name: &str| {
        let pat: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        bytes.windows(pat.len()).any(|w| w == pat.as_slice())
    };
    if contains("EncryptionInfo") || contains("EncryptedPackage") {
        return Err(Refusal::Encrypted);
    }
    if contains("Workbook") || contains("Book") {
        return Ok(Format::Xls);
    }
    if contains("WordDocument") {
        return Err(NotWorkbook::Doc.into());
    }
    Err(NotWorkbook::Ole.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::workbook;
    use std::io::Cursor;

    use crate::decode::fixture;

    #[test]
    fn an_xlsx_is_stored_again_and_reads_the_same() {
        for path in [
            "fixtures/variants/canonical.xlsx",
            "fixtures/variants/offset.xlsx",
            "fixtures/inbox/兰州新区应急管理局.xlsx",
        ] {
            let bytes = fixture(path);
            let (format, package) = sniff_package(&bytes).unwrap();
            assert_eq!(format, Format::Xlsx);
            let stored = package
                .stored
                .as_ref()
                .expect("a small package is stored again");
            // Every entry of the copy is stored, none deflated.
            let mut z = zip::ZipArchive::new(Cursor::new(stored.as_slice())).unwrap();
            for i in 0..z.len() {
                let f = z.by_index(i).unwrap();
                assert_eq!(f.compression(), zip::CompressionMethod::Stored, "{path}");
            }
            // The reader sees the same grids through the copy as through the original.
            let via_copy = workbook::open_scanned(format, &bytes, package).unwrap();
            let via_original = workbook::open(format, &bytes).unwrap();
            // Cells, and the merge over every cell of the used area.
            let show = |s: &workbook::Sheets| {
                s.grids
                    .iter()
                    .map(|g| {
                        let merges: Vec<_> = (0..40)
                            .flat_map(|r| (0..16).map(move |c| (r, c)))
                            .map(|(r, c)| g.merge_at(r, c))
                            .collect();
                        format!(
                            "{} {:?} {:?}",
                            g.name,
                            g.cells().collect::<Vec<_>>(),
                            merges
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(show(&via_copy), show(&via_original), "{path}");
        }
    }

    #[test]
    fn other_formats_are_not_stored_again() {
        for path in [
            "fixtures/variants/canonical.xls",
            "fixtures/variants/canonical.ods",
        ] {
            let (_, package) = sniff_package(&fixture(path)).unwrap();
            assert!(
                package.stored.is_none() && package.merges.is_empty(),
                "{path}"
            );
        }
    }
}
