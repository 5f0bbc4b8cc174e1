//! Placing a set of outputs: every file written to a temporary name and renamed into place
//! ([`atomic`]), safe file names from text found in workbooks ([`names`]), and the whole set
//! staged beside OUTDIR and switched in at once, with its manifest and the spare ([`set`]).

pub mod atomic;
pub mod names;
pub mod set;
