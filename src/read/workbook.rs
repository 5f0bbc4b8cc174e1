//! Opening a workbook of a sniffed format with calamine (from bytes, the format's own
//! reader) and turning each visible worksheet into a bounded [`Grid`].
//!
//! xlsx and xlsb sheets are streamed cell by cell, so a stray cell far away never makes a
//! rectangle. xls and ods are read by calamine as whole rectangles; their size is checked
//! first by [`super::prescan`] so a hostile one is refused before it is allocated.

use super::grid::{Cell, Grid, GridBuilder, Merge};
use super::labels;
use super::limits;
use super::sniff::{Format, Package, Refusal};
use crate::model::CellRef;
use calamine::{Data, Dimensions, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use std::io::Cursor;

/// The visible worksheets of a workbook, in workbook order, plus notes on what was passed
/// over (hidden sheets, clipped sheets) for messages.
#[derive(Debug, Default)]
pub struct Sheets {
    /// Visible worksheets.
    pub grids: Vec<Grid>,
    /// Names of sheets that could not be read (each read error is per sheet).
    pub failed: Vec<String>,
}

fn refusal_from<E: std::fmt::Debug>(e: E, what: &str) -> Refusal {
    let s = format!("{e:?}");
    if s.contains("Password") || s.contains("Encrypt") {
        return Refusal::Encrypted;
    }
    Refusal::Unreadable {
        zh: format!("{what} 文件已损坏，无法读取（{}）", short(&s)),
        en: format!("damaged {what} file, cannot be read ({})", short(&s)),
    }
}

fn short(s: &str) -> String {
    s.chars().take(120).collect()
}

/// The sheets to read, with their index in the workbook: at most [`limits::MAX_SHEETS`],
/// visible worksheets only (hidden, very hidden and chart sheets are not tables).
fn sheets_to_read(metas: &[calamine::Sheet]) -> Vec<(usize, calamine::Sheet)> {
    metas
        .iter()
        .take(limits::MAX_SHEETS)
        .enumerate()
        .filter(|(_, m)| keep(m.visible, m.typ))
        .map(|(i, m)| (i, m.clone()))
        .collect()
}

/// True when the sheet is worth keeping: a visible worksheet.
fn keep(visible: SheetVisible, typ: SheetType) -> bool {
    visible == SheetVisible::Visible && typ == SheetType::WorkSheet
}

/// Opens the workbook and reads its visible worksheets.
pub fn open(format: Format, bytes: &[u8]) -> Result<Sheets, Refusal> {
    open_scanned(format, bytes, Package::default())
}

/// Like [`open`], with what [`super::sniff::sniff_package`] learned of an xlsx package:
/// the merges of its worksheet parts (a part missing from them is scanned here) and the
/// package stored uncompressed, read instead of the original when present.
pub fn open_scanned(format: Format, bytes: &[u8], package: Package) -> Result<Sheets, Refusal> {
    match format {
        Format::Xlsx => match &package.stored {
            Some(stored) => open_xlsx(stored, package.merges),
            None => open_xlsx(bytes, package.merges),
        },
        Format::Xlsb => open_xlsb(bytes),
        Format::Xls => open_xls(bytes),
        Format::Ods => open_ods(bytes),
    }
}

/// True when a grid holds something a table could start from (a title, a name label or a
/// fund header), so the merge ranges are worth loading.
fn has_candidate(g: &Grid) -> bool {
    g.cells().any(|(_, _, c)| match c {
        Cell::Text(t) if t.chars().count() <= 60 => {
            // Key the cell once for all three classifiers.
            let k = labels::key(t);
            labels::title_of_key(&k).is_some()
                || labels::field_of_key(&k).is_some()
                || labels::header_of_key(&k).is_some()
        }
        _ => false,
    })
}

fn to_merges(dims: Vec<Dimensions>) -> impl Iterator<Item = Merge> {
    dims.into_iter().map(|d| Merge {
        start: CellRef::new(d.start.0, d.start.1),
        end: CellRef::new(d.end.0, d.end.1),
    })
}

fn open_xlsx(bytes: &[u8], scanned: super::sniff::ScannedMerges) -> Result<Sheets, Refusal> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| refusal_from(e, "xlsx"))?;
    let metas = sheets_to_read(wb.sheets_metadata());
    let mut out = Sheets::default();
    // The package, opened on the first sheet that needs its merges.
    let mut parts: Option<Option<super::xlsxmerge::Parts>> = None;
    let mut scanned = Some(scanned);
    for (_, m) in metas {
        let mut b = GridBuilder::new();
        let ok = (|| -> Result<(), calamine::XlsxError> {
            let mut rd = wb.worksheet_cells_reader(&m.name)?;
            while let Some(rec) = rd.next_cell_with_formula_metadata()? {
                let (r, c) = rec.pos;
                // Rows come in ascending order in a worksheet part: stop at the bound.
                if GridBuilder::past_rows(r) {
                    b.clip();
                    break;
                }
                let cell = Cell::from_data_ref(&rec.value, rec.formula.is_some());
                if !b.push(r, c, cell) {
                    break;
                }
            }
            Ok(())
        })();
        if ok.is_err() {
            out.failed.push(m.name.clone());
            continue;
        }
        let mut g = b.build(&m.name);
        if has_candidate(&g) {
            // Scan the part for its merge tags; calamine's full re-parse is the fallback
            // for anything unusual, so the merges are always the ones calamine gives.
            let fast = parts
                .get_or_insert_with(|| {
                    super::xlsxmerge::Parts::open_scanned(bytes, scanned.take().unwrap_or_default())
                })
                .as_mut()
                .and_then(|p| p.merges(&m.name));
            match fast {
                Some(ms) => g.set_merges(ms),
                None => {
                    if let Ok(dims) = wb.merge_cells_by_sheet_name(&m.name) {
                        g.set_merges(to_merges(dims));
                    }
                }
            }
        }
        out.grids.push(g);
    }
    Ok(out)
}

fn open_xlsb(bytes: &[u8]) -> Result<Sheets, Refusal> {
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| refusal_from(e, "xlsb"))?;
    let metas = sheets_to_read(wb.sheets_metadata());
    let mut out = Sheets::default();
    for (_, m) in metas {
        let mut b = GridBuilder::new();
        let ok = (|| -> Result<(), calamine::XlsbError> {
            let mut rd = wb.worksheet_cells_reader(&m.name)?;
            while let Some(cell) = rd.next_cell()? {
                let (r, c) = cell.get_position();
                if GridBuilder::past_rows(r) {
                    b.clip();
                    break;
                }
                if !b.push(r, c, Cell::from_data_ref(cell.get_value(), false)) {
                    break;
                }
            }
            Ok(())
        })();
        if ok.is_err() {
            out.failed.push(m.name.clone());
            continue;
        }
        out.grids.push(b.build(&m.name));
    }
    Ok(out)
}

/// Builds a grid from a calamine range and its formula range (absolute positions).
fn grid_from_range(
    name: &str,
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
) -> Grid {
    let mut fset = std::collections::HashSet::new();
    if let Some(f) = formulas {
        if let Some((r0, c0)) = f.start() {
            for (r, c, t) in f.used_cells() {
                if !t.is_empty() {
                    fset.insert((r0 + r as u32, c0 + c as u32));
                }
            }
        }
    }
    let mut b = GridBuilder::new();
    if let Some((r0, c0)) = range.start() {
        for (r, c, d) in range.used_cells() {
            let (ar, ac) = (r0 + r as u32, c0 + c as u32);
            if !b.push(ar, ac, Cell::from_data(d, fset.remove(&(ar, ac)))) {
                break;
            }
        }
    }
    // Formula cells whose value is absent from the value range entirely.
    for (r, c) in fset {
        b.push(r, c, Cell::Uncomputed);
    }
    b.build(name)
}

fn open_xls(bytes: &[u8]) -> Result<Sheets, Refusal> {
    super::prescan::check_xls(bytes)?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| refusal_from(e, "xls"))?;
    let metas = sheets_to_read(wb.sheets_metadata());
    let mut out = Sheets::default();
    for (_, m) in metas {
        let Ok(range) = wb.worksheet_range(&m.name) else {
            out.failed.push(m.name.clone());
            continue;
        };
        let formulas = wb.worksheet_formula(&m.name).ok();
        let mut g = grid_from_range(&m.name, &range, formulas.as_ref());
        if let Ok(dims) = wb.merge_cells_by_sheet_name(&m.name) {
            g.set_merges(to_merges(dims));
        }
        out.grids.push(g);
    }
    Ok(out)
}

fn open_ods(bytes: &[u8]) -> Result<Sheets, Refusal> {
    let spans = super::prescan::check_ods(bytes)?;
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| refusal_from(e, "ods"))?;
    let metas = sheets_to_read(wb.sheets_metadata());
    let mut out = Sheets::default();
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
        out.grids.push(g);
    }
    Ok(out)
}
