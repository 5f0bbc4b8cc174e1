//! Hostile inputs against the readers added last (docs/security.md, "Hostile inputs against
//! the new readers"): the files of fixtures/hostile_new/ (made by
//! fixtures/make/hostile_new.py) and flat ODS files too large to commit, generated here,
//! run through the binary in one inbox the way a user runs it: the whole folder within the
//! time and memory bar, no panic, every file listed, and each file's outcome as a finance
//! officer expects it. Every mismatch is listed at once.

mod common;

use common::fixtures;
use common::measure::{run_folder_measured, time_bar};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// Each committed file: the status it must have, the tables it must give, and a finding
/// code it must carry (on the file or a table), if any.
const EXPECTED: &[(&str, &str, usize, Option<&str>)] = &[
    // One element of 500,000 `Target=`: the relationships rewrite ran for minutes.
    ("rels_many_targets.xlsx", "ok", 1, None),
    // A sheet's target climbing 10,000 folders above the root, then naming the part.
    ("rels_deep_climb.xlsx", "ok", 1, None),
    // 150,000 OLE object ids in a report: each checked against all before it.
    (
        "ole_object_ids_150000.docx",
        "ok",
        0,
        Some("report-unit-unknown"),
    ),
    // Attached files naming 4 GB and 2 GB, a 3,000-byte name, none, one inside another:
    // the one whole workbook is read.
    ("ole10native_lying_sizes.docx", "ok", 1, None),
    // 300 xlsb sheet entries naming one worksheet part: read once per sheet (416 MB, 读取超时).
    (
        "xlsb_one_part_300_sheets.xlsb",
        "unreadable",
        0,
        Some("file-unreadable"),
    ),
    // A BIFF5 Format record whose code runs past its record: the table is read.
    ("biff5_format_overrun.xls", "ok", 1, None),
    // FilePass records that lie (4 GB header, 0-bit key, cut short): encrypted, not read.
    (
        "filepass_header_4gb.xls",
        "unreadable",
        0,
        Some("file-encrypted"),
    ),
    (
        "filepass_zero_bits.xls",
        "unreadable",
        0,
        Some("file-encrypted"),
    ),
    (
        "filepass_rc4_short.xls",
        "unreadable",
        0,
        Some("file-encrypted"),
    ),
    // Fujian's and Chongqing's headers pasted 19,000 times below the table (the row bound
    // is 20,000): the table is read, the copies are no indicators.
    ("fujian_header_x19000.xlsx", "ok", 1, None),
    ("chongqing_header_x19000.xlsx", "ok", 1, None),
    // Chongqing's indicator header repeated once inside the block (a page break's head):
    // passed over, the indicators after it still read.
    ("chongqing_header_mid_block.xlsx", "ok", 1, None),
    // A 年度指标值 of 10,000 `-` or `至` between two numbers (cut to 4,000 characters):
    // the row is flagged, as unparsed or (a number then a unit of `至…次`) as a unit the
    // actual does not share.
    (
        "fujian_target_dashes.xlsx",
        "ok",
        1,
        Some("target-unparsed"),
    ),
    ("chongqing_target_zhi.xlsx", "ok", 1, Some("unit-mismatch")),
    ("good_n01_fujian.xlsx", "ok", 1, None),
    ("good_c01_chongqing.xlsx", "ok", 1, None),
];

/// The generated flat ODS files: name and the status each must have.
const GENERATED: &[(&str, &str)] = &[
    // 60 MiB of indentation between two cells: packaged and read (no table).
    ("fods_indentation_60mib.fods", "invalid"),
    // 60 MiB of spaces in one cell: refused by the text-run bound.
    ("fods_spaces_60mib.fods", "unreadable"),
    // A million nested spans in a cell.
    ("fods_nested_million.fods", "invalid"),
];

const FODS_HEAD: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?><office:document "#,
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" "#,
    r#"office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>"#,
    r#"<office:spreadsheet><table:table table:name="S1"><table:table-row>"#,
    r#"<table:table-cell office:value-type="string"><text:p>"#
);
const FODS_TAIL: &str = concat!(
    "</text:p></table:table-cell></table:table-row></table:table>",
    "</office:spreadsheet></office:body></office:document>"
);

fn write_generated(inbox: &Path) {
    let big = 60 * 1024 * 1024;
    // The indentation stands between two cells, where LibreOffice writes it.
    let indent = [
        FODS_HEAD,
        "部门整体支出绩效自评表</text:p></table:table-cell>",
    ]
    .concat()
    .into_bytes()
    .into_iter()
    .chain(std::iter::repeat_n(b'\n', big))
    .chain(
        ["<table:table-cell><text:p>x", FODS_TAIL]
            .concat()
            .into_bytes(),
    )
    .collect::<Vec<u8>>();
    std::fs::write(inbox.join(GENERATED[0].0), indent).expect("write");
    let spaces = [FODS_HEAD, &" ".repeat(big), FODS_TAIL].concat();
    std::fs::write(inbox.join(GENERATED[1].0), spaces).expect("write");
    let n = 1_000_000;
    let nested = [
        FODS_HEAD,
        &"<text:span>".repeat(n),
        "x",
        &"</text:span>".repeat(n),
        FODS_TAIL,
    ]
    .concat();
    std::fs::write(inbox.join(GENERATED[2].0), nested).expect("write");
}

fn name_of(f: &Value) -> String {
    Path::new(f["path"].as_str().unwrap_or_default())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every finding code of a file and its tables.
fn codes(f: &Value) -> Vec<String> {
    let of = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["code"].as_str().map(String::from))
            .collect()
    };
    let mut out = of(f);
    for t in f["tables"].as_array().into_iter().flatten() {
        out.extend(of(t));
    }
    out
}

/// What is wrong with one file's entry in report.json.
fn mismatches(
    f: &Value,
    name: &str,
    status: &str,
    tables: usize,
    code: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if f["status"] != status {
        out.push(format!(
            "{name}: status {} (want {status}): {:?}",
            f["status"],
            codes(f)
        ));
    }
    let got = f["tables"].as_array().map_or(0, Vec::len);
    if got != tables {
        out.push(format!("{name}: {got} tables (want {tables})"));
    }
    if let Some(c) = code {
        if !codes(f).iter().any(|x| x == c) {
            out.push(format!("{name}: no {c}: {:?}", codes(f)));
        }
    }
    out
}

#[test]
fn the_hostile_folder_runs_within_the_bar_and_each_file_is_as_expected() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inbox = tmp.path().join("inbox");
    common::copy_tree(&fixtures().join("hostile_new"), &inbox);
    // The merges case too: a reader process that kept the flat ODS's memory must not read
    // it next (worker::RETIRE_RESIDENT_BYTES); in about half the runs it did, 227 MiB.
    common::copy_tree(&fixtures().join("hostile_new_merges"), &inbox);
    write_generated(&inbox);
    let out = tmp.path().join("out");
    let (o, took, peak_kb) = run_folder_measured(&inbox, &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let mut wrong = Vec::new();
    if o.status.code() != Some(1) {
        wrong.push(format!("exit {:?}: {stderr}", o.status.code()));
    }
    if stderr.contains("panicked") {
        wrong.push(format!("a panic: {stderr}"));
    }
    if took > time_bar(Duration::from_secs(10)) {
        wrong.push(format!("the folder took {took:?}"));
    }
    if peak_kb > 200 * 1024 {
        wrong.push(format!("peak memory {} MiB over 200 MiB", peak_kb / 1024));
    }
    eprintln!("hostile_new folder: {took:?}, peak {} MiB", peak_kb / 1024);
    let report: Value = std::fs::read(out.join("report.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    let files = report["files"].as_array().cloned().unwrap_or_default();
    let wanted = EXPECTED
        .iter()
        .map(|&(n, s, t, c)| (n, s, t, c))
        .chain(GENERATED.iter().map(|&(n, s)| (n, s, 0, None)));
    for (name, status, tables, code) in wanted {
        match files.iter().find(|f| name_of(f) == name) {
            Some(f) => wrong.extend(mismatches(f, name, status, tables, code)),
            None => wrong.push(format!("{name}: not listed")),
        }
    }
    match files
        .iter()
        .find(|f| name_of(f) == "merges_200m_cells.xlsx")
    {
        Some(f) => wrong.extend(mismatches(
            f,
            "merges_200m_cells.xlsx",
            "ok",
            1,
            Some("file-clipped"),
        )),
        None => wrong.push("merges_200m_cells.xlsx: not listed".into()),
    }
    if files.len() != EXPECTED.len() + GENERATED.len() + 1 {
        wrong.push(format!("{} files listed", files.len()));
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn long_targets_cost_bounded_time() {
    use selfeval::score::value::{parse_target, Target};
    let mut wrong = Vec::new();
    for text in [
        format!("2{}3部", "-".repeat(10_000)),
        format!("4{}5次", "至".repeat(10_000)),
        format!("≥90%{}≤100%", "且".repeat(10_000)),
        "≥".repeat(100_000),
        format!("{}1", "不低于".repeat(20_000)),
    ] {
        let start = std::time::Instant::now();
        let got = parse_target(&text);
        let took = start.elapsed();
        if took > Duration::from_millis(500) {
            wrong.push(format!(
                "{}…: {took:?}",
                &text.chars().take(8).collect::<String>()
            ));
        }
        if matches!(got, Target::Range { .. }) {
            wrong.push(format!(
                "{}…: read as a range",
                &text.chars().take(8).collect::<String>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// 20,000 merges of 10,000 cells each below a table (fixtures/hostile_new_merges, made by
/// fixtures/make/hostile_new.py): 200 million cells indexed, the reader's whole time
/// (`读取超时`, the table lost); now indexed up to `MAX_MERGED_CELLS`, the table read and
/// the sheet clipped. Also read in the folder above, among the others.
#[test]
fn merges_covering_200_million_cells_cost_bounded_time() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let inbox = fixtures().join("hostile_new_merges");
    let (o, took, peak_kb) = run_folder_measured(&inbox, &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(took <= time_bar(Duration::from_secs(10)), "{took:?}");
    assert!(peak_kb <= 200 * 1024, "peak {} MiB", peak_kb / 1024);
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report.json"))
            .expect("JSON");
    let files = report["files"].as_array().expect("files");
    let f = files
        .iter()
        .find(|f| name_of(f) == "merges_200m_cells.xlsx")
        .expect("listed");
    assert_eq!(f["status"], "ok", "{f}");
    assert_eq!(f["tables"].as_array().map(Vec::len), Some(1), "{f}");
    assert!(codes(f).iter().any(|c| c == "file-clipped"), "{f}");
}
