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
use crate::model::declaration::{DeclKind, Declaration};
use crate::model::text::org_key;
use crate::model::{Table, TableKind};
use crate::rules::approved::{compare_table, declaration::check_declaration};
use serde::{Deserialize, Serialize};
use std::path::Path;

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
    files
        .iter()
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
    for (fi, f) in files.iter().enumerate() {
        let matched: Vec<(usize, Option<&Declaration>)> = f
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.table.blank)
            .map(|(ti, t)| (ti, matching(&t.table, decls, settings.year)))
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
                    let found = compare_table(&ct.table, d, &settings.policy);
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

/// The declaration that counts for a table: of those that match it, an adjustment before
/// the original, the latest received first.
pub fn matching<'a>(
    t: &Table,
    decls: &'a [RunDeclaration],
    year: Option<i32>,
) -> Option<&'a Declaration> {
    decls
        .iter()
        .filter(|d| matches(t, &d.declaration, year))
        .max_by_key(|d| (d.declaration.adjustment, d.order))
        .map(|d| &d.declaration)
}

/// By project code when both have one (a lost code is none), else by unit and name.
fn matches(t: &Table, d: &Declaration, year: Option<i32>) -> bool {
    let kind_fits = match d.kind {
        DeclKind::Project => t.kind != TableKind::Department,
        DeclKind::Department => t.kind == TableKind::Department,
    };
    let year_fits = match (d.year.or(year), t.year) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    if !kind_fits || !year_fits {
        return false;
    }
    // A code that lost its digits (stored as a number) identifies nothing.
    let code = |x: Option<&crate::model::Text>| {
        x.map(|c| org_key(&c.text))
            .filter(|c| !c.is_empty() && !crate::read::declaration::is_lost_number(c))
    };
    let table_code = code(t.code.as_ref());
    let decl_code = code(d.code.as_ref()).filter(|_| !d.code_lost);
    if let (Some(a), Some(b)) = (&table_code, &decl_code) {
        return a == b;
    }
    if d.kind == DeclKind::Department {
        let names = [&d.name.text, &d.unit.text];
        return names
            .iter()
            .any(|n| !n.is_empty() && org_key(n) == org_key(&t.name.text));
    }
    names_match(t, d)
}

/// The name after normalising, or the name without its bracketed unit when the brackets
/// name the table's unit; and the units agree where both are given.
fn names_match(t: &Table, d: &Declaration) -> bool {
    let (dn, tn) = (org_key(&d.name.text), org_key(&t.name.text));
    if dn.is_empty() || tn.is_empty() {
        return false;
    }
    let keys = |xs: [&String; 2]| -> Vec<String> {
        xs.iter()
            .map(|u| org_key(u))
            .filter(|u| !u.is_empty())
            .collect()
    };
    let t_units = keys([&t.unit.text, &t.department.text]);
    let d_units = keys([&d.unit.text, &d.department.text]);
    let (d_base, d_bracket) = split_bracket(&dn);
    let (t_base, t_bracket) = split_bracket(&tn);
    let names = |units: &[String], b: &str| !b.is_empty() && units.iter().any(|u| u.contains(b));
    let same_name = dn == tn
        || (d_base == t_base
            && (d_bracket == t_bracket
                || (t_bracket.is_empty() && names(&t_units, &d_bracket))
                || (d_bracket.is_empty() && names(&d_units, &t_bracket))));
    same_name
        && (d_units.is_empty()
            || t_units.is_empty()
            || d_units.iter().any(|u| t_units.contains(u))
            || names(&t_units, &d_bracket))
}

/// `社区工作站经费(沙浦围社区工作站)` → (`社区工作站经费`, `沙浦围社区工作站`).
fn split_bracket(k: &str) -> (String, String) {
    match (k.find('('), k.rfind(')')) {
        (Some(a), Some(b)) if b > a => {
            let base = format!("{}{}", &k[..a], &k[b + 1..]);
            (base, k[a + 1..b].to_string())
        }
        _ => (k.to_string(), String::new()),
    }
}
