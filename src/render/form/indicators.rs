//! The indicator block (绩效指标): the column labels, one row per indicator (or blank rows
//! per category of the scheme), the 一级 / 二级 merges, and the dropdowns.

use super::paint::col16;
use super::{
    BlockCells, Category, Ctx, IndicatorCells, A, B, BASE_WIDTHS, C, D, E, F, G, H, I, J, K,
    LEVELS, LISTS_SHEET, REVIEWED_COL,
};
use crate::form::{self, Field, Header};
use crate::model::{CellRef, Indicator, Text};
use crate::xlsx::style;
use anyhow::Result;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula};

/// Where the indicator block put its fields.
pub(super) struct IndicatorBlock {
    /// Its cells: the label 绩效指标 on the label row (with 一级指标, …), one entry per
    /// indicator row.
    pub cells: BlockCells<IndicatorCells>,
    /// The first indicator row.
    pub first: u32,
    /// The last indicator row.
    pub last: u32,
}

/// One indicator row to write: from the table, or blank under a category.
struct RowPlan<'t> {
    level1: String,
    level1_src: Option<CellRef>,
    level2: String,
    source: Option<&'t Indicator>,
    /// The first row (from 0) of the 一级 merge this row is in.
    level1_top: usize,
    /// The first row (from 0) of the 二级 merge this row is in.
    level2_top: usize,
}

/// Writes the indicator block from row `top` down.
pub(super) fn indicator_block(
    cx: &mut Ctx,
    top: u32,
    widths: &[f64; 13],
) -> Result<IndicatorBlock> {
    let rows = indicator_rows(cx);
    let last = top + rows.len().max(1) as u32;
    label_row(cx, top, last)?;
    let first = top + 1;
    merges(cx, first, &rows)?;
    let mut cells = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        cells.push(indicator_row(cx, first, i, row, widths)?);
    }
    let cells = BlockCells {
        header: CellRef::new(top, A),
        rows: cells,
    };
    Ok(IndicatorBlock { cells, first, last })
}

/// The label row: 绩效指标 (merged down the block) and the column labels.
fn label_row(cx: &mut Ctx, top: u32, last: u32) -> Result<()> {
    let side = form::written_field(Field::Indicators);
    cx.p.text(top, A, last, A, side, &cx.st.label)?;
    let headers = [
        (B, B, Header::Level1),
        (C, C, Header::Level2),
        (D, E, Header::Level3),
        (F, F, Header::Target),
        (G, G, Header::Actual),
        (H, H, Header::Weight),
        (I, I, Header::Score),
        (J, K, Header::Reason),
    ];
    for (c1, c2, h) in headers {
        cx.p.text(top, c1, top, c2, form::written_header(h), &cx.st.label)?;
    }
    if cx.reviewed().is_some() {
        let f = &cx.st.reviewed_label;
        let label = cx.opts.lang.pick("复核得分", "Reviewed score");
        cx.p.text(top, REVIEWED_COL, top, cx.last_col, label, f)?;
    }
    cx.p.ws.set_row_height(top, style::row_height(2))?;
    Ok(())
}

/// The 一级 and 二级 cells: runs of equal non-empty labels merged.
fn merges(cx: &mut Ctx, first: u32, rows: &[RowPlan]) -> Result<()> {
    for (start, end) in runs(rows, |r| r.level1.clone()) {
        let row = &rows[start];
        let f = cx.p.fmt(
            &cx.st.choice_input,
            row.level1_src,
            (first + start as u32, B),
        );
        let (r1, r2) = (first + start as u32, first + end as u32);
        cx.p.text(r1, B, r2, B, &row.level1, &f)?;
    }
    for (start, end) in runs(rows, level2_key) {
        let row = &rows[start];
        let (r1, r2) = (first + start as u32, first + end as u32);
        cx.p.text(r1, C, r2, C, &row.level2, &cx.st.choice_input)?;
    }
    Ok(())
}

/// The merge key of a 二级 cell: its label under its 一级; an empty 二级 is never merged.
fn level2_key(r: &RowPlan) -> String {
    if r.level2.is_empty() {
        String::new()
    } else {
        format!("{}\u{0}{}", r.level1, r.level2)
    }
}

/// Row `i` of the block (from the first indicator row `first`): everything right of 二级.
fn indicator_row(
    cx: &mut Ctx,
    first: u32,
    i: usize,
    row: &RowPlan,
    widths: &[f64; 13],
) -> Result<IndicatorCells> {
    let r = first + i as u32;
    let ind = row.source;
    let text = |t: Option<&Text>| t.map(|t| t.text.clone()).unwrap_or_default();
    let cell = |t: Option<&Text>| t.and_then(|t| t.cell);
    let (name, target) = (ind.map(|x| &x.name), ind.map(|x| &x.target));
    let (actual, reason) = (ind.map(|x| &x.actual), ind.map(|x| &x.reason));
    for (c1, c2, t) in [(D, E, name), (F, F, target), (G, G, actual)] {
        let f = cx.p.fmt(&cx.st.text_input, cell(t), (r, c1));
        cx.p.text(r, c1, r, c2, &text(t), &f)?;
    }
    let weight = ind.map(|x| x.weight);
    let f =
        cx.p.fmt(&cx.st.weight_input, weight.and_then(|w| w.cell), (r, H));
    cx.p.number(r, H, H, weight.and_then(|w| w.value), &f)?;
    let score = ind.map(|x| x.score);
    let f =
        cx.p.fmt(&cx.st.score_input, score.and_then(|s| s.cell), (r, I));
    cx.p.number(r, I, I, score.and_then(|s| s.value), &f)?;
    let f = cx.p.fmt(&cx.st.text_input, cell(reason), (r, J));
    cx.p.text(r, J, r, K, &text(reason), &f)?;
    let reviewed = match cx.reviewed() {
        Some(rv) => {
            let v = rv.indicators.get(i).and_then(|x| x.score);
            cx.p.number(r, REVIEWED_COL, cx.last_col, v, &cx.st.reviewed)?;
            Some(CellRef::new(r, REVIEWED_COL))
        }
        None => None,
    };
    let w = |c: u32| widths[c as usize];
    let lines = [
        (text(name), w(D) + w(E)),
        (text(target), w(F)),
        (text(actual), w(G)),
        (text(reason), w(J) + w(K)),
    ]
    .iter()
    .map(|(t, w)| style::wrapped_lines(t, *w))
    .max()
    .unwrap_or(1);
    cx.p.ws.set_row_height(r, style::row_height(lines))?;
    Ok(IndicatorCells {
        row: r,
        level1: CellRef::new(first + row.level1_top as u32, B),
        level2: CellRef::new(first + row.level2_top as u32, C),
        name: CellRef::new(r, D),
        target: CellRef::new(r, F),
        actual: CellRef::new(r, G),
        weight: CellRef::new(r, H),
        score: CellRef::new(r, I),
        reason: CellRef::new(r, J),
        reviewed,
    })
}

/// The rows to write: the table's indicators, or blank rows per category of the scheme,
/// with the top row of the merge each is in.
fn indicator_rows<'t>(cx: &Ctx<'_, 't, '_>) -> Vec<RowPlan<'t>> {
    let table = cx.table;
    let mut rows: Vec<RowPlan<'t>> = if table.indicators.is_empty() {
        blank_rows(&cx.categories(), cx.opts.blank_rows)
    } else {
        table.indicators.iter().map(stated_row).collect()
    };
    for (s, e) in runs(&rows, |r| r.level1.clone()) {
        for r in &mut rows[s..=e] {
            r.level1_top = s;
        }
    }
    for (s, e) in runs(&rows, |r| format!("{}\u{0}{}", r.level1, r.level2)) {
        for (i, r) in rows[s..=e].iter_mut().enumerate() {
            // An empty 二级 is never merged: each row is its own cell.
            r.level2_top = if r.level2.is_empty() { s + i } else { s };
        }
    }
    rows
}

/// Blank rows under each category: `per_category` each, else the category's own number.
fn blank_rows<'t>(categories: &[Category], per_category: Option<usize>) -> Vec<RowPlan<'t>> {
    categories
        .iter()
        .flat_map(|cat| {
            let n = per_category.unwrap_or(cat.blank_rows).max(1);
            (0..n).map(move |_| RowPlan {
                level1: cat.label(),
                level1_src: None,
                level2: String::new(),
                source: None,
                level1_top: 0,
                level2_top: 0,
            })
        })
        .collect()
}

/// The row of a stated indicator; its 一级 label shows the stated category weight.
fn stated_row(ind: &Indicator) -> RowPlan<'_> {
    RowPlan {
        level1: match ind.level1_weight {
            Some(w) => format!("{}（{}分）", ind.level1, w.normalize()),
            None => ind.level1.clone(),
        },
        level1_src: ind.level1_cell,
        level2: ind.level2.clone(),
        source: Some(ind),
        level1_top: 0,
        level2_top: 0,
    }
}

/// Maximal runs `(first, last)` of consecutive rows with the same non-empty key; rows with
/// an empty key are runs of one.
fn runs<T>(rows: &[T], key: impl Fn(&T) -> String) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let k = key(&rows[i]);
        let mut j = i;
        if !k.is_empty() {
            while j + 1 < rows.len() && key(&rows[j + 1]) == k {
                j += 1;
            }
        }
        out.push((i, j));
        i = j + 1;
    }
    out
}

/// Column widths: the canonical ones, widened for the texts of single-column cells
/// (二级, 年度指标值, 实际完成值) up to a cap past which they wrap.
pub(super) fn column_widths(cx: &Ctx) -> [f64; 13] {
    let table = cx.table;
    let mut w = BASE_WIDTHS;
    let categories = cx.categories();
    let level1: Vec<String> = if table.indicators.is_empty() {
        categories.iter().map(Category::label).collect()
    } else {
        table.indicators.iter().map(|i| i.level1.clone()).collect()
    };
    w[B as usize] = style::column_width(level1.iter().map(String::as_str), w[B as usize], 14.0);
    let level2: Vec<&str> = if table.indicators.is_empty() {
        categories
            .iter()
            .flat_map(|c| c.level2.iter().copied())
            .collect()
    } else {
        table.indicators.iter().map(|i| i.level2.as_str()).collect()
    };
    w[C as usize] = style::column_width(level2, w[C as usize], 20.0);
    let targets = table.indicators.iter().map(|i| i.target.text.as_str());
    w[F as usize] = style::column_width(targets, w[F as usize], 20.0);
    let actuals = table.indicators.iter().map(|i| i.actual.text.as_str());
    w[G as usize] = style::column_width(actuals, w[G as usize], 20.0);
    w
}

/// The dropdowns of rows `first..=last`: 一级 (the scheme's categories, a warning when
/// another is typed), 二级 (the list on [`LISTS_SHEET`]) and the qualitative levels.
pub(super) fn dropdowns(cx: &mut Ctx, first: u32, last: u32) -> Result<()> {
    let cats: Vec<String> = cx.categories().iter().map(Category::label).collect();
    let dv = DataValidation::new()
        .allow_list_strings(&cats)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("一级指标")?
        .set_error_message("不在常用一级指标之列，确认使用吗？")?;
    let ws = &mut *cx.p.ws;
    ws.add_data_validation(first, col16(B), last, col16(B), &dv)?;
    let n = cx.opts.scheme.level2_names().len();
    let list = format!("='{LISTS_SHEET}'!$A$1:$A${n}");
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(list))
        .set_error_style(DataValidationErrorStyle::Information)
        .set_error_title("二级指标")?
        .set_error_message("不在常用二级指标之列，仍可使用。")?;
    ws.add_data_validation(first, col16(C), last, col16(C), &dv)?;
    let dv = DataValidation::new()
        .allow_list_strings(&LEVELS)?
        .set_error_style(DataValidationErrorStyle::Information)
        .set_input_title("实际完成值")?
        .set_input_message(
            "定性指标从列表中选择完成等级；定量指标直接填写实际数值和单位，如 446公里、96.5%。",
        )?
        .set_error_title("实际完成值")?
        .set_error_message("已按填写内容保存。")?;
    ws.add_data_validation(first, col16(G), last, col16(G), &dv)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_equal_neighbours_only() {
        let v = ["a", "a", "", "", "b", "a"];
        assert_eq!(
            runs(&v, |s| s.to_string()),
            vec![(0, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
        );
    }
}
