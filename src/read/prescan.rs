//! Size checks for the formats calamine reads as whole rectangles (xls, ods), done before
//! calamine is called, so that one stray cell far away cannot make it allocate gigabytes.
//!
//! For xls a minimal compound-file (OLE/CFB) reader finds the `Workbook` stream and the
//! BIFF cell records are scanned for their positions. For ods, `content.xml` is streamed
//! for cell positions (with repeats); the same pass collects merged spans (which calamine
//! does not give for ods) and hidden tables.

use super::grid::Merge;
use super::limits;
use super::sniff::Refusal;
use crate::model::CellRef;
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor};

fn too_big(sheet_no: usize, rows: u64, cols: u64) -> Refusal {
    Refusal::Unreadable {
        zh: format!(
            "第 {sheet_no} 个工作表的已用区域过大（{rows} 行 × {cols} 列，上限 {} 个单元格），不可能是绩效自评表",
            limits::MAX_DENSE_AREA
        ),
        en: format!(
            "sheet {sheet_no}'s used area is too large ({rows} rows × {cols} columns, limit {} cells) to be a self-evaluation table",
            limits::MAX_DENSE_AREA
        ),
    }
}

/// Bounding box of the cells of one sheet.
#[derive(Default, Clone, Copy)]
struct Bbox {
    min_r: u64,
    max_r: u64,
    min_c: u64,
    max_c: u64,
    any: bool,
}

impl Bbox {
    fn add(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        if !self.any {
            *self = Bbox {
                min_r: r0,
                max_r: r1,
                min_c: c0,
                max_c: c1,
                any: true,
            };
        } else {
            self.min_r = self.min_r.min(r0);
            self.max_r = self.max_r.max(r1);
            self.min_c = self.min_c.min(c0);
            self.max_c = self.max_c.max(c1);
        }
    }
    fn dims(&self) -> (u64, u64) {
        if !self.any {
            return (0, 0);
        }
        (self.max_r - self.min_r + 1, self.max_c - self.min_c + 1)
    }
}

/// Sums the sheets' rectangles and refuses the workbook when they are too large.
fn check_boxes(boxes: &[Bbox]) -> Result<(), Refusal> {
    let mut total: u64 = 0;
    for (i, b) in boxes.iter().enumerate() {
        let (r, c) = b.dims();
        total = total.saturating_add(r.saturating_mul(c));
        if total > limits::MAX_DENSE_AREA {
            return Err(too_big(i + 1, r, c));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// xls
// ---------------------------------------------------------------------------------------

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// A minimal read-only compound file: enough to fetch one stream.
struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        let shift = u16_at(bytes, 0x1E)? as u32;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sec = 1usize << shift;
        let n_fat = u32_at(bytes, 0x2C)? as usize;
        let mut fat_secs: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + i * 4))
            .take(n_fat)
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let mut guard = 0;
        while fat_secs.len() < n_fat && difat < ENDOFCHAIN && guard < 100_000 {
            guard += 1;
            let off = (difat as usize + 1).checked_mul(sec)?;
            let per = sec / 4 - 1;
            for i in 0..per {
                if fat_secs.len() >= n_fat {
                    break;
                }
                fat_secs.push(u32_at(bytes, off + i * 4)?);
            }
            difat = u32_at(bytes, off + per * 4)?;
        }
        let mut fat = Vec::new();
        for s in fat_secs {
            let off = (s as usize + 1).checked_mul(sec)?;
            let chunk = bytes.get(off..off + sec)?;
            fat.extend(
                chunk
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
            if fat.len() > bytes.len() {
                return None;
            }
        }
        Some(Cfb { bytes, shift, fat })
    }

    /// Follows a FAT chain and concatenates its sectors (bounded by the file size).
    fn chain(
        &self,
        start: u32,
        fat: &[u32],
        unit: usize,
        base: &dyn Fn(u32) -> Option<usize>,
        src: &[u8],
    ) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut s = start;
        let mut steps = 0usize;
        while s < ENDOFCHAIN {
            steps += 1;
            if steps > fat.len() + 1 {
                return None; // a cycle
            }
            let off = base(s)?;
            out.extend_from_slice(src.get(off..off + unit)?);
            s = *fat.get(s as usize)?;
        }
        Some(out)
    }

    fn sector_chain(&self, start: u32) -> Option<Vec<u8>> {
        let sec = 1usize << self.shift;
        self.chain(
            start,
            &self.fat,
            sec,
            &|s| (s as usize + 1).checked_mul(sec),
            self.bytes,
        )
    }

    /// The bytes of the named stream in the root storage.
    fn stream(&self, names: &[&str]) -> Option<Vec<u8>> {
        let dir = self.sector_chain(u32_at(self.bytes, 0x30)?)?;
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let root = entries.first()?;
        let entry_name = |e: &[u8]| -> String {
            let len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
            let units: Vec<u16> = e[..len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        };
        let found = entries
            .iter()
            .find(|e| e[66] == 2 && names.contains(&entry_name(e).as_str()))?;
        let start = u32_at(found, 116)?;
        let size = u32_at(found, 120)? as usize;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        let data = if size < cutoff {
            let mini_shift = u16_at(self.bytes, 0x20)? as u32;
            if mini_shift > 12 {
                return None;
            }
            let mini = 1usize << mini_shift;
            let minifat_bytes = self.sector_chain(u32_at(self.bytes, 0x3C)?)?;
            let minifat: Vec<u32> = minifat_bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            let ministream = self.sector_chain(u32_at(root, 116)?)?;
            self.chain(
                start,
                &minifat,
                mini,
                &|s| (s as usize).checked_mul(mini),
                &ministream,
            )?
        } else {
            self.sector_chain(start)?
        };
        Some(data.get(..size.min(data.len()))?.to_vec())
    }
}

/// Refuses an xls whose sheets' cell rectangles are too large for calamine to hold.
/// A file whose compound structure cannot be followed is left to calamine to judge.
pub fn check_xls(bytes: &[u8]) -> Result<(), Refusal> {
    let Some(cfb) = Cfb::parse(bytes) else {
        return Ok(());
    };
    let Some(stream) = cfb.stream(&["Workbook", "Book"]) else {
        return Ok(());
    };
    let mut boxes: Vec<Bbox> = Vec::new();
    let mut depth = 0usize;
    let mut bofs = 0usize;
    let mut pos = 0usize;
    while pos + 4 <= stream.len() {
        let typ = u16_at(&stream, pos).unwrap_or(0);
        let len = u16_at(&stream, pos + 2).unwrap_or(0) as usize;
        let data = stream
            .get(pos + 4..(pos + 4 + len).min(stream.len()))
            .unwrap_or(&[]);
        pos += 4 + len;
        match typ {
            0x0809 => {
                depth += 1;
                bofs += 1;
                // The first substream holds the globals; each later top-level one a sheet.
                if depth == 1 && bofs > 1 {
                    boxes.push(Bbox::default());
                }
            }
            0x000A => depth = depth.saturating_sub(1),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD => {
                let (Some(r), Some(c0)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let c1 = if typ == 0x00BD && data.len() >= 6 {
                    u16_at(data, data.len() - 2).unwrap_or(c0).max(c0)
                } else {
                    c0
                };
                if let Some(b) = boxes.last_mut() {
                    b.add(r as u64, r as u64, c0 as u64, c1 as u64);
                }
            }
            _ => {}
        }
    }
    check_boxes(&boxes)
}

// ---------------------------------------------------------------------------------------
// ods
// ---------------------------------------------------------------------------------------

/// What the ods pre-scan learnt: merged spans per table (in document order) and the names
/// of hidden tables.
#[derive(Debug, Default)]
pub struct OdsSpans {
    /// Merges per table, by table index.
    pub merges: Vec<Vec<Merge>>,
    /// Names of tables whose style hides them.
    pub hidden: HashSet<String>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

fn num_attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Scans an ods `content.xml`: refuses a workbook too large for calamine, collects merges
/// and hidden tables.
pub fn check_ods(bytes: &[u8]) -> Result<OdsSpans, Refusal> {
    use quick_xml::events::Event;
    let corrupt = || Refusal::Unreadable {
        zh: "ods 文件已损坏（content.xml 无法读取）".into(),
        en: "damaged ods file (content.xml cannot be read)".into(),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
    let part = zip.by_name("content.xml").map_err(|_| corrupt())?;
    let mut rd = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut out = OdsSpans::default();
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut current_style: Option<String> = None;
    let mut table_styles: HashMap<String, String> = HashMap::new();
    let mut boxes: Vec<Bbox> = Vec::new();
    let (mut row, mut col, mut row_rep) = (0u64, 0u64, 1u64);
    let mut in_table = false;
    loop {
        let ev = rd.read_event_into(&mut buf).map_err(|_| corrupt())?;
        let (e, is_empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        row = row.saturating_add(row_rep);
                    }
                    "table:table" => in_table = false,
                    "style:style" => current_style = None,
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => (None, false),
        };
        if let Some(e) = e {
            match e.name().as_ref() {
                "style:style" if attr(&e, "style:family").as_deref() == Some("table") => {
                    current_style = attr(&e, "style:name");
                }
                "style:table-properties"
                    if attr(&e, "table:display").as_deref() == Some("false") =>
                {
                    if let Some(s) = &current_style {
                        hidden_styles.insert(s.clone());
                    }
                }
                "table:table" => {
                    in_table = !is_empty;
                    row = 0;
                    boxes.push(Bbox::default());
                    out.merges.push(Vec::new());
                    if let (Some(n), Some(s)) =
                        (attr(&e, "table:name"), attr(&e, "table:style-name"))
                    {
                        table_styles.insert(n, s);
                    }
                }
                "table:table-row" if in_table => {
                    row_rep = num_attr(&e, "table:number-rows-repeated");
                    col = 0;
                    if is_empty {
                        row = row.saturating_add(row_rep);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_table => {
                    let rep = num_attr(&e, "table:number-columns-repeated");
                    let filled = attr(&e, "office:value-type").is_some()
                        || attr(&e, "table:formula").is_some();
                    if filled {
                        if let Some(b) = boxes.last_mut() {
                            b.add(row, row + row_rep - 1, col, col + rep - 1);
                        }
                        check_boxes(&boxes)?;
                    }
                    let cs = num_attr(&e, "table:number-columns-spanned");
                    let rs = num_attr(&e, "table:number-rows-spanned");
                    if (cs > 1 || rs > 1) && row < u32::MAX as u64 && col < u32::MAX as u64 {
                        if let Some(ms) = out.merges.last_mut() {
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
                    col = col.saturating_add(rep);
                }
                _ => {}
            }
        }
        buf.clear();
    }
    for (name, style) in table_styles {
        if hidden_styles.contains(&style) {
            out.hidden.insert(name);
        }
    }
    Ok(out)
}
