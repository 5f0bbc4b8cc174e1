//! `summary.xlsx`: the bureau's filled summary — 汇总 (one row per unit), 项目明细 (one row
//! per table), 指标明细 (one row per indicator), 文件清单 (every input file) and 图表.
//!
//! Totals and rates are live formulas written with the results computed here in decimal,
//! so any reader sees the figures Excel shows. 项目明细, 指标明细 and 文件清单 continue on
//! continuation sheets (`指标明细(2)`, …) when they outgrow one worksheet; 汇总 stays on one
//! (its totals row and the charts refer to it) and refuses a run with more units than a
//! worksheet holds.

use crate::aggregate::{unit_figures, Unit};
use crate::check::{CheckedFile, FileStatus};
use crate::diag::Lang;
use crate::model::{FundRole, Grade};
use crate::store::{for_each_full_table, FileSource};
use crate::write::sheet::{col, ListFormats, ListOptions, ListSheet, Overflow, MAX_DATA_ROWS};
use anyhow::{bail, Result};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatFormula, Format, FormatPattern, Workbook,
};

pub use crate::write::sheet::SheetMemory;

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The column of the error count in 汇总 and 项目明细 (N).
const ERRORS_COL: u16 = 13;

/// Sheet names of the summary workbook in a language.
pub fn sheet_names(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["汇总", "项目明细", "指标明细", "文件清单", "图表"],
        Lang::En => ["Summary", "Tables", "Indicators", "Files", "Charts"],
    }
}

const UNIT_HEADERS: [(&str, &str); 15] = [
    ("单位", "Unit"),
    ("部门整体表", "Department tables"),
    ("项目表", "Project tables"),
    ("转移支付表", "Transfer tables"),
    ("全年预算数（万元）", "Budget (10k yuan)"),
    ("全年执行数（万元）", "Executed (10k yuan)"),
    ("执行率", "Execution rate"),
    ("自评平均分", "Mean stated score"),
    ("复核平均分", "Mean reviewed score"),
    ("优", "Excellent"),
    ("良", "Good"),
    ("中", "Fair"),
    ("差", "Poor"),
    ("错误", "Errors"),
    ("警告", "Warnings"),
];

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

const FILE_HEADERS: [(&str, &str); 6] = [
    ("文件", "File"),
    ("状态", "Status"),
    ("表数", "Tables"),
    ("错误", "Errors"),
    ("警告", "Warnings"),
    ("说明", "Note"),
];

fn headers<const N: usize>(h: &[(&'static str, &'static str); N], lang: Lang) -> Vec<&'static str> {
    h.iter().map(|(zh, en)| pick(lang, zh, en)).collect()
}

fn ratio(num: Decimal, den: Decimal) -> Option<Decimal> {
    (den > Decimal::ZERO).then(|| num / den)
}

/// The status of a file as shown in 文件清单.
pub fn status_text(s: FileStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.as_str(),
    }
}

/// Paths are shown relative to the inbox, with `/` separators on every system.
pub fn shown_path(file: &CheckedFile, inbox: &std::path::Path) -> String {
    let p = file.path.strip_prefix(inbox).unwrap_or(&file.path);
    p.to_string_lossy().replace('\\', "/")
}

/// How to build the summary workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SummaryOptions {
    /// Memory mode of the long list sheets.
    pub memory: SheetMemory,
}

/// Builds the summary workbook (not yet saved), with the long list sheets in
/// constant-memory mode.
pub fn build(
    files: &dyn FileSource,
    units: &[Unit],
    inbox: &std::path::Path,
    lang: Lang,
) -> Result<Workbook> {
    build_with(files, units, inbox, lang, SummaryOptions::default())
}

/// Builds the summary workbook with explicit options. In constant-memory mode rows are
/// written strictly top to bottom (a row cannot be revisited), which every list sheet here
/// does.
pub fn build_with(
    source: &dyn FileSource,
    units: &[Unit],
    inbox: &std::path::Path,
    lang: Lang,
    opts: SummaryOptions,
) -> Result<Workbook> {
    build_with_rows(source, units, inbox, lang, opts, MAX_DATA_ROWS)
}

/// Builds the summary workbook with explicit options and at most `rows_per_sheet` data rows
/// on each worksheet of 项目明细, 指标明细 and 文件清单 (more continue on continuation sheets
/// `NAME(2)`, `NAME(3)`, …). [`build_with`] passes [`MAX_DATA_ROWS`]; a smaller figure lets
/// tests see the split without writing a million rows. 汇总 always stays on one worksheet:
/// more units than [`MAX_DATA_ROWS`] − 1 (one row is the totals row) is an error.
pub fn build_with_rows(
    source: &dyn FileSource,
    units: &[Unit],
    inbox: &std::path::Path,
    lang: Lang,
    opts: SummaryOptions,
    rows_per_sheet: u32,
) -> Result<Workbook> {
    // Checked before anything is written: 汇总 cannot be continued, since its totals row
    // and the charts refer to one range of it.
    if units.len() >= MAX_DATA_ROWS as usize {
        bail!(
            "{} units: the {} sheet holds one row per unit and a totals row, at most {} units \
             on one worksheet",
            units.len(),
            sheet_names(lang)[0],
            MAX_DATA_ROWS - 1
        );
    }
    let long = ListOptions {
        memory: opts.memory,
        rows_per_sheet,
        overflow: Overflow::Continue,
    };
    let files = source.light();
    let f = ListFormats::new();
    let names = sheet_names(lang);
    let red = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006))
        .set_pattern(FormatPattern::Solid);
    // 汇总 and 项目明细 both count errors in column N: a count above zero shows red.
    let errors_in_red = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::GreaterThan(0))
        .set_format(&red);
    let orange = Format::new()
        .set_background_color(Color::RGB(0xFFEB9C))
        .set_font_color(Color::RGB(0x9C5700))
        .set_pattern(FormatPattern::Solid);
    let mut wb = Workbook::new();

    // 汇总: one row per unit and a totals row of live formulas, on one worksheet.
    let n_units = units.len() as u32;
    {
        let one = ListOptions {
            memory: SheetMemory::Standard,
            rows_per_sheet: MAX_DATA_ROWS,
            overflow: Overflow::Fail,
        };
        let mut s = ListSheet::new(&mut wb, names[0], &headers(&UNIT_HEADERS, lang), &f, one)?;
        s.conditional_format(ERRORS_COL, ERRORS_COL, errors_in_red.clone());
        let mut sums = [0usize; 10];
        let (mut budget, mut executed) = (Decimal::ZERO, Decimal::ZERO);
        let (mut stated, mut reviewed) = (Vec::new(), Vec::new());
        for unit in units {
            let r = s.next_row()?;
            let u = unit_figures(files, unit);
            s.text(0, &unit.name, &f.text)?;
            for (i, n) in u.kinds.iter().enumerate() {
                s.int(1 + i as u16, *n, &f.int)?;
            }
            s.num(4, Some(u.budget), &f.amount)?;
            s.num(5, Some(u.executed), &f.amount)?;
            let row1 = r + 1;
            s.formula(
                6,
                &format!("=IF(E{row1}>0,F{row1}/E{row1},\"\")"),
                ratio(u.executed, u.budget),
                &f.rate,
            )?;
            s.num(7, u.mean_stated, &f.score)?;
            s.num(8, u.mean_reviewed, &f.score)?;
            for (i, n) in u.grades.iter().enumerate() {
                s.int(9 + i as u16, *n, &f.int)?;
            }
            s.int(13, u.errors, &f.int)?;
            s.int(14, u.warnings, &f.int)?;
            budget += u.budget;
            executed += u.executed;
            stated.extend(u.mean_stated);
            reviewed.extend(u.mean_reviewed);
            let counts = [
                u.kinds[0],
                u.kinds[1],
                u.kinds[2],
                u.grades[0],
                u.grades[1],
                u.grades[2],
                u.grades[3],
                u.errors,
                u.warnings,
                0,
            ];
            for (a, b) in sums.iter_mut().zip(counts) {
                *a += b;
            }
        }
        let t = s.footer_row()?;
        let (first, last) = (2, n_units + 1);
        s.text(0, pick(lang, "合计", "Total"), &f.total_label)?;
        let sum = |c: u16| format!("=SUM({l}{first}:{l}{last})", l = col(c));
        for (i, c) in [1u16, 2, 3].iter().enumerate() {
            s.formula(*c, &sum(*c), Some(Decimal::from(sums[i] as u64)), &f.int)?;
        }
        s.formula(4, &sum(4), Some(budget), &f.amount)?;
        s.formula(5, &sum(5), Some(executed), &f.amount)?;
        let t1 = t + 1;
        s.formula(
            6,
            &format!("=IF(E{t1}>0,F{t1}/E{t1},\"\")"),
            ratio(executed, budget),
            &f.rate,
        )?;
        let mean = |v: &[Decimal]| {
            (!v.is_empty()).then(|| v.iter().sum::<Decimal>() / Decimal::from(v.len() as u64))
        };
        let avg = |c: u16| {
            format!(
                "=IF(COUNT({l}{first}:{l}{last})>0,AVERAGE({l}{first}:{l}{last}),\"\")",
                l = col(c)
            )
        };
        s.formula(7, &avg(7), mean(&stated), &f.score)?;
        s.formula(8, &avg(8), mean(&reviewed), &f.score)?;
        for (i, c) in (9u16..=14).enumerate() {
            s.formula(c, &sum(c), Some(Decimal::from(sums[3 + i] as u64)), &f.int)?;
        }
        s.finish()?;
    }

    // 项目明细: one row per table.
    {
        let mut s = ListSheet::new(&mut wb, names[1], &headers(&TABLE_HEADERS, lang), &f, long)?;
        s.conditional_format(ERRORS_COL, ERRORS_COL, errors_in_red);
        s.conditional_format(
            11,
            12,
            ConditionalFormatFormula::new()
                .set_rule("=AND($L2<>\"\",$L2<>$M2)")
                .set_format(&orange),
        );
        for unit in units {
            for &(fi, ti) in &unit.tables {
                let file = &files[fi];
                let ct = &file.tables[ti];
                let t = &ct.table;
                // Formulas refer to cells of their own row on whichever sheet it lands.
                let r1 = s.next_row()? + 1;
                let total = t.funds.row(FundRole::Total);
                let budget = total.and_then(|x| x.budget.value);
                let executed = total.and_then(|x| x.executed.value);
                s.text(0, &unit.name, &f.text)?;
                s.text(
                    1,
                    match lang {
                        Lang::Zh => t.kind.short_zh(),
                        Lang::En => t.kind.as_str(),
                    },
                    &f.text,
                )?;
                s.text(2, &t.name.text, &f.text)?;
                s.num(3, budget, &f.amount)?;
                s.num(4, executed, &f.amount)?;
                let rate = match (budget, executed) {
                    (Some(b), Some(e)) => ratio(e, b),
                    _ => None,
                };
                s.formula(
                    5,
                    &format!("=IF(N(D{r1})>0,N(E{r1})/D{r1},\"\")"),
                    rate,
                    &f.rate,
                )?;
                s.num(6, t.execution.score.value, &f.score)?;
                s.num(7, Some(ct.review.execution.score), &f.score)?;
                s.num(8, t.total.score.value, &f.score)?;
                s.num(9, Some(ct.review.total), &f.score)?;
                let diff = t.total.score.value.map(|st| ct.review.total - st);
                s.formula(
                    10,
                    &format!("=IF(ISNUMBER(I{r1}),J{r1}-I{r1},\"\")"),
                    diff,
                    &f.score,
                )?;
                s.text(
                    11,
                    ct.review.grade_stated.map(Grade::as_str).unwrap_or(""),
                    &f.text,
                )?;
                s.text(12, ct.review.grade.as_str(), &f.text)?;
                let (e, w) = ct.counts();
                s.int(13, e, &f.int)?;
                s.int(14, w, &f.int)?;
                s.text(15, &shown_path(file, inbox), &f.text)?;
                s.text(16, &t.sheet, &f.text)?;
            }
        }
        s.finish()?;
    }

    // 指标明细: one row per indicator.
    {
        let mut s = ListSheet::new(
            &mut wb,
            names[2],
            &headers(&INDICATOR_HEADERS, lang),
            &f,
            long,
        )?;
        s.conditional_format(
            9,
            9,
            ConditionalFormatFormula::new()
                .set_rule("=AND(ISNUMBER($I2),ISNUMBER($J2),ABS($I2-$J2)>0.1)")
                .set_format(&orange),
        );
        for unit in units {
            // A unit's tables, read back in full one file at a time.
            for_each_full_table(source, &unit.tables, |ct| {
                for (k, ind) in ct.table.indicators.iter().enumerate() {
                    s.next_row()?;
                    s.text(0, &unit.name, &f.text)?;
                    s.text(1, &ct.table.name.text, &f.text)?;
                    s.text(2, &ind.level1, &f.text)?;
                    s.text(3, &ind.level2, &f.text)?;
                    s.text(4, &ind.name.text, &f.text)?;
                    s.text(5, &ind.target.text, &f.text)?;
                    s.text(6, &ind.actual.text, &f.text)?;
                    s.num(7, ind.weight.value, &f.score)?;
                    s.num(8, ind.score.value, &f.score)?;
                    s.num(
                        9,
                        ct.review.indicators.get(k).and_then(|x| x.score),
                        &f.score,
                    )?;
                    s.text(10, &ind.reason.text, &f.text)?;
                }
                Ok(())
            })?;
        }
        s.finish()?;
    }

    // 文件清单: every input file, so nothing dropped in is silently lost.
    {
        let mut s = ListSheet::new(&mut wb, names[3], &headers(&FILE_HEADERS, lang), &f, long)?;
        s.conditional_format(
            1,
            1,
            ConditionalFormatFormula::new()
                .set_rule(
                    format!(
                        "=OR($B2=\"{}\",$B2=\"{}\")",
                        status_text(FileStatus::Invalid, lang),
                        status_text(FileStatus::Unreadable, lang)
                    )
                    .as_str(),
                )
                .set_format(&red),
        );
        for file in files {
            s.next_row()?;
            let (e, w, _) = file.severity_counts();
            s.text(0, &shown_path(file, inbox), &f.text)?;
            s.text(1, status_text(file.status, lang), &f.text)?;
            s.int(2, file.tables.len(), &f.int)?;
            s.int(3, e, &f.int)?;
            s.int(4, w, &f.int)?;
            let note = file
                .findings
                .first()
                .map(|x| x.message.get(lang).to_string())
                .unwrap_or_default();
            s.text(5, &note, &f.text)?;
        }
        s.finish()?;
    }

    // 图表: execution rate by unit, and the reviewed grade distribution.
    {
        let sum_name = names[0];
        let ws = wb.add_worksheet().set_name(names[4])?;
        ws.set_landscape();
        ws.set_paper_size(9);
        if n_units > 0 {
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
        } else {
            ws.write_string(
                0,
                0,
                pick(lang, "没有可汇总的表格。", "No tables to summarise."),
            )?;
        }
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, DataType, Reader, Xlsx};
    use std::io::Cursor;
    use std::path::Path;

    /// Every cell of every sheet, as (sheet, row, col, value).
    fn cells(bytes: Vec<u8>) -> Vec<(String, u32, u32, Data)> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                out.push((name.clone(), r as u32 + r0, c as u32 + c0, v.clone()));
            }
        }
        out
    }

    #[test]
    fn constant_memory_sheets_hold_the_same_cells_as_standard_ones() {
        let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inbox");
        let inputs = crate::read::walk::walk(std::slice::from_ref(&inbox)).unwrap();
        let files = crate::check::check_all(&inputs, &Default::default());
        let units = crate::aggregate::units(&files);
        let mut got = Vec::new();
        for memory in [
            SheetMemory::Standard,
            SheetMemory::Constant,
            SheetMemory::Low,
        ] {
            let opts = SummaryOptions { memory };
            let mut wb = build_with(&files, &units, &inbox, Lang::Zh, opts).unwrap();
            got.push(cells(wb.save_to_buffer().unwrap()));
        }
        let indicator_rows = got[0].iter().filter(|c| c.0 == "指标明细").count();
        assert!(indicator_rows > 50, "the fixture inbox fills 指标明细");
        assert_eq!(got[0], got[1], "constant-memory summary differs");
        assert_eq!(got[0], got[2], "low-memory summary differs");
    }

    /// The fixture inbox, checked, and its units.
    fn fixture() -> (std::path::PathBuf, Vec<CheckedFile>, Vec<Unit>) {
        let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inbox");
        let inputs = crate::read::walk::walk(std::slice::from_ref(&inbox)).unwrap();
        let files = crate::check::check_all(&inputs, &Default::default());
        let units = crate::aggregate::units(&files);
        (inbox, files, units)
    }

    /// Rows of each sheet (header included), as cells.
    fn sheet_rows(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        let mut out = Vec::new();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            out.push((name, rows));
        }
        out
    }

    #[test]
    fn split_lists_hold_every_row_once_in_order_and_agree_with_the_totals() {
        let (inbox, files, units) = fixture();
        let whole = build_with(
            &files,
            &units,
            &inbox,
            Lang::Zh,
            SummaryOptions {
                memory: SheetMemory::Standard,
            },
        )
        .unwrap()
        .save_to_buffer()
        .unwrap();
        let whole = sheet_rows(&whole);
        let n_tables: usize = units.iter().map(|u| u.tables.len()).sum();
        let n_indicators: usize = units
            .iter()
            .flat_map(|u| &u.tables)
            .map(|&(fi, ti)| files[fi].tables[ti].table.indicators.len())
            .sum();
        assert!(
            n_tables > 5 && n_indicators > 10,
            "the fixture fills the lists"
        );
        for memory in [
            SheetMemory::Standard,
            SheetMemory::Constant,
            SheetMemory::Low,
        ] {
            let opts = SummaryOptions { memory };
            let mut wb = build_with_rows(&files, &units, &inbox, Lang::Zh, opts, 5).unwrap();
            let split = sheet_rows(&wb.save_to_buffer().unwrap());
            let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();

            // The sheet names: each list as many times as 5 rows a sheet need, in place.
            let mut want = vec!["汇总".to_string()];
            for (name, n) in [
                ("项目明细", n_tables),
                ("指标明细", n_indicators),
                ("文件清单", files.len()),
            ] {
                want.push(name.to_string());
                want.extend((2..=n.div_ceil(5)).map(|k| format!("{name}({k})")));
            }
            want.push("图表".to_string());
            assert_eq!(names, want, "{memory:?}");

            // Each list, its sheets put end to end below one header, is the unsplit list.
            for (name, rows) in &whole {
                if name == "汇总" || name == "图表" {
                    let same = split.iter().find(|(n, _)| n == name).unwrap();
                    assert_eq!(&same.1, rows, "{memory:?} {name} unchanged");
                    continue;
                }
                let parts: Vec<&Vec<Vec<Data>>> = split
                    .iter()
                    .filter(|(n, _)| n == name || n.starts_with(&format!("{name}(")))
                    .map(|(_, r)| r)
                    .collect();
                let mut joined = vec![rows[0].clone()];
                for p in &parts {
                    assert_eq!(p[0], rows[0], "{memory:?} {name}: header on every sheet");
                    assert!(p.len() <= 6, "{memory:?} {name}: at most 5 data rows");
                    joined.extend(p[1..].iter().cloned());
                }
                assert_eq!(&joined, rows, "{memory:?} {name}: every row once, in order");
            }

            // 汇总's totals count what the continued lists hold.
            let get = |name: &str| &split.iter().find(|(n, _)| n == name).unwrap().1;
            let sum = get("汇总");
            let totals = &sum[units.len() + 1];
            let num = |d: &Data| d.as_f64().unwrap_or(0.0);
            let table_rows: Vec<&Vec<Data>> = split
                .iter()
                .filter(|(n, _)| n.starts_with("项目明细"))
                .flat_map(|(_, r)| &r[1..])
                .collect();
            assert_eq!(table_rows.len(), n_tables);
            let kinds: f64 = (1..=3).map(|c| num(&totals[c])).sum();
            assert_eq!(kinds, n_tables as f64, "{memory:?}: tables in 汇总");
            for c in [13, 14] {
                let listed: f64 = table_rows.iter().map(|r| num(&r[c])).sum();
                assert_eq!(num(&totals[c]), listed, "{memory:?}: column {c} totals");
            }
            let indicator_rows: usize = split
                .iter()
                .filter(|(n, _)| n.starts_with("指标明细"))
                .map(|(_, r)| r.len() - 1)
                .sum();
            assert_eq!(indicator_rows, n_indicators, "{memory:?}");
        }
    }

    #[test]
    fn continued_formulas_refer_to_their_own_row_and_names_follow_the_language() {
        let (inbox, files, units) = fixture();
        let opts = SummaryOptions::default();
        let mut wb = build_with_rows(&files, &units, &inbox, Lang::En, opts, 2).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let names = book.sheet_names();
        for name in ["Tables(2)", "Indicators(2)", "Files(2)"] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.starts_with("Summary(")));
        let formulas = book.worksheet_formula("Tables(2)").unwrap();
        let (r0, _) = formulas.start().unwrap();
        let mut seen = 0;
        for (r, c, f) in formulas.cells() {
            if c as u32 + formulas.start().unwrap().1 == 5 {
                let a1 = r as u32 + r0 + 1;
                assert_eq!(f, &format!("IF(N(D{a1})>0,N(E{a1})/D{a1},\"\")"));
                seen += 1;
            }
        }
        assert_eq!(seen, 2, "two rows on Tables(2)");
    }

    #[test]
    fn more_units_than_a_sheet_holds_is_an_error_not_a_panic() {
        let (inbox, files, _) = fixture();
        let empty = Unit {
            name: String::new(),
            tables: Vec::new(),
        };
        // One row is the totals row: MAX_DATA_ROWS - 1 units fit, MAX_DATA_ROWS do not.
        let units = vec![empty; MAX_DATA_ROWS as usize];
        let e = build_with_rows(&files, &units, &inbox, Lang::Zh, Default::default(), 5)
            .err()
            .expect("too many units")
            .to_string();
        assert!(e.contains("汇总") && e.contains("1048574"), "{e}");
    }
}
