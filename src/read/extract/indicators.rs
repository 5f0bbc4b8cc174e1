//! The indicator block: the header row (一级指标 … 分值 得分), one indicator per row with
//! its levels carried down, the 总分 row and the stated grade under it.

use super::{header_row, short_text, Ctx, HeaderRow, NumKind};
use crate::decode::grid::{Cell, Grid};
use crate::decode::number::{self, Parsed};
use crate::form::labels::{self, Field, Header};
use crate::model::{CellRef, Figure, Grade, Indicator, Table, Text, Total};
use crate::read::locate;
use rust_decimal::Decimal;

/// The indicator header row (一级指标 … 分值 得分) at or after `from`.
pub(super) fn find_indicator_header(cx: &Ctx<'_>, from: u32) -> Option<(u32, HeaderRow)> {
    let (r, mut h) = (from..cx.end).find_map(|r| {
        let h = header_row(cx.g, r);
        let hs: Vec<Header> = h.keys().copied().collect();
        let split = locate::is_split_indicator_header(cx.g, r);
        (locate::is_indicator_header(&hs) || split).then_some((r, h))
    })?;
    // A header over two rows: `年度指标值` spanning `指标性质` | `指标值` | `度量单位` under it.
    // The lower row's columns are the ones the figures stand in.
    if r + 1 < cx.end && locate::is_header_only(cx.g, r + 1) {
        h.extend(header_row(cx.g, r + 1));
        return Some((r + 1, h));
    }
    Some((r, h))
}

/// The indicator block's columns, as its header row gives them.
struct IndCols {
    l1: Option<u32>,
    l2: Option<u32>,
    l3: Option<u32>,
    target: Option<u32>,
    /// The adjusted target (Chongqing 调整指标值): the target when it is given.
    adjusted: Option<u32>,
    actual: Option<u32>,
    weight: Option<u32>,
    score: Option<u32>,
    reason: Option<u32>,
    operator: Option<u32>,
    unit: Option<u32>,
    /// Labels (总分) sit left of the first figure column.
    label_limit: u32,
}

impl IndCols {
    fn new(h: &HeaderRow) -> IndCols {
        let col = |x: Header| h.get(&x).map(|(c, _)| *c);
        let (target, actual, weight, score) = (
            col(Header::Target),
            col(Header::Actual),
            col(Header::Weight),
            col(Header::Score),
        );
        IndCols {
            l1: col(Header::Level1),
            l2: col(Header::Level2),
            l3: col(Header::Level3),
            target,
            adjusted: col(Header::AdjustedTarget),
            actual,
            weight,
            score,
            // A bare 原因 column is the reason column when no fuller header is there.
            reason: col(Header::Reason).or(col(Header::ExecReason)),
            operator: col(Header::Operator),
            unit: col(Header::Unit),
            label_limit: [weight, score, actual, target]
                .iter()
                .flatten()
                .copied()
                .min()
                .unwrap_or(u32::MAX),
        }
    }
}

/// The text at a row's cell of a column (its merge's top-left), a number as its format
/// shows it (`95%`, `5500个`: what the user sees is what the unit means).
fn text_at(g: &Grid, r: u32, c: Option<u32>) -> Text {
    match c {
        Some(c) => {
            let a = g.anchor(r, c);
            Text::new(g.shown(a.row, a.col), a)
        }
        None => Text::default(),
    }
}

/// The levels carried down the rows: 一级指标 (name, cell, weight) and 二级指标.
#[derive(Default)]
struct Levels {
    l1: (String, Option<CellRef>, Option<Decimal>),
    l2: String,
}

impl Levels {
    /// Takes a row's level cells, when they hold a new level.
    fn update(&mut self, g: &Grid, cols: &IndCols, r: u32) {
        if let Some(c) = cols.l1 {
            let a = g.anchor(r, c);
            let s = g.raw(a.row, a.col).as_text();
            if !s.is_empty() && Some(a) != self.l1.1 {
                let (name, w) = labels::split_weight(&s);
                self.l1 = (name, Some(a), w);
            }
        }
        if let Some(c) = cols.l2 {
            let s = labels::squash(&g.text(r, c));
            if !s.is_empty() {
                self.l2 = s;
            }
        }
    }
}

/// Reads the indicators, the total and the grade.
pub(super) fn read_indicators(cx: &mut Ctx<'_>, t: &mut Table, hdr: Option<(u32, HeaderRow)>) {
    let g = cx.g;
    let Some((hr, h)) = hdr else {
        let c = t.title_cell;
        cx.missing(c, "总分 得分", "total score (no indicator block found)");
        return;
    };
    let cols = IndCols::new(&h);
    // The regional transfer form weighs and scores nothing: no 分值 or 得分 column in
    // either block.
    t.unscored = cols.weight.is_none()
        && cols.score.is_none()
        && t.execution.weight.cell.is_none()
        && t.execution.score.cell.is_none();
    let mut levels = Levels::default();
    let mut total_row = None;
    for r in hr + 1..cx.end {
        // The 总分 row ends the block.
        let is_total = g.row(r).any(|(c, cell)| {
            c < cols.label_limit
                && short_text(cell).is_some_and(|s| labels::classify_field(s) == Some(Field::Total))
        });
        if is_total {
            total_row = Some(r);
            break;
        }
        if g.row(r).any(|(_, cell)| {
            short_text(cell).is_some_and(|s| {
                let k = labels::key(s);
                matches!(labels::field_of_key(&k), Some(Field::Grade))
                    || labels::title_of_key(&k).is_some()
            })
        }) {
            break;
        }
        // `其他需要说明事项 | 无` above the 总分 row: a note, no indicator.
        let notes = g
            .row(r)
            .any(|(c, cell)| c < cols.label_limit && short_text(cell).is_some_and(is_note_label));
        if notes {
            continue;
        }
        if is_footer_line(g, &cols, r) {
            break;
        }
        if is_repeated_header(g, r) {
            continue;
        }
        levels.update(g, &cols, r);
        if let Some(ind) = read_row(cx, &cols, &levels, r) {
            t.indicators.push(ind);
        }
    }
    table_reason(cx, t, &cols, hr);
    read_total(cx, t, &cols, total_row, hr);
}

/// The reason a form with no reason column writes once for the table, in a row of its own
/// under the indicators (Hubei's `偏差大或目标未完成原因分析 | 部分渔民…`): the reason of every
/// indicator, as if written in each row. `无`, `—` and the like give none.
fn table_reason(cx: &Ctx<'_>, t: &mut Table, cols: &IndCols, hr: u32) {
    if cols.reason.is_some() {
        return;
    }
    let label = (hr + 1..cx.end).find_map(|r| {
        cx.g.row(r).find_map(|(c, cell)| {
            let reason = c < cols.label_limit
                && short_text(cell).is_some_and(|s| {
                    labels::classify_header(s).is_some_and(|m| m.header == Header::Reason)
                });
            reason.then(|| CellRef::new(r, c))
        })
    });
    let Some(label) = label else { return };
    let text = cx.value_right_of(label);
    if text.is_empty() || number::is_no_value(&text.text) {
        return;
    }
    for ind in t.indicators.iter_mut().filter(|i| i.reason.is_empty()) {
        ind.reason = text.clone();
    }
}

/// A note's label in a row under the indicators: a note (`其他需要说明事项`), or the reason
/// column's header written as a row of its own (Hubei's `偏差大或目标未完成原因分析 | 无`,
/// the form having no reason column).
fn is_note_label(s: &str) -> bool {
    labels::classify_field(s) == Some(Field::Notes)
        || labels::classify_header(s).is_some_and(|m| m.header == Header::Reason)
}

/// A row breaking the one above down (`其中桃树种植面积`): part of it when it has no 分值 and
/// no 得分 of its own.
fn is_breakdown(name: &str) -> bool {
    let n = labels::squash(name);
    crate::form::BREAKDOWN_PREFIXES
        .iter()
        .any(|p| n.starts_with(p))
}

/// A line across the block from its 一级 column or further left (`说明 | 无`, `注：1、…`):
/// the block has ended. It matters on a form without a 总分 row (the regional transfer
/// form), where nothing else ends the block; on the others the 总分 row comes first.
fn is_footer_line(g: &Grid, cols: &IndCols, r: u32) -> bool {
    let (Some(l1), Some(l3)) = (cols.l1, cols.l3) else {
        return false;
    };
    let a = g.anchor(r, l3);
    a.col <= l1 && !g.raw(a.row, a.col).is_empty()
}

/// A row of column headers among the indicators (at least three, and no figure): the head
/// repeated at a page break, or the form pasted again. It is no indicator and is passed
/// over (the indicators after it are still read); on a form without a 总分 row
/// (Chongqing's) pasted header rows were read as indicators, one finding per cell
/// (hostile_new's `chongqing_header_x19000.xlsx`).
fn is_repeated_header(g: &Grid, r: u32) -> bool {
    let mut headers = 0;
    for (_, cell) in g.row(r) {
        match cell {
            Cell::Text(s) if labels::classify_header(s).is_some() => headers += 1,
            Cell::Number(_) => return false,
            _ => {}
        }
    }
    headers >= 3
}

/// Reads one indicator row; `None` for an empty row or a breakdown row.
fn read_row(cx: &mut Ctx<'_>, cols: &IndCols, levels: &Levels, r: u32) -> Option<Indicator> {
    let g = cx.g;
    let mut name = text_at(g, r, cols.l3);
    let mut target = text_at(g, r, cols.target);
    let adjusted = text_at(g, r, cols.adjusted);
    if !adjusted.is_empty() && !number::is_no_value(&adjusted.text) {
        // The target as adjusted during the year is the one the year is judged by.
        target = adjusted;
    }
    let mut actual = text_at(g, r, cols.actual);
    let weight_cell = cols.weight.map(|c| g.at(r, c).clone()).unwrap_or_default();
    let score_cell = cols.score.map(|c| g.at(r, c).clone()).unwrap_or_default();
    // A row the template numbered (`指标2：`, `……`) and nobody filled is no indicator.
    let unnamed = name.is_empty() || labels::is_template_filler(&name.text);
    let unweighted = weight_cell.is_empty() && score_cell.is_empty();
    if unweighted && (unnamed && target.is_empty() && actual.is_empty() || is_breakdown(&name.text))
    {
        return None;
    }
    name.text = labels::strip_numbering(&name.text).to_string();
    join_operator_unit(g, cols, r, &mut target, &mut actual);
    let nm = if name.is_empty() {
        format!("第{}行", r + 1)
    } else {
        name.text.clone()
    };
    let (weight, score) = row_figures(cx, cols, r, &nm, &mut target, &actual);
    Some(Indicator {
        row: r + 1,
        level1: levels.l1.0.clone(),
        level1_cell: levels.l1.1,
        level1_weight: levels.l1.2,
        level2: levels.l2.clone(),
        name,
        target,
        actual,
        weight,
        score,
        reason: text_at(g, r, cols.reason),
    })
}

/// Separate operator and unit columns: joined into one target text (and the unit onto a
/// bare actual number).
fn join_operator_unit(g: &Grid, cols: &IndCols, r: u32, target: &mut Text, actual: &mut Text) {
    if cols.operator.is_none() && cols.unit.is_none() {
        return;
    }
    let op = cols.operator.map(|c| g.text(r, c)).unwrap_or_default();
    // Chongqing's 指标性质 says the kind (`定量指标` / `定性指标`), not an operator.
    let op = crate::form::kind_as_operator(&labels::squash(&op)).to_string();
    let unit = cols
        .unit
        .map(|c| labels::squash(&g.text(r, c)))
        .unwrap_or_default();
    let qualitative = labels::squash(&op) == "定性";
    let typed = typed_percent_actual(g, &op, &target.text, &unit, actual);
    if let Some(s) = join_target(&target.text, &op, &unit) {
        target.text = s;
    }
    if let Some(v) = typed {
        actual.text = format!("{}%", v.normalize());
    } else if !qualitative && !unit.is_empty() && is_bare_number(&actual.text) {
        actual.text = format!("{}{unit}", labels::squash(&actual.text));
    }
}

/// Beside a `%` unit column, an actual typed with its sign (`97%`) is stored as 0.97: a number
/// cell in (0, 1] against a `≥`, `>` or `=` target above 1 is that percent (97 %; failing a
/// ≥95% target by 99 points is no reading). Against `≤` or `<` a small actual written `0.3`
/// (0.3 %) is as plausible, so it stays as written; a target cell is never rescaled
/// (`≤0.5` with `%` is a real target). A cell whose number format shows a percent or a unit
/// reads as shown instead ([`text_at`]); the guess is for General cells and the formats not
/// read.
fn typed_percent_actual(
    g: &Grid,
    op: &str,
    value: &str,
    unit: &str,
    actual: &Text,
) -> Option<Decimal> {
    let at_least = matches!(op_symbol(op), Some("≥" | ">" | "=")) || op.trim().is_empty();
    let Parsed::Value(a, None) = number::parse_text(value) else {
        return None;
    };
    let c = actual.cell?;
    let Cell::Number(b) = g.raw(c.row, c.col) else {
        return None;
    };
    if g.format(c.row, c.col).is_some() {
        // Its number format says how it reads (`30%`, `0.97` in `0.00"%"`): no guess.
        return None;
    }
    let fraction = *b > Decimal::ZERO && *b <= Decimal::ONE;
    (unit == "%" && at_least && a > Decimal::ONE && fraction).then(|| *b * Decimal::ONE_HUNDRED)
}

/// A target written across an operator column, a value and a unit column (`≥` `95` `%`)
/// as one text (`≥95%`), as the forms with `指标性质` / `计量单位` columns need (the tables'
/// and the declarations' alike). `None` — keep the value as written — for an empty value
/// or a `定性` operator (the value is the whole target: `12月底前`, not `定性12月底前`).
pub fn join_target(value: &str, op: &str, unit: &str) -> Option<String> {
    let op = labels::squash(op);
    let op = crate::form::kind_as_operator(&op);
    if op == "定性" || value.trim().is_empty() {
        return None;
    }
    let unit = labels::squash(unit);
    let mut s = labels::squash(value);
    if !starts_with_op(&s) {
        // Symbols in one spelling; words (不少于, 以上 …) as written.
        let o = labels::squash(op);
        let sym = op_symbol(&o).map(str::to_string).unwrap_or(o);
        s = format!("{sym}{s}");
    }
    if !unit.is_empty() && !s.ends_with(&unit) {
        s.push_str(&unit);
    }
    Some(s)
}

/// A row's weight and score, with the findings of its figure cells (an uncomputed
/// target, an uncomputed or empty actual value).
fn row_figures(
    cx: &mut Ctx<'_>,
    cols: &IndCols,
    r: u32,
    nm: &str,
    target: &mut Text,
    actual: &Text,
) -> (Figure, Figure) {
    let g = cx.g;
    let required = |cx: &mut Ctx<'_>, c: Option<u32>, zh: String, en: &str| match c {
        Some(c) => cx.figure(r, c, NumKind::Plain, true, &zh, en),
        None => Figure::default(),
    };
    let weight = required(
        cx,
        cols.weight,
        format!("指标「{nm}」分值"),
        "indicator weight",
    );
    let score = required(
        cx,
        cols.score,
        format!("指标「{nm}」得分"),
        "indicator score",
    );
    if let Some(c) = cols.target {
        let a = g.anchor(r, c);
        if matches!(g.raw(a.row, a.col), Cell::Uncomputed) {
            // Reported here; the rules then do not call it a placeholder.
            target.uncomputed = true;
            let what = format!("指标「{nm}」年度指标值");
            cx.figure(r, c, NumKind::Plain, false, &what, "indicator target");
        }
    }
    if let Some(c) = cols.actual {
        let a = g.anchor(r, c);
        let what = format!("指标「{nm}」实际完成值");
        match g.raw(a.row, a.col) {
            Cell::Uncomputed => {
                cx.figure(r, c, NumKind::Plain, true, &what, "indicator actual value");
            }
            // `无`, `—`, `/` mean no value (templates.md §5): as empty as an empty cell —
            // unless the target asks for none (`0起`, `无重大安全事故`), where `无` is the answer.
            _ if actual.is_empty() => cx.missing(a, &what, "indicator actual value"),
            _ if number::is_no_value(&actual.text) && !number::asks_for_none(&target.text) => {
                let shown = actual.text.trim();
                let what = format!("{what}（填写为“{shown}”，即无数值）");
                let en = format!("indicator actual value, written “{shown}”: no value");
                cx.missing(a, &what, &en)
            }
            _ => {}
        }
    }
    (weight, score)
}

/// The 总分 row's figures and the grade under it (else the total stated in the head), or
/// the finding that it is missing.
fn read_total(
    cx: &mut Ctx<'_>,
    t: &mut Table,
    cols: &IndCols,
    total_row: Option<u32>,
    header: u32,
) {
    let (wc, sc) = (cols.weight, cols.score);
    if total_row.is_none() {
        if let Some(score) = head_total(cx, header) {
            t.total = Total {
                weight: Figure::default(),
                score,
            };
            return;
        }
    }
    match total_row {
        Some(r) => {
            t.total = Total {
                weight: wc
                    .map(|c| cx.figure(r, c, NumKind::Plain, false, "总分 分值", "total weight"))
                    .unwrap_or_default(),
                score: sc
                    .map(|c| cx.figure(r, c, NumKind::Plain, true, "总分 得分", "total score"))
                    .unwrap_or_default(),
            };
            grade_beside_total(cx, t, sc, r);
            if t.grade_stated.is_none() {
                read_grade(cx, t, r + 1);
            }
        }
        // A form with neither 分值 nor 得分 (the regional transfer form) has no 总分 to miss.
        None if wc.is_none() && sc.is_none() => {}
        None => {
            let c = sc
                .map(|c| CellRef::new(cx.end.min(cx.g.last_row().unwrap_or(0) + 1), c))
                .unwrap_or(t.title_cell);
            cx.missing(c, "总分 得分", "total score (no 总分 row found)");
        }
    }
}

/// The stated total written in the head, for a form with no 总分 row (Chongqing's
/// `自评总分（分） | 97.6`, [`crate::form::Cues::total_in_head`]): the number right of a 总分
/// label above the indicator header.
fn head_total(cx: &mut Ctx<'_>, header: u32) -> Option<Figure> {
    if !crate::form::total_in_head() {
        return None;
    }
    let label = cx
        .find_field(Field::Total, cx.start)
        .filter(|l| l.row < header)
        .or_else(|| head_total_label(cx, header));
    let Some(label) = label else {
        return head_total_inline(cx, header);
    };
    let at = cx.value_right_of(label).cell?;
    let what = ("自评总分 得分", "total score (in the head)");
    Some(cx.figure(at.row, at.col, NumKind::Plain, true, what.0, what.1))
}

/// A [`crate::form::Cues::head_total_labels`] label above the indicator header (Ningxia's
/// `自评得分`), which names the total only there.
fn head_total_label(cx: &Ctx<'_>, header: u32) -> Option<CellRef> {
    (cx.start..header).find_map(|r| {
        cx.g.row(r).find_map(|(c, cell)| {
            let k = labels::squash(short_text(cell)?);
            crate::form::head_total_labels()
                .any(|l| l == k)
                .then(|| CellRef::new(r, c))
        })
    })
}

/// A stated total written with its label in one head cell (Hubei's `总分：98分` beside
/// `填报日期：`, above the table): the number after the colon, `分` after it allowed. An
/// unfilled `总分：  分` is none.
fn head_total_inline(cx: &Ctx<'_>, header: u32) -> Option<Figure> {
    (cx.head_from..header).find_map(|r| {
        cx.g.row(r).find_map(|(c, cell)| {
            let (label, value) = short_text(cell)?.split_once(['：', ':'])?;
            if labels::classify_field(label) != Some(Field::Total) {
                return None;
            }
            match number::parse_text(value.trim().trim_end_matches('分')) {
                Parsed::Value(d, None) => Some(Figure::new(Some(d), CellRef::new(r, c))),
                _ => None,
            }
        })
    })
}

/// The grade written in the 总分 row itself, right of its score (`总分 | 100 | 96 | 优`), as
/// some published forms print it: a cell holding a grade and nothing else.
fn grade_beside_total(cx: &Ctx<'_>, t: &mut Table, score_col: Option<u32>, r: u32) {
    let Some(sc) = score_col else { return };
    let found = cx.g.row(r).find_map(|(c, cell)| {
        let s = short_text(cell).filter(|_| c > sc)?;
        Grade::parse(s).map(|gr| (gr, CellRef::new(r, c)))
    });
    if found.is_some() {
        t.grade_stated = found;
    }
}

/// Normalises an operator symbol written in its own column (`>=` → `≥`).
fn op_symbol(op: &str) -> Option<&'static str> {
    let k = labels::squash(op);
    Some(match k.as_str() {
        "≥" | ">=" | "≧" | "＞=" | "＞＝" => "≥",
        "≤" | "<=" | "≦" | "＜=" | "＜＝" => "≤",
        // `═` (a box-drawing double line) is how some input methods type `=`.
        "=" | "＝" | "═" => "=",
        ">" | "＞" => ">",
        "<" | "＜" => "<",
        _ => return None,
    })
}

fn starts_with_op(s: &str) -> bool {
    s.starts_with(['≥', '≤', '=', '>', '<', '＞', '＜', '＝', '≧', '≦', '═'])
        || crate::form::operator_words().any(|p| s.starts_with(p))
}

fn is_bare_number(s: &str) -> bool {
    matches!(number::parse_text(s), Parsed::Value(_, None))
}

/// The stated grade (自评等级) in the few rows under the total.
fn read_grade(cx: &mut Ctx<'_>, t: &mut Table, from: u32) {
    let g = cx.g;
    for r in from..(from + 6).min(cx.end) {
        for (c, cell) in g.row(r) {
            let Some(s) = short_text(cell) else { continue };
            let k = labels::key(s);
            // `自评等级：优` in one cell.
            if let Some((head, tail)) = k.split_once(':') {
                if labels::classify_field(head) == Some(Field::Grade) {
                    if let Some(gr) = Grade::parse(tail) {
                        t.grade_stated = Some((gr, CellRef::new(r, c)));
                        return;
                    }
                }
            }
            if labels::classify_field(s) == Some(Field::Grade) {
                let v = cx.value_right_of(CellRef::new(r, c));
                if let (Some(gr), Some(cell)) = (Grade::parse(&v.text), v.cell) {
                    t.grade_stated = Some((gr, cell));
                }
                return;
            }
        }
    }
}
