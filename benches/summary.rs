//! Writing summary.xlsx for about 100,000 indicator rows (指标明细), from checked files
//! held in memory: `render::summary::build` plus serialising the workbook.
//!
//! ```text
//! cargo bench --bench summary
//! ```

#[path = "common/corpus.rs"]
mod corpus;

use criterion::{criterion_group, criterion_main, Criterion};
use rayon::prelude::*;
use selfeval::check::{self, CheckedFile, Settings};
use selfeval::render::summary::{self, SheetMemory, SummaryOptions};
use selfeval::render::RunCx;
use selfeval::Lang;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Indicator rows to reach.
pub const ROWS: usize = 100_000;

/// Checked files of generated unit workbooks, enough for `rows` indicator rows; built in
/// memory through the real pipeline.
pub fn checked_files(rows: usize) -> Vec<CheckedFile> {
    let settings = Settings::default();
    let per_file: usize = {
        let t = corpus::unit_tables(0);
        t.iter().map(|t| t.indicators.len()).sum::<usize>().max(1)
    };
    let mut n = rows / per_file + 1;
    loop {
        let files: Vec<CheckedFile> = (0..n)
            .into_par_iter()
            .map(|i| {
                let bytes = corpus::workbook_bytes(i).expect("workbook built");
                let path = PathBuf::from("/inbox").join(corpus::file_name(i));
                check::check_bytes(&path, &bytes, &settings)
            })
            .collect();
        let have: usize = indicator_rows(&files);
        if have >= rows {
            return files;
        }
        n += (rows - have) / per_file + 1;
    }
}

/// Indicator rows over all tables of `files`.
pub fn indicator_rows(files: &[CheckedFile]) -> usize {
    files
        .iter()
        .flat_map(|f| &f.tables)
        .map(|t| t.table.indicators.len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let mut files = checked_files(ROWS);
    check::apply_cross(&mut files, &Settings::default());
    let units = selfeval::units(&files);
    eprintln!(
        "summary bench: {} files, {} units, {} indicator rows",
        files.len(),
        units.len(),
        indicator_rows(&files)
    );
    let mut g = c.benchmark_group("summary");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for (name, memory) in [
        ("standard", SheetMemory::Standard),
        ("constant_memory", SheetMemory::Constant),
        ("low_memory", SheetMemory::Low),
    ] {
        g.bench_function(format!("build_and_save_100k_indicators/{name}"), |b| {
            b.iter(|| {
                let rows = summary::Rows {
                    opts: SummaryOptions { memory },
                    ..Default::default()
                };
                let (settings, view) = (Default::default(), Default::default());
                let run = RunCx::new(Path::new("/inbox"), &settings, &view, Lang::Zh);
                let mut wb = summary::build(&files, &units, &run, rows).expect("summary built");
                wb.save_to_buffer().expect("summary saved").len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
