//! findings.xlsx as a worklist (issue 14 A), read back by another program: openpyxl checks
//! the title row, the 单位 column, the rule names, 填报值 / 复核值 / 阈值 as numbers with
//! number formats, the sort order, row heights that fit the wrapped text and the print setup
//! (A4 landscape, one page wide, title and header on every page, page numbers); LibreOffice
//! prints it to PDF. Around it: only the older copy of a resubmitted table is flagged (by
//! file modification time), the cross-table cells, and `limit` in text and JSON output.

mod common;

use common::*;
use selfeval::{Code, Lang};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// 2026-12-02 12:00:00 UTC: the date the title row must show.
const EPOCH: &str = "1796212800";

/// A copy of the bundled inbox under `dir` (an absolute path), its files dated so that the
/// corrected resubmission is newer than the first submission, or older with `reversed`.
fn inbox_copy(dir: &Path, reversed: bool) -> PathBuf {
    let src = fixtures().join("inbox");
    let dst = dir.join("收件箱");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let to = dst.join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let day = SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000);
    let (first, second) = if reversed {
        (day + Duration::from_secs(3_600), day)
    } else {
        (day, day + Duration::from_secs(3_600))
    };
    let set = |name: &str, t: SystemTime| {
        let f = std::fs::File::options()
            .write(true)
            .open(dst.join("永登县农业农村局").join(name))
            .unwrap();
        f.set_modified(t).unwrap();
    };
    set("高标准农田建设.xlsx", first);
    set("高标准农田建设（修改后）.xlsx", second);
    dst
}

/// Runs `selfeval run INBOX -o OUT` with the fixed date and returns OUT.
fn run_dated(inbox: &Path, out: &Path) -> PathBuf {
    let o = selfeval_dated(EPOCH)
        .args(["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.join("findings.xlsx").is_file(),
        "run failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out.join("findings.xlsx")
}

/// What openpyxl sees in a findings workbook, as JSON.
const READ_BACK: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    ps = ws.page_setup
    rows = []
    for r in range(3, ws.max_row + 1):
        cells = [ws.cell(row=r, column=c) for c in range(1, 14)]
        rows.append({
            "values": [c.value for c in cells],
            "types": [type(c.value).__name__ for c in cells],
            "formats": [c.number_format for c in cells],
            "height": ws.row_dimensions[r].height,
        })
    widths = {}
    for k, d in ws.column_dimensions.items():
        for i in range(d.min or 1, (d.max or d.min or 1) + 1):
            widths[openpyxl.utils.get_column_letter(i)] = d.width
    out.append({
        "name": ws.title,
        "title": ws.cell(row=1, column=1).value,
        "merged": [str(m) for m in ws.merged_cells.ranges],
        "header": [ws.cell(row=2, column=c).value for c in range(1, 14)],
        "orientation": ps.orientation,
        "paper": ps.paperSize,
        "fit_width": ps.fitToWidth,
        "fit_height": ps.fitToHeight,
        "fit": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        "print_titles": ws.print_title_rows,
        "footer": ws.oddFooter.center.text,
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "widths": widths,
        "rows": rows,
    })
print(json.dumps(out, ensure_ascii=False))
"#;

fn read_back(path: &Path) -> Vec<Value> {
    let o = python_with_openpyxl()
        .args(["-c", READ_BACK])
        .arg(path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

const HEADER: [&str; 13] = [
    "严重程度",
    "单位",
    "文件",
    "表名称",
    "工作表",
    "单元格",
    "代码",
    "规则",
    "说明",
    "填报值",
    "复核值",
    "阈值",
    "状态",
];

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Rows whose 代码 column is `code`.
fn rows_of<'a>(rows: &'a [Value], code: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| s(&r["values"][6]) == code).collect()
}

/// Zero-based (row, column) of an A1 reference.
fn rc(a1: &str) -> (u32, u32) {
    let c = selfeval::model::CellRef::parse(a1).unwrap();
    (c.row, c.col)
}

#[test]
#[ignore = "external: openpyxl"]
fn findings_xlsx_is_a_worklist_on_paper() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox_copy(dir.path(), false);
    let book = read_back(&run_dated(&inbox, &dir.path().join("out")));
    assert_eq!(book.len(), 1, "one sheet");
    let ws = &book[0];
    assert_eq!(ws["name"], "问题清单");

    // The title row: what, which year, the run's date (SOURCE_DATE_EPOCH), over all columns.
    let title = s(&ws["title"]);
    assert!(
        title.starts_with("2021年度预算绩效自评审核问题清单"),
        "{title}"
    );
    assert!(title.contains("2026年12月2日"), "{title}");
    assert_eq!(ws["merged"], serde_json::json!(["A1:M1"]));
    assert_eq!(ws["header"], serde_json::json!(HEADER));

    // Print setup: A4 landscape, one page wide, title and header rows on every page.
    assert_eq!(ws["orientation"], "landscape");
    assert_eq!(ws["paper"], 9);
    assert_eq!(ws["fit"], true);
    // One page wide: 1 is the file format's default, which writers may leave out.
    assert!(
        ws["fit_width"] == 1 || ws["fit_width"].is_null(),
        "{}",
        ws["fit_width"]
    );
    assert_eq!(ws["fit_height"], 0);
    assert_eq!(ws["print_titles"], "$1:$2");
    assert_eq!(ws["footer"], "第 &P 页 共 &N 页");
    assert_eq!(ws["freeze"], "A3");
    let rows = ws["rows"].as_array().unwrap();
    assert_eq!(
        s(&ws["filter"]),
        format!("A2:M{}", rows.len() + 2),
        "the filter covers header and data"
    );

    check_order(rows);
    check_figures(rows);
    check_units_and_names(rows, &inbox);
    check_heights(rows, &ws["widths"]);
}

/// The findings that count first (新出现), those of copies that do not count (已被替代)
/// after them; each part sorted by severity, then unit, then file, then place.
fn check_order(rows: &[Value]) {
    let state = |r: &Value| s(&r["values"][12]).to_string();
    let split = rows
        .iter()
        .position(|r| state(r) == "已被替代")
        .unwrap_or(rows.len());
    assert!(rows[..split].iter().all(|r| state(r) == "新出现"));
    assert!(split < rows.len(), "the older copy's findings are listed");
    assert!(rows[split..].iter().all(|r| state(r) == "已被替代"));
    check_part_order(&rows[..split]);
    check_part_order(&rows[split..]);
    check_cell_order(&rows[..split]);
}

/// Sorted by severity, then unit, then file, then place in row and column order.
fn check_part_order(rows: &[Value]) {
    let rank = |v: &Value| match s(&v["values"][0]) {
        "错误" => 0,
        "警告" => 1,
        "提示" => 2,
        other => panic!("severity {other}"),
    };
    let mut seen_units: Vec<(i32, String)> = Vec::new();
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(rank(a) <= rank(b), "severity order");
        let key = |r: &Value| (rank(r), s(&r["values"][1]).to_string());
        if key(a) != key(b) {
            assert!(
                !seen_units.contains(&key(b)),
                "the rows of a unit stay together: {:?}",
                key(b)
            );
            seen_units.push(key(a));
        }
        let same_file = key(a) == key(b) && a["values"][2] == b["values"][2];
        if same_file && a["values"][4] == b["values"][4] {
            let (ca, cb) = (s(&a["values"][5]), s(&b["values"][5]));
            if !ca.is_empty() && !cb.is_empty() {
                assert!(rc(ca) <= rc(cb), "{ca} before {cb}: row/column order");
            }
        }
    }
}

/// The 兰州新区 file's errors put I9 before I10 (string order would not).
fn check_cell_order(rows: &[Value]) {
    let rank = |v: &Value| match s(&v["values"][0]) {
        "错误" => 0,
        _ => 1,
    };
    let cells: Vec<(u32, u32)> = rows
        .iter()
        .filter(|r| s(&r["values"][2]) == "兰州新区应急管理局.xlsx" && rank(r) == 0)
        .filter(|r| s(&r["values"][4]) == "安全生产监督执法")
        .map(|r| rc(s(&r["values"][5])))
        .collect();
    assert!(cells.len() > 2, "{cells:?}");
    assert!(cells.windows(2).all(|w| w[0] <= w[1]), "{cells:?}");
}

/// 填报值, 复核值 and 阈值 are numbers with the formats of what they measure.
fn check_figures(rows: &[Value]) {
    let low = rows_of(rows, "exec-rate-low");
    let r = *low
        .iter()
        .find(|r| s(&r["values"][2]) == "永登县卫生健康局.xlsx")
        .unwrap();
    assert_eq!(r["values"][9].as_f64(), Some(0.8035), "stated rate");
    assert_eq!(r["formats"][9], "0.00%");
    assert!(r["values"][10].is_null(), "no reviewed figure: {r}");
    assert_eq!(r["values"][11].as_f64(), Some(0.9), "the threshold");
    assert_eq!(r["formats"][11], "0.00%");

    let sums = rows_of(rows, "fund-sum-mismatch");
    assert!(!sums.is_empty());
    for r in sums {
        assert!(r["values"][9].is_number(), "{r}");
        assert!(r["values"][10].is_number(), "{r}");
        assert_eq!(r["formats"][9], "#,##0.00");
        assert_eq!(r["formats"][10], "#,##0.00");
    }
    let year = rows_of(rows, "year-mismatch");
    assert_eq!(year.len(), 1);
    assert_eq!(year[0]["values"][9].as_f64(), Some(2020.0));
    assert_eq!(year[0]["values"][11].as_f64(), Some(2021.0));
    assert_eq!(year[0]["formats"][11], "General");
    assert!(year[0]["values"][10].is_null());

    let exceed = rows_of(rows, "dept-projects-exceed");
    assert_eq!(exceed.len(), 1);
    let e = exceed[0];
    assert_eq!(e["values"][9].as_f64(), Some(1225.8), "项目支出 stated");
    assert_eq!(
        e["values"][10].as_f64(),
        Some(1263.7),
        "projects counted once"
    );
    // Scores are plain numbers: the stated one as the table gives it, the reviewed one
    // (computed) with two decimals (reports.md "Ready to file").
    for r in rows_of(rows, "total-mismatch") {
        assert!(r["values"][9].is_number(), "{r}");
        assert_eq!(r["formats"][9], "General");
        assert_eq!(r["formats"][10], "0.00");
    }
    // Every figure that is a number is stored as one: no text like '1329.41'.
    for r in rows {
        for c in 9..12 {
            if let Some(t) = r["values"][c].as_str() {
                assert!(t.parse::<f64>().is_err(), "{t} stored as text");
            }
        }
    }
}

/// The 单位 column, the rule's Chinese name beside its code, relative paths in messages,
/// only the older copy of the resubmitted table flagged, the cross-table cells.
fn check_units_and_names(rows: &[Value], inbox: &Path) {
    for r in rows {
        let code = Code::parse(s(&r["values"][6])).unwrap();
        assert_eq!(s(&r["values"][7]), code.rule().name(Lang::Zh), "{r}");
        let msg = s(&r["values"][8]);
        assert!(
            !msg.contains(&*inbox.to_string_lossy()),
            "an absolute path in {msg}"
        );
        if s(&r["values"][0]) != "提示" {
            assert!(!s(&r["values"][1]).is_empty(), "a unit for {r}");
        }
    }
    let dup = rows_of(rows, "table-duplicate");
    assert_eq!(dup.len(), 1, "only the older copy");
    let d = &dup[0]["values"];
    assert_eq!(s(&d[2]), "永登县农业农村局/高标准农田建设.xlsx");
    assert_eq!(s(&d[1]), "永登县农业农村局（县乡村振兴局）");
    assert!(
        s(&d[8]).contains("永登县农业农村局/高标准农田建设（修改后）.xlsx"),
        "{}",
        s(&d[8])
    );
    assert_ne!(s(&d[5]), "A1", "at the name cell");
    let unread = rows_of(rows, "file-unreadable");
    assert_eq!(s(&unread[0]["values"][1]), "永登县文化和旅游局");
    for code in ["unit-name-variant", "year-mismatch", "dept-projects-exceed"] {
        for r in rows_of(rows, code) {
            assert_ne!(s(&r["values"][5]), "A1", "{code} points at its own cell");
        }
    }
}

/// Every row is as tall as its wrapped text: at least one line of 11 pt per line the
/// widest text needs at its column's width (a character counted as one unit for a
/// half-width and two for a CJK one; Excel's unit is about one digit).
fn check_heights(rows: &[Value], widths: &Value) {
    let width = |col: &str| widths[col].as_f64().unwrap_or(8.43);
    let cols = ["B", "C", "D", "E", "F", "G", "H", "I"];
    let mut tall = 0;
    for r in rows {
        let h = r["height"]
            .as_f64()
            .unwrap_or_else(|| panic!("no height: {r}"));
        for (k, col) in cols.iter().enumerate() {
            let text = s(&r["values"][k + 1]);
            let w = unicode_width::UnicodeWidthStr::width(text) as f64;
            let lines = (w / width(col)).ceil().max(1.0);
            assert!(h >= lines * 13.5, "{h} pt for {lines} lines of {text}");
        }
        if h > 40.0 {
            tall += 1;
        }
    }
    assert!(tall > 5, "long messages wrap into taller rows");
}

#[test]
fn the_newest_copy_counts_whichever_its_name() {
    // The first submission modified last: it counts, the （修改后） copy is the old one.
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox_copy(dir.path(), true);
    let o = selfeval()
        .args(["check", inbox.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let dups: Vec<String> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["tables"].as_array().unwrap().iter().any(|t| {
                t["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["code"] == "table-duplicate")
            })
        })
        .map(|f| s(&f["path"]).to_string())
        .collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert!(
        dups[0].ends_with("高标准农田建设（修改后）.xlsx"),
        "{dups:?}"
    );
}

#[test]
fn text_and_json_label_the_limit_as_a_limit() {
    let file = fixtures().join("inbox/永登县卫生健康局.xlsx");
    let text = |lang: &str| {
        let o = run(&["check", file.to_str().unwrap(), "--lang", lang]);
        String::from_utf8(o.stdout).unwrap()
    };
    let zh = text("zh");
    let block = zh
        .split("\n\n")
        .find(|b| b.contains("[exec-rate-low]"))
        .unwrap();
    assert!(block.contains("= 填报 80.35%，阈值 90.00%"), "{block}");
    assert!(!block.contains("复核"), "{block}");
    let en = text("en");
    let block = en
        .split("\n\n")
        .find(|b| b.contains("[exec-rate-low]"))
        .unwrap();
    assert!(block.contains("= found 80.35%, limit 90.00%"), "{block}");

    let o = run(&["check", file.to_str().unwrap(), "--format", "json"]);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let all: Vec<&Value> = doc["files"][0]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["findings"].as_array().unwrap())
        .collect();
    let low = all.iter().find(|x| x["code"] == "exec-rate-low").unwrap();
    assert_eq!(low["limit"], "0.9", "a fraction, like other JSON rates");
    assert_eq!(low["found"], "0.8035");
    assert!(low["expected"].is_null());
    for x in &all {
        let limited = ["exec-rate-low", "category-missing", "year-mismatch"];
        if !limited.iter().any(|c| x["code"] == *c) {
            assert!(x.get("limit").is_none(), "limit omitted when none: {x}");
        }
    }
}

#[test]
#[ignore = "external: LibreOffice, poppler"]
fn the_worklist_prints_on_numbered_a4_pages() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox_copy(dir.path(), false);
    let xlsx = run_dated(&inbox, &dir.path().join("out"));
    let pdf_dir = dir.path().join("pdf");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    let profile = recalc_profile(dir.path());
    run_soffice(&soffice(), &profile, "pdf", &pdf_dir, &[xlsx]);
    let pdf = pdf_dir.join("findings.pdf");
    assert!(pdf.is_file(), "LibreOffice made no PDF");
    let o = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&o.stdout);
    let pages = text.matches('\u{c}').count().max(1);
    // pdftotext loses some spaces of the footer: compare without them.
    let bare: String = text.chars().filter(|c| *c != ' ').collect();
    for p in 1..=pages {
        assert!(
            bare.contains(&format!("第{p}页共{pages}页")),
            "page {p} of {pages} numbered in the footer"
        );
    }
    assert_eq!(
        text.matches("2021年度预算绩效自评审核问题清单").count(),
        pages,
        "the title on every page"
    );
    assert_eq!(
        text.matches("严重程度").count(),
        pages,
        "the header on every page"
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    // A4 landscape: 842 x 595 points.
    assert!(
        info.contains("841.89 x 595.3") && info.contains("(A4)"),
        "{info}"
    );
}
