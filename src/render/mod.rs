//! The outputs themselves, each from the checked files: the summary workbook
//! ([`summary`]), the worklist `findings.xlsx` ([`worklist`]), the units' return workbooks
//! ([`returns`]), the `.docx` documents ([`documents`]), the check JSON (`report.json`,
//! `check --format json`, [`json`]) and the compiler-style text diagnostics ([`text`]);
//! and the standard form laid out on a worksheet ([`form`]: the blank template, the re-laid
//! tables of the return workbooks, fixtures). Files are placed by `crate::outdir`.

pub mod documents;
pub mod form;
pub mod json;
pub(crate) mod place;
pub mod returns;
pub mod reuse;
pub mod summary;
pub(crate) mod text;
pub mod worklist;

use crate::aggregate::campaign::View;
use crate::check::Settings;
use crate::diag::Lang;
use crate::model::date::{self, Date};
use crate::outdir::atomic::{self, Pending};
use crate::outdir::OutputSet;
use crate::store::FileSource;
use anyhow::Result;
use std::path::Path;

/// What every output of a run reads besides the files, made once per run ([`RunCx::new`])
/// and passed to each: the run's time and date (the one reading of the clock), the year
/// and the office (in `settings`), the language, the inbox and the campaign's view.
#[derive(Debug, Clone, Copy)]
pub struct RunCx<'a> {
    /// The inbox, to show paths relative to it.
    pub inbox: &'a Path,
    /// The run's settings (policy, year, the office's settings).
    pub settings: &'a Settings,
    /// The campaign's view (rounds, states, roster); empty in a plain run.
    pub view: &'a View,
    /// The output language.
    pub lang: Lang,
    /// The run's time, seconds since 1970 (`SOURCE_DATE_EPOCH` fixes it).
    pub epoch: i64,
    /// The run's date in the bureaus' time (UTC+8, [`date::bureau_day`]): the date the
    /// outputs show, the day of a round issued with them.
    pub date: Date,
    /// Where unchanged units' outputs come from (a workspace's previous set, [`reuse`]);
    /// none in a plain run.
    pub reuse: Option<&'a dyn reuse::Reuse>,
}

impl<'a> RunCx<'a> {
    /// The context of a run starting now (or at `SOURCE_DATE_EPOCH`).
    pub fn new(inbox: &'a Path, settings: &'a Settings, view: &'a View, lang: Lang) -> Self {
        let epoch = date::run_epoch();
        RunCx {
            inbox,
            settings,
            view,
            lang,
            epoch,
            date: date::bureau_day(epoch),
            reuse: None,
        }
    }
}

/// Runs one output's writer, logging how long it took (`-vv`): where a run's write phase
/// goes, on the user's own machine.
fn timed<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let started = std::time::Instant::now();
    let out = f();
    tracing::debug!("{what}: {:.2?}", started.elapsed());
    out
}

/// Writes a run's set into `set`: report.json, findings.xlsx, units/ and the documents of
/// reports/, each placed as it is finished, and summary.xlsx held back and placed last
/// ([`OutputSet::finish`]), so its presence means the set is complete.
pub fn write_set(source: &dyn FileSource, set: &OutputSet, run: &RunCx<'_>) -> Result<()> {
    let (settings, lang) = (run.settings, run.lang);
    let files = source.light();
    let units = crate::aggregate::units(files);
    // The outputs are independent. The summary, one sequential stream and the longest,
    // starts at once on this thread; the unit workbooks and documents (parallel within),
    // report.json and the worklist are taken by the other threads beside it. Started
    // last, the summary alone would set a re-run's time.
    let units_and_reports = || write_unit_outputs(source, set, run, &units);
    let json_and_findings = || -> Result<()> {
        timed("report.json", || {
            atomic::write_with_atomic(&set.path("report.json"), |w| {
                let policy = &settings.policy.name;
                json::write(w, source, policy, run.view, lang, false)
            })
        })?;
        let path = set.path("findings.xlsx");
        timed("findings.xlsx", || {
            worklist::save_campaign(files, run, worklist::MAX_ROWS, &path)?.commit()
        })
    };
    let (summary, (units_done, reports_done)) = rayon::join(
        || -> Result<Pending> {
            let path = set.path("summary.xlsx");
            timed("summary.xlsx", || {
                summary::save_campaign(source, &units, run, summary::Rows::default(), &path)
            })
        },
        || rayon::join(units_and_reports, json_and_findings),
    );
    units_done?;
    reports_done?;
    set.finish(summary?)
}

/// The return workbooks (units/) and the unit documents and bureau report (reports/) of
/// `units`, the two written side by side: part of a run's set, and all that an issued
/// round archives (`cmd::issue`, for the units it sends).
pub fn write_unit_outputs(
    source: &dyn FileSource,
    set: &OutputSet,
    run: &RunCx<'_>,
    units: &[crate::aggregate::Unit],
) -> Result<()> {
    let how = set.placement();
    let (books, documents) = rayon::join(
        || {
            let dir = set.path("units");
            timed("units/", || {
                returns::write_all_campaign(source, units, &dir, how, run.lang, run.view, run.reuse)
            })
        },
        || {
            timed("reports/", || {
                documents::write_all(source, units, &set.path("reports"), run, how)
            })
        },
    );
    books?;
    documents
}
