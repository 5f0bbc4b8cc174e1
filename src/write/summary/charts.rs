//! 图表: execution rate by unit, and the reviewed grade distribution, both drawn from 汇总.

use super::{pick, sheet_names};
use crate::diag::Lang;
use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet};

/// Writes 图表 for a 汇总 of `n_units` unit rows (and its totals row below them).
pub(super) fn write(wb: &mut Workbook, n_units: u32, lang: Lang) -> Result<()> {
    let names = sheet_names(lang);
    let ws = wb.add_worksheet().set_name(names[4])?;
    ws.set_landscape();
    ws.set_paper_size(9);
    if n_units > 0 {
        execution_rates(ws, names[0], n_units, lang)?;
        grades(ws, names[0], n_units, lang)?;
    } else {
        ws.write_string(
            0,
            0,
            pick(lang, "没有可汇总的表格。", "No tables to summarise."),
        )?;
    }
    Ok(())
}

/// A column per unit: its execution rate (汇总 column G).
fn execution_rates(ws: &mut Worksheet, sum_name: &str, n_units: u32, lang: Lang) -> Result<()> {
    let last = n_units; // zero-based last data row of 汇总
    let mut rate = Chart::new(ChartType::Column);
    rate.title()
        .set_name(pick(lang, "各单位预算执行率", "Execution rate by unit"));
    rate.add_series()
        .set_categories((sum_name, 1, 0, last, 0))
        .set_values((sum_name, 1, 6, last, 6))
        .set_name(pick(lang, "执行率", "Execution rate"));
    rate.legend().set_hidden();
    // From zero, as percentages: a cut axis would exaggerate small differences.
    rate.y_axis().set_num_format("0%").set_min(0);
    rate.set_width(720).set_height(360);
    ws.insert_chart(1, 1, &rate)?;
    Ok(())
}

/// A column per reviewed grade: the count of tables (汇总 totals row, columns J–M).
fn grades(ws: &mut Worksheet, sum_name: &str, n_units: u32, lang: Lang) -> Result<()> {
    let mut grades = Chart::new(ChartType::Column);
    grades
        .title()
        .set_name(pick(lang, "复核等级分布", "Reviewed grade distribution"));
    let t = n_units + 1; // the totals row
    grades
        .add_series()
        .set_categories((sum_name, 0, 9, 0, 12))
        .set_values((sum_name, t, 9, t, 12))
        .set_name(pick(lang, "表数", "Tables"));
    grades.legend().set_hidden();
    grades.set_width(480).set_height(360);
    ws.insert_chart(21, 1, &grades)?;
    Ok(())
}
