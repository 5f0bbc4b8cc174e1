//! selfeval reads Chinese budget performance self-evaluation workbooks (预算绩效自评表),
//! checks every figure, re-scores every indicator and writes the bureau's summaries.
//!
//! The pipeline a workbook travels through, one module per stage:
//!
//! 1. [`read`] — open any workbook (xlsx, xls, xlsb, ods) and find its tables;
//! 2. [`model`] — the tables as plain data;
//! 3. [`score`] and [`rules`] — the reviewed figures and the findings;
//! 4. [`report`] and [`write`] — JSON, text diagnostics and the output workbooks.
//!
//! [`cmd`] holds one file per subcommand.

pub mod aggregate;
pub mod cli;
pub mod cmd;
pub mod model;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rules;
pub mod score;
pub mod store;
pub mod write;
