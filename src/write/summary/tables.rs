//! 项目明细: one row per table, with the stated and the reviewed scores side by side.

use super::{ratio, shown_path, Ctx, ERRORS_COL};
use crate::aggregate::Unit;
use crate::check::{CheckedFile, CheckedTable};
use crate::diag::Lang;
use crate::model::{FundRole, Grade};
use crate::write::sheet::ListSheet;
use anyhow::Result;
use rust_xlsxwriter::{ConditionalFormatFormula, Workbook};

const TABLE_HEADERS: [(&str, &str); 17] = [
    ("单位", "Unit"),
    ("类型", "Kind"),
    ("名称", "Name"),
    ("全年预算数（万元）", "Budget (10k yuan)"),
    ("全年执行数（万元）", "Executed (10k yuan)"),
    ("执行率", "Execution rate"),
    ("执行得分（自评）", "Execution score (stated)"),
    ("执行得分（复核）", "Execution score (reviewed)"),
    ("总分（自评）", "Total (stated)"),
    ("总分（复核）", "Total (reviewed)"),
    ("差值", "Difference"),
    ("等级（自评）", "Grade (stated)"),
    ("等级（复核）", "Grade (reviewed)"),
    ("错误", "Errors"),
    ("警告", "Warnings"),
    ("来源文件", "Source file"),
    ("工作表", "Sheet"),
];

/// Writes 项目明细, continued on further sheets when it outgrows one.
pub(super) fn write(
    wb: &mut Workbook,
    files: &[CheckedFile],
    units: &[Unit],
    cx: &Ctx<'_>,
) -> Result<()> {
    let heads = cx.headers(&TABLE_HEADERS);
    let mut s = ListSheet::new(wb, cx.name(1), &heads, &cx.f, cx.long)?;
    s.conditional_format(ERRORS_COL, ERRORS_COL, cx.styles.errors_in_red.clone());
    // A stated grade that differs from the reviewed one shows orange.
    s.conditional_format(
        11,
        12,
        ConditionalFormatFormula::new()
            .set_rule("=AND($L2<>\"\",$L2<>$M2)")
            .set_format(&cx.styles.orange),
    );
    for unit in units {
        for &(fi, ti) in &unit.tables {
            let file = &files[fi];
            table_row(&mut s, cx, &unit.name, file, &file.tables[ti])?;
        }
    }
    s.finish()?;
    Ok(())
}

/// One table's row.
fn table_row(
    s: &mut ListSheet<'_>,
    cx: &Ctx<'_>,
    unit: &str,
    file: &CheckedFile,
    ct: &CheckedTable,
) -> Result<()> {
    let f = &cx.f;
    let t = &ct.table;
    // Formulas refer to cells of their own row on whichever sheet it lands.
    let r1 = s.next_row()? + 1;
    let total = t.funds.row(FundRole::Total);
    let budget = total.and_then(|x| x.budget.value);
    let executed = total.and_then(|x| x.executed.value);
    s.text(0, unit, &f.text)?;
    let kind = match cx.lang {
        Lang::Zh => t.kind.short_zh(),
        Lang::En => t.kind.as_str(),
    };
    s.text(1, kind, &f.text)?;
    s.text(2, &t.name.text, &f.text)?;
    s.num(3, budget, &f.amount)?;
    s.num(4, executed, &f.amount)?;
    let rate = match (budget, executed) {
        (Some(b), Some(e)) => ratio(e, b),
        _ => None,
    };
    let rate_formula = format!("=IF(N(D{r1})>0,N(E{r1})/D{r1},\"\")");
    s.formula(5, &rate_formula, rate, &f.rate)?;
    s.num(6, t.execution.score.value, &f.score)?;
    s.num(7, Some(ct.review.execution.score), &f.score)?;
    s.num(8, t.total.score.value, &f.score)?;
    s.num(9, Some(ct.review.total), &f.score)?;
    let diff = (t.total.score.value).and_then(|st| ct.review.total.checked_sub(st));
    let diff_formula = format!("=IF(ISNUMBER(I{r1}),J{r1}-I{r1},\"\")");
    s.formula(10, &diff_formula, diff, &f.score)?;
    let stated = ct.review.grade_stated.map(Grade::as_str).unwrap_or("");
    s.text(11, stated, &f.text)?;
    s.text(12, ct.review.grade.as_str(), &f.text)?;
    let (e, w) = ct.counts();
    s.int(13, e, &f.int)?;
    s.int(14, w, &f.int)?;
    s.text(15, &shown_path(file, cx.inbox), &f.text)?;
    s.text(16, &t.sheet, &f.text)?;
    Ok(())
}
