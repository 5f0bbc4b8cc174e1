//! selfeval reads Chinese budget performance self-evaluation workbooks (预算绩效自评表),
//! checks every figure, re-scores every indicator and writes the bureau's summaries.
//!
//! The crate is layered; each module uses only the ones listed before it
//! (`tests/layers.rs` keeps it so):
//!
//! 1. [`model`] — the tables as plain data (every amount a `Decimal`);
//! 2. `diag` — finding codes, severities, findings and bilingual messages;
//! 3. `form` — the self-evaluation form as data: every form's spellings and structural cues,
//!    and the label lookups built from them;
//! 4. `decode` — a file's bytes to grids of cells, whatever its format (xlsx, xls, xlsb,
//!    ods, Excel 2003 XML, HTML, MHT, CSV), or the refusal that says why not; every bound;
//! 5. [`read`] — the tables found in the grids, declarations, Word tables, narrative
//!    reports, archives and folders;
//! 6. [`score`] — the reviewed figures under a policy;
//! 7. `rules` — the checks, and which check produces each code;
//! 8. [`check`] — one file from bytes to findings; the cross-file pass;
//! 9. `store` — checked files spilled to disk, light copies in memory;
//! 10. `aggregate` — tables grouped into units, per-unit figures;
//! 11. `outdir` — placing a set of outputs: atomic writes, names, the set switched whole;
//! 12. `xlsx` — the workbook toolkit: formats, the text measure, list sheets, page setup,
//!     row heights kept out of memory;
//! 13. [`render`] — the outputs: summary, worklist, return workbooks, documents, the check
//!     JSON and text, and the standard form laid out;
//! 14. `campaign` — the workspace: settings, roster, history, rounds;
//! 15. `serve` — the officer's page: a loopback web server over a workspace;
//! 16. [`cmd`] — the command line, one file per subcommand; the only place that knows
//!     exit codes.

#![warn(missing_docs)]

// The public surface: what the binary (`cmd`), the integration tests, the benchmarks and
// the examples use. Every other module is private to the crate, so the compiler reports
// what nothing uses; the few items of theirs that are needed outside are re-exported
// below, by name.
pub mod check;
pub mod cmd;
pub mod model;
pub mod read;
pub mod render;
pub mod score;

mod aggregate;
mod campaign;
mod decode;
mod diag;
mod form;
mod outdir;
mod rules;
mod serve;
mod store;
mod xlsx;

pub use crate::outdir::atomic::{
    save_atomic, save_atomic_with, template_properties, write_bytes_atomic, Placement,
};
pub use crate::outdir::set::{lock_path, spare_path};
pub use aggregate::campaign::{Fixed, Letter, UnitCampaign, View};
pub use aggregate::{identity, units, Unit, UnitStatus};
pub use campaign::settings::{update as update_settings, FIELDS as SETTINGS_FIELDS};
pub use diag::{Code, FigureKind, Finding, Lang, Message, Rule, Severity, Stage, State, RULES};
pub use form::{markdown as form_markdown, OUTPUT_CATEGORY};
pub use rules::cross::{
    check_cross, check_cross_dated, check_cross_with, left_out, names_close, CrossCtx, CrossTable,
};
pub use rules::{check_table, markdown as rules_markdown, producer, Producer};
pub use store::FileSource;
