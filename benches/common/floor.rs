//! The floor of reading: open each workbook with calamine and touch every cell of every
//! sheet, nothing else. Shared by `examples/floor.rs` and the benchmarks.
#![allow(dead_code)]

use anyhow::Result;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use rayon::prelude::*;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// What touching a set of workbooks saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Touched {
    /// Sheets opened.
    pub sheets: usize,
    /// Cells of every sheet's range (empty ones included).
    pub cells: usize,
    /// Cells holding something.
    pub non_empty: usize,
    /// A checksum over the cells so the work is not optimised away.
    pub checksum: u64,
}

impl Touched {
    fn add(mut self, o: Touched) -> Touched {
        self.sheets += o.sheets;
        self.cells += o.cells;
        self.non_empty += o.non_empty;
        self.checksum = self.checksum.wrapping_add(o.checksum);
        self
    }
}

/// The `.xlsx` files directly in `dir`, sorted.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    Ok(v)
}

/// Reads one workbook's bytes and touches every cell; an unreadable file counts nothing.
pub fn touch_file(path: &Path) -> Touched {
    let Ok(bytes) = std::fs::read(path) else {
        return Touched::default();
    };
    touch_bytes(bytes)
}

/// Touches every cell of a workbook held in memory.
pub fn touch_bytes(bytes: Vec<u8>) -> Touched {
    let mut t = Touched::default();
    let Ok(mut wb) = open_workbook_auto_from_rs(Cursor::new(bytes)) else {
        return t;
    };
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        t.sheets += 1;
        for (_, _, v) in range.cells() {
            t.cells += 1;
            let h = match v {
                Data::Empty => continue,
                Data::String(s) => s.len() as u64,
                Data::Float(f) => f.to_bits(),
                Data::Int(i) => *i as u64,
                _ => 1,
            };
            t.non_empty += 1;
            t.checksum = t.checksum.wrapping_add(h);
        }
    }
    t
}

/// The write floor: reads a workbook like [`touch_bytes`] and writes it back as a new
/// workbook with rust_xlsxwriter — every cell of every sheet's range (empty ones as
/// formatted blanks, as a bordered table needs), one bordered format, deflate level 1 —
/// nothing else. What any tool that re-lays N workbooks must at least spend.
pub fn copy_bytes(bytes: Vec<u8>) -> Option<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatBorder, Workbook};
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let mut out = Workbook::new();
    let f = Format::new()
        .set_font_name("宋体")
        .set_border(FormatBorder::Thin);
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let ws = out.add_worksheet();
        ws.set_name(&name).ok()?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.cells() {
            let (r, c) = (r as u32 + r0, (c as u32 + c0) as u16);
            let written = match v {
                Data::String(s) => ws.write_string_with_format(r, c, s, &f),
                Data::Float(x) => ws.write_number_with_format(r, c, *x, &f),
                Data::Int(i) => ws.write_number_with_format(r, c, *i as f64, &f),
                _ => ws.write_blank(r, c, &f),
            };
            written.ok()?;
        }
    }
    out.set_zip_compression_level(1);
    out.save_to_buffer().ok()
}

/// [`copy_bytes`] on every file in parallel, each copy written into `out` under its name.
pub fn copy_all(files: &[PathBuf], out: &Path) -> usize {
    files
        .par_iter()
        .filter(|p| {
            let copy = std::fs::read(p).ok().and_then(copy_bytes);
            match (copy, p.file_name()) {
                (Some(bytes), Some(name)) => std::fs::write(out.join(name), bytes).is_ok(),
                _ => false,
            }
        })
        .count()
}

/// Touches every file in parallel on the current rayon pool.
pub fn touch_all(files: &[PathBuf]) -> Touched {
    files
        .par_iter()
        .map(|p| touch_file(p))
        .reduce(Touched::default, Touched::add)
}
