//! `selfeval check` (not built yet).

/// Arguments of `selfeval check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("not built yet")
}
