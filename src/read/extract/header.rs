//! The table's header block: its name, supervising department and unit, each the value
//! to the right of its label.

use super::Ctx;
use crate::form::labels::Field;
use crate::model::{CellRef, Table, TableKind, Text};

/// Reads the name, department and unit.
pub(super) fn read_header(cx: &mut Ctx<'_>, t: &mut Table) {
    let start = cx.start;
    let name_label = find_name_label(cx, t.kind, start);
    let (name_zh, name_en) = match t.kind {
        TableKind::Project => ("项目名称", "project name"),
        TableKind::Department => ("部门（单位）名称", "department (unit) name"),
        TableKind::Transfer => ("转移支付（项目）名称", "transfer (project) name"),
    };
    t.code = read_code(cx, start, name_label.map_or(start, |l| l.row));
    t.name = labelled_value(cx, name_label, t.title_cell, (name_zh, name_en)).unwrap_or_default();
    if t.kind == TableKind::Department {
        t.name = org_name(t.name.clone());
        t.unit = t.name.clone();
        return;
    }
    let label = cx.find_field(Field::Department, start);
    let what = ("主管部门", "supervising department");
    if let Some(d) = labelled_value(cx, label, t.title_cell, what) {
        t.department = org_name(d);
    }
    if let Some(l) = cx.find_field(Field::Unit, start) {
        t.unit = org_name(cx.value_right_of(l));
    }
    if t.unit.is_empty() && t.kind == TableKind::Transfer {
        // The regional form without 资金使用单位: its 地方主管部门 is the unit.
        if let Some(l) = cx.find_label(crate::form::LOCAL_DEPARTMENT, start) {
            t.unit = org_name(cx.value_right_of(l));
        }
    }
}

/// An organisation's name as its other tables write it: without a budget code before it.
fn org_name(mut t: Text) -> Text {
    t.text = crate::form::labels::strip_budget_code(&t.text).to_string();
    t
}

/// The label of the table's name, by the spellings its kind may use.
fn find_name_label(cx: &Ctx<'_>, kind: TableKind, start: u32) -> Option<CellRef> {
    let name_field = match kind {
        TableKind::Project => Field::ProjectName,
        TableKind::Department => Field::DeptName,
        TableKind::Transfer => Field::TransferName,
    };
    let name_label = cx.find_field(name_field, start).or_else(|| {
        // A department table whose name row is labelled only `部门` (Anhui's form).
        (kind == TableKind::Department)
            .then(|| cx.find_label(&crate::form::name_labels_first_rows(), start))
            .flatten()
    });
    name_label.or_else(|| {
        // A transfer table may say 项目名称; a project table 转移支付（项目）名称 is not
        // accepted as its name (it would be a transfer).
        (kind == TableKind::Transfer)
            .then(|| cx.find_field(Field::ProjectName, start))
            .flatten()
    })
}

/// The value right of `label`, `what` (Chinese, English) reported missing when it is
/// empty (at its cell) or has no label (at the title, and `None`).
fn labelled_value(
    cx: &mut Ctx<'_>,
    label: Option<CellRef>,
    title: CellRef,
    what: (&str, &str),
) -> Option<Text> {
    let Some(l) = label else {
        cx.missing(title, what.0, what.1);
        return None;
    };
    let v = cx.value_right_of(l);
    if v.is_empty() {
        cx.missing(v.cell.unwrap_or(l), what.0, what.1);
    }
    Some(v)
}

/// 项目编码, where the form has it: searched only near the name (the header block), so a
/// table without one costs a few rows, not a scan of the whole table.
fn read_code(cx: &Ctx<'_>, start: u32, name_row: u32) -> Option<Text> {
    let limit = name_row.saturating_add(3).min(cx.end);
    let label = (start..limit).find_map(|r| {
        cx.g.row(r).find_map(|(c, cell)| {
            super::short_text(cell)
                .filter(|t| crate::form::labels::classify_field(t) == Some(Field::ProjectCode))
                .map(|_| crate::model::CellRef::new(r, c))
        })
    })?;
    Some(cx.value_right_of(label)).filter(|t| !t.is_empty())
}
