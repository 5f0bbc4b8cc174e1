//! Reporting: the check JSON document and the compiler-style text diagnostics.
