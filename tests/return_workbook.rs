//! The return workbook (`units/<单位>.xlsx`, reports.md §1) read back: every finding of
//! report.json with a cell is a row of its unit's 审核意见 sheet naming the original sheet
//! and cell; every error and warning is a marked cell with a note; the links lead to
//! existing sheets and to the noted cells; figures are numbers. Read with calamine, with
//! the xlsx parts themselves (zip + quick-xml) and with openpyxl as a second library.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use quick_xml::events::Event;
use selfeval::Code;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One row of a 审核意见 sheet.
#[derive(Debug, Clone)]
struct Row {
    file: String,
    sheet: String,
    cell: String,
    severity: String,
    problem: String,
    stated: Data,
    /// The link's target: (sheet, cell).
    link: Option<(String, String)>,
}

/// Every part of an xlsx file as text.
fn parts(path: &Path) -> HashMap<String, String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut s = String::new();
        if e.read_to_string(&mut s).is_ok() {
            out.insert(e.name().unwrap().into_owned(), s);
        }
    }
    out
}

/// The attributes of every element named `tag` in `xml`.
fn elements(xml: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag => {
                let attrs = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let v = quick_xml::escape::unescape(&a.value).unwrap();
                        (a.key.as_ref().to_string(), v.into_owned())
                    })
                    .collect();
                out.push(attrs);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Per sheet name: its part path (xl/worksheets/sheetN.xml).
fn sheet_parts(p: &HashMap<String, String>) -> BTreeMap<String, String> {
    let rels: HashMap<String, String> = elements(&p["xl/_rels/workbook.xml.rels"], "Relationship")
        .into_iter()
        .map(|a| (a["Id"].clone(), format!("xl/{}", a["Target"])))
        .collect();
    elements(&p["xl/workbook.xml"], "sheet")
        .into_iter()
        .map(|a| (a["name"].clone(), rels[&a["r:id"]].clone()))
        .collect()
}

/// The cells carrying a note, per sheet name.
fn noted_cells(p: &HashMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (name, part) in sheet_parts(p) {
        let (dir, file) = part.rsplit_once('/').unwrap();
        let rels = format!("{dir}/_rels/{file}.rels");
        let mut cells = BTreeSet::new();
        if let Some(rels) = p.get(&rels) {
            for a in elements(rels, "Relationship") {
                if a["Type"].ends_with("/comments") {
                    let target = a["Target"].trim_start_matches("../");
                    for c in elements(&p[&format!("xl/{target}")], "comment") {
                        cells.insert(c["ref"].clone());
                    }
                }
            }
        }
        out.insert(name, cells);
    }
    out
}

/// The rows of the 审核意见 sheet, with their links.
fn opinion_rows(path: &Path, p: &HashMap<String, String>) -> Vec<Row> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range("审核意见").expect("a 审核意见 sheet");
    let part = &sheet_parts(p)["审核意见"];
    let links: HashMap<String, String> = elements(&p[part], "hyperlink")
        .into_iter()
        .filter_map(|a| Some((a.get("ref")?.clone(), a.get("location")?.clone())))
        .collect();
    let text = |d: &Data| d.to_string();
    let mut out = Vec::new();
    for (i, row) in range.rows().enumerate().skip(4) {
        if !matches!(row.first(), Some(Data::Float(_)) | Some(Data::Int(_))) {
            continue;
        }
        let link = links.get(&format!("L{}", i + 1)).map(|loc| {
            let (s, c) = loc.rsplit_once('!').unwrap();
            (s.trim_matches('\'').replace("''", "'"), c.to_string())
        });
        out.push(Row {
            file: text(&row[2]),
            sheet: text(&row[3]),
            cell: text(&row[4]),
            severity: text(&row[5]),
            problem: text(&row[6]),
            stated: row[8].clone(),
            link,
        });
    }
    out
}

fn file_name(p: &str) -> String {
    Path::new(p)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Runs `run` on `inbox` and checks every unit workbook against report.json.
fn check_inbox(inbox: &Path, out: &Path) -> Vec<PathBuf> {
    let o = run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        out.join("report.json").exists(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rep: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let mut units: Vec<PathBuf> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    units.sort();
    let mut rows = Vec::new();
    for u in &units {
        let p = parts(u);
        let notes = noted_cells(&p);
        for r in opinion_rows(u, &p) {
            if let Some((s, c)) = &r.link {
                assert!(
                    notes.contains_key(s),
                    "{}: link to missing sheet {s}",
                    u.display()
                );
                assert!(
                    notes[s].contains(c),
                    "{}: link to {s}!{c} without a note",
                    u.display()
                );
            }
            rows.push(r);
        }
    }
    for f in rep["files"].as_array().unwrap() {
        let name = file_name(f["path"].as_str().unwrap());
        let tables = f["tables"].as_array().cloned().unwrap_or_default();
        for t in &tables {
            let fs = t["findings"].as_array().unwrap();
            let old = fs.iter().any(|x| x["code"] == "table-duplicate");
            for x in fs {
                if old && x["code"] != "table-duplicate" {
                    continue; // a superseded table shows only its table-duplicate finding
                }
                check_finding(&rows, &name, x);
            }
        }
        if !tables.is_empty() || f["status"] == "unreadable" {
            for x in f["findings"].as_array().unwrap() {
                check_finding(&rows, &name, x);
            }
        }
    }
    units
}

/// A finding of report.json is a row naming its file, sheet, cell and rule; an error or a
/// warning with a cell links to a noted cell; a numeric stated figure is a number.
fn check_finding(rows: &[Row], file: &str, x: &serde_json::Value) {
    // A copy that does not count is the officer's: never in the unit's workbook.
    if x["state"] == "superseded" {
        let code = x["code"].as_str().unwrap();
        let rule = Code::parse(code).unwrap().rule();
        let cell = x["cell"].as_str().unwrap_or("—");
        assert!(
            !rows
                .iter()
                .any(|r| r.file == file && r.problem == rule.zh && r.cell == cell),
            "{file}: a superseded finding reached the unit: {x}"
        );
        return;
    }
    let rule = Code::parse(x["code"].as_str().unwrap()).unwrap().rule();
    let cell = x["cell"].as_str().unwrap_or("—");
    let sheet = x["sheet"].as_str();
    let hit = rows.iter().find(|r| {
        r.file == file
            && r.problem == rule.zh
            && r.cell == cell
            && sheet.is_none_or(|s| r.sheet == s)
    });
    let Some(r) = hit else {
        panic!("{file}: no 审核意见 row for {x}");
    };
    if x["cell"].is_string() && rule.severity != selfeval::Severity::Info {
        assert!(r.link.is_some(), "{file}: {x} has no link");
        assert_eq!(r.severity, rule.severity.zh());
    }
    if let Some(found) = x["found"].as_str() {
        if found.parse::<f64>().is_ok() {
            assert!(
                matches!(r.stated, Data::Float(_)),
                "{file}: {x} stated {:?}",
                r.stated
            );
        }
    }
}

/// The fills and notes seen by openpyxl: each linked cell of an error row is red, of a
/// warning row red or amber, and carries a comment.
fn check_with_openpyxl(units: &[PathBuf]) {
    let script = r#"
import sys, openpyxl
RED, AMBER = "FFFFB3B3", "FFFFD8A8"
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    ws = wb["审核意见"]
    for row in ws.iter_rows(min_row=5):
        link = row[11].hyperlink
        if link is None or not link.location:
            continue
        sheet, cell = link.location.rsplit("!", 1)
        sheet = sheet.strip("'").replace("''", "'")
        c = wb[sheet][cell]
        assert c.comment is not None, (path, link.location)
        fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
        sev = row[5].value
        if sev == "错误":
            assert fill == RED, (path, link.location, fill)
        elif sev == "警告":
            assert fill in (RED, AMBER), (path, link.location, fill)
print("ok")
"#;
    let out = python_with_openpyxl()
        .arg("-c")
        .arg(script)
        .args(units)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_example_inbox_returns_every_finding_marked() {
    let dir = tempfile::tempdir().unwrap();
    let units = check_inbox(&fixtures().join("inbox"), dir.path());
    // The unreadable file's unit learns that it must send it again.
    assert!(units.iter().any(|u| u.ends_with("永登县文化和旅游局.xlsx")));
    // A unit without findings is told so.
    let clean = dir.path().join("units").join("永登县交通运输局.xlsx");
    let mut wb = open_workbook_auto(&clean).unwrap();
    let range = wb.worksheet_range("审核意见").unwrap();
    let at = |r, c| {
        range
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(at(0, 0), "永登县交通运输局 2021年度绩效自评审核意见");
    assert!(at(1, 0).contains("错误 0 项，警告 0 项"), "{}", at(1, 0));
    assert_eq!(at(4, 0), "经复核，未发现问题。");
}

#[test]
#[ignore = "external: openpyxl"]
fn the_example_inbox_return_workbooks_show_fills_and_notes_in_openpyxl() {
    let dir = tempfile::tempdir().unwrap();
    let units = check_inbox(&fixtures().join("inbox"), dir.path());
    check_with_openpyxl(&units);
}

#[test]
fn the_shared_samples_return_every_finding_marked() {
    let dir = tempfile::tempdir().unwrap();
    // The eight samples are the workbooks of one unit.
    let units = check_samples(dir.path());
    assert_eq!(units.len(), 1, "{units:?}");
}

#[test]
#[ignore = "external: openpyxl"]
fn the_shared_samples_return_workbooks_show_fills_and_notes_in_openpyxl() {
    let dir = tempfile::tempdir().unwrap();
    check_with_openpyxl(&check_samples(dir.path()));
}

/// Runs `run` on the shared samples, as kept with the fixtures (fixtures/variants/sample_*),
/// and checks their unit workbooks against report.json.
fn check_samples(dir: &Path) -> Vec<PathBuf> {
    let samples = dir.join("samples");
    std::fs::create_dir_all(&samples).unwrap();
    let variants = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/variants");
    for e in std::fs::read_dir(&variants).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(orig) = name.strip_prefix("sample_") {
            std::fs::copy(e.path(), samples.join(orig)).unwrap();
        }
    }
    assert_eq!(std::fs::read_dir(&samples).unwrap().count(), 8);
    let out = dir.join("work");
    std::fs::create_dir_all(&out).unwrap();
    check_inbox(&samples, &out)
}

/// With `--lang en` what the bureau adds to a unit's tables is English (the reviewed
/// columns, the notes' author, the legend); the form's own labels stay those of the
/// standard Chinese form the unit filled in.
#[test]
fn the_return_workbook_speaks_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inbox");
    run(&[
        "run",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let unit = out.join("units").join("兰州新区应急管理局.xlsx");
    let p = parts(&unit);
    let all: String = p.values().cloned().collect();
    for want in [
        "Reviewed score",
        "Reviewed rate",
        "Reviewer",
        "recomputed by the reviewer",
    ] {
        assert!(all.contains(want), "{want} missing");
    }
    for gone in ["复核得分", "复核执行率", "复核值："] {
        assert!(!all.contains(gone), "{gone} still there");
    }
    // The form is the unit's own: its labels stay.
    assert!(all.contains("全年预算数"));
}
