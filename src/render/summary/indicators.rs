//! 指标明细: one row per indicator of the tables 汇总 counts (a superseded copy's
//! indicators would list the same table twice), read back in full one file at a time. The
//! columns have fixed widths, so every row is as tall as its wrapped texts (偏差原因 above
//! all) need.

use super::Ctx;
use crate::aggregate::is_superseded;
use crate::check::CheckedTable;
use crate::store::{for_each_full_table_ahead, TableIndex};
use crate::xlsx::print::{PrintList, FIRST_DATA_A1};
use anyhow::Result;
use rust_xlsxwriter::{ConditionalFormatFormula, Workbook};

const INDICATOR_HEADERS: [(&str, &str); 11] = [
    ("单位", "Unit"),
    ("表", "Table"),
    ("一级指标", "Level 1"),
    ("二级指标", "Level 2"),
    ("三级指标", "Indicator"),
    ("年度指标值", "Target"),
    ("实际完成值", "Actual"),
    ("分值", "Weight"),
    ("得分（自评）", "Score (stated)"),
    ("得分（复核）", "Score (reviewed)"),
    ("偏差原因分析及改进措施", "Reason for deviation"),
];

/// Fixed widths: the rows are written before all texts are known, and a row's height must
/// be set while it is open.
const WIDTHS: [f64; 11] = [
    18.0, 22.0, 10.0, 12.0, 22.0, 14.0, 14.0, 6.0, 7.0, 7.0, 40.0,
];

/// Writes 指标明细, continued on further sheets when it outgrows one.
pub(super) fn write(wb: &mut Workbook, cx: &Ctx<'_>) -> Result<()> {
    let (source, units) = (cx.source, cx.units);
    let mut s = cx.long_list(wb, cx.name(2), &INDICATOR_HEADERS, &WIDTHS)?;
    // A reviewed score more than 0.1 from the stated one shows orange.
    let r = FIRST_DATA_A1;
    s.conditional_format(
        9,
        9,
        ConditionalFormatFormula::new()
            .set_rule(
                format!("=AND(ISNUMBER($I{r}),ISNUMBER($J{r}),ABS($I{r}-$J{r})>0.1)").as_str(),
            )
            .set_format(&cx.styles.orange),
    );
    // Every unit's tables in turn, the next files read back while these are written.
    let tables: Vec<(&str, TableIndex)> = units
        .iter()
        .flat_map(|u| u.tables.iter().map(|&t| (u.name.as_str(), t)))
        .collect();
    for_each_full_table_ahead(source, &tables, |unit, ct| {
        if is_superseded(ct) {
            return Ok(());
        }
        indicator_rows(&mut s, cx, unit, ct)
    })?;
    s.finish()?;
    Ok(())
}

/// The rows of one table's indicators.
fn indicator_rows(
    s: &mut PrintList<'_>,
    cx: &Ctx<'_>,
    unit: &str,
    ct: &CheckedTable,
) -> Result<()> {
    let f = &cx.f;
    for (k, ind) in ct.table.indicators.iter().enumerate() {
        s.next_row()?;
        s.text(0, unit, &f.text)?;
        s.text(1, &ct.table.name.text, &f.text)?;
        s.text(2, &ind.level1, &f.text)?;
        s.text(3, &ind.level2, &f.text)?;
        s.text(4, &ind.name.text, &f.text)?;
        s.text(5, &ind.target.text, &f.text)?;
        s.text(6, &ind.actual.text, &f.text)?;
        s.num(7, ind.weight.value, &f.score)?;
        s.num(8, ind.score.value, &f.score)?;
        let reviewed = ct.review.indicators.get(k).and_then(|x| x.score);
        s.num(9, reviewed, &f.score)?;
        s.text(10, &ind.reason.text, &f.text)?;
    }
    Ok(())
}
