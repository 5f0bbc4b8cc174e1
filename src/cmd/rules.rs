//! `selfeval rules`: lists the validation rules of the catalogue — code, severity, stage
//! and meaning. `--markdown` prints the catalogue as the Markdown of `docs/rules.md`
//! (both languages, whatever `--lang`).
//!
//! Usage:
//!
//! ```text
//! selfeval rules                 # one rule a line, meanings in Chinese
//! selfeval rules --lang en       # meanings in English
//! selfeval rules --markdown > docs/rules.md
//! ```

use crate::diag::{Lang, RULES};
use crate::rules::markdown;

/// List the validation rules.
///
/// One rule a line: its stable code (what scripts match on), severity, where it is checked
/// and what it means. `--markdown` prints the catalogue as docs/rules.md.
///
/// Examples:
///
///   selfeval rules
///   selfeval rules --lang en
///   selfeval rules --markdown > docs/rules.md
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Print the catalogue as Markdown (the text of docs/rules.md).
    #[arg(long)]
    pub markdown: bool,
}

/// The plain listing: one rule a line, aligned columns.
pub fn listing(lang: Lang) -> String {
    let mut s = String::new();
    for r in RULES {
        let meaning = match lang {
            Lang::Zh => r.zh,
            Lang::En => r.en,
        };
        s.push_str(&format!(
            "{:<28} {:<8} {:<6} {}\n",
            r.id,
            r.severity.as_str(),
            r.stage.as_str(),
            meaning
        ));
    }
    s
}

/// Runs the subcommand.
/// The meanings are in `lang` (the global `--lang`).
pub fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    if args.markdown {
        print!("{}", markdown());
    } else {
        print!("{}", listing(lang));
    }
    Ok(super::EXIT_OK)
}
