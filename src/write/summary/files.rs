//! 文件清单: every input file, so nothing dropped in is silently lost.

use super::{shown_path, status_text, Ctx};
use crate::check::{CheckedFile, FileStatus};
use crate::write::sheet::ListSheet;
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

/// Writes 文件清单, continued on further sheets when it outgrows one.
pub(super) fn write(wb: &mut Workbook, files: &[CheckedFile], cx: &Ctx<'_>) -> Result<()> {
    let f = &cx.f;
    let heads = cx.headers(&FILE_HEADERS);
    let mut s = ListSheet::new(wb, cx.name(3), &heads, f, cx.long)?;
    // A file that could not be used shows red.
    let unusable = format!(
        "=OR($B2=\"{}\",$B2=\"{}\")",
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
        let (e, w, _) = file.severity_counts();
        s.text(0, &shown_path(file, cx.inbox), &f.text)?;
        s.text(1, status_text(file.status, cx.lang), &f.text)?;
        s.int(2, file.tables.len(), &f.int)?;
        s.int(3, e, &f.int)?;
        s.int(4, w, &f.int)?;
        // The first finding of the file says why it is not usable, when it is not.
        let note = file
            .findings
            .first()
            .map(|x| x.message.get(cx.lang).to_string())
            .unwrap_or_default();
        s.text(5, &note, &f.text)?;
    }
    s.finish()?;
    Ok(())
}
