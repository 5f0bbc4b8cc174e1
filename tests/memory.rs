//! Issue 35: `run`'s peak memory grows little with the number of workbooks. Runs the
//! binary on N and 2N generated workbooks (benches/common/corpus.rs: seven tables, about
//! 70 indicator rows each) and bounds what the second N cost.
//!
//! Before the row heights of the long list sheets were kept out of rust_xlsxwriter's row map
//! (`xlsx::heights`), every indicator, table and finding row cost about 500 bytes until
//! the summary was saved: some 50 KB a workbook in all; the bureau report's body, built
//! whole, 7 KB a unit more. What is left is mostly the light copies of the checked files
//! (docs/performance.md, "Tenth session: memory" and "Eleventh session: memory").

mod common;

#[path = "../benches/common/corpus.rs"]
mod corpus;

use common::measure::run_measured;
use std::path::Path;

/// Workbooks of the smaller run; the larger has twice as many.
const N: usize = 1_000;

/// What one more workbook may add to the peak, in KiB. Measured: 14 KiB a workbook (debug
/// build, 72 → 86 MiB) since the documents' body is streamed (eleventh session), most of
/// it the light copies the main process keeps of every checked file; 26–32 (debug) and
/// 20–23 (release) before, 42 (release) before the row heights left rust_xlsxwriter's map.
const KIB_PER_WORKBOOK: u64 = 20;

/// Runs of each size; the peaks compared are their medians. Five since a run of three, on a
/// machine where another build was running, measured 71 → 91 MiB (20.5 KiB a workbook) where
/// the same tree alone gave 76 → 88.
const RUNS: usize = 5;

/// Peak resident memory (KiB) of `run INBOX -o OUT`, after checking it wrote the summary.
fn peak_of_run(inbox: &Path, out: &Path) -> u64 {
    let args = [
        "run",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "zh",
    ];
    let (o, took, kib) = run_measured(&args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{:?}: {err}",
        o.status
    );
    assert!(out.join("summary.xlsx").is_file(), "{err}");
    eprintln!("{} peak {} MiB in {took:.1?}", inbox.display(), kib / 1024);
    kib
}

#[test]
#[cfg(target_os = "linux")]
#[ignore = "external: big corpus (3,000 generated workbooks, five runs of each size, about 4 minutes in a debug build)"]
fn twice_the_workbooks_cost_little_more_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (small, large) = (dir.path().join("n"), dir.path().join("2n"));
    let mut paths = corpus::write_corpus(2 * N, &large).unwrap();
    paths.sort();
    std::fs::create_dir(&small).unwrap();
    for p in &paths[..N] {
        std::fs::hard_link(p, small.join(p.file_name().unwrap())).unwrap();
    }
    // The median of three runs of each, taken in turn: one run's peak moves by a few MiB
    // (a 70 against the usual 73 once failed the bound on CI).
    let (mut ns, mut twos) = (Vec::new(), Vec::new());
    for k in 0..RUNS {
        ns.push(peak_of_run(&small, &dir.path().join(format!("out-n{k}"))));
        twos.push(peak_of_run(&large, &dir.path().join(format!("out-2n{k}"))));
    }
    let median = |mut v: Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2]
    };
    let (at_n, at_2n) = (median(ns), median(twos));
    let grew = at_2n.saturating_sub(at_n);
    assert!(
        grew <= KIB_PER_WORKBOOK * N as u64,
        "{N} more workbooks added {} MiB to the peak ({} → {} MiB): over {KIB_PER_WORKBOOK} \
         KiB a workbook",
        grew / 1024,
        at_n / 1024,
        at_2n / 1024
    );
}

/// Units of the workspace whose round is issued.
const ROUND_UNITS: usize = 600;

/// Sending a round to every unit costs about what a run costs. Each unit's list of findings
/// sent was once taken from the whole run's list, keeping that list's room: memory (and
/// time) in the square of the units, 1.3 GB at 2,000 units, where a run peaks near 90 MiB.
#[test]
#[cfg(target_os = "linux")]
#[ignore = "external: big corpus (600 generated workbooks, a run and an issue, about a minute in a debug build)"]
fn a_round_to_every_unit_costs_what_a_run_costs() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    let ok = |args: &[&str]| {
        let (o, took, kib) = run_measured(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}: {err}");
        eprintln!("{} peak {} MiB in {took:.1?}", args[0], kib / 1024);
        (o, kib)
    };
    ok(&["init", w, "--year", "2021"]);
    corpus::write_corpus(ROUND_UNITS, &ws.join("收件箱")).unwrap();
    let (_, run) = ok(&["run", w]);
    let (o, issue) = ok(&["issue", w, "--format", "json"]);
    let issued: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sent = issued["units"].as_array().map_or(0, Vec::len);
    assert!(sent > ROUND_UNITS / 2, "{issued}");
    assert!(
        // Measured: 1.3× (it runs twice and writes the round between); 2.3× before.
        issue * 10 <= run * 16,
        "a round to {sent} units peaked at {} MiB, a run at {} MiB",
        issue / 1024,
        run / 1024
    );
}
