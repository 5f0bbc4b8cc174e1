//! Writing workbooks: the fillable templates, the summary, the findings list and the
//! per-unit re-laid tables. Every file is written to a temporary name and renamed into place,
//! and a whole set is switched in at once ([`outset`]).

pub mod atomic;
pub mod documents;
pub mod findings;
pub mod layout;
pub mod names;
pub mod outset;
pub mod print;
pub mod sheet;
pub mod style;
pub mod summary;
pub mod units;
