//! `selfeval run --watch`: a file dropped into the inbox changes the outputs; removing it
//! changes them back.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

fn tables_in(out: &Path) -> Option<usize> {
    let bytes = std::fs::read(out.join("report.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    Some(v["summary"]["tables"].as_u64()? as usize)
}

fn files_in(out: &Path) -> Option<usize> {
    let bytes = std::fs::read(out.join("report.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    Some(v["summary"]["files"].as_u64()? as usize)
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

/// An inbox holding one workbook under `dir`, and `run --watch` started on it.
fn start_watch(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::process::Child) {
    let inbox = dir.join("inbox");
    let out = dir.join("out");
    std::fs::create_dir_all(&inbox).unwrap();
    let sample = common::fixtures()
        .join("inbox")
        .join("永登县交通运输局.xlsx");
    std::fs::copy(&sample, inbox.join("a.xlsx")).unwrap();
    let child = common::selfeval()
        .args([
            "run",
            inbox.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--watch",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    (inbox, out, child)
}

#[test]
fn watch_rebuilds_when_a_file_is_added_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, out, mut child) = start_watch(dir.path());
    wait_for("the first build", || files_in(&out) == Some(1));
    let base = tables_in(&out).unwrap();
    assert!(base > 0);

    // Copy in slowly, as a USB stick would: the build must see the complete file.
    let bytes = std::fs::read(
        common::fixtures()
            .join("inbox")
            .join("兰州新区应急管理局.xlsx"),
    )
    .unwrap();
    {
        use std::io::Write;
        let mut f = std::fs::File::create(inbox.join("b.xlsx")).unwrap();
        for chunk in bytes.chunks(bytes.len() / 4 + 1) {
            f.write_all(chunk).unwrap();
            f.flush().unwrap();
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    wait_for("the added file", || files_in(&out) == Some(2));
    let with_b = tables_in(&out).unwrap();
    assert!(
        with_b > base,
        "the new workbook's tables are counted: {with_b} vs {base}"
    );
    let report = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert!(
        !report.contains("\"unreadable\""),
        "a file being copied in is not read half-written"
    );

    std::fs::remove_file(inbox.join("b.xlsx")).unwrap();
    wait_for("the removal", || files_in(&out) == Some(1));
    assert_eq!(tables_in(&out), Some(base));

    let _ = std::process::Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.code().is_some(),
                "Ctrl-C ends the run cleanly with an exit status"
            );
            break;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("--watch did not stop on Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn watch_leaves_the_outputs_alone_while_nothing_changes() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let (_inbox, out, mut child) = start_watch(dir.path());
    wait_for("the first build", || files_in(&out) == Some(1));
    // Every build switches in a new set: the summary's inode tells a rebuild.
    let inode = || {
        std::fs::metadata(out.join("summary.xlsx"))
            .map(|m| m.ino())
            .ok()
    };
    let first = inode();
    std::thread::sleep(Duration::from_secs(10));
    let later = inode();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.is_some());
    assert_eq!(first, later, "a rebuild without a change");
}
