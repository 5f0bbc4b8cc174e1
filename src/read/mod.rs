//! Reading: turns any workbook a unit may send into [`Table`]s, or into findings that say
//! precisely what could not be read and where.
//!
//! The entry point is [`read_file`] (or [`read_bytes`] for content already in memory). It
//! never panics on input: a corrupt, hostile or odd file becomes a `file-*` finding.
//!
//! The stages, one module each: [`sniff`] decides the format by content and bounds zip
//! packages; [`workbook`] opens it with calamine into bounded [`grid::Grid`]s (with
//! [`prescan`] guarding the formats calamine reads as rectangles); [`locate`] finds the
//! tables in a sheet; [`extract`] reads each table's fields by their labels, using
//! [`labels`] and [`number`]. [`limits`] holds every bound.

pub mod extract;
pub mod grid;
pub mod labels;
pub mod limits;
pub mod locate;
pub mod number;
pub mod prescan;
pub mod sniff;
pub mod workbook;
pub mod xlsxmerge;

pub mod walk;

use crate::diag::{Code, Finding, Message};
use crate::model::Table;
use std::path::Path;

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
}

impl ReadFile {
    fn refused(code: Code, message: Message) -> ReadFile {
        ReadFile {
            findings: vec![Finding::new(code, message)],
            tables: Vec::new(),
            unreadable: true,
        }
    }
}

/// Reads a workbook from disk.
pub fn read_file(path: &Path) -> ReadFile {
    // Refuse an oversized file before reading it into memory.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > limits::MAX_FILE_BYTES {
            return ReadFile::refused(
                Code::FileUnreadable,
                Message::new(
                    format!(
                        "文件过大（{} 字节，上限 {} 字节），不可能是绩效自评表",
                        meta.len(),
                        limits::MAX_FILE_BYTES
                    ),
                    format!(
                        "file too large ({} bytes, limit {} bytes) to be a self-evaluation workbook",
                        meta.len(),
                        limits::MAX_FILE_BYTES
                    ),
                ),
            );
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&bytes),
        Err(e) => ReadFile::refused(
            Code::FileUnreadable,
            Message::new(
                format!("无法打开文件：{e}"),
                format!("cannot open the file: {e}"),
            ),
        ),
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
    // calamine can panic on malformed input; a panic is one more unreadable file.
    match std::panic::catch_unwind(|| read_inner(bytes)) {
        Ok(r) => r,
        Err(_) => ReadFile::refused(
            Code::FileUnreadable,
            Message::new("文件已损坏，读取时出错", "damaged file: reading it failed"),
        ),
    }
}

fn read_inner(bytes: &[u8]) -> ReadFile {
    let (format, package) = match sniff::sniff_package(bytes) {
        Ok(f) => f,
        Err(r) => return refusal(r),
    };
    let sheets = match workbook::open_scanned(format, bytes, package) {
        Ok(s) => s,
        Err(r) => return refusal(r),
    };
    let mut out = ReadFile::default();
    for g in &sheets.grids {
        for found in locate::locate(g) {
            let (table, findings) = extract::extract(g, &found);
            out.tables.push(ReadTable { table, findings });
        }
    }
    if out.tables.is_empty() {
        if sheets.grids.is_empty() && !sheets.failed.is_empty() {
            return ReadFile::refused(
                Code::FileUnreadable,
                Message::new(
                    format!(
                        "工作表无法读取（{}），文件可能已损坏",
                        sheets.failed.join("、")
                    ),
                    format!(
                        "the sheets cannot be read ({}); the file may be damaged",
                        sheets.failed.join(", ")
                    ),
                ),
            );
        }
        let clipped: Vec<&str> = sheets
            .grids
            .iter()
            .filter(|g| g.clipped)
            .map(|g| g.name.as_str())
            .collect();
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
        out.findings
            .push(Finding::new(Code::FileNoTable, Message::new(zh, en)));
    }
    out
}

fn refusal(r: sniff::Refusal) -> ReadFile {
    match r {
        sniff::Refusal::Encrypted => ReadFile::refused(
            Code::FileEncrypted,
            Message::new(
                "工作簿设有打开密码，无法读取；请取消密码后重新提交",
                "the workbook is password-protected and cannot be read; remove the password and resubmit",
            ),
        ),
        sniff::Refusal::Unreadable { zh, en } => ReadFile::refused(
            Code::FileUnreadable,
            Message::new(format!("文件无法读取：{zh}"), format!("file cannot be read: {en}")),
        ),
    }
}
