//! selfeval reads Chinese budget performance self-evaluation workbooks (预算绩效自评表),
//! checks every figure, re-scores every indicator and writes the bureau's summaries.
//!
//! The crate is layered; each module uses only the ones listed before it
//! (`tests/layers.rs` keeps it so):
//!
//! 1. [`model`] — the tables as plain data (every amount a `Decimal`);
//! 2. [`diag`] — finding codes, severities, findings and bilingual messages;
//! 3. [`read`] — open any workbook (xlsx, xls, xlsb, ods) and find its tables;
//! 4. [`score`] — the reviewed figures under a policy;
//! 5. [`rules`] — the checks, and which check produces each code;
//! 6. [`check`] — one file from bytes to findings; the cross-file pass;
//! 7. [`store`] — checked files spilled to disk, light copies in memory;
//! 8. [`aggregate`] — tables grouped into units, per-unit figures;
//! 9. [`report`] — JSON and text diagnostics;
//! 10. [`write`] — the output workbooks;
//! 11. [`campaign`] — the workspace: settings, roster, history, rounds;
//! 12. [`serve`] — the officer's page: a loopback web server over a workspace;
//! 13. [`cmd`] — the command line, one file per subcommand; the only place that knows
//!     exit codes.

#![warn(missing_docs)]

pub mod aggregate;
pub mod campaign;
pub mod check;
pub mod cmd;
pub mod diag;
pub mod model;
pub mod read;
pub mod report;
pub mod rules;
pub mod score;
pub mod serve;
pub mod store;
pub mod write;
