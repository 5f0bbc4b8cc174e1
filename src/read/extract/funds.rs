//! The fund block: the header row (年初预算数 / 全年预算数 / 全年执行数), the amount
//! unit, each fund row by its label, and the execution figures on the total's row.

use super::{header_row, short_text, Ctx, HeaderRow, NumKind};
use crate::decode::grid::Cell;
use crate::decode::number::{self, Parsed};
use crate::diag::Code;
use crate::form::labels::{self, Field, FundLabel, Header};
use crate::model::{AmountUnit, CellRef, Execution, Figure, FundRole, FundRow, Table, Text};
use crate::read::locate;
use rust_decimal::Decimal;

/// The fund block's columns, as its header row gives them.
struct FundCols {
    /// The header row.
    row: u32,
    h: HeaderRow,
    /// The leftmost amount column: labels sit left of it.
    first_amount: u32,
    unit: AmountUnit,
}

impl FundCols {
    fn col(&self, x: Header) -> Option<u32> {
        self.h.get(&x).map(|(c, _)| *c)
    }
}

/// Reads the fund block; returns the row after it (where goals start).
pub(super) fn read_funds(cx: &mut Ctx<'_>, t: &mut Table) -> u32 {
    let Some(cols) = fund_cols(cx) else {
        let c = t.title_cell;
        cx.missing(
            c,
            "年度资金总额 全年预算数",
            "annual budget of the fund total (no fund block found)",
        );
        cx.missing(
            c,
            "年度资金总额 全年执行数",
            "annual execution of the fund total (no fund block found)",
        );
        return cx.start;
    };
    t.funds.source_unit = cols.unit;
    let mut r = cols.row + 1;
    let mut end = cols.row + 1;
    while r < cx.end {
        match row_label(cx, &cols, r) {
            RowLabel::Stop => break,
            RowLabel::Row(c, s, role) => {
                read_fund_row(cx, t, &cols, CellRef::new(r, c), &s, role);
                end = r + 1;
            }
            RowLabel::Caption => end = r + 1,
            RowLabel::Unknown(None) if is_unlabelled_execution(cx, t, &cols, r) => {
                // Chongqing's form: the execution's figures, with no label, are the total's.
                let at = CellRef::new(r, cols.first_amount);
                read_fund_row(cx, t, &cols, at, "年度资金总额", FundRole::Total);
                end = r + 1;
            }
            RowLabel::Unknown(c) => {
                if has_figures(cx, &cols, r) {
                    unknown_row(cx, CellRef::new(r, c.unwrap_or(label_col(t, &cols))));
                    end = r + 1;
                }
            }
        }
        r += 1;
        if r > end + 3 && !t.funds.rows.is_empty() {
            // More than three rows with no fund label: the block is over.
            break;
        }
    }
    if t.funds.row(FundRole::Total).is_none() {
        let c = CellRef::new(cols.row + 1, cols.first_amount);
        cx.missing(
            c,
            "年度资金总额",
            "the fund total row (年度资金总额) is missing",
        );
    }
    end
}

/// The header row (年初预算数 / 全年预算数 / 全年执行数, two of them on one row) and the
/// amount unit: a header or the block label says （元）, or a 单位：元 line above — in the
/// table's head, or above it when nothing in the block says 万元 (typed above a Word table,
/// an export's head line above the title).
fn fund_cols(cx: &Ctx<'_>) -> Option<FundCols> {
    let g = cx.g;
    let (hr, h) = (cx.start..cx.end).find_map(|r| fund_header(cx, r))?;
    let first_amount = AMOUNTS
        .iter()
        .filter_map(|x| h.get(x).map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let yuan_header = h.values().any(|(_, m)| m.unit == Some(AmountUnit::Yuan));
    let yuan_label = (cx.start..=hr).any(|r| {
        g.row(r).any(|(c, cell)| {
            (r < hr || c < first_amount) && short_text(cell).is_some_and(labels::says_yuan)
        })
    });
    let wan_said = || {
        let header = h.values().any(|(_, m)| m.unit == Some(AmountUnit::WanYuan));
        header
            || (cx.start..=hr).any(|r| {
                let mut labels = g.row(r).filter(|(c, _)| r < hr || *c < first_amount);
                labels.any(|(_, cell)| short_text(cell).is_some_and(|s| s.contains("万元")))
            })
    };
    let unit = if yuan_header || yuan_label || cx.yuan_above && !wan_said() {
        AmountUnit::Yuan
    } else {
        AmountUnit::WanYuan
    };
    Some(FundCols {
        row: hr,
        h,
        first_amount,
        unit,
    })
}

const AMOUNTS: [Header; 3] = [Header::Initial, Header::Budget, Header::Executed];

/// The fund header at row `r` (two of the amounts), with its lower half when it is split
/// over two rows: `预算数` spanning `年初预算数 | 全年预算数` under it while 全年执行数 … 得分
/// are merged down beside (audtpl e01–e03). The lower row's headers are the columns the
/// figures stand in, and the rows start under it.
fn fund_header(cx: &Ctx<'_>, r: u32) -> Option<(u32, HeaderRow)> {
    let count = |h: &HeaderRow| AMOUNTS.iter().filter(|x| h.contains_key(x)).count();
    let mut h = header_row(cx.g, r);
    let n = count(&h);
    if n == 0 {
        return None;
    }
    let below = r + 1;
    if below < cx.end && locate::is_header_only(cx.g, below) {
        let lower = header_row(cx.g, below);
        if count(&lower) > 0 {
            h.extend(lower);
            return (count(&h) >= 2).then_some((below, h));
        }
    }
    (n >= 2).then_some((r, h))
}

/// What the label cells of a row (left of the amounts) say.
enum RowLabel {
    /// A label of the next block: the fund block is over.
    Stop,
    /// A figure row: its label's column and text, and its role.
    Row(u32, String, FundRole),
    /// A caption such as `按收入性质分：`.
    Caption,
    /// No known label: the column of the text written there, if any.
    Unknown(Option<u32>),
}

fn row_label(cx: &Ctx<'_>, cols: &FundCols, r: u32) -> RowLabel {
    let mut text_col = None;
    let mut caption = false;
    for (c, cell) in cx.g.row(r).filter(|(c, _)| *c < cols.first_amount) {
        let Some(s) = short_text(cell) else { continue };
        // The text nearest the amounts is the row's label: one further left is the
        // block's side label repeated on each row (`项目资金（万元）` in column A).
        if !s.trim().is_empty() {
            text_col = Some(c);
        }
        match labels::fund_role(s) {
            Some(FundLabel::Row(role)) => return RowLabel::Row(c, s.to_string(), role),
            // A caption may stand beside its first row (written down the side, merged
            // over the rows it heads) rather than on a row of its own: the row's label,
            // right of it, still counts.
            Some(FundLabel::Caption) => caption = true,
            // A breakdown of 基本支出 is in no split: passed over as a caption is.
            Some(FundLabel::Part) => caption = true,
            None => {}
        }
        if matches!(
            labels::classify_field(s),
            Some(
                Field::Goals
                    | Field::Indicators
                    | Field::Total
                    | Field::GoalTarget
                    | Field::GoalAdjusted,
            )
        ) || labels::classify_header(s).map(|m| m.header) == Some(Header::Level1)
        {
            return RowLabel::Stop;
        }
    }
    if caption {
        RowLabel::Caption
    } else {
        RowLabel::Unknown(text_col)
    }
}

/// True for the execution row of a form that labels it not ([`crate::form::Cues`]): the
/// first row under the fund header, with figures and no text left of them, and no fund row
/// under it (the block is that one row). Elsewhere such a row stays `fund-row-unknown`.
fn is_unlabelled_execution(cx: &Ctx<'_>, t: &Table, cols: &FundCols, r: u32) -> bool {
    crate::form::unlabelled_execution()
        && r == cols.row + 1
        && t.funds.rows.is_empty()
        && has_figures(cx, cols, r)
        && !matches!(row_label(cx, cols, r + 1), RowLabel::Row(..))
}

/// A fund block that neither weighs nor scores the execution — no 分值 and no 得分 column,
/// no weight stated — above indicators that weigh 100 between them (Fujian's form): the
/// form gives the execution no points, so the review weighs it 0, not the policy's 10.
/// Elsewhere a missing execution weight is the policy's.
pub(super) fn unweighed_execution(t: &mut Table) {
    let e = &t.execution;
    let said = [&e.weight, &e.score].iter().any(|f| f.cell.is_some());
    if t.unscored || said || e.weight.value.is_some() || t.indicators.is_empty() {
        return;
    }
    let weights: Option<Vec<Decimal>> = t.indicators.iter().map(|i| i.weight.value).collect();
    let sum = weights.and_then(crate::model::checked::sum);
    if sum == Some(Decimal::ONE_HUNDRED) {
        t.execution.weight.value = Some(Decimal::ZERO);
    }
}

/// True when a row holds a number in one of the amount columns.
fn has_figures(cx: &Ctx<'_>, cols: &FundCols, r: u32) -> bool {
    [Header::Initial, Header::Budget, Header::Executed]
        .iter()
        .filter_map(|h| cols.col(*h))
        .any(|c| {
            let a = cx.g.anchor(r, c);
            // A cell merged down from a row above is not this row's figure.
            a.row == r
                && match cx.g.raw(a.row, a.col) {
                    Cell::Number(_) | Cell::Date(..) => true,
                    Cell::Text(t) => matches!(number::parse_text(t), Parsed::Value(..)),
                    _ => false,
                }
        })
}

/// The column where fund row labels stand: the first row's, else just left of the amounts.
fn label_col(t: &Table, cols: &FundCols) -> u32 {
    t.funds
        .rows
        .first()
        .map(|r| r.cell.col)
        .unwrap_or(cols.first_amount.saturating_sub(1))
}

/// `fund-row-unknown` at the row's label cell: the row is left out of the sums.
fn unknown_row(cx: &mut Ctx<'_>, at: CellRef) {
    let shown = cx.g.text(at.row, at.col);
    let label = crate::form::labels::squash(&shown);
    let (zh_l, en_l) = if label.is_empty() {
        ("（无名称）".to_string(), "(no label)".to_string())
    } else {
        (format!("「{label}」"), format!("\"{label}\""))
    };
    cx.push(
        Code::FundRowUnknown,
        at,
        format!("资金块第 {} 行{zh_l}填有数字，但不是已知的资金来源行，未计入合计；请改用标准行名（如“其他资金”）", at.row + 1),
        format!("row {} of the fund block {en_l} holds figures but is none of the known fund rows; it is left out of the sums — use a standard row label (such as 其他资金)", at.row + 1),
    );
}

/// Reads one fund row (and, on the first total row, the execution figures).
fn read_fund_row(
    cx: &mut Ctx<'_>,
    t: &mut Table,
    cols: &FundCols,
    at: CellRef,
    s: &str,
    role: FundRole,
) {
    let total = role == FundRole::Total;
    let label = labels::squash(s);
    let fig = |cx: &mut Ctx<'_>, hx: Header, zh: &str, required: bool| match cols.col(hx) {
        Some(cc) => cx.figure(
            at.row,
            cc,
            NumKind::Amount(cols.unit),
            required,
            &format!("{label} {zh}"),
            &format!("{zh} of {label}"),
        ),
        None => Figure::default(),
    };
    let initial = fig(cx, Header::Initial, "年初预算数", false);
    let budget = fig(cx, Header::Budget, "全年预算数", total);
    let executed = fig(cx, Header::Executed, "全年执行数", total);
    if total && t.funds.row(FundRole::Total).is_none() {
        read_execution(cx, t, cols, at);
        typed_percent_rate(cx, t, cols, &budget, &executed);
    }
    t.funds.rows.push(FundRow {
        label,
        role,
        cell: at,
        initial,
        budget,
        executed,
    });
}

/// Under a `执行率(%)` header a rate is written 96.08, but a cell typed `96.08%` holds 0.9608
/// (a spreadsheet stores a typed percent as its fraction, and calamine gives no number
/// format). A number cell of at most 1 under such a header is therefore either 0.9608 or
/// 0.9608 %: the reading nearer 全年执行数 / 全年预算数 is taken, so that neither way of
/// typing it gives a false `exec-rate-mismatch`. A cell whose number format shows a percent
/// reads as shown ([`Ctx::figure`]): the guess is for General cells and formats not read.
fn typed_percent_rate(
    cx: &Ctx<'_>,
    t: &mut Table,
    cols: &FundCols,
    budget: &Figure,
    executed: &Figure,
) {
    let percent_header = cols.h.get(&Header::Rate).is_some_and(|(_, m)| m.percent);
    let rate = &mut t.execution.rate;
    let (Some(a), Some(read)) = (rate.cell, rate.value) else {
        return;
    };
    let Cell::Number(typed) = cx.g.raw(a.row, a.col) else {
        return;
    };
    if cx.g.format(a.row, a.col).is_some() {
        // The format shows the rate (`96.08%`, `9608.00%`): read as shown, no guess.
        return;
    }
    let (Some(b), Some(e)) = (budget.value, executed.value) else {
        return;
    };
    if !percent_header || *typed <= Decimal::ZERO || *typed > Decimal::ONE || b.is_zero() {
        return;
    }
    let computed = e / b;
    if (*typed - computed).abs() < (read - computed).abs() {
        rate.value = Some(typed.normalize());
    }
}

/// The fund total's row: its missing columns, and the execution weight, rate and score.
fn read_execution(cx: &mut Ctx<'_>, t: &mut Table, cols: &FundCols, at: CellRef) {
    if cols.col(Header::Budget).is_none() {
        cx.missing(
            at,
            "年度资金总额 全年预算数",
            "annual budget of the fund total (no 全年预算数 column)",
        );
    }
    if cols.col(Header::Executed).is_none() {
        cx.missing(
            at,
            "年度资金总额 全年执行数",
            "annual execution of the fund total (no 全年执行数 column)",
        );
    }
    let r = at.row;
    let plain = |cx: &mut Ctx<'_>, x: Header, zh: &str, en: &str| {
        cols.col(x)
            .map(|cc| cx.figure(r, cc, NumKind::Plain, false, zh, en))
            .unwrap_or_default()
    };
    let mut weight = plain(
        cx,
        Header::Weight,
        "预算执行率 分值",
        "weight of budget execution",
    );
    if cols.col(Header::Weight).is_none() {
        weight = stated_weight(cx, cols);
    }
    let rate = cols
        .h
        .get(&Header::Rate)
        .map(|(cc, m)| {
            cx.figure(
                r,
                *cc,
                NumKind::Rate { percent: m.percent },
                false,
                "年度资金总额 执行率",
                "execution rate of the fund total",
            )
        })
        .unwrap_or_default();
    let score = plain(
        cx,
        Header::Score,
        "预算执行率 得分",
        "score of budget execution",
    );
    let reason = exec_reason(cx, cols, r);
    t.execution = Execution {
        weight,
        rate,
        score,
        reason,
    };
}

/// With no 分值 column, the execution's weight as the form states it elsewhere: in the score's
/// header (`得分（20分*执行率）`) or the block's caption (`预算执行情况（万元）（20分）`), left
/// of the amounts on the header row. A Hubei form weighs the execution 20 this way.
fn stated_weight(cx: &Ctx<'_>, cols: &FundCols) -> Figure {
    if let Some((c, m)) = cols.h.get(&Header::Score) {
        if let Some(w) = m.weight {
            return Figure::new(Some(w), CellRef::new(cols.row, *c));
        }
    }
    let caption = cx.g.row(cols.row).find_map(|(c, cell)| {
        let s = short_text(cell).filter(|_| c < cols.first_amount)?;
        let (_, w) = labels::formula_weight(&labels::key(s))?;
        Some(Figure::new(w, cx.g.anchor(cols.row, c)))
    });
    caption.unwrap_or_default()
}

/// The reason given for the execution rate, where the form has a column for it (Sichuan 原因).
fn exec_reason(cx: &Ctx<'_>, cols: &FundCols, r: u32) -> Text {
    cols.col(Header::ExecReason)
        .map(|cc| {
            let a = cx.g.anchor(r, cc);
            Text::new(cx.g.raw(a.row, a.col).as_text(), a)
        })
        .unwrap_or_default()
}
