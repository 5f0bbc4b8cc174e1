//! CSV exports (`.csv`, or a system's text export under a `.xls` name): Excel's 另存为 CSV
//! on a Chinese Windows (GBK, comma), UTF-8 with a byte order mark, tab-separated text.
//! Read as one sheet with no merges (the form then reads as a workbook whose merges were
//! lost, `fixtures/variants/no_merges.xlsx`); every field is text, figures read from it as
//! from any text cell. Quoting (fields holding commas, quotes, line breaks) is the `csv`
//! crate's; blank lines are passed over.
//!
//! A text is a CSV by its lines (docs/reader.md, mhtcsv): most of the first lines hold the
//! separator. A narrative `.txt` never comes here: it is routed by its name before any
//! format is sniffed (reports.md §3).

use super::super::grid::{Cell, GridBuilder};
use super::super::limits;
use super::super::refusal::Refusal;
use super::super::sniff::Package;
use super::{Sheets, WorkbookFormat};
use calamine::DataRef;
use encoding_rs::GBK;

/// The CSV format: decoding is its pre-check, splitting the fields its opening.
pub struct CsvFormat;

impl WorkbookFormat for CsvFormat {
    /// The text decoded from GBK, `None` when the bytes are UTF-8 and read as they are (a
    /// UTF-16 file decoded to 64 MiB of UTF-8 is not copied again).
    type Checked = Option<String>;

    fn check(bytes: &[u8], _package: Package) -> Result<Option<String>, Refusal> {
        Ok(decode(bytes))
    }

    fn open(bytes: &[u8], gbk: Option<String>) -> Result<Sheets, Refusal> {
        let text = match &gbk {
            Some(t) => t.as_bytes(),
            None => bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes),
        };
        let mut b = GridBuilder::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator(text).unwrap_or(b','))
            .from_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut row = 0u32;
        // A read error (none for UTF-8 text with a flexible reader) ends the sheet there.
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            if row > limits::MAX_ROWS || !push_row(&mut b, row, &record) {
                b.clip();
                break;
            }
            row += 1;
        }
        Ok(Sheets {
            grids: vec![b.build("CSV")],
            ..Sheets::default()
        })
    }
}

/// One record's fields as a row of text cells; false when the sheet's budget is spent.
fn push_row(b: &mut GridBuilder, row: u32, record: &csv::ByteRecord) -> bool {
    if record.len() > limits::MAX_COLS as usize + 1 {
        b.clip();
    }
    for (col, field) in record
        .iter()
        .take(limits::MAX_COLS as usize + 1)
        .enumerate()
    {
        // Cut before the cell is made: a quote never closed makes one field of the file.
        let cut = field.len().min(limits::MAX_STRING_CHARS * 4 + 4);
        let text = String::from_utf8_lossy(&field[..cut]);
        let cell = Cell::from_data_ref(&DataRef::String(text.into_owned()), false);
        if !b.push(row, col as u32, cell) {
            return false;
        }
    }
    true
}

/// True when the bytes are a text whose first lines are mostly separated fields: more
/// than half of the head's first 50 non-blank lines hold the separator; no markup, no
/// binary bytes. GBK's trail bytes are never `,` or a tab, so the bytes are looked at as
/// they are.
pub(crate) fn is_delimited(bytes: &[u8]) -> bool {
    separator(bytes).is_some()
}

/// The separator of a delimited text (a tab when as many lines hold tabs as commas), or
/// `None` when the bytes are no delimited text.
fn separator(bytes: &[u8]) -> Option<u8> {
    let head = &bytes[..bytes.len().min(limits::CSV_SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let binary = head
        .iter()
        .any(|&b| b == 0 || b < 0x09 || (0x0e..0x1b).contains(&b));
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if binary || first == Some(&b'<') || head.starts_with(b"%PDF") {
        return None;
    }
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .take(50)
        .collect();
    let holding = |sep: u8| lines.iter().filter(|l| l.contains(&sep)).count();
    let (tabs, commas) = (holding(b'\t'), holding(b','));
    let sep = if tabs >= commas { b'\t' } else { b',' };
    let most = tabs.max(commas);
    (most * 2 > lines.len()).then_some(sep)
}

/// The text decoded from GBK (Excel's CSV on a Chinese Windows is in the system's code
/// page); `None` after a UTF-8 byte order mark or when the bytes are UTF-8: read as they
/// are (a malformed sequence after a mark becomes U+FFFD in the field it stands in).
fn decode(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"\xef\xbb\xbf") || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    Some(GBK.decode_without_bom_handling(bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_delimited_by_most_of_its_lines() {
        assert_eq!(separator(b"a,b\r\nc,d\r\n"), Some(b','));
        assert_eq!(separator(b"\xef\xbb\xbfa\tb,c\nc\td\n"), Some(b'\t'));
        assert_eq!(
            separator("一、项目概况\n本项目，共计三项。\n二、绩效目标\n".as_bytes()),
            None
        );
        assert_eq!(
            separator(b"a,b\n"),
            Some(b','),
            "one line of fields: read, no table"
        );
        assert_eq!(separator("本单位无项目，特此说明。\n".as_bytes()), None);
        assert_eq!(separator(b"<table>,\n,\n"), None);
        assert_eq!(separator(b"a,\x00b\nc,d\n"), None);
        assert_eq!(separator(b"%PDF-1.4\n1 0 obj,\n"), None);
    }

    #[test]
    fn quoted_fields_keep_commas_and_line_breaks_and_gbk_is_decoded() {
        let (gbk, _, _) = GBK.encode("项目名称,\"甲,乙\"\r\n\r\n\"说明\n续\",3\r\n");
        let sheets = CsvFormat::open(&gbk, decode(&gbk)).expect("read");
        let g = &sheets.grids[0];
        assert_eq!(g.raw(0, 0).as_text(), "项目名称");
        assert_eq!(g.raw(0, 1).as_text(), "甲,乙");
        assert_eq!(g.raw(1, 0).as_text(), "说明\n续");
        assert_eq!(g.raw(1, 1).as_text(), "3");
    }
}
