//! `selfeval check`: read workbooks and report every problem found in them.

use crate::cmd::{ReadArgs, ReviewArgs};
use crate::diag::Lang;
use crate::read::walk;
use crate::render;
use crate::store::FileSource;
use std::path::PathBuf;

/// Read workbooks and report every problem found in them.
///
/// Each PATH is a workbook (.xlsx .xlsm .xls .xlsb .ods, also a system's .xls that is
/// Excel 2003 XML, an HTML table or a single-file web page, .mht and .csv; chosen by
/// content) or a folder, which is walked recursively. Excel lock files (~$…), hidden files
/// and other files are listed as skipped. Every table found is re-scored and checked;
/// findings point at the exact sheet and cell.
///
/// Examples:
///
///   selfeval check 应急管理局.xlsx
///   selfeval check inbox/ --format json > report.json
///   selfeval check inbox/ --year 2021 --lang en
///
/// Exit status: 0 no error findings; 1 error findings or an unreadable file; 2 a PATH
/// does not exist or the policy file is malformed.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Workbooks or folders to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Policy, year and language.
    #[command(flatten)]
    pub review: ReviewArgs,
    /// Per-file limits.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style diagnostics for people.
    Text,
    /// The `selfeval/check/1` JSON document of cli.md.
    Json,
}

/// Runs `check`.
pub fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    for p in &args.paths {
        // `symlink_metadata`: a dangling link is still listed (as a link), not missing.
        if std::fs::symlink_metadata(p).is_err() {
            return Err(crate::cmd::usage_error(
                format!("路径不存在：{}", p.display()),
                format!("path does not exist: {}", p.display()),
            ));
        }
    }
    let settings = args.review.settings()?;
    let inputs = walk::walk(&args.paths)?;
    let pool = crate::cmd::reader_pool(&args.review, &args.read)?;
    let started = std::time::Instant::now();
    let store = crate::cmd::check_into_store_with(
        &inputs,
        &settings,
        Some(&pool),
        &|i| crate::cmd::logged(i, lang, || pool.check(i)),
        |f| f,
        None,
        &|| {},
        &mut |_| Ok(()),
    )?;
    crate::cmd::log_phase(
        crate::cmd::progress::Phase::Read,
        inputs.len(),
        started,
        lang,
    );
    use std::io::Write;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    // A closed pipe (`| head`) is not an error of the check.
    let _ = match args.format {
        Format::Json => render::json::write(
            &mut stdout,
            &store,
            &settings.policy.name,
            &Default::default(),
            lang,
            true,
        )
        .map_err(|e| std::io::Error::other(e.to_string())),
        Format::Text => stdout.write_all(render::text::render(store.light(), lang).as_bytes()),
    };
    let _ = stdout.write_all(b"\n");
    let _ = stdout.flush();
    Ok(crate::cmd::exit_status(store.light()))
}
