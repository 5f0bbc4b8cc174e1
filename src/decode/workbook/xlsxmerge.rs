//! Finding an xlsx worksheet's merged ranges without parsing its XML a second time.
//!
//! calamine's `merge_cells_by_sheet_name` runs the whole worksheet part through its XML
//! parser again just to reach `<mergeCells>`, which sits after `<sheetData>`. Here the part
//! is only inflated and searched for the `<mergeCells>` list, which alone is parsed (by
//! quick-xml), in bounded memory.
//! Anything unusual (a sheet path that cannot be resolved, a ref that is not a plain
//! `A1:B2`, an oversized merge list) gives `None`, and the caller falls back to calamine,
//! so the result is always the one calamine would give.

use super::partname::resolve;
use crate::decode::grid::Merge;
use crate::decode::limits;
use crate::model::CellRef;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The package of one xlsx workbook, opened once for all its sheets' merges.
pub struct Parts<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Sheet name → part path (`xl/worksheets/sheet1.xml`).
    paths: HashMap<String, String>,
    /// Merges already scanned while the package was checked, by part path.
    scanned: HashMap<String, Option<Vec<Merge>>>,
}

impl<'a> Parts<'a> {
    /// Opens the package and maps sheet names to their parts; `None` when the workbook is
    /// not laid out the usual way (`xl/workbook.xml` and its relationships).
    pub fn open(bytes: &'a [u8]) -> Option<Parts<'a>> {
        Parts::open_scanned(bytes, HashMap::new())
    }

    /// Like [`Parts::open`], with the merges of parts already scanned (by part path, as
    /// [`crate::decode::sniff::sniff_package`] gives them).
    pub fn open_scanned(
        bytes: &'a [u8],
        scanned: HashMap<String, Option<Vec<Merge>>>,
    ) -> Option<Parts<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let wb = read_part(&mut zip, "xl/workbook.xml", limits::MAX_WORKBOOK_PART_BYTES)?;
        let rels = read_part(
            &mut zip,
            "xl/_rels/workbook.xml.rels",
            limits::MAX_WORKBOOK_PART_BYTES,
        )?;
        let targets = relationships(&rels)?;
        let mut paths = HashMap::new();
        for (name, rid) in sheets(&wb)? {
            let Some(t) = targets.get(&rid) else { continue };
            paths.entry(name).or_insert(resolve("xl/", t));
        }
        Some(Parts {
            zip,
            paths,
            scanned,
        })
    }

    /// The merged ranges of a sheet, in document order, or `None` to fall back.
    pub fn merges(&mut self, sheet: &str) -> Option<Vec<Merge>> {
        let path = self.paths.get(sheet)?.clone();
        // The part as the zip names it (calamine also matches it case-insensitively).
        let key = if self.scanned.contains_key(&path) {
            Some(path.clone())
        } else {
            self.scanned
                .keys()
                .find(|k| k.eq_ignore_ascii_case(&path))
                .cloned()
        };
        if let Some(k) = key {
            return self.scanned.get(&k).cloned().flatten();
        }
        let f = by_name(&mut self.zip, &path)?;
        scan(f.take(limits::MAX_INFLATED_BYTES))
    }

    /// A sheet's worksheet part, whole (bounded like every part), or `None` to fall back.
    pub fn part(&mut self, sheet: &str) -> Option<Vec<u8>> {
        let path = self.paths.get(sheet)?.clone();
        let mut out = Vec::new();
        let f = by_name(&mut self.zip, &path)?;
        f.take(limits::MAX_INFLATED_BYTES)
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    }
}

/// A part by exact name, else by a case-insensitive match (as calamine looks parts up).
pub(super) fn by_name<'z, 'a>(
    zip: &'z mut zip::ZipArchive<Cursor<&'a [u8]>>,
    path: &str,
) -> Option<zip::read::ZipFile<'z, Cursor<&'a [u8]>>> {
    let idx = zip.index_for_name(path).or_else(|| {
        (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(path)))
        })
    })?;
    zip.by_index(idx).ok()
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str, cap: u64) -> Option<String> {
    let f = by_name(zip, path)?;
    let mut s = String::new();
    f.take(cap).read_to_string(&mut s).ok()?;
    Some(s)
}

/// The start (or empty) elements named `local` (with or without a namespace prefix) of
/// an XML text, each as its attributes `(key, unescaped value)`; `None` when the text is
/// not well-formed.
fn elements(xml: &str, local: &str) -> Option<Vec<Vec<(String, String)>>> {
    let mut rd = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match rd.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.ok()?;
                        // Unescaped as calamine unescapes them.
                        let v = quick_xml::escape::unescape(&a.value).ok()?;
                        Some((a.key.as_ref().to_string(), v.into_owned()))
                    })
                    .collect::<Option<Vec<_>>>()?;
                out.push(attrs);
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// The worksheet part paths (lower-case) of the workbook's sheets, in workbook order, from
/// `xl/workbook.xml` and its relationships; `None` when either is not well-formed. A sheet
/// whose relationship is missing is left out.
pub(super) fn sheet_parts(wb: &str, rels: &str) -> Option<Vec<String>> {
    let targets = relationships(rels)?;
    let paths = sheets(wb)?.into_iter().filter_map(|(_, rid)| {
        let t = targets.get(&rid)?;
        Some(resolve("xl/", t).to_ascii_lowercase())
    });
    Some(paths.collect())
}

/// The value of the attribute named exactly `name`.
fn value<'s>(attrs: &'s [(String, String)], name: &str) -> Option<&'s str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Relationship id → target.
pub(super) fn relationships(xml: &str) -> Option<HashMap<String, String>> {
    let mut out = HashMap::new();
    for attrs in elements(xml, "Relationship")? {
        if let (Some(id), Some(target)) = (value(&attrs, "Id"), value(&attrs, "Target")) {
            out.insert(id.to_string(), target.to_string());
        }
    }
    Some(out)
}

/// (sheet name, relationship id) in workbook order.
fn sheets(xml: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for attrs in elements(xml, "sheet")? {
        let name = value(&attrs, "name")?.to_string();
        let rid = value(&attrs, "r:id")?.to_string();
        out.push((name, rid));
    }
    Some(out)
}

/// Reads a worksheet part in chunks, keeping only the text from the first `mergeCells`
/// tag on, and parses the merge refs from it.
fn scan(mut rd: impl Read) -> Option<Vec<Merge>> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut s = MergeScan::default();
    loop {
        let n = rd.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        s.feed(&buf[..n]);
    }
    s.finish()
}

/// The merge scan of one worksheet part, fed the inflated part chunk by chunk (by the
/// package check of [`super::package`], which inflates every part anyway, so a sheet is not
/// inflated a third time just for its merges).
#[derive(Debug, Default)]
pub struct MergeScan {
    // Until a `mergeCells` tag is seen only a small tail is kept (a split name).
    keep: Vec<u8>,
    found: bool,
    overflow: bool,
}

impl MergeScan {
    /// Takes the next chunk of the part.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.overflow {
            return;
        }
        self.keep.extend_from_slice(chunk);
        if !self.found {
            match find_tag_name(&self.keep) {
                Some(i) => {
                    let from = self.keep[..i].iter().rposition(|&b| b == b'<').unwrap_or(0);
                    self.keep.drain(..from);
                    self.found = true;
                }
                None => {
                    let cut = self.keep.len().saturating_sub(16);
                    self.keep.drain(..cut);
                }
            }
        }
        if self.found && self.keep.len() > limits::MAX_MERGE_TEXT {
            self.overflow = true;
            self.keep = Vec::new();
        }
    }

    /// The merged ranges in document order, or `None` to fall back to calamine.
    pub fn finish(self) -> Option<Vec<Merge>> {
        if self.overflow {
            return None;
        }
        if !self.found {
            return Some(Vec::new());
        }
        let text = std::str::from_utf8(&self.keep).ok()?;
        // The text kept starts at the tag before the first `mergeCells` name, maybe inside
        // the sheet's data: end tags are not matched to start tags.
        let mut rd = quick_xml::Reader::from_str(text);
        rd.config_mut().check_end_names = false;
        let mut out = Vec::new();
        let mut open = false;
        loop {
            match rd.read_event().ok()? {
                Event::Start(e) if e.local_name().as_ref() == "mergeCells" => open = true,
                // An empty list, or the end of the list.
                Event::Empty(e) if e.local_name().as_ref() == "mergeCells" => return Some(out),
                Event::End(e) if open && e.local_name().as_ref() == "mergeCells" => {
                    return Some(out)
                }
                Event::Start(e) | Event::Empty(e)
                    if open && e.local_name().as_ref() == "mergeCell" =>
                {
                    // calamine skips a mergeCell without a ref.
                    if let Some(r) = e.try_get_attribute("ref").ok()? {
                        out.push(dimension(&r.value)?);
                    }
                }
                // A comment, processing instruction and the like: leave the part to
                // calamine. The list never ended (calamine fails on it): fall back too.
                Event::Comment(_)
                | Event::PI(_)
                | Event::CData(_)
                | Event::DocType(_)
                | Event::Decl(_)
                | Event::Eof => return None,
                _ => {}
            }
        }
    }
}

/// Position of a `mergeCells` name right after `<` or a namespace `:`.
fn find_tag_name(hay: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(hay, b"mergeCells")
        .find(|&i| i > 0 && matches!(hay[i - 1], b'<' | b':'))
}

/// `A1:B2` or `A1` → a merge; anything else (absolute `$`, whole rows or columns,
/// inverted or huge ranges) → `None`.
fn dimension(r: &str) -> Option<Merge> {
    let mut parts = r.split(':');
    let a = cell(parts.next()?)?;
    let b = match parts.next() {
        Some(p) => cell(p)?,
        None => a,
    };
    if parts.next().is_some() || b.row < a.row || b.col < a.col {
        return None;
    }
    Some(Merge { start: a, end: b })
}

/// One plain `A1` reference, as [`CellRef::parse`] reads it; at most 10 characters (no
/// row calamine's own parser could overflow on). Lower-case or absolute references are
/// left to calamine.
fn cell(s: &str) -> Option<CellRef> {
    CellRef::parse(s).filter(|_| s.len() <= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_merges_like_calamine() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCells x</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B3"/></mergeCells></worksheet>"#;
        let m = scan(xml.as_bytes()).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(
            (m[0].start, m[0].end),
            (CellRef::new(0, 0), CellRef::new(0, 2))
        );
        assert_eq!(
            (m[1].start, m[1].end),
            (CellRef::new(2, 1), CellRef::new(2, 1))
        );
        assert_eq!(
            scan(&b"<worksheet><sheetData/></worksheet>"[..]),
            Some(vec![])
        );
        assert_eq!(scan(&b"<a><mergeCells/></a>"[..]), Some(vec![]));
        // An unterminated list or a comment is left to calamine.
        assert_eq!(scan(&b"<mergeCells><mergeCell ref=\"A1:B1\"/>"[..]), None);
        assert_eq!(scan(&b"<mergeCells><!-- x --></mergeCells>"[..]), None);
        // Unusual refs fall back to calamine.
        assert_eq!(
            scan(&b"<mergeCells><mergeCell ref=\"$A$1:B2\"/></mergeCells>"[..]),
            None
        );
        assert_eq!(
            scan(&b"<x:mergeCells><x:mergeCell ref=\"AA10:AB12\"/></x:mergeCells>"[..])
                .map(|v| v[0].end),
            Some(CellRef::new(11, 27))
        );
    }

    #[test]
    fn maps_sheet_names() {
        let wb = r#"<workbook><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId2"/><sheet name="x" sheetId="2" r:id="rId1"/></sheets></workbook>"#;
        let s = sheets(wb).unwrap();
        assert_eq!(s[0], ("A & B".to_string(), "rId2".to_string()));
        let rels = r#"<Relationships><Relationship Id="rId2" Type="t" Target="worksheets/sheet1.xml"/></Relationships>"#;
        assert_eq!(
            relationships(rels).unwrap().get("rId2").map(String::as_str),
            Some("worksheets/sheet1.xml")
        );
    }
}

#[cfg(test)]
mod against_calamine {
    use super::*;
    use calamine::{Reader, Xlsx};

    /// The scan gives exactly calamine's merges on workbooks written by rust_xlsxwriter
    /// and on every xlsx sample written by other programs.
    #[test]
    fn a_scan_fed_in_pieces_finds_what_a_whole_scan_finds() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:L1"/><x:mergeCell ref="B3:C4"/></x:mergeCells></worksheet>"#;
        let whole = scan(&xml[..]).unwrap();
        assert_eq!(whole.len(), 2);
        for size in [1, 2, 3, 7, 16, 17] {
            let mut s = MergeScan::default();
            for chunk in xml.chunks(size) {
                s.feed(chunk);
            }
            assert_eq!(s.finish().as_ref(), Some(&whole), "chunks of {size}");
        }
    }

    #[test]
    fn same_merges_as_calamine() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let fmt = rust_xlsxwriter::Format::new();
        let ws = wb.add_worksheet().set_name("表 & 1").unwrap();
        ws.merge_range(0, 0, 0, 5, "项目支出绩效自评表", &fmt)
            .unwrap();
        ws.merge_range(3, 1, 6, 2, "mergeCells", &fmt).unwrap();
        ws.write(10, 0, "<mergeCell ref=\"A1:B2\"/>").unwrap();
        let ws2 = wb.add_worksheet();
        ws2.merge_range(1, 27, 30, 28, "x", &fmt).unwrap();
        wb.add_worksheet().write(0, 0, 1).unwrap();
        let mut files = vec![wb.save_to_buffer().unwrap()];
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["fixtures/variants", "fixtures/inbox", "fixtures/report2021"] {
            for e in std::fs::read_dir(here.join(dir)).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == "xlsx") {
                    files.extend(std::fs::read(e.path()));
                }
            }
        }
        let mut compared = 0;
        for bytes in &files {
            // The inbox holds a lock file and other non-workbooks on purpose.
            let Ok(mut cal) = Xlsx::new(Cursor::new(bytes.as_slice())) else {
                continue;
            };
            let mut parts = Parts::open(bytes).expect("usual layout");
            // The same merges when the package check scanned the parts on its way.
            let (_, package) = crate::decode::sniff::sniff_package(bytes).unwrap();
            let scanned = package.merges;
            assert!(
                !scanned.is_empty(),
                "the package check scans worksheet parts"
            );
            let mut pre = Parts::open_scanned(bytes, scanned).expect("usual layout");
            for name in cal.sheet_names() {
                assert_eq!(pre.merges(&name), parts.merges(&name), "{name}");
            }
            for name in cal.sheet_names() {
                let want: Vec<Merge> = cal
                    .merge_cells_by_sheet_name(&name)
                    .unwrap()
                    .into_iter()
                    .map(|d| Merge {
                        start: CellRef::new(d.start.0, d.start.1),
                        end: CellRef::new(d.end.0, d.end.1),
                    })
                    .collect();
                assert_eq!(parts.merges(&name), Some(want), "{name}");
                compared += 1;
            }
        }
        assert!(compared >= 3);
    }
}
