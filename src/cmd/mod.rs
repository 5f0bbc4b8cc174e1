//! One module per subcommand; each starts with its usage text and returns an exit status.

pub mod check;
pub mod clap_error;
pub mod cli;
pub mod init;
pub mod issue;
pub mod pin;
pub mod policy;
pub mod progress;
pub mod rules;
pub mod run;
pub mod serve;
pub mod status;
pub mod template;
pub mod worker;
pub mod workspace;
pub mod zh_help;

use crate::check::worker::{Limits, Pool, Spawn};
use crate::check::{CheckedFile, Settings};
use crate::cmd::cli::{Cli, Command};
use crate::diag::{Lang, Message};
use crate::read::walk::Input;
use crate::store::{Keep, Store};
use anyhow::Context;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// Everything read and no error findings.
pub const EXIT_OK: u8 = 0;
/// Error findings, or a file that could not be read.
pub const EXIT_FINDINGS: u8 = 1;
/// The command itself could not run.
pub const EXIT_USAGE: u8 = 2;

/// An error of the command itself (exit 2) with its text in both languages: a missing
/// folder, a file where a folder is wanted.
pub fn usage_error(zh: String, en: String) -> anyhow::Error {
    Message::error(zh, en)
}

/// The text of a command's error in the user's language: ours in that language, a
/// policy file's with its line and key, anything else as it is (the lower layers write
/// both languages).
pub fn error_text(e: &anyhow::Error, lang: Lang) -> String {
    let english = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::campaign::English>());
    let lang = if english.is_some() { Lang::En } else { lang };
    let ours = english.map(|m| m.0.en.clone()).or_else(|| {
        e.chain().find_map(|c| {
            if let Some(m) = c.downcast_ref::<Message>() {
                Some(m.get(lang).to_string())
            } else {
                c.downcast_ref::<crate::score::policy::PolicyError>()
                    .map(|p| p.text(lang))
            }
        })
    });
    let text = ours.unwrap_or_else(|| format!("{e:#}"));
    match lang {
        Lang::Zh => format!("错误：{text}"),
        Lang::En => format!("error: {text}"),
    }
}

/// Options shared by `check` and `run`: the policy and the year (the language is global).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReviewArgs {
    /// A policy file (TOML) overriding parameters of the built-in `mof-2020` policy.
    #[arg(long, value_name = "FILE.toml")]
    pub policy: Option<PathBuf>,
    /// The year the tables must be for (`year-mismatch` otherwise); by default the most
    /// common year of the run (2000–2100).
    #[arg(long, value_parser = clap::value_parser!(i32).range(YEARS))]
    pub year: Option<i32>,
}

/// The years a command accepts (cli.md).
pub const YEARS: std::ops::RangeInclusive<i64> = 2000..=2100;

impl ReviewArgs {
    /// Loads the policy and makes the pipeline settings.
    pub fn settings(&self) -> anyhow::Result<crate::check::Settings> {
        let policy = match &self.policy {
            Some(p) => crate::score::Policy::load(p)?,
            None => crate::score::Policy::default(),
        };
        Ok(crate::check::Settings {
            policy,
            year: self.year,
            office: Default::default(),
            declarations: Vec::new(),
            pinned: Vec::new(),
            reports_replace: false,
        })
    }
}

/// The exit status of cli.md for a set of checked files: 1 when any error finding or any
/// unreadable file, else 0.
pub fn exit_status(files: &[CheckedFile]) -> u8 {
    if crate::check::has_errors(files) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Checks one input with `check`, logging the file with its status and time (`-vv`).
pub fn logged(input: &Input, lang: Lang, check: impl FnOnce() -> CheckedFile) -> CheckedFile {
    let started = std::time::Instant::now();
    let file = check();
    let ms = started.elapsed().as_millis();
    let path = input.path.display();
    match lang {
        Lang::Zh => tracing::debug!("已读取 {path}：{}，用时 {ms} ms", file.status.zh()),
        Lang::En => tracing::debug!("read {path}: {}, {ms} ms", file.status.as_str()),
    }
    file
}

/// Logs the end of a phase with its duration (`-v`).
pub fn log_phase(phase: progress::Phase, files: usize, started: std::time::Instant, lang: Lang) {
    let d = started.elapsed();
    match (phase, lang) {
        (progress::Phase::Read, Lang::Zh) => {
            tracing::info!("读取阶段完成：{files} 个文件，用时 {d:.2?}")
        }
        (progress::Phase::Read, Lang::En) => {
            tracing::info!("reading done: {files} files in {d:.2?}")
        }
        (progress::Phase::Write, Lang::Zh) => tracing::info!("写出阶段完成：用时 {d:.2?}"),
        (progress::Phase::Write, Lang::En) => tracing::info!("writing done in {d:.2?}"),
    }
}

/// Checks every input into a store ([`crate::store::collect`]), then applies the
/// cross-file rules and the narrative reports' checks to it: what `check` and `run` both do.
/// `before_cross` runs before the cross-file rules: a workspace sets each file's received
/// time there (campaign.md §4), which decides the copy that counts.
#[allow(clippy::too_many_arguments)]
pub fn check_into_store_with<T: Send>(
    inputs: &[Input],
    settings: &Settings,
    pool: Option<&Pool>,
    produce: &(dyn Fn(&Input) -> T + Sync),
    file_of: fn(&T) -> &CheckedFile,
    keep: Option<Keep<'_, T>>,
    tick: &(dyn Fn() + Sync),
    before_cross: &mut dyn FnMut(&mut [CheckedFile]) -> anyhow::Result<()>,
) -> anyhow::Result<Store> {
    let mut store = crate::store::collect(inputs, produce, file_of, keep, tick)?;
    before_cross(store.light_mut())?;
    crate::check::apply_cross(store.light_mut(), settings);
    let results = {
        use crate::store::FileSource;
        let load = |i: usize| store.full(i).ok().map(std::borrow::Cow::into_owned);
        // Each report is checked in a reader process, under the per-file limits.
        let in_worker = |job: &crate::check::reports::ReportJobRef<'_>| match pool {
            Some(p) => p.check_report(job),
            None => crate::check::reports::run_in_process(job, settings),
        };
        crate::check::reports::report_findings_with(store.light(), &load, &in_worker)
    };
    crate::check::reports::add_report_findings(store.light_mut(), results);
    let found = crate::store::FileSource::light(&store);
    let decls = crate::check::approved::run_declarations(&settings.declarations, found);
    approve(&mut store, &decls, settings);
    crate::check::formats::format_findings(store.light_mut());
    crate::aggregate::settle(store.light_mut(), settings.reports_replace);
    Ok(store)
}

/// Compares every table of the store with the run's declarations (templates.md §8);
/// nothing is read back when there are none.
pub fn approve(
    store: &mut Store,
    decls: &[crate::check::approved::RunDeclaration],
    settings: &Settings,
) {
    if decls.is_empty() {
        return;
    }
    let results = {
        use crate::store::FileSource;
        let load = |i: usize| store.full(i).ok().map(std::borrow::Cow::into_owned);
        crate::check::approved::approved_findings(store.light(), &load, decls, settings)
    };
    crate::check::approved::add_approved_findings(store.light_mut(), results);
}

// `--lang zh|en`: the command line's view of the diagnostics' language.
impl clap::ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::Zh, Lang::En]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            Lang::Zh => clap::builder::PossibleValue::new("zh").help("中文 (the default)"),
            Lang::En => clap::builder::PossibleValue::new("en").help("English"),
        })
    }
}

/// The bounds each file is read under (`crate::decode::limits`, docs/security.md).
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// CPU seconds one file may take to read and check; a file that takes longer is
    /// reported unreadable (超时).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::decode::limits::FILE_CPU_SECONDS)]
    pub file_timeout: u64,
    /// Memory (MiB) a reader process may use; a file that needs more is reported
    /// unreadable (内存超限).
    #[arg(long, value_name = "MIB", default_value_t = crate::decode::limits::WORKER_MEMORY_BYTES >> 20)]
    pub file_memory: u64,
}

impl Default for ReadArgs {
    fn default() -> Self {
        ReadArgs {
            file_timeout: crate::decode::limits::FILE_CPU_SECONDS,
            file_memory: crate::decode::limits::WORKER_MEMORY_BYTES >> 20,
        }
    }
}

impl ReadArgs {
    /// The limits as the worker pool takes them.
    pub fn limits(&self) -> Limits {
        Limits {
            cpu: std::time::Duration::from_secs(self.file_timeout.max(1)),
            memory: self.file_memory.max(64).saturating_mul(1 << 20),
        }
    }
}

/// Starts the pool of reader processes (this binary, `__worker`) with the same policy,
/// year and limits as the command.
pub fn reader_pool(review: &ReviewArgs, read: &ReadArgs) -> anyhow::Result<Pool> {
    let program = std::env::current_exe().context("cannot find the selfeval program")?;
    let mut args: Vec<OsString> = vec!["__worker".into()];
    if let Some(p) = &review.policy {
        args.push("--policy".into());
        args.push(std::path::absolute(p).unwrap_or_else(|_| p.clone()).into());
    }
    if let Some(y) = review.year {
        args.push(format!("--year={y}").into());
    }
    args.push(format!("--file-timeout={}", read.file_timeout).into());
    args.push(format!("--file-memory={}", read.file_memory).into());
    Ok(Pool::new(Spawn {
        program,
        args,
        limits: read.limits(),
    }))
}

/// Runs the chosen subcommand and turns its outcome into the process exit status.
pub fn dispatch(cli: Cli) -> ExitCode {
    let lang = cli.global.lang;
    let result = match cli.command {
        Command::Template(a) => template::run(a),
        Command::Check(a) => check::run(a, lang),
        Command::Run(a) => run::run(a, lang),
        Command::Serve(a) => serve::run(a, lang),
        Command::Policy(a) => policy::run(a, lang),
        Command::Rules(a) => rules::run(a, lang),
        Command::Init(a) => init::run(a, lang),
        Command::Status(a) => status::run(a, lang),
        Command::Issue(a) => issue::run(a, lang),
        Command::Pin(a) => pin::run(a, lang),
        Command::Worker(a) => worker::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}", error_text(&e, lang));
            ExitCode::from(EXIT_USAGE)
        }
    }
}
