//! Checks across the files and tables of a run (a folder): `file-duplicate` on the files;
//! `table-duplicate`, `unit-name-variant`, `dept-projects-exceed`, `year-mismatch` on the
//! tables. Pure functions of what was read; each table finding points at the cell of
//! rules.md's "Which cell" (the name, unit, year or 项目支出 cell; the title cell when the
//! table has none). `crate::rules::catalog` lists them; [`check_cross_dated`] runs them in
//! catalogue order.
//!
//! Resubmissions: of the copies of one table (same unit, kind and name) the one in the file
//! modified last counts (ties: the later path in byte order, then the later table); only
//! the older copies get `table-duplicate`, and cross-table sums leave them out. A table is
//! superseded exactly when it carries that finding — the summary relies on it.
//!
//! Grouping into units (rules.md, Clarifications): the tables of one workbook form one
//! unit; tables in other workbooks join it when their unit name is the same after
//! [`org_key`](crate::model::text::org_key).

use super::catalog::{checks_of, Producer};
use super::table::{money, money_en, num};
use crate::diag::{Code, Finding, Message, Stage};
use crate::model::text::org_key;
use crate::model::{checked, CellRef, FundRole, Standing, Table, TableKind};
use crate::score::Policy;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One table of a run: the index of its file, the file's path, the table.
pub type CrossTable<'a> = (usize, &'a Path, &'a Table);

/// One file of a run: its path and, when it was read, its content hash.
pub type CrossFile<'a> = (&'a Path, Option<[u8; 32]>);

/// What a cross check reads: the run's tables, their files' modification times, the year
/// asked for, the policy.
#[derive(Debug, Clone, Copy)]
pub struct CrossCtx<'a> {
    /// Every table of the run, in input order.
    pub tables: &'a [CrossTable<'a>],
    /// Modification time (whole seconds since 1970) of each file, by the file index of
    /// [`CrossTable`]; a file without one (or beyond the slice) counts as oldest.
    pub modified: &'a [Option<i64>],
    /// Whether each file (by file index) is pinned by the officer as the counting copy;
    /// empty in a plain run.
    pub pinned: &'a [bool],
    /// The roster unit (its [`org_key`]) a workspace matched each file to, by file index;
    /// empty in a plain run, `None` for a file the roster does not name.
    pub units: &'a [Option<String>],
    /// The year asked for (`--year`), if any.
    pub year: Option<i32>,
    /// The policy (tolerances).
    pub policy: &'a Policy,
}

/// A check of the Cross stage: over the files (findings paired with a file index) or over
/// the tables (paired with a table index).
#[derive(Debug, Clone, Copy)]
pub enum CrossCheck {
    /// Reads the files of the run.
    Files(fn(&[CrossFile], &mut Vec<(usize, Finding)>)),
    /// Reads the tables of the run.
    Tables(fn(&CrossCtx, &mut Vec<(usize, Finding)>)),
}

/// Runs the file-level cross rules (`file-duplicate`); each finding is paired with the
/// index (into `files`) of the file it belongs to.
pub fn check_files(files: &[CrossFile]) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for p in checks_of(Stage::Cross) {
        if let Producer::Cross(CrossCheck::Files(check)) = p {
            check(files, &mut out);
        }
    }
    out
}

/// `file-duplicate`: byte-identical inputs; each later copy points at the first.
pub fn file_duplicate(files: &[CrossFile], out: &mut Vec<(usize, Finding)>) {
    let mut first_by_hash: HashMap<[u8; 32], usize> = Default::default();
    for (i, (_, hash)) in files.iter().enumerate() {
        let Some(h) = hash else { continue };
        match first_by_hash.get(h) {
            Some(&j) => {
                let other = files[j].0.display().to_string();
                out.push((
                    i,
                    Finding::new(
                        Code::FileDuplicate,
                        Message::new(
                            format!("与 {other} 内容完全相同（重复提交）"),
                            format!("byte-identical to {other} (submitted twice)"),
                        ),
                    ),
                ));
            }
            None => {
                first_by_hash.insert(*h, i);
            }
        }
    }
}

/// Runs the cross-table rules under the default tolerances. Each finding is paired with
/// the index (into `tables`) of the table it belongs to.
pub fn check_cross(tables: &[CrossTable], year: Option<i32>) -> Vec<(usize, Finding)> {
    check_cross_with(tables, year, &Policy::default())
}

/// Runs the cross-table rules with no modification times (copies of a table are then
/// ordered by path); `policy` gives the money tolerance of `dept-projects-exceed`.
pub fn check_cross_with(
    tables: &[CrossTable],
    year: Option<i32>,
    policy: &Policy,
) -> Vec<(usize, Finding)> {
    check_cross_dated(tables, &[], year, policy)
}

/// Runs the cross-table rules; `modified` holds each file's modification time (by file
/// index), which decides which copy of a resubmitted table counts.
pub fn check_cross_dated(
    tables: &[CrossTable],
    modified: &[Option<i64>],
    year: Option<i32>,
    policy: &Policy,
) -> Vec<(usize, Finding)> {
    check_cross_ctx(&CrossCtx {
        tables,
        modified,
        pinned: &[],
        units: &[],
        year,
        policy,
    })
}

/// Runs the cross-table rules over `ctx`.
pub fn check_cross_ctx(ctx: &CrossCtx) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for p in checks_of(Stage::Cross) {
        if let Producer::Cross(CrossCheck::Tables(check)) = p {
            check(ctx, &mut out);
        }
    }
    out.sort_by(|(a, fa), (b, fb)| (a, fa.sort_key()).cmp(&(b, fb.sort_key())));
    out
}

/// A finding on table `t` at `cell`, or at its title cell when the reader found no such
/// cell.
fn at(t: &Table, cell: Option<CellRef>, code: Code, zh: String, en: String) -> Finding {
    Finding::new(code, Message::new(zh, en)).at(t.sheet.clone(), cell.unwrap_or(t.title_cell))
}

fn place(path: &Path, t: &Table) -> String {
    format!("{} › {}", path.display(), t.sheet)
}

/// The copies of each table of the run: groups (of two or more table indices) with the same
/// unit, kind and name, each ordered oldest first, so the last one is the copy that counts.
fn duplicate_groups(ctx: &CrossCtx) -> Vec<Vec<usize>> {
    let tables = ctx.tables;
    let mut groups: BTreeMap<(String, TableKind, String), Vec<usize>> = BTreeMap::new();
    let year = reference_year(ctx);
    let units = workbook_units(ctx);
    for (i, (file, _, t)) in tables.iter().enumerate() {
        let mut name = org_key(&t.name.text);
        if name.is_empty() || is_other_year(t, year) {
            continue;
        }
        let unit = units.get(file).cloned().unwrap_or_default();
        // A department table is named by its unit: under an old name or an alias it is a
        // copy of the roster unit's one department table.
        if t.kind == TableKind::Department && roster_unit(ctx, *file).is_some() {
            name.clone_from(&unit);
        }
        groups.entry((unit, t.kind, name)).or_default().push(i);
    }
    groups
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|mut m| {
            m.sort_by(|a, b| received(ctx, *a).cmp(&received(ctx, *b)));
            m
        })
        .collect()
}

/// The roster unit a workspace matched file `file` to.
fn roster_unit<'a>(ctx: &CrossCtx<'a>, file: usize) -> Option<&'a String> {
    ctx.units.get(file).and_then(Option::as_ref)
}

/// The unit of each workbook (file index → normalised name), as rules.md groups tables
/// into units: the roster unit a workspace matched it to, else its department table's
/// name, else its first table's unit, else its first table's 主管部门. A table's own
/// 实施单位 may be misspelt; its workbook's unit is not.
fn workbook_units(ctx: &CrossCtx) -> HashMap<usize, String> {
    let tables = ctx.tables;
    let mut dept: HashMap<usize, String> = HashMap::new();
    let mut first: HashMap<usize, String> = HashMap::new();
    for (file, _, t) in tables {
        if t.kind == TableKind::Department && !t.name.is_empty() {
            dept.entry(*file).or_insert_with(|| org_key(&t.name.text));
        }
        let unit = [&t.unit.text, &t.department.text]
            .into_iter()
            .find(|u| !u.trim().is_empty());
        if let Some(u) = unit {
            first.entry(*file).or_insert_with(|| org_key(u));
        }
    }
    first.extend(dept);
    for (file, u) in ctx.units.iter().enumerate() {
        if let Some(u) = u {
            first.insert(file, u.clone());
        }
    }
    first
}

/// The order in which table `i` was received: its file's time (modification time in a
/// plain run, first sight in a workspace), then its path in byte order, then its place.
fn received<'a>(ctx: &CrossCtx<'a>, i: usize) -> (Option<i64>, &'a [u8], usize) {
    let (file, path, _) = ctx.tables[i];
    let when = ctx.modified.get(file).copied().flatten();
    (when, path.as_os_str().as_encoded_bytes(), i)
}

/// The year the run is for: the year asked for, else the most common year of the tables
/// (a tie goes to the later year, the current round); `None` when no table states one.
pub fn reference_year(ctx: &CrossCtx) -> Option<i32> {
    if ctx.year.is_some() {
        return ctx.year;
    }
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, _, t) in ctx.tables {
        if let Some(y) = t.year {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(y, c)| (**c, **y))
        .map(|(y, _)| *y)
}

/// Whether a table states a year other than the run's.
fn is_other_year(t: &Table, year: Option<i32>) -> bool {
    matches!((t.year, year), (Some(a), Some(b)) if a != b)
}

/// The tables that do not count (campaign.md §4), by index: another year's tables, and
/// every copy of a table but the one received last. They take part in no cross-table sum,
/// and every output leaves them out of its figures.
pub fn left_out(ctx: &CrossCtx) -> BTreeMap<usize, Standing> {
    let mut out = BTreeMap::new();
    let year = reference_year(ctx);
    for (i, (_, _, t)) in ctx.tables.iter().enumerate() {
        if let (true, Some(y)) = (is_other_year(t, year), year) {
            out.insert(i, Standing::OtherYear(y));
        }
    }
    for g in duplicate_groups(ctx) {
        let Some((&newest, older)) = g.split_last() else {
            continue;
        };
        let by = ctx.tables[newest].1.display().to_string();
        for &i in older {
            out.insert(i, Standing::Superseded(by.clone()));
        }
    }
    pinned_over_close(ctx, &mut out);
    out
}

/// The tables a pinned file's table of a close name replaces (campaign.md §4:
/// `table-possible-duplicate` names the other table "so the officer can pin one"): of the
/// same unit and kind, in another file received before the pin. Without this, pinning one
/// of two close-named copies kept both counted and moved the warning to the other.
fn pinned_over_close(ctx: &CrossCtx, out: &mut BTreeMap<usize, Standing>) {
    let pinned = |i: usize| ctx.pinned.get(ctx.tables[i].0).copied().unwrap_or(false);
    if !(0..ctx.tables.len()).any(pinned) {
        return;
    }
    let mut replaced = Vec::new();
    for g in close_name_groups(ctx, out) {
        for &p in g.iter().filter(|&&p| pinned(p)) {
            let (pfile, ppath, pt) = ctx.tables[p];
            let name = org_key(&pt.name.text);
            for &t in &g {
                let (tfile, _, tt) = ctx.tables[t];
                let close = names_close(&org_key(&tt.name.text), &name);
                if tfile != pfile && close && received(ctx, t) < received(ctx, p) {
                    replaced.push((t, ppath.display().to_string()));
                }
            }
        }
    }
    for (t, by) in replaced {
        out.entry(t).or_insert(Standing::Superseded(by));
    }
}

/// The counting tables (not in `left`) of each unit and kind with a name, at most
/// [`MAX_CLOSE_NAME_GROUP`] a group, in input order.
fn close_name_groups(ctx: &CrossCtx, left: &BTreeMap<usize, Standing>) -> Vec<Vec<usize>> {
    let units = workbook_units(ctx);
    let mut groups: BTreeMap<(String, TableKind), Vec<usize>> = BTreeMap::new();
    for (i, (file, _, t)) in ctx.tables.iter().enumerate() {
        if !left.contains_key(&i) && !org_key(&t.name.text).is_empty() {
            let unit = units.get(file).cloned().unwrap_or_default();
            let g = groups.entry((unit, t.kind)).or_default();
            if g.len() < MAX_CLOSE_NAME_GROUP {
                g.push(i);
            }
        }
    }
    groups.into_values().collect()
}

/// The indices of the tables that do not count ([`left_out`]).
pub fn superseded(ctx: &CrossCtx) -> BTreeSet<usize> {
    left_out(ctx).into_keys().collect()
}

/// `table-duplicate`: a table another copy (same unit, kind and name, in a file modified
/// later) replaces; at its name cell, naming the copy that counts.
pub fn table_duplicate(ctx: &CrossCtx, out: &mut Vec<(usize, Finding)>) {
    let tables = ctx.tables;
    for g in duplicate_groups(ctx) {
        let Some((&newest, older)) = g.split_last() else {
            continue;
        };
        let (_, npath, nt) = tables[newest];
        let winner = place(npath, nt);
        for &i in older {
            let (_, _, t) = tables[i];
            let (zh_more, en_more) = other_copies(tables, older, i);
            let (kind_zh, kind_en) = (t.kind.short_zh(), t.kind.as_str());
            let name = &t.name.text;
            // A table that names no unit (one grouped by its workbook) shows no `（）`.
            let (unit_zh, unit_en) = match t.unit.text.as_str() {
                "" => (String::new(), String::new()),
                u => (format!("（{u}）"), format!(" ({u})")),
            };
            let zh = format!(
                "{kind_zh}“{name}”{unit_zh}另有一份较晚报送的：{winner}，以其为准（以报送时间较晚者为准，时间相同的以路径在后者为准）；本表已被替代，不计入汇总和跨表合计{zh_more}"
            );
            let en = format!(
                "{kind_en} table “{name}”{unit_en} is replaced by a copy received later, {winner}, which counts (the copy received last counts; at the same time, the later path); this one is left out of the summary and cross-table sums{en_more}"
            );
            out.push((i, at(t, t.name.cell, Code::TableDuplicate, zh, en)));
        }
    }
}

/// How many other copies a duplicate message names; the rest are counted (rules.md), so
/// that n copies cost n short messages, not n².
pub const MAX_NAMED_COPIES: usize = 3;

/// The other older copies of table `i` among `older`, after the newest copy the message
/// names first: at most [`MAX_NAMED_COPIES`] copies named in all, then `及另外 N 份`
/// (Chinese and English); empty when there are none.
fn other_copies(tables: &[CrossTable], older: &[usize], i: usize) -> (String, String) {
    let others = older.iter().filter(|&&j| j != i);
    let named: Vec<String> = others
        .clone()
        .take(MAX_NAMED_COPIES - 1)
        .map(|&j| place(tables[j].1, tables[j].2))
        .collect();
    if named.is_empty() {
        return (String::new(), String::new());
    }
    // `i` is one of `older`: the others are all but it (counted without a pass over them).
    let rest = (older.len() - 1).saturating_sub(MAX_NAMED_COPIES - 1);
    let list = named.join("；");
    if rest == 0 {
        return (
            format!("；另有旧副本：{list}"),
            format!("; other old copies: {list}"),
        );
    }
    (
        format!("；另有旧副本：{list} 及另外 {rest} 份"),
        format!("; other old copies: {list} and {rest} more"),
    )
}

/// The department tables of each file, in order: file index → table indices.
fn department_by_file(tables: &[CrossTable]) -> BTreeMap<usize, Vec<usize>> {
    let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, (file, _, t)) in tables.iter().enumerate() {
        if t.kind == TableKind::Department {
            m.entry(*file).or_default().push(i);
        }
    }
    m
}

/// `unit-name-variant`: a table names its unit differently from its workbook's
/// department table. A workbook holding several (a 主管部门's own and its subordinate
/// units') names each of their units rightly: a table naming any of them is no variant,
/// one naming none is compared with the first.
pub fn unit_name_variant(ctx: &CrossCtx, out: &mut Vec<(usize, Finding)>) {
    let tables = ctx.tables;
    let depts = department_by_file(tables);
    for (i, (file, _, t)) in tables.iter().enumerate() {
        if t.kind == TableKind::Department {
            continue;
        }
        let Some(ds) = depts.get(file) else { continue };
        let a = org_key(&t.unit.text);
        let keys: Vec<String> = ds
            .iter()
            .map(|&d| org_key(&tables[d].2.unit.text))
            .collect();
        if a.is_empty() || keys[0].is_empty() || keys.contains(&a) {
            continue;
        }
        let dept = tables[ds[0]].2;
        let field = if t.kind == TableKind::Transfer {
            "资金使用单位"
        } else {
            "实施单位"
        };
        let (unit, dept_unit) = (&t.unit.text, &dept.unit.text);
        let zh = format!("{field}“{unit}”与本工作簿部门整体表的单位名称“{dept_unit}”不一致");
        let en = format!(
            "{field} “{unit}” differs from the unit name “{dept_unit}” of the workbook's department table"
        );
        let f = at(t, t.unit.cell, Code::UnitNameVariant, zh, en);
        out.push((i, f));
    }
}

/// The project tables of a run, by file index and by normalised unit name.
#[derive(Default)]
struct ProjectIndex {
    by_file: HashMap<usize, Vec<usize>>,
    by_unit: HashMap<String, Vec<usize>>,
}

impl ProjectIndex {
    /// Indexes the project tables once: one pass over the run however many departments it
    /// holds. Tables another copy replaces are left out, so a resubmission counts once.
    fn new(tables: &[CrossTable], superseded: &BTreeSet<usize>) -> Self {
        let mut ix = ProjectIndex::default();
        for (i, (f, _, t)) in tables.iter().enumerate() {
            if t.kind == TableKind::Project && !superseded.contains(&i) {
                ix.by_file.entry(*f).or_default().push(i);
                let u = org_key(&t.unit.text);
                if !u.is_empty() {
                    ix.by_unit.entry(u).or_default().push(i);
                }
            }
        }
        ix
    }

    /// The department's unit's project tables: the same workbook's, and other workbooks' of
    /// the same unit, in run order, each once.
    fn members(&self, dfile: usize, dept: &Table) -> Vec<usize> {
        let dname = org_key(&dept.unit.text);
        let mut idx: Vec<usize> = self.by_file.get(&dfile).cloned().unwrap_or_default();
        if !dname.is_empty() {
            idx.extend(self.by_unit.get(&dname).into_iter().flatten().copied());
        }
        idx.sort_unstable();
        idx.dedup();
        idx
    }
}

/// `dept-projects-exceed`: the unit's projects execute more than its 项目支出; at the
/// department table's 项目支出 全年执行数 cell. Superseded copies (of projects and of the
/// department table) take no part.
pub fn dept_projects_exceed(ctx: &CrossCtx, out: &mut Vec<(usize, Finding)>) {
    let (tables, policy) = (ctx.tables, ctx.policy);
    let old = superseded(ctx);
    let index = ProjectIndex::new(tables, &old);
    for (d, (dfile, _, dept)) in tables.iter().enumerate() {
        if dept.kind != TableKind::Department || old.contains(&d) {
            continue;
        }
        let Some(spent) = dept.funds.row(FundRole::Project).map(|r| r.executed) else {
            continue;
        };
        let Some(limit) = spent.value else {
            continue;
        };
        let idx = index.members(*dfile, dept);
        if idx.is_empty() {
            continue;
        }
        let amounts: Vec<Decimal> = idx
            .iter()
            .map(|&i| {
                tables[i]
                    .2
                    .total_row()
                    .and_then(|r| r.executed.value)
                    .unwrap_or(Decimal::ZERO)
            })
            .collect();
        // A sum that overflows cannot be compared (each figure is bounded by the reader, so
        // only a run of absurd tables gets here).
        let Some(sum) = checked::sum(amounts.iter().copied()) else {
            continue;
        };
        if sum.saturating_sub(limit) <= policy.tolerance.money {
            continue;
        }
        out.push((d, exceed_finding(dept, spent.cell, &amounts, sum, limit)));
    }
}

/// The `dept-projects-exceed` finding at `cell`: the projects' amounts, their sum (the
/// figure computed) and the department's 项目支出 (the figure stated there).
fn exceed_finding(
    dept: &Table,
    cell: Option<CellRef>,
    amounts: &[Decimal],
    sum: Decimal,
    limit: Decimal,
) -> Finding {
    let terms: Vec<String> = amounts.iter().map(|a| money_en(*a)).collect();
    let terms = terms.join(" + ");
    at(
        dept,
        cell,
        Code::DeptProjectsExceed,
        format!(
            "本单位 {} 张项目支出表的全年执行数合计{}（{terms}）超过部门整体表项目支出全年执行数{}",
            amounts.len(),
            money(sum),
            money(limit)
        ),
        format!(
            "the unit's {} project tables' 全年执行数 add up to {} ({terms}), more than the department table's 项目支出 全年执行数 {}, in 10k yuan",
            amounts.len(),
            money_en(sum),
            money_en(limit)
        ),
    )
    .figures(num(sum), num(limit))
}

/// `year-mismatch`: a table's year differs from the year asked for or the run's usual one;
/// at the cell the year was read from.
pub fn year_mismatch(ctx: &CrossCtx, out: &mut Vec<(usize, Finding)>) {
    let (tables, year) = (ctx.tables, ctx.year);
    let Some(reference) = reference_year(ctx) else {
        return;
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
                t.year_cell,
                Code::YearMismatch,
                format!("表格年度 {y} 与{zh_ref} {reference} 不一致，本表不计入本年度的任何合计"),
                format!("the table's year {y} differs from {en_ref}, {reference}; the table is counted in no figure of this year"),
            )
            // The run's year is what the table was compared with, not a reviewed figure.
            .with_found(y.to_string())
            .with_limit(reference.to_string());
            out.push((i, f));
        }
    }
}

/// Most tables of one unit and kind compared pairwise for close names: a unit with more
/// (a hostile or machine-made inbox) is compared among its first this many only, so that
/// the rule stays linear in the run.
pub const MAX_CLOSE_NAME_GROUP: usize = 200;

/// `table-possible-duplicate`: two counting tables of one unit and kind, from different
/// files, whose names are close (campaign.md §4) but not equal; at the name cell of the
/// one received later, naming the other.
pub fn table_possible_duplicate(ctx: &CrossCtx, out: &mut Vec<(usize, Finding)>) {
    let groups = close_name_groups(ctx, &left_out(ctx));
    // One finding per table, naming the first close table received before it.
    let mut flagged = BTreeSet::new();
    for g in &groups {
        for (k, &a) in g.iter().enumerate() {
            for &b in &g[k + 1..] {
                if let Some((i, f)) = close_pair(ctx, a, b) {
                    if flagged.insert(i) {
                        out.push((i, f));
                    }
                }
            }
        }
    }
}

/// The finding for tables `a` and `b` when they come from different files and their
/// names are close; on the one received later.
fn close_pair(ctx: &CrossCtx, a: usize, b: usize) -> Option<(usize, Finding)> {
    let ((fa, _, ta), (fb, _, tb)) = (ctx.tables[a], ctx.tables[b]);
    if fa == fb || !names_close(&org_key(&ta.name.text), &org_key(&tb.name.text)) {
        return None;
    }
    let (later, other) = if received(ctx, a) < received(ctx, b) {
        (b, a)
    } else {
        (a, b)
    };
    let ((_, _, t), (_, opath, o)) = (ctx.tables[later], ctx.tables[other]);
    let there = place(opath, o);
    let (kind_zh, kind_en) = (t.kind.short_zh(), t.kind.as_str());
    let name = &t.name.text;
    let zh = format!(
        "{kind_zh}“{name}”与另一份文件中的“{}”（{there}）名称相近，可能是同一张表改名后重复报送；两张表目前都计入",
        o.name.text
    );
    let en = format!(
        "{kind_en} table “{name}” has a name close to “{}” in another file ({there}): possibly one table renamed between copies; both are counted for now",
        o.name.text
    );
    Some((
        later,
        at(t, t.name.cell, Code::TablePossibleDuplicate, zh, en),
    ))
}

/// Whether two normalised names are close (campaign.md §4): different, and one contains
/// the other, or their edit distance is at most a third of the longer one's length. The
/// spec's letter, over the whole normalised name: `丙项目` and `戊项目` are close (distance
/// 1 of 3), a warning the officer settles with a pin (docs/spec-audit.md, polish2 item 2).
pub fn names_close(a: &str, b: &str) -> bool {
    if a == b || a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let bound = a.len().max(b.len()) / 3;
    a.len().abs_diff(b.len()) <= bound && edit_distance(&a, &b) <= bound
}

/// Levenshtein distance over characters (names are short: the reader bounds text).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
