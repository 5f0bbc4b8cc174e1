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

/// Touches every file in parallel on the current rayon pool.
pub fn touch_all(files: &[PathBuf]) -> Touched {
    files
        .par_iter()
        .map(|p| touch_file(p))
        .reduce(Touched::default, Touched::add)
}
