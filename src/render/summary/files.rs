//! 文件清单: every input file, so nothing dropped in is silently lost.

use super::{shown_path, standing_text, status_text, Ctx};
use crate::check::{CheckedFile, FileStatus};
use crate::diag::Lang;
use crate::xlsx::print::{fit_width, FIRST_DATA_A1};
use crate::xlsx::style::text_width;
use anyhow::Result;
use rust_xlsxwriter::{ConditionalFormatFormula, Workbook};

const FILE_HEADERS: [(&str, &str); 6] = [
    ("文件", "File"),
    ("状态", "Status"),
    ("表数", "Tables"),
    ("错误", "Errors"),
    ("警告", "Warnings"),
    ("说明", "Note"),
];

/// The note of a file: its first finding, which says why it is not usable when it is not;
/// then the declarations it holds (templates.md §8), which are no tables.
fn note(file: &CheckedFile, cx: &Ctx<'_>) -> String {
    let first = file
        .findings
        .first()
        .map(|x| x.message.get(cx.lang).to_string());
    let declared = declared(file, cx);
    let first = match (first, declared.is_empty()) {
        (Some(x), true) => Some(x),
        (Some(x), false) => Some(format!("{x}；{declared}")),
        (None, true) => None,
        (None, false) => Some(declared),
    };
    let left = file.tables.len() - file.counted_tables().count();
    if left == 0 || !file.standing.counts() {
        return first.unwrap_or_default();
    }
    let why = match cx.lang {
        Lang::Zh => format!("其中 {left} 张表为旧副本或非本年度，未计入"),
        Lang::En => format!("{left} of its tables are older copies or other years', not counted"),
    };
    match first {
        Some(f) => format!("{why}；{f}"),
        None => why,
    }
}

/// The status column: what happened to the file, or why it does not count.
fn status_cell(file: &CheckedFile, cx: &Ctx<'_>) -> String {
    if file.standing.counts() {
        status_text(file.status, cx.lang).to_string()
    } else {
        standing_text(&file.standing, cx.inbox, cx.lang)
    }
}

/// `绩效目标申报表 20 份：甲、乙、丙等`: the declarations of a file, by name.
fn declared(file: &CheckedFile, cx: &Ctx<'_>) -> String {
    let n = file.declarations.len();
    if n == 0 {
        return String::new();
    }
    let names: Vec<&str> = file
        .declarations
        .iter()
        .take(3)
        .map(|d| d.declaration.name.text.as_str())
        .collect();
    let more = if n > 3 {
        cx.lang.pick("等", " …")
    } else {
        ""
    };
    match cx.lang {
        crate::diag::Lang::Zh => format!("绩效目标申报表 {n} 份：{}{more}", names.join("、")),
        crate::diag::Lang::En => format!("{n} declaration(s): {}{more}", names.join(", ")),
    }
}

/// The column widths: paths measured, the note measured up to a wrapping width.
fn widths(files: &[CheckedFile], cx: &Ctx<'_>) -> Vec<f64> {
    let path = files.iter().map(|f| text_width(&shown_path(f, cx.inbox)));
    let path = path.max().unwrap_or(0);
    let notes = files.iter().map(|f| text_width(&note(f, cx))).max();
    let status = files.iter().map(|f| text_width(&status_cell(f, cx))).max();
    let h = |k: usize| cx.lang.pick(FILE_HEADERS[k].0, FILE_HEADERS[k].1);
    vec![
        fit_width(h(0), path, 16.0, 44.0),
        fit_width(h(1), status.unwrap_or(0), 8.0, 30.0),
        6.0,
        6.0,
        6.0,
        fit_width(h(5), notes.unwrap_or(0), 16.0, 48.0),
    ]
}

/// Writes 文件清单, continued on further sheets when it outgrows one.
pub(super) fn write(wb: &mut Workbook, cx: &Ctx<'_>) -> Result<()> {
    let files = cx.source.light();
    let f = &cx.f;
    let mut s = cx.long_list(wb, cx.name(3), &FILE_HEADERS, &widths(files, cx))?;
    // A file that could not be used shows red.
    let r = FIRST_DATA_A1;
    let unusable = format!(
        "=OR($B{r}=\"{}\",$B{r}=\"{}\")",
        status_text(FileStatus::Invalid, cx.lang),
        status_text(FileStatus::Unreadable, cx.lang)
    );
    s.conditional_format(
        1,
        1,
        ConditionalFormatFormula::new()
            .set_rule(unusable.as_str())
            .set_format(&cx.styles.red),
    );
    for file in files {
        s.next_row()?;
        let c = file.counted_counts();
        s.text(0, &shown_path(file, cx.inbox), &f.text)?;
        s.text(1, &status_cell(file, cx), &f.text)?;
        s.int(2, Some(file.counted_tables().count()), &f.int)?;
        s.int(3, Some(c.errors), &f.int)?;
        s.int(4, Some(c.warnings), &f.int)?;
        s.text(5, &note(file, cx), &f.text)?;
    }
    s.finish()?;
    Ok(())
}
