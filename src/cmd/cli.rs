//! The command line: global options and the subcommand list. Each subcommand's own
//! arguments live with its code in `crate::cmd`.

use crate::cmd;
use clap::{Args, Parser, Subcommand};

/// Reads, checks and re-scores budget performance self-evaluation workbooks (预算绩效自评表).
///
/// A finance officer drops the units' workbooks into a folder; `selfeval run` reads every
/// one, checks every figure, re-scores every indicator and writes the bureau's summary
/// workbooks and a list of problems pointing at the exact cell.
///
/// Examples:
///
///   selfeval run inbox -o out
///   selfeval check 应急管理局.xlsx --format text
///   selfeval template --kind project --year 2021 -o 项目支出绩效自评表.xlsx
///   selfeval policy > my-policy.toml
///
/// Exit status: 0 all read and no errors; 1 error findings or an unreadable file;
/// 2 the command itself could not run.
#[derive(Debug, Parser)]
#[command(name = "selfeval", version, max_term_width = 100, verbatim_doc_comment)]
pub struct Cli {
    /// Options for every subcommand.
    #[command(flatten)]
    pub global: Global,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Options for every subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// The subcommands. Each one's help text is the doc comment of its `Args` in `crate::cmd`.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum Command {
    Template(cmd::template::Args),
    Check(cmd::check::Args),
    Run(cmd::run::Args),
    Policy(cmd::policy::Args),
    Rules(cmd::rules::Args),
    #[command(name = "__worker", hide = true)]
    Worker(cmd::worker::Args),
}

/// Sets up `tracing` on stderr: warnings by default, `-v` for more, `-q` for errors only,
/// `RUST_LOG` when set.
pub fn init_logging(g: &Global) {
    use tracing_subscriber::EnvFilter;
    let level = if g.quiet {
        "error"
    } else {
        match g.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
    quiet_panics();
}

/// A panic inside one file's check is caught and becomes that file's finding; the user
/// sees the finding, not a backtrace. The panic itself is logged (`-v` shows it).
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::info!("internal error (caught): {what} at {place}");
    }));
}
