//! The outputs themselves, each from the checked files: the summary workbook
//! ([`summary`]), the worklist `findings.xlsx` ([`worklist`]), the units' return workbooks
//! ([`returns`]), the `.docx` documents ([`documents`]), the check JSON (`report.json`,
//! `check --format json`, [`json`]) and the compiler-style text diagnostics ([`text`]);
//! and the standard form laid out on a worksheet ([`form`]: the blank template, the re-laid
//! tables of the return workbooks, fixtures). Files are placed by `crate::outdir`.

pub mod documents;
pub mod form;
pub mod json;
pub mod returns;
pub mod summary;
pub mod text;
pub mod worklist;

use crate::aggregate::campaign::View;
use crate::check::Settings;
use crate::diag::Lang;
use std::path::Path;

/// What every output of a run reads besides the files: computed once per run.
#[derive(Debug, Clone, Copy)]
pub struct RunCx<'a> {
    /// The inbox, to show paths relative to it.
    pub inbox: &'a Path,
    /// The run's settings (policy, year, the office's settings).
    pub settings: &'a Settings,
    /// The campaign's view (rounds, states, roster); empty in a plain run.
    pub view: &'a View,
    /// The output language.
    pub lang: Lang,
}
