//! The rows of the worklist: one entry per finding, with the unit, the file as listed
//! (relative to the inbox), the table and the message with paths relative to the inbox, in
//! the order a reviewer works through them: severity, unit, file, then place (sheet in
//! workbook order, then row, then column — `B10` after `B9`, not before it).

use crate::aggregate::{self, campaign::View, identity};
use crate::check::CheckedFile;
use crate::diag::{relative_to, Finding, Lang, Severity, State};
use crate::model::text::org_key;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

/// One finding as the worklist shows it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The finding itself (code, severity, place, figures).
    pub finding: &'a Finding,
    /// The unit the file belongs to; empty for a file passed over.
    pub unit: String,
    /// The file, relative to the inbox.
    pub file: String,
    /// The table's name; empty for a finding on the file as a whole.
    pub table: &'a str,
    /// The message in the output's language, paths relative to the inbox.
    pub message: Cow<'a, str>,
    /// New, remaining, or on a copy that does not count (listed last).
    pub state: State,
    /// Sort key: the sheet's place in its workbook (0: no sheet).
    sheet_order: usize,
    /// Sort key: the unit's normalised name (files of no unit last).
    unit_key: (bool, String),
}

impl Entry<'_> {
    /// The severity of the finding.
    pub fn severity(&self) -> Severity {
        self.finding.severity()
    }

    fn key(
        &self,
    ) -> (
        bool,
        Severity,
        &(bool, String),
        &str,
        usize,
        u32,
        u32,
        &'static str,
    ) {
        // A report's paragraph sorts like a row.
        let (row, col) = match (self.finding.cell, self.finding.paragraph) {
            (Some(c), _) => (c.row, c.col),
            (None, Some(p)) => (p, 0),
            (None, None) => (0, 0),
        };
        (
            self.state == State::Superseded,
            self.severity(),
            &self.unit_key,
            &self.file,
            self.sheet_order,
            row,
            col,
            self.finding.code.as_str(),
        )
    }
}

/// The position of each sheet holding a table, in workbook order (first table first).
fn sheet_orders(file: &CheckedFile) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for t in &file.tables {
        let next = m.len() + 1;
        m.entry(t.table.sheet.as_str()).or_insert(next);
    }
    m
}

/// Every finding of the run as a worklist entry, sorted; a counting finding's state from
/// the campaign's view (仍存在 when sent in the last round and still there).
pub fn collect_with<'a>(
    files: &'a [CheckedFile],
    inbox: &Path,
    lang: Lang,
    view: &View,
) -> Vec<Entry<'a>> {
    let units = aggregate::file_units(files);
    let mut out = Vec::new();
    for (file, unit) in files.iter().zip(units) {
        let shown = shown_path(&file.path, inbox);
        let orders = sheet_orders(file);
        let unit_key = (unit.is_empty(), org_key(&unit));
        let counts = file.standing.counts();
        let unit_ref = unit.as_str();
        let tabled = file.tables.iter().flat_map(|t| {
            let counting = counts && t.counts_in_run();
            t.findings.iter().map(move |x| {
                let st = match counting {
                    true => view.state(&identity::of_table(unit_ref, &t.table, x)),
                    false => State::Superseded,
                };
                (t.table.name.text.as_str(), x, st)
            })
        });
        let own = file.findings.iter().map(|x| {
            let st = match counts {
                true => view.state(&identity::of_file(unit_ref, file.hash.as_ref(), x)),
                false => State::Superseded,
            };
            ("", x, st)
        });
        // A declaration's findings (templates.md §8) are listed under its project's name.
        let declared = file.declarations.iter().flat_map(|d| {
            d.findings
                .iter()
                .map(move |x| (d.declaration.name.text.as_str(), x, State::New))
        });
        for (table, x, state) in own.chain(tabled).chain(declared) {
            let sheet_order = match x.sheet.as_deref() {
                None => 0,
                Some(s) => orders.get(s).copied().unwrap_or(usize::MAX),
            };
            out.push(Entry {
                finding: x,
                unit: unit.clone(),
                file: shown.clone(),
                table,
                message: relative_to(x.message.get(lang), inbox),
                state,
                sheet_order,
                unit_key: unit_key.clone(),
            });
        }
    }
    // A stable sort: findings at one cell keep the order the rules gave them.
    out.sort_by(|a, b| a.key().cmp(&b.key()));
    out
}

/// The year of the run for the title: the one definition (`aggregate::run_year`).
pub fn run_year(files: &[CheckedFile]) -> Option<i32> {
    aggregate::run_year(files)
}

/// Counts of errors, warnings and notes over the entries.
pub fn counts(entries: &[Entry]) -> [usize; 3] {
    let mut c = [0; 3];
    for e in entries.iter().filter(|e| e.state != State::Superseded) {
        let k = match e.severity() {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        c[k] += 1;
    }
    c
}

/// A file's path relative to the inbox, with `/` between folders (as 文件清单 lists it).
pub fn shown_path(path: &Path, inbox: &Path) -> String {
    let p = path.strip_prefix(inbox).unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}
