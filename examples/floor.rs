//! The floor: the least any reader of these workbooks must do. Opens every workbook under
//! a folder with calamine and touches every cell of every sheet, nothing else, in parallel.
//!
//! ```text
//! cargo run --release --example floor -- DIR [--jobs N] [--write OUTDIR]
//! ```
//!
//! With `--write`, each workbook is also written back into OUTDIR by rust_xlsxwriter, every
//! cell with one format (the write floor: what re-laying N workbooks costs at least).
//!
//! `selfeval check`/`run` on the same folder with the same thread count is measured against
//! this (docs/performance.md).

#[path = "../benches/common/floor.rs"]
mod floor;

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut jobs = None;
    let mut write = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--jobs" | "-j" => {
                jobs = Some(
                    args.next()
                        .context("--jobs needs a number")?
                        .parse::<usize>()
                        .context("--jobs needs a number")?,
                )
            }
            "--write" => {
                write = Some(PathBuf::from(
                    args.next().context("--write needs a folder")?,
                ))
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => bail!("usage: floor DIR [--jobs N] [--write OUTDIR]"),
        }
    }
    let dir = dir.context("usage: floor DIR [--jobs N] [--write OUTDIR]")?;
    let files = floor::list(&dir)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        pool = pool.num_threads(n.max(1));
    }
    let pool = pool.build()?;
    if let Some(out) = write {
        std::fs::create_dir_all(&out)?;
        let n = pool.install(|| floor::copy_all(&files, &out));
        println!("{} files, {n} written to {}", files.len(), out.display());
        return Ok(());
    }
    let t = pool.install(|| floor::touch_all(&files));
    // Printed so the work cannot be optimised away and a run can be checked.
    println!(
        "{} files, {} sheets, {} cells, {} non-empty",
        files.len(),
        t.sheets,
        t.cells,
        t.non_empty
    );
    Ok(())
}
