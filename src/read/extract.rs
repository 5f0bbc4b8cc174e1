//! Reading one located table's fields into the model, every field by its label or header
//! text, never by a fixed address, with the reading findings (`field-missing`,
//! `field-not-number`, `formula-not-computed`) at the cell concerned.

use super::grid::{Cell, Grid};
use super::labels::{self, Field, FundLabel, Header, HeaderMatch};
use super::locate::Found;
use super::number::{self, Parsed, Suffix};
use crate::diag::{Code, Finding, Message};
use crate::model::{
    AmountUnit, CellRef, Execution, Figure, FundRole, FundRow, Goal, Grade, Indicator, Table,
    TableKind, Text, Total,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How a numeric cell is read.
#[derive(Debug, Clone, Copy)]
enum NumKind {
    /// An amount in the block's unit, converted to 万元.
    Amount(AmountUnit),
    /// A rate; `percent` when the header says `(%)`.
    Rate { percent: bool },
    /// A weight or a score.
    Plain,
}

/// The table being read and its findings.
struct Ctx<'a> {
    g: &'a Grid,
    sheet: String,
    findings: Vec<Finding>,
    start: u32,
    end: u32,
}

fn short_text(c: &Cell) -> Option<&str> {
    match c {
        Cell::Text(t) if t.chars().count() <= 60 => Some(t.as_str()),
        _ => None,
    }
}

impl Ctx<'_> {
    fn push(&mut self, code: Code, cell: CellRef, zh: String, en: String) {
        self.findings
            .push(Finding::new(code, Message::new(zh, en)).at(self.sheet.clone(), cell));
    }

    fn missing(&mut self, cell: CellRef, what: &str, what_en: &str) {
        self.push(
            Code::FieldMissing,
            cell,
            format!("必填单元格为空：{what}（{cell}）"),
            format!("required cell is empty: {what} ({what_en}) at {cell}"),
        );
    }

    /// The first cell of the table's rows (row-major) whose label is `f`.
    fn find_field(&self, f: Field, from: u32) -> Option<CellRef> {
        (from..self.end).find_map(|r| {
            self.g.row(r).find_map(|(c, cell)| {
                short_text(cell)
                    .filter(|t| labels::classify_field(t) == Some(f))
                    .map(|_| CellRef::new(r, c))
            })
        })
    }

    /// The value written to the right of a label: the first non-empty cell after the
    /// label's merge, unless that is another label; else the empty cell where it belongs.
    fn value_right_of(&self, label: CellRef) -> Text {
        let first = self.g.span_end_col(label.row, label.col) + 1;
        let r = label.row;
        for (c, cell) in self.g.row(r).filter(|(c, _)| *c >= first) {
            if cell.is_empty() {
                continue;
            }
            if let Some(t) = short_text(cell) {
                if labels::classify_field(t).is_some() {
                    break;
                }
            }
            return Text::new(cell.as_text(), CellRef::new(r, c));
        }
        Text::new("", CellRef::new(r, first))
    }

    /// Reads a numeric figure at a cell (its merge's top-left), with findings.
    fn figure(
        &mut self,
        row: u32,
        col: u32,
        kind: NumKind,
        required: bool,
        what: &str,
        what_en: &str,
    ) -> Figure {
        let a = self.g.anchor(row, col);
        let cell = self.g.raw(a.row, a.col).clone();
        let mut fig = Figure::new(None, a);
        match cell {
            Cell::Empty => {
                if required {
                    self.missing(a, what, what_en);
                }
            }
            Cell::Uncomputed => {
                fig.uncomputed = true;
                self.push(
                    Code::FormulaNotComputed,
                    a,
                    format!("{what}（{a}）是公式，但文件中没有保存计算结果；请在 Excel/WPS 中打开并保存后再提交"),
                    format!("{what} ({what_en}) at {a} is a formula without a saved result; open and save the file in Excel/WPS"),
                );
            }
            Cell::Number(d) => fig.value = Some(scale(d, None, kind)),
            Cell::Text(t) => match number::parse_text(&t) {
                Parsed::Value(v, suffix) => fig.value = Some(scale(v, suffix, kind)),
                Parsed::NoValue => {
                    if required {
                        self.missing(a, what, what_en);
                    }
                }
                Parsed::NotNumber => self.not_number(a, what, what_en, t.trim()),
            },
            Cell::Bool(_) | Cell::Error(_) => {
                let shown = cell.as_text();
                self.not_number(a, what, what_en, &shown);
            }
        }
        fig
    }

    fn not_number(&mut self, a: CellRef, what: &str, what_en: &str, text: &str) {
        self.push(
            Code::FieldNotNumber,
            a,
            format!("{what}（{a}）应为数字，实际填写为「{text}」"),
            format!("{what} ({what_en}) at {a} must be a number but holds \"{text}\""),
        );
    }
}

/// Applies the number's kind: 元 → 万元, percents → fractions.
fn scale(v: Decimal, suffix: Option<Suffix>, kind: NumKind) -> Decimal {
    let hundred = Decimal::ONE_HUNDRED;
    let out = match (kind, suffix) {
        (NumKind::Amount(_), Some(Suffix::WanYuan)) => v,
        (NumKind::Amount(_), Some(Suffix::Yuan)) => number::to_wan(v, AmountUnit::Yuan),
        (NumKind::Amount(u), _) => number::to_wan(v, u),
        (NumKind::Rate { .. }, Some(Suffix::Percent)) => v,
        // A rate above 2 (200 %) can only be a percent written without its sign.
        (NumKind::Rate { percent }, _) if percent || v.abs() > Decimal::TWO => v / hundred,
        (NumKind::Rate { .. }, _) => v,
        (NumKind::Plain, _) => v,
    };
    out.normalize()
}

/// The headers found on one row: header → (column, match).
type HeaderRow = HashMap<Header, (u32, HeaderMatch)>;

fn header_row(g: &Grid, r: u32) -> HeaderRow {
    let mut m = HeaderRow::new();
    for (c, cell) in g.row(r) {
        if let Some(hm) = short_text(cell).and_then(labels::classify_header) {
            m.entry(hm.header).or_insert((c, hm));
        }
    }
    m
}

/// Reads one located table.
pub fn extract(g: &Grid, found: &Found) -> (Table, Vec<Finding>) {
    let mut cx = Ctx {
        g,
        sheet: g.name.clone(),
        findings: Vec::new(),
        start: found.start_row,
        end: found.end_row,
    };
    let mut t = Table::empty(found.kind, g.name.clone());
    t.title_cell = found.title_cell;
    t.year = found.year;
    read_header(&mut cx, &mut t);
    let after_funds = read_funds(&mut cx, &mut t);
    let ind_header = find_indicator_header(&cx, after_funds);
    read_goals(
        &mut cx,
        &mut t,
        after_funds,
        ind_header.as_ref().map(|(r, _)| *r),
    );
    read_indicators(&mut cx, &mut t, ind_header);
    (t, cx.findings)
}

fn read_header(cx: &mut Ctx<'_>, t: &mut Table) {
    let start = cx.start;
    let name_field = match t.kind {
        TableKind::Project => Field::ProjectName,
        TableKind::Department => Field::DeptName,
        TableKind::Transfer => Field::TransferName,
    };
    let name_label = cx.find_field(name_field, start).or_else(|| {
        // A transfer table may say 项目名称; a project table 转移支付（项目）名称 is not
        // accepted as its name (it would be a transfer).
        (t.kind == TableKind::Transfer)
            .then(|| cx.find_field(Field::ProjectName, start))
            .flatten()
    });
    let (name_zh, name_en) = match t.kind {
        TableKind::Project => ("项目名称", "project name"),
        TableKind::Department => ("部门（单位）名称", "department (unit) name"),
        TableKind::Transfer => ("转移支付（项目）名称", "transfer (project) name"),
    };
    match name_label {
        Some(l) => {
            t.name = cx.value_right_of(l);
            if t.name.is_empty() {
                let c = t.name.cell.unwrap_or(l);
                cx.missing(c, name_zh, name_en);
            }
        }
        None => {
            t.name = Text::default();
            let c = t.title_cell;
            cx.missing(c, name_zh, name_en);
        }
    }
    if t.kind == TableKind::Department {
        t.unit = t.name.clone();
        return;
    }
    match cx.find_field(Field::Department, start) {
        Some(l) => {
            t.department = cx.value_right_of(l);
            if t.department.is_empty() {
                let c = t.department.cell.unwrap_or(l);
                cx.missing(c, "主管部门", "supervising department");
            }
        }
        None => {
            let c = t.title_cell;
            cx.missing(c, "主管部门", "supervising department");
        }
    }
    if let Some(l) = cx.find_field(Field::Unit, start) {
        t.unit = cx.value_right_of(l);
    }
}

/// Reads the fund block; returns the row after it (where goals start).
fn read_funds(cx: &mut Ctx<'_>, t: &mut Table) -> u32 {
    let g = cx.g;
    // The header row: 年初预算数 / 全年预算数 / 全年执行数 on one row.
    let hdr = (cx.start..cx.end).find_map(|r| {
        let h = header_row(g, r);
        let n = [Header::Initial, Header::Budget, Header::Executed]
            .iter()
            .filter(|x| h.contains_key(x))
            .count();
        (n >= 2).then_some((r, h))
    });
    let Some((hr, h)) = hdr else {
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
    let amount_cols: Vec<u32> = [Header::Initial, Header::Budget, Header::Executed]
        .iter()
        .filter_map(|x| h.get(x).map(|(c, _)| *c))
        .collect();
    let first_amount = amount_cols.iter().copied().min().unwrap_or(0);
    // Unit: a header or the block label says （元）, or a 单位：元 line above.
    let yuan_header = h.values().any(|(_, m)| m.unit == Some(AmountUnit::Yuan));
    let yuan_label = (cx.start..=hr).any(|r| {
        g.row(r).any(|(c, cell)| {
            (r < hr || c < first_amount) && short_text(cell).is_some_and(labels::says_yuan)
        })
    });
    let unit = if yuan_header || yuan_label {
        AmountUnit::Yuan
    } else {
        AmountUnit::WanYuan
    };
    t.funds.source_unit = unit;
    let col = |x: Header| h.get(&x).map(|(c, _)| *c);
    let mut r = hr + 1;
    let mut end = hr + 1;
    while r < cx.end {
        let mut label: Option<(u32, String, FundLabel)> = None;
        let mut stop = false;
        for (c, cell) in g.row(r).filter(|(c, _)| *c < first_amount) {
            let Some(s) = short_text(cell) else { continue };
            if let Some(fl) = labels::fund_role(s) {
                label = Some((c, s.to_string(), fl));
                break;
            }
            if matches!(
                labels::classify_field(s),
                Some(Field::Goals | Field::Indicators | Field::Total | Field::GoalTarget)
            ) || labels::classify_header(s).map(|m| m.header) == Some(Header::Level1)
            {
                stop = true;
                break;
            }
        }
        if stop {
            break;
        }
        if let Some((c, s, FundLabel::Row(role))) = label {
            let total = role == FundRole::Total;
            let names = |x: &str| {
                (
                    format!("{} {x}", labels::squash(&s)),
                    format!("{x} of {}", labels::squash(&s)),
                )
            };
            let fig = |cx: &mut Ctx<'_>, hx: Header, zh: &str, required: bool| match col(hx) {
                Some(cc) => {
                    let (a, b) = names(zh);
                    cx.figure(r, cc, NumKind::Amount(unit), required, &a, &b)
                }
                None => Figure::default(),
            };
            let initial = fig(cx, Header::Initial, "年初预算数", false);
            let budget = fig(cx, Header::Budget, "全年预算数", total);
            let executed = fig(cx, Header::Executed, "全年执行数", total);
            if total && t.funds.row(FundRole::Total).is_none() {
                if col(Header::Budget).is_none() {
                    cx.missing(
                        CellRef::new(r, c),
                        "年度资金总额 全年预算数",
                        "annual budget of the fund total (no 全年预算数 column)",
                    );
                }
                if col(Header::Executed).is_none() {
                    cx.missing(
                        CellRef::new(r, c),
                        "年度资金总额 全年执行数",
                        "annual execution of the fund total (no 全年执行数 column)",
                    );
                }
                let wcol = col(Header::Weight);
                let rcol = h.get(&Header::Rate).map(|(c, m)| (*c, m.percent));
                let scol = col(Header::Score);
                t.execution = Execution {
                    weight: wcol
                        .map(|cc| {
                            cx.figure(
                                r,
                                cc,
                                NumKind::Plain,
                                false,
                                "预算执行率 分值",
                                "weight of budget execution",
                            )
                        })
                        .unwrap_or_default(),
                    rate: rcol
                        .map(|(cc, p)| {
                            cx.figure(
                                r,
                                cc,
                                NumKind::Rate { percent: p },
                                false,
                                "年度资金总额 执行率",
                                "execution rate of the fund total",
                            )
                        })
                        .unwrap_or_default(),
                    score: scol
                        .map(|cc| {
                            cx.figure(
                                r,
                                cc,
                                NumKind::Plain,
                                false,
                                "预算执行率 得分",
                                "score of budget execution",
                            )
                        })
                        .unwrap_or_default(),
                };
            }
            t.funds.rows.push(FundRow {
                label: labels::squash(&s),
                role,
                cell: CellRef::new(r, c),
                initial,
                budget,
                executed,
            });
            end = r + 1;
        } else if label.is_some() {
            end = r + 1;
        }
        r += 1;
        if r > end + 3 && !t.funds.rows.is_empty() {
            // More than three rows with no fund label: the block is over.
            break;
        }
    }
    if t.funds.row(FundRole::Total).is_none() {
        let c = CellRef::new(hr + 1, first_amount);
        cx.missing(
            c,
            "年度资金总额",
            "the fund total row (年度资金总额) is missing",
        );
    }
    end
}

/// The indicator header row (一级指标 … 分值 得分) at or after `from`.
fn find_indicator_header(cx: &Ctx<'_>, from: u32) -> Option<(u32, HeaderRow)> {
    (from..cx.end).find_map(|r| {
        let h = header_row(cx.g, r);
        let named = h.contains_key(&Header::Level3) || h.contains_key(&Header::Level1);
        let scored = h.contains_key(&Header::Weight) || h.contains_key(&Header::Score);
        (named && scored).then_some((r, h))
    })
}

fn read_goals(cx: &mut Ctx<'_>, t: &mut Table, from: u32, until: Option<u32>) {
    let g = cx.g;
    let until = until.unwrap_or(cx.end);
    let Some(label) = cx.find_field(Field::Goals, from).filter(|l| l.row < until) else {
        return;
    };
    // The 预期目标 | 实际完成情况 header, on the label's row or just below.
    let mut target_col = None;
    let mut outcome_col = None;
    let mut hdr_row = label.row;
    for r in label.row..(label.row + 3).min(until) {
        for (c, cell) in g.row(r) {
            match short_text(cell).and_then(labels::classify_field) {
                Some(Field::GoalTarget) => {
                    target_col = Some(c);
                    hdr_row = r;
                }
                Some(Field::GoalOutcome) => {
                    outcome_col = Some(c);
                    hdr_row = r;
                }
                _ => {}
            }
        }
        if target_col.is_some() {
            break;
        }
    }
    let first_row = if target_col.is_some() {
        hdr_row + 1
    } else {
        label.row
    };
    let label_end = g.span_end_col(label.row, label.col);
    for r in first_row..until {
        // Stop at anything that looks like the indicator block.
        if g.row(r).any(|(_, cell)| {
            short_text(cell).is_some_and(|s| {
                // Keyed once for both classifiers.
                let k = labels::key(s);
                labels::field_of_key(&k) == Some(Field::Indicators)
                    || labels::header_of_key(&k).is_some()
            })
        }) {
            break;
        }
        let mut target = Text::default();
        let mut outcome = Text::default();
        for (c, cell) in g.row(r) {
            if c <= label_end && g.anchor(r, c) == label {
                continue;
            }
            if c == label.col && r == label.row {
                continue;
            }
            let s = cell.as_text();
            if s.is_empty() {
                continue;
            }
            let is_outcome = outcome_col.is_some_and(|oc| c >= oc);
            let slot = if is_outcome {
                &mut outcome
            } else {
                &mut target
            };
            if slot.is_empty() {
                *slot = Text::new(s, CellRef::new(r, c));
            }
        }
        if target_col.is_none()
            && target.text == labels::squash(&target.text)
            && labels::classify_field(&target.text).is_some()
        {
            continue;
        }
        if !target.is_empty() || !outcome.is_empty() {
            t.goals.push(Goal { target, outcome });
        }
    }
}

/// Normalises an operator symbol written in its own column (`>=` → `≥`).
fn op_symbol(op: &str) -> Option<&'static str> {
    let k = labels::squash(op);
    Some(match k.as_str() {
        "≥" | ">=" | "≧" | "＞=" | "＞＝" => "≥",
        "≤" | "<=" | "≦" | "＜=" | "＜＝" => "≤",
        "=" | "＝" => "=",
        ">" | "＞" => ">",
        "<" | "＜" => "<",
        _ => return None,
    })
}

fn starts_with_op(s: &str) -> bool {
    s.starts_with(['≥', '≤', '=', '>', '<', '＞', '＜', '＝', '≧', '≦'])
        || [
            "不低于",
            "不少于",
            "不高于",
            "不超过",
            "大于",
            "小于",
            "等于",
        ]
        .iter()
        .any(|p| s.starts_with(p))
}

fn is_bare_number(s: &str) -> bool {
    matches!(number::parse_text(s), Parsed::Value(_, None))
}

fn read_indicators(cx: &mut Ctx<'_>, t: &mut Table, hdr: Option<(u32, HeaderRow)>) {
    let g = cx.g;
    let Some((hr, h)) = hdr else {
        let c = t.title_cell;
        cx.missing(c, "总分 得分", "total score (no indicator block found)");
        return;
    };
    let col = |x: Header| h.get(&x).map(|(c, _)| *c);
    let (l1c, l2c, l3c) = (
        col(Header::Level1),
        col(Header::Level2),
        col(Header::Level3),
    );
    let (tc, ac, wc, sc, rc) = (
        col(Header::Target),
        col(Header::Actual),
        col(Header::Weight),
        col(Header::Score),
        col(Header::Reason),
    );
    let (opc, unc) = (col(Header::Operator), col(Header::Unit));
    let label_limit = [wc, sc, ac, tc]
        .iter()
        .flatten()
        .copied()
        .min()
        .unwrap_or(u32::MAX);
    let mut l1: (String, Option<CellRef>, Option<Decimal>) = (String::new(), None, None);
    let mut l2 = String::new();
    let mut total_row = None;
    let text_at = |r: u32, c: Option<u32>| -> Text {
        match c {
            Some(c) => {
                let a = g.anchor(r, c);
                Text::new(g.raw(a.row, a.col).as_text(), a)
            }
            None => Text::default(),
        }
    };
    for r in hr + 1..cx.end {
        // The 总分 row ends the block.
        let is_total = g.row(r).any(|(c, cell)| {
            c < label_limit
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
        if let Some(c) = l1c {
            let a = g.anchor(r, c);
            let s = g.raw(a.row, a.col).as_text();
            if !s.is_empty() && Some(a) != l1.1 {
                let (name, w) = labels::split_weight(&s);
                l1 = (name, Some(a), w);
            }
        }
        if let Some(c) = l2c {
            let s = labels::squash(&g.text(r, c));
            if !s.is_empty() {
                l2 = s;
            }
        }
        let name = text_at(r, l3c);
        let mut target = text_at(r, tc);
        let mut actual = text_at(r, ac);
        let weight_cell = wc.map(|c| g.at(r, c).clone()).unwrap_or_default();
        let score_cell = sc.map(|c| g.at(r, c).clone()).unwrap_or_default();
        if name.is_empty()
            && target.is_empty()
            && actual.is_empty()
            && weight_cell.is_empty()
            && score_cell.is_empty()
        {
            continue;
        }
        // Separate operator and unit columns: join into one target text.
        let op = opc.map(|c| g.text(r, c)).unwrap_or_default();
        let unit = unc
            .map(|c| labels::squash(&g.text(r, c)))
            .unwrap_or_default();
        if opc.is_some() || unc.is_some() {
            let qualitative = labels::squash(&op) == "定性";
            if !qualitative && !target.is_empty() {
                let mut s = labels::squash(&target.text);
                if !starts_with_op(&s) {
                    // Symbols in one spelling; words (不少于, 以上 …) as written.
                    let o = labels::squash(&op);
                    let sym = op_symbol(&o).map(str::to_string).unwrap_or(o);
                    s = format!("{sym}{s}");
                }
                if !unit.is_empty() && !s.ends_with(&unit) {
                    s.push_str(&unit);
                }
                target.text = s;
            }
            if !qualitative && !unit.is_empty() && is_bare_number(&actual.text) {
                actual.text = format!("{}{unit}", labels::squash(&actual.text));
            }
        }
        let nm = if name.is_empty() {
            format!("第{}行", r + 1)
        } else {
            name.text.clone()
        };
        let weight = match wc {
            Some(c) => cx.figure(
                r,
                c,
                NumKind::Plain,
                true,
                &format!("指标「{nm}」分值"),
                "indicator weight",
            ),
            None => Figure::default(),
        };
        let score = match sc {
            Some(c) => cx.figure(
                r,
                c,
                NumKind::Plain,
                true,
                &format!("指标「{nm}」得分"),
                "indicator score",
            ),
            None => Figure::default(),
        };
        if let Some(c) = tc {
            let a = g.anchor(r, c);
            if matches!(g.raw(a.row, a.col), Cell::Uncomputed) {
                // Reported here; the rules then do not call it a placeholder.
                target.uncomputed = true;
                cx.figure(
                    r,
                    c,
                    NumKind::Plain,
                    false,
                    &format!("指标「{nm}」年度指标值"),
                    "indicator target",
                );
            }
        }
        if let Some(c) = ac {
            let a = g.anchor(r, c);
            match g.raw(a.row, a.col) {
                Cell::Uncomputed => {
                    cx.figure(
                        r,
                        c,
                        NumKind::Plain,
                        true,
                        &format!("指标「{nm}」实际完成值"),
                        "indicator actual value",
                    );
                }
                _ if actual.is_empty() => {
                    cx.missing(
                        a,
                        &format!("指标「{nm}」实际完成值"),
                        "indicator actual value",
                    );
                }
                _ => {}
            }
        }
        t.indicators.push(Indicator {
            row: r + 1,
            level1: l1.0.clone(),
            level1_cell: l1.1,
            level1_weight: l1.2,
            level2: l2.clone(),
            name,
            target,
            actual,
            weight,
            score,
            reason: text_at(r, rc),
        });
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
            read_grade(cx, t, r + 1);
        }
        None => {
            let c = sc
                .map(|c| CellRef::new(cx.end.min(g.last_row().unwrap_or(0) + 1), c))
                .unwrap_or(t.title_cell);
            cx.missing(c, "总分 得分", "total score (no 总分 row found)");
        }
    }
}

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
