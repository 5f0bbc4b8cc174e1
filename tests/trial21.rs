//! A spring played only through the page (docs/campaign.md, "A spring in the browser,
//! twenty-first session"): `selfeval serve` over a folder that is not yet a workspace, and
//! tests/web/trial21.py (Playwright driving Debian's Chromium) through what the officer
//! met there: the workspace made from the first screen, a pin and its removal, a roster row
//! edited, a file over the upload limit. The script lists every mismatch and fails once.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
#[ignore = "external: chromium, playwright"]
fn a_spring_in_the_browser() {
    let root = env!("CARGO_MANIFEST_DIR");
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("2021年度绩效自评");
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&scratch).unwrap();
    let mut server = common::selfeval()
        .args(["serve", "--no-open"])
        .arg(&folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = first.split("：").nth(1).expect(&first).trim().to_string();
    let status = Command::new("python3")
        .arg(format!("{root}/tests/web/trial21.py"))
        .arg(&url)
        .arg(&folder)
        .arg(format!("{root}/fixtures"))
        .arg(&scratch)
        .status();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        status.unwrap().success(),
        "tests/web/trial21.py failed (its mismatches are above)"
    );
}
