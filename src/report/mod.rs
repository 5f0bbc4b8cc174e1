//! Reporting: the check JSON document and the compiler-style text diagnostics.

pub mod json;
pub mod text;
