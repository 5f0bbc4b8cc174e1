//! Approved targets in the pipeline (templates.md §8): the declarations a file holds are
//! read and checked with it (in the worker, like its tables); once every file of the run
//! is read, each self-evaluation table is matched to the run's declarations and compared
//! with the one that counts ([`crate::rules::approved`]).
//!
//! "The run's declarations" is an input list ([`RunDeclaration`]): a plain run fills it
//! from the declarations found among its inputs ([`declarations_in`]); a workspace may add
//! those of its 申报表/ folder. With an empty list nothing here runs and no file is read
//! back, so a run without declarations costs what it did before.

use super::{CheckedFile, Settings};
use crate::diag::{Code, Finding, Message};
use crate::model::declaration::Declaration;
use crate::model::Table;
use crate::rules::approved::{compare_table, declaration::check_declaration};
use serde::{Deserialize, Serialize};
use std::path::Path;

mod matching;
pub use matching::DeclIndex;

/// A declaration with its `declaration-*` findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedDeclaration {
    /// The declaration as read.
    pub declaration: Declaration,
    /// Its findings, sorted.
    pub findings: Vec<Finding>,
}

/// Checks the declarations read from a file; a file whose name says 调整 holds
/// adjustments.
pub fn check_declarations(path: &Path, decls: Vec<Declaration>) -> Vec<CheckedDeclaration> {
    let adjusted = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().contains("调整"));
    decls
        .into_iter()
        .map(|mut d| {
            d.adjustment |= adjusted;
            let mut findings = check_declaration(&mut d);
            findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            CheckedDeclaration {
                declaration: d,
                findings,
            }
        })
        .collect()
}

/// One declaration of the run, with the order it was received in (later counts among
/// adjustments of the same project).
#[derive(Debug, Clone)]
pub struct RunDeclaration {
    /// The declaration.
    pub declaration: Declaration,
    /// The order received: input order, then sheet order.
    pub order: usize,
}

/// The declarations found among the run's files, in input order.
pub fn declarations_in(files: &[CheckedFile]) -> Vec<RunDeclaration> {
    // An archive's declarations are its members' (a workspace's 申报表/ may hold a zip).
    files
        .iter()
        .flat_map(super::listed_ref)
        .flat_map(|f| f.declarations.iter())
        .enumerate()
        .map(|(order, d)| RunDeclaration {
            declaration: d.declaration.clone(),
            order,
        })
        .collect()
}

/// The run's declarations: those given (a workspace's folder), then those found among its
/// files, received in that order (an adjustment among the files counts over a given
/// original).
pub fn run_declarations(given: &[RunDeclaration], files: &[CheckedFile]) -> Vec<RunDeclaration> {
    let mut out = given.to_vec();
    let base = out.len();
    out.extend(declarations_in(files).into_iter().map(|mut d| {
        d.order += base;
        d
    }));
    out
}

/// The approved-* findings of the run: (file, table, finding). `files` are the light
/// copies; `load` gives a file in full (its indicators) when a table has a declaration.
pub fn approved_findings(
    files: &[CheckedFile],
    load: &(dyn Fn(usize) -> Option<CheckedFile> + Sync),
    decls: &[RunDeclaration],
    settings: &Settings,
) -> Vec<(usize, usize, Finding)> {
    let mut out = Vec::new();
    if decls.is_empty() {
        return out;
    }
    let index = DeclIndex::new(decls);
    for (fi, f) in files.iter().enumerate() {
        let matched: Vec<(usize, Option<&Declaration>)> = f
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.table.blank)
            .map(|(ti, t)| (ti, index.matching(&t.table, settings.year)))
            .collect();
        if matched.is_empty() {
            continue;
        }
        let full = matched
            .iter()
            .any(|(_, d)| d.is_some())
            .then(|| load(fi))
            .flatten();
        for (ti, d) in matched {
            match (d, full.as_ref().and_then(|x| x.tables.get(ti))) {
                (Some(d), Some(ct)) => {
                    let mut found = compare_table(&ct.table, d, &settings.policy);
                    // The subject now, from the whole table: the run's light copy has no
                    // indicator rows, and a round records the identity from it.
                    super::settle_subjects(&ct.table, &mut found);
                    out.extend(found.into_iter().map(|x| (fi, ti, x)));
                }
                (None, _) => out.push((fi, ti, missing(&f.tables[ti].table))),
                (Some(_), None) => {}
            }
        }
    }
    out
}

/// Adds the findings of [`approved_findings`] to the files and refreshes their status.
pub fn add_approved_findings(files: &mut [CheckedFile], results: Vec<(usize, usize, Finding)>) {
    let mut touched = Vec::new();
    for (fi, ti, f) in results {
        if let Some(t) = files.get_mut(fi).and_then(|x| x.tables.get_mut(ti)) {
            t.findings.push(f);
            touched.push(fi);
        }
    }
    touched.dedup();
    for fi in touched {
        let file = &mut files[fi];
        for t in file.tables.iter_mut() {
            t.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
        file.update_status();
    }
}

fn missing(t: &Table) -> Finding {
    Finding::new(
        Code::ApprovedMissing,
        Message::new(
            format!("本次读入了绩效目标申报表，但没有与「{}」对应的申报表，未对照批复目标", t.name.text),
            format!("the run holds declarations but none for \"{}\"; not compared with approved targets", t.name.text),
        ),
    )
    .at(t.sheet.clone(), t.title_cell)
}
