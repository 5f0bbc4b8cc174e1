//! `summary.xlsx`: the bureau's filled summary — 汇总 (one row per unit), 项目明细 (one row
//! per table), 指标明细 (one row per indicator), 文件清单 (every input file) and 图表.
//!
//! Totals and rates are live formulas written with the results computed here in decimal,
//! so any reader sees the figures Excel shows. 项目明细, 指标明细 and 文件清单 continue on
//! continuation sheets (`指标明细(2)`, …) when they outgrow one worksheet; 汇总 stays on one
//! (its totals row and the charts refer to it) and refuses a run with more units than a
//! worksheet holds.
//!
//! Every sheet is ready to print and file (`xlsx::print`): a title row with the year and
//! the run's date, A4 page setup with the title in the page header and page numbers in the
//! footer, the header row repeated, row heights that fit wrapped text; 图表 holds one chart
//! per printed page. Tables superseded by a resubmission (`aggregate::is_superseded`) are
//! marked 已被替代 in 项目明细 and left out of 汇总's figures and 指标明细.
//!
//! This module holds what the sheets share and the order they are written in; each sheet
//! has its own file.

mod charts;
mod files;
mod indicators;
mod overview;
mod previous;
mod tables;
mod targets;

use crate::aggregate::{unit_figures, Unit, UnitFigures};
use crate::check::{CheckedFile, FileStatus};
use crate::diag::Lang;
use crate::store::FileSource;
use crate::xlsx::heights::HeightLog;
use crate::xlsx::list::{ListFormats, ListOptions, Overflow, MAX_DATA_ROWS};
use crate::xlsx::print::{shown_date, Column, PrintList, TitleBlock};
use anyhow::{bail, Result};
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatPattern, Workbook,
};

pub use crate::xlsx::list::SheetMemory;

/// The most units 汇总 holds: a worksheet's rows less the title block, the header, the
/// totals row and the note below it.
pub const MAX_UNITS: u32 = MAX_DATA_ROWS - crate::xlsx::print::TITLE_ROWS - 2;

/// The column of the error count in 汇总 and 项目明细 (N).
const ERRORS_COL: u16 = 13;

/// Sheet names of the summary workbook in a language.
pub fn sheet_names(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["汇总", "项目明细", "指标明细", "文件清单", "图表"],
        Lang::En => ["Summary", "Tables", "Indicators", "Files", "Charts"],
    }
}

/// The status of a file as shown in 文件清单.
pub fn status_text(s: FileStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.as_str(),
    }
}

/// What 文件清单 says of a file or table that does not count (`已被替代（以 FILE 为准）`,
/// `非本年度`), the file named relative to the inbox; empty when it counts.
pub fn standing_text(s: &crate::model::Standing, inbox: &std::path::Path, lang: Lang) -> String {
    use crate::model::Standing;
    let shown = match s {
        Standing::Superseded(by) => {
            let p = std::path::Path::new(by);
            let p = p.strip_prefix(inbox).unwrap_or(p);
            Standing::Superseded(p.to_string_lossy().replace('\\', "/"))
        }
        other => other.clone(),
    };
    shown.label(lang == Lang::Zh)
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

/// The highlight fills the sheets share, made once so every sheet shows the same colours.
struct Styles {
    /// Light red with dark red text: errors and files that could not be used.
    red: Format,
    /// Light orange with dark orange text: a reviewed figure that differs from the stated.
    orange: Format,
    /// 汇总 and 项目明细 both count errors in column N: a count above zero shows red.
    errors_in_red: ConditionalFormatCell,
    /// Grey text: a superseded table's status in 项目明细.
    grey: Format,
}

impl Styles {
    fn new() -> Self {
        let red = Format::new()
            .set_background_color(Color::RGB(0xFFC7CE))
            .set_font_color(Color::RGB(0x9C0006))
            .set_pattern(FormatPattern::Solid);
        let errors_in_red = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThan(0))
            .set_format(&red);
        let orange = Format::new()
            .set_background_color(Color::RGB(0xFFEB9C))
            .set_font_color(Color::RGB(0x9C5700))
            .set_pattern(FormatPattern::Solid);
        let grey = crate::xlsx::style::base()
            .set_border(rust_xlsxwriter::FormatBorder::Thin)
            .set_background_color(Color::RGB(0xD9D9D9))
            .set_font_color(Color::RGB(0x595959))
            .set_pattern(FormatPattern::Solid);
        Styles {
            red,
            orange,
            errors_in_red,
            grey,
        }
    }
}

/// What every sheet of the summary is written with.
struct Ctx<'a> {
    /// The checked files, light and read back in full.
    source: &'a dyn FileSource,
    /// The units whose tables count (without the roster's rows of units that sent nothing).
    units: &'a [Unit],
    /// The language of headers, names and texts.
    lang: Lang,
    /// The folder paths in 项目明细 and 文件清单 are shown relative to.
    inbox: &'a std::path::Path,
    /// The cell formats of the list sheets.
    f: ListFormats,
    /// The highlight fills.
    styles: Styles,
    /// How 项目明细, 指标明细 and 文件清单 are written: memory mode and rows per sheet.
    long: ListOptions,
    /// The title block of every sheet.
    title: TitleBlock,
    /// The campaign's view: 汇总's 状态 columns and roster rows when it knows units.
    view: &'a crate::aggregate::campaign::View,
    /// Where the long lists' row heights go when the workbook is saved through
    /// `xlsx::heights` (see [`save_campaign`]); `None`: set directly.
    heights: Option<&'a std::cell::RefCell<HeightLog>>,
}

impl Ctx<'_> {
    /// The name of the `k`-th sheet (see [`sheet_names`]).
    fn name(&self, k: usize) -> &'static str {
        sheet_names(self.lang)[k]
    }

    /// Starts a list sheet named `name` with these headers and widths, continued as the
    /// long lists are (`opts`).
    fn list<'w>(
        &self,
        wb: &'w mut Workbook,
        name: &str,
        h: &[(&'static str, &'static str)],
        widths: &[f64],
        opts: ListOptions,
    ) -> Result<PrintList<'w>> {
        let cols = self.columns(h, widths);
        Ok(PrintList::new(wb, name, cols, &self.title, &self.f, opts)?)
    }

    /// Starts a long list sheet (项目明细, 指标明细, 文件清单, 目标) with these headers and
    /// widths: [`Ctx::long`] rows, the row heights logged when the context has a log.
    fn long_list<'w>(
        &'w self,
        wb: &'w mut Workbook,
        name: &str,
        h: &[(&'static str, &'static str)],
        widths: &[f64],
    ) -> Result<PrintList<'w>> {
        let cols = self.columns(h, widths);
        let mut s = PrintList::new(wb, name, cols, &self.title, &self.f, self.long)?;
        if let Some(log) = self.heights {
            s.log_heights(log);
        }
        Ok(s)
    }

    /// The columns of a list sheet: headers in the language, with their widths.
    fn columns(&self, h: &[(&'static str, &'static str)], widths: &[f64]) -> Vec<Column> {
        h.iter()
            .zip(widths)
            .map(|((zh, en), w)| Column {
                header: self.lang.pick(zh, en).to_string(),
                width: *w,
            })
            .collect()
    }
}

/// The title of the summary: `2021年度预算绩效自评汇总表` (without a year when no table
/// states one).
pub fn title_text(year: Option<i32>, lang: Lang) -> String {
    match (lang, year) {
        (Lang::Zh, Some(y)) => format!("{y}年度预算绩效自评汇总表"),
        (Lang::Zh, None) => "预算绩效自评汇总表".to_string(),
        (Lang::En, Some(y)) => format!("Budget performance self-evaluation summary {y}"),
        (Lang::En, None) => "Budget performance self-evaluation summary".to_string(),
    }
}

/// How the long lists are written.
#[derive(Debug, Clone, Copy)]
pub struct Rows {
    /// Data rows per worksheet.
    pub per_sheet: u32,
    /// Memory mode.
    pub opts: SummaryOptions,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            per_sheet: MAX_DATA_ROWS,
            opts: SummaryOptions::default(),
        }
    }
}

/// Builds the summary workbook (not yet saved). In a workspace run 汇总 gains the columns
/// 状态, 上轮错误, 已改正, 仍存在, 新出现 and a row for every roster unit (campaign.md §5).
///
/// 项目明细, 指标明细 and 文件清单 hold at most `rows.per_sheet` data rows on a worksheet
/// (more continue on continuation sheets `NAME(2)`, `NAME(3)`, …); the default is
/// [`MAX_DATA_ROWS`], a smaller figure lets tests see the split without writing a million
/// rows. 汇总 always stays on one worksheet: more units than [`MAX_UNITS`] is an error. In
/// constant-memory mode rows are written strictly top to bottom, which every list sheet
/// here does.
pub fn build(
    source: &dyn FileSource,
    units: &[Unit],
    run: &crate::render::RunCx<'_>,
    rows: Rows,
) -> Result<Workbook> {
    build_logged(source, units, run, rows, None)
}

/// Builds the summary of a run like [`build`] and saves it to a temporary file beside
/// `path`, the long lists' row heights kept out of memory (`xlsx::heights`).
pub fn save_campaign(
    source: &dyn FileSource,
    units: &[Unit],
    run: &crate::render::RunCx<'_>,
    rows: Rows,
    path: &std::path::Path,
) -> Result<crate::outdir::atomic::Pending> {
    let Ok(log) = HeightLog::new() else {
        let mut wb = build(source, units, run, rows)?;
        return crate::outdir::atomic::save_pending(&mut wb, path);
    };
    let log = std::cell::RefCell::new(log);
    let started = std::time::Instant::now();
    let mut wb = build_logged(source, units, run, rows, Some(&log))?;
    tracing::debug!("summary.xlsx built: {:.2?}", started.elapsed());
    crate::xlsx::heights::save_pending(&mut wb, path, log.into_inner())
}

/// [`build`], the long lists' row heights going to `heights` when given.
fn build_logged(
    source: &dyn FileSource,
    units: &[Unit],
    run: &crate::render::RunCx<'_>,
    rows: Rows,
    heights: Option<&std::cell::RefCell<HeightLog>>,
) -> Result<Workbook> {
    // Checked before anything is written: 汇总 cannot be continued, since its totals row
    // and the charts refer to one range of it.
    if units.len() > MAX_UNITS as usize {
        bail!(
            "{} units: the {} sheet holds one row per unit below its title and header, a \
             totals row and a note, at most {} units on one worksheet",
            units.len(),
            sheet_names(run.lang)[0],
            MAX_UNITS
        );
    }
    let cx = Ctx::new(source, units, run, rows, heights);
    let files = source.light();
    let view = run.view;
    let mut wb = Workbook::new();
    // A workspace: each unit's status, and a row for every roster unit that sent nothing.
    let records = (!view.units.is_empty()).then(|| crate::aggregate::records(files, units, view));
    let mut figures: Vec<UnitFigures> = units.iter().map(|u| unit_figures(files, u)).collect();
    // The roster's units that sent nothing have no figures (the charts count them too).
    figures.extend(view.roster.iter().map(|_| UnitFigures::default()));
    let (rows, listed) = overview_rows(units, &figures, view);
    overview::write(&mut wb, &rows, &listed, records.as_deref(), &cx)?;
    tables::write(&mut wb, &cx)?;
    let started = std::time::Instant::now();
    indicators::write(&mut wb, &cx)?;
    tracing::debug!("summary.xlsx 指标明细: {:.2?}", started.elapsed());
    files::write(&mut wb, &cx)?;
    if targets::wanted(source) {
        targets::write(&mut wb, &cx)?;
    }
    charts::write(&mut wb, units, &figures, &cx)?;
    Ok(wb)
}

/// 汇总's rows and their figures (`figures`: the units', then the roster's units' that sent
/// nothing), in the roster's order.
fn overview_rows(
    units: &[Unit],
    figures: &[UnitFigures],
    view: &crate::aggregate::campaign::View,
) -> (Vec<Unit>, Vec<UnitFigures>) {
    let silent = view.roster.iter().map(|name| Unit {
        name: name.clone(),
        ..Unit::default()
    });
    let units = units.iter().cloned().chain(silent);
    let mut rows: Vec<(Unit, UnitFigures)> = units.zip(figures.iter().cloned()).collect();
    // In the roster's order, as the records come (aggregate::records); the charts keep the
    // units' own order.
    view.sort_by_place(&mut rows, |(u, _)| u.name.clone());
    rows.into_iter().unzip()
}

impl<'a> Ctx<'a> {
    /// The context of one summary: the run's, with the list sheets' options and the title
    /// block every sheet shares.
    fn new(
        source: &'a dyn FileSource,
        units: &'a [Unit],
        run: &crate::render::RunCx<'a>,
        rows: Rows,
        heights: Option<&'a std::cell::RefCell<HeightLog>>,
    ) -> Self {
        let lang = run.lang;
        let long = ListOptions {
            memory: rows.opts.memory,
            rows_per_sheet: rows.per_sheet,
            overflow: Overflow::Continue,
        };
        let title = TitleBlock {
            title: title_text(crate::aggregate::run_year(source.light()), lang),
            date: shown_date(run.date, lang),
            lang,
        };
        Ctx {
            source,
            units,
            lang,
            inbox: run.inbox,
            f: ListFormats::new(),
            styles: Styles::new(),
            long,
            title,
            view: run.view,
            heights,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::print::HEADER_ROW;
    use calamine::{Data, DataType, Reader, Xlsx};
    use std::io::Cursor;
    use std::path::Path;

    /// The summary of a plain run with `per_sheet` rows on a list's worksheet.
    fn build_with_rows(
        source: &dyn FileSource,
        units: &[Unit],
        inbox: &Path,
        lang: Lang,
        opts: SummaryOptions,
        per_sheet: u32,
    ) -> Result<Workbook> {
        let (settings, view) = (Default::default(), Default::default());
        let run = crate::render::RunCx::new(inbox, &settings, &view, lang);
        build(source, units, &run, Rows { per_sheet, opts })
    }

    /// The summary of a plain run on whole worksheets.
    fn build_with(
        source: &dyn FileSource,
        units: &[Unit],
        inbox: &Path,
        lang: Lang,
        opts: SummaryOptions,
    ) -> Result<Workbook> {
        build_with_rows(source, units, inbox, lang, opts, MAX_DATA_ROWS)
    }

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

    /// Every `<row …>` tag of every worksheet part, in order, leaving out the empty copy of
    /// a last row rust_xlsxwriter writes after the real one (`xlsx::heights`).
    fn row_tags(bytes: &[u8]) -> Vec<(String, Vec<String>)> {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        for i in 0..z.len() {
            let mut p = z.by_index(i).unwrap();
            let name = p.name().unwrap().to_string();
            if !name.starts_with("xl/worksheets/sheet") {
                continue;
            }
            let mut xml = String::new();
            p.read_to_string(&mut xml).unwrap();
            let mut tags: Vec<String> = xml
                .split("<row ")
                .skip(1)
                .map(|t| t[..t.find('>').unwrap()].to_string())
                .collect();
            let repeated = |t: &[String]| match t {
                [.., a, b] => b.ends_with('/') && a.split(' ').next() == b.split(' ').next(),
                _ => false,
            };
            if repeated(&tags) {
                tags.pop();
            }
            out.push((name, tags));
        }
        out
    }

    #[test]
    fn a_summary_saved_through_the_height_log_has_the_same_rows() {
        let (inbox, files, units) = fixture();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.xlsx");
        let settings = crate::check::Settings::default();
        let view = crate::aggregate::campaign::View::default();
        let run = crate::render::RunCx::new(&inbox, &settings, &view, Lang::Zh);
        save_campaign(&files, &units, &run, Rows::default(), &path)
            .unwrap()
            .commit()
            .unwrap();
        let logged = std::fs::read(&path).unwrap();
        let mut wb = build(&files, &units, &run, Rows::default()).unwrap();
        let direct = wb.save_to_buffer().unwrap();
        let (a, b) = (row_tags(&direct), row_tags(&logged));
        let tall = b
            .iter()
            .flat_map(|s| &s.1)
            .filter(|t| t.contains(" ht="))
            .count();
        assert!(tall > 50, "the fixture inbox has tall rows: {tall}");
        assert_eq!(a, b);
        assert_eq!(cells(direct), cells(logged));
    }

    #[test]
    fn constant_memory_sheets_hold_the_same_cells_as_standard_ones() {
        let (inbox, files, units) = fixture();
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
        // The title block holds the year and the date on every sheet.
        let title = got[0].iter().find(|c| c.0 == "汇总" && c.1 == 0).unwrap();
        assert_eq!(title.3.to_string(), "2021年度预算绩效自评汇总表");
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

    /// A workbook's sheets: each name with its rows.
    type Sheets = Vec<(String, Vec<Vec<Data>>)>;

    /// Rows of a list sheet: the title block and the header above the data.
    const TOP: usize = (HEADER_ROW + 1) as usize;

    /// What the fixture's lists hold: tables, counted tables, counted indicators.
    struct Sizes {
        tables: usize,
        counted: usize,
        indicators: usize,
    }

    impl Sizes {
        fn of(files: &[CheckedFile], units: &[Unit]) -> Sizes {
            let counted = |u| crate::aggregate::counted_tables(files, u);
            Sizes {
                tables: units.iter().map(|u| u.tables.len()).sum(),
                counted: units.iter().map(|u| counted(u).len()).sum(),
                indicators: units
                    .iter()
                    .flat_map(counted)
                    .map(|t| t.table.indicators.len())
                    .sum(),
            }
        }
    }

    #[test]
    fn split_lists_hold_every_row_once_in_order_and_agree_with_the_totals() {
        let (inbox, files, units) = fixture();
        let opts = SummaryOptions {
            memory: SheetMemory::Standard,
        };
        let whole = build_with(&files, &units, &inbox, Lang::Zh, opts)
            .unwrap()
            .save_to_buffer()
            .unwrap();
        let whole = sheet_rows(&whole);
        let sizes = Sizes::of(&files, &units);
        assert!(
            sizes.tables > 5 && sizes.indicators > 10,
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
            let want = split_names(&sizes, files.len());
            assert_eq!(names, want, "{memory:?}");
            assert_lists_joined(&whole, &split, memory);
            assert_totals(&split, &files, units.len(), &sizes, memory);
        }
    }

    /// The sheet names: each list as many times as 5 rows a sheet need, in place.
    fn split_names(sizes: &Sizes, files: usize) -> Vec<String> {
        let mut want = vec!["汇总".to_string()];
        for (name, n) in [
            ("项目明细", sizes.tables),
            ("指标明细", sizes.indicators),
            ("文件清单", files),
        ] {
            want.push(name.to_string());
            want.extend((2..=n.div_ceil(5)).map(|k| format!("{name}({k})")));
        }
        want.push("图表".to_string());
        want
    }

    /// Each list, its sheets put end to end below one header, is the unsplit list.
    fn assert_lists_joined(whole: &Sheets, split: &Sheets, memory: SheetMemory) {
        for (name, rows) in whole {
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
            let mut joined = rows[..TOP].to_vec();
            for p in &parts {
                assert_eq!(p[0], rows[0], "{memory:?} {name}: title on every sheet");
                assert_eq!(p[TOP - 1], rows[TOP - 1], "{memory:?} {name}: header");
                assert!(p.len() <= TOP + 5, "{memory:?} {name}: at most 5 data rows");
                joined.extend(p[TOP..].iter().cloned());
            }
            assert_eq!(&joined, rows, "{memory:?} {name}: every row once, in order");
        }
    }

    /// The data rows of a list, over its sheets.
    fn list_rows<'a>(split: &'a Sheets, list: &'a str) -> impl Iterator<Item = &'a Vec<Data>> {
        split
            .iter()
            .filter(move |(n, _)| n.starts_with(list))
            .flat_map(|(_, r)| &r[TOP..])
    }

    /// 汇总's totals count the counted tables and every finding of the run.
    fn assert_totals(
        split: &Sheets,
        files: &[CheckedFile],
        units: usize,
        sizes: &Sizes,
        memory: SheetMemory,
    ) {
        let get = |name: &str| &split.iter().find(|(n, _)| n == name).unwrap().1;
        let totals = &get("汇总")[units + TOP];
        assert_eq!(totals[0], Data::String("合计".into()));
        let num = |d: &Data| d.as_f64().unwrap_or(0.0);
        let table_rows: Vec<&Vec<Data>> = list_rows(split, "项目明细").collect();
        assert_eq!(table_rows.len(), sizes.tables);
        let kinds: f64 = (1..=3).map(|c| num(&totals[c])).sum();
        assert_eq!(kinds, sizes.counted as f64, "{memory:?}: tables in 汇总");
        let marked = table_rows
            .iter()
            .filter(|r| r[17] == Data::String("计入".into()))
            .count();
        assert_eq!(marked, sizes.counted, "{memory:?}: 计入 in 项目明细");
        let all = crate::check::summarize(files);
        assert_eq!(num(&totals[13]), all.errors as f64, "{memory:?}: errors");
        let warnings = num(&totals[14]);
        assert_eq!(warnings, all.warnings as f64, "{memory:?}: warnings");
        assert_eq!(
            list_rows(split, "指标明细").count(),
            sizes.indicators,
            "{memory:?}"
        );
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
        let empty = Unit::default();
        // MAX_UNITS fit below the title and header with the totals and the note; one
        // more does not.
        let units = vec![empty; MAX_UNITS as usize + 1];
        let e = build_with_rows(&files, &units, &inbox, Lang::Zh, Default::default(), 5)
            .err()
            .expect("too many units")
            .to_string();
        assert!(e.contains("汇总") && e.contains("1048571"), "{e}");
    }
}
