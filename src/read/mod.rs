//! Reading: turns any workbook a unit may send into [`Table`]s, or into findings that say
//! precisely what could not be read and where.
//!
//! The entry point is [`read_file`] (or [`read_bytes`] for content already in memory). It
//! never panics on input: a corrupt, hostile or odd file becomes a `file-*` finding.
//!
//! The bytes become grids in [`crate::decode`] (loading, the format, one module per format,
//! every bound and refusal); here [`locate`] finds the tables in a sheet and [`extract`]
//! reads each table's fields by their labels ([`crate::form::labels`]); [`declaration`]
//! reads approved targets, [`narrative`] a unit's report, [`wordtable`] and [`embedded`] the
//! tables of a Word document, [`archive`] and [`walk`] what a folder or a zip holds.
//! The decoders stay reachable here by their old names ([`grid`], [`workbook`], [`limits`],
//! …), the public surface of reading.

pub mod archive;
pub mod declaration;
pub mod embedded;
pub mod extract;
pub mod locate;
pub mod narrative;
pub mod walk;
pub mod wordtable;
pub mod wordxml;

pub use crate::decode::{grid, limits, load, number, numfmt, refusal, sniff, textenc, workbook};
pub use crate::form::labels;

use crate::diag::{Code, Finding, Message};
use crate::model::Table;
use refusal::Refusal;
use std::path::Path;
use workbook::Sheets;

/// One table read from a workbook, with the findings met while reading its cells
/// (`field-missing`, `field-not-number`, `formula-not-computed`).
#[derive(Debug, Clone)]
pub struct ReadTable {
    /// The table as stated.
    pub table: Table,
    /// Reading findings inside this table (sheet and cell set).
    pub findings: Vec<Finding>,
}

/// What reading one file gave.
#[derive(Debug, Clone, Default)]
pub struct ReadFile {
    /// File-level findings (`file-unreadable`, `file-encrypted`, `file-no-table`).
    pub findings: Vec<Finding>,
    /// The tables found, in workbook sheet order.
    pub tables: Vec<ReadTable>,
    /// True when the file could not be opened as a workbook at all.
    pub unreadable: bool,
    /// The approved declarations found (templates.md §8), in workbook sheet order.
    pub declarations: Vec<crate::model::declaration::Declaration>,
}

impl ReadFile {
    fn refused(r: Refusal) -> ReadFile {
        ReadFile {
            findings: vec![r.finding()],
            unreadable: true,
            ..ReadFile::default()
        }
    }
}

/// Reads a workbook from disk, through the size gate ([`load`]).
pub fn read_file(path: &Path) -> ReadFile {
    match load::load(path) {
        Ok(bytes) => read_bytes(&bytes),
        Err(r) => ReadFile::refused(r),
    }
}

/// Reads a workbook from its bytes; the format is chosen by content.
///
/// ```
/// let r = selfeval::read::read_bytes(b"not a workbook");
/// assert!(r.unreadable);
/// assert_eq!(r.findings[0].code.as_str(), "file-unreadable");
/// ```
pub fn read_bytes(bytes: &[u8]) -> ReadFile {
    read_or_refuse(bytes).unwrap_or_else(ReadFile::refused)
}

/// The workbook in `bytes`, or why it is refused: for a caller that treats some refusals
/// otherwise (an embedded object that is no workbook at all gives nothing).
fn read_or_refuse(bytes: &[u8]) -> Result<ReadFile, Refusal> {
    // calamine can panic on malformed input; a panic is one more unreadable file.
    std::panic::catch_unwind(|| read_inner(bytes)).unwrap_or(Err(Refusal::Panicked))
}

/// A UTF-16 text (Excel's Unicode 文本, a page or a CSV saved in Unicode) is read as its
/// text in UTF-8 ([`textenc`]); any other file as it is.
fn read_inner(bytes: &[u8]) -> Result<ReadFile, Refusal> {
    match textenc::utf16_as_utf8(bytes)? {
        Some(text) => read_sniffed(&text),
        None => read_sniffed(bytes),
    }
}

fn read_sniffed(bytes: &[u8]) -> Result<ReadFile, Refusal> {
    let (format, package) = sniff::sniff_package(bytes)?;
    if package.own_output {
        return Ok(own_output());
    }
    let sheets = workbook::open_scanned(format, bytes, package)?;
    let (mut out, others) = read_located(&sheets.grids, &|_, _| true);
    if out.tables.is_empty() && out.declarations.is_empty() {
        if sheets.grids.is_empty() && !sheets.failed.is_empty() {
            return Err(Refusal::SheetsFailed(sheets.failed));
        }
        out.findings.push(no_table(&sheets, &others));
    }
    if sheets.unread > 0 {
        out.findings.push(unread_sheets(sheets.unread));
    }
    let clipped = clipped_names(&sheets);
    // A clipped sheet without any table is named in `file-no-table` already.
    if !clipped.is_empty() && !out.tables.is_empty() {
        out.findings.push(clipped_sheets(&clipped));
    }
    Ok(out)
}

/// What a reader knows of a located table from outside its grid: called with each table
/// found (and whether it is its grid's first), it may complete it or drop it (`false`).
pub type Adjust<'a> = dyn Fn(bool, &mut locate::Found) -> bool + 'a;

/// The tables and declarations of grids, in grid order, and the other forms seen (named
/// by `file-no-table` when nothing else is found).
fn read_located(
    grids: &[grid::Grid],
    adjust: &Adjust<'_>,
) -> (ReadFile, Vec<(&'static str, &'static str)>) {
    let mut out = ReadFile::default();
    let mut others = Vec::new();
    for g in grids {
        let located = locate::locate(g);
        others.extend(located.others);
        for (i, found) in located.tables.iter().enumerate() {
            let mut found = found.clone();
            if !adjust(i == 0, &mut found) {
                continue;
            }
            let (table, findings) = extract::extract(g, &found);
            out.tables.push(ReadTable { table, findings });
        }
        for (found, form) in &located.declarations {
            let read = declaration::extract(g, found);
            if read.is_empty() {
                others.push(*form);
            }
            out.declarations.extend(read);
        }
    }
    (out, others)
}

/// Reads the tables and declarations of grids that come from elsewhere than a workbook (a
/// Word document's tables, templates.md §9), through the same locate and extract as a
/// sheet's. Nothing found is no finding: the caller reads the document otherwise.
pub fn read_grids(grids: &[grid::Grid]) -> ReadFile {
    read_located(grids, &|_, _| true).0
}

/// [`read_grids`] with what is known of each table from outside its grid ([`Adjust`]).
pub fn read_grids_with(grids: &[grid::Grid], adjust: &Adjust<'_>) -> ReadFile {
    read_located(grids, adjust).0
}

/// `file-clipped`: visible worksheets past [`limits::MAX_SHEETS`] were not read.
fn unread_sheets(n: usize) -> Finding {
    let max = limits::MAX_SHEETS;
    Finding::new(
        Code::FileClipped,
        Message::new(
            format!("工作簿的可见工作表超过 {max} 张，只读取了前 {max} 张，另外 {n} 张未读取、未检查"),
            format!("the workbook has more than {max} visible sheets: the first {max} were read, {n} more were not read or checked"),
        ),
    )
}

/// The names of the sheets clipped at the row, column or cell bounds.
fn clipped_names(sheets: &workbook::Sheets) -> Vec<&str> {
    sheets
        .grids
        .iter()
        .filter(|g| g.clipped)
        .map(|g| g.name.as_str())
        .collect()
}

/// `file-clipped`: sheets too large to read whole (past the row, column or cell bounds).
fn clipped_sheets(names: &[&str]) -> Finding {
    let (n, rows, cols) = (names.len(), limits::MAX_ROWS, limits::MAX_COLS);
    Finding::new(
        Code::FileClipped,
        Message::new(
            format!("{n} 张工作表（「{}」）过大，只读取了前 {rows} 行、{cols} 列，其余内容未读取、未检查", names.join("、")),
            format!("{n} sheet(s) ({}) too large: only the first {rows} rows and {cols} columns were read and checked", names.join(", ")),
        ),
    )
}

/// `file-no-table` for one of selfeval's own outputs found in an inbox.
fn own_output() -> ReadFile {
    let message = Message::new(
        "这是 selfeval 生成的审核结果（汇总表、问题清单或退回单位的工作簿），不是单位报送的绩效自评表；如需修改，请在本单位原来的表格中修改后重新报送",
        "this is an output of selfeval (a summary, findings or unit workbook), not a self-evaluation table sent by a unit; corrections belong in the unit's own workbook",
    );
    ReadFile {
        findings: vec![Finding::new(Code::FileNoTable, message)],
        ..ReadFile::default()
    }
}

/// `file-no-table`: readable, but no table in any visible sheet (naming the sheets that
/// were clipped, which may hold one beyond the bounds).
fn no_table(sheets: &Sheets, others: &[(&str, &str)]) -> Finding {
    if let Some((zh, en)) = others.first() {
        // What the file seems to be, when its sheets are titled as another form.
        return Finding::new(
            Code::FileNoTable,
            Message::new(
                format!("这是{zh}，不是绩效自评表（{} 个可见工作表中没有绩效自评表）", sheets.grids.len()),
                format!("this is {en}, not a self-evaluation table (none of its {} visible sheets holds one)", sheets.grids.len()),
            ),
        );
    }
    let clipped = clipped_names(sheets);
    let (mut zh, mut en) = (
        format!(
            "可以读取，但 {} 个可见工作表中没有绩效自评表（按标题或“项目名称、年初预算数、一级指标”等栏目查找）",
            sheets.grids.len()
        ),
        format!(
            "readable, but none of its {} visible sheets holds a self-evaluation table (searched by title and by labels such as 项目名称, 年初预算数, 一级指标)",
            sheets.grids.len()
        ),
    );
    if !clipped.is_empty() {
        zh.push_str(&format!(
            "；工作表「{}」过大，只查找了前 {} 行、{} 列",
            clipped.join("、"),
            limits::MAX_ROWS,
            limits::MAX_COLS
        ));
        en.push_str(&format!(
            "; sheet(s) {} too large, only the first {} rows and {} columns searched",
            clipped.join(", "),
            limits::MAX_ROWS,
            limits::MAX_COLS
        ));
    }
    Finding::new(Code::FileNoTable, Message::new(zh, en))
}

#[cfg(test)]
pub(crate) use crate::decode::fixture;
