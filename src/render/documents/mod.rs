//! The written documents of `reports/` (reports.md §2): per unit a draft of its narrative
//! report (`自评报告（初稿）.docx`, [`draft`]) and the bureau's letter on what to correct
//! (`审核意见书.docx`, [`letter`]); for the bureau's superiors the review report
//! (`汇总报告（初稿）.docx`, [`bureau`]).
//!
//! Each document module builds a plain [`model::Document`] (headings, sentences with their
//! figures, tables, placeholders); [`docx`] is the one renderer. The files are written
//! atomically; the per-unit folders are named as `units/` names the workbooks.

pub mod bureau;
pub mod docx;
pub mod draft;
pub mod figures;
pub mod letter;
pub mod title;
mod year_over_year;
pub use crate::model::document as model;

use crate::aggregate::{identity, Unit};
use crate::check::{CheckedFile, CheckedTable, Settings};
use crate::diag::{Finding, Lang};
use crate::outdir::atomic;
use crate::outdir::names::unique_stems_beside;
use crate::store::{for_each_full_table, FileSource};
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

pub use crate::outdir::set::{BUREAU_FILE, DRAFT_FILE, LETTER_FILE};

/// What every document of a run shares.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The output language.
    pub lang: Lang,
    /// The year asked for (`--year`), if any.
    pub year: Option<i32>,
    /// The run's date.
    pub date: crate::model::date::Date,
    /// The inbox, to show file paths relative to it.
    pub inbox: &'a Path,
    /// The run's settings (policy, the office's settings).
    pub settings: &'a Settings,
    /// The campaign's view: rounds, states, letters' numbers (empty in a plain run).
    pub view: &'a crate::aggregate::campaign::View,
    /// Where unchanged units' documents come from (`write::reuse`).
    pub reuse: Option<&'a dyn crate::render::reuse::Reuse>,
}

impl Context<'_> {
    /// The text in the output language.
    pub fn tr<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(zh, en)
    }

    /// A placeholder in the output language.
    pub fn placeholder(&self, zh: &str, en: &str) -> String {
        figures::placeholder(self.lang, self.lang.pick(zh, en))
    }
}

/// One unit as its documents see it ([`crate::aggregate::units_to_answer`]).
pub type DocUnit = Unit;

/// The file name shown for a path (an archive's entry with its archive's name).
pub fn file_name(path: &Path) -> String {
    crate::check::archive::shown_name(path)
}

/// The name a table goes by: its 项目名称, else its sheet.
pub fn table_name(ct: &CheckedTable) -> String {
    if ct.table.name.is_empty() {
        ct.table.sheet.clone()
    } else {
        ct.table.name.text.clone()
    }
}

/// Whether a table does not count (an older copy or another year's, campaign.md §4): its
/// findings are the officer's, never the unit's.
pub fn superseded(ct: &CheckedTable) -> bool {
    !ct.counts_in_run()
}

/// One finding of a unit with where the unit finds it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The table's name (`None` for a finding about the file).
    pub table: Option<String>,
    /// The file the unit sent.
    pub file: String,
    /// The sheet, when the finding is inside one.
    pub sheet: Option<String>,
    /// The finding.
    pub finding: Finding,
    /// Its identity (campaign.md §10), to ask the campaign whether it was sent before.
    pub identity: String,
    /// Whether it is on the unit's department table.
    pub department: bool,
}

/// The unit's findings (light copies suffice): those of its files, then of its tables in
/// order; errors first, then warnings, then notes.
pub fn unit_items(files: &[CheckedFile], unit: &DocUnit) -> Vec<Item> {
    let mut out = Vec::new();
    let mut seen: Vec<usize> = unit.tables.iter().map(|t| t.0).collect();
    seen.dedup();
    // A report replaced by the unit's later one is in no letter (campaign.md §4).
    let counts = |i: &usize| files.get(*i).is_some_and(|f| f.standing.counts());
    let others = unit
        .lost
        .iter()
        .chain(&unit.reports)
        .copied()
        .filter(counts);
    for fi in seen.into_iter().chain(others) {
        let Some(f) = files.get(fi) else { continue };
        out.extend(f.findings.iter().map(|x| Item {
            table: None,
            file: file_name(&f.path),
            sheet: x.sheet.clone(),
            finding: x.clone(),
            identity: identity::of_file(&unit.name, f.hash.as_ref(), x),
            department: false,
        }));
    }
    for &(fi, ti) in &unit.tables {
        let Some(f) = files.get(fi) else { continue };
        let Some(ct) = f.tables.get(ti) else { continue };
        let old = superseded(ct);
        out.extend(ct.findings.iter().filter(|_| !old).map(|x| Item {
            table: Some(table_name(ct)),
            file: file_name(&f.path),
            sheet: Some(x.sheet.clone().unwrap_or_else(|| ct.table.sheet.clone())),
            finding: x.clone(),
            identity: identity::of_table(&unit.name, &ct.table, x),
            department: ct.table.kind == crate::model::TableKind::Department,
        }));
    }
    out.sort_by_key(|i| i.finding.severity());
    out
}

/// The year of a unit's documents: `--year`, else the first year its tables state, else
/// (a unit whose files gave no table) the run's, as the bureau's report states it: the
/// titles of reports.md carry a year.
pub fn unit_year(files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) -> Option<i32> {
    cx.year
        .or_else(|| {
            unit.tables
                .iter()
                .filter_map(|&(fi, ti)| files.get(fi)?.tables.get(ti)?.table.year)
                .next()
        })
        .or_else(|| crate::aggregate::run_year(files))
}

/// How the documents are written: the common properties and how each file is placed.
struct Out {
    props: docx::Props,
    how: atomic::Placement,
}

/// Renders and writes one document, unflushed (the folder is flushed once at the end).
fn save(doc: &model::Document, path: &Path, out: &Out) -> Result<()> {
    let bytes = docx::render(doc, &out.props)?;
    out.how.write_unflushed(&bytes, path)
}

/// Writes every document into `dir` (`reports/`), each file placed `how`: a folder per
/// unit with its draft and letter, then the bureau's report; removes the folders of units
/// no longer present.
pub fn write_all(
    source: &dyn FileSource,
    units: &[Unit],
    dir: &Path,
    run: &crate::render::RunCx<'_>,
    how: atomic::Placement,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let lang = run.lang;
    let cx = Context {
        lang,
        year: run.settings.year,
        date: run.date,
        inbox: run.inbox,
        settings: run.settings,
        view: run.view,
        reuse: run.reuse,
    };
    let out = Out {
        props: docx::Props {
            created: crate::model::date::w3cdtf(run.epoch),
            lang,
        },
        how,
    };
    let light = source.light();
    let doc_units = crate::aggregate::units_to_answer(light, units);
    let stems = unique_stems_beside(doc_units.iter().map(|u| u.name.as_str()), &[BUREAU_FILE]);
    use rayon::prelude::*;
    let written: Vec<Result<PathBuf>> = doc_units
        .par_iter()
        .zip(stems.par_iter())
        .map(|(unit, stem)| {
            let folder = dir.join(stem);
            unit_documents(source, unit, &folder, &cx, &out)?;
            Ok(folder)
        })
        .collect();
    let mut folders = Vec::with_capacity(written.len());
    for w in written {
        folders.push(w?);
    }
    save(
        &bureau::build(light, units, &cx),
        &dir.join(BUREAU_FILE),
        &out,
    )?;
    atomic::flush_folder(dir, &[])?;
    remove_stale(dir, &folders);
    Ok(())
}

/// Writes one unit's draft and letter into `folder`.
fn unit_documents(
    source: &dyn FileSource,
    unit: &DocUnit,
    folder: &Path,
    cx: &Context<'_>,
    out: &Out,
) -> Result<()> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let (draft, letter) = (folder.join(DRAFT_FILE), folder.join(LETTER_FILE));
    // Both taken from the previous set (each asked, so each key is remembered): nothing to
    // build.
    let extra = reuse_extra(unit, cx);
    let taken = |p: &Path| crate::render::reuse::taken(cx.reuse, source, unit, &extra, p);
    let (draft_taken, letter_taken) = (taken(&draft)?, taken(&letter)?);
    if draft_taken && letter_taken {
        return Ok(());
    }
    let mut tables = Vec::with_capacity(unit.tables.len());
    for_each_full_table(source, &unit.tables, |ct| {
        tables.push(ct.clone());
        Ok(())
    })?;
    let light = source.light();
    // A file taken is never written over: it may be the previous set's own (a link).
    if !draft_taken {
        save(&draft::build(light, unit, &tables, cx), &draft, out)?;
    }
    if !letter_taken {
        save(&letter::build(light, unit, cx), &letter, out)?;
    }
    Ok(())
}

/// What a unit's documents read besides its files (`write::reuse`): the language, the
/// date, the year, the settings and the unit's part of the campaign's view. The creation
/// time in a document's properties is not in it: a document taken from the previous set
/// keeps the time it was made.
fn reuse_extra(unit: &DocUnit, cx: &Context<'_>) -> Vec<u8> {
    let v = cx.view;
    let remaining = v.remaining_of(&unit.name);
    let fixed: Vec<_> = v.fixed_of(&unit.name).collect();
    let policy = serde_json::to_string(&cx.settings.policy).unwrap_or_default();
    let root = cx.reuse.map_or(Path::new(""), |r| r.root());
    let inbox = cx.inbox.strip_prefix(root).unwrap_or(cx.inbox);
    format!(
        "documents|{:?}|{:?}|{:?}|{:?}|{:?}|{policy}|{:?}|{:?}|{:?}|{remaining:?}|{fixed:?}|{:?}",
        cx.lang,
        cx.date,
        cx.year,
        inbox,
        cx.settings.office,
        cx.settings.year,
        v.unit(&unit.name),
        v.letter(&unit.name),
        v.round,
    )
    .into_bytes()
}

/// Removes unit folders of an earlier run that this run did not write, when they hold
/// nothing but the documents selfeval writes there.
fn remove_stale(dir: &Path, written: &[PathBuf]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let written: std::collections::HashSet<&PathBuf> = written.iter().collect();
    for e in entries.flatten() {
        let path = e.path();
        if !path.is_dir() || written.contains(&path) {
            continue;
        }
        let ours = std::fs::read_dir(&path).map(|it| {
            it.flatten().all(|f| {
                let n = f.file_name();
                n == DRAFT_FILE || n == LETTER_FILE
            })
        });
        if ours.unwrap_or(false) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}
