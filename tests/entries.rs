//! Every entry of an inbox accounted for, whatever it is, and every name built from input
//! legal (issue: one file never stops the run). The binary on folders made here: symbolic
//! links, a FIFO, a name that is not UTF-8, a spoofing direction mark, a very long unit name,
//! an OUTDIR inside INBOX, many copies of one workbook.

mod common;

use serde_json::Value;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn good() -> PathBuf {
    common::fixtures()
        .join("inbox")
        .join("永登县交通运输局.xlsx")
}

fn selfeval(args: &[&std::ffi::OsStr]) -> std::process::Output {
    common::selfeval()
        .args(args)
        .output()
        .expect("selfeval runs")
}

fn mkfifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .expect("mkfifo");
}

/// An inbox with one entry of each odd kind beside a good workbook; returns the entries.
fn odd_inbox(inbox: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(inbox.join("子文件夹")).unwrap();
    let gbk = std::ffi::OsStr::from_bytes(b"\xd3\xa6\xbc\xb1\xb9\xdc\xc0\xed.xlsx");
    let entries = vec![
        inbox.join("good.xlsx"),
        inbox.join("link.xlsx"),
        inbox.join("dangling.xlsx"),
        inbox.join("fifo.xlsx"),
        inbox.join(gbk),
        inbox.join("单位\u{202E}xcod.exe.xlsx"),
        inbox.join("子文件夹").join("copy.xlsx"),
    ];
    std::fs::copy(good(), &entries[0]).unwrap();
    std::os::unix::fs::symlink(&entries[0], &entries[1]).unwrap();
    std::os::unix::fs::symlink(inbox.join("gone.xlsx"), &entries[2]).unwrap();
    mkfifo(&entries[3]);
    std::fs::copy(good(), &entries[4]).unwrap();
    std::fs::copy(good(), &entries[5]).unwrap();
    std::fs::copy(good(), &entries[6]).unwrap();
    entries
}

#[test]
fn every_entry_of_an_odd_inbox_is_listed_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    let out = tmp.path().join("out");
    let entries = odd_inbox(&inbox);
    let started = Instant::now();
    let o = selfeval(&[
        "run".as_ref(),
        inbox.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the FIFO blocked the run"
    );
    // Copies are warnings, the odd entries infos: no error.
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), entries.len(), "every entry listed: {files:#?}");
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap_or_default().ends_with(name))
            .map(|f| (f["status"].clone(), f["findings"][0]["message"].clone()))
    };
    let (st, msg) = status("link.xlsx").unwrap();
    assert_eq!(st, "skipped");
    assert!(msg.as_str().unwrap().contains("符号链接"), "{msg}");
    assert_eq!(status("fifo.xlsx").unwrap().0, "skipped");
    assert_eq!(status("dangling.xlsx").unwrap().0, "skipped");
    // The GBK name is listed (shown lossily) and read.
    let lossy = files
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains('\u{FFFD}'));
    assert_eq!(
        lossy
            .map(|f| f["status"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["ok"]
    );
    // 文件清单 lists them too.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("summary.xlsx")).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut wb, "文件清单").unwrap();
    let listed = sheet
        .rows()
        .filter(|r| {
            r.iter()
                .any(|c| c.to_string().contains(".xlsx") && !c.to_string().contains("summary"))
        })
        .count();
    assert!(
        listed >= entries.len(),
        "文件清单 lists {listed} of {} entries",
        entries.len()
    );
}

#[test]
fn check_on_a_fifo_returns_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("管道.xlsx");
    mkfifo(&fifo);
    let mut child = common::selfeval()
        .arg("check")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("check waited on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("file-skipped") && text.contains("不是普通文件"),
        "{text}"
    );
}

#[test]
fn an_outdir_inside_the_inbox_is_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(good(), inbox.join("good.xlsx")).unwrap();
    for out in [inbox.join("结果"), inbox.clone(), inbox.join("a/../b")] {
        let o = selfeval(&[
            "run".as_ref(),
            inbox.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("位于收件箱"), "{err}");
    }
    let names: Vec<_> = std::fs::read_dir(&inbox)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["good.xlsx"], "nothing written into the inbox");
}

#[test]
#[ignore = "external: python3 openpyxl"]
fn unit_file_names_are_legal_and_not_spoofed() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // A unit name of 80 CJK characters (240 bytes) with a direction override in it.
    let script = format!(
        "import sys; sys.path.insert(0, 'fixtures/make'); import coverage as c; \
         from canonical import write_workbook; long = '应' * 80 + chr(0x202E) + '局'; \
         t = c.project('长名称'); t['unit'] = long; t['dept'] = long; \
         write_workbook([t], {:?})",
        inbox.join("长名称.xlsx").display().to_string()
    );
    let py = Command::new("python3")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", &script])
        .output()
        .expect("python3 (with openpyxl, installed by .ci/run)");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let out = tmp.path().join("out");
    let o = selfeval(&[
        "run".as_ref(),
        inbox.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let units: Vec<_> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(units.len(), 1);
    let name = units[0].file_name();
    assert!(name.len() <= 255 - 30, "{} bytes", name.len());
    let name = name.to_string_lossy();
    assert!(!name.contains('\u{202E}'), "{name}");
    assert!(name.starts_with("应应应"), "{name}");
}

#[test]
fn copies_of_one_workbook_cost_linear_time_and_short_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let time = |n: usize| {
        let inbox = tmp.path().join(format!("in{n}"));
        std::fs::create_dir_all(&inbox).unwrap();
        let bytes = std::fs::read(good()).unwrap();
        for k in 0..n {
            // Each copy differs in one trailing byte: no file-duplicate, every table a copy.
            let mut b = bytes.clone();
            b.extend_from_slice(format!("{k:08}").as_bytes());
            std::fs::write(inbox.join(format!("副本{k:04}.xlsx")), b).unwrap();
        }
        let started = Instant::now();
        let o = selfeval(&[
            "check".as_ref(),
            inbox.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        (started.elapsed(), o.stdout)
    };
    let (small, _) = time(60);
    let (large, json) = time(240);
    let doc: Value = serde_json::from_slice(&json).unwrap();
    let longest = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().unwrap().iter())
        .flat_map(|t| t["findings"].as_array().unwrap().iter())
        .filter(|f| f["code"] == "table-duplicate")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .max_by_key(|m| m.len())
        .expect("table-duplicate findings");
    assert!(longest.contains("及另外"), "{longest}");
    assert!(longest.matches('›').count() <= 3, "{longest}");
    // Four times the copies: well under the sixteen times a quadratic pass would take.
    assert!(
        large < small * 8,
        "60 copies {small:?}, 240 copies {large:?}"
    );
}
