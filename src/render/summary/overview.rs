//! 汇总: one row per unit — every unit, also one whose files could not be read (its counts
//! empty, its errors counted) — and a totals row of live formulas, on one worksheet (its
//! totals row and the charts refer to one range of it, so it is never continued). Superseded
//! tables are left out of the figures; a note below the totals says so.

use super::{Ctx, ERRORS_COL};
use crate::aggregate::{Money, Unit, UnitFigures, UnitRecord};
use crate::diag::Lang;
use crate::model::checked;
use crate::xlsx::list::{col, ListOptions, Overflow, SheetMemory, MAX_DATA_ROWS};
use crate::xlsx::print::{fit_width, PrintList, HEADER_ROW};
use crate::xlsx::style::text_width;
use anyhow::Result;
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;

const UNIT_HEADERS: [(&str, &str); 16] = [
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
    ("说明", "Note"),
];

/// The columns a workspace adds to 汇总 (campaign.md §5), after 说明.
const CAMPAIGN_HEADERS: [(&str, &str); 5] = [
    ("状态", "Status"),
    ("上轮错误", "Errors sent"),
    ("已改正", "Fixed"),
    ("仍存在", "Remaining"),
    ("新出现", "New"),
];

/// A unit's status and its findings by state, after 说明.
fn campaign_cells(s: &mut PrintList<'_>, cx: &Ctx<'_>, r: &UnitRecord) -> Result<()> {
    let f = &cx.f;
    let (c, n) = (&r.campaign, &r.round_counts);
    s.text(16, &c.status.name(cx.lang), &f.text)?;
    let received = c.status != crate::aggregate::UnitStatus::NotReceived;
    s.int(17, c.round.map(|_| c.sent_errors), &f.int)?;
    s.int(18, c.round.map(|_| n.fixed), &f.int)?;
    s.int(19, received.then_some(n.remaining), &f.int)?;
    s.int(20, received.then_some(n.new), &f.int)?;
    Ok(())
}

/// The zero-based column of the execution rate (G), which 图表 reads.
pub(super) const RATE_COL: u16 = 6;

/// What the totals row adds up, gathered while the unit rows are written.
struct Totals {
    /// Tables by kind (B–D), then grades 优 良 中 差 (J–M), errors (N) and warnings (O).
    counts: [usize; 9],
    /// The sum of the units' money; an amount is `None` once it overflows (the cell then
    /// has no cached value, and Excel computes its own).
    money: Money,
    /// The units' mean stated totals, for the mean of means.
    stated: Vec<Decimal>,
    /// The units' mean reviewed totals.
    reviewed: Vec<Decimal>,
    /// Superseded tables and lost files over the units, for the note below the totals.
    superseded: usize,
    /// Files that gave no table.
    lost: usize,
}

impl Totals {
    fn new() -> Self {
        Totals {
            counts: [0; 9],
            money: Money::ZERO,
            stated: Vec::new(),
            reviewed: Vec::new(),
            superseded: 0,
            lost: 0,
        }
    }

    fn add(&mut self, u: &UnitFigures) {
        // A unit without a counted table has blank amounts, which SUM passes over.
        self.money = self.money.plus(u.money);
        self.stated.extend(u.mean_stated);
        self.reviewed.extend(u.mean_reviewed);
        let counts = [
            u.kinds[0],
            u.kinds[1],
            u.kinds[2],
            u.grades[0],
            u.grades[1],
            u.grades[2],
            u.grades[3],
            u.counts.errors,
            u.counts.warnings,
        ];
        for (a, b) in self.counts.iter_mut().zip(counts) {
            // Counts of files' tables and findings cannot reach usize::MAX; saturating
            // keeps even that from wrapping.
            *a = a.saturating_add(b);
        }
        self.superseded += u.superseded;
        self.lost += u.lost;
    }
}

/// The column widths: the unit names measured, the figures fixed.
fn widths(units: &[Unit], lang: Lang) -> Vec<f64> {
    let widest = units.iter().map(|u| text_width(&u.name)).max().unwrap_or(0);
    let name = fit_width(lang.pick("单位", "Unit"), widest, 12.0, 34.0);
    let mut w = vec![name, 7.0, 7.0, 7.0, 14.0, 14.0, 9.0, 8.0, 8.0];
    w.extend([5.0, 5.0, 5.0, 5.0, 6.0, 6.0, 24.0]);
    w
}

/// Writes 汇总.
pub(super) fn write(
    wb: &mut Workbook,
    units: &[Unit],
    figures: &[UnitFigures],
    records: Option<&[UnitRecord]>,
    cx: &Ctx<'_>,
) -> Result<()> {
    // Rows flushed as they are written (a unit's row cost some 3 KB until the save: most
    // of what the summary held per unit), strings still shared as in a standard sheet.
    let one = ListOptions {
        memory: SheetMemory::Low,
        rows_per_sheet: MAX_DATA_ROWS,
        overflow: Overflow::Fail,
    };
    let mut heads = UNIT_HEADERS.to_vec();
    let mut widths = widths(units, cx.lang);
    if records.is_some() {
        heads.extend(CAMPAIGN_HEADERS);
        widths.extend([14.0, 8.0, 7.0, 7.0, 7.0]);
    }
    // Last year's columns come after the workspace's (campaign.md §7).
    let prior_col = heads.len() as u16;
    if cx.view.previous.is_some() {
        heads.extend(super::previous::HEADERS);
        widths.extend(super::previous::WIDTHS);
    }
    let mut s = cx.list(wb, cx.name(0), &heads, &widths, one)?;
    s.conditional_format(ERRORS_COL, ERRORS_COL, cx.styles.errors_in_red.clone());
    let mut totals = Totals::new();
    for (k, (unit, u)) in units.iter().zip(figures).enumerate() {
        unit_row(&mut s, cx, &unit.name, u)?;
        if let Some(r) = records.and_then(|r| r.get(k)) {
            campaign_cells(&mut s, cx, r)?;
        }
        if let Some(p) = &cx.view.previous {
            super::previous::cells(&mut s, cx, prior_col, p.unit(&unit.name))?;
        }
        totals.add(u);
    }
    totals_row(&mut s, cx, &totals, units.len() as u32)?;
    if let Some(p) = &cx.view.previous {
        super::previous::totals_cells(&mut s, cx, prior_col, p)?;
    }
    if let Some(text) = totals_note(&totals, cx.lang) {
        s.footer_row()?;
        s.note(&text, &cx.f.text)?;
    }
    s.finish()?;
    Ok(())
}

/// Why a unit's row holds less than its files: superseded tables, files without a table.
fn unit_note(u: &UnitFigures, lang: Lang) -> String {
    let mut parts = Vec::new();
    let (lost, left) = (u.lost, u.superseded);
    if lost > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{lost} 个文件未能读出表格（见文件清单），需重新报送"),
            Lang::En => format!("{lost} file(s) gave no table (see Files): send again"),
        });
    }
    if left > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{left} 张旧副本或非本年度表格未计入（见文件清单）"),
            Lang::En => format!("{left} older or other-year table(s) not counted (see Files)"),
        });
    }
    parts.join(lang.pick("；", "; "))
}

/// The note below the totals: what the figures leave out and what the counts include.
fn totals_note(t: &Totals, lang: Lang) -> Option<String> {
    if t.superseded == 0 && t.lost == 0 {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!(
            "注：已被较晚报送的版本替代的旧副本和非本年度表格共 {} 张，未计入表数、金额、得分、等级和问题数（见文件清单）；\
             未能读出表格的文件 {} 个，其单位仍列于上表。错误和警告数只计计入的表格和文件，与命令行、问题清单和汇总报告一致。",
            t.superseded, t.lost
        ),
        Lang::En => format!(
            "Note: {} older copies and other years' tables are left out of the tables, money, \
             scores, grades and findings (see Files); {} file(s) gave no table, their units \
             are still listed. Errors and warnings count what counts only, as the command \
             line, the findings list and the bureau's report do.",
            t.superseded, t.lost
        ),
    })
}

/// One unit's row; a unit without a counted table has its counts empty.
fn unit_row(s: &mut PrintList<'_>, cx: &Ctx<'_>, name: &str, u: &UnitFigures) -> Result<()> {
    let f = &cx.f;
    let r = s.next_row()?;
    let has = u.counted() > 0;
    let count = |n: usize| has.then_some(n);
    s.text(0, name, &f.text)?;
    for (i, n) in u.kinds.iter().enumerate() {
        s.int(1 + i as u16, count(*n), &f.int)?;
    }
    s.num(4, u.money.budget, &f.amount)?;
    s.num(5, u.money.executed, &f.amount)?;
    let row1 = r + 1;
    let rate = u.money.rate();
    if has {
        s.formula(
            RATE_COL,
            &format!("=IF(N(E{row1})>0,N(F{row1})/E{row1},\"\")"),
            rate,
            &f.rate,
        )?;
    } else {
        // No table read: no rate, and no formula whose empty result a reader shows as 0.
        s.num(RATE_COL, None, &f.rate)?;
    }
    s.num(7, u.mean_stated, &f.score)?;
    s.num(8, u.mean_reviewed, &f.score)?;
    for (i, n) in u.grades.iter().enumerate() {
        s.int(9 + i as u16, count(*n), &f.int)?;
    }
    s.int(13, Some(u.counts.errors), &f.int)?;
    s.int(14, Some(u.counts.warnings), &f.int)?;
    s.text(15, &unit_note(u, cx.lang), &f.text)?;
    Ok(())
}

/// The totals row below `n_units` unit rows: sums, the overall rate and the mean of means.
fn totals_row(s: &mut PrintList<'_>, cx: &Ctx<'_>, totals: &Totals, n_units: u32) -> Result<()> {
    let f = &cx.f;
    let t = s.footer_row()?;
    let first = HEADER_ROW + 2;
    let last = HEADER_ROW + 1 + n_units;
    s.text(0, cx.lang.pick("合计", "Total"), &f.total_label)?;
    let sum = |c: u16| format!("=SUM({l}{first}:{l}{last})", l = col(c));
    let count = |i: usize| Some(Decimal::from(totals.counts[i] as u64));
    for (i, c) in [1u16, 2, 3].iter().enumerate() {
        s.formula(*c, &sum(*c), count(i), &f.int)?;
    }
    s.formula(4, &sum(4), totals.money.budget, &f.amount)?;
    s.formula(5, &sum(5), totals.money.executed, &f.amount)?;
    let t1 = t + 1;
    let rate_formula = format!("=IF(E{t1}>0,F{t1}/E{t1},\"\")");
    s.formula(RATE_COL, &rate_formula, totals.money.rate(), &f.rate)?;
    let avg = |c: u16| {
        format!(
            "=IF(COUNT({l}{first}:{l}{last})>0,AVERAGE({l}{first}:{l}{last}),\"\")",
            l = col(c)
        )
    };
    s.formula(7, &avg(7), mean(&totals.stated), &f.score)?;
    s.formula(8, &avg(8), mean(&totals.reviewed), &f.score)?;
    for (i, c) in (9u16..=14).enumerate() {
        s.formula(c, &sum(c), count(3 + i), &f.int)?;
    }
    s.text(15, "", &f.text)?;
    Ok(())
}

/// The mean of the values, as AVERAGE gives it; `None` for none, or when their sum
/// overflows.
fn mean(v: &[Decimal]) -> Option<Decimal> {
    if v.is_empty() {
        return None;
    }
    checked::sum(v.iter().copied())?.checked_div(Decimal::from(v.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_that_overflow_have_no_figure_instead_of_a_panic() {
        let two = Decimal::TWO;
        assert_eq!(mean(&[Decimal::ONE, two]), Some(Decimal::new(15, 1)));
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[Decimal::MAX, Decimal::MAX]), None);
        let mut t = Totals::new();
        let u = UnitFigures {
            money: Money {
                budget: Some(Decimal::MAX),
                executed: Some(Decimal::ONE),
            },
            ..UnitFigures::default()
        };
        t.add(&u);
        assert_eq!(t.money.budget, Some(Decimal::MAX));
        t.add(&u);
        assert_eq!((t.money.budget, t.money.executed), (None, Some(two)));
    }
}
