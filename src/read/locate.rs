//! Finding the tables in a sheet.
//!
//! A table starts at its title (a cell whose whole text is one of the three titles,
//! optionally with a year) or, when the title is missing, at its name label (项目名称 /
//! 部门（单位）名称 / 转移支付（项目）名称) confirmed by a fund header (年初预算数 …) and an
//! indicator header (一级指标) below it. A table runs down to the next table's start.
//! Several tables may share a sheet; they are stacked vertically.

use crate::decode::grid::{Cell, Grid};
use crate::decode::limits;
use crate::form::labels::{self, Field, Header};
use crate::model::{CellRef, TableKind};

/// One table found in a sheet: where it starts and ends, its kind and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Which table.
    pub kind: TableKind,
    /// The title cell, or the name label's cell when the title is missing: its row is the
    /// table's first.
    pub title_cell: CellRef,
    /// True when the table has a title.
    pub titled: bool,
    /// One past the last row the table may use.
    pub end_row: u32,
    /// The year, from the title or a `（2021年度）` line under it.
    pub year: Option<i32>,
    /// The cell the year was read from.
    pub year_cell: Option<CellRef>,
    /// The first row of the head: the title's, or for an untitled table the lines just
    /// above its name label that an unrecognised title leaves there (Hubei's `填报日期：… |
    /// 总分：98分` under `…项目自评表`), as far up as a year line is looked for and not into
    /// the region before.
    pub head_from: u32,
    /// A line above the table says its amounts are in 元 (`单位：元`): outside the grid (the
    /// caption of a Word table), or a system export's head line above its title.
    pub yuan_above: bool,
}

fn text_of(c: &Cell) -> Option<&str> {
    match c {
        Cell::Text(t) if t.chars().count() <= limits::MAX_LABEL_CHARS => Some(t.as_str()),
        _ => None,
    }
}

/// The first row of `[from, to)` that is a fund header row: at least two of 年初预算数 /
/// 全年预算数 / 全年执行数 on one row (a single such word in a text column is not one).
fn fund_header_row(g: &Grid, from: u32, to: u32) -> Option<u32> {
    (from..to).find(|&r| {
        let n = headers_on(g, r)
            .filter(|h| matches!(h, Header::Initial | Header::Budget | Header::Executed))
            .count();
        n >= 2
    })
}

/// The first row of `[from, to)` that is an indicator header row (see
/// [`is_indicator_header`]).
fn indicator_header_row(g: &Grid, from: u32, to: u32) -> Option<u32> {
    (from..to).find(|&r| {
        let hs: Vec<Header> = headers_on(g, r).collect();
        is_indicator_header(&hs) || is_split_indicator_header(g, r)
    })
}

/// True when row `r` is an indicator header only together with the row under it, which
/// holds headers and nothing else: a header split over two rows, `绩效指标` spanning
/// `一级指标 | 二级指标 | 三级指标` under it while 年度指标值 … 得分 are merged down beside
/// (audtpl d02). Each row alone has only half of what an indicator header needs.
pub(super) fn is_split_indicator_header(g: &Grid, r: u32) -> bool {
    let mut hs: Vec<Header> = headers_on(g, r).collect();
    if hs.is_empty() || is_indicator_header(&hs) || !is_header_only(g, r + 1) {
        return false;
    }
    hs.extend(headers_on(g, r + 1));
    is_indicator_header(&hs)
}

/// True for a row holding column headers and nothing else (at least one).
pub(super) fn is_header_only(g: &Grid, r: u32) -> bool {
    let mut any = false;
    for (_, cell) in g.row(r) {
        match cell {
            Cell::Empty => {}
            Cell::Text(s) if labels::classify_header(s).is_some() => any = true,
            _ => return false,
        }
    }
    any
}

/// True for the headers of an indicator block: 一级指标 or 三级指标 with 分值 or 得分
/// beside it, or — the regional transfer form, which has neither — with both the target
/// and the actual (`指标值 | 全年实际完成值`). A declaration has a target and no actual.
pub(super) fn is_indicator_header(hs: &[Header]) -> bool {
    let has = |x: Header| hs.contains(&x);
    (has(Header::Level1) || has(Header::Level3))
        && (has(Header::Weight) || has(Header::Score) || has(Header::Target) && has(Header::Actual))
}

/// The last row of the body of a table starting at `start` (and ending before `to`):
/// its 总分 row, the first row under its indicator header labelled 总分 (合计, 总得分);
/// `None` when it has none.
fn body_end(g: &Grid, start: u32, to: u32) -> Option<u32> {
    let header = indicator_header_row(g, start, to)?;
    (header + 1..to).find(|&r| {
        g.row(r)
            .any(|(_, c)| text_of(c).and_then(labels::classify_field) == Some(Field::Total))
    })
}

/// Drops the other forms' titles that stand inside a table's body, from its start to its
/// 总分 row: there they are the table's own cells — an indicator `年度工作实施方案`, a
/// target `制定实施方案`, a goal — never a title (templates.md §7 names a sheet's own
/// title). Below the 总分 (a `主管部门审核意见` block) they still end the table.
fn drop_inner_others(g: &Grid, starts: Vec<Start>) -> Vec<Start> {
    let mut out: Vec<Start> = Vec::with_capacity(starts.len());
    let mut body: Option<u32> = None;
    for (i, &(cell, mark)) in starts.iter().enumerate() {
        if matches!(mark, Mark::Other(..)) {
            if body.is_some_and(|end| cell.row <= end) {
                continue;
            }
            body = None;
        } else {
            // The body is looked for up to the next table's start (not an other form's).
            let next = starts[i + 1..]
                .iter()
                .find(|(_, m)| !matches!(m, Mark::Other(..)))
                .map_or(u32::MAX, |(c, _)| c.row);
            let to = next.min(cell.row.saturating_add(limits::MAX_TABLE_ROWS));
            body = body_end(g, cell.row, to);
        }
        out.push((cell, mark));
    }
    out
}

/// The column headers written on a row.
fn headers_on(g: &Grid, r: u32) -> impl Iterator<Item = Header> + '_ {
    g.row(r)
        .filter_map(|(_, c)| text_of(c).and_then(labels::classify_header))
        .map(|m| m.header)
}

/// Rows that hold any text cell, so empty stretches are skipped quickly.
fn text_rows(g: &Grid) -> Vec<u32> {
    let mut rows: Vec<u32> = g
        .cells()
        .filter(|(_, _, c)| matches!(c, Cell::Text(_)))
        .map(|(r, _, _)| r)
        .collect();
    rows.dedup();
    rows
}

/// What starts a region of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A table's title, with the year it gives.
    Title(TableKind, Option<i32>),
    /// A name label (项目名称 …) that may start an untitled table.
    Name(TableKind),
    /// The title of another form (templates.md §7): its region is never a table.
    Other(&'static str, &'static str),
}

/// A region's start: its cell and what it is.
type Start = (CellRef, Mark);

/// The titles, other forms' titles and name labels of a sheet, in row-major order.
struct Marks {
    marks: Vec<Start>,
}

impl Marks {
    fn of(g: &Grid) -> Marks {
        let mut marks = Vec::new();
        for (r, c, cell) in g.cells() {
            let Some(t) = text_of(cell) else { continue };
            let k = labels::key(t);
            if let Some((kind, year)) = labels::title_of_key(&k) {
                marks.push((CellRef::new(r, c), Mark::Title(kind, year)));
            } else if let Some((zh, en)) = labels::other_form_of_key(t, &k) {
                marks.push((CellRef::new(r, c), Mark::Other(zh, en)));
            } else if let Some(kind) = name_kind(&k) {
                if is_name_label(g, r, c) {
                    marks.push((CellRef::new(r, c), Mark::Name(kind)));
                }
            }
        }
        Marks { marks }
    }

    fn names(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.marks
            .iter()
            .filter(|(_, m)| matches!(m, Mark::Name(_)))
            .map(|(c, _)| *c)
    }

    /// Starts: every title (of a table or another form), and every name label not just
    /// under one; one per row.
    fn starts(&self, g: &Grid) -> Vec<Start> {
        let headed = |m: &Mark| matches!(m, Mark::Title(..) | Mark::Other(..));
        let mut starts: Vec<Start> = self
            .marks
            .iter()
            .filter(|(_, m)| headed(m))
            .copied()
            .collect();
        for &(cell, m) in self.marks.iter().filter(|(_, m)| !headed(m)) {
            let owned = self.marks.iter().filter(|(_, m)| headed(m)).any(|(t, _)| {
                t.row <= cell.row
                    && cell.row - t.row <= crate::form::name_window()
                    && !self
                        .names()
                        .any(|n| n.row < cell.row && n.row >= t.row && n != cell)
            });
            if !owned {
                starts.push((cell, m));
            }
        }
        starts.sort_by_key(|(c, _)| (c.row, c.col));
        starts.dedup_by_key(|(c, _)| c.row);
        drop_inner_others(g, starts)
    }

    /// The first name label in rows `[from, to)`.
    fn name_in(&self, from: u32, to: u32) -> Option<CellRef> {
        self.names().find(|n| n.row >= from && n.row < to)
    }
}

fn name_kind(k: &str) -> Option<TableKind> {
    match labels::field_of_key(k) {
        Some(Field::ProjectName) => Some(TableKind::Project),
        Some(Field::DeptName) => Some(TableKind::Department),
        Some(Field::TransferName) => Some(TableKind::Transfer),
        _ => None,
    }
}

/// A name label stands in a header block: not on a row of column headers (a flat list's
/// header, or a stray label left in the fund header row), and with no other label as its
/// value.
fn is_name_label(g: &Grid, r: u32, c: u32) -> bool {
    if headers_on(g, r).next().is_some() {
        return false;
    }
    let first = g.span_end_col(r, c) + 1;
    let value = g.row(r).find(|(cc, cell)| *cc >= first && !cell.is_empty());
    !value.is_some_and(|(_, cell)| text_of(cell).is_some_and(labels::is_label))
}

/// What a sheet holds: its tables, and the other forms whose titles it carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Located {
    /// The tables, top to bottom.
    pub tables: Vec<Found>,
    /// The other forms titled in the sheet (Chinese and English names), top to bottom.
    pub others: Vec<(&'static str, &'static str)>,
    /// The regions under a declaration's title (templates.md §8), with the form's names
    /// for when the region turns out to be no declaration.
    pub declarations: Vec<(super::declaration::FoundDecl, (&'static str, &'static str))>,
}

/// What a sheet of projects listed one per row is ([`Located::others`]): a department's
/// all-project export or a bureau's summary, not a table (templates.md §7).
const PROJECT_LIST: (&str, &str) = (
    "逐项目列示的清单（一行一个项目，如部门全部项目的导出或汇总表）",
    "a list with one row per project (such as a department's all-project export or a summary)",
);

/// Finds every table of a sheet, top to bottom; a sheet with none that lists projects one
/// per row says so.
pub fn locate(g: &Grid) -> Located {
    let mut out = locate_marked(g);
    if out.tables.is_empty() && out.declarations.is_empty() && lists_projects(g) {
        out.others.push(PROJECT_LIST);
    }
    out
}

/// A row of column headers holding 项目名称 and two of 年初预算数 / 全年预算数 / 全年执行数,
/// with a row under it: a list's header and its first project.
fn lists_projects(g: &Grid) -> bool {
    let amounts = [Header::Initial, Header::Budget, Header::Executed];
    text_rows(g).into_iter().any(|r| {
        let name = g
            .row(r)
            .any(|(_, c)| text_of(c).and_then(labels::classify_field) == Some(Field::ProjectName));
        let n = headers_on(g, r).filter(|h| amounts.contains(h)).count();
        name && n >= 2 && g.row(r + 1).any(|(_, c)| !c.is_empty())
    })
}

/// The tables, declarations and other forms of a sheet, by its title and name marks.
fn locate_marked(g: &Grid) -> Located {
    let marks = Marks::of(g);
    let mut out = Located::default();
    if marks.marks.is_empty() {
        return out;
    }
    let rows = text_rows(g);
    let last_row = g.last_row().unwrap_or(0) + 1;
    let starts = marks.starts(g);
    // A declaration's region runs past the 项目名称 labels of the projects a disclosure
    // stacks under its one title: they are its blocks, not untitled tables.
    let mut decl_until = 0;
    // An export prints its `单位：元` line once above the first of the projects it stacks:
    // it holds for the later ones until another line says otherwise.
    let mut sheet_yuan = false;
    for (i, &(cell, mark)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map(|s| s.0.row).unwrap_or(last_row);
        let end = next.min(cell.row.saturating_add(limits::MAX_TABLE_ROWS));
        let (mut kind, year, titled) = match mark {
            Mark::Title(kind, year) => (kind, year, true),
            Mark::Name(_) if cell.row < decl_until => continue,
            Mark::Name(kind) => (kind, None, false),
            Mark::Other(zh, en) if super::declaration::labels::TITLES.contains(&zh) => {
                decl_until = declaration_end(g, &marks, &starts[i + 1..], cell.row, last_row);
                let found = super::declaration::FoundDecl {
                    title_cell: cell,
                    end_row: decl_until,
                };
                out.declarations.push((found, (zh, en)));
                continue;
            }
            Mark::Other(zh, en) => {
                out.others.push((zh, en));
                continue;
            }
        };
        if !is_table(g, &marks, cell.row, end, titled) {
            continue;
        }
        if !titled && says_transfer(g, &rows, cell.row, end) {
            // The fund block label tells a transfer table even under 项目名称.
            kind = TableKind::Transfer;
        }
        let floor = i.checked_sub(1).map_or(0, |p| starts[p].0.row + 1);
        let (year, year_cell) = table_year(g, &marks, (year, cell), end, titled, floor);
        sheet_yuan = unit_line_above(g, cell.row, floor).unwrap_or(sheet_yuan);
        out.tables.push(Found {
            kind,
            title_cell: cell,
            titled,
            end_row: end,
            year,
            year_cell,
            head_from: head_from(cell.row, titled, floor),
            yuan_above: sheet_yuan,
        });
    }
    out
}

/// The year of a table starting at `cell`: its title's, else a year line under the title,
/// else (untitled) one above its name label.
fn table_year(
    g: &Grid,
    marks: &Marks,
    (year, cell): (Option<i32>, CellRef),
    end: u32,
    titled: bool,
    floor: u32,
) -> (Option<i32>, Option<CellRef>) {
    match year {
        Some(y) => (Some(y), Some(cell)),
        None => year_below(g, marks, cell.row, end)
            .or_else(|| (!titled).then(|| year_above(g, cell.row, floor))?)
            .unzip(),
    }
}

/// One past a declaration's last row: the next start that is no 项目名称 label, or one
/// that starts a table (with its fund block); another project's block stacked under the
/// declaration's title is the declaration's own.
fn declaration_end(g: &Grid, marks: &Marks, later: &[Start], row: u32, last_row: u32) -> u32 {
    let stops = |k: usize| {
        let (cell, mark) = later[k];
        let end = later.get(k + 1).map_or(last_row, |s| s.0.row);
        !matches!(mark, Mark::Name(_)) || is_table(g, marks, cell.row, end, false)
    };
    let next = (0..later.len()).find(|&k| stops(k));
    let next = next.map_or(last_row, |k| later[k].0.row);
    next.min(row.saturating_add(limits::MAX_TABLE_ROWS))
}

/// A table needs its blocks in a table's shape: a fund header row and an indicator header
/// row (or, under a title, a name label and one of them), else it is a cover sheet, a
/// heading or another form.
fn is_table(g: &Grid, marks: &Marks, start: u32, end: u32, titled: bool) -> bool {
    let fund_row = fund_header_row(g, start, end);
    let ind_row = indicator_header_row(g, start, end);
    // One header row holding both the amounts and the indicator columns is a flat list's
    // (templates.md §7), even under a table's title: a table has a block for each.
    if fund_row.is_some() && fund_row == ind_row {
        return false;
    }
    let (fund, ind) = (fund_row.is_some(), ind_row.is_some());
    let named = marks.name_in(start, end).is_some();
    if titled {
        (fund || ind) && (named || fund && ind)
    } else {
        fund && ind
    }
}

/// True when a text row of `[start, end)` holds the transfer table's fund block label.
fn says_transfer(g: &Grid, rows: &[u32], start: u32, end: u32) -> bool {
    rows.iter().filter(|&&r| r >= start && r < end).any(|&r| {
        g.row(r)
            .any(|(_, c)| text_of(c).is_some_and(|t| labels::key(t).starts_with("资金投入情况")))
    })
}

/// The year from a `（2021年度）` line between the title and the name label, with its cell.
fn year_below(g: &Grid, marks: &Marks, start: u32, end: u32) -> Option<(i32, CellRef)> {
    let name_row = marks
        .name_in(start, end)
        .map(|n| n.row)
        .unwrap_or(start + 3);
    (start..name_row.max(start + 1).min(start + 4)).find_map(|r| {
        g.row(r)
            .filter_map(|(c, cell)| text_of(cell).map(|t| (c, t)))
            .filter(|(_, t)| t.chars().count() <= 20 || labels::classify_title(t).is_some())
            .find_map(|(c, t)| labels::find_year(t).map(|y| (y, CellRef::new(r, c))))
    })
}

/// How far above an untitled table's name label its title and year line may stand.
const YEAR_ROWS_ABOVE: u32 = 3;

/// The first row of a table's head ([`Found::head_from`]): its title's row, or for an
/// untitled table the [`YEAR_ROWS_ABOVE`] rows above its name label, none at or above
/// `floor` (the region before).
fn head_from(start: u32, titled: bool, floor: u32) -> u32 {
    if titled {
        start
    } else {
        start.saturating_sub(YEAR_ROWS_ABOVE).max(floor)
    }
}

/// A system export's head line above the table — its title or, untitled, its name label —
/// states the amounts' unit (`填报单位：某局　单位：元`, `金额单位：元` in a cell of its own;
/// `Some(true)` for 元, `Some(false)` for 万元): the [`YEAR_ROWS_ABOVE`] rows above, none at
/// or above `floor` (the region before). The block's own 万元 still decides
/// (`funds::fund_cols`).
fn unit_line_above(g: &Grid, start: u32, floor: u32) -> Option<bool> {
    let from = head_from(start, false, floor);
    (from..start).find_map(|r| {
        g.row(r)
            .filter_map(|(_, cell)| text_of(cell))
            .find_map(|t| {
                let k = labels::key(t);
                let wan = k.ends_with("单位:万元") || k.contains("金额单位:万元");
                labels::says_yuan(t)
                    .then_some(true)
                    .or(wan.then_some(false))
            })
    })
}

/// The year of an untitled table written above its name label, as under an unknown
/// spelling of the title (`部门整体绩效自评表` over `（2021年度）`): the nearest year line in
/// the [`YEAR_ROWS_ABOVE`] rows above, none of them at or above `floor` (the region before).
fn year_above(g: &Grid, start: u32, floor: u32) -> Option<(i32, CellRef)> {
    let from = head_from(start, false, floor);
    (from..start).rev().find_map(|r| {
        g.row(r)
            .filter_map(|(c, cell)| text_of(cell).map(|t| (c, t)))
            .find_map(|(c, t)| labels::year_line(t).map(|y| (y, CellRef::new(r, c))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn sentence_mentioning_title_is_not_a_title() {
        let g = Grid::from_cells(
            "说明",
            vec![(0, 0, t("请按要求填写项目支出绩效自评表，并于3月底前报送。"))],
        );
        assert!(locate(&g).tables.is_empty());
    }

    #[test]
    fn an_untitled_table_takes_the_year_line_above_its_name_label() {
        let table = |first: u32| {
            vec![
                (first, 1, t("项目名称")),
                (first + 2, 4, t("年初预算数")),
                (first + 2, 6, t("全年执行数")),
                (first + 9, 1, t("一级指标")),
                (first + 9, 5, t("分值")),
            ]
        };
        // An unknown spelling of the title over its year line, then a second table whose
        // only line above is a date, not a year line: it takes no year.
        let mut cells = vec![(0, 0, t("某某局项目支出自评表")), (1, 0, t("（2021年度）"))];
        cells.extend(table(3));
        cells.push((19, 0, t("填报日期：2022年3月")));
        cells.extend(table(20));
        let found = locate(&Grid::from_cells("s", cells)).tables;
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].year, Some(2021));
        assert_eq!(found[0].year_cell, Some(CellRef::new(1, 0)));
        assert_eq!(found[1].year, None);
    }

    #[test]
    fn title_alone_is_a_heading_not_a_table() {
        let g = Grid::from_cells("封面", vec![(0, 0, t("项目支出绩效自评表"))]);
        assert!(locate(&g).tables.is_empty());
    }

    #[test]
    fn untitled_table_by_labels() {
        let g = Grid::from_cells(
            "s",
            vec![
                (3, 1, t("项目名称")),
                (5, 4, t("年初预算数")),
                (5, 6, t("全年执行数")),
                (12, 1, t("一级指标")),
                (12, 5, t("分值")),
            ],
        );
        let f = locate(&g).tables;
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, TableKind::Project);
        assert_eq!(f[0].title_cell, CellRef::new(3, 1));
        assert!(!f[0].titled);
    }

    #[test]
    fn other_form_is_never_a_table() {
        let g = Grid::from_cells(
            "s",
            vec![
                (1, 0, t("项目支出绩效目标执行监控表")),
                (4, 0, t("项目名称")),
                (4, 3, t("某项目")),
                (6, 7, t("年初预算数")),
                (6, 10, t("1-7月执行数")),
                (6, 12, t("全年执行数")),
                (19, 1, t("一级指标")),
                (19, 4, t("分值")),
            ],
        );
        let l = locate(&g);
        assert!(l.tables.is_empty());
        assert_eq!(
            l.others,
            vec![(
                "绩效目标执行监控表",
                "a goal-monitoring form (绩效目标执行监控表)"
            )]
        );
    }

    #[test]
    fn a_cell_inside_a_table_naming_another_form_is_no_title() {
        // An indicator `年度工作实施方案` and a target `制定实施方案` ended the table there;
        // a `主管部门审核意见` block under the 总分 still ends it.
        let g = Grid::from_cells(
            "s",
            vec![
                (0, 0, t("部门整体支出绩效自评表")),
                (3, 0, t("部门（单位）名称")),
                (4, 4, t("年初预算数")),
                (4, 5, t("全年预算数")),
                (12, 1, t("一级指标")),
                (12, 7, t("分值")),
                (13, 3, t("年度工作实施方案")),
                (14, 5, t("制定实施方案")),
                (20, 0, t("总分")),
                (22, 0, t("主管部门审核意见")),
            ],
        );
        let l = locate(&g);
        assert_eq!(l.tables.len(), 1);
        assert_eq!(l.tables[0].end_row, 22);
        assert_eq!(l.others.len(), 1);
    }

    #[test]
    fn a_flat_list_under_a_tables_title_is_no_table() {
        // Read as a blank department table before (fixtures/deptprobe n17).
        let mut cells = vec![
            (0, 0, t("部门整体支出绩效自评表")),
            (1, 0, t("（2021年度）")),
        ];
        for (c, h) in ["部门名称", "年初预算数", "全年预算数", "一级指标", "分值"]
            .iter()
            .enumerate()
        {
            cells.push((2, c as u32, t(h)));
        }
        cells.push((3, 0, t("某县教育局")));
        assert!(locate(&Grid::from_cells("s", cells)).tables.is_empty());
    }

    #[test]
    fn flat_list_is_not_a_table() {
        let mut cells = vec![
            (0, 0, t("项目名称")),
            (0, 1, t("申请单位")),
            (0, 2, t("年初预算数")),
            (0, 3, t("全年执行数")),
            (0, 4, t("一级指标")),
            (0, 5, t("分值")),
        ];
        for r in 1..5 {
            cells.push((r, 0, t("某项目")));
        }
        let l = locate(&Grid::from_cells("s", cells));
        assert!(l.tables.is_empty());
        // Said for what it is: one row per project (`file-no-table`'s message).
        assert_eq!(l.others, vec![PROJECT_LIST]);
    }
}
