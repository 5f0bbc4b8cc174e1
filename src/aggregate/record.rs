//! One record per unit with what every output says of it (campaign.md §5, §9): its status,
//! the files that count and those that do not, and the counts. A plain run knows only
//! `pending` and `passed`; a workspace adds the roster, rounds and the states of findings.

use super::{unit_figures, unit_files, Unit};
use crate::check::CheckedFile;

/// A unit's status (campaign.md §5), in the order they are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitStatus {
    /// A roster unit of which nothing was received.
    NotReceived,
    /// Received, and its counting copies have no error.
    Passed,
    /// Received after round N was sent to it, still with errors.
    Resubmitted(u32),
    /// Round N was sent to it, nothing new received since.
    Returned(u32),
    /// Received, no round sent to it yet.
    Pending,
}

impl UnitStatus {
    /// The stable English name of JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::NotReceived => "not-received",
            UnitStatus::Passed => "passed",
            UnitStatus::Resubmitted(_) => "resubmitted",
            UnitStatus::Returned(_) => "returned",
            UnitStatus::Pending => "pending",
        }
    }

    /// The Chinese name (`已退回（第1轮）`).
    pub fn zh(self) -> String {
        match self {
            UnitStatus::NotReceived => "未报送".into(),
            UnitStatus::Passed => "通过".into(),
            UnitStatus::Resubmitted(_) => "已重新报送".into(),
            UnitStatus::Returned(n) => format!("已退回（第{n}轮）"),
            UnitStatus::Pending => "待审核".into(),
        }
    }

    /// The name in a language.
    pub fn name(self, lang: crate::diag::Lang) -> String {
        match lang {
            crate::diag::Lang::Zh => self.zh(),
            crate::diag::Lang::En => self.as_str().to_string(),
        }
    }
}

/// What every output says of one unit.
#[derive(Debug, Clone)]
pub struct UnitRecord {
    /// The unit's name.
    pub name: String,
    /// Whether the roster names it (a plain run has no roster: false).
    pub in_roster: bool,
    /// Its status.
    pub status: UnitStatus,
    /// The last round sent to it.
    pub round: Option<u32>,
    /// Indices of its files that count.
    pub files: Vec<usize>,
    /// Indices of its files that do not count (all their tables older copies or other
    /// years', or unreadable and followed by a later file).
    pub superseded: Vec<usize>,
    /// Counting tables.
    pub tables: usize,
    /// Counting errors.
    pub errors: usize,
    /// Counting warnings.
    pub warnings: usize,
    /// Findings of the last round that are gone.
    pub fixed: usize,
    /// Findings of the last round still there.
    pub remaining: usize,
    /// Findings not sent in the last round.
    pub new: usize,
}

/// The records of a plain run's units: `passed` or `pending`, every finding new.
pub fn plain(files: &[CheckedFile], units: &[Unit]) -> Vec<UnitRecord> {
    units
        .iter()
        .map(|u| {
            let fig = unit_figures(files, u);
            let (counting, superseded) = unit_files(u)
                .into_iter()
                .partition(|&i| files.get(i).is_some_and(|f| f.standing.counts()));
            let tables = fig.counted();
            let status = if tables > 0 && fig.errors == 0 {
                UnitStatus::Passed
            } else {
                UnitStatus::Pending
            };
            UnitRecord {
                name: u.name.clone(),
                in_roster: false,
                status,
                round: None,
                files: counting,
                superseded,
                tables,
                errors: fig.errors,
                warnings: fig.warnings,
                fixed: 0,
                remaining: 0,
                new: fig.errors + fig.warnings,
            }
        })
        .collect()
}
