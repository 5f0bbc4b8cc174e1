//! `findings.xlsx`: every finding of a run, one filterable row each, with the file, sheet
//! and cell it points at.

use crate::pipeline::CheckedFile;
use crate::rules::{Finding, Lang, Severity};
use crate::write::sheet::{ListFormats, ListSheet};
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

/// Builds the findings workbook (not yet saved).
pub fn build(files: &[CheckedFile], inbox: &std::path::Path, lang: Lang) -> Result<Workbook> {
    let f = ListFormats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(match lang {
        Lang::Zh => "问题清单",
        Lang::En => "Findings",
    })?;
    let heads: Vec<&str> = HEADERS
        .iter()
        .map(|(zh, en)| if lang == Lang::Zh { *zh } else { *en })
        .collect();
    let mut s = ListSheet::new(ws, &heads, &f)?;
    let mut r = 0u32;
    let mut row = |s: &mut ListSheet<'_>, path: &str, table: &str, x: &Finding| -> Result<()> {
        r += 1;
        s.text(r, 0, path, &f.text)?;
        s.text(r, 1, x.sheet.as_deref().unwrap_or(""), &f.text)?;
        s.text(
            r,
            2,
            &x.cell.map(|c| c.to_string()).unwrap_or_default(),
            &f.text,
        )?;
        s.text(r, 3, x.code.as_str(), &f.text)?;
        let sev = x.severity();
        s.text(
            r,
            4,
            if lang == Lang::Zh {
                sev.zh()
            } else {
                sev.as_str()
            },
            &f.text,
        )?;
        s.text(r, 5, x.message.get(lang), &f.text)?;
        s.text(r, 6, x.expected.as_deref().unwrap_or(""), &f.text)?;
        s.text(r, 7, x.found.as_deref().unwrap_or(""), &f.text)?;
        s.text(r, 8, table, &f.text)?;
        Ok(())
    };
    for file in files {
        let path = shown_path(file, inbox);
        for x in &file.findings {
            row(&mut s, &path, "", x)?;
        }
        for t in &file.tables {
            for x in &t.findings {
                row(&mut s, &path, &t.table.name.text, x)?;
            }
        }
    }
    if r > 0 {
        let red = Format::new()
            .set_background_color(Color::RGB(0xFFC7CE))
            .set_pattern(FormatPattern::Solid);
        let err = if lang == Lang::Zh {
            Severity::Error.zh()
        } else {
            Severity::Error.as_str()
        };
        s.ws.add_conditional_format(
            1,
            4,
            r,
            4,
            &ConditionalFormatFormula::new()
                .set_rule(format!("=$E2=\"{err}\"").as_str())
                .set_format(&red),
        )?;
    }
    s.finish(r)?;
    Ok(wb)
}
