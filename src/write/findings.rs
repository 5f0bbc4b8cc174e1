//! `findings.xlsx`: every finding of a run, one filterable row each, with the file, sheet
//! and cell it points at. More findings than one worksheet holds continue on continuation
//! sheets `问题清单(2)`, `问题清单(3)`, … with the same header.

use crate::check::CheckedFile;
use crate::diag::{Finding, Lang, Severity};
use crate::write::sheet::{ListFormats, ListOptions, ListSheet, SheetMemory, MAX_DATA_ROWS};
use crate::write::summary::shown_path;
use anyhow::Result;
use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, FormatPattern, Workbook};

const HEADERS: [(&str, &str); 9] = [
    ("文件", "File"),
    ("工作表", "Sheet"),
    ("单元格", "Cell"),
    ("代码", "Code"),
    ("严重程度", "Severity"),
    ("说明", "Message"),
    ("复核值", "Expected"),
    ("填报值", "Found"),
    ("表名称", "Table"),
];

/// The name of the findings sheet in a language (continuation sheets add `(2)`, `(3)`, …).
pub fn sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "问题清单",
        Lang::En => "Findings",
    }
}

/// Builds the findings workbook (not yet saved).
pub fn build(files: &[CheckedFile], inbox: &std::path::Path, lang: Lang) -> Result<Workbook> {
    build_with_rows(files, inbox, lang, MAX_DATA_ROWS)
}

/// Builds the findings workbook with at most `rows_per_sheet` findings on each worksheet;
/// more continue on continuation sheets. [`build`] passes [`MAX_DATA_ROWS`]; a smaller figure
/// lets tests see the split without writing a million rows.
pub fn build_with_rows(
    files: &[CheckedFile],
    inbox: &std::path::Path,
    lang: Lang,
    rows_per_sheet: u32,
) -> Result<Workbook> {
    let f = ListFormats::new();
    let mut wb = Workbook::new();
    let heads: Vec<&str> = HEADERS.iter().map(|(zh, en)| pick(lang, zh, en)).collect();
    // Rows go out to a temporary file as they are written: a bureau's findings can run to
    // hundreds of thousands of rows, and the summary is being built at the same time.
    let opts = ListOptions {
        memory: SheetMemory::Constant,
        rows_per_sheet,
        ..ListOptions::default()
    };
    let mut s = ListSheet::new(&mut wb, sheet_name(lang), &heads, &f, opts)?;
    errors_in_red(&mut s, lang);
    for file in files {
        let path = shown_path(file, inbox);
        for x in &file.findings {
            finding_row(&mut s, &f, lang, &path, "", x)?;
        }
        for t in &file.tables {
            for x in &t.findings {
                finding_row(&mut s, &f, lang, &path, &t.table.name.text, x)?;
            }
        }
    }
    s.finish()?;
    Ok(wb)
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

/// An error's severity cell shows red, so errors stand out among warnings.
fn errors_in_red(s: &mut ListSheet<'_>, lang: Lang) {
    let red = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_pattern(FormatPattern::Solid);
    let err = pick(lang, Severity::Error.zh(), Severity::Error.as_str());
    s.conditional_format(
        4,
        4,
        ConditionalFormatFormula::new()
            .set_rule(format!("=$E2=\"{err}\"").as_str())
            .set_format(&red),
    );
}

/// One finding's row; `table` is empty for a finding on the file as a whole.
fn finding_row(
    s: &mut ListSheet<'_>,
    f: &ListFormats,
    lang: Lang,
    path: &str,
    table: &str,
    x: &Finding,
) -> Result<()> {
    s.next_row()?;
    s.text(0, path, &f.text)?;
    s.text(1, x.sheet.as_deref().unwrap_or(""), &f.text)?;
    let cell = x.cell.map(|c| c.to_string()).unwrap_or_default();
    s.text(2, &cell, &f.text)?;
    s.text(3, x.code.as_str(), &f.text)?;
    let sev = x.severity();
    s.text(4, pick(lang, sev.zh(), sev.as_str()), &f.text)?;
    s.text(5, x.message.get(lang), &f.text)?;
    s.text(6, x.expected.as_deref().unwrap_or(""), &f.text)?;
    s.text(7, x.found.as_deref().unwrap_or(""), &f.text)?;
    s.text(8, table, &f.text)?;
    Ok(())
}
