//! Reading: turns any workbook a unit may send into [`Table`]s, or into findings that say
//! precisely what could not be read and where.
//!
//! The entry point is [`read_file`] (or [`read_bytes`] for content already in memory). It
//! never panics on input: a corrupt, hostile or odd file becomes a `file-*` finding.

pub mod walk;

use crate::model::Table;
use crate::rules::Finding;
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

/// Reads a workbook from disk.
pub fn read_file(path: &Path) -> ReadFile {
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&bytes),
        Err(e) => {
            let mut r = ReadFile {
                unreadable: true,
                ..Default::default()
            };
            r.findings.push(Finding::new(
                crate::rules::Code::FileUnreadable,
                crate::rules::Message::new(
                    format!("无法打开文件：{e}"),
                    format!("cannot open the file: {e}"),
                ),
            ));
            r
        }
    }
}

/// Reads a workbook from its bytes; the format is chosen by content.
pub fn read_bytes(bytes: &[u8]) -> ReadFile {
    let _ = bytes;
    todo!("the tolerant reader")
}
