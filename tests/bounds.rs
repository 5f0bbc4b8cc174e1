//! Bounds checked before any allocation (docs/security.md, "Small files, huge costs"):
//! each file of fixtures/bounds/ (made by fixtures/make/bounds.py) is a small file that
//! declares or repeats its way to a huge cost in calamine; the pre-check refuses each as
//! `file-unreadable` with the bound it passed, the good files beside them are read, and
//! the whole folder runs within the time and memory bar.

mod common;

use common::{fixtures, selfeval};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// Each hostile file and words its refusal must say.
const HOSTILE: &[(&str, &str)] = &[
    ("ods_space_many.ods", "单元格文本展开后超过"),
    ("ods_space_repeat.ods", "空格重复 2000000000 次"),
    ("shared_declared.xlsx", "声明了 384307168202282325 个字符串"),
    ("shared_empty.xlsx", "共享字符串表中的字符串超过"),
    ("shared_long_string.xlsx", "MiB 的单个文本"),
    ("sheet_entries.xlsx", "声明的工作表超过"),
    ("sheets_one_part.xlsx", "指向同一个工作表部件"),
    ("styles_fonts.xlsx", "<font> 记录超过"),
    ("styles_xf.xlsx", "<xf> 记录超过"),
    ("xls_shared_sheet.xls", "指向另一个工作表的数据"),
    ("xls_sheet_records.xls", "工作表过多（5000 个）"),
];

/// The good files, one per format.
const GOOD: &[&str] = &["good.ods", "good.xls", "good.xlsx"];

/// A debug build parses several times slower than the release build the bar is stated for.
fn time_bar(release: Duration) -> Duration {
    if cfg!(debug_assertions) {
        release * 6
    } else {
        release
    }
}

fn name_of(f: &Value) -> String {
    Path::new(f["path"].as_str().unwrap_or_default())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn each_hostile_file_is_refused_with_its_bound_and_the_good_ones_are_read() {
    let out = selfeval()
        .arg("check")
        .arg(fixtures().join("bounds"))
        .args(["--format", "json"])
        .output()
        .expect("selfeval runs");
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), HOSTILE.len() + GOOD.len(), "{files:?}");
    for (name, words) in HOSTILE {
        let f = files
            .iter()
            .find(|f| name_of(f) == *name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert_eq!(f["status"], "unreadable", "{name}");
        let first = &f["findings"][0];
        assert_eq!(first["code"], "file-unreadable", "{name}");
        let msg = first["message"].as_str().unwrap_or_default();
        assert!(msg.contains(words), "{name}: {msg}");
    }
    for name in GOOD {
        let f = files
            .iter()
            .find(|f| name_of(f) == *name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert_ne!(f["status"], "unreadable", "{name}: {f}");
        assert_eq!(f["tables"].as_array().map(Vec::len), Some(1), "{name}");
    }
}

/// Peak resident memory (KiB) of a run under GNU time, when it is installed.
fn peak_kb(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

#[test]
fn the_folder_runs_within_the_bar_and_every_file_is_listed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let gnu_time = Path::new("/usr/bin/time");
    let mut cmd = if gnu_time.exists() {
        let mut c = std::process::Command::new(gnu_time);
        c.arg("-v").arg(common::binary());
        c
    } else {
        selfeval()
    };
    let start = Instant::now();
    let o = cmd
        .arg("run")
        .arg(fixtures().join("bounds"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("selfeval runs");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        took < time_bar(Duration::from_secs(10)),
        "the bounds folder took {took:?}"
    );
    if let Some(kb) = peak_kb(&stderr) {
        eprintln!("bounds folder: {took:?}, peak {} MiB", kb / 1024);
        assert!(
            kb < 200 * 1024,
            "peak memory {} MiB over 200 MiB",
            kb / 1024
        );
    }
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report.json"))
            .expect("JSON");
    let listed: Vec<String> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(name_of)
        .collect();
    for name in HOSTILE.iter().map(|(n, _)| *n).chain(GOOD.iter().copied()) {
        assert!(listed.iter().any(|l| l == name), "{name} not in the report");
    }
    assert!(out.join("summary.xlsx").is_file());
}

#[test]
fn the_hostile_folder_under_watch_keeps_running() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = common::selfeval_at_root()
        .args(["run", "fixtures/bounds", "-o"])
        .arg(&out)
        .arg("--watch")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !out.join("report.json").exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "no first build"
        );
        assert!(child.try_wait().unwrap().is_none(), "watch ended");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_secs(2));
    let still = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(still, "--watch stopped on the hostile folder");
}
