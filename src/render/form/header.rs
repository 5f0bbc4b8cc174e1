//! The top of the table: title, year and the name lines (项目名称, 主管部门, 实施单位).

use super::{Ctx, DepartmentLine, HeaderCells, A, B, C, E, F, G};
use crate::model::{CellRef, TableKind};
use crate::xlsx::style;
use anyhow::Result;

/// The row of the name line (项目名称 …), zero-based.
const NAME_ROW: u32 = 3;
/// The row of the department and unit line, in tables that have one.
const DEPT_ROW: u32 = 4;

/// Where the header block put its fields.
pub(super) struct Header {
    /// The title's, the year's and the name lines' cells.
    pub cells: HeaderCells,
    /// The first row of the fund block, right below the header.
    pub fund_top: u32,
}

/// The title (row 1) and the year line (row 2), across the whole table.
pub(super) fn title(cx: &mut Ctx) -> Result<()> {
    let last = cx.last_col;
    cx.p.ws.set_row_height(0, 30)?;
    let title_cell = Some(cx.table.title_cell);
    let f = cx.p.fmt(&cx.st.title, title_cell, (0, A));
    cx.p.text(0, A, 0, last, cx.table.kind.title(), &f)?;
    let year_text = match cx.opts.year.or(cx.table.year) {
        Some(y) => format!("（{y}年度）"),
        None => "（    年度）".to_string(),
    };
    cx.p.text(1, A, 1, last, &year_text, &cx.st.subtitle)
}

/// The name line and, except in department tables, the department and unit line.
pub(super) fn header_block(cx: &mut Ctx) -> Result<Header> {
    let (table, last) = (cx.table, cx.last_col);
    let kind = table.kind;
    let name_label = match kind {
        TableKind::Project => "项目名称",
        TableKind::Transfer => "转移支付（项目）名称",
        TableKind::Department => "部门（单位）名称",
    };
    // A department table may name only its unit.
    let name_text = if kind == TableKind::Department && table.name.is_empty() {
        &table.unit
    } else {
        &table.name
    };
    let r = NAME_ROW;
    cx.p.text(r, A, r, B, name_label, &cx.st.label)?;
    let f = cx.p.fmt(&cx.st.text_input, name_text.cell, (r, C));
    cx.p.text(r, C, r, last, &name_text.text, &f)?;
    let department_line = if kind == TableKind::Department {
        None
    } else {
        Some(department_line(cx)?)
    };
    let fund_top = if department_line.is_some() {
        DEPT_ROW + 1
    } else {
        DEPT_ROW
    };
    for r in NAME_ROW..fund_top {
        cx.p.ws.set_row_height(r, style::row_height(1))?;
    }
    let cells = HeaderCells {
        title: CellRef::new(0, A),
        year: CellRef::new(1, A),
        name: CellRef::new(NAME_ROW, C),
        department_line,
    };
    Ok(Header { cells, fund_top })
}

/// 主管部门 and 实施单位 (上级主管部门 and 资金使用单位 in a transfer table).
fn department_line(cx: &mut Ctx) -> Result<DepartmentLine> {
    let (table, last) = (cx.table, cx.last_col);
    let (dept_label, unit_label) = match table.kind {
        TableKind::Transfer => ("上级主管部门", "资金使用单位"),
        TableKind::Project | TableKind::Department => ("主管部门", "实施单位"),
    };
    let r = DEPT_ROW;
    cx.p.text(r, A, r, B, dept_label, &cx.st.label)?;
    let f = cx.p.fmt(&cx.st.text_input, table.department.cell, (r, C));
    cx.p.text(r, C, r, E, &table.department.text, &f)?;
    cx.p.text(r, F, r, F, unit_label, &cx.st.label)?;
    let f = cx.p.fmt(&cx.st.text_input, table.unit.cell, (r, G));
    cx.p.text(r, G, r, last, &table.unit.text, &f)?;
    Ok(DepartmentLine {
        department: CellRef::new(r, C),
        unit: CellRef::new(r, G),
    })
}
