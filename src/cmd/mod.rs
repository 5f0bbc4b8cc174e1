//! One module per subcommand; each starts with its usage text and returns an exit status.

pub mod check;
pub mod policy;
pub mod rules;
pub mod run;
pub mod template;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Everything read and no error findings.
pub const EXIT_OK: u8 = 0;
/// Error findings, or a file that could not be read.
pub const EXIT_FINDINGS: u8 = 1;
/// The command itself could not run.
pub const EXIT_USAGE: u8 = 2;

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
