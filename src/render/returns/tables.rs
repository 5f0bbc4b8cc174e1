//! A table sheet of the return workbook: the standard layout with the reviewed figures,
//! the 自评等级 row (stated and reviewed grade), a note on every cell a finding names
//! (filled red for an error, amber for a warning), and a legend under the table.

use super::entries::{figure_kind, shown, Entry, Side};
use super::opinions::{severity_fill, severity_name};
use super::print;
use crate::check::CheckedTable;
use crate::diag::{Lang, Severity};
use crate::model::CellRef;
use crate::render::form::{layout_table, LayoutOptions, REVIEWED_COL};
use crate::xlsx::style::{self, Styles};
use anyhow::Result;
use rust_xlsxwriter::{Color, FormatPattern, Note, Worksheet};

/// The canonical columns used here (zero-based).
const A: u16 = 0;
const G: u16 = 6;
const H: u16 = 7;
const K: u16 = 10;

/// Lays the table out on `ws` (named `sheet`), marks the cells of `rows` (the table's
/// findings) and sets each row's link to its marked cell.
pub(super) fn table_sheet(
    ws: &mut Worksheet,
    ct: &CheckedTable,
    sheet: &str,
    rows: &mut [Entry],
    lang: Lang,
) -> Result<()> {
    let cells_of = |s: Severity| -> Vec<CellRef> {
        let hit = rows.iter().filter(|e| e.severity() == s);
        hit.filter_map(|e| e.finding.cell).collect()
    };
    let (errors, warnings) = (cells_of(Severity::Error), cells_of(Severity::Warning));
    let opts = LayoutOptions {
        review: Some(&ct.review),
        highlight: &warnings,
        errors: &errors,
        lang,
        ..LayoutOptions::stated(ct.table.kind)
    };
    let map = layout_table(ws, &ct.table, &opts)?;
    let grade_row = map.last_row() + 1;
    grade_line(ws, ct, grade_row, &errors, &warnings)?;
    let grade_src = ct.table.grade_stated.map(|(_, c)| c);
    let mut notes: Vec<(CellRef, Vec<usize>)> = Vec::new();
    let mut title_mark: Option<Severity> = None;
    for (k, e) in rows.iter_mut().enumerate() {
        let Some(src) = e.finding.cell else { continue };
        let dst = match (map.placed(src), grade_src) {
            (Some(d), _) => d,
            (None, Some(g)) if g == src => CellRef::new(grade_row, H as u32),
            _ => {
                // A cell the layout does not carry: the note goes on the title.
                let s = e.severity();
                title_mark = Some(title_mark.map_or(s, |t| t.min(s)));
                CellRef::new(0, 0)
            }
        };
        e.link = Some((sheet.to_string(), dst));
        match notes.iter_mut().find(|(c, _)| *c == dst) {
            Some((_, v)) => v.push(k),
            None => notes.push((dst, vec![k])),
        }
    }
    if let Some(s) = title_mark {
        mark_title(ws, ct, s)?;
    }
    for (dst, ks) in &notes {
        let text: Vec<String> = ks.iter().map(|&k| note_text(&rows[k], lang)).collect();
        insert_note(ws, *dst, &text.join("\n\n"), lang)?;
    }
    let end = legend(ws, grade_row + 2, lang)?;
    print::page(ws, 1, end, map.last_col, true)?;
    Ok(())
}

/// The 自评等级 row: the stated grade under the stated figures, the reviewed one in the
/// 复核 columns.
fn grade_line(
    ws: &mut Worksheet,
    ct: &CheckedTable,
    r: u32,
    errors: &[CellRef],
    warnings: &[CellRef],
) -> Result<()> {
    let st = Styles::new();
    ws.merge_range(r, A, r, G, "自评等级", &st.label)?;
    let stated = ct.review.grade_stated.map(|g| g.as_str()).unwrap_or("");
    let src = ct.table.grade_stated.map(|(_, c)| c);
    let f = match src {
        Some(c) if errors.contains(&c) => style::marked_error(&st.label),
        Some(c) if warnings.contains(&c) => style::highlighted(&st.label),
        _ => st.label.clone(),
    };
    ws.merge_range(r, H, r, K, stated, &f)?;
    let rc = REVIEWED_COL as u16;
    // A blank table, or a form that scores nothing (the regional transfer form), has no
    // reviewed grade.
    let reviewed = if ct.table.ungraded() {
        ""
    } else {
        ct.review.grade.as_str()
    };
    ws.merge_range(r, rc, r, rc + 1, reviewed, &st.reviewed_label)?;
    ws.set_row_height(r, style::row_height(1))?;
    Ok(())
}

/// Rewrites the title (the top-left cell of its merge) with the fill of `s`, for findings
/// whose cell the layout does not carry.
fn mark_title(ws: &mut Worksheet, ct: &CheckedTable, s: Severity) -> Result<()> {
    let st = Styles::new();
    let f = match s {
        Severity::Error => style::marked_error(&st.title),
        Severity::Warning => style::highlighted(&st.title),
        Severity::Info => return Ok(()),
    };
    ws.write_string_with_format(0, 0, ct.table.kind.title(), &f)?;
    Ok(())
}

/// The note of one finding: severity and rule, message, figures, the original cell.
fn note_text(e: &Entry, lang: Lang) -> String {
    let sev = severity_name(e.severity(), lang);
    let mut s = format!(
        "【{sev}】{}\n{}",
        e.finding.code.rule().name(lang),
        e.message
    );
    let kind = figure_kind(e.finding.code);
    if let Some(v) = &e.finding.found {
        s.push_str(&format!(
            "\n{}{}",
            lang.pick("填报值：", "stated: "),
            shown(kind, Side::Stated, v, lang)
        ));
    }
    if let Some(v) = &e.finding.expected {
        s.push_str(&format!(
            "\n{}{}",
            lang.pick("复核值：", "reviewed: "),
            shown(kind, Side::Computed, v, lang)
        ));
    }
    if let Some(v) = &e.finding.limit {
        s.push_str(&format!(
            "\n{}{}",
            lang.pick("阈值：", "limit: "),
            shown(kind, Side::Computed, v, lang)
        ));
    }
    s.push_str(&format!(
        "\n{}{}",
        lang.pick("原单元格：", "original cell: "),
        e.origin(lang)
    ));
    s
}

/// A note on `at`, sized to its text.
fn insert_note(ws: &mut Worksheet, at: CellRef, text: &str, lang: Lang) -> Result<()> {
    let lines = style::wrapped_lines(text, 36.0) as u32;
    let note = Note::new(text)
        .set_author(lang.pick("复核", "Reviewer"))
        .add_author_prefix(false)
        .set_font_name(style::FONT_NAME)
        .set_width(300)
        .set_height((lines * 16 + 12).min(600));
    // Columns stop at M here.
    ws.insert_note(at.row, at.col as u16, &note)?;
    Ok(())
}

/// The legend from row `top`: what the fills and notes mean. Returns its last row.
///
/// A swatch cell and one unwrapped line of text that runs on over the empty cells to its
/// right: no merges (each merged cell costs a formatted write, and the legend is on
/// every sheet of every unit).
fn legend(ws: &mut Worksheet, top: u32, lang: Lang) -> Result<u32> {
    let b = style::base();
    let swatch = |fill: u32| {
        b.clone()
            .set_border(rust_xlsxwriter::FormatBorder::Thin)
            .set_align(rust_xlsxwriter::FormatAlign::Center)
            .set_background_color(Color::RGB(fill))
            .set_pattern(FormatPattern::Solid)
    };
    let line = b.clone().unset_text_wrap();
    let lines: [(Option<u32>, &str, &str); 4] = [
        (severity_fill(Severity::Error), lang.pick("错误", "error"), lang.pick("填报有误，须改正后重新报送。", "wrong as stated: correct it and send the table again.")),
        (severity_fill(Severity::Warning), lang.pick("警告", "warning"), lang.pick("请核实，必要时改正或说明原因。", "check it; correct it or explain.")),
        (Some(style::REVIEWED_FILL), lang.pick("复核", "reviewed"), lang.pick("复核执行率、复核得分、复核等级为审核方按评分规则重新计算的结果。", "reviewed rate, scores and grade, recomputed by the reviewer.")),
        (None, "", lang.pick("标记的单元格带有批注（鼠标悬停查看）；全部问题见“审核意见”工作表。", "Marked cells carry a note (hover to read it); every problem is listed on the 审核意见 sheet.")),
    ];
    for (i, (fill, key, text)) in lines.iter().enumerate() {
        let r = top + i as u32;
        match fill {
            Some(fill) => {
                ws.write_string_with_format(r, A, *key, &swatch(*fill))?;
                ws.write_string_with_format(r, A + 1, *text, &line)?;
            }
            None => {
                ws.write_string_with_format(r, A, *text, &line)?;
            }
        }
    }
    Ok(top + lines.len() as u32 - 1)
}
