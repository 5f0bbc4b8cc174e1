//! Writes a corpus of realistic unit workbooks for scale tests and benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N OUTDIR
//! ```
//!
//! Writes `N` workbooks (`00000_<单位>.xlsx` …) into OUTDIR, in parallel. Each holds a
//! department table, five project tables and a transfer table with varied figures and a
//! few planted defects; the same N always gives the same files.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [n, out] = args.as_slice() else {
        bail!("usage: gen_corpus N OUTDIR");
    };
    let n: usize = n.parse().context("N must be a whole number")?;
    let out = PathBuf::from(out);
    let start = std::time::Instant::now();
    let paths = corpus::write_corpus(n, &out)?;
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    eprintln!(
        "wrote {} workbooks ({} tables, {:.1} MB) to {} in {:.2?}",
        paths.len(),
        paths.len() * corpus::TABLES_PER_WORKBOOK,
        bytes as f64 / 1e6,
        out.display(),
        start.elapsed()
    );
    Ok(())
}
