//! `selfeval policy`: prints the effective scoring policy as TOML — the built-in `mof-2020`
//! default, or it overridden by `--policy FILE.toml`, every key with a comment saying what it
//! means and which values it takes (Chinese; English with `--lang en`). The output is itself
//! a valid policy file that reads back to the same policy and prints the same bytes again.
//!
//! Usage:
//!
//! ```text
//! selfeval policy                      # the built-in default
//! selfeval policy --policy my.toml     # the default with my.toml's keys applied
//! ```

use crate::diag::Lang;
use crate::score::Policy;
use std::path::PathBuf;

/// Print the effective scoring policy as TOML.
///
/// Prints the built-in `mof-2020` policy (the national rules of scoring.md), or that policy
/// with the keys of FILE.toml applied; a comment above every key says what it means and
/// which values it takes. The output is itself a policy file: edit it and pass it back with
/// `--policy` to `check` or `run`.
///
/// Examples:
///
///   selfeval policy > 评分规则.toml
///   selfeval policy --policy 评分规则.toml
///   selfeval run 收件箱 -o 汇总 --policy 评分规则.toml
///
/// Exit status: 0 printed; 2 the file cannot be read or has a bad or unknown key (named,
/// with its line).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A policy file whose keys override the built-in default (mof-2020).
    #[arg(long, value_name = "FILE.toml")]
    pub policy: Option<PathBuf>,
}

/// Runs the subcommand: the policy on stdout, every key with a comment in `lang`, exit 0;
/// a bad file is an error (exit 2).
pub fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    let policy = Policy::load_or_default(args.policy.as_deref())?;
    print!("{}", policy.to_commented_toml(lang));
    Ok(super::EXIT_OK)
}
