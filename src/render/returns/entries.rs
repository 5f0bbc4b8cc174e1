//! The finding rows of a return workbook: one [`Entry`] per finding of the unit, with where
//! the unit finds it in its own file and where it is marked in this workbook, in the order
//! of the 审核意见 sheet (errors, then warnings, then notes; within each, table order).

use crate::check::{CheckedFile, CheckedTable};
use crate::diag::{Code, Finding, Lang, Severity};
use crate::model::CellRef;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// One row of the 审核意见 sheet.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The table's name (`—` for a finding about the file).
    pub table: String,
    /// The table's place in the unit (file-level findings first).
    pub order: usize,
    /// The file the unit sent (its name).
    pub file: String,
    /// The unit's sheet, when the finding is inside one.
    pub sheet: Option<String>,
    /// The finding.
    pub finding: Finding,
    /// The message in the output language.
    pub message: String,
    /// The marked cell in this workbook: (sheet, cell), once the table sheet is written.
    pub link: Option<(String, CellRef)>,
    /// In a workspace after a round: whether the finding was sent before (campaign.md §5).
    pub state: Option<crate::diag::State>,
}

impl Entry {
    /// The finding's severity.
    pub fn severity(&self) -> Severity {
        self.finding.severity()
    }

    /// Where the unit finds the problem: `文件 › 工作表!单元格` (`文件 › 第N段` in a report).
    pub fn origin(&self, lang: crate::diag::Lang) -> String {
        let mut s = self.file.clone();
        if let Some(sheet) = &self.sheet {
            s.push_str(" › ");
            s.push_str(sheet);
            if let Some(c) = self.finding.cell {
                s.push_str(&format!("!{c}"));
            }
        }
        if let Some(p) = self.finding.paragraph_label(lang) {
            s.push_str(" › ");
            s.push_str(&p);
        }
        s
    }
}

/// The file name shown for a path (an archive's entry with its archive's name).
pub(super) fn file_name(path: &Path) -> String {
    crate::check::archive::shown_name(path)
}

/// The file-level findings of a file (not those of its tables).
pub(super) fn file_entries(f: &CheckedFile, lang: Lang) -> Vec<Entry> {
    let file = file_name(&f.path);
    f.findings
        .iter()
        .map(|x| Entry {
            table: "—".to_string(),
            order: 0,
            file: file.clone(),
            sheet: x.sheet.clone(),
            finding: x.clone(),
            message: x.message.get(lang).to_string(),
            link: None,
            state: None,
        })
        .collect()
}

/// Whether a table does not count (an older copy or another year's, campaign.md §4).
pub(super) fn superseded(ct: &CheckedTable) -> bool {
    !ct.counts_in_run()
}

/// The findings of one table, the `order`-th of the unit; none of a table that does not
/// count.
pub(super) fn table_entries(ct: &CheckedTable, file: &str, order: usize, lang: Lang) -> Vec<Entry> {
    let old = superseded(ct);
    let name = if ct.table.name.is_empty() {
        ct.table.sheet.clone()
    } else {
        ct.table.name.text.clone()
    };
    ct.findings
        .iter()
        .filter(|_| !old)
        .map(|x| Entry {
            table: name.clone(),
            order: order + 1,
            file: file.to_string(),
            sheet: Some(x.sheet.clone().unwrap_or_else(|| ct.table.sheet.clone())),
            finding: x.clone(),
            message: x.message.get(lang).to_string(),
            link: None,
            state: None,
        })
        .collect()
}

/// Errors first, then warnings, then notes; within each, table order, then the order the
/// table's findings came in (already sorted by place).
pub(super) fn sort(rows: &mut [Entry]) {
    rows.sort_by_key(|e| (e.severity(), e.order));
}

/// What a finding's figures measure, which decides their number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Figure {
    /// 万元, 2 dp.
    Money,
    /// A fraction shown as a percentage.
    Rate,
    /// A score or weight, 2 dp.
    Score,
    /// Anything else (a year, a grade): as it is.
    Plain,
}

/// The kind of figure a rule's expected and found values are.
pub(super) fn figure_kind(code: Code) -> Figure {
    use crate::model::document::FigureKind;
    // The return workbook shows a narrative report's figures as written (the report's
    // own text), the tables' in their kind's form, as the documents do.
    if matches!(
        code,
        Code::ReportSumMismatch | Code::ReportRateMismatch | Code::ReportScoreMismatch
    ) {
        return Figure::Plain;
    }
    match crate::render::documents::figures::finding_kind(code) {
        Some(FigureKind::Money) => Figure::Money,
        Some(FigureKind::Rate) => Figure::Rate,
        Some(FigureKind::Score) => Figure::Score,
        Some(FigureKind::Count) | None => Figure::Plain,
    }
}

/// A figure as a number, when it is one.
pub(super) fn number(s: &str) -> Option<Decimal> {
    Decimal::from_str(s.trim()).ok()
}

/// Which figure of a finding a note shows: the unit's (填报值) or the program's (复核值,
/// 阈值). A stated score stays as the table gives it; a computed one has two decimals.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Stated,
    Computed,
}

/// A figure as the note shows it, in the office's forms of its message and the letters
/// (reports.md "Ready to file", one formatter: `model::document`): `1,288.59万元`,
/// `98.98%`, a score as stated or `99.47`.
pub(super) fn shown(kind: Figure, side: Side, s: &str, lang: Lang) -> String {
    use crate::model::document::{computed_score, format_figure, office_rate, FigureKind};
    match (kind, number(s)) {
        (Figure::Money, Some(d)) => format!(
            "{}{}",
            format_figure(d, FigureKind::Money),
            lang.pick("万元", " (10k yuan)")
        ),
        (Figure::Score, Some(d)) if side == Side::Stated => format_figure(d, FigureKind::Score),
        (Figure::Score, Some(d)) => computed_score(d),
        (Figure::Rate, Some(d)) => office_rate(d),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_shown_in_their_units() {
        let zh = |k, side, s| shown(k, side, s, Lang::Zh);
        assert_eq!(zh(Figure::Rate, Side::Stated, "0.9608"), "96.08%");
        // Half away from zero, as every other output (not the banker's rounding).
        assert_eq!(zh(Figure::Rate, Side::Computed, "0.98985"), "98.99%");
        assert_eq!(zh(Figure::Money, Side::Stated, "1288.5"), "1,288.50万元");
        assert_eq!(zh(Figure::Score, Side::Stated, "97"), "97");
        assert_eq!(zh(Figure::Score, Side::Computed, "97"), "97.00");
        assert_eq!(zh(Figure::Plain, Side::Stated, "优"), "优");
        // A figure too large to make a percent of is no panic.
        let huge = Decimal::MAX.to_string();
        assert!(!zh(Figure::Rate, Side::Stated, &huge).is_empty());
    }
}
