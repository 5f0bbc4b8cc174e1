//! `findings.xlsx`: every finding of a run as a worklist a reviewer can print and work
//! through. A title row says what it is, for which year and on which day it was made
//! (`SOURCE_DATE_EPOCH` fixes the day); each row names the unit, the file (relative to the
//! inbox), the table, sheet and cell, the rule's code with its Chinese name, the message,
//! and the stated (填报值) and reviewed (复核值) figures and the threshold (阈值) as numbers
//! with number formats. Rows are sorted by severity, unit, file and place (row and column
//! order). More findings than one worksheet holds continue on `问题清单(2)`, … with the same
//! title and header.

mod entries;
mod sheet;

pub use entries::{collect_with, run_year, Entry};
pub use sheet::MAX_ROWS;

use crate::aggregate::campaign::{Fixed, View};
use crate::check::CheckedFile;
use crate::diag::{en_count, FigureKind, Lang, Severity};
use crate::model::date::Date;
use crate::xlsx::style;
use anyhow::Result;
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use sheet::{Layout, Value, WorkList};

/// What a column holds, which decides its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// Text: as wide as its widest entry, up to a cap, then wrapped.
    Text(u16),
    /// A figure: a fixed width.
    Figure,
}

/// The columns: Chinese header, English header, what it holds.
const COLUMNS: [(&str, &str, Holds); 13] = [
    ("严重程度", "Severity", Holds::Text(8)),
    ("单位", "Unit", Holds::Text(18)),
    ("文件", "File", Holds::Text(22)),
    ("表名称", "Table", Holds::Text(18)),
    ("工作表", "Sheet", Holds::Text(14)),
    ("单元格", "Cell", Holds::Text(8)),
    ("代码", "Code", Holds::Text(16)),
    ("规则", "Rule", Holds::Text(16)),
    ("说明", "Message", Holds::Text(44)),
    ("填报值", "Found", Holds::Figure),
    ("复核值", "Expected", Holds::Figure),
    ("阈值", "Limit", Holds::Figure),
    ("状态", "State", Holds::Text(8)),
];

/// The width of a figure column (fits `#,##0.00` of a few hundred million 万元).
const FIGURE_WIDTH: f64 = 13.0;

/// The name of the findings sheet in a language (continuation sheets add `(2)`, `(3)`, …).
pub fn sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "问题清单",
        Lang::En => "Findings",
    }
}

/// Builds the findings workbook (not yet saved): in a workspace run each finding's state
/// from the view, and a sheet `已改正` listing what the last round sent that is gone
/// (campaign.md §5). At most `rows_per_sheet` findings go on a worksheet, more continue on
/// continuation sheets; [`MAX_ROWS`] is as many as a worksheet holds below its title and
/// header, a smaller figure lets tests see the split without writing a million rows.
pub fn build(
    files: &[CheckedFile],
    run: &crate::render::RunCx<'_>,
    rows_per_sheet: u32,
) -> Result<Workbook> {
    build_logged(files, run, rows_per_sheet, None)
}

/// Builds the findings workbook of a run like [`build`] and saves it to a temporary file
/// beside `path`, the rows' heights kept out of memory (`xlsx::heights`).
pub fn save_campaign(
    files: &[CheckedFile],
    run: &crate::render::RunCx<'_>,
    rows_per_sheet: u32,
    path: &std::path::Path,
) -> Result<crate::outdir::atomic::Pending> {
    let Ok(log) = crate::xlsx::heights::HeightLog::new() else {
        let mut wb = build(files, run, rows_per_sheet)?;
        return crate::outdir::atomic::save_pending(&mut wb, path);
    };
    let log = std::cell::RefCell::new(log);
    let mut wb = build_logged(files, run, rows_per_sheet, Some(&log))?;
    crate::xlsx::heights::save_pending(&mut wb, path, log.into_inner())
}

/// [`build`], the rows' heights going to `heights` when given.
fn build_logged(
    files: &[CheckedFile],
    run: &crate::render::RunCx<'_>,
    rows_per_sheet: u32,
    heights: Option<&std::cell::RefCell<crate::xlsx::heights::HeightLog>>,
) -> Result<Workbook> {
    let (inbox, lang, view) = (run.inbox, run.lang, run.view);
    let entries = collect_with(files, inbox, lang, view);
    // Each row's cells are made when they are measured and again when written: a bureau's
    // findings run to tens of thousands, and their texts are most of what they cost.
    let widest = widest_texts(entries.iter().map(|e| cells(e, lang)));
    let mut wb = Workbook::new();
    let layout = Layout {
        name: sheet_name(lang),
        title: title(run_year(files), run.date, &entries, lang),
        headers: COLUMNS.iter().map(|c| lang.pick(c.0, c.1)).collect(),
        widths: widths(&widest, lang),
        lang,
        error_text: lang.pick(Severity::Error.zh(), Severity::Error.as_str()),
        rows_per_sheet,
    };
    let mut list = WorkList::new(&mut wb, layout)?;
    if let Some(log) = heights {
        list.log_heights(log);
    }
    for e in &entries {
        let r = cells(e, lang);
        let values: Vec<Value> = r.iter().map(Cell::value).collect();
        list.row(&values)?;
    }
    list.finish()?;
    if view.round.is_some() {
        fixed_sheet(&mut wb, view, lang)?;
    }
    Ok(wb)
}

/// `已改正`'s columns, in Chinese and English.
const FIXED_HEADS: [(&str, &str); 6] = [
    ("单位", "Unit"),
    ("表名称", "Table"),
    ("严重程度", "Severity"),
    ("代码", "Code"),
    ("规则", "Rule"),
    ("原问题说明", "Message as sent"),
];

/// `已改正`: the findings of each unit's last round that are gone.
fn fixed_sheet(wb: &mut Workbook, view: &View, lang: Lang) -> Result<()> {
    let rows: Vec<Vec<Cell>> = view.fixed.iter().map(|f| fixed_row(f, lang)).collect();
    let layout = Layout {
        name: lang.pick("已改正", "Fixed"),
        title: fixed_title(view.round, rows.len(), lang),
        headers: FIXED_HEADS.iter().map(|h| lang.pick(h.0, h.1)).collect(),
        widths: fixed_widths(&rows, lang),
        lang,
        error_text: "\u{0}",
        rows_per_sheet: sheet::MAX_ROWS,
    };
    let mut list = WorkList::new(wb, layout)?;
    for r in &rows {
        let values: Vec<Value> = r.iter().map(Cell::value).collect();
        list.row(&values)?;
    }
    list.finish()?;
    Ok(())
}

/// A fixed finding's row: unit, table, severity, code, rule, the message as sent.
fn fixed_row(f: &Fixed, lang: Lang) -> Vec<Cell> {
    let code = crate::diag::Code::parse(&f.code);
    let rule = code
        .map(|c| c.rule().name(lang).to_string())
        .unwrap_or_default();
    let sev = code.map(|c| c.severity()).unwrap_or(Severity::Warning);
    [
        f.unit.clone(),
        f.table.clone(),
        lang.pick(sev.zh(), sev.as_str()).to_string(),
        f.code.clone(),
        rule,
        f.message.clone(),
    ]
    .into_iter()
    .map(Cell::Text)
    .collect()
}

/// `已改正`'s column widths: each fits its header and its texts, the message up to 60.
fn fixed_widths(rows: &[Vec<Cell>], lang: Lang) -> Vec<f64> {
    (0..6)
        .map(|c| {
            let (zh, en) = FIXED_HEADS[c];
            let head = style::text_width(lang.pick(zh, en)) as f64 + 2.0;
            style::column_width(
                rows.iter().filter_map(|r| r[c].text()),
                head,
                if c == 5 { 60.0 } else { 24.0 },
            )
        })
        .collect()
}

/// `已改正`'s title: the round and how many findings it lists.
fn fixed_title(round: Option<u32>, count: usize, lang: Lang) -> String {
    match (lang, round) {
        (Lang::Zh, Some(n)) => format!("第{n}轮审核意见指出、现已改正的问题（共 {count} 条）"),
        (_, n) => format!(
            "Findings of round {} now corrected ({count} in all)",
            n.unwrap_or(0)
        ),
    }
}

/// One cell of a row, owning its text.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(Decimal, FigureKind),
}

impl Cell {
    fn value(&self) -> Value<'_> {
        match self {
            Cell::Text(s) => Value::Text(s),
            Cell::Number(x, k) => Value::Number(*x, *k),
        }
    }

    /// The text a column's width is measured on (none for a number).
    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            Cell::Number(..) => None,
        }
    }
}

/// A figure as a number in its kind's format; a figure that is not a number (a grade)
/// stays text.
fn figure(v: Option<&str>, kind: FigureKind) -> Cell {
    let Some(v) = v else {
        return Cell::Text(String::new());
    };
    match v.trim().parse::<Decimal>().ok() {
        Some(d) => Cell::Number(d, kind),
        None => Cell::Text(v.to_string()),
    }
}

/// The cell of a workbook's finding, the paragraph (`第7段`) of a report's.
fn place(x: &crate::diag::Finding, lang: Lang) -> String {
    x.cell
        .map(|c| c.to_string())
        .or_else(|| x.paragraph_label(lang))
        .unwrap_or_default()
}

/// The cells of one entry, in [`COLUMNS`] order.
fn cells(e: &Entry, lang: Lang) -> [Cell; 13] {
    let x = e.finding;
    let sev = e.severity();
    let kind = x.figure_kind();
    // A stated score as the table gives it (General); a computed one with two decimals.
    let stated = match kind {
        FigureKind::Score => FigureKind::Plain,
        k => k,
    };
    [
        Cell::Text(lang.pick(sev.zh(), sev.as_str()).to_string()),
        Cell::Text(e.unit.clone()),
        Cell::Text(e.file.clone()),
        Cell::Text(e.table.to_string()),
        Cell::Text(x.sheet.clone().unwrap_or_default()),
        Cell::Text(place(x, lang)),
        Cell::Text(x.code.as_str().to_string()),
        Cell::Text(x.code.rule().name(lang).to_string()),
        Cell::Text(e.message.to_string()),
        figure(x.found.as_deref(), stated),
        figure(x.expected.as_deref(), kind),
        figure(x.limit.as_deref(), kind),
        Cell::Text(e.state.name(lang).to_string()),
    ]
}

/// Column widths: each text column as wide as its widest entry (CJK counted double) or
/// its header, up to its cap; figures a fixed width.
/// The display width of each column's widest text over `rows`.
fn widest_texts(rows: impl Iterator<Item = [Cell; 13]>) -> [usize; 13] {
    let mut widest = [0; 13];
    for r in rows {
        for (w, c) in widest.iter_mut().zip(&r) {
            *w = (*w).max(c.text().map_or(0, style::text_width));
        }
    }
    widest
}

fn widths(widest: &[usize; 13], lang: Lang) -> Vec<f64> {
    COLUMNS
        .iter()
        .enumerate()
        .map(|(c, (zh, en, holds))| {
            let head = style::text_width(lang.pick(zh, en)) as f64 + 2.0;
            match holds {
                Holds::Figure => FIGURE_WIDTH.max(head),
                Holds::Text(cap) => {
                    // As `style::column_width` measures a column's texts.
                    (widest[c] as f64 + 2.0).clamp(head, f64::from(*cap).max(head))
                }
            }
        })
        .collect()
}

/// The title row: what the list is, for which year, the run's date and the counts.
fn title(year: Option<i32>, d: Date, entries: &[Entry], lang: Lang) -> String {
    let [e, w, i] = entries::counts(entries);
    let (n, left) = (e + w + i, entries.len() - (e + w + i));
    let date = crate::xlsx::print::shown_date(d, lang);
    let left = match (left, lang) {
        (0, _) => String::new(),
        (k, Lang::Zh) => format!("；另有旧副本或非本年度表格的问题 {k} 条，不计入"),
        (k, Lang::En) => format!("; {k} more on older copies or other years' tables, not counted"),
    };
    match lang {
        Lang::Zh => {
            let year = year.map(|y| format!("{y}年度")).unwrap_or_default();
            format!("{year}预算绩效自评审核问题清单（{date}生成；共 {n} 条：错误 {e} 条，警告 {w} 条，提示 {i} 条{left}）")
        }
        Lang::En => {
            let year = year.map(|y| format!("{y} ")).unwrap_or_default();
            let (e, w, i) = (
                en_count(e, "error"),
                en_count(w, "warning"),
                en_count(i, "note"),
            );
            format!("Findings of the {year}budget performance self-evaluation review (made {date}; {n} in all: {e}, {w}, {i}{left})")
        }
    }
}
