//! Long lists continued on further sheets, through the library's public entry points that
//! build summary.xlsx and findings.xlsx: with a small per-sheet row limit the bundled inbox
//! fills several sheets of each list; read back with calamine, every row is there once, in
//! order, below a header on every sheet, the totals still count the lists, and LibreOffice
//! recalculates the continued formulas to the cached figures.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use selfeval::check::Settings;
use selfeval::check::{check_all, CheckedFile};
use selfeval::render::{summary, worklist as findings, RunCx};
use selfeval::save_atomic;
use selfeval::units;
use selfeval::Lang;
use selfeval::View;

/// ROWS data rows on each worksheet of the summary's lists.
fn split_rows() -> summary::Rows {
    summary::Rows {
        per_sheet: ROWS,
        opts: summary::SummaryOptions::default(),
    }
}
use std::path::{Path, PathBuf};

/// Rows per sheet in these tests: small, so the bundled inbox needs several sheets.
const ROWS: u32 = 5;

fn checked_inbox() -> (PathBuf, Vec<CheckedFile>) {
    let inbox = fixtures().join("inbox");
    let inputs = selfeval::read::walk::walk(std::slice::from_ref(&inbox)).unwrap();
    let files = check_all(&inputs, &Default::default());
    (inbox, files)
}

/// Every sheet of a workbook in order, as rows of cells (header included).
fn book(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            assert_eq!(range.start().unwrap_or((0, 0)), (0, 0), "{n} starts at A1");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

/// Rows above the data of summary.xlsx's lists: its title, the line with the date, the
/// header.
const SUMMARY_TOP: usize = 3;

/// The sheets of the list `name` in `book`: `name`, `name(2)`, … — checked to be
/// consecutive, numbered from 2 and at most `ROWS` data rows each below `top` rows.
fn parts<'b>(
    book: &'b [(String, Vec<Vec<Data>>)],
    name: &str,
    top: usize,
) -> Vec<&'b Vec<Vec<Data>>> {
    let first = book
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"));
    let mut out = vec![&book[first].1];
    for (k, (n, rows)) in book[first + 1..].iter().enumerate() {
        if *n != format!("{name}({})", k + 2) {
            break;
        }
        out.push(rows);
    }
    let named = book.iter().filter(|(n, _)| n.starts_with(name)).count();
    assert_eq!(
        named,
        out.len(),
        "{name}: continuation sheets follow it in order"
    );
    for p in &out {
        assert!(
            p.len() <= ROWS as usize + top,
            "{name}: at most {ROWS} data rows a sheet"
        );
    }
    out
}

/// The list `name` put back together: the rows above the data once (the first sheet's),
/// then every sheet's data rows; each sheet must repeat the header (the last row above the
/// data).
fn joined(book: &[(String, Vec<Vec<Data>>)], name: &str, top: usize) -> Vec<Vec<Data>> {
    let ps = parts(book, name, top);
    let mut out = ps[0][..top].to_vec();
    for p in &ps {
        assert_eq!(
            p[top - 1],
            ps[0][top - 1],
            "{name}: the header on every sheet"
        );
        out.extend(p[top..].iter().cloned());
    }
    out
}

/// The worklist `name` (findings.xlsx) put back together: its title and header rows once,
/// then every sheet's findings; each sheet must repeat both and hold at most `ROWS`.
fn worklist_joined(book: &[(String, Vec<Vec<Data>>)], name: &str) -> Vec<Vec<Data>> {
    let sheets: Vec<&Vec<Vec<Data>>> = book
        .iter()
        .filter(|(n, _)| n == name || n.starts_with(&format!("{name}(")))
        .map(|(_, rows)| rows)
        .collect();
    for (k, (n, _)) in book.iter().enumerate() {
        let want = if k == 0 {
            name.to_string()
        } else {
            format!("{name}({})", k + 1)
        };
        assert_eq!(*n, want, "continuation sheets in order");
    }
    let mut out = sheets[0][..2].to_vec();
    for rows in &sheets {
        assert_eq!(
            rows[..2],
            sheets[0][..2],
            "{name}: title and header on every sheet"
        );
        assert!(
            rows.len() as u32 <= ROWS + 2,
            "{name}: at most {ROWS} a sheet"
        );
        out.extend(rows[2..].iter().cloned());
    }
    out
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        _ => 0.0,
    }
}

#[test]
#[ignore = "external: LibreOffice"]
fn summary_and_findings_lists_continue_on_further_sheets() {
    let (inbox, files) = checked_inbox();
    let units = units(&files);
    let dir = tempfile::tempdir().unwrap();
    let save = |wb: &mut rust_xlsxwriter::Workbook, name: &str| {
        let p = dir.path().join(name);
        save_atomic(wb, &p).unwrap();
        p
    };

    // The same outputs on full sheets (the run's defaults) and on sheets of ROWS rows.
    let (settings, view) = (Settings::default(), View::default());
    let run = RunCx::new(&inbox, &settings, &view, Lang::Zh);
    let whole_summary = save(
        &mut summary::build(&files, &units, &run, summary::Rows::default()).unwrap(),
        "whole-summary.xlsx",
    );
    let split_summary = save(
        &mut summary::build(&files, &units, &run, split_rows()).unwrap(),
        "summary.xlsx",
    );
    let whole_findings = save(
        &mut findings::build(&files, &run, findings::MAX_ROWS).unwrap(),
        "whole-findings.xlsx",
    );
    let split_findings = save(
        &mut findings::build(&files, &run, ROWS).unwrap(),
        "findings.xlsx",
    );

    let whole = book(&whole_summary);
    let split = book(&split_summary);
    for list in ["项目明细", "指标明细", "文件清单"] {
        let sheets = parts(&split, list, SUMMARY_TOP).len();
        let rows = whole.iter().find(|(n, _)| n == list).unwrap().1.len() - SUMMARY_TOP;
        assert!(
            rows > ROWS as usize,
            "the inbox fills more than one sheet of {list}"
        );
        assert_eq!(sheets, rows.div_ceil(ROWS as usize), "{list} sheets");
        let one = &whole.iter().find(|(n, _)| n == list).unwrap().1;
        assert_eq!(
            &joined(&split, list, SUMMARY_TOP),
            one,
            "{list}: every row once, in order"
        );
    }
    // 汇总 and 图表 stay single, first and last.
    assert_eq!(split.first().unwrap().0, "汇总");
    assert_eq!(split.last().unwrap().0, "图表");
    assert_eq!(whole[0], split[0], "汇总 is unchanged");

    // 汇总's totals row still counts what the continued 项目明细 holds: the tables it
    // marks 计入 (superseded copies are not counted), and every finding of the run.
    let totals = &split[0].1[units.len() + SUMMARY_TOP];
    assert_eq!(totals[0], Data::String("合计".into()));
    let tables = joined(&split, "项目明细", SUMMARY_TOP);
    let kinds: f64 = (1..=3).map(|c| num(&totals[c])).sum();
    let counted = tables[SUMMARY_TOP..]
        .iter()
        .filter(|r| r[17] == Data::String("计入".into()))
        .count();
    assert_eq!(kinds as usize, counted, "tables in 汇总 vs 项目明细");
    let all = selfeval::check::summarize(&files);
    assert_eq!(num(&totals[13]) as usize, all.errors, "errors in 汇总");
    assert_eq!(num(&totals[14]) as usize, all.warnings, "warnings in 汇总");

    // findings.xlsx: 问题清单, 问题清单(2), … hold every finding once, in order.
    let whole = book(&whole_findings);
    let split = book(&split_findings);
    assert_eq!(whole.len(), 1);
    let all = &whole[0].1;
    let count: usize = files
        .iter()
        .map(|f| f.findings.len() + f.tables.iter().map(|t| t.findings.len()).sum::<usize>())
        .sum();
    // Two rows above the findings: the title and the header.
    assert_eq!(all.len() - 2, count, "one row per finding");
    assert!(count > ROWS as usize, "the inbox fills more than one sheet");
    assert_eq!(split.len(), count.div_ceil(ROWS as usize));
    assert_eq!(&worklist_joined(&split, "问题清单"), all);

    // Formulas on the continuation sheets refer to their own rows: LibreOffice recalculates
    // every one to the cached figure.
    let theirs = recalc_with_libreoffice(&split_summary, dir.path());
    let n = assert_formulas_agree(&split_summary, &theirs);
    assert!(n > 10, "only {n} formulas compared");
    let continued = sheet_formulas(&split_summary, "项目明细(2)");
    assert!(!continued.is_empty(), "项目明细(2) has formulas");
}

#[test]
fn continuation_sheets_take_the_english_names_with_lang_en() {
    let (inbox, files) = checked_inbox();
    let units = units(&files);
    let (settings, view) = (Settings::default(), View::default());
    let run = RunCx::new(&inbox, &settings, &view, Lang::En);
    let mut wb = summary::build(&files, &units, &run, split_rows()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("summary.xlsx");
    save_atomic(&mut wb, &p).unwrap();
    let b = book(&p);
    for list in ["Tables", "Indicators", "Files"] {
        assert!(parts(&b, list, SUMMARY_TOP).len() > 1, "{list} continued");
        assert!(b.iter().any(|(n, _)| *n == format!("{list}(2)")));
    }
    let mut wb = findings::build(&files, &run, ROWS).unwrap();
    let p = dir.path().join("findings.xlsx");
    save_atomic(&mut wb, &p).unwrap();
    let b = book(&p);
    assert_eq!(b[0].0, "Findings");
    assert_eq!(b[1].0, "Findings(2)");
    assert_eq!(
        b[1].1[1][0],
        Data::String("Severity".into()),
        "English header below the title"
    );
}
