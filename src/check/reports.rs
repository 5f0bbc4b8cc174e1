//! Narrative reports in the pipeline: a `.docx` or `.txt` read into a
//! [`Narrative`](crate::model::narrative::Narrative) (in the worker, like a workbook),
//! then — once every file of the run is read and the cross-file rules have run — each
//! report matched to a unit of the run and checked against itself and the unit's current
//! tables ([`crate::rules::report`]). The tables are read back in full through a loader,
//! only for the units that have a report: the store keeps light copies only.

use super::{workbook_unit, CheckedFile, FileStatus, Settings};
use crate::diag::{Code, Finding, Message};
use crate::model::narrative::Narrative;
use crate::model::text::org_key;
use crate::model::Table;
use crate::rules::report::{check_report, ReportCtx, ReportUnit, UnitMatcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A report and what it is checked against, as a worker receives it.
#[derive(Debug, Deserialize)]
pub struct ReportJob {
    /// The report's path (for fault injection and logs).
    #[serde(with = "super::raw_path")]
    pub path: PathBuf,
    /// The report as read.
    pub narrative: Narrative,
    /// The unit it was matched to, if any.
    pub unit: Option<String>,
    /// The unit's current tables.
    pub tables: Vec<Table>,
    /// Which of them the report's own file holds (Word tables around which the report is
    /// written, templates.md §9), by index.
    pub own: Vec<usize>,
}

/// [`ReportJob`] as the parent sends it, borrowing (the same postcard layout).
#[derive(Debug, Serialize)]
pub struct ReportJobRef<'a> {
    /// The report's path.
    #[serde(with = "super::raw_path")]
    pub path: &'a Path,
    /// The report as read.
    pub narrative: &'a Narrative,
    /// The unit it was matched to, if any.
    pub unit: Option<&'a str>,
    /// The unit's current tables.
    pub tables: Vec<&'a Table>,
    /// Which of them the report's own file holds, by index.
    pub own: Vec<usize>,
}

/// Checks a report against its unit's tables (in a worker, or in process for the
/// library's `check_all`). A panic costs this report only.
pub fn check_job(job: &ReportJob, settings: &Settings) -> Vec<Finding> {
    let run = std::panic::AssertUnwindSafe(|| {
        let unit = job.unit.as_ref().map(|name| ReportUnit {
            name: name.clone(),
            tables: job.tables.iter().collect(),
            own: job.own.clone(),
        });
        let ctx = ReportCtx::new(&job.narrative, unit.as_ref(), &settings.policy);
        check_report(&ctx)
    });
    match std::panic::catch_unwind(run) {
        Ok(findings) => super::cap::cap(findings),
        Err(_) => vec![Finding::new(
            Code::FileUnreadable,
            Message::new(
                "检查此报告时程序内部出错（已跳过此文件，其他文件不受影响）；请将此文件报告给软件维护人员",
                "internal error while checking this report (the file was passed over); please report this file to the maintainers",
            ),
        )],
    }
}

/// How a report is checked: in a worker (the run) or in process (tests, the library).
pub type Runner<'r> = &'r (dyn Fn(&ReportJobRef<'_>) -> Result<Vec<Finding>, Message> + Sync);

/// Checks a job in this process (through the same serde round trip a worker makes, so
/// both paths check the same data).
pub fn run_in_process(
    job: &ReportJobRef<'_>,
    settings: &Settings,
) -> Result<Vec<Finding>, Message> {
    let bytes =
        postcard::to_allocvec(job).map_err(|e| Message::new(e.to_string(), e.to_string()))?;
    let job: ReportJob =
        postcard::from_bytes(&bytes).map_err(|e| Message::new(e.to_string(), e.to_string()))?;
    Ok(check_job(&job, settings))
}

/// Reads a report's bytes into a checked file (unreadable with its message when the
/// document cannot be read).
pub fn read_report(path: &Path, bytes: &[u8]) -> CheckedFile {
    let read = std::panic::catch_unwind(|| crate::read::narrative::read(path, bytes));
    let narrative = match read {
        Ok(Ok(n)) => n,
        Ok(Err(message)) => return super::unreadable(path, message),
        Err(_) => return super::read_panicked(path, "报告", "report"),
    };
    // A note beside the tables (`说明.txt`) has nothing a report check could read.
    if narrative.headings.is_empty() && narrative.figures.is_empty() {
        return super::skipped(path, crate::read::walk::SkipReason::NotReport);
    }
    let mut file = super::unreadable(path, crate::diag::Message::new("", ""));
    file.status = FileStatus::Ok;
    file.findings.clear();
    if narrative.clipped > 0 {
        file.findings
            .push(super::clipped_paragraphs(narrative.clipped));
    }
    file.hash = Some(*blake3::hash(bytes).as_bytes());
    file.narrative = Some(narrative);
    file
}

/// A unit of the run as the reports see it: its name, the other names its workbooks give
/// it (in a workspace, a unit is shown under its roster name; its report may use the
/// alias its tables use), and its current tables, by (file, table) index.
struct RunUnit {
    /// The grouping key (`org_key` of the name): the units are in its order.
    key: String,
    name: String,
    spellings: Vec<String>,
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
            key: org_key(&name),
            name: name.clone(),
            spellings: Vec::new(),
            tables: Vec::new(),
        });
        let own = super::own_unit(f);
        let known =
            |k: &String| *k == org_key(&name) || unit.spellings.iter().any(|s| org_key(s) == *k);
        if !known(&org_key(&own)) {
            unit.spellings.push(own);
        }
        for (ti, t) in f.tables.iter().enumerate() {
            let superseded = t.findings.iter().any(|x| x.code == Code::TableDuplicate);
            if !t.table.blank && !superseded {
                unit.tables.push((fi, ti));
            }
        }
    }
    by_key.into_values().collect()
}

/// The units' names and spellings in one matcher, each pattern mapped back to its unit.
struct Matcher {
    inner: UnitMatcher,
    owner: Vec<usize>,
}

impl Matcher {
    fn new(units: &[RunUnit]) -> Self {
        let mut names: Vec<&str> = Vec::new();
        let mut owner = Vec::new();
        for (i, u) in units.iter().enumerate() {
            for n in std::iter::once(&u.name).chain(&u.spellings) {
                names.push(n);
                owner.push(i);
            }
        }
        Matcher {
            inner: UnitMatcher::new(&names),
            owner,
        }
    }

    /// The unit (index into the units) a report names.
    fn find(&self, n: &Narrative, path_parts: &[String]) -> Option<usize> {
        let pattern = self.inner.find(n, path_parts)?;
        self.owner.get(pattern).copied()
    }
}

/// The unit a report belongs to: the one it names (title, signature, path), else, for a
/// document holding tables of its own (Word tables, Excel objects), the unit of those
/// tables: a report with its table inside is that unit's even when its text names none.
fn unit_of(
    units: &[RunUnit],
    matcher: &Matcher,
    file: &CheckedFile,
    n: &Narrative,
) -> Option<usize> {
    if let Some(u) = matcher.find(n, &path_parts(&file.path)) {
        return Some(u);
    }
    if file.tables.is_empty() {
        return None;
    }
    let key = org_key(&workbook_unit(file));
    units.binary_search_by(|u| u.key.as_str().cmp(&key)).ok()
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

/// The findings of one report and the unit it was matched to. The unit's tables are
/// loaded once for all the reports of that unit (`tables`, keyed by unit index).
fn check_one(
    files: &[CheckedFile],
    units: &[RunUnit],
    matcher: &Matcher,
    ri: usize,
    cache: &mut Option<(usize, BTreeMap<usize, CheckedFile>)>,
    load: &dyn Fn(usize) -> Option<CheckedFile>,
    run: Runner<'_>,
) -> Option<(Option<String>, Vec<Finding>)> {
    let report = load(ri)?;
    let narrative = report.narrative.as_ref()?;
    let matched = unit_of(units, matcher, &files[ri], narrative);
    let unit = matched.and_then(|i| Some((i, units.get(i)?)));
    if let Some((ui, u)) = unit {
        if cache.as_ref().is_none_or(|(k, _)| *k != ui) {
            // One unit's files at a time: the previous unit's are dropped first.
            *cache = None;
            let mut loaded = BTreeMap::new();
            for &(fi, _) in &u.tables {
                if let std::collections::btree_map::Entry::Vacant(e) = loaded.entry(fi) {
                    e.insert(load(fi)?);
                }
            }
            *cache = Some((ui, loaded));
        }
    }
    let (mut tables, mut own) = (Vec::new(), Vec::new());
    if let (Some((_, u)), Some((_, loaded))) = (unit, cache.as_ref()) {
        for &(fi, ti) in &u.tables {
            if let Some(t) = loaded.get(&fi).and_then(|f| f.tables.get(ti)) {
                if fi == ri {
                    own.push(tables.len());
                }
                tables.push(&t.table);
            }
        }
    }
    let job = ReportJobRef {
        path: &files[ri].path,
        narrative,
        unit: unit.map(|(_, u)| u.name.as_str()),
        tables,
        own,
    };
    let findings = run(&job).unwrap_or_else(|m| vec![Finding::new(Code::FileUnreadable, m)]);
    Some((unit.map(|(_, u)| u.name.clone()), findings))
}

/// `file-clipped` for a report of a unit that has more than `max` reports.
fn too_many_reports(max: usize) -> Finding {
    Finding::new(
        Code::FileClipped,
        Message::new(
            format!("本单位的自评报告超过 {max} 份，此报告未检查；请只保留最新的一份"),
            format!("the unit has more than {max} reports: this one was not checked; keep only the latest"),
        ),
    )
}

/// What the report checks found for one report: its file index, its unit and its findings.
pub type ReportResult = (usize, Option<String>, Vec<Finding>);

/// Matches and checks every narrative report of the run in this process; `load(i)` gives
/// file `i` in full. Reads only: [`add_report_findings`] puts the results on the files.
pub fn report_findings(
    files: &[CheckedFile],
    load: &dyn Fn(usize) -> Option<CheckedFile>,
    settings: &Settings,
) -> Vec<ReportResult> {
    report_findings_with(files, load, &|job| run_in_process(job, settings))
}

/// [`report_findings`] with the checks run by `run` (the run passes its worker pool).
/// Reports are taken unit by unit, so each unit's tables are loaded once.
pub fn report_findings_with(
    files: &[CheckedFile],
    load: &dyn Fn(usize) -> Option<CheckedFile>,
    run: Runner<'_>,
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
    let matcher = Matcher::new(&units);
    // Reports in the order of their units, so that each unit's tables are loaded once
    // (the match is cheap; it is made again in check_one on the report as loaded).
    let mut order: Vec<(Option<usize>, usize)> = reports
        .into_iter()
        .map(|ri| {
            let unit =
                load(ri).and_then(|r| unit_of(&units, &matcher, &files[ri], r.narrative.as_ref()?));
            (unit, ri)
        })
        .collect();
    order.sort();
    let mut cache = None;
    let mut per_unit: BTreeMap<usize, usize> = BTreeMap::new();
    let max = crate::decode::limits::MAX_REPORTS_PER_UNIT;
    order
        .into_iter()
        .filter_map(|(unit, ri)| {
            // Each report is checked against its unit's tables: past the bound, more
            // copies of one unit's report would cost reports × tables.
            if let Some(u) = unit {
                let n = per_unit.entry(u).or_default();
                *n += 1;
                if *n > max {
                    let name = units.get(u).map(|u| u.name.clone());
                    return Some((ri, name, vec![too_many_reports(max)]));
                }
            }
            let (unit, findings) = check_one(files, &units, &matcher, ri, &mut cache, load, run)?;
            Some((ri, unit, findings))
        })
        .collect()
}

/// Each report's findings join its file's, its status is refreshed, and its unit is
/// recorded.
pub fn add_report_findings(files: &mut [CheckedFile], results: Vec<ReportResult>) {
    for (ri, unit, findings) in results {
        if let Some(file) = files.get_mut(ri) {
            // A report whose check overran its worker's limits is unreadable, as a file
            // whose reading did.
            if findings.iter().any(|f| f.code == Code::FileUnreadable) {
                file.status = FileStatus::Unreadable;
            }
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
