//! 项目明细: one row per table, with the stated and the reviewed scores side by side, and
//! whether 汇总 counts it (计入) or it is an older copy replaced by a resubmission (已被替代).

use super::{shown_path, Ctx, ERRORS_COL};
use crate::aggregate::{is_superseded, Money, Unit};
use crate::check::{CheckedFile, CheckedTable};
use crate::diag::Lang;
use crate::model::Grade;
use crate::xlsx::print::{fit_width, PrintList, FIRST_DATA_A1};
use crate::xlsx::style::text_width;
use anyhow::Result;
use rust_xlsxwriter::{ConditionalFormatFormula, Workbook};

const TABLE_HEADERS: [(&str, &str); 18] = [
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
    ("汇总状态", "In summary"),
];

/// The column widths: names, files and sheets measured over the tables, figures fixed.
fn widths(files: &[CheckedFile], units: &[Unit], cx: &Ctx<'_>) -> Vec<f64> {
    let (mut unit, mut name, mut path, mut sheet) = (0, 0, 0, 0);
    for u in units {
        unit = unit.max(text_width(&u.name));
        for &(fi, ti) in &u.tables {
            let (Some(file), Some(t)) =
                (files.get(fi), files.get(fi).and_then(|f| f.tables.get(ti)))
            else {
                continue;
            };
            name = name.max(text_width(&t.table.name.text));
            path = path.max(text_width(&shown_path(file, cx.inbox)));
            sheet = sheet.max(text_width(&t.table.sheet));
        }
    }
    let h = |k: usize| cx.lang.pick(TABLE_HEADERS[k].0, TABLE_HEADERS[k].1);
    let mut w = vec![
        fit_width(h(0), unit, 10.0, 24.0),
        8.0,
        fit_width(h(2), name, 12.0, 30.0),
    ];
    w.extend([13.0, 13.0, 9.0, 8.0, 8.0, 8.0, 8.0, 7.0, 6.0, 6.0, 5.0, 5.0]);
    w.push(fit_width(h(15), path, 10.0, 30.0));
    w.push(fit_width(h(16), sheet, 8.0, 16.0));
    w.push(9.0);
    w
}

/// Writes 项目明细, continued on further sheets when it outgrows one.
pub(super) fn write(wb: &mut Workbook, cx: &Ctx<'_>) -> Result<()> {
    let (files, units) = (cx.source.light(), cx.units);
    let (mut heads, mut widths) = (TABLE_HEADERS.to_vec(), widths(files, units, cx));
    if cx.view.previous.is_some() {
        heads.extend(super::previous::HEADERS);
        widths.extend(super::previous::WIDTHS);
    }
    let mut s = cx.long_list(wb, cx.name(1), &heads, &widths)?;
    s.conditional_format(ERRORS_COL, ERRORS_COL, cx.styles.errors_in_red.clone());
    // A stated grade that differs from the reviewed one shows orange.
    let r = FIRST_DATA_A1;
    s.conditional_format(
        11,
        12,
        ConditionalFormatFormula::new()
            .set_rule(format!("=AND($L{r}<>\"\",$L{r}<>$M{r})").as_str())
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
    s: &mut PrintList<'_>,
    cx: &Ctx<'_>,
    unit: &str,
    file: &CheckedFile,
    ct: &CheckedTable,
) -> Result<()> {
    let f = &cx.f;
    let t = &ct.table;
    // Formulas refer to cells of their own row on whichever sheet it lands.
    let r1 = s.next_row()? + 1;
    let money = Money::of_table(t);
    s.text(0, unit, &f.text)?;
    let kind = match cx.lang {
        Lang::Zh => t.kind.short_zh(),
        Lang::En => t.kind.as_str(),
    };
    s.text(1, kind, &f.text)?;
    s.text(2, &t.name.text, &f.text)?;
    s.num(3, money.budget, &f.amount)?;
    s.num(4, money.executed, &f.amount)?;
    let rate_formula = format!("=IF(N(D{r1})>0,N(E{r1})/D{r1},\"\")");
    s.formula(5, &rate_formula, money.rate(), &f.rate)?;
    // A blank table, or a form that weighs and scores nothing (the regional transfer
    // form), has no reviewed score or grade: left blank, never 差.
    let scored = !t.ungraded();
    s.num(6, t.execution.score.value, &f.score)?;
    s.num(7, scored.then_some(ct.review.execution.score), &f.score)?;
    s.num(8, t.total.score.value, &f.score)?;
    s.num(9, scored.then_some(ct.review.total), &f.score)?;
    let diff = (t.total.score.value).and_then(|st| ct.review.total.checked_sub(st));
    let diff_formula = format!("=IF(ISNUMBER(I{r1}),J{r1}-I{r1},\"\")");
    s.formula(10, &diff_formula, diff, &f.score)?;
    let stated = ct.review.grade_stated.map(Grade::as_str).unwrap_or("");
    s.text(11, stated, &f.text)?;
    s.text(
        12,
        if scored { ct.review.grade.as_str() } else { "" },
        &f.text,
    )?;
    let c = ct.counts();
    s.int(13, Some(c.errors), &f.int)?;
    s.int(14, Some(c.warnings), &f.int)?;
    s.text(15, &shown_path(file, cx.inbox), &f.text)?;
    s.text(16, &t.sheet, &f.text)?;
    if is_superseded(ct) {
        s.text(17, cx.lang.pick("已被替代", "superseded"), &cx.styles.grey)?;
    } else {
        s.text(17, cx.lang.pick("计入", "counted"), &f.text)?;
    }
    if let Some(p) = &cx.view.previous {
        let col = TABLE_HEADERS.len() as u16;
        super::previous::cells(s, cx, col, p.table(unit, t))?;
    }
    Ok(())
}
