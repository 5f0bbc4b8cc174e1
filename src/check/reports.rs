//! Narrative reports in the pipeline: a `.docx` or `.txt` read into a
//! [`Narrative`](crate::model::narrative::Narrative) (in the worker, like a workbook),
//! then — once every file of the run is read and the cross-file rules have run — each
//! report matched to a unit of the run and checked against itself and the unit's current
//! tables ([`crate::rules::report`]). The tables are read back in full through a loader,
//! only for the units that have a report: the store keeps light copies only.

use super::{workbook_unit, CheckedFile, FileStatus, Settings};
use crate::diag::{Code, Finding};
use crate::model::text::org_key;
use crate::rules::report::{check_report, match_unit, ReportCtx, ReportUnit};
use std::collections::BTreeMap;
use std::path::Path;

/// Reads a report's bytes into a checked file (unreadable with its message when the
/// document cannot be read).
pub fn read_report(path: &Path, bytes: &[u8]) -> CheckedFile {
    let read = std::panic::catch_unwind(|| crate::read::narrative::read(path, bytes));
    let narrative = match read {
        Ok(Ok(n)) => n,
        Ok(Err(message)) => return super::unreadable(path, message),
        Err(_) => {
            return super::unreadable(
                path,
                crate::diag::Message::new(
                    "读取此报告时程序内部出错（已跳过此文件，其他文件不受影响）；请将此文件报告给软件维护人员",
                    "internal error while reading this report (the file was passed over); please report this file to the maintainers",
                ),
            )
        }
    };
    // A note beside the tables (`说明.txt`) has nothing a report check could read.
    if narrative.headings.is_empty() && narrative.figures.is_empty() {
        return super::skipped(path, crate::read::walk::SkipReason::NotReport);
    }
    let mut file = super::unreadable(path, crate::diag::Message::new("", ""));
    file.status = FileStatus::Ok;
    file.findings.clear();
    file.hash = Some(*blake3::hash(bytes).as_bytes());
    file.narrative = Some(narrative);
    file
}

/// A unit of the run as the reports see it: its name and its current tables, by (file,
/// table) index.
struct RunUnit {
    name: String,
    tables: Vec<(usize, usize)>,
}

/// The units of the run from the files' light copies: older copies (`table-duplicate`)
/// and unfilled tables left out.
fn run_units(files: &[CheckedFile]) -> Vec<RunUnit> {
    let mut by_key: BTreeMap<String, RunUnit> = BTreeMap::new();
    for (fi, f) in files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.tables.is_empty())
    {
        let name = workbook_unit(f);
        let unit = by_key.entry(org_key(&name)).or_insert_with(|| RunUnit {
            name,
            tables: Vec::new(),
        });
        for (ti, t) in f.tables.iter().enumerate() {
            let superseded = t.findings.iter().any(|x| x.code == Code::TableDuplicate);
            if !t.table.blank && !superseded {
                unit.tables.push((fi, ti));
            }
        }
    }
    by_key.into_values().collect()
}

/// The words of a report's path a unit may be named in: its file stem and folders.
fn path_parts(path: &Path) -> Vec<String> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folders = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components().rev().take(2))
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    stem.into_iter().chain(folders).collect()
}

/// The findings of one report and the unit it was matched to.
fn check_one(
    files: &[CheckedFile],
    units: &[RunUnit],
    ri: usize,
    load: &dyn Fn(usize) -> Option<CheckedFile>,
    settings: &Settings,
) -> Option<(Option<String>, Vec<Finding>)> {
    let report = load(ri)?;
    let narrative = report.narrative.as_ref()?;
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    let matched = match_unit(narrative, &names, &path_parts(&files[ri].path));
    let mut loaded: BTreeMap<usize, CheckedFile> = BTreeMap::new();
    if let Some(u) = matched.and_then(|i| units.get(i)) {
        for &(fi, _) in &u.tables {
            if let std::collections::btree_map::Entry::Vacant(e) = loaded.entry(fi) {
                e.insert(load(fi)?);
            }
        }
    }
    let unit = matched.and_then(|i| units.get(i)).map(|u| ReportUnit {
        name: u.name.clone(),
        tables: u
            .tables
            .iter()
            .filter_map(|&(fi, ti)| loaded.get(&fi)?.tables.get(ti).map(|t| &t.table))
            .collect(),
    });
    let ctx = ReportCtx::new(narrative, unit.as_ref(), &settings.policy);
    Some((unit.as_ref().map(|u| u.name.clone()), check_report(&ctx)))
}

/// What the report checks found for one report: its file index, its unit and its findings.
pub type ReportResult = (usize, Option<String>, Vec<Finding>);

/// Matches and checks every narrative report of the run; `load(i)` gives file `i` in
/// full. Reads only: [`add_report_findings`] puts the results on the files.
pub fn report_findings(
    files: &[CheckedFile],
    load: &dyn Fn(usize) -> Option<CheckedFile>,
    settings: &Settings,
) -> Vec<ReportResult> {
    let reports: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].is_report())
        .filter(|&i| {
            !matches!(
                files[i].status,
                FileStatus::Unreadable | FileStatus::Skipped
            )
        })
        .collect();
    if reports.is_empty() {
        return Vec::new();
    }
    let units = run_units(files);
    reports
        .into_iter()
        .filter_map(|ri| {
            let (unit, findings) = check_one(files, &units, ri, load, settings)?;
            Some((ri, unit, findings))
        })
        .collect()
}

/// Each report's findings join its file's, its status is refreshed, and its unit is
/// recorded.
pub fn add_report_findings(files: &mut [CheckedFile], results: Vec<ReportResult>) {
    for (ri, unit, findings) in results {
        if let Some(file) = files.get_mut(ri) {
            file.unit = unit;
            file.findings.extend(findings);
            file.update_status();
        }
    }
}

/// [`report_findings`] then [`add_report_findings`], on files held in memory.
pub fn apply_reports(
    files: &mut [CheckedFile],
    load: &dyn Fn(usize) -> Option<CheckedFile>,
    settings: &Settings,
) {
    let results = report_findings(files, load, settings);
    add_report_findings(files, results);
}
