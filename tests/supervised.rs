//! Supervised reading: a file that makes its reader process abort, hang or exit costs that
//! one file (`file-unreadable`, with the reason), and the run goes on with a fresh worker.

mod common;

use common::{fixtures, selfeval};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// `check --format json` on a folder, with extra environment; (exit code, document).
fn check_json(dir: &Path, env: &[(&str, &str)], extra: &[&str]) -> (i32, Value) {
    let mut cmd = selfeval();
    cmd.arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("selfeval runs");
    let doc = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    (out.status.code().expect("exit code, not a signal"), doc)
}

/// (file name, status, first message) of every file listed.
fn listed(doc: &Value) -> Vec<(String, String, String)> {
    doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let name = Path::new(f["path"].as_str().unwrap_or_default())
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let msg = f["findings"][0]["message"].as_str().unwrap_or_default();
            (
                name,
                f["status"].as_str().unwrap_or_default().to_string(),
                msg.to_string(),
            )
        })
        .collect()
}

#[test]
fn an_aborting_file_is_unreadable_and_the_good_one_is_read() {
    let (code, doc) = check_json(&fixtures().join("supervised"), &[], &[]);
    assert_eq!(code, 1);
    let files = listed(&doc);
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(files[0].0, "abort_shared_strings.xlsx");
    assert_eq!(files[0].1, "unreadable");
    // The pre-check now refuses the declared count before calamine reserves memory for it
    // (tests/bounds.rs); the worker's own abort path is held by the injected faults below.
    assert!(files[0].2.contains("共享字符串表声明了"), "{}", files[0].2);
    assert_eq!(files[1], ("good.xlsx".into(), "ok".into(), String::new()));
}

#[test]
fn run_writes_every_output_beside_an_aborting_file() {
    let out = tempfile::tempdir().expect("tempdir");
    let status = selfeval()
        .arg("run")
        .arg(fixtures().join("supervised"))
        .arg("-o")
        .arg(out.path())
        .status()
        .expect("selfeval runs");
    assert_eq!(status.code(), Some(1));
    for name in ["summary.xlsx", "findings.xlsx", "report.json"] {
        assert!(out.path().join(name).is_file(), "{name} missing");
    }
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).expect("report"))
            .expect("JSON");
    assert_eq!(listed(&report).len(), 2);
}

/// A folder of `n` copies of a good workbook, named f0.xlsx … (distinct content is not
/// needed: the duplicates only add warnings).
fn copies(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = fixtures().join("supervised/good.xlsx");
    for i in 0..n {
        std::fs::copy(&good, dir.path().join(format!("f{i}.xlsx"))).expect("copy");
    }
    dir
}

#[test]
fn a_hanging_file_times_out_and_costs_only_itself() {
    let dir = copies(4);
    let start = Instant::now();
    let (code, doc) = check_json(
        dir.path(),
        &[("SELFEVAL_WORKER_FAULT", "hang:f1.xlsx")],
        &["--file-timeout", "1"],
    );
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code, 1);
    let files = listed(&doc);
    assert_eq!(files[1].1, "unreadable");
    assert!(files[1].2.contains("读取超时"), "{}", files[1].2);
    for i in [0, 2, 3] {
        assert_eq!(files[i].1, "ok", "{:?}", files[i]);
    }
}

#[test]
fn a_crashing_worker_is_replaced_for_the_next_files() {
    for (fault, words) in [("exit", "读取程序异常退出"), ("abort", "内存超限")] {
        let dir = copies(6);
        let spec = format!("{fault}:f2.xlsx");
        let (code, doc) = check_json(dir.path(), &[("SELFEVAL_WORKER_FAULT", &spec)], &[]);
        assert_eq!(code, 1);
        let files = listed(&doc);
        assert_eq!(files.len(), 6);
        assert_eq!(files[2].1, "unreadable");
        assert!(files[2].2.contains(words), "{fault}: {}", files[2].2);
        let ok = files.iter().filter(|f| f.1 == "ok").count();
        assert_eq!(ok, 5, "{files:?}");
    }
}

/// A reader that takes more memory than `--file-memory` is ended by its limit (Linux: the
/// address-space rlimit; Windows: the Job Object, scripts/smoke-windows.sh) and only its
/// file is lost.
#[test]
fn a_reader_over_its_memory_limit_costs_only_its_file() {
    let dir = copies(3);
    let (code, doc) = check_json(
        dir.path(),
        &[("SELFEVAL_WORKER_FAULT", "alloc:f1.xlsx")],
        &["--file-memory", "1536"],
    );
    assert_eq!(code, 1);
    let files = listed(&doc);
    assert_eq!(files[1].1, "unreadable", "{files:?}");
    assert!(files[1].2.contains("内存超限"), "{}", files[1].2);
    for i in [0, 2] {
        assert_eq!(files[i].1, "ok", "{:?}", files[i]);
    }
}

/// A reader process that kept much memory after a file (an allocator keeps what a large
/// file made it take) is not given the next file: a fresh one is. The `hold` fault keeps
/// 128 MiB after f1 and exits if the same process is asked for another file, so a kept
/// process shows as a lost file. One thread, so every file goes through the same pool slot.
#[test]
fn a_reader_that_kept_much_memory_is_not_given_the_next_file() {
    let dir = copies(5);
    let (code, doc) = check_json(
        dir.path(),
        &[
            ("SELFEVAL_WORKER_FAULT", "hold:f1.xlsx"),
            ("RAYON_NUM_THREADS", "1"),
        ],
        &[],
    );
    let files = listed(&doc);
    assert_eq!(files.len(), 5);
    for f in &files {
        assert_eq!(f.1, "ok", "{files:?}");
    }
    // Five copies of one workbook: the duplicates are warnings, not errors.
    assert_eq!(code, 0, "{files:?}");
}
