//! The `selfeval` binary: parses the command line and dispatches to `selfeval::cmd`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = selfeval::cli::Cli::parse();
    selfeval::cli::init_logging(&cli.global);
    selfeval::cmd::dispatch(cli)
}
