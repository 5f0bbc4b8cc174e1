//! `selfeval __worker` (hidden): a reader process. The parent (`check`, `run`) starts a few
//! and hands each file to one (`crate::check::worker`); this is the worker's side.

use crate::check::worker::serve;
use crate::cmd::{ReadArgs, ReviewArgs};

/// A reader process for `check` and `run` (not for people).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Policy, year and language (as the parent's).
    #[command(flatten)]
    pub review: ReviewArgs,
    /// The per-file limits (as the parent's).
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs the worker until its stdin closes.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = args.review.settings()?;
    serve(&settings, args.read.limits())?;
    Ok(crate::cmd::EXIT_OK)
}
