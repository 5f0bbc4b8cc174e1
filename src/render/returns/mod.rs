//! `units/<单位>.xlsx`: the return workbook (reports.md §1) — what a unit gets back to
//! correct its submission. A first sheet `审核意见` lists every finding of the unit with
//! what to do and a link to the marked cell; then one sheet per table, named as the unit
//! named its sheet, in the standard layout with the reviewed figures beside the stated ones,
//! every cell a finding names filled by severity and carrying a note.
//!
//! One module per sheet kind: `entries` (the finding rows and their order), `opinions`
//! (the 审核意见 sheet), `tables` (a table sheet: layout, grade row, notes, legend) and
//! `print` (page setup shared by both).

mod entries;
mod opinions;
mod print;
mod states;
mod tables;

use crate::aggregate::campaign::View;
use crate::aggregate::Unit;
use crate::diag::Lang;
use crate::outdir::atomic;
use crate::outdir::names::unique_stems;
use crate::store::{for_each_full_table, FileSource};
use anyhow::{Context, Result};
use entries::Entry;
use std::path::Path;

/// The longest sheet name Excel accepts, in UTF-16 code units.
const MAX_SHEET_UNITS: usize = 31;

/// The name of the first sheet.
pub const OPINIONS_SHEET: &str = "审核意见";

/// Most table sheets in one return workbook (a unit sends a handful of tables). The
/// workbook is built in memory: 4,500 copies of one unit's workbook gave one of 22,500
/// sheets and a 4 GB run. Tables past the bound keep their rows in 审核意见, without a
/// sheet, and a row there says how many have none.
pub const MAX_TABLE_SHEETS: usize = 300;

/// A sheet name from the unit's own sheet name: no `[]:*?/\`, at most 31 UTF-16 units, not
/// starting or ending with `'`, distinct (ignoring case) within the workbook.
///
/// ```
/// use selfeval::render::returns::sheet_name;
/// let mut used = selfeval::render::returns::SheetNames::default();
/// assert_eq!(sheet_name("安全生产/监督[执法]", &mut used), "安全生产_监督_执法_");
/// assert_eq!(sheet_name("安全生产/监督[执法]", &mut used), "安全生产_监督_执法_(2)");
/// ```
pub fn sheet_name(name: &str, used: &mut SheetNames) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('\'').trim();
    let base = if clean.is_empty() { "表" } else { clean };
    let mut candidate = utf16_prefix(base, MAX_SHEET_UNITS);
    // Copies of one name continue from the last number given, so n copies cost n lookups.
    let mut k = used.next.get(base).copied().unwrap_or(2);
    while used.taken.contains(&candidate.to_lowercase()) {
        let suffix = format!("({k})");
        let keep = utf16_prefix(base, MAX_SHEET_UNITS - suffix.len());
        candidate = format!("{}{suffix}", keep.trim_end_matches('\''));
        k += 1;
    }
    used.next.insert(base.to_string(), k);
    used.taken.insert(candidate.to_lowercase());
    candidate
}

/// The sheet names given so far in one workbook (compared without case, as Excel does).
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl SheetNames {
    /// Names already in the workbook.
    pub fn with(names: &[&str]) -> SheetNames {
        SheetNames {
            taken: names.iter().map(|n| n.to_lowercase()).collect(),
            next: Default::default(),
        }
    }
}

/// The longest prefix of `s` at most `units` UTF-16 code units long, without a trailing `'`.
fn utf16_prefix(s: &str, units: usize) -> String {
    let mut n = 0;
    let mut out = String::new();
    for c in s.chars() {
        n += c.len_utf16();
        if n > units {
            break;
        }
        out.push(c);
    }
    out.trim_end_matches('\'').to_string()
}

/// One unit as a return workbook sees it ([`crate::aggregate::units_to_answer`]).
type ReturnUnit = Unit;

/// One unit's return workbook: the table sheets are written first (they say where each
/// finding's cell landed), then the 审核意见 sheet, which was added first so it comes first.
fn unit_workbook(
    source: &dyn FileSource,
    unit: &ReturnUnit,
    lang: Lang,
    view: &View,
) -> Result<rust_xlsxwriter::Workbook> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name(OPINIONS_SHEET)?;
    let mut used = SheetNames::with(&[OPINIONS_SHEET]);
    let light = source.light();
    let mut rows: Vec<Entry> = Vec::new();
    // File-level findings of the unit's files, once per file.
    let mut files: Vec<usize> = unit.tables.iter().map(|t| t.0).collect();
    files.dedup();
    // A report replaced by the unit's later one is in no return workbook (campaign.md §4).
    let counts = |i: &usize| light.get(*i).is_some_and(|f| f.standing.counts());
    let others = unit
        .lost
        .iter()
        .chain(&unit.reports)
        .copied()
        .filter(counts);
    for fi in files.into_iter().chain(others) {
        if let Some(f) = light.get(fi) {
            let mut own = entries::file_entries(f, lang);
            states::of_file(&mut own, view, &unit.name, f);
            rows.extend(own);
        }
    }
    let mut order = 0;
    for_each_full_table(source, &unit.tables, |ct| {
        let fi = unit.tables.get(order).map_or(0, |t| t.0);
        let file = light.get(fi).map(|f| entries::file_name(&f.path));
        let mut table_rows = entries::table_entries(ct, &file.unwrap_or_default(), order, lang);
        states::of_table(&mut table_rows, view, &unit.name, ct);
        if order < MAX_TABLE_SHEETS {
            let ws = wb.add_worksheet();
            let name = sheet_name(&ct.table.sheet, &mut used);
            ws.set_name(&name)?;
            tables::table_sheet(ws, ct, &name, &mut table_rows, lang)?;
        }
        rows.extend(table_rows);
        order += 1;
        Ok(())
    })?;
    if order > MAX_TABLE_SHEETS {
        rows.push(without_sheets(order - MAX_TABLE_SHEETS, lang));
    }
    entries::sort(&mut rows);
    let ws = wb.worksheet_from_index(0)?;
    let head = opinions::Head {
        unit: &unit.name,
        year: unit_year(source, unit),
        tables: order,
        states: view.round.is_some(),
    };
    opinions::opinions_sheet(ws, &head, &rows, lang)?;
    Ok(wb)
}

/// The 审核意见 row saying how many tables have no sheet of their own.
fn without_sheets(n: usize, lang: Lang) -> Entry {
    let max = MAX_TABLE_SHEETS;
    let finding = crate::diag::Finding::new(
        crate::diag::Code::FileClipped,
        crate::diag::Message::new(
            format!("本单位的表超过 {max} 张：另外 {n} 张表没有单独的工作表，其问题仍逐条列在本页"),
            format!("the unit has more than {max} tables: {n} more have no sheet of their own; their findings are still listed here"),
        ),
    );
    Entry {
        table: "—".to_string(),
        order: 0,
        file: String::new(),
        sheet: None,
        message: finding.message.get(lang).to_string(),
        finding,
        link: None,
        state: None,
    }
}

/// The year of the unit's tables (the first stated), for the title.
fn unit_year(source: &dyn FileSource, unit: &ReturnUnit) -> Option<i32> {
    let light = source.light();
    unit.tables
        .iter()
        .filter_map(|&(fi, ti)| light.get(fi)?.tables.get(ti)?.table.year)
        .next()
        // A unit whose files gave no table: the run's year, as its letter and the bureau's
        // report state it.
        .or_else(|| crate::aggregate::run_year(light))
}

/// Writes one workbook per unit into `dir` (each file placed `how`) and removes workbooks
/// of units no longer present.
pub fn write_all(
    source: &dyn FileSource,
    units: &[Unit],
    dir: &Path,
    how: atomic::Placement,
    lang: Lang,
) -> Result<()> {
    write_all_campaign(source, units, dir, how, lang, &View::default(), None)
}

/// [`write_all`] in a workspace: after a round, 审核意见 has a `状态` column saying of each
/// finding whether it was sent in the unit's last round (campaign.md §5); a unit's
/// workbook is taken from the previous set when `reuse` says that what it is made of did
/// not change (`write::reuse`).
pub fn write_all_campaign(
    source: &dyn FileSource,
    units: &[Unit],
    dir: &Path,
    how: atomic::Placement,
    lang: Lang,
    view: &View,
    reuse: Option<&dyn crate::render::reuse::Reuse>,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let units = crate::aggregate::units_to_answer(source.light(), units);
    let stems = unique_stems(units.iter().map(|u| u.name.as_str()));
    // Units are independent: build and save their workbooks in parallel.
    use rayon::prelude::*;
    let names: Vec<Result<String>> = units
        .par_iter()
        .zip(stems.par_iter())
        .map(|(unit, stem)| {
            let name = format!("{stem}.xlsx");
            let extra = format!(
                "units|{lang:?}|{:?}|{:?}",
                view.round,
                view.remaining_of(&unit.name)
            );
            let path = dir.join(&name);
            if crate::render::reuse::taken(reuse, source, unit, extra.as_bytes(), &path)? {
                return Ok(name);
            }
            let mut wb = unit_workbook(source, unit, lang, view)?;
            // Placed one by one, flushed to disk all together below.
            atomic::save_unflushed(&mut wb, &dir.join(&name), how)?;
            Ok(name)
        })
        .collect();
    let mut written = std::collections::HashSet::new();
    for n in names {
        written.insert(n?);
    }
    let paths: Vec<_> = written.iter().map(|n| dir.join(n)).collect();
    atomic::flush_folder(dir, &paths)?;
    // A unit that left the inbox leaves no stale workbook behind.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.ends_with(".xlsx") && !written.contains(&n) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_copies_of_one_sheet_name_cost_linear_time() {
        let mut used = SheetNames::with(&[OPINIONS_SHEET]);
        let start = std::time::Instant::now();
        let names: Vec<String> = (0..5000)
            .map(|_| sheet_name("部门整体", &mut used))
            .collect();
        assert_eq!(names[0], "部门整体");
        assert_eq!(names[4999], "部门整体(5000)");
        let distinct: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), 5000);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn sheet_names_are_legal_within_31_utf16_units() {
        let mut used = SheetNames::with(&[OPINIONS_SHEET]);
        let long = "𠀀".repeat(20); // each counts 2 UTF-16 units
        let n = sheet_name(&long, &mut used);
        assert!(n.encode_utf16().count() <= 31);
        let n2 = sheet_name(&long, &mut used);
        assert!(
            n2.encode_utf16().count() <= 31 && n2.ends_with("(2)"),
            "{n2}"
        );
        assert_eq!(sheet_name("'项目'", &mut used), "项目");
        assert_eq!(sheet_name("审核意见", &mut used), "审核意见(2)");
        assert_eq!(sheet_name("  ", &mut used), "表");
    }
}
