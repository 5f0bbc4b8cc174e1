//! The number formats of an xls workbook's number cells (BIFF8, and BIFF5), read from the
//! Workbook (or Book) stream the pre-check already holds: the globals' Format records
//! (format codes by number) and XF records (each cell format's code number, in order),
//! then each sheet's Number, RK, MulRk and Formula records, whose XF index names the
//! cell's format. calamine reads the same records but keeps only whether a format is a
//! date.
//!
//! Read: BIFF8 (Excel 97 and later, WPS) and BIFF5 (Excel 5.0/95, WPS 2000: the format
//! code a byte string in the workbook's code page, GBK for a Chinese one); the built-in
//! percents (9 `0%`, 10 `0.00%`) and every Format record's code, through
//! [`NumFormat::parse`]. An older BIFF reads as before.

use super::cfb::u16_at;
use crate::decode::limits;
use crate::decode::numfmt::NumFormat;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const CODEPAGE: u16 = 0x0042;
/// BIFF8's and BIFF5's versions in a BOF record.
const BIFF8: u16 = 0x0600;
const BIFF5: u16 = 0x0500;

/// One record: its type, its data and the position after it.
fn record(stream: &[u8], pos: usize) -> Option<(u16, &[u8], usize)> {
    let typ = u16_at(stream, pos)?;
    let len = u16_at(stream, pos + 2)? as usize;
    let data = stream.get(pos + 4..pos + 4 + len)?;
    Some((typ, data, pos + 4 + len))
}

/// The formats of each sheet's number cells that say something of a unit or a scale, by
/// the BoundSheet8 order of `sheet_offsets` (calamine's sheet order); empty when none
/// does or the workbook is no BIFF8.
pub(super) fn formats(stream: &[u8], sheet_offsets: &[usize]) -> Vec<Vec<((u32, u32), NumFormat)>> {
    let palette = palette(stream);
    if palette.iter().all(Option::is_none) {
        return Vec::new();
    }
    let mut budget = limits::MAX_FORMATTED_CELLS;
    sheet_offsets
        .iter()
        .map(|&off| sheet_cells(stream, off, &palette, &mut budget))
        .collect()
}

/// Each XF's format, from the globals substream (empty unless BIFF8 or BIFF5).
fn palette(stream: &[u8]) -> Vec<Option<NumFormat>> {
    let mut codes = std::collections::HashMap::new();
    let mut xfs = Vec::new();
    let (mut pos, mut version, mut codepage) = (0, None, None);
    while let Some((typ, data, next)) = record(stream, pos) {
        pos = next;
        match typ {
            BOF if version.is_none() => match u16_at(data, 0) {
                Some(v @ (BIFF8 | BIFF5)) => version = Some(v),
                _ => return Vec::new(),
            },
            // The globals end at their EOF; a BOF before it is no globals of BIFF8.
            BOF | EOF => break,
            CODEPAGE => codepage = u16_at(data, 0),
            FORMAT => {
                let code = match version {
                    Some(BIFF5) => byte_code(data, codepage),
                    _ => format_code(data),
                };
                if let (Some(n), Some(code)) = (u16_at(data, 0), code) {
                    codes.insert(n, code);
                }
            }
            XF if xfs.len() < limits::MAX_FORMAT_XFS => xfs.push(u16_at(data, 2).unwrap_or(0)),
            _ => {}
        }
    }
    let of = |n: &u16| match (n, codes.get(n)) {
        (_, Some(code)) => NumFormat::parse(code),
        (9 | 10, None) => Some(NumFormat::percent()),
        _ => None,
    };
    // Many XFs share a few formats: each is read once.
    let mut read = std::collections::HashMap::new();
    xfs.iter()
        .map(|n| read.entry(*n).or_insert_with(|| of(n)).clone())
        .collect()
}

/// A BIFF5 Format record's code: a byte string (its length in one byte) in the
/// workbook's code page.
fn byte_code(data: &[u8], codepage: Option<u16>) -> Option<String> {
    let cch = *data.get(2)? as usize;
    let bytes = data.get(3..3 + cch)?;
    let (text, _, _) = encoding(codepage).decode(bytes);
    Some(text.into_owned())
}

/// The encoding of a BIFF5 code page: the Chinese, Japanese and Korean ones units' files
/// carry, else Windows-1252 (the default when the record is missing).
fn encoding(codepage: Option<u16>) -> &'static encoding_rs::Encoding {
    match codepage {
        Some(936) => encoding_rs::GBK,
        Some(950) => encoding_rs::BIG5,
        Some(932) => encoding_rs::SHIFT_JIS,
        Some(949) => encoding_rs::EUC_KR,
        Some(65001) => encoding_rs::UTF_8,
        _ => encoding_rs::WINDOWS_1252,
    }
}

/// A Format record's code (an XLUnicodeString after the format number); `None` for a
/// string with rich-text or phonetic runs, which format codes never have.
fn format_code(data: &[u8]) -> Option<String> {
    let cch = u16_at(data, 2)? as usize;
    let flags = *data.get(4)?;
    if flags & 0x0C != 0 {
        return None;
    }
    let body = data.get(5..)?;
    if flags & 0x01 == 0 {
        // Compressed: one byte per character, Latin-1.
        return Some(body.get(..cch)?.iter().map(|&b| b as char).collect());
    }
    let units: Vec<u16> = body
        .get(..cch * 2)?
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// The number cells of the sheet at `off` whose XF has a format in the palette.
fn sheet_cells(
    stream: &[u8],
    off: usize,
    palette: &[Option<NumFormat>],
    budget: &mut usize,
) -> Vec<((u32, u32), NumFormat)> {
    let mut out = Vec::new();
    let mut pos = off;
    let mut depth = 0usize;
    while let Some((typ, data, next)) = record(stream, pos) {
        pos = next;
        match typ {
            BOF => depth += 1,
            EOF if depth <= 1 => break,
            EOF => depth -= 1,
            _ if depth != 1 => {}
            NUMBER | RK | FORMULA => {
                if let (Some(r), Some(c), Some(x)) =
                    (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4))
                {
                    push(&mut out, palette, (r, c), x, budget);
                }
            }
            MULRK => mul_rk(data, palette, &mut out, budget),
            _ => {}
        }
        if *budget == 0 {
            break;
        }
    }
    out
}

/// A MulRk record: a row, a first column, then (XF index, RK value) pairs.
fn mul_rk(
    data: &[u8],
    palette: &[Option<NumFormat>],
    out: &mut Vec<((u32, u32), NumFormat)>,
    budget: &mut usize,
) {
    let (Some(r), Some(c0)) = (u16_at(data, 0), u16_at(data, 2)) else {
        return;
    };
    let pairs = data.len().saturating_sub(6) / 6;
    for k in 0..pairs {
        if let Some(x) = u16_at(data, 4 + 6 * k) {
            let c = c0.saturating_add(k as u16);
            push(out, palette, (r, c), x, budget);
        }
    }
}

fn push(
    out: &mut Vec<((u32, u32), NumFormat)>,
    palette: &[Option<NumFormat>],
    (r, c): (u16, u16),
    xf: u16,
    budget: &mut usize,
) {
    if let Some(Some(f)) = palette.get(xf as usize) {
        if *budget > 0 {
            *budget -= 1;
            out.push(((r as u32, c as u32), f.clone()));
        }
    }
}
