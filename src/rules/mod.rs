//! Validation rules: which check produces each finding code ([`catalog`]), and the checks —
//! per table ([`check_table`]), across the files and tables of a run ([`cross`]) and on a
//! unit's narrative report ([`report`]). The
//! codes, severities and messages are [`crate::diag`]'s.

pub mod approved;
mod catalog;
pub mod cross;
pub mod report;
pub mod table;

pub use catalog::{markdown, producer, Producer};
pub use table::check_table;
