//! `units/<单位>.xlsx`: each unit's tables re-laid in the standard layout, with a reviewed
//! score column beside the stated one and the offending cells highlighted.

use crate::aggregate::Unit;
use crate::diag::Lang;
use crate::store::{for_each_full_table, FileSource};
use crate::write::atomic;
use crate::write::layout::{layout_table, LayoutOptions};
use crate::write::names::unique_stems;
use anyhow::{Context, Result};
use std::path::Path;

/// The longest sheet name Excel accepts.
const MAX_SHEET_CHARS: usize = 31;

/// A sheet name from a table name: no `[]:*?/\`, at most 31 characters, not starting or
/// ending with `'`, distinct within the workbook.
///
/// ```
/// use selfeval::write::units::sheet_name;
/// let mut used = Vec::new();
/// assert_eq!(sheet_name("安全生产/监督[执法]", &mut used), "安全生产_监督_执法_");
/// assert_eq!(sheet_name("安全生产/监督[执法]", &mut used), "安全生产_监督_执法_(2)");
/// ```
pub fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
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
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "表".to_string()
    } else {
        clean.chars().take(MAX_SHEET_CHARS).collect()
    };
    let mut candidate = base.clone();
    let mut k = 2;
    while used
        .iter()
        .any(|u| u.to_lowercase() == candidate.to_lowercase())
    {
        let suffix = format!("({k})");
        let keep = MAX_SHEET_CHARS - suffix.chars().count();
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        k += 1;
    }
    used.push(candidate.clone());
    candidate
}

/// One unit's tables laid out, one sheet each, with the reviewed scores.
fn unit_workbook(source: &dyn FileSource, unit: &Unit) -> Result<rust_xlsxwriter::Workbook> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut used = Vec::new();
    for_each_full_table(source, &unit.tables, |ct| {
        let cells: Vec<_> = ct.findings.iter().filter_map(|f| f.cell).collect();
        let opts = LayoutOptions {
            review: Some(&ct.review),
            highlight: &cells,
            ..LayoutOptions::stated(ct.table.kind)
        };
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&ct.table.name.text, &mut used))?;
        layout_table(ws, &ct.table, &opts)?;
        Ok(())
    })?;
    Ok(wb)
}

/// Writes one workbook per unit into `dir` and removes workbooks of units no longer present.
pub fn write_all(source: &dyn FileSource, units: &[Unit], dir: &Path, lang: Lang) -> Result<()> {
    let _ = lang;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stems = unique_stems(units.iter().map(|u| u.name.as_str()));
    // Units are independent: build and save their workbooks in parallel.
    use rayon::prelude::*;
    let names: Vec<Result<String>> = units
        .par_iter()
        .zip(stems.par_iter())
        .map(|(unit, stem)| {
            let mut wb = unit_workbook(source, unit)?;
            let name = format!("{stem}.xlsx");
            // Renamed into place one by one, flushed to disk all together below.
            atomic::save_atomic_unflushed(&mut wb, &dir.join(&name))?;
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
