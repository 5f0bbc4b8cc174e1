//! One module per subcommand; each starts with its usage text and returns an exit status.

pub mod check;
pub mod policy;
pub mod rules;
pub mod run;
pub mod template;

use crate::cli::{Cli, Command};
use crate::rules::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// Everything read and no error findings.
pub const EXIT_OK: u8 = 0;
/// Error findings, or a file that could not be read.
pub const EXIT_FINDINGS: u8 = 1;
/// The command itself could not run.
pub const EXIT_USAGE: u8 = 2;

/// Options shared by `check` and `run`: the policy, the year and the language.
#[derive(Debug, Clone, clap::Args)]
pub struct ReviewArgs {
    /// A policy file (TOML) overriding parameters of the built-in `mof-2020` policy.
    #[arg(long, value_name = "FILE.toml")]
    pub policy: Option<PathBuf>,
    /// The year the tables must be for (`year-mismatch` otherwise); by default the most
    /// common year of the run.
    #[arg(long)]
    pub year: Option<i32>,
    /// Language of messages and output workbooks.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
}

impl ReviewArgs {
    /// Loads the policy and makes the pipeline settings.
    pub fn settings(&self) -> anyhow::Result<crate::pipeline::Settings> {
        let policy = match &self.policy {
            Some(p) => crate::score::Policy::load(p)?,
            None => crate::score::Policy::default(),
        };
        Ok(crate::pipeline::Settings {
            policy,
            year: self.year,
        })
    }
}

/// Runs the chosen subcommand and turns its outcome into the process exit status.
pub fn dispatch(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Template(a) => template::run(a),
        Command::Check(a) => check::run(a),
        Command::Run(a) => run::run(a),
        Command::Policy(a) => policy::run(a),
        Command::Rules(a) => rules::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("selfeval: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
