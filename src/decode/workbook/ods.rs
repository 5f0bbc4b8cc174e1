//! ods (OpenDocument spreadsheet): the pre-check and the opening.
//!
//! calamine reads an ods sheet as a whole rectangle, so `content.xml` is first streamed
//! for cell positions (with their repeats) and a workbook too large is refused before
//! calamine allocates it. The same pass collects the merged spans (which calamine does not
//! give for ods) and the hidden tables, and bounds the cells' text as calamine will write
//! it out: each `text:s` space repeat, and all the text with the cells' repeats.

use super::dense::{check_boxes, Bbox};
use super::odsfmt::OdsFormats;
use super::{grid_from_range, open_with, Sheets, WorkbookFormat};
use crate::decode::grid::Merge;
use crate::decode::limits;
use crate::decode::numfmt::NumFormat;
use crate::decode::refusal::{BoundFault, DenseFault, Refusal};
use crate::decode::sniff::Package;
use crate::model::CellRef;
use calamine::{Ods, Reader};
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor};

/// The ods format.
pub struct OdsFormat;

impl WorkbookFormat for OdsFormat {
    type Checked = OdsSpans;

    fn check(bytes: &[u8], _: Package) -> Result<OdsSpans, Refusal> {
        check(bytes)
    }

    fn open(bytes: &[u8], mut spans: OdsSpans) -> Result<Sheets, Refusal> {
        let password = |e: &calamine::OdsError| matches!(e, calamine::OdsError::Password);
        let (mut wb, metas, mut out) = open_with::<Ods<_>>(bytes, "ods", password)?;
        for (i, m) in metas {
            if spans.hidden.contains(&m.name) {
                continue;
            }
            let Ok(range) = wb.worksheet_range(&m.name) else {
                out.failed.push(m.name.clone());
                continue;
            };
            let formulas = wb.worksheet_formula(&m.name).ok();
            let mut g = grid_from_range(&m.name, &range, formulas.as_ref());
            if let Some(ms) = spans.merges.get(i) {
                g.set_merges(ms.iter().copied());
            }
            if let Some(fs) = spans.formats.get_mut(i) {
                g.set_formats(std::mem::take(fs));
            }
            out.grids.push(g);
        }
        Ok(out)
    }
}

/// What the ods pre-check learnt: merged spans per table (in document order) and the
/// names of hidden tables.
#[derive(Debug, Default)]
pub struct OdsSpans {
    /// Merges per table, by table index.
    pub merges: Vec<Vec<Merge>>,
    /// Names of tables whose style hides them.
    pub hidden: HashSet<String>,
    /// The number formats of number cells per table, by table index
    /// ([`super::odsfmt`]).
    pub formats: Vec<Vec<((u32, u32), NumFormat)>>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

fn num_attr(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Scans an ods `content.xml`: refuses a workbook too large for calamine, collects merges
/// and hidden tables.
pub fn check(bytes: &[u8]) -> Result<OdsSpans, Refusal> {
    let corrupt = |_| Refusal::from(DenseFault::OdsContent);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut scan = Scan::default();
    if let Ok(styles) = zip.by_name("styles.xml") {
        // The number styles a user made live here; a part that does not parse gives none.
        data_styles(styles, &mut scan.fmts);
    }
    let part = zip.by_name("content.xml").map_err(corrupt)?;
    let mut rd = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        match rd.read_event_into(&mut buf) {
            Err(_) => return Err(DenseFault::OdsContent.into()),
            Ok(Event::Start(e)) => scan.start(&e, false)?,
            Ok(Event::Empty(e)) => scan.start(&e, true)?,
            Ok(Event::End(e)) => scan.end(e.name().as_ref())?,
            Ok(Event::Text(t)) => {
                scan.text(t.len() as u64);
                if scan.fmts.wants_text() {
                    scan.fmts.text(&t.xml10_content());
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    Ok(scan.finish())
}

/// Reads the number styles and cell styles of `styles.xml` (bounded like every part).
fn data_styles(part: impl std::io::Read, fmts: &mut OdsFormats) {
    let part = BufReader::new(part.take(limits::MAX_INFLATED_BYTES));
    let mut rd = quick_xml::Reader::from_reader(part);
    let mut buf = Vec::new();
    loop {
        match rd.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => fmts.start(&e),
            Ok(Event::End(e)) => fmts.end(e.name().as_ref()),
            Ok(Event::Text(t)) if fmts.wants_text() => fmts.text(&t.xml10_content()),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The state of the `content.xml` scan.
struct Scan {
    out: OdsSpans,
    hidden_styles: HashSet<String>,
    current_style: Option<String>,
    table_styles: HashMap<String, String>,
    boxes: Vec<Bbox>,
    row: u64,
    col: u64,
    row_rep: u64,
    in_table: bool,
    /// The text of the cell being read (characters, `text:s` spaces included) and how
    /// many times calamine writes it out (its column repeat times its row's repeat).
    cell_text: Option<(u64, u64)>,
    /// The cells' text so far, repeats included.
    text_total: u64,
    /// The number formats of the number cells.
    fmts: OdsFormats,
}

impl Default for Scan {
    fn default() -> Scan {
        Scan {
            out: OdsSpans::default(),
            hidden_styles: HashSet::new(),
            current_style: None,
            table_styles: HashMap::new(),
            boxes: Vec::new(),
            row: 0,
            col: 0,
            // A row is one row until its repeat says otherwise.
            row_rep: 1,
            in_table: false,
            cell_text: None,
            text_total: 0,
            fmts: OdsFormats::default(),
        }
    }
}

impl Scan {
    /// A start (or empty) element.
    fn start(&mut self, e: &BytesStart<'_>, is_empty: bool) -> Result<(), Refusal> {
        self.fmts.start(e);
        match e.name().as_ref() {
            "style:style" if attr(e, "style:family").as_deref() == Some("table") => {
                self.current_style = attr(e, "style:name");
            }
            "style:table-properties" if attr(e, "table:display").as_deref() == Some("false") => {
                if let Some(s) = &self.current_style {
                    self.hidden_styles.insert(s.clone());
                }
            }
            "table:table" => {
                self.in_table = !is_empty;
                self.row = 0;
                self.boxes.push(Bbox::default());
                self.out.merges.push(Vec::new());
                self.fmts.table();
                if let (Some(n), Some(s)) = (attr(e, "table:name"), attr(e, "table:style-name")) {
                    self.table_styles.insert(n, s);
                }
            }
            "table:table-row" if self.in_table => {
                self.row_rep = num_attr(e, "table:number-rows-repeated");
                self.col = 0;
                if is_empty {
                    self.row = self.row.saturating_add(self.row_rep);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.in_table => {
                if !is_empty {
                    let rep = num_attr(e, "table:number-columns-repeated");
                    self.cell_text = Some((0, rep.saturating_mul(self.row_rep)));
                }
                self.cell(e)?
            }
            "text:s" => self.spaces(num_attr(e, "text:c"))?,
            _ => {}
        }
        Ok(())
    }

    /// A cell: its rectangle (when filled), its merged span, and the column after it.
    fn cell(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        let (row, col) = (self.row, self.col);
        let rep = num_attr(e, "table:number-columns-repeated");
        let kind = attr(e, "office:value-type");
        let filled = kind.is_some() || attr(e, "table:formula").is_some();
        if filled {
            if let Some(b) = self.boxes.last_mut() {
                b.add(row, row + self.row_rep - 1, col, col + rep - 1);
            }
            check_boxes(&self.boxes)?;
            self.fmts
                .cell(e, kind.as_deref(), (row, col), (self.row_rep, rep));
        }
        let cs = num_attr(e, "table:number-columns-spanned");
        let rs = num_attr(e, "table:number-rows-spanned");
        if (cs > 1 || rs > 1) && row < u32::MAX as u64 && col < u32::MAX as u64 {
            if let Some(ms) = self.out.merges.last_mut() {
                if ms.len() < limits::MAX_MERGES {
                    ms.push(Merge {
                        start: CellRef::new(row as u32, col as u32),
                        end: CellRef::new(
                            (row + rs - 1).min(u32::MAX as u64) as u32,
                            (col + cs - 1).min(u32::MAX as u64) as u32,
                        ),
                    });
                }
            }
        }
        self.col = col.saturating_add(rep);
        Ok(())
    }

    /// A run of text (its length in bytes bounds its characters), counted for the cell.
    fn text(&mut self, len: u64) {
        if let Some((chars, _)) = self.cell_text.as_mut() {
            *chars = chars.saturating_add(len);
        }
    }

    /// A `text:s` of `n` spaces: refused over the bound, else counted for the cell.
    fn spaces(&mut self, n: u64) -> Result<(), Refusal> {
        if n > limits::MAX_ODS_SPACES {
            return Err(BoundFault::OdsSpaces(n).into());
        }
        self.text(n);
        Ok(())
    }

    /// The end of a cell: its text, once per repeat, is added to the document's.
    fn end_cell(&mut self) -> Result<(), Refusal> {
        if let Some((chars, times)) = self.cell_text.take() {
            self.text_total = self.text_total.saturating_add(chars.saturating_mul(times));
            if self.text_total > limits::MAX_ODS_TEXT_CHARS {
                return Err(BoundFault::OdsText.into());
            }
        }
        Ok(())
    }

    /// An end element.
    fn end(&mut self, name: &str) -> Result<(), Refusal> {
        self.fmts.end(name);
        match name {
            "table:table-cell" | "table:covered-table-cell" => self.end_cell()?,
            "table:table-row" => self.row = self.row.saturating_add(self.row_rep),
            "table:table" => self.in_table = false,
            "style:style" => self.current_style = None,
            _ => {}
        }
        Ok(())
    }

    /// The spans, with the hidden tables named.
    fn finish(mut self) -> OdsSpans {
        self.out.formats = std::mem::take(&mut self.fmts).resolve();
        for (name, style) in self.table_styles {
            if self.hidden_styles.contains(&style) {
                self.out.hidden.insert(name);
            }
        }
        self.out
    }
}
