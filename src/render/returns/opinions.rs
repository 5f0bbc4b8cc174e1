//! The 审核意见 sheet: title, counts, then one row per finding with where the unit finds
//! it, the rule's name, the figures as numbers, what to do and a link to the marked cell.

use super::entries::{figure_kind, number, Entry, Figure};
use super::print;
use crate::diag::{en_count, Lang, Severity};
use crate::xlsx::style::{self, NUM_AMOUNT, NUM_RATE, NUM_SCORE};
use anyhow::Result;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatPattern, Url, Worksheet};

/// The row of the column headers (zero-based); the findings start below it.
pub(super) const HEADER_ROW: u32 = 3;

/// The columns: Chinese header, English header, width.
const COLUMNS: [(&str, &str, f64); 12] = [
    ("序号", "No.", 6.0),
    ("表", "Table", 18.0),
    ("原文件", "File", 18.0),
    ("原工作表", "Sheet", 12.0),
    ("原单元格", "Cell", 8.0),
    ("严重程度", "Severity", 8.0),
    ("问题", "Problem", 22.0),
    ("说明", "Message", 40.0),
    ("填报值", "Stated", 11.0),
    ("复核值", "Reviewed", 11.0),
    ("怎么改", "What to do", 30.0),
    ("定位", "Go to", 8.0),
];

/// What the title and the counts line say.
pub(super) struct Head<'a> {
    /// The unit's name.
    pub unit: &'a str,
    /// The year of its tables.
    pub year: Option<i32>,
    /// How many tables it sent.
    pub tables: usize,
    /// Whether a `状态` column follows (a workspace after a round, campaign.md §5).
    pub states: bool,
}

/// The `状态` column, after the others.
const STATE_COLUMN: (&str, &str, f64) = ("状态", "State", 8.0);

/// The fill of a severity: red for an error, amber for a warning.
pub(super) fn severity_fill(s: Severity) -> Option<u32> {
    match s {
        Severity::Error => Some(style::ERROR_FILL),
        Severity::Warning => Some(style::HIGHLIGHT),
        Severity::Info => None,
    }
}

/// The formats of the sheet.
struct Formats {
    title: Format,
    line: Format,
    header: Format,
    text: Format,
    centred: Format,
    link: Format,
}

impl Formats {
    fn new() -> Formats {
        let b = style::base();
        let boxed = b.clone().set_border(FormatBorder::Thin);
        Formats {
            title: b
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            line: b.clone(),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(style::REVIEWED_FILL))
                .set_pattern(FormatPattern::Solid),
            text: boxed.clone().set_align(FormatAlign::Left),
            centred: boxed.clone().set_align(FormatAlign::Center),
            link: boxed
                .set_align(FormatAlign::Center)
                .set_font_color(Color::Blue)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

/// Writes the sheet.
pub(super) fn opinions_sheet(
    ws: &mut Worksheet,
    head: &Head,
    rows: &[Entry],
    lang: Lang,
) -> Result<()> {
    let fm = Formats::new();
    let last = COLUMNS.len() as u16 - 1 + u16::from(head.states);
    let title = match (lang, head.year) {
        (Lang::Zh, Some(y)) => format!("{} {y}年度绩效自评审核意见", head.unit),
        (Lang::Zh, None) => format!("{} 绩效自评审核意见", head.unit),
        (Lang::En, Some(y)) => format!(
            "{}: review of the {y} performance self-evaluation",
            head.unit
        ),
        (Lang::En, None) => format!("{}: review of the performance self-evaluation", head.unit),
    };
    ws.merge_range(0, 0, 0, last, &title, &fm.title)?;
    ws.set_row_height(0, 30)?;
    let count = |s| rows.iter().filter(|e| e.severity() == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let n = head.tables;
    let counts = match lang {
        Lang::Zh => format!("共 {n} 张表；错误 {e} 项，警告 {w} 项，提示 {i} 项。"),
        Lang::En => format!(
            "{}; {}, {}, {}.",
            en_count(n, "table"),
            en_count(e, "error"),
            en_count(w, "warning"),
            en_count(i, "note")
        ),
    };
    ws.merge_range(1, 0, 1, last, &counts, &fm.line)?;
    let state = head.states.then_some(STATE_COLUMN);
    for (c, (zh, en, width)) in COLUMNS.iter().chain(state.iter()).enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(HEADER_ROW, c as u16, lang.pick(zh, en), &fm.header)?;
    }
    ws.set_row_height(HEADER_ROW, style::row_height(1))?;
    if rows.is_empty() {
        let none = lang.pick("经复核，未发现问题。", "Reviewed: no problem found.");
        ws.merge_range(HEADER_ROW + 1, 0, HEADER_ROW + 1, last, none, &fm.text)?;
    }
    for (k, e) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + k as u32;
        finding_row(ws, &fm, r, k + 1, e, lang)?;
        if let (true, Some(s)) = (head.states, e.state) {
            ws.write_string_with_format(r, COLUMNS.len() as u16, s.name(lang), &fm.centred)?;
        }
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let last_row = HEADER_ROW + rows.len().max(1) as u32;
    print::page(ws, HEADER_ROW, last_row, last as u32, true)?;
    Ok(())
}

/// Row `r`: the `n`-th finding.
fn finding_row(
    ws: &mut Worksheet,
    fm: &Formats,
    r: u32,
    n: usize,
    e: &Entry,
    lang: Lang,
) -> Result<()> {
    let rule = e.finding.code.rule();
    let sev = e.severity();
    let cell = e
        .finding
        .cell
        .map(|c| c.to_string())
        .or_else(|| e.finding.paragraph_label(lang))
        .unwrap_or_else(|| "—".to_string());
    ws.write_number_with_format(r, 0, n as f64, &fm.centred)?;
    let sheet = e.sheet.clone().unwrap_or_else(|| "—".to_string());
    let texts = [
        (1, e.table.as_str(), &fm.text),
        (2, e.file.as_str(), &fm.text),
        (3, sheet.as_str(), &fm.text),
        (4, cell.as_str(), &fm.centred),
        (6, rule.name(lang), &fm.text),
        (7, e.message.as_str(), &fm.text),
        (10, rule.fix(lang), &fm.text),
    ];
    for (c, s, f) in texts {
        ws.write_string_with_format(r, c, s, f)?;
    }
    ws.write_string_with_format(r, 5, severity_name(sev, lang), &severity_format(fm, sev))?;
    let kind = figure_kind(e.finding.code);
    // A stated score as the table gives it (General); the reviewed one with two decimals.
    let stated = match kind {
        Figure::Score => Figure::Plain,
        k => k,
    };
    figure(ws, r, 8, e.finding.found.as_deref(), stated, &fm.centred)?;
    figure(ws, r, 9, e.finding.expected.as_deref(), kind, &fm.centred)?;
    link(ws, fm, r, e, lang)?;
    let lines = [
        (e.message.as_str(), 40.0),
        (rule.fix(lang), 30.0),
        (rule.name(lang), 22.0),
        (e.table.as_str(), 18.0),
        (e.file.as_str(), 18.0),
    ]
    .iter()
    .map(|(s, w)| style::wrapped_lines(s, *w))
    .max()
    .unwrap_or(1);
    ws.set_row_height(r, style::row_height(lines))?;
    Ok(())
}

/// The link to the marked cell in this workbook (a blank when the finding has no cell).
fn link(ws: &mut Worksheet, fm: &Formats, r: u32, e: &Entry, lang: Lang) -> Result<()> {
    match &e.link {
        Some((sheet, at)) => {
            let target = format!("internal:'{}'!{at}", sheet.replace('\'', "''"));
            let url = Url::new(target).set_text(lang.pick("查看", "go"));
            ws.write_url_with_format(r, 11, url, &fm.link)?;
        }
        None => {
            ws.write_blank(r, 11, &fm.centred)?;
        }
    }
    Ok(())
}

/// The severity's name in the output language.
pub(super) fn severity_name(sev: Severity, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => sev.zh(),
        Lang::En => sev.as_str(),
    }
}

/// The severity cell's format: filled by severity.
fn severity_format(fm: &Formats, sev: Severity) -> Format {
    match severity_fill(sev) {
        Some(fill) => fm
            .centred
            .clone()
            .set_background_color(Color::RGB(fill))
            .set_pattern(FormatPattern::Solid),
        None => fm.centred.clone(),
    }
}

/// A stated or reviewed figure: a number with its format when it is one, else the text.
fn figure(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<&str>,
    kind: Figure,
    f: &Format,
) -> Result<()> {
    let Some(v) = v else {
        ws.write_blank(r, c, f)?;
        return Ok(());
    };
    let num_format = match kind {
        Figure::Money => Some(NUM_AMOUNT),
        Figure::Rate => Some(NUM_RATE),
        Figure::Score => Some(NUM_SCORE),
        Figure::Plain => None,
    };
    match (number(v).and_then(|d| d.to_f64()), num_format) {
        (Some(x), Some(nf)) => {
            ws.write_number_with_format(r, c, x, &f.clone().set_num_format(nf))?
        }
        (Some(x), None) => ws.write_number_with_format(r, c, x, f)?,
        (None, _) => ws.write_string_with_format(r, c, v, f)?,
    };
    Ok(())
}
