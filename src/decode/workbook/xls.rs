//! xls (BIFF8, BIFF5, and WPS's `et`): the pre-check and the opening (of a workbook
//! encrypted with Excel's default password, decrypted: [`super::xlsdecrypt`]).
//!
//! calamine reads an xls sheet as a whole rectangle and follows the compound file's sector
//! chains without a cycle check, so before it is called the chains are followed here
//! ([`super::cfb`]) and the BIFF cell records are scanned for their positions: one stray
//! cell far away, or a sheet declaring a huge area, is refused before it is allocated.

use super::cfb::{u16_at, u32_at, Cfb};
use super::dense::{check_boxes, Bbox};
use super::xlsdecrypt::{self, Protection};
use super::xlsfmt;
use super::{grid_from_range, open_with, to_merges, Sheets, WorkbookFormat};
use crate::decode::limits;
use crate::decode::numfmt::NumFormat;
use crate::decode::refusal::{BoundFault, DenseFault, Refusal};
use crate::decode::sniff::Package;
use calamine::{Reader, Xls};

/// The xls format.
pub struct XlsFormat;

impl WorkbookFormat for XlsFormat {
    type Checked = Checked;

    fn check(bytes: &[u8], _: Package) -> Result<Checked, Refusal> {
        check_formats(bytes)
    }

    fn open(bytes: &[u8], checked: Checked) -> Result<Sheets, Refusal> {
        let Checked {
            mut formats,
            decrypted,
        } = checked;
        // A workbook encrypted with Excel's default password is read decrypted.
        let bytes = decrypted.as_deref().unwrap_or(bytes);
        let password = |e: &calamine::XlsError| matches!(e, calamine::XlsError::Password);
        let (mut wb, metas, mut out) = open_with::<Xls<_>>(bytes, "xls", password)?;
        for (i, m) in metas {
            let Ok(range) = wb.worksheet_range(&m.name) else {
                out.failed.push(m.name.clone());
                continue;
            };
            let formulas = wb.worksheet_formula(&m.name).ok();
            let mut g = grid_from_range(&m.name, &range, formulas.as_ref());
            if let Ok(dims) = wb.merge_cells_by_sheet_name(&m.name) {
                g.set_merges(to_merges(dims));
            }
            if let Some(fs) = formats.get_mut(i) {
                g.set_formats(std::mem::take(fs));
            }
            out.grids.push(g);
        }
        Ok(out)
    }
}

/// BIFF record types.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULBLANK: u16 = 0x00BD;

/// The number formats of each sheet's number cells, by sheet index ([`xlsfmt`]).
pub type CellFormats = Vec<Vec<((u32, u32), NumFormat)>>;

/// What the pre-check learnt: the cells' number formats and, for a workbook encrypted
/// with Excel's default password, the file again with its Workbook stream decrypted.
pub struct Checked {
    formats: CellFormats,
    decrypted: Option<Vec<u8>>,
}

/// Refuses an xls whose sheets' cell rectangles are too large for calamine to hold, or
/// whose compound-file structure calamine could not follow in bounded memory.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    check_formats(bytes).map(|_| ())
}

/// [`check`], giving the number formats of the cells of a workbook that passes (and the
/// file decrypted, when Excel's default password opens it: [`xlsdecrypt`]). A workbook
/// encrypted with another password is refused as encrypted before its records, which are
/// noise, are measured.
fn check_formats(bytes: &[u8]) -> Result<Checked, Refusal> {
    let cfb = Cfb::parse(bytes).ok_or(DenseFault::XlsStructure)?;
    if !cfb.chains_end() {
        return Err(DenseFault::XlsStructure.into());
    }
    const NAMES: [&str; 2] = ["Workbook", "Book"];
    let Some(stream) = cfb.stream(&NAMES) else {
        return Ok(Checked {
            formats: Vec::new(),
            decrypted: None,
        });
    };
    let (stream, decrypted) = match xlsdecrypt::protection(&stream) {
        Protection::Clear => (stream, None),
        Protection::Password => return Err(Refusal::Encrypted),
        Protection::Default(plain) => {
            let file = cfb.with_stream(&NAMES, &plain).ok_or(Refusal::Encrypted)?;
            (plain, Some(file))
        }
    };
    let (boxes, sheet_offsets) = scan_sequential(&stream);
    check_boxes(&boxes)?;
    check_offsets(&stream, &sheet_offsets)?;
    Ok(Checked {
        formats: xlsfmt::formats(&stream, &sheet_offsets),
        decrypted,
    })
}

/// True when the workbook's document properties name selfeval's outputs as its category:
/// one of its outputs saved again as .xls (LibreOffice writes the category as a
/// user-defined property in UTF-8; Excel and WPS as the category, in UTF-16 or the
/// Chinese code page), never a unit's table.
pub fn own_output(bytes: &[u8]) -> bool {
    // Only chains that end are followed (a looped one would grow without bound); a file
    // whose chains do not end is refused by [`check`] anyway.
    let Some(cfb) = Cfb::parse(bytes).filter(Cfb::chains_end) else {
        return false;
    };
    let Some(props) = cfb.stream(&["\u{5}DocumentSummaryInformation"]) else {
        return false;
    };
    let mark = crate::form::OUTPUT_CATEGORY;
    let utf16: Vec<u8> = mark.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let gbk = encoding_rs::GBK.encode(mark).0;
    [mark.as_bytes(), &utf16, &gbk]
        .iter()
        .any(|m| props.windows(m.len()).any(|w| w == *m))
}

/// The rows and columns a cell record covers: `(row, first column, last column)`.
fn cell_span(typ: u16, data: &[u8]) -> Option<(u64, u64, u64)> {
    if !matches!(
        typ,
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | MULBLANK
    ) {
        return None;
    }
    let (r, c0) = (u16_at(data, 0)?, u16_at(data, 2)?);
    let c1 = if typ == MULBLANK && data.len() >= 6 {
        u16_at(data, data.len() - 2).unwrap_or(c0).max(c0)
    } else {
        c0
    };
    Some((r as u64, c0 as u64, c1 as u64))
}

/// Scans the stream's records in order: each sheet substream's bounding box, and the
/// sheet offsets the globals' BoundSheet8 records state.
fn scan_sequential(stream: &[u8]) -> (Vec<Bbox>, Vec<usize>) {
    let mut boxes: Vec<Bbox> = Vec::new();
    let (mut depth, mut bofs, mut pos) = (0usize, 0usize, 0usize);
    let mut sheet_offsets: Vec<usize> = Vec::new();
    while pos + 4 <= stream.len() {
        let typ = u16_at(stream, pos).unwrap_or(0);
        let len = u16_at(stream, pos + 2).unwrap_or(0) as usize;
        let data = stream
            .get(pos + 4..(pos + 4 + len).min(stream.len()))
            .unwrap_or(&[]);
        pos += 4 + len;
        match typ {
            BOF => {
                depth += 1;
                bofs += 1;
                // The first substream holds the globals; each later top-level one a sheet.
                if depth == 1 && bofs > 1 {
                    boxes.push(Bbox::default());
                }
            }
            EOF => depth = depth.saturating_sub(1),
            // BoundSheet8: calamine reads each sheet from the offset it states.
            BOUNDSHEET if depth <= 1 && bofs <= 1 => {
                if let Some(off) = u32_at(data, 0) {
                    sheet_offsets.push(off as usize);
                }
            }
            _ => {
                if let (Some((r, c0, c1)), Some(b)) = (cell_span(typ, data), boxes.last_mut()) {
                    b.add(r, r, c0, c1);
                }
            }
        }
    }
    (boxes, sheet_offsets)
}

/// calamine parses every sheet when the workbook is opened, from the offset its
/// BoundSheet8 record states (which need not be where a sequential scan sees it), and
/// reserves memory for the rectangle the sheet's Dimensions record declares: both are
/// checked from the same offsets. Sheets are scanned in the order of their offsets, and
/// a sheet starting inside the records of the one before is not scanned and refuses the
/// workbook (real sheets never share records; many records pointing at one large sheet
/// would make calamine, and this scan, read it once per record).
fn check_offsets(stream: &[u8], sheet_offsets: &[usize]) -> Result<(), Refusal> {
    if sheet_offsets.len() > limits::MAX_SHEET_ENTRIES {
        return Err(DenseFault::XlsSheets(sheet_offsets.len()).into());
    }
    let mut order: Vec<usize> = (0..sheet_offsets.len()).collect();
    order.sort_by_key(|&i| (sheet_offsets[i], i));
    let mut scanned: Vec<(Bbox, u64)> = vec![(Bbox::default(), 0); sheet_offsets.len()];
    let (mut covered, mut shared) = (0usize, None);
    for i in order {
        let off = sheet_offsets[i];
        if off < covered {
            // Not scanned; refused once the other sheets' bounds are checked.
            shared = shared.or(Some(i + 1));
            continue;
        }
        let (b, cells, end) = scan_sheet_at(stream, off);
        scanned[i] = (b, cells);
        covered = covered.max(end);
    }
    let mut declared: u64 = 0;
    for (i, &(_, cells)) in scanned.iter().enumerate() {
        declared = declared.saturating_add(cells);
        if declared > limits::MAX_DENSE_AREA {
            return Err(DenseFault::XlsDeclared {
                sheet: i + 1,
                cells,
            }
            .into());
        }
    }
    let from_offsets: Vec<Bbox> = scanned.into_iter().map(|(b, _)| b).collect();
    check_boxes(&from_offsets)?;
    match shared {
        Some(sheet) => Err(BoundFault::XlsSharedSheet(sheet).into()),
        None => Ok(()),
    }
}

/// Scans one sheet's records from `off` the way calamine does: the cells' bounding box and
/// the area its Dimensions record declares (as calamine computes it, wrapping included),
/// and where its records end (`off` itself when there are none).
fn scan_sheet_at(stream: &[u8], off: usize) -> (Bbox, u64, usize) {
    let mut b = Bbox::default();
    let mut declared = 0u64;
    let mut pos = off;
    let (mut seen_bof, mut nested) = (false, 0usize);
    while pos + 4 <= stream.len() {
        let typ = u16_at(stream, pos).unwrap_or(0);
        let len = u16_at(stream, pos + 2).unwrap_or(0) as usize;
        let Some(data) = stream.get(pos + 4..pos + 4 + len) else {
            break;
        };
        pos += 4 + len;
        if nested > 0 {
            match typ {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                if let Some(area) = declared_area(data) {
                    declared = declared.saturating_add(area);
                }
            }
            _ => {
                if let Some((r, c0, c1)) = cell_span(typ, data) {
                    b.add(r, r, c0, c1);
                }
            }
        }
    }
    (b, declared, pos.max(off))
}

/// The area a Dimensions record declares, computed as calamine computes it (wrapping
/// included); `None` for a record of an unknown length.
fn declared_area(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u16_at(data, 0).unwrap_or(0) as u32,
            u16_at(data, 2).unwrap_or(0) as u32,
            u16_at(data, 4).unwrap_or(0) as u32,
            u16_at(data, 6).unwrap_or(0) as u32,
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u16_at(data, 8).unwrap_or(0) as u32,
            u16_at(data, 10).unwrap_or(0) as u32,
        ),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = end_c.wrapping_sub(cf).wrapping_add(1) as u64;
    Some(rows.saturating_mul(cols))
}
