//! Aggregation: groups the checked tables of a run into units (预算单位) and adds up what
//! the bureau's summary shows per unit. Works on the light per-table figures only.
//!
//! Two rules keep 汇总 whole and honest: every unit appears, also one whose only file could
//! not be read (its file is *lost*: attached to the unit its file or folder name names, or
//! a unit of its own), and a table carrying a `table-duplicate` finding is an older copy
//! (*superseded*), left out of the unit's tables, money, scores and grades. Findings are
//! counted over every file of the unit, so the units' errors and warnings add up to the
//! console's closing line.

use crate::check::{CheckedFile, CheckedTable, FileStatus};
use crate::diag::FindingCounts;
use crate::model::{checked, FundRole, Grade, TableKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

use crate::model::text::org_key;

pub mod campaign;
pub mod identity;
mod money;
pub mod previous;
mod record;

#[cfg(test)]
pub use record::plain as plain_records;
pub use record::{for_each_counted, with_view as records, UnitRecord, UnitStatus};

pub use crate::check::workbook_unit;
pub use crate::store::TableIndex;
pub use money::Money;

/// One unit of the run with the tables that belong to it.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// The name shown: its department table's spelling, else the first spelling met (input
    /// order).
    pub name: String,
    /// Its tables that count, in input order.
    pub tables: Vec<TableIndex>,
    /// Its tables that do not count (older copies, other years' tables), in input order:
    /// listed for the officer, counted nowhere.
    pub left_out: Vec<TableIndex>,
    /// Indices of its files that gave no table (unreadable, or read without a table), in
    /// input order: their findings count for the unit.
    pub lost: Vec<usize>,
    /// Indices of its narrative reports (自评报告) that were read, in input order: their
    /// findings count for the unit too.
    pub reports: Vec<usize>,
}

/// A grouping of files into units that files without tables can be attached to: the
/// 汇总's units, the return workbooks' and the documents' share one rule for it.
pub trait Attach: Sized {
    /// The unit's name.
    fn name(&self) -> &str;
    /// Adds file `i`: a narrative report when `report`, else a file that gave no table.
    fn attach(&mut self, i: usize, report: bool);
    /// A unit of its own for file `i`, named `name`.
    fn of_file(name: String, i: usize, report: bool) -> Self;
    /// Whether file `i` is one of the unit's (a table's, a lost file or a report).
    fn holds(&self, i: usize) -> bool;
}

impl Attach for Unit {
    fn name(&self) -> &str {
        &self.name
    }
    fn attach(&mut self, i: usize, report: bool) {
        if report {
            self.reports.push(i);
        } else {
            self.lost.push(i);
        }
    }
    fn of_file(name: String, i: usize, report: bool) -> Self {
        let mut u = Unit {
            name,
            ..Unit::default()
        };
        u.attach(i, report);
        u
    }
    fn holds(&self, i: usize) -> bool {
        let tables = self.tables.iter().chain(&self.left_out);
        let others = self.lost.iter().chain(&self.reports).copied();
        tables.map(|t| t.0).chain(others).any(|f| f == i)
    }
}

/// Whether a file is a narrative report that was read (an unreadable one is lost).
pub fn is_read_report(f: &CheckedFile) -> bool {
    f.is_report() && !matches!(f.status, FileStatus::Unreadable | FileStatus::Skipped)
}

/// Attaches to `out` every read report and every file `lost` picks: a report to the unit
/// it was matched to (a lost file to the roster unit a workspace matched it to); otherwise
/// to the first unit whose key its file stem or folder name contains; otherwise to a unit
/// of its own under that matched unit's name or its file stem, so that the sender learns
/// of the file.
pub fn attach_files<U: Attach>(
    files: &[CheckedFile],
    out: &mut Vec<U>,
    lost: fn(&CheckedFile) -> bool,
) {
    for (i, f) in files.iter().enumerate() {
        let report = is_read_report(f);
        if !report && !lost(f) {
            continue;
        }
        let matched = f.unit.as_deref().map(org_key);
        let found = matched
            .and_then(|k| out.iter().position(|u| org_key(u.name()) == k))
            .or_else(|| named_by_path(f, out))
            .or_else(|| sender_of_archive(files, i, out));
        match found {
            Some(u) => out[u].attach(i, report),
            None => {
                // The roster unit a workspace matched it to; else a unit of its own (an
                // archive's entry named after the archive).
                let stem = || crate::check::archive::unit_stem(&f.path);
                let name = f.unit.clone().or_else(stem);
                out.push(U::of_file(
                    name.unwrap_or_else(|| "未命名".to_string()),
                    i,
                    report,
                ));
            }
        }
    }
}

/// For an archive's entry named after no unit, the unit its archive's other entries
/// belong to (the first in input order): a unit's `报送材料.zip` is one sending, and its
/// entry that could not be read (a password, a compression method not supported) is
/// that unit's to send again, not a unit of its own named after the archive.
fn sender_of_archive<U: Attach>(files: &[CheckedFile], i: usize, out: &[U]) -> Option<usize> {
    let archive = |p: &std::path::Path| {
        let p = p.to_string_lossy();
        let sep = crate::check::archive::SEPARATOR;
        p.split_once(sep).map(|(a, _)| a.to_string())
    };
    let own = archive(&files[i].path)?;
    let siblings = files
        .iter()
        .enumerate()
        .filter(|(j, g)| *j != i && archive(&g.path).as_deref() == Some(own.as_str()));
    siblings
        .map(|(j, _)| j)
        .find_map(|j| out.iter().position(|u| u.holds(j)))
}

/// The unit with the longest key the file's stem or folder name contains (the first such
/// unit on a tie).
fn named_by_path<U: Attach>(f: &CheckedFile, out: &[U]) -> Option<usize> {
    let stem = f.path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folder = f.path.parent().and_then(std::path::Path::file_name);
    let folder = folder.map(|s| s.to_string_lossy().into_owned());
    let keys: Vec<String> = [stem, folder]
        .into_iter()
        .flatten()
        .map(|s| org_key(&s))
        .collect();
    // The longest name wins: a file named 永登县交通运输局第1服务中心（补充） is the
    // 服务中心's, not 永登县交通运输局's, whose name is only its prefix.
    let named = out.iter().enumerate().filter_map(|(i, u)| {
        let k = org_key(u.name());
        let hit = !k.is_empty() && keys.iter().any(|s| s.contains(&k));
        hit.then_some((k.chars().count(), std::cmp::Reverse(i)))
    });
    named.max().map(|(_, std::cmp::Reverse(i))| i)
}

/// Whether a table does not count: an older copy replaced by a resubmission, or another
/// year's table (campaign.md §4; decided once, in `check::apply_cross`).
pub fn is_superseded(t: &CheckedTable) -> bool {
    !t.counts_in_run()
}

/// Whether a file gave its unit nothing to review but must still be counted: it has no
/// table and could not be read, was read without a table, or carries an error or warning.
/// A file passed over (a lock file, a text file) with only its information finding is no
/// unit's.
pub fn is_lost(f: &CheckedFile) -> bool {
    // A file of declarations is the bureau's (templates.md §8): its findings are no unit's.
    if !f.tables.is_empty()
        || is_read_report(f)
        || !f.standing.counts()
        || !f.declarations.is_empty()
    {
        return false;
    }
    matches!(f.status, FileStatus::Unreadable | FileStatus::Invalid) || f.counts().total() > 0
}

/// Groups every table of the run into units, in name order. A workbook's tables form one
/// unit; workbooks whose unit names normalise equal join it. A file without tables that
/// [`is_lost`] joins the unit whose name its file stem or folder contains, else forms a
/// unit of its own under its file stem (the same rule the return workbooks follow).
pub fn units(files: &[CheckedFile]) -> Vec<Unit> {
    let mut by_key: BTreeMap<String, Unit> = BTreeMap::new();
    for (fi, f) in files.iter().enumerate() {
        if f.tables.is_empty() {
            continue;
        }
        let name = workbook_unit(f);
        let unit = by_key.entry(org_key(&name)).or_insert_with(|| Unit {
            name: name.clone(),
            ..Unit::default()
        });
        // The name shown is the department table's spelling when the unit has one (its own
        // declaration), else the first spelling met: a project file read first must not
        // give 汇总 its 实施单位's spaces or bracket form.
        let named_by_dept = unit.tables.iter().chain(&unit.left_out);
        if has_department(f) && !named_by_dept.clone().any(|t| has_department(&files[t.0])) {
            unit.name = name;
        }
        for (ti, t) in f.tables.iter().enumerate() {
            if f.standing.counts() && t.counts_in_run() {
                unit.tables.push((fi, ti));
            } else {
                unit.left_out.push((fi, ti));
            }
        }
    }
    let mut out: Vec<Unit> = by_key.into_values().collect();
    attach_files(files, &mut out, is_lost);
    out.sort_by_cached_key(|u| org_key(&u.name));
    out
}

/// Whether a file holds a department table with a name (what [`workbook_unit`] names its
/// unit by first).
fn has_department(f: &CheckedFile) -> bool {
    f.tables
        .iter()
        .any(|t| t.table.kind == TableKind::Department && !t.table.name.is_empty())
}

/// Settles the files that could not be read (campaign.md §4): such a file stops counting
/// as soon as a later file of its unit was received (modification time in a plain run,
/// first sight in a workspace; ties by path), so that a unit that sent a good file is not
/// asked to send the broken one again. Its findings stay visible to the officer. With
/// `reports_replace` (a workspace) a unit's earlier narrative reports stop counting too.
pub fn settle(files: &mut [CheckedFile], reports_replace: bool) {
    let mut replaced: Vec<(usize, String)> = Vec::new();
    for unit in units(files) {
        if reports_replace {
            replaced.extend(older_reports(files, &unit));
        }
        let received = |i: usize| {
            let f = &files[i];
            (f.modified, f.path.as_os_str().as_encoded_bytes())
        };
        let latest = unit
            .tables
            .iter()
            .map(|t| t.0)
            .max_by(|a, b| received(*a).cmp(&received(*b)));
        let Some(latest) = latest else { continue };
        for &i in &unit.lost {
            // Only a file that could not be read is replaced by a later file; a report in a
            // format not read stays its unit's to answer.
            let unread = matches!(
                files[i].status,
                FileStatus::Unreadable | FileStatus::Invalid
            );
            if unread && received(i) < received(latest) {
                replaced.push((i, files[latest].path.display().to_string()));
            }
        }
    }
    for (i, by) in replaced {
        files[i].standing = crate::model::Standing::Superseded(by);
    }
}

/// A unit's narrative reports received before its last one, each with the path of that
/// last one. A report is read as the unit's whole report (every table of the unit is looked
/// for in it), so a corrected report replaces the one it corrects, as a later copy of a
/// table does (campaign.md §4): the older report's problems are then fixed, not remaining.
fn older_reports(files: &[CheckedFile], unit: &Unit) -> Vec<(usize, String)> {
    let received = |i: usize| {
        let f = &files[i];
        (f.modified, f.path.as_os_str().as_encoded_bytes())
    };
    let latest = unit
        .reports
        .iter()
        .copied()
        .max_by(|a, b| received(*a).cmp(&received(*b)));
    let Some(latest) = latest else {
        return Vec::new();
    };
    let by = files[latest].path.display().to_string();
    unit.reports
        .iter()
        .filter(|&&i| i != latest)
        .map(|&i| (i, by.clone()))
        .collect()
}

/// Whether a file could not be read at all (unreadable or not a workbook) and gave no
/// table: what the return workbooks and letters tell the unit to send again.
pub fn is_unread(f: &CheckedFile) -> bool {
    f.tables.is_empty()
        && f.standing.counts()
        && !is_read_report(f)
        && (matches!(f.status, FileStatus::Unreadable | FileStatus::Invalid)
            || crate::check::formats::is_unsupported_report(f))
}

/// The units as the return workbooks and the documents see them: the 汇总's units with,
/// for each file that [`is_unread`], the unit whose name its file stem (or folder) names;
/// a file matching no unit forms a unit of its own under its file stem, so that the sender
/// learns the file must be sent again. Reports are attached as in [`units`].
pub fn units_to_answer(files: &[CheckedFile], units: &[Unit]) -> Vec<Unit> {
    let mut out: Vec<Unit> = units
        .iter()
        .map(|u| Unit {
            name: u.name.clone(),
            tables: u.tables.clone(),
            left_out: u.left_out.clone(),
            lost: Vec::new(),
            reports: Vec::new(),
        })
        .collect();
    attach_files(files, &mut out, is_unread);
    out
}

/// The indices of a unit's files (those of its tables, its lost files and its reports),
/// each once, in
/// input order.
pub fn unit_files(unit: &Unit) -> Vec<usize> {
    let mut v: Vec<usize> = unit.tables.iter().map(|t| t.0).collect();
    v.extend(unit.left_out.iter().map(|t| t.0));
    v.extend(&unit.lost);
    v.extend(&unit.reports);
    v.sort_unstable();
    v.dedup();
    v
}

/// The per-unit figures of the 汇总 sheet. Superseded tables are left out of every figure
/// but the finding counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitFigures {
    /// Count of counted tables by kind (department, project, transfer).
    pub kinds: [usize; 3],
    /// 全年预算数 and 全年执行数 of 年度资金总额; each `None` without a counted table, or
    /// when its sum overflows.
    pub money: Money,
    /// Mean stated total over the counted tables that state one.
    pub mean_stated: Option<Decimal>,
    /// Mean reviewed total over the counted tables.
    pub mean_reviewed: Option<Decimal>,
    /// Count of reviewed grades 优, 良, 中, 差 of the counted tables.
    pub grades: [usize; 4],
    /// Error and warning findings that count over the unit's files and their counting
    /// tables.
    pub counts: FindingCounts,
    /// Tables left out: older copies and other years' tables.
    pub superseded: usize,
    /// Counting tables left unfilled (`table-blank`): counted, never graded or averaged.
    pub blank: usize,
    /// Files of the unit that gave no table.
    pub lost: usize,
}

impl UnitFigures {
    /// Tables counted in the figures (all kinds).
    pub fn counted(&self) -> usize {
        self.kinds.iter().sum()
    }
}

fn kind_index(k: TableKind) -> usize {
    match k {
        TableKind::Department => 0,
        TableKind::Project => 1,
        TableKind::Transfer => 2,
    }
}

/// The tables of a unit that count in 汇总 (superseded copies left out).
pub fn counted_tables<'f>(files: &'f [CheckedFile], unit: &Unit) -> Vec<&'f CheckedTable> {
    unit.tables
        .iter()
        .filter_map(|&(f, t)| files.get(f).and_then(|x| x.tables.get(t)))
        .collect()
}

/// The figures of a unit. The money is its department tables' 年度资金总额 when it has any
/// (the whole budget), otherwise the sum over its project and transfer tables.
pub fn unit_figures(files: &[CheckedFile], unit: &Unit) -> UnitFigures {
    let tables = counted_tables(files, unit);
    let mut u = UnitFigures {
        superseded: unit.left_out.len(),
        lost: unit.lost.len(),
        blank: tables.iter().filter(|t| t.table.blank).count(),
        ..UnitFigures::default()
    };
    for fi in unit_files(unit) {
        if let Some(f) = files.get(fi) {
            u.counts += f.counted_counts();
        }
    }
    if tables.is_empty() {
        return u;
    }
    let has_dept = tables.iter().any(|t| t.table.kind == TableKind::Department);
    let money: Vec<&CheckedTable> = tables
        .iter()
        .copied()
        .filter(|t| !has_dept || t.table.kind == TableKind::Department)
        .collect();
    let totals = money
        .iter()
        .filter_map(|t| t.table.funds.row(FundRole::Total));
    let totals: Vec<_> = totals.collect();
    u.money = Money {
        budget: checked::sum(totals.iter().map(|r| r.budget.value.unwrap_or_default())),
        executed: checked::sum(totals.iter().map(|r| r.executed.value.unwrap_or_default())),
    };
    // A blank table is counted as a table but never graded or averaged.
    let graded: Vec<&CheckedTable> = tables.iter().copied().filter(|t| t.is_graded()).collect();
    let stated: Vec<Decimal> = graded
        .iter()
        .filter_map(|t| t.table.total.score.value)
        .collect();
    u.mean_stated = mean_2dp(&stated);
    let reviewed: Vec<Decimal> = graded.iter().map(|t| t.review.total).collect();
    u.mean_reviewed = mean_2dp(&reviewed);
    for t in &tables {
        u.kinds[kind_index(t.table.kind)] += 1;
    }
    for t in &graded {
        let gi = Grade::ALL
            .iter()
            .position(|g| *g == t.review.grade)
            .unwrap_or(3);
        u.grades[gi] += 1;
    }
    u
}

/// The mean rounded to 2 dp (half away from zero); `None` for no values or an overflow.
fn mean_2dp(v: &[Decimal]) -> Option<Decimal> {
    if v.is_empty() {
        return None;
    }
    let m = checked::sum(v.iter().copied())?.checked_div(Decimal::from(v.len() as u64))?;
    Some(m.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// The year the run's tables are for: the year most counted tables state (ties: the later
/// year); `None` when no counted table states one.
pub fn run_year(files: &[CheckedFile]) -> Option<i32> {
    let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
    let years = files
        .iter()
        .flat_map(|f| &f.tables)
        .filter(|t| !is_superseded(t))
        .filter_map(|t| t.table.year);
    for y in years {
        *by_year.entry(y).or_default() += 1;
    }
    // max_by_key keeps the last maximum: the later year wins a tie.
    by_year.into_iter().max_by_key(|(_, n)| *n).map(|(y, _)| y)
}

/// The unit each file belongs to, by file index: the unit its tables were grouped into;
/// for a file without tables that was not passed over, the unit its own name gives (its
/// file name for an unreadable one, as 汇总 lists it).
pub fn file_units(files: &[CheckedFile]) -> Vec<String> {
    let mut names: Vec<Option<String>> = vec![None; files.len()];
    for u in units(files) {
        for fi in unit_files(&u) {
            if let Some(n) = names.get_mut(fi) {
                n.get_or_insert_with(|| u.name.clone());
            }
        }
    }
    names
        .into_iter()
        .zip(files)
        .map(|(n, f)| match n {
            Some(n) => n,
            None if f.status == crate::check::FileStatus::Skipped => String::new(),
            None => workbook_unit(f),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    /// The example inbox, checked in this process.
    fn inbox() -> Vec<CheckedFile> {
        let inbox = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inbox");
        let inputs = crate::read::walk::walk(std::slice::from_ref(&inbox)).unwrap();
        crate::check::check_all(&inputs, &Default::default())
    }

    #[test]
    fn only_the_older_copy_is_left_out_and_every_finding_is_counted() {
        let mut files = inbox();
        // The spec's semantics: only the older copy carries table-duplicate.
        for f in &mut files {
            if f.path.to_string_lossy().contains("（修改后）") {
                for t in &mut f.tables {
                    t.findings.retain(|x| x.code != Code::TableDuplicate);
                }
            }
        }
        let units = units(&files);
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names.len(), 5, "{names:?}");
        let agri = units
            .iter()
            .find(|u| u.name.contains("农业农村局"))
            .unwrap();
        let u = unit_figures(&files, agri);
        assert_eq!((u.kinds, u.superseded), ([1, 2, 0], 1), "the table once");
        let lost = units
            .iter()
            .find(|u| u.name == "永登县文化和旅游局")
            .unwrap();
        let u = unit_figures(&files, lost);
        assert_eq!((u.counted(), u.lost, u.money.budget), (0, 1, None));
        assert!(u.counts.errors >= 1, "its error counted");
        // Every error and warning of the run lands in exactly one unit.
        let all = crate::check::summarize(&files);
        let figs: Vec<UnitFigures> = units.iter().map(|u| unit_figures(&files, u)).collect();
        let sum = |f: fn(&FindingCounts) -> usize| figs.iter().map(|u| f(&u.counts)).sum::<usize>();
        assert_eq!(sum(|c| c.errors), all.errors);
        assert_eq!(sum(|c| c.warnings), all.warnings);
        assert_eq!(run_year(&files), Some(2021));
    }
}
