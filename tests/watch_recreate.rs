//! `run --watch` on an inbox that is deleted and made again (issue 35): the new folder is
//! watched and the outputs rebuilt from it; Ctrl-C then exits 0 (cli.md), not 2.

mod common;

use common::wait_for;
use std::path::Path;
use std::time::Duration;

fn files_in(out: &Path) -> Option<u64> {
    let bytes = std::fs::read(out.join("report.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v["summary"]["files"].as_u64()
}

fn fill(inbox: &Path, names: &[&str]) {
    std::fs::create_dir_all(inbox).unwrap();
    for n in names {
        std::fs::copy(common::fixtures().join("inbox").join(n), inbox.join(n)).unwrap();
    }
}

#[test]
fn a_recreated_inbox_is_watched_again_and_ctrl_c_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let (inbox, out) = (tmp.path().join("inbox"), tmp.path().join("out"));
    fill(&inbox, &["永登县交通运输局.xlsx"]);
    let mut child = common::selfeval()
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
    wait_for("the first build", || files_in(&out) == Some(1));
    std::fs::remove_dir_all(&inbox).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    fill(
        &inbox,
        &["永登县交通运输局.xlsx", "兰州新区应急管理局.xlsx"],
    );
    wait_for("the rebuild from the new inbox", || {
        files_in(&out) == Some(2)
    });
    // A file added later to the new folder is seen too.
    fill(&inbox, &["永登县卫生健康局.xlsx"]);
    wait_for("the file added to the new inbox", || {
        files_in(&out) == Some(3)
    });

    let status = common::interrupt(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(0));
}
