//! Hostile narrative reports (issue 35): a report costs one report. Reports are read and
//! checked in the supervised reader processes, under the per-file CPU and memory limits,
//! and the reader bounds paragraphs, paragraph length, text, figures, zip entries and
//! nesting (src/decode/limits.rs). Each hostile report is built here, beside a real unit's
//! workbook, and the whole folder is run through the binary: within 10 s and 200 MB,
//! every entry listed, the inputs and everything outside OUTDIR unchanged.

mod common;

use common::measure::{blake3_tree, run_measured};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const UNIT: &str = "永登县交通运输局";

/// A .docx of the given `word/document.xml` body (paragraph XML).
fn docx(body: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    let doc = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
    z.write_all(doc.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

const FUND: &str = "当年财政拨款30万元，上年结转结余资金1.69万元，共计财政拨款收入28.31万元，全年执行支出28.31万元，执行率9%，项目执行得分97分。";

fn titled(n: usize, text: &str) -> String {
    let mut s = para(&format!("{UNIT}2021年度部门整体支出绩效自评报告"));
    s.push_str(&para("一、部门整体支出绩效自评情况"));
    s.push_str(&para(text).repeat(n));
    s
}

/// A zip whose end record declares a million entries (zip64), in a few hundred bytes.
fn million_entries() -> Vec<u8> {
    let mut b = docx(&titled(1, FUND));
    // The classic end record is the last 22 bytes: its entry counts become 0xFFFF and a
    // zip64 end record and locator declaring 1,000,000 entries go before it.
    let eocd = b.split_off(b.len() - 22);
    let z64_at = b.len() as u64;
    let mut z64 = vec![0x50, 0x4b, 0x06, 0x06];
    z64.extend(44u64.to_le_bytes());
    z64.extend([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z64.extend(1_000_000u64.to_le_bytes());
    z64.extend(1_000_000u64.to_le_bytes());
    z64.extend(0u64.to_le_bytes());
    z64.extend(0u64.to_le_bytes());
    b.extend(&z64);
    b.extend([0x50, 0x4b, 0x06, 0x07, 0, 0, 0, 0]);
    b.extend(z64_at.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    let mut e = eocd;
    e[8..12].copy_from_slice(&[0xff, 0xff, 0xff, 0xff]);
    b.extend(e);
    b
}

/// The hostile reports: (file name, bytes).
fn cases() -> Vec<(String, Vec<u8>)> {
    let long_line = format!("{FUND}{}\n", "说明".repeat(100_000));
    vec![
        // 45,000 paragraphs full of figures (a 64 KB .docx): over the text bound.
        (
            format!("{UNIT}自评报告45000段.docx"),
            docx(&titled(45_000, FUND)),
        ),
        // 3,000 such paragraphs (18,000 figures): read and checked, linear, findings capped.
        (
            format!("{UNIT}自评报告3000段.docx"),
            docx(&titled(3_000, FUND)),
        ),
        // 19,000 figures in short paragraphs: under every bound, checked in time.
        (
            format!("{UNIT}自评报告短段.docx"),
            docx(&titled(19_000, "执行率9%。")),
        ),
        // Paragraphs of bracketed points after a category name (`产出指标（1分）（1分）…`):
        // each bracket's category is looked for before it, linearly.
        (
            format!("{UNIT}括号分值.docx"),
            docx(&titled(30, &format!("产出指标{}", "（1分）".repeat(1_300)))),
        ),
        // A million nested paragraphs in a small file.
        ("nested.docx".into(), docx(&"<w:p>".repeat(1_000_000))),
        ("entries.docx".into(), million_entries()),
        // An 11 MB text report of figures.
        (
            format!("{UNIT}自评报告.txt"),
            format!("{FUND}\n").repeat(60_000).into_bytes(),
        ),
        // Long lines: cut, and said so.
        (format!("{UNIT}长行.txt"), long_line.repeat(3).into_bytes()),
    ]
}

fn inbox_with(dir: &Path, cases: &[(String, Vec<u8>)]) -> PathBuf {
    let inbox = dir.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(
        common::fixtures()
            .join("reports")
            .join(format!("{UNIT}.xlsx")),
        inbox.join(format!("{UNIT}.xlsx")),
    )
    .unwrap();
    for (name, bytes) in cases {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    inbox
}

fn files_by_name(out: &Path) -> Vec<(String, Value)> {
    let doc: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap_or_default();
            let name = Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, f.clone())
        })
        .collect()
}

fn codes(f: &Value) -> Vec<String> {
    f["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn hostile_reports_cost_one_report_each_within_the_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = cases();
    let inbox = inbox_with(tmp.path(), &cases);
    let out = tmp.path().join("out");
    let before = blake3_tree(tmp.path());
    let (o, took, peak_kb) =
        run_measured(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    eprintln!("hostile reports: {took:?}, peak {} MiB", peak_kb / 1024);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        peak_kb > 0 && peak_kb < 200 * 1024,
        "peak {} MiB",
        peak_kb / 1024
    );

    // Inputs and everything beside OUTDIR unchanged.
    let after: Vec<_> = blake3_tree(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&out))
        .collect();
    assert_eq!(before, after, "something outside OUTDIR changed");

    let files = files_by_name(&out);
    assert_eq!(files.len(), cases.len() + 1, "every entry listed");
    let by = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} listed"))
            .1
            .clone()
    };
    for name in [
        format!("{UNIT}自评报告45000段.docx"),
        "nested.docx".into(),
        "entries.docx".into(),
        format!("{UNIT}自评报告.txt"),
    ] {
        let f = by(&name);
        assert_eq!(f["status"], "unreadable", "{name}: {f}");
        assert!(codes(&f).contains(&"file-unreadable".to_string()), "{name}");
    }
    let checked = by(&format!("{UNIT}自评报告3000段.docx"));
    let c = codes(&checked);
    assert!(c.contains(&"report-sum-mismatch".to_string()), "{c:?}");
    let capped = c.iter().filter(|x| *x == "report-sum-mismatch").count();
    assert_eq!(capped, selfeval::read::limits::MAX_FINDINGS_OF_A_KIND);
    let text = checked.to_string();
    assert!(
        text.contains("另外 2900 条"),
        "the cap says how many: {text:.300}"
    );
    let short = by(&format!("{UNIT}自评报告短段.docx"));
    assert_ne!(short["status"], "unreadable", "{short:.300}");
    let long = by(&format!("{UNIT}长行.txt"));
    assert!(
        codes(&long).contains(&"file-clipped".to_string()),
        "{long:.300}"
    );
    assert!(long.to_string().contains("有 3 段超过"), "{long:.300}");
}

/// A report whose check hangs (injected: the worker spins when asked to check it) costs
/// that report: 读取超时, and the run goes on.
#[test]
fn a_hanging_report_check_costs_that_report() {
    let tmp = tempfile::tempdir().unwrap();
    let name = format!("{UNIT}自评报告.docx");
    let inbox = inbox_with(tmp.path(), &[(name.clone(), docx(&titled(3, FUND)))]);
    let out = tmp.path().join("out");
    let started = Instant::now();
    let o = common::selfeval()
        .env("SELFEVAL_WORKER_FAULT", format!("check-hang:{name}"))
        .args(["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--file-timeout", "1"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(o.status.code(), Some(1));
    let files = files_by_name(&out);
    let report = &files.iter().find(|(n, _)| *n == name).unwrap().1;
    assert_eq!(report["status"], "unreadable");
    assert!(report.to_string().contains("读取超时"), "{report}");
    let unit = &files.iter().find(|(n, _)| n.ends_with(".xlsx")).unwrap().1;
    assert_ne!(unit["status"], "unreadable");
}

/// `--watch` on an inbox whose report's check hangs still stops on Ctrl-C, at once and
/// with exit 0 (cli.md).
#[test]
fn watch_on_a_hanging_report_stops_on_ctrl_c() {
    let tmp = tempfile::tempdir().unwrap();
    let name = format!("{UNIT}自评报告.docx");
    let inbox = inbox_with(tmp.path(), &[(name.clone(), docx(&titled(3, FUND)))]);
    let out = tmp.path().join("out");
    let mut child = common::selfeval()
        .env("SELFEVAL_WORKER_FAULT", format!("check-hang:{name}"))
        .args(["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--watch", "--file-timeout", "30"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Let it start reading and reach the hanging check.
    std::thread::sleep(Duration::from_secs(3));
    let status = common::interrupt(&mut child, Duration::from_secs(5));
    assert_eq!(status.code(), Some(0));
}

/// Many copies of one unit's report: each is checked against all the unit's tables, so
/// only the first [`selfeval::read::limits::MAX_REPORTS_PER_UNIT`] are; the others say
/// they were not (`file-clipped`), and the run stays within the bar.
#[test]
fn many_reports_of_one_unit_cost_a_bounded_number_of_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 200;
    let cases: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            (
                format!("{UNIT}自评报告{i:03}.txt"),
                format!("{UNIT}自评报告\n一、基本情况\n{FUND}\n").into_bytes(),
            )
        })
        .collect();
    let inbox = inbox_with(tmp.path(), &cases);
    let out = tmp.path().join("out");
    let (o, took, peak_kb) =
        run_measured(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    eprintln!(
        "{n} reports of one unit: {took:?}, peak {} MiB",
        peak_kb / 1024
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(peak_kb < 200 * 1024);
    let files = files_by_name(&out);
    let clipped = files
        .iter()
        .filter(|(_, f)| codes(f).contains(&"file-clipped".to_string()))
        .count();
    assert_eq!(clipped, n - selfeval::read::limits::MAX_REPORTS_PER_UNIT);
}
