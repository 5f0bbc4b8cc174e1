//! Bad input is a finding, never a panic: each broken file gives exactly one clear
//! file-level finding with the right code (fixtures/broken/, made by
//! fixtures/variants/make_variants.py; the big junk sheet is generated here).

use selfeval::read::{read_bytes, read_file, ReadFile};
use std::path::{Path, PathBuf};

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/broken")
        .join(name)
}

fn one_finding(r: &ReadFile, code: &str, mentions: &str) {
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(f.code.as_str(), code, "{:?}", f.message);
    assert!(
        f.message.en.contains(mentions),
        "message {:?} should mention {mentions:?}",
        f.message.en
    );
    assert!(!f.message.zh.is_empty());
    assert!(r.tables.is_empty());
}

#[test]
fn unreadable_files_say_why() {
    for (file, mentions) in [
        ("empty.xlsx", "empty file"),
        ("truncated.xlsx", "truncated"),
        ("random.xlsx", "not a spreadsheet"),
        ("not_a_workbook.xlsx", "not a workbook"),
        ("zip_bomb.xlsx", "100 MiB"),
        ("far_cell.xls", "too large"),
        ("far_cell.ods", "too large"),
    ] {
        let r = read_file(&path(file));
        assert!(r.unreadable, "{file}");
        one_finding(&r, "file-unreadable", mentions);
    }
}

#[test]
fn html_pages_are_read_when_they_hold_a_table_and_refused_when_not() {
    // A page holding a table is a sheet (docs/reader.md, htmlxls): this one holds a title
    // and nothing under it, so it is read and has no table.
    let r = read_file(&path("html_saved_as.xls"));
    assert!(!r.unreadable);
    one_finding(&r, "file-no-table", "holds a self-evaluation table");
    let page = b"<html><head><title>error</title></head><body><p>session expired</p></body></html>";
    let r = read_bytes(page);
    assert!(r.unreadable);
    one_finding(&r, "file-unreadable", "HTML page holding no table");
    // A single-file web page and a CSV export are read as workbooks (docs/reader.md,
    // mhtcsv): one holding no page, one holding no table, have no table.
    let mht =
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n";
    let r = read_bytes(mht);
    assert!(!r.unreadable);
    one_finding(&r, "file-no-table", "holds a self-evaluation table");
    let r = read_file(&path("csv_saved_as.xls"));
    assert!(!r.unreadable);
    one_finding(&r, "file-no-table", "holds a self-evaluation table");
    // Text that is no CSV stays refused, saying what it is.
    let r = read_bytes("一、项目概况\n本项目共三项。\n".as_bytes());
    assert!(r.unreadable);
    one_finding(&r, "file-unreadable", "text file");
}

#[test]
fn lying_zip_bomb_is_refused() {
    // Declared sizes patched down to 1 KiB: the real inflation is bounded all the same.
    let r = read_file(&path("zip_bomb_lying.xlsx"));
    assert!(r.unreadable);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code.as_str(), "file-unreadable");
}

#[test]
fn encrypted_workbook() {
    let r = read_file(&path("encrypted.xlsx"));
    assert!(r.unreadable);
    one_finding(&r, "file-encrypted", "password");
}

#[test]
fn stray_cell_far_away_is_read_without_a_rectangle() {
    // One cell at XFD1048576: streamed, clipped, and the sheet has no table.
    let r = read_file(&path("stray_cell.xlsx"));
    assert!(!r.unreadable);
    one_finding(&r, "file-no-table", "no");
}

#[test]
fn missing_file() {
    let r = read_file(&path("does-not-exist.xlsx"));
    assert!(r.unreadable);
    one_finding(&r, "file-unreadable", "cannot open");
}

#[test]
fn random_prefixes_of_a_workbook_never_panic() {
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/variants/canonical.xlsx"),
    )
    .unwrap();
    for cut in (0..good.len()).step_by(211) {
        let r = read_bytes(&good[..cut]);
        assert!(r.unreadable || !r.findings.is_empty() || !r.tables.is_empty());
    }
    // Corrupted bytes in the middle of the package.
    let mut bad = good.clone();
    for i in (100..bad.len()).step_by(97) {
        bad[i] ^= 0x5a;
    }
    let r = read_bytes(&bad);
    assert!(r.unreadable || !r.findings.is_empty());
}

#[test]
fn junk_sheet_of_200k_rows_is_no_table() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("junk.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..200_000u32 {
        ws.write_string(r, 0, "junk").unwrap();
        ws.write_number(r, 1, r as f64).unwrap();
        ws.write_string(r, 2, "说明文字").unwrap();
    }
    wb.save(&p).unwrap();
    let r = read_file(&p);
    assert!(!r.unreadable);
    one_finding(&r, "file-no-table", "too large");
}
