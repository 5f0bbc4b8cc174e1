//! No silent cut (issue 35): a bound that leaves part of a file unread says so, with the
//! count (`file-clipped`). A workbook past the sheet bound (its first 256 sheets read)
//! was listed as 通过 with no finding.

mod common;

use selfeval::read::{limits, read_bytes};

fn workbook(sheets: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for i in 0..sheets {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, format!("第{i}张")).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn sheets_past_the_bound_are_counted_in_a_finding() {
    let extra = 44;
    let r = read_bytes(&workbook(limits::MAX_SHEETS + extra));
    let f = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "file-clipped")
        .expect("file-clipped");
    assert!(
        f.message.zh.contains(&format!("另外 {extra} 张")),
        "{}",
        f.message.zh
    );
    let r = read_bytes(&workbook(limits::MAX_SHEETS));
    assert!(r.findings.iter().all(|f| f.code.as_str() != "file-clipped"));
}

/// A hard cap rather than growth: an inbox past `MAX_INBOX_ENTRIES` entries is refused at
/// once with a message (exit 2), nothing written.
#[test]
fn an_inbox_past_the_entry_cap_is_refused_with_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for i in 0..=limits::MAX_INBOX_ENTRIES {
        std::fs::File::create(inbox.join(format!("{i}.txt"))).unwrap();
    }
    let out = tmp.path().join("out");
    let started = std::time::Instant::now();
    let o = common::selfeval()
        .args(["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("条目超过 50000 个"), "{err}");
    assert!(!out.join("summary.xlsx").exists());
}
