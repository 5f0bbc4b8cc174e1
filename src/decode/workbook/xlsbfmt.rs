//! The number formats of an xlsb workbook's number cells (MS-XLSB), which calamine reads
//! only as date or not: the styles part's BrtFmt records (format codes by number) and its
//! cell XFs (BrtXF between BrtBeginCellXFs and BrtEndCellXFs, each one's format number),
//! then a sheet's number cells (BrtCellRk, BrtCellReal, BrtFmlaNum), whose style index
//! names the cell's XF. Parts are found as calamine finds them (`xl/styles.bin`,
//! `xl/workbook.bin` and its relationships) and streamed record by record: a record keeps
//! at most its first bytes, so no part is held whole. Read as the xls formats are
//! ([`super::xlsfmt`]): every BrtFmt's code through [`NumFormat::parse`], the built-in
//! percents 9 and 10.

use super::partname::resolve;
use super::xlsxmerge::{by_name, relationships};
use crate::decode::limits;
use crate::decode::numfmt::NumFormat;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

const BRT_ROW_HDR: u16 = 0x0000;
const BRT_CELL_RK: u16 = 0x0002;
const BRT_CELL_REAL: u16 = 0x0005;
const BRT_FMLA_NUM: u16 = 0x0009;
const BRT_FMT: u16 = 0x002C;
const BRT_XF: u16 = 0x002F;
const BRT_END_SHEET_DATA: u16 = 0x0092;
const BRT_BUNDLE_SH: u16 = 0x009C;
const BRT_BEGIN_CELL_XFS: u16 = 0x0269;
const BRT_END_CELL_XFS: u16 = 0x026A;
/// The bytes of a record kept: a cell's position and style, a format code, a sheet's
/// relationship id and name all fit; the rest of a longer record is skipped.
const KEEP: usize = 1024;

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The formats of an xlsb package: its XF palette and its sheets' parts.
pub(super) struct XlsbFormats<'a> {
    zip: Zip<'a>,
    palette: Vec<Option<NumFormat>>,
    /// Sheet name → worksheet part.
    parts: HashMap<String, String>,
    budget: usize,
}

impl<'a> XlsbFormats<'a> {
    /// The package's formats; `None` when no style says something of a unit or a scale
    /// (the cells read as before) or the package is not laid out as calamine reads it.
    pub(super) fn open(bytes: &'a [u8]) -> Option<XlsbFormats<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let palette = palette(Records::of(&mut zip, "xl/styles.bin")?);
        if palette.iter().all(Option::is_none) {
            return None;
        }
        let mut rels = String::new();
        let f = by_name(&mut zip, "xl/_rels/workbook.bin.rels")?;
        f.take(limits::MAX_WORKBOOK_PART_BYTES)
            .read_to_string(&mut rels)
            .ok()?;
        let targets = relationships(&rels)?;
        let mut parts = HashMap::new();
        for (name, rid) in sheets(Records::of(&mut zip, "xl/workbook.bin")?) {
            if let Some(t) = targets.get(&rid) {
                parts.entry(name).or_insert_with(|| resolve("xl/", t));
            }
        }
        Some(XlsbFormats {
            zip,
            palette,
            parts,
            budget: limits::MAX_FORMATTED_CELLS,
        })
    }

    /// The number cells of a sheet whose XF has a format in the palette.
    pub(super) fn cells(&mut self, sheet: &str) -> Vec<((u32, u32), NumFormat)> {
        let mut out = Vec::new();
        let Some(path) = self.parts.get(sheet).cloned() else {
            return out;
        };
        let Some(mut rd) = Records::of(&mut self.zip, &path) else {
            return out;
        };
        let mut row = 0u32;
        while self.budget > 0 && row < limits::MAX_ROWS {
            let Some((typ, data)) = rd.next() else { break };
            match typ {
                BRT_ROW_HDR => row = u32_at(data, 0).unwrap_or(row),
                BRT_CELL_RK | BRT_CELL_REAL | BRT_FMLA_NUM => {
                    let (Some(col), Some(style)) = (u32_at(data, 0), u32_at(data, 4)) else {
                        continue;
                    };
                    let xf = (style & 0x00FF_FFFF) as usize;
                    if let Some(Some(f)) = self.palette.get(xf) {
                        out.push(((row, col), f.clone()));
                        self.budget -= 1;
                    }
                }
                BRT_END_SHEET_DATA => break,
                _ => {}
            }
        }
        out
    }
}

/// True when two of the workbook's sheets name one worksheet part: calamine (and the
/// format scan) read a sheet's part in full once per sheet, so one large part named by 300
/// sheets cost their product (`xlsb_one_part_300_sheets.xlsb`: 416 MB, 读取超时), as
/// for xlsx ([`super::package`]'s shared sheet parts).
pub(super) fn shares_a_part(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let mut rels = String::new();
    let Some(f) = by_name(&mut zip, "xl/_rels/workbook.bin.rels") else {
        return false;
    };
    if f.take(limits::MAX_WORKBOOK_PART_BYTES)
        .read_to_string(&mut rels)
        .is_err()
    {
        return false;
    }
    let (Some(targets), Some(wb)) = (
        relationships(&rels),
        Records::of(&mut zip, "xl/workbook.bin"),
    ) else {
        return false;
    };
    let mut seen = std::collections::HashSet::new();
    sheets(wb)
        .iter()
        .filter_map(|(_, rid)| targets.get(rid))
        .any(|t| !seen.insert(resolve("xl/", t)))
}

/// Each cell XF's format, from the styles part.
fn palette(mut rd: Records<impl Read>) -> Vec<Option<NumFormat>> {
    let mut codes = HashMap::new();
    let (mut xfs, mut in_cell_xfs) = (Vec::new(), false);
    while let Some((typ, data)) = rd.next() {
        match typ {
            BRT_FMT => {
                if let (Some(n), Some(code)) = (u16_at(data, 0), wide(data, 2)) {
                    codes.insert(n, code.0);
                }
            }
            BRT_BEGIN_CELL_XFS => in_cell_xfs = true,
            BRT_END_CELL_XFS => break,
            BRT_XF if in_cell_xfs && xfs.len() < limits::MAX_FORMAT_XFS => {
                xfs.push(u16_at(data, 2).unwrap_or(0))
            }
            _ => {}
        }
    }
    let of = |n: &u16| match (n, codes.get(n)) {
        (_, Some(code)) => NumFormat::parse(code),
        (9 | 10, None) => Some(NumFormat::percent()),
        _ => None,
    };
    let mut read = HashMap::new();
    xfs.iter()
        .map(|n| read.entry(*n).or_insert_with(|| of(n)).clone())
        .collect()
}

/// (sheet name, relationship id) of the workbook's BrtBundleSh records, in order.
fn sheets(mut rd: Records<impl Read>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    while let Some((typ, data)) = rd.next() {
        if typ != BRT_BUNDLE_SH || out.len() >= limits::MAX_SHEET_ENTRIES {
            continue;
        }
        // hsState, iTabID, strRelID, strName.
        let Some((rid, at)) = wide(data, 8) else {
            continue;
        };
        if let Some((name, _)) = wide(data, at) {
            out.push((name, rid));
        }
    }
    out
}

/// An XLWideString at `at` (a count of UTF-16 units, then the units) and the position
/// after it.
fn wide(data: &[u8], at: usize) -> Option<(String, usize)> {
    let n = u32_at(data, at)? as usize;
    let end = at.checked_add(4)?.checked_add(n.checked_mul(2)?)?;
    let units: Vec<u16> = data
        .get(at + 4..end)?
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    Some((String::from_utf16(&units).ok()?, end))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The records of a binary part, streamed: each record's type and its first [`KEEP`]
/// bytes. A part's inflation was bounded by the package check.
struct Records<R: Read> {
    r: R,
    buf: Vec<u8>,
}

impl<'z, 'a> Records<BufReader<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>> {
    fn of(zip: &'z mut Zip<'a>, path: &str) -> Option<Self> {
        let f = by_name(zip, path)?;
        Some(Records {
            r: BufReader::new(f),
            buf: Vec::with_capacity(KEEP),
        })
    }
}

impl<R: Read> Records<R> {
    /// The next record, `None` at the end of the part or at a truncated record.
    fn next(&mut self) -> Option<(u16, &[u8])> {
        let typ = self.varint(2)? as u16;
        let size = self.varint(4)? as u64;
        let kept = size.min(KEEP as u64);
        self.buf.clear();
        (&mut self.r).take(kept).read_to_end(&mut self.buf).ok()?;
        if (self.buf.len() as u64) < kept {
            return None;
        }
        let rest = size - kept;
        if std::io::copy(&mut (&mut self.r).take(rest), &mut std::io::sink()).ok()? < rest {
            return None;
        }
        Some((typ, &self.buf))
    }

    /// A record's type or size: 7 bits a byte, at most `most` bytes.
    fn varint(&mut self, most: usize) -> Option<u32> {
        let mut v = 0u32;
        for i in 0..most {
            let mut b = [0u8];
            self.r.read_exact(&mut b).ok()?;
            v |= u32::from(b[0] & 0x7F) << (7 * i);
            if b[0] & 0x80 == 0 {
                break;
            }
        }
        Some(v)
    }
}
