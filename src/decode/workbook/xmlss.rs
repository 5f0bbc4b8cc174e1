//! Excel 2003 XML ("XML 表格 2003", SpreadsheetML): one XML file, as Excel saves "XML
//! Spreadsheet 2003", LibreOffice saves "MS Excel 2003 XML", and the budget systems' Java
//! and .NET templates (FreeMarker, POI's old writers) export their tables under a `.xls`
//! or `.xml` name.
//!
//! calamine does not read it, and no existing reader's package holds it (unlike a flat ODS,
//! whose elements are an `.ods` part's): so it is read here, streamed once with quick-xml
//! into bounded [`Grid`]s, as the other formats' cells are. A `<Worksheet ss:Name>` holds a
//! `<Table>` of `<Row ss:Index ss:Span>` of `<Cell ss:Index ss:MergeAcross ss:MergeDown
//! ss:StyleID ss:Formula><Data ss:Type>…</Data></Cell>`; a row or cell without `ss:Index`
//! follows the one before it, a cell after a `MergeAcross` follows the merge; a merge's
//! covered cells are not written. The text of a rich `<ss:Data>` (html `<B>`, `<Font>`) is
//! its runs put together; a cell's `<Comment>` is a note, not its value. `Number` data reads as a number stored in a cell (the 15
//! significant digits Excel keeps), `DateTime` as a date, `Boolean` and `Error` as theirs;
//! a `Number` that is no number (`1,200.00` written by a template) reads as the text it is.
//! A sheet whose `<WorksheetOptions><Visible>` is `SheetHidden` or `SheetVeryHidden` is
//! not read, as in the other formats. The number formats of `<Styles>` (a code, or Excel's
//! named `Percent`; inherited through `ss:Parent`, or the row's `ss:StyleID`, else the
//! column's `<Column ss:StyleID>`) are read as the other formats' are ([`NumFormat`]).
//!
//! Bounds: the file's size gate, its text decoded from another encoding
//! ([`limits::MAX_DECODED_TEXT_BYTES`]), then the grid's bounds as it is streamed (rows,
//! columns, cells scanned, merges and the cells they cover, a style id's length); nesting past [`limits::MAX_XML_DEPTH`] and an entity declaration
//! are refused; entities are never expanded beyond XML's predefined ones and character
//! references. A file whose XML breaks off (cut short, ill-formed) is refused as damaged.

use super::Sheets;
use crate::decode::grid::{Cell, GridBuilder, Merge};
use crate::decode::limits;
use crate::decode::numfmt::NumFormat;
use crate::decode::refusal::{BoundFault, DenseFault, PackageFault, Refusal};
use crate::decode::sniff::Package;
use crate::model::CellRef;
use calamine::DataRef;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// The SpreadsheetML namespace, which names the format.
const NAMESPACE: &str = "urn:schemas-microsoft-com:office:spreadsheet";

/// Most bytes of one cell's data kept (the reader cuts a text at
/// [`limits::MAX_STRING_CHARS`] characters; a character is at most 4 bytes).
const MAX_DATA_BYTES: usize = limits::MAX_STRING_CHARS * 4;

/// Most `ss:Parent` steps followed from a style to the one holding its number format.
const MAX_STYLE_HOPS: usize = 8;

/// The Excel 2003 XML format.
pub struct XmlssFormat;

impl super::WorkbookFormat for XmlssFormat {
    type Checked = ();

    /// Every bound is checked while the one pass reads the file.
    fn check(_: &[u8], _: Package) -> Result<(), Refusal> {
        Ok(())
    }

    fn open(bytes: &[u8], _: ()) -> Result<Sheets, Refusal> {
        read(&utf8(bytes)?)
    }
}

/// True when a file's first bytes are a SpreadsheetML workbook: the namespace and a
/// `Workbook` root element, in any of the encodings [`utf8`] reads. The root decides, not
/// what else the head holds: a workbook whose comment or rich text names `<html` is one,
/// an HTML page naming the namespace (on its `<table>`) is none.
pub(crate) fn is_spreadsheetml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) = utf8(head) else {
        return false;
    };
    let text = String::from_utf8_lossy(&text).to_ascii_lowercase();
    text.contains(NAMESPACE) && root_is_workbook(&text)
}

/// True when the first element of a (lower-cased) XML head is `workbook`, with any prefix:
/// a byte order mark, white space, the declaration, processing instructions (Excel's
/// `<?mso-application?>`), comments and a doctype may stand before it.
fn root_is_workbook(head: &str) -> bool {
    let mut rest = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    loop {
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|e| e + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|e| e + 1)
        } else {
            break;
        };
        let Some(at) = skip else { return false };
        rest = rest[at..].trim_start();
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name = tag
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or_default();
    name.rsplit(':').next() == Some("workbook")
}

/// The file as UTF-8: without a byte order mark; UTF-16 (by its mark) and any encoding its
/// declaration names other than UTF-8 (`encoding="GBK"` from a Chinese Java system)
/// decoded. Excel reads these through its XML parser; UTF-8 is what Excel writes.
pub(super) fn utf8(bytes: &[u8]) -> Result<Cow<'_, [u8]>, Refusal> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Cow::Borrowed(rest));
    }
    let (encoding, _) = match encoding_rs::Encoding::for_bom(bytes) {
        Some(found) => found,
        None => match declared(bytes) {
            // The declaration was read as ASCII: a UTF-16 one without its mark is wrong.
            Some(e) if e != encoding_rs::UTF_8 && e.is_ascii_compatible() => (e, 0),
            _ => return Ok(Cow::Borrowed(bytes)),
        },
    };
    decode(encoding, bytes).map(Cow::Owned)
}

/// The bytes decoded ([`crate::decode::textenc`]'s two passes: a 60 MiB GBK file costs its
/// text once); a text longer than [`limits::MAX_DECODED_TEXT_BYTES`] is refused after the
/// first pass.
fn decode(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    crate::decode::textenc::decode(encoding, bytes, limits::MAX_DECODED_TEXT_BYTES)
        .ok_or_else(|| BoundFault::DecodedText.into())
}

/// The encoding the XML declaration names, when encoding_rs knows it.
fn declared(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
}

/// Reads the workbook's visible worksheets.
pub(super) fn read(bytes: &[u8]) -> Result<Sheets, Refusal> {
    let mut rd = quick_xml::Reader::from_reader(bytes);
    rd.config_mut().check_end_names = false;
    let mut scan = Scan::default();
    loop {
        match rd.read_event() {
            Err(_) => return Err(DenseFault::ExcelXml.into()),
            Ok(Event::DocType(d)) => {
                if d.to_ascii_uppercase().contains("<!ENTITY") {
                    return Err(PackageFault::Entity.into());
                }
            }
            Ok(Event::Start(e)) => {
                scan.depth += 1;
                if scan.depth > limits::MAX_XML_DEPTH {
                    return Err(BoundFault::XmlDepth.into());
                }
                scan.start(&e, false)?;
            }
            Ok(Event::Empty(e)) => scan.start(&e, true)?,
            Ok(Event::End(e)) => {
                scan.depth = scan.depth.saturating_sub(1);
                scan.end(e.local_name().as_ref());
            }
            Ok(Event::Text(t)) => scan.text(&t.xml10_content()),
            Ok(Event::CData(t)) => scan.text(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                let c = match r.resolve_char_ref().ok().flatten() {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.xml10_content();
                        let known = quick_xml::escape::resolve_xml_entity(&name);
                        known.map_or_else(|| format!("&{name};"), str::to_string)
                    }
                };
                scan.text(&c);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
    }
    // The XML broke off inside an element: a file cut short.
    if scan.depth > 0 || !scan.workbook {
        return Err(DenseFault::ExcelXml.into());
    }
    Ok(scan.out)
}

/// A style's own number format and the style it inherits from.
#[derive(Default)]
struct Style {
    parent: Option<String>,
    format: Option<String>,
}

/// The cell being read.
#[derive(Default)]
struct CellScan {
    row: u64,
    col: u64,
    style: Option<String>,
    formula: bool,
    kind: Option<String>,
    text: String,
    in_data: bool,
    /// Inside the cell's `<Comment>`, whose `<ss:Data>` is the note, not the value.
    in_comment: bool,
}

/// The worksheet being read.
#[derive(Default)]
struct SheetScan {
    name: String,
    cells: GridBuilder,
    merges: Vec<Merge>,
    /// Number cells with a style, for their formats.
    styled: Vec<((u32, u32), String)>,
    next_row: u64,
    row: u64,
    next_col: u64,
    row_style: Option<String>,
    /// The style of each read column a `<Column ss:StyleID>` names (empty until one does),
    /// for the cells that name none, nor their row.
    column_styles: Vec<Option<String>>,
    /// The column after the last `<Column>` (one without `ss:Index` follows it).
    next_column: u64,
    /// `<Column>` elements met.
    columns_seen: usize,
    /// The merges down from rows above, by first column: (last column, anchor row, last
    /// row); only those starting inside the read columns.
    down: BTreeMap<u64, (u64, u64, u64)>,
    /// Cells the merges kept cover, within the grid's bounds.
    merged_cells: u64,
    hidden: bool,
    /// Past [`limits::MAX_SHEETS`]: counted, not read.
    beyond: bool,
    /// The scanning budget is spent: the rest of the sheet is passed over.
    stopped: bool,
}

/// The state of the one pass.
#[derive(Default)]
struct Scan {
    out: Sheets,
    depth: usize,
    /// A `Workbook` element was met.
    workbook: bool,
    styles: HashMap<String, Style>,
    style: Option<(String, Style)>,
    sheets: usize,
    sheet: Option<SheetScan>,
    cell: Option<CellScan>,
    /// The text of a `<Visible>` being read.
    visible: Option<String>,
    styled_cells: usize,
}

/// An attribute's value by its local name (`ss:Index` and `Index` alike), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)?;
    let raw: &str = &a.value;
    let value = quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), Cow::into_owned);
    Some(value)
}

/// A `ss:StyleID`, when it is one a writer writes (at most
/// [`limits::MAX_STYLE_ID_BYTES`]; a longer one is copied to every cell of its row).
fn style_id(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "StyleID").filter(|id| id.len() <= limits::MAX_STYLE_ID_BYTES)
}

/// A count attribute (`ss:Index`, `ss:MergeAcross`); 0 when absent or no number.
fn count(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0)
}

impl Scan {
    /// A start (or empty) element.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), Refusal> {
        match e.local_name().as_ref() {
            "Workbook" => self.workbook = true,
            "Style" => {
                let id = attr(e, "ID").unwrap_or_default();
                let parent = attr(e, "Parent");
                self.style = Some((
                    id,
                    Style {
                        parent,
                        format: None,
                    },
                ));
                if empty {
                    self.end("Style");
                }
            }
            "NumberFormat" => {
                if let Some((_, s)) = self.style.as_mut() {
                    s.format = attr(e, "Format");
                }
            }
            "Worksheet" => self.worksheet(e, empty)?,
            "Column" => self.column(e),
            "Row" => self.row(e),
            "Cell" => self.cell(e, empty),
            "Data" => {
                if let Some(c) = self.cell.as_mut().filter(|c| !c.in_comment) {
                    c.kind = attr(e, "Type");
                    c.in_data = !empty;
                }
            }
            "Comment" if !empty => {
                if let Some(c) = self.cell.as_mut() {
                    c.in_comment = true;
                }
            }
            "Visible" if !empty && self.sheet.is_some() => self.visible = Some(String::new()),
            _ => {}
        }
        Ok(())
    }

    /// A worksheet begins: counted against the bounds; past [`limits::MAX_SHEETS`] only
    /// its visibility is read.
    fn worksheet(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), Refusal> {
        self.sheets += 1;
        if self.sheets > limits::MAX_SHEET_ENTRIES {
            return Err(BoundFault::SheetEntries.into());
        }
        self.sheet = Some(SheetScan {
            name: attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", self.sheets)),
            beyond: self.sheets > limits::MAX_SHEETS,
            ..SheetScan::default()
        });
        if empty {
            self.end("Worksheet");
        }
        Ok(())
    }

    /// A column (`ss:Index`, else after the column before; `ss:Span` more after it): its
    /// style kept for the read columns. Past [`limits::MAX_XMLSS_COLUMNS`] columns of a
    /// sheet the rest are passed over: each costs at most the read columns.
    fn column(&mut self, e: &BytesStart<'_>) {
        let Some(s) = self.sheet.as_mut() else {
            return;
        };
        s.columns_seen += 1;
        if s.columns_seen > limits::MAX_XMLSS_COLUMNS {
            return;
        }
        let first = match count(e, "Index") {
            0 => s.next_column,
            n => n - 1,
        };
        let last = first.saturating_add(count(e, "Span"));
        s.next_column = last.saturating_add(1);
        let read = limits::MAX_COLS as usize + 1;
        let (Some(style), Ok(first)) = (style_id(e), usize::try_from(first)) else {
            return;
        };
        if first >= read {
            return;
        }
        let last = usize::try_from(last).map_or(read - 1, |l| l.min(read - 1));
        s.column_styles.resize(read, None);
        for slot in &mut s.column_styles[first..=last] {
            *slot = Some(style.clone());
        }
    }

    /// A row: its index (1-based, or after the row before and its span).
    fn row(&mut self, e: &BytesStart<'_>) {
        let Some(s) = self.sheet.as_mut() else {
            return;
        };
        s.row = match count(e, "Index") {
            0 => s.next_row,
            n => n - 1,
        };
        s.next_row = s.row.saturating_add(1).saturating_add(count(e, "Span"));
        s.next_col = 0;
        s.row_style = style_id(e);
    }

    /// A cell: its position, its merge, and the column after it.
    fn cell(&mut self, e: &BytesStart<'_>, empty: bool) {
        let Some(s) = self.sheet.as_mut() else {
            return;
        };
        let col = match count(e, "Index") {
            0 => s.after_covered(s.next_col),
            n => n - 1,
        };
        let (across, down) = (count(e, "MergeAcross"), count(e, "MergeDown"));
        s.next_col = col.saturating_add(across).saturating_add(1);
        if across > 0 || down > 0 {
            s.merge(s.row, col, down, across);
        }
        let c = CellScan {
            row: s.row,
            col,
            // Its own style, else its row's, else its column's (as Excel shows it).
            style: style_id(e)
                .or_else(|| s.row_style.clone())
                .or_else(|| s.column_style(col)),
            formula: attr(e, "Formula").is_some(),
            ..CellScan::default()
        };
        if empty {
            self.cell = Some(c);
            self.end("Cell");
        } else {
            self.cell = Some(c);
        }
    }

    /// Text: kept when it is a cell's data, or a sheet's visibility.
    fn text(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut().filter(|c| c.in_data) {
            push_bounded(&mut c.text, t, MAX_DATA_BYTES);
        } else if let Some(v) = self.visible.as_mut() {
            push_bounded(v, t, 64);
        }
    }

    /// An end element.
    fn end(&mut self, name: &str) {
        match name {
            "Style" => {
                if let Some((id, s)) = self.style.take() {
                    if self.styles.len() < limits::MAX_STYLE_RECORDS as usize {
                        self.styles.insert(id, s);
                    }
                }
            }
            "Data" => {
                if let Some(c) = self.cell.as_mut() {
                    c.in_data = false;
                }
            }
            "Comment" => {
                if let Some(c) = self.cell.as_mut() {
                    c.in_comment = false;
                }
            }
            "Cell" => self.end_cell(),
            "Visible" => {
                let v = self.visible.take().unwrap_or_default();
                if let Some(s) = self.sheet.as_mut() {
                    s.hidden |= matches!(v.trim(), "SheetHidden" | "SheetVeryHidden");
                }
            }
            "Worksheet" => self.end_sheet(),
            _ => {}
        }
    }

    /// A cell ends: its value goes into the grid (within the bounds).
    fn end_cell(&mut self) {
        let (Some(c), Some(s)) = (self.cell.take(), self.sheet.as_mut()) else {
            return;
        };
        if s.beyond || s.stopped {
            return;
        }
        let (Ok(row), Ok(col)) = (u32::try_from(c.row), u32::try_from(c.col)) else {
            s.cells.clip();
            return;
        };
        let value = value(c.kind.as_deref(), &c.text, c.formula);
        let number = matches!(value, Cell::Number(_));
        if !s.cells.push(row, col, value) {
            s.stopped = true;
            return;
        }
        if let Some(style) = c.style.filter(|_| number) {
            if self.styled_cells < limits::MAX_FORMATTED_CELLS {
                self.styled_cells += 1;
                s.styled.push(((row, col), style));
            }
        }
    }

    /// A worksheet ends: a visible one becomes a grid, with its merges and formats.
    fn end_sheet(&mut self) {
        let Some(s) = self.sheet.take() else {
            return;
        };
        if s.hidden {
            return;
        }
        if s.beyond {
            self.out.unread += 1;
            return;
        }
        let mut g = s.cells.build(&s.name);
        g.set_merges(s.merges);
        let formats = s
            .styled
            .into_iter()
            .filter_map(|(at, id)| Some((at, self.format(&id)?)));
        g.set_formats(formats.collect::<Vec<_>>());
        self.out.grids.push(g);
    }

    /// The number format a style shows its numbers with, when it says something.
    fn format(&self, id: &str) -> Option<NumFormat> {
        let mut style = self.styles.get(id)?;
        for _ in 0..MAX_STYLE_HOPS {
            if let Some(code) = &style.format {
                return number_format(code);
            }
            style = self.styles.get(style.parent.as_deref()?)?;
        }
        None
    }
}

impl SheetScan {
    /// The style a `<Column>` gave the column, if any.
    fn column_style(&self, col: u64) -> Option<String> {
        let at = usize::try_from(col).ok()?;
        self.column_styles.get(at).cloned().flatten()
    }

    /// The first column from `col` on that no merge from a row above covers: a cell
    /// without `ss:Index` is written after them (LibreOffice writes no index there, and
    /// reads the file back so). Past the read rows positions no longer matter; the merges
    /// kept start inside the read columns, so a row costs at most that many steps.
    fn after_covered(&mut self, mut col: u64) -> u64 {
        if self.row > limits::MAX_ROWS as u64 {
            return col;
        }
        while let Some((&start, &(end, anchor, last))) = self.down.range(..=col).next_back() {
            if col > end || self.row <= anchor {
                break;
            }
            if last < self.row {
                self.down.remove(&start);
                continue;
            }
            // A merge across to the last u64 column: nothing follows it (a saturating
            // step would stay on it forever).
            let Some(next) = end.checked_add(1) else {
                return u64::MAX;
            };
            col = next;
        }
        col
    }

    /// A merge anchored at (row, col), kept when it starts inside the read area and the
    /// merges' bounds hold ([`limits::MAX_MERGES`], [`limits::MAX_XMLSS_MERGED_CELLS`]);
    /// past them the sheet is clipped. Its place is tracked either way (cells after it).
    fn merge(&mut self, row: u64, col: u64, down: u64, across: u64) {
        let (max_row, max_col) = (limits::MAX_ROWS as u64, limits::MAX_COLS as u64);
        if row > max_row || col > max_col {
            return;
        }
        if down > 0 {
            let last = (col.saturating_add(across), row, row.saturating_add(down));
            self.down.insert(col, last);
        }
        // Cut at the grid's bounds, as a page's merges are: past them nothing is read.
        let (last_row, last_col) = (
            row.saturating_add(down).min(max_row),
            col.saturating_add(across).min(max_col),
        );
        let area = (last_row - row + 1) * (last_col - col + 1);
        if self.merges.len() >= limits::MAX_MERGES
            || self.merged_cells + area > limits::MAX_XMLSS_MERGED_CELLS
        {
            self.cells.clip();
            return;
        }
        self.merged_cells += area;
        self.merges.push(Merge {
            start: CellRef::new(row as u32, col as u32),
            end: CellRef::new(last_row as u32, last_col as u32),
        });
    }
}

/// Appends as much of `t` as keeps `out` within `max` bytes, cut on a character boundary:
/// a 60 MiB text run costs its bound, never a copy of itself.
fn push_bounded(out: &mut String, t: &str, max: usize) {
    let room = max.saturating_sub(out.len());
    let mut end = room.min(t.len());
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(&t[..end]);
}

/// A SpreadsheetML number format: a format code, or one of Excel's named formats (only
/// `Percent`, 0.00%, says something of the number; the others show it as it is or as a
/// date, time or currency, which the reader does not read).
fn number_format(code: &str) -> Option<NumFormat> {
    match code.trim() {
        "Percent" => Some(NumFormat::percent()),
        "General" | "General Number" | "General Date" | "Long Date" | "Medium Date"
        | "Short Date" | "Long Time" | "Medium Time" | "Short Time" | "Currency"
        | "Euro Currency" | "Fixed" | "Standard" | "Scientific" | "Yes/No" | "True/False"
        | "On/Off" => None,
        other => NumFormat::parse(other),
    }
}

/// A cell's value from its data's type and text (a formula with no data: uncomputed).
fn value(kind: Option<&str>, text: &str, formula: bool) -> Cell {
    let d = match kind {
        Some("Number") => match text.trim().parse::<f64>() {
            Ok(f) => DataRef::Float(f),
            // A template's `1,200.00` typed as a number: the text it is.
            Err(_) => DataRef::SharedString(text),
        },
        Some("Boolean") => match text.trim() {
            "1" | "true" | "TRUE" => DataRef::Bool(true),
            "0" | "false" | "FALSE" => DataRef::Bool(false),
            _ => DataRef::SharedString(text),
        },
        Some("DateTime") => DataRef::DateTimeIso(text.trim().to_string()),
        Some("Error") if !text.trim().is_empty() => return Cell::Error(text.trim().to_string()),
        _ => DataRef::SharedString(text),
    };
    Cell::from_data_ref(&d, formula)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = concat!(
        r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" "#,
        r#"xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">"#
    );

    fn sheets(body: &str) -> Sheets {
        read(format!("{HEAD}{body}</Workbook>").as_bytes()).expect("reads")
    }

    #[test]
    fn positions_follow_indexes_merges_and_spans() {
        let s = sheets(concat!(
            r#"<Worksheet ss:Name="S"><Table><Row><Cell ss:MergeAcross="2"><Data ss:Type="String">t</Data></Cell>"#,
            r#"<Cell><Data ss:Type="Number">1.5</Data></Cell></Row><Row ss:Index="3" ss:Span="1"/>"#,
            r#"<Row><Cell ss:Index="2" ss:MergeDown="1"><Data ss:Type="String">a&amp;b&#160;</Data></Cell>"#,
            r#"<Cell ss:Formula="=1"/></Row></Table></Worksheet>"#
        ));
        let g = &s.grids[0];
        assert_eq!(g.text(0, 0), "t");
        assert_eq!(g.text(0, 2), "t");
        assert_eq!(
            g.raw(0, 3),
            &Cell::Number(rust_decimal::Decimal::new(15, 1))
        );
        // Row 3 spans rows 3 and 4; the next row is the fifth.
        assert_eq!(g.text(4, 1), "a&b");
        assert_eq!(g.text(5, 1), "a&b");
        assert_eq!(g.raw(4, 2), &Cell::Uncomputed);
    }

    #[test]
    fn cells_after_merges_down_and_comments() {
        // LibreOffice writes no ss:Index for the cell after the columns a merge down from
        // a row above covers; Excel writes a cell's comment inside the cell, after its data.
        let s = sheets(concat!(
            r#"<Worksheet ss:Name="S"><Table><Row><Cell ss:MergeDown="2" ss:MergeAcross="1"><Data ss:Type="String">m</Data></Cell>"#,
            r#"<Cell><Data ss:Type="Number">1</Data><Comment ss:Author="a"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>note</B></ss:Data></Comment></Cell></Row>"#,
            r#"<Row><Cell><Data ss:Type="Number">2</Data></Cell></Row>"#,
            r#"<Row ss:Index="4"><Cell><Data ss:Type="Number">3</Data></Cell></Row></Table></Worksheet>"#
        ));
        let g = &s.grids[0];
        assert_eq!(g.raw(0, 2), &Cell::Number(1.into()));
        assert_eq!(g.raw(1, 2), &Cell::Number(2.into()));
        // Past the merge's last row, the row starts at its first column again.
        assert_eq!(g.raw(3, 0), &Cell::Number(3.into()));
    }

    #[test]
    fn hidden_sheets_formats_and_rich_text() {
        let s = sheets(concat!(
            r#"<Styles><Style ss:ID="p"><NumberFormat ss:Format="Percent"/></Style>"#,
            r#"<Style ss:ID="c" ss:Parent="p"/></Styles>"#,
            r#"<Worksheet ss:Name="old"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>"#,
            r#"<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>"#,
            r#"<Worksheet ss:Name="new"><Table><Row><Cell ss:StyleID="c"><Data ss:Type="Number">0.9608</Data></Cell>"#,
            r#"<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>基层</B><Font>农技</Font></ss:Data></Cell>"#,
            r#"<Cell><Data ss:Type="Number">1,200.00</Data></Cell></Row></Table></Worksheet>"#
        ));
        assert_eq!(s.grids.len(), 1);
        let g = &s.grids[0];
        assert_eq!(g.shown(0, 0), "96.08%");
        assert_eq!(g.text(0, 1), "基层农技");
        assert_eq!(g.text(0, 2), "1,200.00");
    }

    #[test]
    fn a_cell_without_a_style_takes_its_rows_else_its_columns() {
        let s = sheets(concat!(
            r#"<Styles><Style ss:ID="p"><NumberFormat ss:Format="0%"/></Style>"#,
            r#"<Style ss:ID="g"><NumberFormat/></Style><Style ss:ID="w"><NumberFormat ss:Format='0"万元"'/></Style></Styles>"#,
            r#"<Worksheet ss:Name="表"><Table><Column ss:Index="2" ss:Span="1" ss:StyleID="p"/><Column ss:StyleID="w"/>"#,
            r#"<Row><Cell><Data ss:Type="Number">0.5</Data></Cell><Cell><Data ss:Type="Number">0.98</Data></Cell>"#,
            r#"<Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="Number">115</Data></Cell></Row>"#,
            r#"<Row ss:StyleID="g"><Cell ss:Index="2"><Data ss:Type="Number">20</Data></Cell>"#,
            r#"<Cell ss:StyleID="w"><Data ss:Type="Number">3</Data></Cell></Row></Table></Worksheet>"#
        ));
        let g = &s.grids[0];
        let shown: Vec<String> = (0..4).map(|c| g.shown(0, c)).collect();
        assert_eq!(shown, ["0.5", "98%", "100%", "115万元"]);
        assert_eq!(
            (g.shown(1, 1), g.shown(1, 2)),
            ("20".into(), "3万元".into())
        );
        // Spans and indexes past every bound cost the read columns at most.
        let wide = concat!(
            r#"<Styles><Style ss:ID="p"><NumberFormat ss:Format="0%"/></Style></Styles>"#,
            r#"<Worksheet ss:Name="表"><Table><Column ss:Span="18446744073709551615" ss:StyleID="p"/>"#,
            r#"<Column ss:StyleID="p"/><Column ss:Index="99999999999" ss:StyleID="p"/>"#,
            r#"<Row><Cell><Data ss:Type="Number">0.5</Data></Cell></Row></Table></Worksheet>"#
        );
        assert_eq!(sheets(wide).grids[0].shown(0, 0), "50%");
        // 100,000 columns each spanning every read column: the first MAX_XMLSS_COLUMNS set.
        let many = format!(
            "{}{}{}",
            r#"<Styles><Style ss:ID="p"><NumberFormat ss:Format="0%"/></Style></Styles><Worksheet ss:Name="表"><Table>"#,
            r#"<Column ss:Index="1" ss:Span="300" ss:StyleID="p"/>"#.repeat(100_000),
            r#"<Row><Cell><Data ss:Type="Number">0.5</Data></Cell></Row></Table></Worksheet>"#
        );
        let t = std::time::Instant::now();
        assert_eq!(sheets(&many).grids[0].shown(0, 0), "50%");
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn a_date_under_a_date_style_reads_as_the_date_excel_shows() {
        // Excel writes a date cell as DateTime whatever its style: 完成时间 and 填报日期
        // read as the date, in a column styled as a date or not.
        let s = sheets(concat!(
            r#"<Styles><Style ss:ID="d"><NumberFormat ss:Format='yyyy"年"m"月"d"日"'/></Style></Styles>"#,
            r#"<Worksheet ss:Name="表"><Table><Column ss:StyleID="d"/><Row>"#,
            r#"<Cell><Data ss:Type="DateTime">2022-11-30T00:00:00.000</Data></Cell>"#,
            r#"<Cell ss:StyleID="d"><Data ss:Type="DateTime">2023-01-15T00:00:00.000</Data></Cell>"#,
            r#"<Cell ss:StyleID="d"><Data ss:Type="Number">44895</Data></Cell>"#,
            r#"</Row></Table></Worksheet>"#
        ));
        let g = &s.grids[0];
        let shown = (g.shown(0, 0), g.shown(0, 1));
        assert_eq!(shown, ("2022年11月30日".into(), "2023年1月15日".into()));
        // A serial under a date style (no writer seen doing it) stays the number it is.
        assert_eq!(g.shown(0, 2), "44895");
    }

    #[test]
    fn encodings_cut_files_and_entities() {
        let text = format!(
            r#"<?xml version="1.0" encoding="GBK"?>{}<Worksheet ss:Name="表"/></Workbook>"#,
            &HEAD[21..]
        );
        let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        assert!(is_spreadsheetml(&gbk));
        let wrong = format!(
            r#"<?xml version="1.0" encoding="UTF-16"?>{}</Workbook>"#,
            &HEAD[21..]
        );
        assert_eq!(utf8(wrong.as_bytes()), Ok(Cow::Borrowed(wrong.as_bytes())));
        let gbk_text = utf8(&gbk).expect("decodes");
        assert_eq!(read(&gbk_text).expect("reads").grids[0].name, "表");
        let cut = format!("{HEAD}<Worksheet><Table><Row>");
        assert_eq!(
            read(cut.as_bytes()).err(),
            Some(DenseFault::ExcelXml.into())
        );
        let dtd = format!(r#"<!DOCTYPE x [<!ENTITY a "b">]>{HEAD}</Workbook>"#);
        assert_eq!(
            read(dtd.as_bytes()).err(),
            Some(PackageFault::Entity.into())
        );
        assert!(!is_spreadsheetml(
            b"<html xmlns:x=\"urn:schemas-microsoft-com:office:spreadsheet\"><table>"
        ));
    }
}
