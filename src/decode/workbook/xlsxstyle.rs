//! The style ids of an xlsx worksheet part's cells, found without parsing its XML a second
//! time: the part is searched for `<c` start tags, and only their `r` and `s` attributes
//! are read. calamine's own pass (`next_style_id`) tokenises the whole sheet again and
//! cost the reader a tenth of its time; this search runs at `memchr` speed.
//!
//! Anything unusual — cells written with a namespace prefix, a cell without its `r`
//! reference, a reference that does not parse — gives `None`, and the caller falls back to
//! calamine's pass, so the ids are always the ones calamine would give.

use crate::decode::grid::Grid;
use crate::decode::limits;
use crate::decode::numfmt::NumFormat;
use calamine::Xlsx;
use memchr::memmem;
use std::collections::HashMap;
use std::io::Cursor;

/// The number formats of the workbook's styles ([`NumFormat`], `None` for a style whose
/// format shows the number as it is), learnt from the first sheet's cell reader.
#[derive(Default)]
pub(super) struct Formats {
    palette: Option<Vec<Option<NumFormat>>>,
}

impl Formats {
    /// Learns the palette from calamine's styles, once.
    pub(super) fn learn(&mut self, styles: &[calamine::Style]) {
        self.palette.get_or_insert_with(|| {
            // Many styles share a few formats: each code is read once.
            let mut read: HashMap<&str, Option<NumFormat>> = HashMap::new();
            let styles = styles.iter().take(limits::MAX_STYLE_RECORDS as usize);
            styles
                .map(|s| {
                    let c = s.number_format.as_ref()?.format_code.as_str();
                    read.entry(c).or_insert_with(|| NumFormat::parse(c)).clone()
                })
                .collect()
        });
    }

    /// True when some style of the workbook says something of a unit or a scale (else no
    /// sheet needs its cells' styles: they read as before).
    pub(super) fn any(&self) -> bool {
        self.palette.iter().flatten().any(Option::is_some)
    }

    /// True for a style whose format says something of a unit or a scale.
    pub(super) fn telling(&self, style: usize) -> bool {
        self.palette
            .as_ref()
            .is_some_and(|p| p.get(style).is_some_and(Option::is_some))
    }

    /// Sets a grid's number formats from its cells' style ids (`None`: calamine's pass).
    pub(super) fn set(
        &self,
        wb: &mut Xlsx<Cursor<&[u8]>>,
        g: &mut Grid,
        ids: Option<Vec<StyleId>>,
    ) {
        let Some(palette) = &self.palette else {
            return;
        };
        let ids = ids.unwrap_or_else(|| calamine_ids(wb, &g.name));
        let of = |(r, c, s): StyleId| Some(((r, c), palette.get(s)?.clone()?));
        g.set_formats(ids.into_iter().filter_map(of));
    }
}

/// The style ids by calamine's own pass over the sheet (the fallback).
fn calamine_ids(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Vec<StyleId> {
    let mut out = Vec::new();
    let Ok(mut rd) = wb.worksheet_cells_reader(name) else {
        return out;
    };
    let mut scanned = 0usize;
    while let Ok(Some(id)) = rd.next_style_id() {
        scanned += 1;
        if id.0 > limits::MAX_ROWS || scanned > limits::MAX_CELLS_SCANNED {
            break;
        }
        out.push(id);
    }
    out
}

/// One cell's style: row, column (zero-based) and style id (non-zero).
pub(super) type StyleId = (u32, u32, usize);

/// The style ids of a worksheet part's cells that are `wanted` (the cell's reference is
/// parsed only for those), in document order, up to the reader's bounds; `None` to fall
/// back to calamine.
pub(super) fn style_ids(xml: &[u8], wanted: impl Fn(usize) -> bool) -> Option<Vec<StyleId>> {
    // Cells are `<c` in the unprefixed worksheet namespace; any other spelling falls back.
    memmem::find(xml, b"<sheetData")?;
    let mut out = Vec::new();
    let mut scanned = 0usize;
    for at in memmem::find_iter(xml, b"<c") {
        let rest = &xml[at + 2..];
        if !rest.first().is_some_and(|b| b.is_ascii_whitespace()) {
            // `<col`, `<cols`, `<cfRule` …, or `<c/>` / `<c>` without a reference.
            if matches!(rest.first(), Some(b'>' | b'/')) {
                return None;
            }
            continue;
        }
        let end = memchr::memchr(b'>', rest)?;
        let tag = &rest[..end];
        scanned += 1;
        if scanned > limits::MAX_CELLS_SCANNED {
            break;
        }
        let style = match attr(tag, b"s") {
            Some(s) => std::str::from_utf8(s).ok()?.parse::<usize>().ok()?,
            None => 0,
        };
        if style == 0 || !wanted(style) {
            continue;
        }
        let (r, c) = reference(attr(tag, b"r")?)?;
        if r > limits::MAX_ROWS {
            break;
        }
        out.push((r, c, style));
    }
    Some(out)
}

/// The value of attribute `name` in a start tag's attribute text (either quote): first as
/// Excel and WPS write it (` s="3"`), else by walking the attributes.
fn attr<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let fast: &[u8] = match name {
        b"s" => b" s=\"",
        b"r" => b" r=\"",
        _ => return attr_walk(tag, name),
    };
    if let Some(at) = tag.windows(fast.len()).position(|w| w == fast) {
        let value = &tag[at + fast.len()..];
        return Some(&value[..memchr::memchr(b'"', value)?]);
    }
    attr_walk(tag, name)
}

/// [`attr`] by walking the attributes (any whitespace, either quote).
fn attr_walk<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut i = 0;
    while i < tag.len() {
        // An attribute starts after whitespace: `name=` then a quoted value.
        let start = i + tag[i..].iter().position(|b| b.is_ascii_whitespace())?;
        let key_at = start + tag[start..].iter().position(|b| !b.is_ascii_whitespace())?;
        let eq = key_at + tag[key_at..].iter().position(|&b| b == b'=')?;
        let q_at = eq
            + 1
            + tag[eq + 1..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())?;
        let quote = *tag.get(q_at)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = q_at + 1 + tag[q_at + 1..].iter().position(|&b| b == quote)?;
        if tag[key_at..eq].trim_ascii_end() == name {
            return Some(&tag[q_at + 1..close]);
        }
        i = close + 1;
    }
    None
}

/// An `A1` reference as zero-based (row, column).
fn reference(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 || letters == r.len() {
        return None;
    }
    let col = r[..letters]
        .iter()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A') + 1);
    let digits = &r[letters..];
    if !digits.iter().all(u8::is_ascii_digit) || digits.len() > 7 {
        return None;
    }
    let row: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_styles_of_cells_are_found() {
        let xml = br#"<worksheet><cols><col min="1"/></cols><sheetData><row r="1">
            <c r="A1" s="3" t="s"><v>0</v></c><c r="B1"><v>1</v></c>
            <c t="n" s='12' r="AB10"><f>A1</f><v>2</v></c><c
            r="C2"
            s="0"/></row></sheetData></worksheet>"#;
        assert_eq!(style_ids(xml, |_| true), Some(vec![(0, 0, 3), (9, 27, 12)]));
        assert_eq!(style_ids(xml, |s| s == 12), Some(vec![(9, 27, 12)]));
    }

    #[test]
    fn unusual_parts_fall_back() {
        // A prefixed namespace, a cell without its reference.
        let all = |_| true;
        assert_eq!(style_ids(br#"<x:sheetData><x:c r="A1" s="1"/>"#, all), None);
        assert_eq!(style_ids(br#"<sheetData><c s="1"><v>1</v></c>"#, all), None);
        assert_eq!(style_ids(br#"<sheetData><c s="1" r="1A"/>"#, all), None);
    }
}
