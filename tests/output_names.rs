//! Output names (issue 35): a unit's name becomes a file or folder name in units/ and
//! reports/. It can never collide with the set's own files (a unit named like the
//! bureau's 汇总报告（初稿）.docx), keeps no Unicode format or separator character, is never
//! a Windows device name, and two units whose names differ only in case get two names.
//! The workbooks are the demo inbox's, their unit name rewritten in every sheet part.

mod common;

use std::io::{Read, Write};
use std::path::Path;

const UNIT: &str = "永登县交通运输局";

/// The demo workbook with its unit's name replaced by `name` in every part.
fn renamed(name: &str) -> Vec<u8> {
    let src = std::fs::read(
        common::fixtures()
            .join("inbox")
            .join(format!("{UNIT}.xlsx")),
    )
    .unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let escaped = name.replace('&', "&amp;").replace('<', "&lt;");
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let text = String::from_utf8(data.clone()).map(|t| t.replace(UNIT, &escaped).into_bytes());
        zout.start_file(f.name().unwrap().into_owned(), opts)
            .unwrap();
        zout.write_all(&text.unwrap_or(data)).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn unit_names_never_collide_with_the_set_nor_hide_nor_name_a_device() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let units = [
        "汇总报告（初稿）.docx",
        "单位\u{61C}甲",
        "单位\u{2028}乙",
        "单位\u{E0001}丙",
        "COM¹",
        "LPT²",
        "CONIN$",
        "CON .x",
        "ABC局",
        "abc局",
    ];
    for (i, u) in units.iter().enumerate() {
        std::fs::write(inbox.join(format!("{i}.xlsx")), renamed(u)).unwrap();
    }
    let out = tmp.path().join("out");
    let o = common::run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{err}");

    let reports = names_in(&out.join("reports"));
    assert!(
        out.join("reports/汇总报告（初稿）.docx").is_file(),
        "{reports:?}"
    );
    assert!(
        reports.contains(&"汇总报告（初稿）.docx(2)".to_string()),
        "{reports:?}"
    );
    for dir in ["units", "reports"] {
        let names = names_in(&out.join(dir));
        assert_eq!(
            names.len(),
            units.len() + usize::from(dir == "reports"),
            "{names:?}"
        );
        let folded: std::collections::BTreeSet<String> =
            names.iter().map(|n| n.to_uppercase()).collect();
        assert_eq!(
            folded.len(),
            names.len(),
            "names equal but for case: {names:?}"
        );
        for n in &names {
            assert!(
                !n.chars()
                    .any(|c| matches!(c, '\u{61C}' | '\u{2028}' | '\u{E0001}')),
                "{n:?}"
            );
            let base = n.split('.').next().unwrap().trim_end().to_uppercase();
            assert!(
                !["COM¹", "LPT²", "CONIN$", "CON"].contains(&base.as_str()),
                "a device name: {n:?}"
            );
        }
    }
}
