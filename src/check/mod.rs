//! Checking: one file from its bytes to its findings (read → review → table rules, under
//! one `catch_unwind`), the cross-file rules over a set of files, and the checked-file
//! types with the file status of rules.md. `check` and `run` both go through here, so they
//! report the same findings for the same inputs.

use crate::diag::{en_count, Code, Finding, FindingCounts, Lang, Message, Severity};
use crate::model::narrative::Narrative;
use crate::model::{Standing, Table, TableKind};
use crate::read::walk::{Input, SkipReason};
use crate::rules;
use crate::score::{self, Policy, Review};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub mod approved;
pub mod archive;
pub mod cap;
pub mod formats;
pub mod reports;
pub mod word;
pub mod worker;

/// What happened to a file, as listed in 文件清单 and report.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Read, and no error findings.
    Ok,
    /// Read, with at least one error finding (or no table).
    Invalid,
    /// Could not be read (corrupt, encrypted, too large, …).
    Unreadable,
    /// Passed over: lock file, hidden file, non-spreadsheet.
    Skipped,
}

impl FileStatus {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Invalid => "invalid",
            FileStatus::Unreadable => "unreadable",
            FileStatus::Skipped => "skipped",
        }
    }

    /// The Chinese name shown in 文件清单.
    pub fn zh(self) -> &'static str {
        match self {
            FileStatus::Ok => "通过",
            FileStatus::Invalid => "有错误",
            FileStatus::Unreadable => "无法读取",
            FileStatus::Skipped => "已跳过",
        }
    }
}

/// One table with its review and every finding on it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckedTable {
    /// The table as stated.
    pub table: Table,
    /// The reviewed figures.
    pub review: Review,
    /// Reading, table and cross-table findings, sorted.
    pub findings: Vec<Finding>,
    /// Whether the table counts in the run (campaign.md §4): set once by [`apply_cross`].
    #[serde(default)]
    pub standing: Standing,
}

impl CheckedTable {
    /// Its error and warning findings counted.
    pub fn counts(&self) -> FindingCounts {
        FindingCounts::of(&self.findings)
    }

    /// Whether the table counts in the run's figures (not an older copy, not another
    /// year's).
    pub fn counts_in_run(&self) -> bool {
        self.standing.counts()
    }

    /// Whether the table is graded and averaged: it counts, is filled in (a blank
    /// table is reported as blank, never scored as 差 with 0 分) and its form scores at all
    /// (the regional transfer form has no 分值 and no 得分: no grade, never 差).
    pub fn is_graded(&self) -> bool {
        self.counts_in_run() && !self.table.blank && !self.table.unscored
    }
}

/// One input file after the pipeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckedFile {
    /// The path as given or found (kept exact, also when it is not UTF-8).
    #[serde(with = "raw_path")]
    pub path: PathBuf,
    /// ok / invalid / unreadable / skipped.
    pub status: FileStatus,
    /// File-level findings.
    pub findings: Vec<Finding>,
    /// Its tables, in sheet order.
    pub tables: Vec<CheckedTable>,
    /// The content hash (blake3) of a file that was read, for `file-duplicate` and `--watch`.
    pub hash: Option<[u8; 32]>,
    /// The file's modification time in whole seconds since 1970 (UTC), when known: of two
    /// copies of a table the one modified last counts (`table-duplicate`).
    #[serde(default)]
    pub modified: Option<i64>,
    /// A narrative report as read (reports.md §3); `None` for a workbook. The light copy
    /// of the store leaves it out.
    #[serde(default)]
    pub narrative: Option<Narrative>,
    /// The unit a narrative report was matched to (after the report checks); in a
    /// workspace, for a workbook the roster unit its unit was matched to (campaign.md §3:
    /// by name, alias or a looser form), for a file that could not be read the roster
    /// unit its file or folder name names; set before the cross-file rules so that the
    /// file joins that unit under the roster's name.
    #[serde(default)]
    pub unit: Option<String>,
    /// Whether the file counts (campaign.md §4): a file all of whose tables are older
    /// copies or another year's, or a file that could not be read and was followed by a
    /// later file of its unit, does not. Set once, by [`apply_cross`] and
    /// `aggregate::settle`.
    #[serde(default)]
    pub standing: Standing,
    /// The approved declarations the workbook holds (templates.md §8), with their
    /// `declaration-*` findings; kept in the light copy (they are small and matching needs
    /// them).
    #[serde(default)]
    pub declarations: Vec<approved::CheckedDeclaration>,
    /// The entries of an archive (templates.md §9), each checked as a file of its own and
    /// listed in its place ([`listed`]); empty for any other file.
    #[serde(default)]
    pub members: Vec<CheckedFile>,
}

impl CheckedFile {
    /// A file known by its path and status only: no finding, table, hash or time yet.
    pub fn bare(path: &Path, status: FileStatus) -> CheckedFile {
        CheckedFile {
            path: path.to_path_buf(),
            status,
            findings: Vec::new(),
            tables: Vec::new(),
            hash: None,
            modified: None,
            narrative: None,
            unit: None,
            standing: Standing::Counts,
            declarations: Vec::new(),
            members: Vec::new(),
        }
    }

    /// A copy without the tables and without the narrative's content (an empty narrative
    /// still marks a report: a Word document with tables is one only when it has one).
    pub fn clone_shallow(&self) -> CheckedFile {
        CheckedFile {
            path: self.path.clone(),
            status: self.status,
            findings: self.findings.clone(),
            tables: Vec::new(),
            hash: self.hash,
            modified: self.modified,
            narrative: self.narrative.as_ref().map(|_| Narrative::default()),
            unit: self.unit.clone(),
            standing: self.standing.clone(),
            declarations: self.declarations.clone(),
            members: Vec::new(),
        }
    }

    /// Whether the file is a narrative report: read as one, or a `.docx` / `.txt` that
    /// could not be read (one passed over as not a report is none).
    pub fn is_report(&self) -> bool {
        self.narrative.is_some()
            || (self.status != FileStatus::Skipped
                && self.tables.is_empty()
                && crate::read::narrative::is_report(&self.path))
    }

    /// Every finding of the file and its tables.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .chain(self.tables.iter().flat_map(|t| t.findings.iter()))
            .chain(self.declarations.iter().flat_map(|d| d.findings.iter()))
    }

    /// Errors and warnings counted over the file and its tables.
    pub fn counts(&self) -> FindingCounts {
        FindingCounts::of(self.all_findings())
    }

    /// The findings that count for the file's unit: none when the file does not count;
    /// else its own and those of its counting tables (an older copy's or another year's
    /// findings are the officer's only, campaign.md §4).
    pub fn counted_findings(&self) -> impl Iterator<Item = &Finding> {
        let counts = self.standing.counts();
        let own = self.findings.iter().filter(move |_| counts);
        let tables = self
            .tables
            .iter()
            .filter(move |t| counts && t.counts_in_run());
        own.chain(tables.flat_map(|t| t.findings.iter()))
    }

    /// Errors and warnings counted over [`CheckedFile::counted_findings`].
    pub fn counted_counts(&self) -> FindingCounts {
        FindingCounts::of(self.counted_findings())
    }

    /// The tables that count in the run, with their index in the file.
    pub fn counted_tables(&self) -> impl Iterator<Item = (usize, &CheckedTable)> {
        let counts = self.standing.counts();
        self.tables
            .iter()
            .enumerate()
            .filter(move |(_, t)| counts && t.counts_in_run())
    }

    /// Recomputes the status from the findings (after cross-table rules added some). While
    /// some of its tables count, one that does not (an older copy, another year's sheet)
    /// decides nothing: the file is `有错误` by its own findings and those of its counting
    /// tables and declarations (campaign.md §4), as 文件清单's counts beside the status
    /// are. A file none of whose tables counts keeps the status of all it holds.
    pub fn update_status(&mut self) {
        if matches!(self.status, FileStatus::Skipped | FileStatus::Unreadable) {
            return;
        }
        let some_count = self.tables.iter().any(|t| t.counts_in_run());
        let tables = self
            .tables
            .iter()
            .filter(|t| !some_count || t.counts_in_run());
        let has_error = self
            .findings
            .iter()
            .chain(tables.flat_map(|t| t.findings.iter()))
            .chain(self.declarations.iter().flat_map(|d| d.findings.iter()))
            .any(|f| f.severity() == Severity::Error);
        self.status = if has_error {
            FileStatus::Invalid
        } else {
            FileStatus::Ok
        };
    }
}

/// Settings of a check or run.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The scoring policy.
    pub policy: Policy,
    /// The year asked for (`--year`), if any.
    pub year: Option<i32>,
    /// The bureau's own settings its documents carry (a workspace's `selfeval.toml`).
    pub office: crate::model::Office,
    /// Approved declarations given beside the inputs (a workspace's 申报表/ folder,
    /// templates.md §8); those found among the inputs are added to them after the read.
    pub declarations: Vec<approved::RunDeclaration>,
    /// The files the officer pinned as the counting copies (a workspace's `pin`, the page's
    /// 以此为准), by their paths in the run; none in a plain run.
    pub pinned: Vec<PathBuf>,
    /// Whether a unit's last narrative report replaces its earlier ones (a workspace, where
    /// "received" is first sight in the history; a plain run keeps every report, its
    /// folder's modification times being no order of receipt for several reports).
    pub reports_replace: bool,
}

/// A file that was passed over.
pub fn skipped(path: &Path, reason: SkipReason) -> CheckedFile {
    let (zh, en) = reason.text();
    CheckedFile {
        findings: vec![Finding::new(Code::FileSkipped, Message::new(zh, en))],
        ..CheckedFile::bare(path, FileStatus::Skipped)
    }
}

/// Reads and checks one workbook's bytes (the single-file part of the pipeline). A panic
/// anywhere in reading, reviewing or the table rules costs this file only: it is listed as
/// unreadable with an internal-error message.
pub fn check_bytes(path: &Path, bytes: &[u8], settings: &Settings) -> CheckedFile {
    let run = std::panic::AssertUnwindSafe(|| check_bytes_inner(path, bytes, settings));
    match std::panic::catch_unwind(run) {
        Ok(file) => file,
        Err(_) => unreadable(
            path,
            Message::new(
                "检查此文件时程序内部出错（已跳过此文件，其他文件不受影响）；请将此文件报告给软件维护人员",
                "internal error while checking this file (the file was passed over, the others are not affected); please report this file to the maintainers",
            ),
        ),
    }
}

/// Reviews read tables and runs the table rules on each (an unfilled table gets its one
/// finding, `table-blank`, and no other).
pub fn checked_tables(read: Vec<crate::read::ReadTable>, settings: &Settings) -> Vec<CheckedTable> {
    let mut tables = Vec::with_capacity(read.len());
    for rt in read {
        let review = score::review(&rt.table, &settings.policy);
        let mut findings = rt.findings;
        if !rt.table.blank {
            // An unfilled table has its one finding (`table-blank`) and no other.
            findings.extend(rules::check_table(&rt.table, &review, &settings.policy));
        }
        settle_subjects(&rt.table, &mut findings);
        let findings = cap::cap(findings);
        tables.push(CheckedTable {
            table: rt.table,
            review,
            findings,
            standing: Standing::Counts,
        });
    }
    tables
}

fn check_bytes_inner(path: &Path, bytes: &[u8], settings: &Settings) -> CheckedFile {
    if crate::read::walk::is_web_page_without_sheet(path, bytes) {
        return skipped(path, SkipReason::WebPage);
    }
    let read = crate::read::read_bytes(bytes);
    let tables = checked_tables(read.tables, settings);
    let status = if read.unreadable || read.findings.iter().any(|f| f.code == Code::FileEncrypted) {
        FileStatus::Unreadable
    } else {
        FileStatus::Ok
    };
    let mut file = CheckedFile {
        findings: cap::cap(read.findings),
        tables,
        hash: Some(*blake3::hash(bytes).as_bytes()),
        declarations: approved::check_declarations(path, read.declarations),
        ..CheckedFile::bare(path, status)
    };
    cap::cap_file(&mut file);
    file.update_status();
    file
}

/// Reads and checks one input (from disk), or lists it as skipped.
pub fn check_input(input: &Input, settings: &Settings) -> CheckedFile {
    if let Some(reason) = input.skip {
        return skipped(&input.path, reason);
    }
    match crate::decode::load::read_input(&input.path) {
        Ok(bytes) if crate::read::archive::opens_as_archive(&input.path, &bytes) => {
            archive::check_archive(&input.path, &bytes, settings)
        }
        Ok(bytes) if crate::read::narrative::is_report(&input.path) => {
            let mut file = word::check_document(&input.path, &bytes, settings);
            file.modified = modified_seconds(&input.path);
            file
        }
        Ok(bytes) => {
            let mut file = check_bytes(&input.path, &bytes, settings);
            file.modified = modified_seconds(&input.path);
            file
        }
        Err(f) => unreadable(&input.path, f),
    }
}

/// The files a checked input is listed as: an archive's entries in its place (templates.md
/// §9), any other file itself.
pub fn listed(file: CheckedFile) -> Vec<CheckedFile> {
    if file.members.is_empty() {
        vec![file]
    } else {
        file.members
    }
}

/// [`listed`] by reference.
pub fn listed_ref(file: &CheckedFile) -> Vec<&CheckedFile> {
    if file.members.is_empty() {
        vec![file]
    } else {
        file.members.iter().collect()
    }
}

/// A file's modification time in whole seconds since 1970: whole seconds, because copies
/// made in one go (an archive unpacked, a folder copied) differ by fractions of a second
/// that say nothing about which is newer; such ties go to path order.
pub fn modified_seconds(path: &Path) -> Option<i64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok(),
        Err(e) => i64::try_from(e.duration().as_secs()).ok().map(|s| -s),
    }
}

/// Checks every input in parallel and applies the cross-file rules; the result is in
/// input order whatever the thread count.
pub fn check_all(inputs: &[Input], settings: &Settings) -> Vec<CheckedFile> {
    let mut files: Vec<CheckedFile> = inputs
        .par_iter()
        .map(|i| check_input(i, settings))
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(listed)
        .collect();
    apply_cross(&mut files, settings);
    let full = files.clone();
    reports::apply_reports(&mut files, &|i| full.get(i).cloned(), settings);
    let decls = approved::run_declarations(&settings.declarations, &files);
    let results = approved::approved_findings(&files, &|i| full.get(i).cloned(), &decls, settings);
    approved::add_approved_findings(&mut files, results);
    formats::format_findings(&mut files);
    files
}

/// Applies the rules across files (`rules::cross`: `file-duplicate`, then the table rules);
/// then sorts findings and refreshes every status.
pub fn apply_cross(files: &mut [CheckedFile], settings: &Settings) {
    // The rules name the other copy of a file or table in their messages, which reach the
    // units' letters: by its path below the folder all the run's files share (the inbox,
    // most often), not by the folder the command was run from. Every path loses the same
    // prefix, so their order (a tie's later path counts) is unchanged.
    let root = common_folder(files);
    let shown = |f: &CheckedFile| f.path.strip_prefix(&root).unwrap_or(&f.path).to_path_buf();
    let paths: Vec<PathBuf> = files.iter().map(shown).collect();
    apply_file_rules(files, &paths);
    apply_table_rules(files, &paths, settings);
    for f in files.iter_mut() {
        f.standing = file_standing(f);
    }
    for f in files.iter_mut() {
        for t in f.tables.iter_mut() {
            t.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
        f.update_status();
    }
}

/// `file-duplicate` over the files, each shown by its path in `paths`.
fn apply_file_rules(files: &mut [CheckedFile], paths: &[PathBuf]) {
    let list: Vec<rules::cross::CrossFile<'_>> = files
        .iter()
        .zip(paths)
        .map(|(f, p)| (p.as_path(), f.hash))
        .collect();
    for (i, finding) in rules::cross::check_files(&list) {
        files[i].findings.push(finding);
    }
}

/// The cross-table rules over the tables that are not blank: their findings, and the
/// tables they leave out of the count.
fn apply_table_rules(files: &mut [CheckedFile], paths: &[PathBuf], settings: &Settings) {
    // Blank tables take part in no cross-table rule.
    let index: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| f.tables.iter().enumerate().map(move |(ti, t)| (fi, ti, t)))
        .filter(|(_, _, t)| !t.table.blank)
        .map(|(fi, ti, _)| (fi, ti))
        .collect();
    let inputs: Vec<rules::cross::CrossTable<'_>> = index
        .iter()
        .map(|&(fi, ti)| (fi, paths[fi].as_path(), &files[fi].tables[ti].table))
        .collect();
    let modified: Vec<Option<i64>> = files.iter().map(|f| f.modified).collect();
    let pins: HashSet<&Path> = settings.pinned.iter().map(PathBuf::as_path).collect();
    let pinned: Vec<bool> = files
        .iter()
        .map(|f| pins.contains(f.path.as_path()))
        .collect();
    // The roster unit a workspace matched each workbook to: copies under an old name or
    // an alias are copies of the same unit's tables.
    let units: Vec<Option<String>> = files
        .iter()
        .map(|f| {
            f.unit
                .as_deref()
                .filter(|_| !f.tables.is_empty())
                .map(crate::model::text::org_key)
        })
        .collect();
    let ctx = rules::cross::CrossCtx {
        tables: &inputs,
        modified: &modified,
        pinned: &pinned,
        units: &units,
        year: settings.year,
        policy: &settings.policy,
    };
    let cross = rules::cross::check_cross_ctx(&ctx);
    let left = rules::cross::left_out(&ctx);
    for (k, mut finding) in cross {
        if let Some(&(fi, ti)) = index.get(k) {
            let t = &mut files[fi].tables[ti];
            settle_subjects(&t.table, std::slice::from_mut(&mut finding));
            t.findings.push(finding);
        }
    }
    for (k, standing) in left {
        if let Some(&(fi, ti)) = index.get(k) {
            files[fi].tables[ti].standing = standing;
        }
    }
}

/// The deepest folder every file's path lies in (empty when they share none).
fn common_folder(files: &[CheckedFile]) -> PathBuf {
    let mut paths = files.iter().map(|f| f.path.as_path());
    let Some(first) = paths.next() else {
        return PathBuf::new();
    };
    let mut root = first.parent().map(Path::to_path_buf).unwrap_or_default();
    for p in paths {
        while !p.starts_with(&root) {
            match root.parent() {
                Some(up) => root = up.to_path_buf(),
                None => return PathBuf::new(),
            }
        }
    }
    root
}

/// Sets the subject of every finding of a table that has none yet, while the table is
/// whole (the light copies of a run keep no indicator rows): what its identity across runs
/// is built from (campaign.md §10).
pub fn settle_subjects(t: &Table, findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.subject.is_none()) {
        let s = f
            .cell
            .map_or_else(|| "-".to_string(), |c| crate::model::subject::subject(t, c));
        f.subject = Some(s);
    }
}

/// A file with tables none of which counts does not count either: superseded when any
/// of its tables is an older copy (by the first such table's winner), else another year's.
fn file_standing(f: &CheckedFile) -> Standing {
    if f.tables.is_empty() || f.tables.iter().any(|t| t.counts_in_run()) {
        return Standing::Counts;
    }
    let superseded = f
        .tables
        .iter()
        .find(|t| matches!(t.standing, Standing::Superseded(_)));
    superseded.unwrap_or(&f.tables[0]).standing.clone()
}

/// The unit a workbook belongs to: the roster unit a workspace matched it to, else its
/// department table's name, else the first table's unit (实施单位 / 资金使用单位), else its
/// 主管部门, else the file name.
pub fn workbook_unit(file: &CheckedFile) -> String {
    match &file.unit {
        Some(u) if !file.tables.is_empty() && !u.is_empty() => return u.clone(),
        _ => {}
    }
    own_unit(file)
}

/// The unit a workbook's own tables name ([`workbook_unit`] without the roster).
pub fn own_unit(file: &CheckedFile) -> String {
    let dept = file
        .tables
        .iter()
        .find(|t| t.table.kind == TableKind::Department && !t.table.name.is_empty());
    if let Some(t) = dept {
        return t.table.name.text.clone();
    }
    for t in &file.tables {
        if !t.table.unit.is_empty() {
            return t.table.unit.text.clone();
        }
        if !t.table.department.is_empty() {
            return t.table.department.text.clone();
        }
    }
    file.path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Totals over a set of files: the one count every output shows (reports.md "One
/// count"): tables and findings of what counts only (campaign.md §4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files listed (including skipped).
    pub files: usize,
    /// Tables that count (older copies and other years' tables left out).
    pub tables: usize,
    /// Error findings that count.
    pub errors: usize,
    /// Warning findings that count.
    pub warnings: usize,
    /// Info findings that count.
    pub infos: usize,
    /// Tables read that do not count: older copies and other years' tables.
    pub not_counted: usize,
}

impl Summary {
    /// The counts as the closing lines say them (`11 个文件、21 张表（另有 2 张…）：24 个错误，
    /// 26 个警告`), with the notes when `notes`: one wording for `check` and `run`.
    pub fn describe(&self, lang: Lang, notes: bool) -> String {
        let s = self;
        match lang {
            Lang::Zh => {
                let left = match s.not_counted {
                    0 => String::new(),
                    n => format!("（另有 {n} 张旧副本或非本年度表格未计入）"),
                };
                let infos = match notes {
                    true => format!("，{} 个提示", s.infos),
                    false => String::new(),
                };
                let (f, t, e, w) = (s.files, s.tables, s.errors, s.warnings);
                format!("{f} 个文件、{t} 张表{left}：{e} 个错误，{w} 个警告{infos}")
            }
            Lang::En => {
                let left = match s.not_counted {
                    0 => String::new(),
                    n => format!(
                        " ({} not counted)",
                        en_count(n, "older or other-year table")
                    ),
                };
                let infos = match notes {
                    true => format!(", {}", en_count(s.infos, "note")),
                    false => String::new(),
                };
                let (f, t) = (en_count(s.files, "file"), en_count(s.tables, "table"));
                let (e, w) = (en_count(s.errors, "error"), en_count(s.warnings, "warning"));
                format!("{f}, {t}{left}: {e}, {w}{infos}")
            }
        }
    }
}

/// Counts files, counting tables and counting findings.
pub fn summarize(files: &[CheckedFile]) -> Summary {
    let mut s = Summary {
        files: files.len(),
        ..Default::default()
    };
    for f in files {
        let counted = f.counted_tables().count();
        s.tables += counted;
        s.not_counted += f.tables.len() - counted;
        let c = f.counted_counts();
        s.errors += c.errors;
        s.warnings += c.warnings;
        s.infos += f
            .counted_findings()
            .filter(|x| x.severity() == Severity::Info)
            .count();
    }
    s
}

/// True when a file that counts is unreadable or a counting finding is an error (exit
/// status 1 of cli.md follows counting copies only).
pub fn has_errors(files: &[CheckedFile]) -> bool {
    files.iter().any(|f| {
        (f.status == FileStatus::Unreadable && f.standing.counts())
            || f.counted_findings()
                .any(|x| x.severity() == Severity::Error)
    })
}

/// `file-clipped` for a report whose longest paragraphs were cut at the length bound.
pub fn clipped_paragraphs(n: u32) -> Finding {
    let kb = crate::decode::limits::MAX_PARAGRAPH_BYTES / 1024;
    Finding::new(
        Code::FileClipped,
        Message::new(
            format!("报告中有 {n} 段超过 {kb} KB，超出部分未读取、未检查"),
            format!("{n} paragraph(s) of the report are longer than {kb} KB; the rest of each was not read or checked"),
        ),
    )
}

/// A document whose reading panicked (`what`: 报告 / report, 文档 / document): unreadable,
/// passed over, to be reported to the maintainers.
pub fn read_panicked(path: &Path, what_zh: &str, what_en: &str) -> CheckedFile {
    unreadable(
        path,
        Message::new(
            format!("读取此{what_zh}时程序内部出错（已跳过此文件，其他文件不受影响）；请将此文件报告给软件维护人员"),
            format!("internal error while reading this {what_en} (the file was passed over); please report this file to the maintainers"),
        ),
    )
}

/// A file that could not be read from disk at all.
pub fn unreadable(path: &Path, message: Message) -> CheckedFile {
    CheckedFile {
        findings: vec![Finding::new(Code::FileUnreadable, message)],
        ..CheckedFile::bare(path, FileStatus::Unreadable)
    }
}

/// A path in serde as its raw bytes (Unix) or its text: names that are not UTF-8 (a GBK
/// name from a Windows archive) survive the spill and the worker protocol exactly.
mod raw_path {
    use serde::{Deserializer, Serializer};
    use std::path::{Path, PathBuf};

    pub fn serialize<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            s.serialize_bytes(p.as_os_str().as_bytes())
        }
        #[cfg(not(unix))]
        {
            s.serialize_bytes(p.to_string_lossy().as_bytes())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        let bytes: Vec<u8> = serde_bytes_vec(d)?;
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
        }
        #[cfg(not(unix))]
        {
            Ok(PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()))
        }
    }

    fn serde_bytes_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("path bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        d.deserialize_byte_buf(V)
    }
}
