//! Checks across the tables of a run (a folder): `table-duplicate`, `unit-name-variant`,
//! `dept-projects-exceed`, `year-mismatch`. A pure function of the tables read; every
//! finding points at the title cell of the table it belongs to. (`file-duplicate` is the
//! folder walker's.)
//!
//! Grouping into units (rules.md, Clarifications): the tables of one workbook form one
//! unit; tables in other workbooks join it when their unit name is the same after
//! [`normalize_unit_name`].

use super::catalog::Code;
use super::finding::{Finding, Message};
use super::table::num;
use crate::model::{FundRole, Table, TableKind};
use crate::score::Policy;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// One table of a run: the index of its file, the file's path, the table.
pub type CrossTable<'a> = (usize, &'a Path, &'a Table);

/// A unit name reduced for comparison: whitespace removed, full-width brackets as ASCII.
///
/// ```
/// use selfeval::rules::cross::normalize_unit_name;
/// assert_eq!(normalize_unit_name("兰州新区 应急管理局（本级）"), "兰州新区应急管理局(本级)");
/// ```
pub fn normalize_unit_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            _ => c,
        })
        .collect()
}

/// Runs the cross-table rules under the default tolerances. Each finding is paired with
/// the index (into `tables`) of the table it belongs to.
pub fn check_cross(tables: &[CrossTable], year: Option<i32>) -> Vec<(usize, Finding)> {
    check_cross_with(tables, year, &Policy::default())
}

/// Runs the cross-table rules; `policy` gives the money tolerance of
/// `dept-projects-exceed`.
pub fn check_cross_with(
    tables: &[CrossTable],
    year: Option<i32>,
    policy: &Policy,
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    table_duplicate(tables, &mut out);
    unit_name_variant(tables, &mut out);
    dept_projects_exceed(tables, policy, &mut out);
    year_mismatch(tables, year, &mut out);
    out.sort_by(|(a, fa), (b, fb)| (a, fa.sort_key()).cmp(&(b, fb.sort_key())));
    out
}

fn at(t: &Table, code: Code, zh: String, en: String) -> Finding {
    Finding::new(code, Message::new(zh, en)).at(t.sheet.clone(), t.title_cell)
}

fn place(path: &Path, t: &Table) -> String {
    format!("{} › {}", path.display(), t.sheet)
}

fn table_duplicate(tables: &[CrossTable], out: &mut Vec<(usize, Finding)>) {
    let mut groups: BTreeMap<(String, TableKind, String), Vec<usize>> = BTreeMap::new();
    for (i, (_, _, t)) in tables.iter().enumerate() {
        let name = normalize_unit_name(&t.name.text);
        if name.is_empty() {
            continue;
        }
        groups
            .entry((normalize_unit_name(&t.unit.text), t.kind, name))
            .or_default()
            .push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        for &i in members {
            let (_, _, t) = tables[i];
            let others: Vec<String> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| place(tables[j].1, tables[j].2))
                .collect();
            let others = others.join("；");
            out.push((
                i,
                at(
                    t,
                    Code::TableDuplicate,
                    format!(
                        "{}“{}”（{}）与 {others} 的表格单位、类型和名称相同，可能重复报送",
                        t.kind.short_zh(),
                        t.name.text,
                        t.unit.text
                    ),
                    format!(
                        "{} table “{}” ({}) has the same unit, kind and name as {others}: a resubmission?",
                        t.kind.as_str(),
                        t.name.text,
                        t.unit.text
                    ),
                ),
            ));
        }
    }
}

/// The first department table of each file: file index → table index.
fn department_by_file(tables: &[CrossTable]) -> BTreeMap<usize, usize> {
    let mut m = BTreeMap::new();
    for (i, (file, _, t)) in tables.iter().enumerate() {
        if t.kind == TableKind::Department {
            m.entry(*file).or_insert(i);
        }
    }
    m
}

fn unit_name_variant(tables: &[CrossTable], out: &mut Vec<(usize, Finding)>) {
    let depts = department_by_file(tables);
    for (i, (file, _, t)) in tables.iter().enumerate() {
        if t.kind == TableKind::Department {
            continue;
        }
        let Some(&d) = depts.get(file) else { continue };
        let dept = tables[d].2;
        let (a, b) = (
            normalize_unit_name(&t.unit.text),
            normalize_unit_name(&dept.unit.text),
        );
        if a.is_empty() || b.is_empty() || a == b {
            continue;
        }
        let field = if t.kind == TableKind::Transfer {
            "资金使用单位"
        } else {
            "实施单位"
        };
        let f = at(
            t,
            Code::UnitNameVariant,
            format!(
                "{field}“{}”与本工作簿部门整体表的单位名称“{}”不一致",
                t.unit.text, dept.unit.text
            ),
            format!(
                "{field} “{}” differs from the unit name “{}” of the workbook's department table",
                t.unit.text, dept.unit.text
            ),
        );
        out.push((i, f));
    }
}

fn dept_projects_exceed(tables: &[CrossTable], policy: &Policy, out: &mut Vec<(usize, Finding)>) {
    // Index the project tables once, by file and by normalised unit name: one pass over the
    // run however many departments it holds.
    let mut by_file: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    let mut by_unit: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (i, (f, _, t)) in tables.iter().enumerate() {
        if t.kind == TableKind::Project {
            by_file.entry(*f).or_default().push(i);
            let u = normalize_unit_name(&t.unit.text);
            if !u.is_empty() {
                by_unit.entry(u).or_default().push(i);
            }
        }
    }
    for (d, (dfile, _, dept)) in tables.iter().enumerate() {
        if dept.kind != TableKind::Department {
            continue;
        }
        let Some(limit) = dept
            .funds
            .row(FundRole::Project)
            .and_then(|r| r.executed.value)
        else {
            continue;
        };
        let dname = normalize_unit_name(&dept.unit.text);
        // The same workbook's project tables, and other workbooks' of the same unit, in
        // run order, each once.
        let mut idx: Vec<usize> = by_file.get(dfile).cloned().unwrap_or_default();
        if !dname.is_empty() {
            idx.extend(by_unit.get(&dname).into_iter().flatten().copied());
        }
        idx.sort_unstable();
        idx.dedup();
        let members: Vec<&Table> = idx.iter().map(|&i| tables[i].2).collect();
        if members.is_empty() {
            continue;
        }
        let amounts: Vec<Decimal> = members
            .iter()
            .map(|t| {
                t.total_row()
                    .and_then(|r| r.executed.value)
                    .unwrap_or(Decimal::ZERO)
            })
            .collect();
        let sum: Decimal = amounts.iter().sum();
        if sum - limit <= policy.tolerance.money {
            continue;
        }
        let terms: Vec<String> = amounts.iter().map(|a| num(*a)).collect();
        let terms = terms.join(" + ");
        let f = at(
            dept,
            Code::DeptProjectsExceed,
            format!(
                "本单位 {} 张项目支出表的全年执行数合计 {}（{terms}）超过部门整体表项目支出全年执行数 {}",
                members.len(),
                num(sum),
                num(limit)
            ),
            format!(
                "the unit's {} project tables' 全年执行数 add up to {} ({terms}), more than the department table's 项目支出 全年执行数 {}",
                members.len(),
                num(sum),
                num(limit)
            ),
        )
        .figures(num(limit), num(sum));
        out.push((d, f));
    }
}

fn year_mismatch(tables: &[CrossTable], year: Option<i32>, out: &mut Vec<(usize, Finding)>) {
    let reference = match year {
        Some(y) => y,
        None => {
            let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
            for (_, _, t) in tables {
                if let Some(y) = t.year {
                    *counts.entry(y).or_default() += 1;
                }
            }
            // The most common year; a tie goes to the later year (the current round).
            match counts.iter().max_by_key(|(y, c)| (**c, **y)) {
                Some((y, _)) => *y,
                None => return,
            }
        }
    };
    let (zh_ref, en_ref) = if year.is_some() {
        ("指定年度", "the year asked for")
    } else {
        ("本次多数表格的年度", "the most common year of the run")
    };
    for (i, (_, _, t)) in tables.iter().enumerate() {
        let Some(y) = t.year else { continue };
        if y != reference {
            let f = at(
                t,
                Code::YearMismatch,
                format!("表格年度 {y} 与{zh_ref} {reference} 不一致"),
                format!("the table's year {y} differs from {en_ref}, {reference}"),
            )
            .figures(reference.to_string(), y.to_string());
            out.push((i, f));
        }
    }
}
