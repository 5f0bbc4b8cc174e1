//! A unit's return workbook is built in memory, one sheet per table: many copies of one
//! workbook (4,500 gave 22,500 sheets and a 4 GB run) are bounded by
//! `MAX_TABLE_SHEETS`; the tables past it keep their rows in 审核意见, and a row there
//! says how many have no sheet (issue 35: no silent cut).

mod common;

use calamine::{open_workbook_auto, Reader};
use selfeval::write::units::MAX_TABLE_SHEETS;

#[test]
fn a_unit_past_the_sheet_bound_says_how_many_tables_have_no_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let src = common::fixtures()
        .join("inbox")
        .join("永登县交通运输局.xlsx");
    // Five tables a copy.
    let copies = MAX_TABLE_SHEETS / 5 + 1;
    for i in 0..copies {
        std::fs::copy(&src, inbox.join(format!("{i:03}.xlsx"))).unwrap();
    }
    let out = tmp.path().join("out");
    let o = common::run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let wb_path = out.join("units").join("永登县交通运输局.xlsx");
    let mut wb = open_workbook_auto(&wb_path).unwrap();
    assert_eq!(wb.sheet_names().len(), MAX_TABLE_SHEETS + 1);
    let range = wb.worksheet_range("审核意见").unwrap();
    let text: String = range.cells().map(|(_, _, c)| c.to_string()).collect();
    let extra = copies * 5 - MAX_TABLE_SHEETS;
    assert!(
        text.contains(&format!("另外 {extra} 张表没有单独的工作表")),
        "no note"
    );
}
