//! 目标对照 (templates.md §8): one row per `approved-*` finding — the unit, the table, the
//! indicator, the approved target beside the one the table scored against, and the
//! problem. Written only when the run holds declarations (or such findings); the tables
//! concerned are read back in full to name the indicator a finding's cell belongs to.

use super::Ctx;
use crate::check::CheckedTable;
use crate::diag::{Code, Finding};
use crate::store::{for_each_full_table, FileSource};
use crate::xlsx::print::PrintList;
use anyhow::Result;
use rust_xlsxwriter::Workbook;

const HEADERS: [(&str, &str); 6] = [
    ("单位", "Unit"),
    ("表", "Table"),
    ("指标", "Indicator"),
    ("批复目标", "Approved target"),
    ("自评采用目标", "Target scored against"),
    ("问题", "Problem"),
];

const WIDTHS: [f64; 6] = [20.0, 22.0, 22.0, 16.0, 16.0, 48.0];

/// The sheet's name.
pub fn sheet_name(lang: crate::diag::Lang) -> &'static str {
    lang.pick("目标对照", "Targets")
}

/// The codes the sheet lists (a plain match: every finding of the run is asked).
fn is_approved(f: &Finding) -> bool {
    matches!(
        f.code,
        Code::ApprovedIndicatorDropped
            | Code::ApprovedTargetLowered
            | Code::ApprovedTargetChanged
            | Code::ApprovedIndicatorAdded
            | Code::ApprovedBudgetDiffers
    )
}

/// True when the run has anything to compare: a declaration, or an `approved-*` finding.
pub(super) fn wanted(source: &dyn FileSource) -> bool {
    source.light().iter().any(|f| {
        !f.declarations.is_empty() || f.tables.iter().any(|t| t.findings.iter().any(is_approved))
    })
}

/// Writes 目标对照.
pub(super) fn write(wb: &mut Workbook, cx: &Ctx<'_>) -> Result<()> {
    let (source, units) = (cx.source, cx.units);
    let mut s = cx.long_list(wb, sheet_name(cx.lang), &HEADERS, &WIDTHS)?;
    let light = source.light();
    for unit in units {
        let concerned: Vec<(usize, usize)> = unit
            .tables
            .iter()
            .copied()
            .filter(|&(fi, ti)| {
                light
                    .get(fi)
                    .and_then(|f| f.tables.get(ti))
                    .is_some_and(|t| t.findings.iter().any(is_approved))
            })
            .collect();
        for_each_full_table(source, &concerned, |ct| rows(&mut s, cx, &unit.name, ct))?;
    }
    s.finish()?;
    Ok(())
}

fn rows(s: &mut PrintList<'_>, cx: &Ctx<'_>, unit: &str, ct: &CheckedTable) -> Result<()> {
    let f = &cx.f;
    for x in ct.findings.iter().filter(|x| is_approved(x)) {
        let (indicator, approved, scored) = columns(ct, x);
        s.next_row()?;
        s.text(0, unit, &f.text)?;
        s.text(1, &ct.table.name.text, &f.text)?;
        s.text(2, &indicator, &f.text)?;
        s.text(3, &approved, &f.text)?;
        s.text(4, &scored, &f.text)?;
        s.text(5, x.message.get(cx.lang), &f.text)?;
    }
    Ok(())
}

/// The indicator, the approved and the scored target of a finding. A dropped or added
/// indicator carries `name：target` in its expected or found figure; a changed target sits
/// at its indicator's 年度指标值 cell.
fn columns(ct: &CheckedTable, x: &Finding) -> (String, String, String) {
    let split = |v: &Option<String>| {
        v.as_deref()
            .and_then(|s| s.split_once('：'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap_or_default()
    };
    match x.code {
        Code::ApprovedIndicatorDropped => {
            let (name, target) = split(&x.expected);
            (name, target, String::new())
        }
        Code::ApprovedIndicatorAdded => {
            let (name, target) = split(&x.found);
            (name, String::new(), target)
        }
        Code::ApprovedBudgetDiffers => (
            "年初预算数（万元）".to_string(),
            x.expected.clone().unwrap_or_default(),
            x.found.clone().unwrap_or_default(),
        ),
        _ => {
            let name = ct
                .table
                .indicators
                .iter()
                .find(|i| i.target.cell.is_some() && i.target.cell == x.cell)
                .map(|i| i.name.text.clone())
                .unwrap_or_default();
            (
                name,
                x.expected.clone().unwrap_or_default(),
                x.found.clone().unwrap_or_default(),
            )
        }
    }
}
