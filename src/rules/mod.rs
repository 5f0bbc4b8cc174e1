//! Validation rules: the catalogue of codes (each with its check, defined once) and the
//! checks that produce findings — per table ([`check_table`]) and across the tables of a
//! run ([`cross::check_cross`]).

mod catalog;
pub mod cross;
mod finding;
pub mod table;

pub use catalog::{markdown, Check, Code, Rule, Severity, Stage, RULES};
pub use finding::{Finding, Lang, Message};
pub use table::{check_table, TableCtx};
