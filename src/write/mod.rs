//! Writing workbooks: the fillable templates, the summary, the findings list and the
//! per-unit re-laid tables. Every file is written to a temporary name and renamed into place,
//! and a whole set is switched in at once ([`outset`]).

pub mod atomic;
pub mod documents;
pub mod findings;
pub mod heights;
pub mod layout;
pub mod names;
pub mod outset;
pub mod print;
pub mod reuse;
pub mod sheet;
pub mod style;
pub mod summary;
pub mod units;

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
    /// Where unchanged units' outputs come from (a workspace's previous set, [`reuse`]);
    /// none in a plain run.
    pub reuse: Option<&'a dyn reuse::Reuse>,
}
