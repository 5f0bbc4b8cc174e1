//! Where a table stands in the unit's own file, as a person looks for it: a worksheet by
//! its name; a table of a Word document (whose tables are named `表格N`, templates.md §9)
//! as the document's N-th table, since a Word document has no worksheet to look for. The
//! letters and the page say it the same way.

use crate::diag::Lang;

/// The number N of a Word document's table named `表格N`; none for a workbook's sheet.
pub fn word_table(file: &str, sheet: &str) -> Option<u32> {
    let lower = file.to_lowercase();
    let word = [".docx", ".docm", ".dotx", ".dotm"]
        .iter()
        .any(|e| lower.ends_with(e));
    word.then(|| sheet.strip_prefix("表格")?.parse().ok())
        .flatten()
}

/// `文档第N个表格` for a Word document's table, `工作表“…”` for a worksheet.
pub fn sheet_place(file: &str, sheet: &str, lang: Lang) -> String {
    match (word_table(file, sheet), lang) {
        (Some(n), Lang::Zh) => format!("文档第{n}个表格"),
        (Some(n), Lang::En) => format!("table {n} of the document"),
        (None, Lang::Zh) => format!("工作表“{sheet}”"),
        (None, Lang::En) => format!("sheet “{sheet}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_table_is_named_by_its_number_a_sheet_by_its_name() {
        assert_eq!(word_table("a/报告.DOCX", "表格2"), Some(2));
        assert_eq!(word_table("a/表.xlsx", "表格2"), None);
        assert_eq!(word_table("a/报告.docx", "表格"), None);
        assert_eq!(sheet_place("报告.docx", "表格1", Lang::Zh), "文档第1个表格");
        assert_eq!(sheet_place("表.xls", "表格1", Lang::Zh), "工作表“表格1”");
        assert_eq!(
            sheet_place("r.docx", "表格3", Lang::En),
            "table 3 of the document"
        );
    }
}
