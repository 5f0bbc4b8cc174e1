//! A `.docx` or `.txt` in the inbox: a narrative report (`reports::read_report`), or —
//! templates.md §9 — a Word document whose tables hold a self-evaluation table. Such a
//! table is read through the same locate and extract as a sheet (each Word table a sheet
//! named `表格N`) and checked like a workbook's; the rest of the document is still read as
//! the unit's narrative report when it is one (headings or figures outside those tables),
//! so a document that is only the table and its titles is a table file, not a report.
//! Paragraphs are numbered over the whole document, table cells included, as a report's.
//! A table pasted in as an Excel object is read as the workbook it is
//! ([`crate::read::embedded`]).

use super::{checked_tables, reports, CheckedFile, FileStatus, Settings};
use crate::read::narrative::{docx, from_marked_paragraphs};
use crate::read::wordtable;
use std::path::Path;

/// Checks a document: its self-evaluation tables, if any, and its narrative.
pub fn check_document(path: &Path, bytes: &[u8], settings: &Settings) -> CheckedFile {
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let mut left = Vec::new();
    if is_docx {
        let run = std::panic::AssertUnwindSafe(|| with_tables(path, bytes, settings));
        match std::panic::catch_unwind(run) {
            Ok(Ok(file)) => return file,
            Ok(Err(findings)) => left = findings,
            Err(_) => return super::read_panicked(path, "文档", "document"),
        }
    }
    let mut file = reports::read_report(path, bytes);
    if !left.is_empty() {
        // Objects passed over at the bounds are named even when none was read as a table.
        file.findings.extend(left);
        file.update_status();
    }
    file
}

/// The document read as tables, when a Word table of it or an Excel object in it holds a
/// self-evaluation table or a declaration; else what reading the objects found to say
/// (`file-clipped`), for the document read as a plain report (or one the report reader
/// must explain).
fn with_tables(
    path: &Path,
    bytes: &[u8],
    settings: &Settings,
) -> Result<CheckedFile, Vec<crate::diag::Finding>> {
    let xml = docx::document_xml(bytes).map_err(|_| Vec::new())?;
    let doc = wordtable::read(&xml).ok_or_else(Vec::new)?;
    let mut read = wordtable::read_tables(&doc);
    // Tables pasted in as Excel objects come after the Word tables, in document order.
    let objects = crate::read::embedded::read(bytes, &xml);
    read.tables.extend(objects.tables);
    read.declarations.extend(objects.declarations);
    if read.tables.is_empty() && read.declarations.is_empty() {
        return Err(objects.findings);
    }
    let mut file = super::unreadable(path, crate::diag::Message::new("", ""));
    file.findings = objects.findings;
    file.status = FileStatus::Ok;
    // A declaration typed in Word (templates.md §8, §9) is read as a workbook's is.
    let sheets: Vec<String> = (read.tables.iter().map(|t| t.table.sheet.clone()))
        .chain(read.declarations.iter().map(|d| d.sheet.clone()))
        .collect();
    file.tables = checked_tables(read.tables, settings);
    file.declarations = super::approved::check_declarations(path, read.declarations);
    file.hash = Some(*blake3::hash(bytes).as_bytes());
    // The paragraphs of the Word tables that are self-evaluation tables are no report's.
    let in_table = |n: Option<usize>| n.is_some_and(|n| sheets.contains(&wordtable::sheet_name(n)));
    let marked = doc
        .paragraphs
        .into_iter()
        .map(|(p, n)| (p, in_table(n)))
        .collect();
    let narrative = from_marked_paragraphs(marked);
    if !(narrative.headings.is_empty() && narrative.figures.is_empty()) {
        file.narrative = Some(narrative);
    }
    file.update_status();
    Ok(file)
}
