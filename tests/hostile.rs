//! Hostile input: every bound of the reader tested on a file built to break it, a whole
//! hostile folder run through the binary within the time and memory bar, the fuzzers'
//! crash inputs replayed, and the safety promises (inputs never modified, names kept
//! inside OUTDIR, no text turned into a formula, no networking crate).
//!
//! Small cases are committed in fixtures/hostile/ (made by fixtures/hostile/make.py); large
//! ones are generated here into a temporary folder.

mod common;

use common::measure::{blake3_tree, run_measured, time_bar};

use calamine::{open_workbook_auto, Data, Reader};
use selfeval::read::{limits, read_bytes, ReadFile};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ------------------------------------------------------------------------------------
// Building hostile packages
// ------------------------------------------------------------------------------------

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

/// A zip package of the given parts (deflated at the fastest level).
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    for (name, data) in parts {
        z.start_file(name.as_str(), opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// A minimal xlsx package holding the given worksheet parts (full XML each).
fn xlsx(sheets: Vec<Vec<u8>>) -> Vec<u8> {
    let mut ct = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let (mut wb, mut rels) = (String::new(), String::new());
    for i in 1..=sheets.len() {
        ct.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        wb.push_str(&format!(
            r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#));
    }
    ct.push_str("</Types>");
    let mut parts = vec![
        ("[Content_Types].xml".to_string(), ct.into_bytes()),
        ("_rels/.rels".to_string(), br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{wb}</sheets></workbook>"#).into_bytes()),
        ("xl/_rels/workbook.xml.rels".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).into_bytes()),
    ];
    for (i, s) in sheets.into_iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), s));
    }
    zip_parts(&parts)
}

/// A worksheet part around the given `<sheetData>` rows.
fn sheet(rows: &[u8]) -> Vec<u8> {
    let mut s = format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>"#)
        .into_bytes();
    s.extend_from_slice(rows);
    s.extend_from_slice(b"</sheetData></worksheet>");
    s
}

/// Parts that inflate past the 100 MiB bound (honest declared sizes). Built once.
fn zip_bomb() -> Vec<u8> {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(build_zip_bomb).clone()
}

fn build_zip_bomb() -> Vec<u8> {
    let mut rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>"#
        .as_bytes()
        .to_vec();
    rows.resize(
        rows.len() + (limits::MAX_INFLATED_BYTES as usize + (4 << 20)),
        b' ',
    );
    xlsx(vec![sheet(&rows)])
}

/// The same bomb with every declared uncompressed size rewritten to 1 KiB (a lying zip).
fn lying_zip_bomb() -> Vec<u8> {
    let mut b = zip_bomb();
    let mut i = 0;
    while i + 30 <= b.len() {
        match &b[i..i + 4] {
            // Local file header: uncompressed size at +22; central directory: at +24.
            [0x50, 0x4B, 0x03, 0x04] => b[i + 22..i + 26].copy_from_slice(&1024u32.to_le_bytes()),
            [0x50, 0x4B, 0x01, 0x02] => b[i + 24..i + 28].copy_from_slice(&1024u32.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
    b
}

/// A sheet with more non-empty cells than the per-sheet bound, all inside the row and
/// column bounds.
fn cell_limit() -> Vec<u8> {
    let cols = 200u32;
    let rows = (limits::MAX_CELLS_PER_SHEET as u32 / cols) + 100;
    let mut x = Vec::with_capacity(rows as usize * cols as usize * 12);
    for r in 1..=rows {
        write!(x, r#"<row r="{r}">"#).unwrap();
        for _ in 0..cols {
            x.extend_from_slice(b"<c><v>7</v></c>");
        }
        x.extend_from_slice(b"</row>");
    }
    xlsx(vec![sheet(&x)])
}

/// Thousands of sheets, each with one junk cell.
fn many_sheets(n: usize) -> Vec<u8> {
    let one = sheet(br#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    xlsx(vec![one; n])
}

/// 200,000 rows of junk text.
fn junk_rows(n: u32) -> Vec<u8> {
    let mut x = Vec::with_capacity(n as usize * 90);
    for r in 1..=n {
        write!(
            x,
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>垃圾{r}</t></is></c><c r="B{r}"><v>{r}</v></c></row>"#
        )
        .unwrap();
    }
    xlsx(vec![sheet(&x)])
}

/// An ods whose one filled cell is repeated over every row and column a sheet can have.
fn ods_repeat_bomb() -> Vec<u8> {
    let content = br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S1"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_parts(&[
        (
            "mimetype".into(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("content.xml".into(), content.to_vec()),
        ("META-INF/manifest.xml".into(), manifest.to_vec()),
    ])
}

fn hostile_dir() -> PathBuf {
    common::fixtures().join("hostile")
}

fn committed(name: &str) -> Vec<u8> {
    std::fs::read(hostile_dir().join(name)).expect("committed hostile fixture")
}

/// What a case must come out as.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Refused before or while reading.
    Unreadable,
    /// Read (perhaps clipped), no table found.
    NoTable,
    /// Anything but a panic or a hang: the fuzzers' inputs.
    Any,
}

/// Every generated and committed hostile case: (file name, bytes, expectation, words one
/// of which the first finding's message must contain).
fn cases() -> Vec<(String, Vec<u8>, Expect, &'static [&'static str])> {
    let mut v: Vec<(String, Vec<u8>, Expect, &'static [&'static str])> = vec![
        (
            "zip_bomb.xlsx".into(),
            zip_bomb(),
            Expect::Unreadable,
            &["100 MiB"],
        ),
        (
            "zip_bomb_lying.xlsx".into(),
            lying_zip_bomb(),
            Expect::Unreadable,
            &["100 MiB", "损坏"],
        ),
        (
            "billion_laughs_sheet.xlsx".into(),
            committed("billion_laughs_sheet.xlsx"),
            Expect::Unreadable,
            &["实体"],
        ),
        (
            "billion_laughs_shared.xlsx".into(),
            committed("billion_laughs_shared.xlsx"),
            Expect::Unreadable,
            &["实体"],
        ),
        (
            "xxe_external_entity.xlsx".into(),
            committed("xxe_external_entity.xlsx"),
            Expect::Unreadable,
            &["实体"],
        ),
        (
            "cell_limit.xlsx".into(),
            cell_limit(),
            Expect::NoTable,
            &["过大"],
        ),
        (
            "long_string.xlsx".into(),
            committed("long_string.xlsx"),
            Expect::NoTable,
            &["没有绩效自评表"],
        ),
        (
            "huge_merges.xlsx".into(),
            committed("huge_merges.xlsx"),
            Expect::NoTable,
            &["没有绩效自评表"],
        ),
        (
            "many_sheets.xlsx".into(),
            many_sheets(3000),
            Expect::NoTable,
            &["没有绩效自评表"],
        ),
        (
            "stray_cell_xfd1048576.xlsx".into(),
            committed("stray_cell_xfd1048576.xlsx"),
            Expect::NoTable,
            &["过大"],
        ),
        (
            "junk_200k_rows.xlsx".into(),
            junk_rows(200_000),
            Expect::NoTable,
            &["过大"],
        ),
        (
            "ods_repeat_bomb.ods".into(),
            ods_repeat_bomb(),
            Expect::Unreadable,
            &["过大"],
        ),
    ];
    for (target, path) in regressions() {
        if target == "read_check" {
            let name = format!("regression_{}", path.file_name().unwrap().to_string_lossy());
            v.push((name, std::fs::read(&path).unwrap(), Expect::Any, &[]));
        }
    }
    v
}

/// The fuzzers' crash inputs: (target, file).
fn regressions() -> Vec<(String, PathBuf)> {
    let root = hostile_dir().join("regressions");
    let mut out = Vec::new();
    for t in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let target = t.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(t.path()).into_iter().flatten().flatten() {
            out.push((target.clone(), f.path()));
        }
    }
    out.sort();
    out
}

/// A debug build is several times slower than the release build CI tests; time bars are
/// stated for release and stretched for debug.
fn check(r: &ReadFile, name: &str, expect: Expect, words: &[&str]) {
    let first = r.findings.first();
    let msg = first.map(|f| f.message.zh.clone()).unwrap_or_default();
    match expect {
        Expect::Unreadable => {
            assert!(r.unreadable, "{name}: not refused: {msg}");
            assert_eq!(first.unwrap().code.as_str(), "file-unreadable", "{name}");
        }
        Expect::NoTable => {
            assert!(!r.unreadable, "{name}: refused: {msg}");
            assert!(r.tables.is_empty(), "{name}: found a table in junk");
            assert_eq!(first.unwrap().code.as_str(), "file-no-table", "{name}");
        }
        Expect::Any => {}
    }
    assert!(
        words.is_empty() || words.iter().any(|w| msg.contains(w)),
        "{name}: the reason does not say why (wanted one of {words:?}): {msg}"
    );
}

// ------------------------------------------------------------------------------------
// Each bound, in process
// ------------------------------------------------------------------------------------

#[test]
fn each_hostile_case_is_classified_quickly_with_a_reason() {
    for (name, bytes, expect, words) in cases() {
        let t = Instant::now();
        let r = read_bytes(&bytes);
        let took = t.elapsed();
        eprintln!(
            "{name}: {took:?} {:?}",
            r.findings.first().map(|f| &f.message.zh)
        );
        check(&r, &name, expect, words);
        // Review and rules run on whatever was read, without panicking.
        let policy = selfeval::score::Policy::default();
        for t in &r.tables {
            let review = selfeval::score::review(&t.table, &policy);
            let _ = selfeval::check_table(&t.table, &review, &policy);
        }
        assert!(
            took < time_bar(Duration::from_secs(3)),
            "{name} took {took:?}"
        );
    }
}

#[test]
fn an_external_entity_never_reaches_the_findings() {
    let r = read_bytes(&committed("xxe_external_entity.xlsx"));
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let host = host.trim();
    let text = format!("{:?}", r.findings);
    assert!(host.is_empty() || !text.contains(host), "{text}");
}

#[test]
fn long_text_is_cut_at_the_bound() {
    let long = committed("long_string.xlsx");
    let sheets =
        selfeval::read::workbook::open(selfeval::read::sniff::Format::Xlsx, &long).expect("opens");
    let kept = sheets.grids[0].text(0, 1);
    assert_eq!(kept.chars().count(), limits::MAX_STRING_CHARS);
    assert!(kept.chars().all(|c| c == '长'));
}

#[test]
fn fuzz_regressions_replay_without_panic() {
    let all = regressions();
    assert!(
        !all.is_empty(),
        "fixtures/hostile/regressions/ holds the fuzzers' crashes"
    );
    for (target, path) in all {
        let bytes = std::fs::read(&path).unwrap();
        let t = Instant::now();
        match target.as_str() {
            "read_check" => {
                let r = read_bytes(&bytes);
                assert!(!r.findings.is_empty() || !r.tables.is_empty());
                let policy = selfeval::score::Policy::default();
                for t in &r.tables {
                    let review = selfeval::score::review(&t.table, &policy);
                    let _ = selfeval::check_table(&t.table, &review, &policy);
                }
            }
            "value_parser" => {
                let s = String::from_utf8_lossy(&bytes);
                let _ = selfeval::score::value::parse_target(&s);
                let _ = selfeval::score::value::parse_actual(&s);
            }
            "policy" => {
                let s = String::from_utf8_lossy(&bytes);
                if let Ok(p) = selfeval::score::Policy::from_toml_str(&s) {
                    let back = selfeval::score::Policy::from_toml_str(&p.to_toml_string());
                    assert_eq!(back.ok(), Some(p), "{}", path.display());
                }
            }
            other => panic!("unknown fuzz target folder {other}"),
        }
        assert!(
            t.elapsed() < time_bar(Duration::from_secs(2)),
            "{}",
            path.display()
        );
    }
}

// ------------------------------------------------------------------------------------
// The hostile folder through the binary
// ------------------------------------------------------------------------------------

#[test]
fn a_hostile_folder_runs_within_the_bar_and_every_file_is_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let mut names = Vec::new();
    for (name, bytes, _, _) in cases() {
        std::fs::write(inbox.join(&name), bytes).unwrap();
        names.push(name);
    }
    for good in ["兰州新区应急管理局.xlsx", "永登县卫生健康局.xlsx"] {
        std::fs::copy(
            common::fixtures().join("inbox").join(good),
            inbox.join(good),
        )
        .unwrap();
        names.push(good.to_string());
    }
    // A file past the size bound, without writing 64 MiB: a sparse file.
    let big = std::fs::File::create(inbox.join("oversized.xlsx")).unwrap();
    big.set_len(limits::MAX_FILE_BYTES + 1).unwrap();
    names.push("oversized.xlsx".into());
    let before = blake3_tree(&inbox);

    let out = tmp.path().join("out");
    let (o, took, peak_kb) =
        run_measured(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    eprintln!("hostile folder: {took:?}, peak {} MiB", peak_kb / 1024);
    assert!(
        took < time_bar(Duration::from_secs(10)),
        "hostile folder took {took:?}"
    );
    assert!(peak_kb > 0, "peak memory not measured");
    assert!(
        peak_kb < 200 * 1024,
        "peak memory {} MiB over 200 MiB",
        peak_kb / 1024
    );
    // Inputs untouched.
    assert_eq!(before, blake3_tree(&inbox), "an input changed");

    // Every file in 文件清单 with a status; the hostile ones never pass.
    let mut wb = open_workbook_auto(out.join("summary.xlsx")).unwrap();
    let range = wb.worksheet_range("文件清单").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    for n in &names {
        let row = rows
            .iter()
            .find(|r| r.first().map(|c| c == n).unwrap_or(false))
            .unwrap_or_else(|| panic!("{n} not listed in 文件清单"));
        let status = &row[1];
        assert!(
            ["通过", "有错误", "无法读取", "已跳过"].contains(&status.as_str()),
            "{n}: status {status}"
        );
        if !n.starts_with("永登") && !n.starts_with("兰州") {
            assert_ne!(status, "通过", "{n} passed");
        }
    }
    // Rows 0–2: the title block and the header.
    assert_eq!(rows.len() - 3, names.len(), "extra rows in 文件清单");
}

// ------------------------------------------------------------------------------------
// Safety
// ------------------------------------------------------------------------------------

/// Every string cell and every formula of every sheet of a workbook.
fn strings_and_formulas(path: &Path) -> (Vec<String>, Vec<String>) {
    let mut wb = open_workbook_auto(path).unwrap();
    let (mut strings, mut formulas) = (Vec::new(), Vec::new());
    for name in wb.sheet_names().to_vec() {
        if let Ok(r) = wb.worksheet_range(&name) {
            strings.extend(r.used_cells().filter_map(|(_, _, d)| match d {
                Data::String(s) => Some(s.clone()),
                _ => None,
            }));
        }
        if let Ok(f) = wb.worksheet_formula(&name) {
            formulas.extend(f.used_cells().map(|(_, _, s)| s.clone()));
        }
    }
    (strings, formulas)
}

#[test]
fn hostile_names_stay_inside_outdir_and_text_never_becomes_a_formula() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(
        hostile_dir().join("hostile_names.xlsx"),
        inbox.join("hostile_names.xlsx"),
    )
    .unwrap();
    // A second unit whose name is a reserved device name and a control-laden path.
    std::fs::copy(
        hostile_dir().join("hostile_names.xlsx"),
        inbox.join("..CON.xlsx"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = common::run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{stderr}"
    );

    // Nothing written outside OUTDIR: the temp folder holds only inbox/ and out/.
    let mut top: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, vec!["inbox", "out"]);
    // The unit workbooks are plain files directly inside units/, with safe names.
    let units: Vec<PathBuf> = walkdir::WalkDir::new(out.join("units"))
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(!units.is_empty(), "no unit workbook written");
    for u in &units {
        assert_eq!(u.parent().unwrap(), out.join("units"), "{}", u.display());
        let name = u.file_name().unwrap().to_string_lossy();
        assert!(!name.starts_with('.'), "{name}");
        assert!(
            !name
                .chars()
                .any(|c| c.is_control() || c == '\\' || c == ':'),
            "{name}"
        );
        let stem = name.trim_end_matches(".xlsx").to_ascii_uppercase();
        assert!(
            !["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()),
            "{name}"
        );
    }

    // The hostile texts come back as text; no formula holds any of them.
    let payloads = [
        "HYPERLINK",
        "cmd",
        "=1+1",
        "@SUM(1,2)",
        "-2+3",
        "+1+1",
        "=2*3",
        "-10+20",
    ];
    let mut seen = std::collections::HashSet::new();
    let mut outputs = vec![out.join("summary.xlsx"), out.join("findings.xlsx")];
    outputs.extend(units.iter().cloned());
    for path in &outputs {
        let (strings, formulas) = strings_and_formulas(path);
        for f in &formulas {
            for p in payloads {
                assert!(
                    !f.contains(p.trim_start_matches(['=', '+', '-', '@'])),
                    "{}: formula {f} carries input text {p}",
                    path.display()
                );
            }
        }
        for p in payloads {
            if strings.iter().any(|s| s.contains(p)) {
                seen.insert(p);
            }
        }
    }
    for p in ["=1+1", "@SUM(1,2)", "-2+3", "+1+1"] {
        assert!(seen.contains(p), "{p} not found as text in any output");
    }
}

/// No HTTP client, TLS or resolver is linked. The one server is the officer's page
/// (`selfeval serve`: axum on hyper and tokio, which brings socket2), bound to 127.0.0.1 in
/// src/serve/mod.rs with no option to listen elsewhere (tests/serve_security.rs); hyper's
/// client side is not enabled (`cargo tree -e features -i hyper-util` shows no client feature).
#[test]
fn no_networking_crate_is_linked() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert!(names.contains(&"calamine"), "not a Cargo.lock");
    let banned = [
        "reqwest",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "hyper-tls",
        "hyper-rustls",
        "h2",
        "h3",
        "openssl",
        "native-tls",
        "rustls",
        "tokio-native-tls",
        "tungstenite",
        "quinn",
        "trust-dns-resolver",
        "hickory-resolver",
    ];
    for b in banned {
        assert!(!names.contains(&b), "networking crate {b} in Cargo.lock");
    }
}

// ------------------------------------------------------------------------------------
// Other writers' forms (docs/reader.md, "Workbooks from other writers (pkgprobe)")
// ------------------------------------------------------------------------------------

/// A flat ODS (`.fods`) holding `body` as its spreadsheet, after `prolog`.
fn fods(prolog: &str, body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{prolog}
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:body>
  <office:spreadsheet>
   <table:table table:name="S1">{body}</table:table>
  </office:spreadsheet>
 </office:body>
</office:document>"#
    )
    .into_bytes()
}

/// An xlsx whose two sheets name one worksheet part, once plainly and once climbing out of
/// `xl/` and back (`../xl/worksheets/sheet1.xml`).
fn shared_part_by_parent_target() -> Vec<u8> {
    let mut z =
        zip::ZipArchive::new(std::io::Cursor::new(xlsx(vec![sheet(b""), sheet(b"")]))).unwrap();
    let mut parts = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        let name = f.name().unwrap().into_owned();
        if name == "xl/_rels/workbook.xml.rels" {
            let text = String::from_utf8(data).unwrap();
            data = text
                .replace("worksheets/sheet2.xml", "../xl/worksheets/sheet1.xml")
                .into_bytes();
        }
        parts.push((name, data));
    }
    zip_parts(&parts)
}

/// The `.xls` encrypted with Excel's default password, its encrypted verifier changed:
/// the default password no longer opens it.
fn velvet_wrong_verifier() -> Vec<u8> {
    let mut b = std::fs::read(common::fixtures().join("pkgprobe/p26_velvet_sweatshop.xls"))
        .expect("the pkgprobe fixture");
    // The FilePass record follows the globals' BOF (BIFF8: 16 bytes of data).
    let bof = b
        .windows(4)
        .position(|w| w == [0x09, 0x08, 0x10, 0x00])
        .expect("the globals' BOF");
    let at = bof + 4 + 16;
    assert_eq!(b[at..at + 2], [0x2F, 0x00], "a FilePass record");
    let len = u16::from_le_bytes([b[at + 2], b[at + 3]]) as usize;
    // The encrypted verifier hash ends the record.
    b[at + 4 + len - 1] ^= 0xFF;
    b
}

#[test]
fn other_writers_forms_keep_the_bounds() {
    let bomb = r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let laughs =
        r#"<!DOCTYPE office:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>"#;
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "fods_repeat_bomb.fods",
            fods("", bomb),
            "file-unreadable",
            "过大",
        ),
        (
            "fods_entities.fods",
            fods(laughs, "<table:table-row/>"),
            "file-unreadable",
            "实体",
        ),
        (
            "shared_part_by_parent_target.xlsx",
            shared_part_by_parent_target(),
            "file-unreadable",
            "同一个工作表部件",
        ),
        (
            "velvet_wrong_verifier.xls",
            velvet_wrong_verifier(),
            "file-encrypted",
            "",
        ),
    ];
    let mut wrong = Vec::new();
    for (name, bytes, code, word) in cases {
        let t = Instant::now();
        let r = read_bytes(&bytes);
        let first = r.findings.first();
        let got = first.map(|f| f.code.as_str()).unwrap_or("");
        let msg = first.map(|f| f.message.zh.clone()).unwrap_or_default();
        if got != code || !msg.contains(word) || !r.tables.is_empty() {
            wrong.push(format!(
                "{name}: expected {code} ({word}), got {got}: {msg}"
            ));
        }
        if t.elapsed() > time_bar(Duration::from_secs(3)) {
            wrong.push(format!("{name} took {:?}", t.elapsed()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
