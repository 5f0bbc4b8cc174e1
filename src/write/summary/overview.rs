//! 汇总: one row per unit and a totals row of live formulas, on one worksheet (its totals
//! row and the charts refer to one range of it, so it is never continued).

use super::{pick, ratio, Ctx, ERRORS_COL};
use crate::aggregate::{unit_figures, Unit, UnitFigures};
use crate::check::CheckedFile;
use crate::model::checked;
use crate::write::sheet::{col, ListOptions, ListSheet, Overflow, SheetMemory, MAX_DATA_ROWS};
use anyhow::Result;
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;

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

/// What the totals row adds up, gathered while the unit rows are written.
struct Totals {
    /// Tables by kind (B–D), then grades 优 良 中 差 (J–M), errors (N) and warnings (O).
    counts: [usize; 9],
    /// The sum of the units' budgets; `None` once it overflows (the cell then has no
    /// cached value, and Excel computes its own).
    budget: Option<Decimal>,
    /// The sum of the units' executed amounts; `None` once it overflows.
    executed: Option<Decimal>,
    /// The units' mean stated totals, for the mean of means.
    stated: Vec<Decimal>,
    /// The units' mean reviewed totals.
    reviewed: Vec<Decimal>,
}

impl Totals {
    fn new() -> Self {
        Totals {
            counts: [0; 9],
            budget: Some(Decimal::ZERO),
            executed: Some(Decimal::ZERO),
            stated: Vec::new(),
            reviewed: Vec::new(),
        }
    }

    fn add(&mut self, u: &UnitFigures) {
        self.budget = self.budget.and_then(|b| b.checked_add(u.budget));
        self.executed = self.executed.and_then(|e| e.checked_add(u.executed));
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
            u.errors,
            u.warnings,
        ];
        for (a, b) in self.counts.iter_mut().zip(counts) {
            // Counts of files' tables and findings cannot reach usize::MAX; saturating
            // keeps even that from wrapping.
            *a = a.saturating_add(b);
        }
    }
}

/// Writes 汇总.
pub(super) fn write(
    wb: &mut Workbook,
    files: &[CheckedFile],
    units: &[Unit],
    cx: &Ctx<'_>,
) -> Result<()> {
    let one = ListOptions {
        memory: SheetMemory::Standard,
        rows_per_sheet: MAX_DATA_ROWS,
        overflow: Overflow::Fail,
    };
    let heads = cx.headers(&UNIT_HEADERS);
    let mut s = ListSheet::new(wb, cx.name(0), &heads, &cx.f, one)?;
    s.conditional_format(ERRORS_COL, ERRORS_COL, cx.styles.errors_in_red.clone());
    let mut totals = Totals::new();
    for unit in units {
        let u = unit_figures(files, unit);
        unit_row(&mut s, cx, &unit.name, &u)?;
        totals.add(&u);
    }
    totals_row(&mut s, cx, &totals, units.len() as u32)?;
    s.finish()?;
    Ok(())
}

/// One unit's row.
fn unit_row(s: &mut ListSheet<'_>, cx: &Ctx<'_>, name: &str, u: &UnitFigures) -> Result<()> {
    let f = &cx.f;
    let r = s.next_row()?;
    s.text(0, name, &f.text)?;
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
    Ok(())
}

/// The totals row below `n_units` unit rows: sums, the overall rate and the mean of means.
fn totals_row(s: &mut ListSheet<'_>, cx: &Ctx<'_>, totals: &Totals, n_units: u32) -> Result<()> {
    let f = &cx.f;
    let t = s.footer_row()?;
    let (first, last) = (2, n_units + 1);
    s.text(0, pick(cx.lang, "合计", "Total"), &f.total_label)?;
    let sum = |c: u16| format!("=SUM({l}{first}:{l}{last})", l = col(c));
    let count = |i: usize| Some(Decimal::from(totals.counts[i] as u64));
    for (i, c) in [1u16, 2, 3].iter().enumerate() {
        s.formula(*c, &sum(*c), count(i), &f.int)?;
    }
    s.formula(4, &sum(4), totals.budget, &f.amount)?;
    s.formula(5, &sum(5), totals.executed, &f.amount)?;
    let t1 = t + 1;
    s.formula(
        6,
        &format!("=IF(E{t1}>0,F{t1}/E{t1},\"\")"),
        totals
            .executed
            .zip(totals.budget)
            .and_then(|(e, b)| ratio(e, b)),
        &f.rate,
    )?;
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
            budget: Decimal::MAX,
            executed: Decimal::ONE,
            ..UnitFigures::default()
        };
        t.add(&u);
        assert_eq!(t.budget, Some(Decimal::MAX));
        t.add(&u);
        assert_eq!((t.budget, t.executed), (None, Some(two)));
        // A tiny budget under a huge amount: the rate does not fit a decimal.
        assert_eq!(ratio(Decimal::MAX, Decimal::new(1, 28)), None);
        assert_eq!(ratio(Decimal::ONE, Decimal::ZERO), None);
    }
}
