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
//! 9. [`xlsx`] — the workbook toolkit: formats, the one text measure, list sheets, page setup;
//! 10. [`outdir`] — placing a set of outputs: atomic writes, names, the set switched whole;
//! 11. [`render`] — the outputs: summary, worklist, return workbooks, documents, the check
//!     JSON and text, and the standard form laid out;
//! 12. [`campaign`] — the workspace: settings, roster, history, rounds;
//! 13. [`serve`] — the officer's page: a loopback web server over a workspace;
//! 14. [`cmd`] — the command line, one file per subcommand; the only place that knows
//!     exit codes.

#![warn(missing_docs)]

pub mod aggregate;
pub mod campaign;
pub mod check;
pub mod cmd;
pub mod diag;
pub mod model;
pub mod outdir;
pub mod read;
pub mod render;
pub mod rules;
pub mod score;
pub mod serve;
pub mod store;
pub mod xlsx;
