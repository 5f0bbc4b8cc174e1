//! Reading against the floor: `check::check_all` (read → review → rules, cross-table
//! rules) versus calamine touching every cell, on a generated corpus of 100 unit workbooks,
//! with one and with two worker threads.
//!
//! ```text
//! cargo bench --bench read
//! ```

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/floor.rs"]
mod floor;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use selfeval::check::{self, Settings};
use selfeval::read::walk;
use std::time::Duration;

const N: usize = 100;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let paths = corpus::write_corpus(N, dir.path()).expect("corpus written");
    let inputs = walk::walk(&[dir.path().to_path_buf()]).expect("corpus walked");
    assert_eq!(inputs.len(), N);
    let settings = Settings::default();

    let mut g = c.benchmark_group(format!("read_{N}_workbooks"));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        g.bench_with_input(BenchmarkId::new("floor", threads), &threads, |b, _| {
            b.iter(|| pool.install(|| floor::touch_all(&paths)))
        });
        g.bench_with_input(BenchmarkId::new("check_all", threads), &threads, |b, _| {
            b.iter(|| pool.install(|| check::check_all(&inputs, &settings)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
