//! A unit's return workbook is built in memory, one sheet per table: many copies of one
//! workbook (4,500 gave 22,500 sheets and a 4 GB run) are bounded by
//! `MAX_TABLE_SHEETS`; the tables past it keep their rows in 审核意见, and a row there
//! says how many have no sheet (issue 35: no silent cut).

use calamine::{open_workbook_auto, Reader};
use selfeval::render::returns::MAX_TABLE_SHEETS;

/// One workbook of `n` different project tables of one unit (older copies would not count
/// and get no sheet at all).
fn many_tables(n: usize) -> Vec<selfeval::check::CheckedFile> {
    use selfeval::model::{CellRef, Table, TableKind, Text};
    let policy = selfeval::score::Policy::default();
    let tables = (0..n)
        .map(|i| {
            let mut t = Table::empty(TableKind::Project, format!("表{i}"));
            t.name = Text::new(format!("项目{i:04}"), CellRef::new(3, 2));
            t.unit = Text::new("永登县交通运输局", CellRef::new(4, 6));
            let review = selfeval::score::review(&t, &policy);
            selfeval::check::CheckedTable {
                table: t,
                review,
                findings: Vec::new(),
                standing: Default::default(),
            }
        })
        .collect();
    let mut file =
        selfeval::check::unreadable(std::path::Path::new("收件箱/交通.xlsx"), Default::default());
    file.findings.clear();
    file.status = selfeval::check::FileStatus::Ok;
    file.tables = tables;
    vec![file]
}

#[test]
fn a_unit_past_the_sheet_bound_says_how_many_tables_have_no_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let n = MAX_TABLE_SHEETS + 6;
    let files = many_tables(n);
    let units = selfeval::units(&files);
    let dir = tmp.path().join("units");
    let how = selfeval::Placement::Atomic;
    selfeval::render::returns::write_all(&files, &units, &dir, how, selfeval::Lang::Zh).unwrap();
    let wb_path = dir.join("永登县交通运输局.xlsx");
    let mut wb = open_workbook_auto(&wb_path).unwrap();
    assert_eq!(wb.sheet_names().len(), MAX_TABLE_SHEETS + 1);
    let range = wb.worksheet_range("审核意见").unwrap();
    let text: String = range.cells().map(|(_, _, c)| c.to_string()).collect();
    let extra = n - MAX_TABLE_SHEETS;
    assert!(
        text.contains(&format!("另外 {extra} 张表没有单独的工作表")),
        "no note"
    );
}
