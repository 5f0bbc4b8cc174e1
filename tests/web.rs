//! The officer's page in a real browser (web.md §4): starts `selfeval serve` over a
//! workspace made by `selfeval init`, and runs tests/web/browser.py (Playwright driving
//! Debian's Chromium) against its printed address: upload, run, roster, unit, download and
//! open the return workbook, issue a round, upload a correction and see 已改正, change a
//! setting and read it back from selfeval.toml; then switch the page to English, read the
//! roster's English headers, upload and run, open a unit, and switch back to Chinese.
//! `SELFEVAL_WEB_SHOTS=docs/web` also writes the screenshots of docs/web.md.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
#[ignore = "external: chromium, playwright"]
fn the_page_in_chromium() {
    let root = env!("CARGO_MANIFEST_DIR");
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("2021年度绩效自评");
    let init = common::selfeval()
        .arg("init")
        .arg(&ws)
        .args(["--year", "2021"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let mut server = common::selfeval()
        .args(["serve", "--no-open"])
        .arg(&ws)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = first.split("：").nth(1).expect(&first).trim().to_string();
    let shots = std::env::var("SELFEVAL_WEB_SHOTS").ok();
    let mut py = Command::new("python3");
    py.arg(format!("{root}/tests/web/browser.py"))
        .arg(&url)
        .arg(&ws)
        .arg(format!("{root}/fixtures/resubmission"));
    if let Some(s) = &shots {
        py.arg(s);
    }
    let status = py.status();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        status.unwrap().success(),
        "tests/web/browser.py failed (its output is above)"
    );
}
