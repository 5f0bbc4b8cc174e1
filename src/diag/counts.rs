//! Findings counted by severity: the errors and warnings every output shows of a table, a
//! file, a unit or a run (infos are counted apart, where they are shown at all).

use super::{Finding, Severity};
use serde::Serialize;

/// Error and warning findings counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

impl FindingCounts {
    /// Counts the errors and warnings among `findings`.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut c = FindingCounts::default();
        for f in findings {
            match f.severity() {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => {}
            }
        }
        c
    }

    /// Errors and warnings together.
    pub fn total(self) -> usize {
        self.errors.saturating_add(self.warnings)
    }
}

impl std::ops::AddAssign for FindingCounts {
    /// Counts of files' findings cannot reach `usize::MAX`; saturating keeps even that from
    /// wrapping.
    fn add_assign(&mut self, other: FindingCounts) {
        self.errors = self.errors.saturating_add(other.errors);
        self.warnings = self.warnings.saturating_add(other.warnings);
    }
}
