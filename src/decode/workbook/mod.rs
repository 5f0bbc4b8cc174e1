//! Opening a workbook of a sniffed format into bounded [`Grid`]s, one module per format
//! behind one small interface ([`WorkbookFormat`]): each format owns its pre-check, which
//! bounds the file before any parser allocates for it, and its opening with calamine.
//!
//! - [`xlsx`] (xlsx, xlsm) and [`xlsb`]: the zip package check ran while sniffing; their
//!   sheets are streamed cell by cell, so a stray cell far away never makes a rectangle.
//! - [`xls`] and [`ods`]: calamine reads their sheets as whole rectangles, so their
//!   pre-checks ([`cfb`] for the xls container) measure the rectangles first and a hostile
//!   one is refused before it is allocated. An xls encrypted with Excel's default
//!   password is decrypted first ([`xlsdecrypt`]); a flat ODS is read as an ods package
//!   built for it ([`fods`]).
//! - [`xmlss`]: Excel 2003 XML, one XML file calamine does not read, streamed into grids
//!   by its own reader.
//! - [`html`]: an HTML page holding a table (a system's "Excel export", Excel's "Save as
//!   Web Page"), decoded and laid out as one sheet.
//! - [`mht`]: a single-file web page (`.mht`), its sheet parts laid out by [`html`];
//!   `delimited`: a CSV export, one sheet of text cells.

pub mod cfb;
pub(crate) mod delimited;
mod dense;
pub(crate) mod fods;
#[cfg(test)]
mod hostile_props;
#[cfg(test)]
mod hostile_text_props;
pub(crate) mod html;
mod htmlattrs;
mod htmlgrid;
mod htmlstyle;
pub(crate) mod mht;
pub mod ods;
mod odsfmt;
pub mod package;
mod partname;
mod partscan;
pub mod xls;
pub mod xlsb;
mod xlsbfmt;
mod xlsdecrypt;
mod xlsfmt;
pub mod xlsx;
pub mod xlsxmerge;
mod xlsxstyle;
pub mod xmlss;

use super::grid::{Cell, Grid, GridBuilder, Merge};
use super::limits;
use super::refusal::Refusal;
use super::sniff::{Format, Package};
use crate::form::labels;
use crate::model::CellRef;
use calamine::{Data, Dimensions, SheetType, SheetVisible};

/// One workbook format: its pre-check and its opening.
pub trait WorkbookFormat {
    /// What the pre-check learnt, for the opening.
    type Checked;

    /// Checks the file before any parser allocates for it (bounds, structure), given what
    /// the zip package check learnt while sniffing (empty for a format that is no zip).
    fn check(bytes: &[u8], package: Package) -> Result<Self::Checked, Refusal>;

    /// Opens the checked file and reads its visible worksheets.
    fn open(bytes: &[u8], checked: Self::Checked) -> Result<Sheets, Refusal>;
}

/// The visible worksheets of a workbook, in workbook order, plus notes on what was passed
/// over (hidden sheets, clipped sheets) for messages.
#[derive(Debug, Default)]
pub struct Sheets {
    /// Visible worksheets.
    pub grids: Vec<Grid>,
    /// Names of sheets that could not be read (each read error is per sheet).
    pub failed: Vec<String>,
    /// Visible worksheets past [`limits::MAX_SHEETS`], not read (`file-clipped`).
    pub unread: usize,
}

impl Sheets {
    /// No sheets yet, counting the visible worksheets past [`limits::MAX_SHEETS`] that
    /// [`sheets_to_read`] leaves out, so the cut is reported, never silent.
    pub fn beyond(metas: &[calamine::Sheet]) -> Sheets {
        let unread = metas
            .iter()
            .skip(limits::MAX_SHEETS)
            .filter(|m| m.visible == SheetVisible::Visible && m.typ == SheetType::WorkSheet)
            .count();
        Sheets {
            unread,
            ..Sheets::default()
        }
    }
}

/// Opens the workbook and reads its visible worksheets.
pub fn open(format: Format, bytes: &[u8]) -> Result<Sheets, Refusal> {
    open_scanned(format, bytes, Package::default())
}

/// Like [`open`], with what [`super::sniff::sniff_package`] learned of an xlsx package:
/// the merges of its worksheet parts (a part missing from them is scanned here) and the
/// package stored uncompressed, read instead of the original when present (for a flat
/// ODS, the ods package built for it: [`fods`]).
pub fn open_scanned(format: Format, bytes: &[u8], mut package: Package) -> Result<Sheets, Refusal> {
    match format {
        Format::Xlsx => check_and_open::<xlsx::XlsxFormat>(bytes, package),
        Format::Xlsb => check_and_open::<xlsb::XlsbFormat>(bytes, package),
        Format::Xls => check_and_open::<xls::XlsFormat>(bytes, package),
        Format::Html => check_and_open::<html::HtmlFormat>(bytes, package),
        // A flat ODS is read through the package built for it while sniffing.
        Format::Ods => match package.stored.take() {
            Some(built) => check_and_open::<ods::OdsFormat>(&built, package),
            None => check_and_open::<ods::OdsFormat>(bytes, package),
        },
        Format::Xmlss => check_and_open::<xmlss::XmlssFormat>(bytes, package),
        Format::Mht => check_and_open::<mht::MhtFormat>(bytes, package),
        Format::Csv => check_and_open::<delimited::CsvFormat>(bytes, package),
    }
}

/// The workbook an OLE object's compound file keeps apart from itself (a Word document's
/// `oleObject1.bin`): an `.xlsx` object's package in its `Package` stream, or a workbook
/// attached as a file (a package object: 插入 › 对象 › 由文件创建 shown as an icon, or WPS's
/// 附件) in its `\u{1}Ole10Native` stream. `None` for anything else, an `.xls` object
/// included: its compound file is the workbook itself (its `Workbook` stream).
pub fn ole_package(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return None;
    }
    let file = cfb::Cfb::parse(bytes)?;
    if let Some(package) = file.stream(&["Package"]) {
        return Some(package);
    }
    attached_workbook(&file.stream(&["\u{1}Ole10Native"])?)
}

/// The file an `Ole10Native` stream carries, when its name is a workbook's: the stream's
/// size, a flag, the file's name and its source path (NUL-ended, in the system's code page:
/// only the ASCII extension is read), two words, the temporary path, the data's size and
/// the data. A Word document or a PDF attached beside the report is no table and is not
/// opened (nor read again as a document inside the document).
fn attached_workbook(stream: &[u8]) -> Option<Vec<u8>> {
    // The NUL-ended text at `at`, and where the next field starts.
    let text = |at: usize| -> Option<(&[u8], usize)> {
        let end = at + stream.get(at..)?.iter().position(|&b| b == 0)?;
        Some((&stream[at..end], end + 1))
    };
    let (name, at) = text(6)?;
    let (_source, at) = text(at)?;
    let (_temporary, at) = text(at + 8)?;
    let size = u32::from_le_bytes(stream.get(at..at + 4)?.try_into().ok()?) as usize;
    let data = stream.get(at + 4..(at + 4).checked_add(size)?)?;
    let ext = name.rsplit(|&b| b == b'.').next()?.to_ascii_lowercase();
    let workbook = matches!(
        ext.as_slice(),
        b"xlsx" | b"xlsm" | b"xls" | b"xlsb" | b"ods" | b"et"
    );
    workbook.then(|| data.to_vec())
}

fn check_and_open<F: WorkbookFormat>(bytes: &[u8], package: Package) -> Result<Sheets, Refusal> {
    let checked = F::check(bytes, package)?;
    F::open(bytes, checked)
}

/// The refusal for a calamine reader that failed on the workbook (other than its typed
/// password error, which each format maps to [`Refusal::Encrypted`]).
fn damaged<E: std::fmt::Debug>(e: &E, format: &'static str) -> Refusal {
    let detail = format!("{e:?}").chars().take(120).collect();
    Refusal::Damaged { format, detail }
}

/// A workbook opened by [`open_with`]: the reader, the sheets to read, what was read.
type Opened<W> = (W, Vec<(usize, calamine::Sheet)>, Sheets);

/// Opens a workbook with calamine's reader `W` (`format` names it in a refusal): an error
/// `password` recognises is [`Refusal::Encrypted`], any other one the file damaged. Gives
/// the reader, the sheets to read ([`sheets_to_read`]) and the [`Sheets`] to fill.
fn open_with<'a, W>(
    bytes: &'a [u8],
    format: &'static str,
    password: fn(&W::Error) -> bool,
) -> Result<Opened<W>, Refusal>
where
    W: calamine::Reader<std::io::Cursor<&'a [u8]>>,
{
    let wb = W::new(std::io::Cursor::new(bytes)).map_err(|e| {
        if password(&e) {
            Refusal::Encrypted
        } else {
            damaged(&e, format)
        }
    })?;
    let metas = sheets_to_read(wb.sheets_metadata());
    let out = Sheets::beyond(wb.sheets_metadata());
    Ok((wb, metas, out))
}

/// The sheets to read, with their index in the workbook: at most [`limits::MAX_SHEETS`],
/// visible worksheets only (hidden, very hidden and chart sheets are not tables).
fn sheets_to_read(metas: &[calamine::Sheet]) -> Vec<(usize, calamine::Sheet)> {
    metas
        .iter()
        .take(limits::MAX_SHEETS)
        .enumerate()
        .filter(|(_, m)| m.visible == SheetVisible::Visible && m.typ == SheetType::WorkSheet)
        .map(|(i, m)| (i, m.clone()))
        .collect()
}

/// True when a grid holds something a table could start from (a title, a name label or a
/// fund header), so the merge ranges are worth loading.
fn has_candidate(g: &Grid) -> bool {
    g.cells().any(|(_, _, c)| match c {
        Cell::Text(t) if t.chars().count() <= limits::MAX_LABEL_CHARS => {
            // Key the cell once for all three classifiers.
            let k = labels::key(t);
            labels::title_of_key(&k).is_some()
                || labels::field_of_key(&k).is_some()
                || labels::header_of_key(&k).is_some()
        }
        _ => false,
    })
}

fn to_merges(dims: Vec<Dimensions>) -> impl Iterator<Item = Merge> {
    dims.into_iter().map(|d| Merge {
        start: CellRef::new(d.start.0, d.start.1),
        end: CellRef::new(d.end.0, d.end.1),
    })
}

/// Builds a grid from a calamine range and its formula range (absolute positions).
fn grid_from_range(
    name: &str,
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
) -> Grid {
    let mut fset = std::collections::HashSet::new();
    if let Some(f) = formulas {
        if let Some((r0, c0)) = f.start() {
            for (r, c, t) in f.used_cells() {
                if !t.is_empty() {
                    fset.insert((r0 + r as u32, c0 + c as u32));
                }
            }
        }
    }
    let mut b = GridBuilder::new();
    if let Some((r0, c0)) = range.start() {
        for (r, c, d) in range.used_cells() {
            let (ar, ac) = (r0 + r as u32, c0 + c as u32);
            if !b.push(ar, ac, Cell::from_data(d, fset.remove(&(ar, ac)))) {
                break;
            }
        }
    }
    // Formula cells whose value is absent from the value range entirely.
    for (r, c) in fset {
        b.push(r, c, Cell::Uncomputed);
    }
    b.build(name)
}

#[cfg(test)]
mod tests {
    use super::attached_workbook;

    /// An `Ole10Native` stream as Word writes it: size, flag, name, source, two words,
    /// temporary path, data size, data.
    fn stream(name: &[u8], data: &[u8], size: u32) -> Vec<u8> {
        let mut body = vec![2, 0];
        for text in [name, b"C:\\src", b"", b"C:\\tmp"] {
            if text.is_empty() {
                body.extend([0, 0, 3, 0, 7, 0, 0, 0]);
                continue;
            }
            body.extend(text);
            body.push(0);
        }
        body.extend(size.to_le_bytes());
        body.extend(data);
        let mut out = (body.len() as u32).to_le_bytes().to_vec();
        out.extend(body);
        out
    }

    #[test]
    fn an_attached_workbook_is_taken_by_its_name_and_anything_malformed_is_not() {
        let data = b"PK\x03\x04 the workbook";
        let n = data.len() as u32;
        let got = attached_workbook(&stream(b"\xd7\xd4\xc6\xc0.XLSX", data, n));
        assert_eq!(got.as_deref(), Some(&data[..]));
        // Not a workbook's name: a report or a PDF beside the table is not opened.
        assert_eq!(attached_workbook(&stream(b"report.docx", data, n)), None);
        assert_eq!(attached_workbook(&stream(b"no_extension", data, n)), None);
        // A size past the stream, one that would overflow, a stream cut short.
        assert_eq!(attached_workbook(&stream(b"a.xls", data, n + 1)), None);
        assert_eq!(attached_workbook(&stream(b"a.xls", data, u32::MAX)), None);
        let whole = stream(b"a.xls", data, n);
        for cut in 0..whole.len() {
            assert_eq!(attached_workbook(&whole[..cut]), None, "cut at {cut}");
        }
    }
}
