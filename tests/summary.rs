//! summary.xlsx ready to print and file, and counting every unit and every resubmission
//! once, checked the way a user meets it: `selfeval run` on real inboxes (the example inbox
//! and a generated 500-unit one), read back with calamine and with openpyxl (python3), and
//! printed to PDF by LibreOffice.
//!
//! - every sheet opens at its title row (year and run date; SOURCE_DATE_EPOCH fixes the
//!   date), prints on A4 one page wide with the header row repeated, the title in the page
//!   header and `第 &P 页 共 &N 页` in the footer, and each row is as tall as its wrapped
//!   text needs (display width, CJK = 2, over the column's width);
//! - 图表 holds three charts with value labels, each inside its own page between manual
//!   page breaks, also for 500 units;
//! - 汇总 lists every unit, also the one whose only file could not be read, its 合计 agrees
//!   with the console's closing line, and a table superseded by a resubmission is marked
//!   已被替代 in 项目明细 and counted nowhere in 汇总.

mod common;

#[path = "../benches/common/corpus.rs"]
mod corpus;

use calamine::Data;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

/// 2026-01-01T00:00:00Z: the run date every test here fixes.
const EPOCH: &str = "1767225600";
const DATE: &str = "2026年1月1日";
/// Units of the generated inbox.
const UNITS: usize = 500;

fn run_fixed(inbox: &Path, out: &Path) -> Output {
    selfeval_dated(EPOCH)
        .args(["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .expect("selfeval runs")
}

/// The `N 个错误` and `N 个警告` of the console's closing line.
fn console_counts(o: &Output) -> (u64, u64) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let line = text
        .lines()
        .rev()
        .find(|l| l.contains("个错误") && l.contains("个警告"))
        .unwrap_or_else(|| panic!("no closing line in {text}"));
    let before = |word: &str| -> u64 {
        let head = &line[..line.find(word).unwrap()];
        let digits: String = head
            .chars()
            .rev()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.chars().rev().collect::<String>().parse().unwrap()
    };
    (before("个错误"), before("个警告"))
}

fn grid(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    sheet_cells(path, sheet)
        .into_iter()
        .map(|(r, c, v)| ((r, c), v))
        .collect()
}

fn text(g: &BTreeMap<(u32, u32), Data>, r: u32, c: u32) -> String {
    match g.get(&(r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn num(g: &BTreeMap<(u32, u32), Data>, r: u32, c: u32) -> Option<f64> {
    match g.get(&(r, c)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

/// The print checks, in openpyxl: title block, page setup, header and footer, repeated
/// header row, frozen panes, row heights of wrapped text; for 图表 the page breaks and that
/// each chart's anchor lies inside one page, with value labels.
const PRINT_CHECK: &str = r#"
import sys, re, zipfile, unicodedata
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
path, title, date = sys.argv[1], sys.argv[2], sys.argv[3]
rows_too = sys.argv[4] == "rows"
wb = load_workbook(path)
bad = []
def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else (0 if unicodedata.combining(ch) else 1) for ch in s)
def lines(s, w):
    usable = max(w - 1.0, 1.0)
    return max(1, sum(max(1, -(-width(l) // usable)) for l in s.split("\n")))
tall_rows = 0
for ws in wb.worksheets:
    n = ws.title
    if ws["A1"].value != title: bad.append(f"{n}: A1 {ws['A1'].value!r}")
    if date not in str(ws["A2"].value): bad.append(f"{n}: A2 {ws['A2'].value!r}")
    ps = ws.page_setup
    if str(ps.paperSize) != "9": bad.append(f"{n}: paper {ps.paperSize}")
    if not ws.sheet_properties.pageSetUpPr.fitToPage: bad.append(f"{n}: not fit to page")
    if ps.fitToWidth not in (1, None) or ps.fitToHeight != 0: bad.append(f"{n}: fit {ps.fitToWidth}x{ps.fitToHeight}")
    if "第 &P 页 共 &N 页" not in (ws.oddFooter.center.text or ""): bad.append(f"{n}: footer {ws.oddFooter.center.text!r}")
    if title not in (ws.oddHeader.left.text or ""): bad.append(f"{n}: header {ws.oddHeader.left.text!r}")
    widths = {c: 8.43 for c in range(1, ws.max_column + 1)}
    # openpyxl groups adjacent columns of one width into one dimension (min..max).
    for d in ws.column_dimensions.values():
        if d.width:
            for c in range(d.min, d.max + 1):
                widths[c] = d.width
    if n.startswith("图表"):
        if ps.orientation != "landscape": bad.append(f"{n}: orientation {ps.orientation}")
        continue
    if (ws.print_title_rows or "").replace("$", "") != "3:3": bad.append(f"{n}: print titles {ws.print_title_rows!r}")
    if ws.freeze_panes != "A4": bad.append(f"{n}: freeze {ws.freeze_panes}")
    total = sum(widths.values())
    want = "landscape" if total > 95 else "portrait"
    if ps.orientation != want: bad.append(f"{n}: {ps.orientation} at width {total}")
    if not rows_too:
        continue
    merged = {}
    for m in ws.merged_cells.ranges:
        merged[(m.min_row, m.min_col)] = sum(widths.get(c, 8.43) for c in range(m.min_col, m.max_col + 1))
    for r in range(3, ws.max_row + 1):
        need = 1
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(r, c)
            v = cell.value
            if isinstance(v, str) and cell.data_type == "s":
                need = max(need, lines(v, merged.get((r, c), widths[c])))
        if need > 1:
            tall_rows += 1
            ht = ws.row_dimensions[r].height
            if ht is None or ht < 14.5 * need:
                bad.append(f"{n}: row {r} needs {need} lines, height {ht}")
ws = wb[wb.sheetnames[-1]]
breaks = sorted(b.id for b in ws.row_breaks.brk)
z = zipfile.ZipFile(path)
drawings = [x for x in z.namelist() if re.match(r"xl/drawings/drawing\d+\.xml$", x)]
anchors = []
for d in drawings:
    xml = z.read(d).decode()
    for a in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", xml, re.S):
        if "<c:chart" not in a: continue
        fr = int(re.search(r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>", a, re.S).group(1))
        to = int(re.search(r"<xdr:to>.*?<xdr:row>(\d+)</xdr:row>", a, re.S).group(1))
        anchors.append((fr, to))
charts = sorted(x for x in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", x))
if len(charts) != 3 or len(anchors) != 3: bad.append(f"charts {charts} anchors {anchors}")
for c in charts:
    xml = z.read(c).decode()
    if '<c:showVal val="1"/>' not in xml: bad.append(f"{c}: no value labels")
if len(breaks) != 2: bad.append(f"page breaks {breaks}")
else:
    pages = [(0, breaks[0]), (breaks[0], breaks[1]), (breaks[1], breaks[1] + (breaks[1] - breaks[0]))]
    for (fr, to), (lo, hi) in zip(sorted(anchors), pages):
        if not (lo <= fr and to < hi): bad.append(f"chart rows {fr}-{to} cross the page {lo}-{hi}")
print(f"tall rows: {tall_rows}; breaks {breaks}; anchors {sorted(anchors)}")
for b in bad: print("BAD", b)
sys.exit(1 if bad else 0)
"#;

/// Runs [`PRINT_CHECK`] on `path`; returns its report.
fn print_check(path: &Path, title: &str, rows: bool) -> String {
    let o = python_with_openpyxl()
        .arg("-c")
        .arg(PRINT_CHECK)
        .arg(path)
        .arg(title)
        .arg(DATE)
        .arg(if rows { "rows" } else { "setup" })
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "print check failed:\n{report}");
    report
}

/// Pages of a PDF written by LibreOffice (its page objects are not compressed).
fn pdf_pages(pdf: &[u8]) -> usize {
    let pat = b"/Type/Page";
    pdf.windows(pat.len() + 1)
        .filter(|w| &w[..pat.len()] == pat && w[pat.len()] != b's')
        .count()
}

#[test]
#[ignore = "external: openpyxl, LibreOffice"]
fn example_inbox_summary_prints_and_counts_every_unit_and_resubmission_once() {
    let inbox = fixtures().join("inbox");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_fixed(&inbox, &out);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let summary = out.join("summary.xlsx");
    let title = "2021年度预算绩效自评汇总表";

    // 汇总: all five units, the unreadable one with its counts empty and its error counted.
    let sum = grid(&summary, "汇总");
    assert_eq!(text(&sum, 0, 0), title);
    assert!(text(&sum, 1, 0).contains(DATE), "{}", text(&sum, 1, 0));
    assert_eq!(text(&sum, 2, 0), "单位");
    let units: Vec<String> = (3..)
        .map(|r| text(&sum, r, 0))
        .take_while(|s| s != "合计")
        .collect();
    assert_eq!(
        units,
        [
            "兰州新区应急管理局",
            "永登县交通运输局",
            "永登县农业农村局（县乡村振兴局）",
            "永登县卫生健康局",
            "永登县文化和旅游局",
        ]
    );
    let lost = 3 + 4;
    for c in 1..=12 {
        assert_eq!(
            num(&sum, lost, c),
            None,
            "column {c} of the unreadable unit is empty"
        );
    }
    assert!(num(&sum, lost, 13) >= Some(1.0), "its error counted");
    assert!(
        text(&sum, lost, 15).contains("重新报送"),
        "{}",
        text(&sum, lost, 15)
    );

    // The 合计 row agrees with the console's closing line, and with report.json.
    let totals = 3 + units.len() as u32;
    assert_eq!(text(&sum, totals, 0), "合计");
    let (errors, warnings) = console_counts(&o);
    assert_eq!(num(&sum, totals, 13), Some(errors as f64), "errors");
    assert_eq!(num(&sum, totals, 14), Some(warnings as f64), "warnings");
    let rep: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(rep["summary"]["errors"].as_u64(), Some(errors));
    assert_eq!(rep["summary"]["warnings"].as_u64(), Some(warnings));

    // The resubmitted table and the other year's table (campaign.md §4): both copies are
    // read, only the counting ones are in 项目明细 and 汇总, once each.
    let tables: Vec<&serde_json::Value> = rep["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().unwrap())
        .collect();
    let copies = tables
        .iter()
        .filter(|t| t["name"].as_str() == Some("高标准农田建设项目"))
        .count();
    assert_eq!(copies, 2, "both submissions are read");
    let left_out = tables.iter().filter(|t| t["counts"] == false).count();
    assert_eq!(left_out, 2, "the older copy and the 2020 table");
    assert_eq!(rep["summary"]["not_counted"].as_u64(), Some(2));
    let detail = grid(&summary, "项目明细");
    assert_eq!(text(&detail, 2, 17), "汇总状态");
    let rows: Vec<u32> = (3..)
        .take_while(|r| detail.contains_key(&(*r, 0)))
        .collect();
    let marked: Vec<String> = rows
        .iter()
        .filter(|r| text(&detail, **r, 2) == "高标准农田建设项目")
        .map(|r| text(&detail, *r, 17))
        .collect();
    assert_eq!(marked, vec!["计入".to_string()], "listed once");
    assert!(
        !rows
            .iter()
            .any(|r| text(&detail, *r, 2) == "家庭医生签约服务经费"),
        "another year's table is not in 项目明细"
    );
    let counted = rows
        .iter()
        .filter(|r| text(&detail, **r, 17) == "计入")
        .count();
    assert_eq!(counted, rows.len());
    let in_summary: f64 = (1..=3).map(|c| num(&sum, totals, c).unwrap_or(0.0)).sum();
    assert_eq!(in_summary as usize, counted, "汇总 counts the 计入 tables");
    let all_tables = rep["summary"]["tables"].as_u64().unwrap() as usize;
    assert_eq!(counted, all_tables, "report.json counts the same tables");
    // The agricultural unit: its department table, 动物疫病防控 and the counted copy.
    let agri = 3 + 2;
    let agri_tables: f64 = (1..=3).map(|c| num(&sum, agri, c).unwrap_or(0.0)).sum();
    assert_eq!(agri_tables as usize, 3);
    // 指标明细 lists the counted tables only.
    let ind = grid(&summary, "指标明细");
    let listed = (3..)
        .take_while(|r| ind.contains_key(&(*r, 0)))
        .filter(|r| text(&ind, *r, 1) == "高标准农田建设项目")
        .count();
    assert!(listed > 0);

    // Print setup and row heights, read by another program.
    let report = print_check(&summary, title, true);
    assert!(report.contains("tall rows"), "{report}");

    // LibreOffice prints it: a few pages, not hundreds.
    let prof = recalc_profile(dir.path());
    let pdf_dir = dir.path().join("pdf");
    run_soffice(
        &soffice(),
        &prof,
        "pdf",
        &pdf_dir,
        std::slice::from_ref(&summary),
    );
    let pdf = std::fs::read(pdf_dir.join("summary.pdf")).expect("the PDF was written");
    let pages = pdf_pages(&pdf);
    assert!((7..=30).contains(&pages), "{pages} pages");
}

#[test]
#[ignore = "external: openpyxl"]
fn hundreds_of_units_keep_one_chart_per_page() {
    // 500 units: about 90 s in a debug build.
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    corpus::write_corpus(UNITS, &inbox).unwrap();
    let out = dir.path().join("out");
    let o = run_fixed(&inbox, &out);
    assert!(
        o.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let summary = out.join("summary.xlsx");
    let sum = grid(&summary, "汇总");
    let units = (3..).take_while(|r| text(&sum, *r, 0) != "合计").count();
    assert_eq!(units, UNITS);
    let (errors, warnings) = console_counts(&o);
    let totals = 3 + units as u32;
    assert_eq!(num(&sum, totals, 13), Some(errors as f64));
    assert_eq!(num(&sum, totals, 14), Some(warnings as f64));

    // 图表: the bands add up to the units with a rate, the ranking holds twenty.
    let charts = grid(&summary, "图表");
    let bands: f64 = (4..=10).map(|r| num(&charts, r, 1).unwrap()).sum();
    assert_eq!(bands as usize, UNITS);
    let ranked = (56..).take_while(|r| charts.contains_key(&(*r, 1))).count();
    assert_eq!(ranked, 20);
    let rates: Vec<f64> = (56..76).map(|r| num(&charts, r, 1).unwrap()).collect();
    assert!(
        rates.windows(2).all(|w| w[0] <= w[1]),
        "lowest first: {rates:?}"
    );

    // Row heights are checked on the example inbox; here the print setup and the charts.
    print_check(&summary, &format!("{}年度预算绩效自评汇总表", 2021), false);
}
