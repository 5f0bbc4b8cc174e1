//! 图表: three charts that stay readable for hundreds of units, one per printed page — the
//! distribution of the units' execution rates over bands, the reviewed grades of the counted
//! tables, and the twenty units with the lowest execution rate. Each chart reads a small
//! data block beside it on this sheet: the bands are `COUNTIFS` over 汇总's rate column and
//! the grades refer to 汇总's totals row (both live formulas with their cached results);
//! the lowest twenty are values (a ranking is not a formula a reader can check by eye).
//! Manual page breaks between the sections keep each chart whole on its page.

use super::overview::RATE_COL;
use super::Ctx;
use crate::aggregate::{Unit, UnitFigures};
use crate::diag::{en_count, Lang};
use crate::xlsx::list::col;
use crate::xlsx::print::{page_setup, write_title, TitleFormats, HEADER_ROW, TITLE_ROWS};
use crate::xlsx::style;
use anyhow::Result;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartDataLabel, ChartType, Format, Formula, Workbook, Worksheet};

/// Rows of one printed page of the sheet: a section's heading, its data block and chart.
pub const SECTION_ROWS: u32 = 26;
/// The lowest units shown in the ranking chart.
pub const LOWEST: usize = 20;
/// The columns the title block and the print area span (A to N: the data block and the
/// chart, 640 pixels from column D).
const LAST_COL: u16 = 13;

/// The bands of execution rates: label (zh, en) and the `COUNTIFS` criteria over the rates.
const BANDS: [(&str, &str, &[&str]); 7] = [
    ("低于60%", "below 60%", &["<0.6"]),
    ("60%–80%", "60%–80%", &[">=0.6", "<0.8"]),
    ("80%–90%", "80%–90%", &[">=0.8", "<0.9"]),
    ("90%–95%", "90%–95%", &[">=0.9", "<0.95"]),
    ("95%–100%", "95%–100%", &[">=0.95", "<1"]),
    ("100%", "100%", &["=1"]),
    ("超过100%", "over 100%", &[">1"]),
];

/// The band of a rate, as the criteria of [`BANDS`] decide it (in decimal, for the cached
/// counts).
fn band_of(rate: Decimal) -> usize {
    let below = |num: i64, scale: u32| rate < Decimal::new(num, scale);
    if below(6, 1) {
        0
    } else if below(8, 1) {
        1
    } else if below(9, 1) {
        2
    } else if below(95, 2) {
        3
    } else if below(1, 0) {
        4
    } else if rate == Decimal::ONE {
        5
    } else {
        6
    }
}

/// The formats of the sheet's data blocks.
struct Formats {
    heading: Format,
    head: Format,
    text: Format,
    int: Format,
    rate: Format,
    note: Format,
}

impl Formats {
    fn new(cx: &Ctx<'_>) -> Self {
        Formats {
            heading: style::base().set_bold().set_font_size(12),
            head: cx.f.header.clone(),
            text: cx.f.text.clone(),
            int: cx.f.int.clone(),
            rate: cx.f.rate.clone(),
            note: style::base().set_align(rust_xlsxwriter::FormatAlign::Top),
        }
    }
}

/// Writes 图表 for the units of 汇总 (one row each, then the totals row).
pub(super) fn write(
    wb: &mut Workbook,
    units: &[Unit],
    figures: &[UnitFigures],
    cx: &Ctx<'_>,
) -> Result<()> {
    let name = cx.name(4);
    let ws = wb.add_worksheet().set_name(name)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 2)?;
    write_title(ws, &cx.title, name, LAST_COL, &TitleFormats::new())?;
    page_setup(ws, &cx.title, true, None)?;
    let f = Formats::new(cx);
    if units.is_empty() {
        let none = cx
            .lang
            .pick("没有可汇总的表格。", "No tables to summarise.");
        ws.write_string_with_format(TITLE_ROWS, 0, none, &f.note)?;
        return Ok(());
    }
    let n = units.len() as u32;
    let start = |k: u32| TITLE_ROWS + k * SECTION_ROWS;
    let mut s = Sections { ws, cx, f: &f };
    s.rate_bands(figures, n, start(0))?;
    s.grades(figures, n, start(1))?;
    s.lowest(units, figures, start(2))?;
    ws.set_page_breaks(&[start(1), start(2)])?;
    ws.set_print_area(0, 0, start(3) - 1, LAST_COL)?;
    Ok(())
}

/// The execution rate of a unit as 汇总 shows it.
fn rate_of(u: &UnitFigures) -> Option<Decimal> {
    u.money.rate()
}

/// A section's heading and the header of its data block.
fn heading(ws: &mut Worksheet, f: &Formats, row: u32, text: &str, heads: [&str; 2]) -> Result<()> {
    ws.write_string_with_format(row, 0, text, &f.heading)?;
    ws.write_string_with_format(row + 1, 0, heads[0], &f.head)?;
    ws.write_string_with_format(row + 1, 1, heads[1], &f.head)?;
    Ok(())
}

/// A column chart of the data block rows `first..=last` (labels in A, values in B) with
/// value labels, to be placed right of the block.
fn column_chart(sheet: &str, title: &str, axis: &str, first: u32, last: u32) -> Chart {
    let mut c = Chart::new(ChartType::Column);
    c.title().set_name(title);
    c.add_series()
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, 1, last, 1))
        .set_data_label(ChartDataLabel::new().show_value())
        .set_gap(60);
    c.legend().set_hidden();
    c.y_axis().set_name(axis).set_min(0).set_num_format("0");
    c.set_width(640).set_height(390);
    c
}

/// What the sections of the sheet are written with: the sheet, its formats, the run's
/// context. Each section starts at the row it is given.
struct Sections<'w, 'c> {
    ws: &'w mut Worksheet,
    cx: &'c Ctx<'c>,
    f: &'c Formats,
}

impl Sections<'_, '_> {
    /// Section 1: units per band of execution rate.
    fn rate_bands(&mut self, figures: &[UnitFigures], n_units: u32, row: u32) -> Result<()> {
        let (ws, cx, f) = (&mut *self.ws, self.cx, self.f);
        let lang = cx.lang;
        let title = lang.pick(
            "一、各单位预算执行率分布",
            "1. Execution rates of the units",
        );
        let heads = [
            lang.pick("执行率区间", "Rate band"),
            lang.pick("单位数", "Units"),
        ];
        heading(ws, f, row, title, heads)?;
        // 汇总's rate column over its unit rows (A1 rows HEADER_ROW+2 ..).
        let (a, b) = (HEADER_ROW + 2, HEADER_ROW + 1 + n_units);
        let l = col(RATE_COL);
        let range = format!("'{}'!${l}${a}:${l}${b}", cx.name(0));
        let mut counts = [0usize; BANDS.len()];
        let rates: Vec<Decimal> = figures.iter().filter_map(rate_of).collect();
        for r in &rates {
            counts[band_of(*r)] += 1;
        }
        for (i, (zh, en, criteria)) in BANDS.iter().enumerate() {
            let r = row + 2 + i as u32;
            ws.write_string_with_format(r, 0, lang.pick(zh, en), &f.text)?;
            let crit: Vec<String> = criteria
                .iter()
                .map(|c| format!("{range},\"{c}\""))
                .collect();
            let fm = Formula::new(format!("=COUNTIFS({})", crit.join(",")))
                .set_result(counts[i].to_string());
            ws.write_formula_with_format(r, 1, fm, &f.int)?;
        }
        let last = row + 1 + BANDS.len() as u32;
        let none = figures.len() - rates.len();
        let note = match lang {
        Lang::Zh => format!("注：共 {} 个单位；{none} 个单位没有可计算的执行率（无预算数或文件未能读出），不在图中。", figures.len()),
        Lang::En => format!("Note: {}; not shown: {none} without an execution rate (no budget, or no table read).", en_count(figures.len(), "unit")),
    };
        ws.merge_range(last + 1, 0, last + 3, 1, &note, &f.note)?;
        let chart = column_chart(
            cx.name(4),
            title,
            lang.pick("单位数", "Units"),
            row + 2,
            last,
        );
        ws.insert_chart(row + 1, 3, &chart)?;
        Ok(())
    }

    /// Section 2: counted tables per reviewed grade, from 汇总's totals row.
    fn grades(&mut self, figures: &[UnitFigures], n_units: u32, row: u32) -> Result<()> {
        let (ws, cx, f) = (&mut *self.ws, self.cx, self.f);
        let lang = cx.lang;
        let title = lang.pick("二、复核等级分布", "2. Reviewed grades of the tables");
        let heads = [lang.pick("复核等级", "Grade"), lang.pick("表数", "Tables")];
        heading(ws, f, row, title, heads)?;
        let totals_a1 = HEADER_ROW + 2 + n_units;
        let labels = [
            ("优", "Excellent"),
            ("良", "Good"),
            ("中", "Fair"),
            ("差", "Poor"),
        ];
        for (i, (zh, en)) in labels.iter().enumerate() {
            let r = row + 2 + i as u32;
            ws.write_string_with_format(r, 0, lang.pick(zh, en), &f.text)?;
            let count: usize = figures.iter().map(|u| u.grades[i]).sum();
            let l = col(9 + i as u16);
            let fm = Formula::new(format!("='{}'!{l}{totals_a1}", cx.name(0)))
                .set_result(count.to_string());
            ws.write_formula_with_format(r, 1, fm, &f.int)?;
        }
        let chart = column_chart(
            cx.name(4),
            title,
            lang.pick("表数", "Tables"),
            row + 2,
            row + 5,
        );
        ws.insert_chart(row + 1, 3, &chart)?;
        Ok(())
    }

    /// Section 3: the units with the lowest execution rates, lowest first, as values.
    fn lowest(&mut self, units: &[Unit], figures: &[UnitFigures], row: u32) -> Result<()> {
        let (ws, cx, f) = (&mut *self.ws, self.cx, self.f);
        let lang = cx.lang;
        let title = match lang {
            Lang::Zh => format!("三、预算执行率最低的 {LOWEST} 个单位"),
            Lang::En => format!("3. The {LOWEST} units with the lowest execution rates"),
        };
        let heads = [lang.pick("单位", "Unit"), lang.pick("执行率", "Rate")];
        heading(ws, f, row, &title, heads)?;
        let mut ranked: Vec<(Decimal, &str)> = units
            .iter()
            .zip(figures)
            .filter_map(|(u, x)| rate_of(x).map(|r| (r, u.name.as_str())))
            .collect();
        // Stable: units with equal rates keep 汇总's order.
        ranked.sort_by_key(|a| a.0);
        ranked.truncate(LOWEST);
        if ranked.is_empty() {
            let none = lang.pick("没有可计算执行率的单位。", "No unit has an execution rate.");
            ws.write_string_with_format(row + 2, 0, none, &f.note)?;
            return Ok(());
        }
        for (i, (rate, name)) in ranked.iter().enumerate() {
            let r = row + 2 + i as u32;
            let name = crate::model::text::xml_safe(name);
            ws.write_string_with_format(r, 0, name.as_ref(), &f.text)?;
            ws.write_number_with_format(r, 1, rate.to_f64().unwrap_or(0.0), &f.rate)?;
        }
        let last = row + 1 + ranked.len() as u32;
        // The axis ends at 100 %, or at the highest rate shown when one is above it.
        let top = ranked
            .last()
            .map_or(1.0, |(r, _)| r.to_f64().unwrap_or(1.0))
            .max(1.0);
        let mut c = Chart::new(ChartType::Bar);
        c.title().set_name(title.as_str());
        c.add_series()
            .set_categories((cx.name(4), row + 2, 0, last, 0))
            .set_values((cx.name(4), row + 2, 1, last, 1))
            .set_data_label(ChartDataLabel::new().show_value().set_num_format("0.00%"))
            .set_gap(40);
        c.legend().set_hidden();
        // A bar chart's x axis is its value axis; the categories read top down, lowest first.
        c.x_axis().set_min(0).set_max(top).set_num_format("0%");
        c.y_axis().set_reverse();
        c.set_width(640).set_height(460);
        ws.insert_chart(row + 1, 3, &c)?;
        Ok(())
    }
}
