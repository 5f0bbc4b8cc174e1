//! Validation rules: the catalogue of codes and the checks that produce findings.

mod catalog;
mod finding;

pub use catalog::{Code, Rule, Severity, Stage, RULES};
pub use finding::{Finding, Lang, Message};
