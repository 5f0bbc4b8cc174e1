//! Validation rules: the catalogue of codes and the checks that produce findings.

mod catalog;
mod finding;

pub use catalog::{Code, Rule, Severity, Stage, RULES};
pub use finding::{Finding, Lang, Message};

/// Checks one table against its review (stub until the rules land).
pub fn check_table(
    _table: &crate::model::Table,
    _review: &crate::score::Review,
    _policy: &crate::score::Policy,
) -> Vec<Finding> {
    Vec::new()
}

/// Cross-table rules (stub until the rules land).
pub mod cross {
    use crate::model::Table;
    use std::path::Path;

    /// One table of a run.
    pub struct CrossInput<'a> {
        /// Index of its file.
        pub file: usize,
        /// Path of its file.
        pub path: &'a Path,
        /// The table.
        pub table: &'a Table,
    }

    /// Findings across tables, tagged with the index of their table in `inputs`.
    pub fn check_run(
        _inputs: &[CrossInput<'_>],
        _year: Option<i32>,
    ) -> Vec<(usize, super::Finding)> {
        Vec::new()
    }
}
