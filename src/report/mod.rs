//! Reporting: the check JSON document and the compiler-style text diagnostics.

mod declaration;
pub mod json;
pub mod text;
