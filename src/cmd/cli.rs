//! The command line: global options and the subcommand list, and the parse that shows
//! clap's help and errors in Chinese (English with `--lang en`). Each subcommand's own
//! arguments live with its code in `crate::cmd`; the Chinese texts are data in
//! `crate::cmd::zh_help`, the error messages in `crate::cmd::clap_error`.

use crate::cmd;
use crate::diag::Lang;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

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
///   selfeval serve          (opens the officer's page in the browser)
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
    /// More log output on stderr (-v phases and their times, -vv every file, -vvv trace).
    /// RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Language of messages, help and output workbooks.
    #[arg(long, value_enum, global = true, default_value_t = Lang::Zh)]
    pub lang: Lang,
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
    Serve(cmd::serve::Args),
    Init(cmd::init::Args),
    Status(cmd::status::Args),
    Issue(cmd::issue::Args),
    Pin(cmd::pin::Args),
    #[command(name = "__worker", hide = true)]
    Worker(cmd::worker::Args),
}

/// The language asked for on the command line, looked up before parsing so that help and
/// argument errors are in it: `--lang en` or `--lang=en` before any `--`; Chinese otherwise.
///
/// ```
/// use selfeval::cmd::cli::lang_of;
/// use selfeval::Lang;
/// assert_eq!(lang_of(&["selfeval".into(), "run".into(), "--lang".into(), "en".into()]), Lang::En);
/// assert_eq!(lang_of(&["selfeval".into(), "--lang=zh".into()]), Lang::Zh);
/// assert_eq!(lang_of(&["selfeval".into(), "--".into(), "--lang=en".into()]), Lang::Zh);
/// ```
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let value = match a.to_str() {
            Some("--") => break,
            Some("--lang") => it.next().and_then(|v| v.to_str()),
            Some(s) => s.strip_prefix("--lang="),
            None => None,
        };
        if let Some(v) = value {
            return if v == "en" { Lang::En } else { Lang::Zh };
        }
    }
    Lang::Zh
}

/// The clap command with its texts in `lang`: Chinese help (`crate::cmd::zh_help`), or the
/// doc comments for English; in both, the help and version flags are our own so that their
/// descriptions follow the language.
pub fn command(lang: Lang) -> clap::Command {
    // `template --year` takes the same years as the other commands (cli.md).
    let cmd = Cli::command().mut_subcommands(|c| {
        if c.get_name() == "template" {
            c.mut_arg("year", |a| {
                a.value_parser(clap::value_parser!(i32).range(cmd::YEARS))
            })
        } else {
            c
        }
    });
    cmd::zh_help::localise(cmd, lang)
}

/// Parses the arguments. Help and version are printed here; an argument error is printed
/// in the asked language (`错误：…`, the usage, `使用 --help 查看帮助`). `Err` carries the exit
/// status for those cases: 0 after help or version, 2 after an error.
pub fn parse(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    let lang = lang_of(&args);
    let mut cmd = command(lang);
    let mut matches = match cmd.try_get_matches_from_mut(args.clone()) {
        Ok(m) => m,
        Err(e) => {
            let usage = cmd::clap_error::usage_of(&mut cmd, &args);
            return Err(cmd::clap_error::report(&e, lang, &usage));
        }
    };
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| {
        let usage = cmd::clap_error::usage_of(&mut cmd, &args);
        cmd::clap_error::report(&e, lang, &usage)
    })
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
        // Colour codes only for a terminal, not into a log file or a pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
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
