//! Reading an approved performance-goal declaration (绩效目标申报表, templates.md §8) from a
//! sheet region that [`crate::read::locate`] found under a declaration's title.
//!
//! The form is read as data, like the tables: the header block is `label：value` pairs
//! (two per row in the central export), each label looked up in [`labels::FIELDS`]; the
//! indicator block is found by its column headers (三级指标 and 目标值 / 指标值), with 一级
//! and 二级 carried down (merged or written once). Rows whose 三级指标 is empty or 不适用
//! are the form's placeholders, not indicators. A region without a name label or without
//! an indicator block is no declaration (it stays "another form", templates.md §7).

pub mod labels;

use super::extract::join_target;
use crate::decode::grid::{Cell, Grid};
use crate::decode::limits;
use crate::decode::number::{self, Parsed, Suffix};
use crate::form::labels as table_labels;
use crate::form::labels::Header;
use crate::model::declaration::{DeclIndicator, DeclKind, Declaration};
use crate::model::{AmountUnit, CellRef, Figure, Text};
use labels::DeclField;
use std::collections::HashMap;
use std::sync::LazyLock;

static FIELD_MAP: LazyLock<HashMap<&'static str, DeclField>> =
    LazyLock::new(|| labels::FIELDS.iter().map(|(t, f, _)| (*t, *f)).collect());

/// Where a declaration's region lies in its sheet (from [`crate::read::locate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDecl {
    /// The title cell: its row is the declaration's first.
    pub title_cell: CellRef,
    /// One past the last row the declaration may use.
    pub end_row: u32,
}

/// The comparison form of a header label: [`table_labels::key`] with every bracketed
/// part removed (`项目总金额（中期规划，万元）：` → `项目总金额`), and the amount unit the
/// brackets named, if any.
pub fn label_key(s: &str) -> (String, Option<AmountUnit>) {
    let k = table_labels::key(s);
    let mut out = String::with_capacity(k.len());
    let mut depth = 0usize;
    let mut inner = String::new();
    for c in k.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => inner.push(c),
            _ => out.push(c),
        }
    }
    let unit = if inner.contains("万元") {
        Some(AmountUnit::WanYuan)
    } else if inner.contains('元') {
        Some(AmountUnit::Yuan)
    } else {
        None
    };
    (out, unit)
}

/// The field a header cell labels, with the unit its brackets name.
fn field_of(cell: &Cell) -> Option<(DeclField, Option<AmountUnit>)> {
    let Cell::Text(t) = cell else { return None };
    if t.chars().count() > limits::MAX_LABEL_CHARS {
        return None;
    }
    let (k, unit) = label_key(t);
    FIELD_MAP.get(k.as_str()).map(|f| (*f, unit))
}

/// True when a declaration title: the text ends in one of [`labels::TITLES`], optionally
/// followed by a year or an adjustment word in brackets, an adjustment word allowed before
/// its last word ([`table_labels::form_title_body`]). The kind is the department form when it says 部门整体.
pub fn title_kind(title: &str) -> Option<DeclKind> {
    let body = table_labels::form_title_body(&table_labels::key(title));
    labels::TITLES.iter().find(|t| body.ends_with(*t))?;
    // `部门预算项目支出绩效目标申报表` is a project's form that starts with 部门.
    let department = body.starts_with("部门") && !body.contains("项目");
    Some(if body.contains("部门整体") || department {
        DeclKind::Department
    } else {
        DeclKind::Project
    })
}

/// A header field's label and the cell holding its value.
struct Pair {
    field: DeclField,
    unit: Option<AmountUnit>,
    label: CellRef,
    value: Option<CellRef>,
}

/// The `label：value` pairs of rows `[from, to)`: each label's value is the first
/// non-empty cell after its merge and before the next label.
fn pairs(g: &Grid, from: u32, to: u32) -> Vec<Pair> {
    let mut out: Vec<Pair> = Vec::new();
    for r in from..to {
        let mut open: Option<usize> = None;
        for (c, cell) in g.row(r) {
            if let Some((field, unit)) = field_of(cell) {
                out.push(Pair {
                    field,
                    unit,
                    label: CellRef::new(r, c),
                    value: None,
                });
                open = Some(out.len() - 1);
                continue;
            }
            if let Some(i) = open {
                let p = &mut out[i];
                if p.value.is_none() && c > g.span_end_col(r, p.label.col) && !cell.is_empty() {
                    p.value = Some(CellRef::new(r, c));
                    open = None;
                }
            }
        }
    }
    out
}

static HEADER_MAP: LazyLock<HashMap<&'static str, Header>> =
    LazyLock::new(|| labels::HEADERS.iter().map(|(t, h, _)| (*t, *h)).collect());

/// A column header: the declarations' own spellings first, then the tables'.
fn header_of(t: &str) -> Option<Header> {
    let own = HEADER_MAP.get(label_key(t).0.as_str()).copied();
    own.or_else(|| table_labels::classify_header(t).map(|m| m.header))
}

/// The indicator header row in `[from, to)`: 三级指标 (or 一级指标) with 目标值 / 指标值;
/// one under a long-term block's caption is skipped for the annual block after it.
fn indicator_header(g: &Grid, from: u32, to: u32) -> Option<(u32, HashMap<Header, u32>)> {
    (from..to).find_map(|r| {
        let mut h = HashMap::new();
        for (c, cell) in g.row(r) {
            if let Cell::Text(t) = cell {
                if let Some(header) = header_of(t) {
                    h.entry(header).or_insert(c);
                }
            }
        }
        let named = h.contains_key(&Header::Level3);
        let long = r > from && long_term_caption(g, r - 1);
        (named && h.contains_key(&Header::Target) && !long).then_some((r, h))
    })
}

/// True when row `r` is a long-term block's caption (长期绩效指标).
fn long_term_caption(g: &Grid, r: u32) -> bool {
    g.row(r).next().is_some_and(|(_, cell)| {
        let k = table_labels::key(&cell.as_text());
        labels::LONG_TERM_CAPTIONS.iter().any(|c| k.contains(c))
    })
}

/// Reads the declarations of a region: one, or several when a unit's disclosure stacks
/// its projects under one title (each block starting again at its 项目名称); empty when
/// the region is none (no name label or no indicator block).
pub fn extract(g: &Grid, found: &FoundDecl) -> Vec<Declaration> {
    let title = g.raw(found.title_cell.row, found.title_cell.col).as_text();
    let year = year_below(g, found);
    let mut out = Vec::new();
    let mut first = found.title_cell.row + 1;
    while let Some((d, next)) = read(
        g,
        title.clone(),
        found.title_cell,
        first,
        found.end_row,
        year,
    ) {
        out.push(d);
        match next {
            Some(n) if n > first && out.len() < limits::MAX_TABLE_ROWS as usize => first = n,
            _ => break,
        }
    }
    out
}

/// A declaration whose title stands outside its grid: the lines typed above a Word table
/// (templates.md §9), with the year a line there gives. Its first row is the grid's first.
pub fn extract_titled(g: &Grid, title: &str, year: Option<i32>) -> Option<Declaration> {
    let (top, _, _) = g.cells().next()?;
    let end = (g.last_row()? + 1).min(top.saturating_add(limits::MAX_TABLE_ROWS));
    read(g, title.to_string(), CellRef::new(top, 0), top, end, year).map(|(d, _)| d)
}

/// The declaration under `title` whose header pairs start at row `first`, and the row
/// where the next stacked project's block starts, if one does.
fn read(
    g: &Grid,
    title: String,
    title_cell: CellRef,
    first: u32,
    end: u32,
    year: Option<i32>,
) -> Option<(Declaration, Option<u32>)> {
    let kind = title_kind(&title)?;
    let (hr, cols) = indicator_header(g, first, end)?;
    let pairs = pairs(g, first, hr);
    let name = pairs.iter().find(|p| p.field == DeclField::Name)?;
    let mut d = Declaration::empty(kind, g.name.clone());
    d.title_cell = title_cell;
    d.year = year.or_else(|| title_year(&title));
    d.adjustment = title.contains("调整");
    d.title = title;
    d.name = text_of(g, name);
    read_pairs(g, &pairs, &mut d);
    let next = read_indicators(g, hr, &cols, end, &mut d);
    Some((d, next))
}

/// The year of a `（2020年度）` line just under the title: the title itself may name a
/// project that carries another year (`2019年210青少年校园足球扶持资金绩效目标表`).
fn year_below(g: &Grid, found: &FoundDecl) -> Option<i32> {
    let top = found.title_cell.row;
    (top + 1..(top + 3).min(found.end_row)).find_map(|r| {
        g.row(r).find_map(|(_, cell)| match cell {
            Cell::Text(t) if t.chars().count() <= 12 => table_labels::find_year(t),
            _ => None,
        })
    })
}

/// A year the title states as the form's (`2024年度…`, `…（2024年度）`), not one inside a
/// project's name.
fn title_year(title: &str) -> Option<i32> {
    let k = table_labels::key(title);
    let y = table_labels::find_year(&k)?;
    let stated = k.starts_with(&format!("{y}年度")) || k.contains(&format!("({y}年度)"));
    stated.then_some(y)
}

fn text_of(g: &Grid, p: &Pair) -> Text {
    match p.value {
        Some(v) => Text::new(g.raw(v.row, v.col).as_text(), v),
        None => Text::new(
            "",
            CellRef::new(p.label.row, g.span_end_col(p.label.row, p.label.col) + 1),
        ),
    }
}

/// Fills the header fields from the pairs (the first pair of each field counts).
fn read_pairs(g: &Grid, pairs: &[Pair], d: &mut Declaration) {
    let first = |f: DeclField| pairs.iter().find(|p| p.field == f);
    d.unit = first(DeclField::Unit)
        .map(|p| text_of(g, p))
        .unwrap_or_default();
    d.department = first(DeclField::Department)
        .map(|p| text_of(g, p))
        .unwrap_or_default();
    if let Some(p) = first(DeclField::Code) {
        let (code, lost) = code_text(g, p);
        d.code = code;
        d.code_lost = lost;
    }
    d.funds.budget = first(DeclField::Budget)
        .map(|p| amount(g, p))
        .unwrap_or_default();
    d.funds.total = first(DeclField::Total)
        .map(|p| amount(g, p))
        .unwrap_or_default();
    for f in [DeclField::Goals, DeclField::LongGoals] {
        if let Some(t) = first(f).map(|p| text_of(g, p)).filter(|t| !t.is_empty()) {
            d.goals.push(t);
        }
    }
    let basis: Vec<String> = pairs
        .iter()
        .filter(|p| p.field == DeclField::Basis)
        .map(|p| text_of(g, p).text)
        .collect();
    d.basis = basis.join("\n");
}

/// The 项目编码 as a person sees it, and whether it is a number that lost digits: a code
/// of 20 digits stored as a number keeps 15 significant digits and shows as
/// `4.403062313915e+20`.
fn code_text(g: &Grid, p: &Pair) -> (Option<Text>, bool) {
    let Some(v) = p.value else {
        return (None, false);
    };
    let (s, lost) = match g.raw(v.row, v.col) {
        // The reader keeps a number beyond its bounds as its scientific text (grid.rs).
        Cell::Error(e) if is_lost_number(e) => (scientific(e), true),
        other => (other.as_text(), false),
    };
    (Some(Text::new(s, v)), lost)
}

/// A number too large to keep its digits, as the grid shows it (`4.403062313915e20`).
pub fn is_lost_number(s: &str) -> bool {
    s.contains(['e', 'E']) && s.trim_start_matches('+').parse::<f64>().is_ok()
}

/// `4.403062313915e20` → `4.403062313915e+20`, as spreadsheets print it.
fn scientific(e: &str) -> String {
    match e.split_once('e') {
        Some((m, x)) if !x.starts_with('-') && !x.starts_with('+') => format!("{m}e+{x}"),
        _ => e.to_string(),
    }
}

/// An amount in 万元 (元 converted when the label or the value says 元).
fn amount(g: &Grid, p: &Pair) -> Figure {
    let Some(v) = p.value else {
        return Figure::new(None, text_of(g, p).cell.unwrap_or(p.label));
    };
    let label_unit = p.unit.unwrap_or(AmountUnit::WanYuan);
    let value = match g.raw(v.row, v.col) {
        Cell::Number(d) | Cell::Date(d, _) => Some(number::to_wan(*d, label_unit)),
        Cell::Text(t) => match number::parse_text(t) {
            Parsed::Value(x, s) => Some(to_wan(x, s, label_unit)),
            _ => total_in_text(t).map(|(x, s)| to_wan(x, s, label_unit)),
        },
        _ => None,
    };
    Figure::new(value.map(|x| x.normalize()), v)
}

/// An amount in 万元: its own suffix says its unit, else the label's.
fn to_wan(x: rust_decimal::Decimal, s: Option<Suffix>, label: AmountUnit) -> rust_decimal::Decimal {
    match s {
        Some(Suffix::WanYuan) => x,
        Some(Suffix::Yuan) => number::to_wan(x, AmountUnit::Yuan),
        _ => number::to_wan(x, label),
    }
}

/// The total of a sentence giving an amount and its sources (`总额60万元，其中：财政拨款50万元…`,
/// the 年度资金总额及构成 of county forms): the figure after 总额, with its unit.
fn total_in_text(t: &str) -> Option<(rust_decimal::Decimal, Option<Suffix>)> {
    let (_, after) = t.split_once("总额")?;
    let after = after.trim_start_matches(['：', ':', '为', ' ']);
    let end = after
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(after.len());
    let rest = &after[end..];
    let unit = ["万元", "元"].into_iter().find(|u| rest.starts_with(u));
    match number::parse_text(&format!("{}{}", &after[..end], unit.unwrap_or(""))) {
        Parsed::Value(x, s) => Some((x, s)),
        _ => None,
    }
}

/// True for a placeholder 三级指标 (empty or 不适用): a row of the form, not an indicator.
pub fn is_placeholder(s: &str) -> bool {
    let k = table_labels::squash(s);
    k.is_empty() || labels::NOT_APPLICABLE.contains(&k.as_str())
}

/// Reads the indicator rows under the header row, levels carried down; returns the row of
/// a next project's name label (a stacked block), which ends this one.
fn read_indicators(
    g: &Grid,
    hr: u32,
    cols: &HashMap<Header, u32>,
    end: u32,
    d: &mut Declaration,
) -> Option<u32> {
    let col = |h: Header| cols.get(&h).copied();
    let (l1c, l2c, l3c, tc) = (
        col(Header::Level1),
        col(Header::Level2),
        col(Header::Level3),
        col(Header::Target),
    );
    let (mut l1, mut l2) = (String::new(), String::new());
    for r in hr + 1..end {
        if starts_project(g, r) {
            return Some(r);
        }
        if ends_block(g, r) {
            // A stacked project may follow its block's own footnote.
            return (r + 1..end.min(r + 4)).find(|&n| starts_project(g, n));
        }
        let cell_text = |c: Option<u32>| {
            c.map(|c| table_labels::squash(&g.text(r, c)))
                .unwrap_or_default()
        };
        let (a, b) = (cell_text(l1c), cell_text(l2c));
        if !a.is_empty() {
            l1 = a;
        }
        if !b.is_empty() {
            l2 = b;
        }
        let c3 = l3c?;
        let name_cell = g.anchor(r, c3);
        let name = g.raw(name_cell.row, name_cell.col).as_text();
        // The template's unfilled rows (`指标2：`, `……`) are no indicators, as in the tables;
        // nor is a line merged across from the left (a caption, a year line).
        let across = name_cell.row != r || name_cell.col < c3;
        if is_placeholder(&name) || table_labels::is_template_filler(&name) || across {
            continue;
        }
        d.indicators.push(DeclIndicator {
            row: r + 1,
            level1: l1.clone(),
            level2: l2.clone(),
            name: Text::new(name.trim(), name_cell),
            target: target_text(g, r, tc, col(Header::Operator), col(Header::Unit), &name),
            weight: col(Header::Weight)
                .map(|c| weight(g, r, c))
                .unwrap_or_default(),
        });
    }
    None
}

/// True when row `r` starts a stacked project's block: its first cell is a name label.
fn starts_project(g: &Grid, r: u32) -> bool {
    g.row(r)
        .next()
        .and_then(|(_, cell)| field_of(cell))
        .is_some_and(|(f, _)| f == DeclField::Name)
}

/// A footnote (备注：…) or another title ends the indicator block.
fn ends_block(g: &Grid, r: u32) -> bool {
    g.row(r).next().is_some_and(|(_, cell)| match cell {
        Cell::Text(t) => {
            let k = table_labels::key(t);
            labels::FOOTNOTES.iter().any(|f| k.starts_with(f)) || title_kind(t).is_some()
        }
        _ => false,
    })
}

/// The target as one text: operator column + value + unit column, when the form splits them.
fn target_text(
    g: &Grid,
    r: u32,
    tc: Option<u32>,
    op: Option<u32>,
    unit: Option<u32>,
    name: &str,
) -> Text {
    let Some(tc) = tc else { return Text::default() };
    let a = g.anchor(r, tc);
    let unit_written = unit.is_some_and(|c| !g.text(r, c).trim().is_empty());
    let value = match g.raw(a.row, a.col) {
        // What the number format shows (`98%`, `1000人`) is what the unit means.
        Cell::Number(_) if g.format(a.row, a.col).is_some() => g.shown(a.row, a.col),
        Cell::Number(d) if !unit_written => percent_shown(*d, name),
        other => other.as_text(),
    };
    if op.is_none() && unit.is_none() {
        return Text::new(value.trim(), a);
    }
    let part = |c: Option<u32>| c.map(|c| g.text(r, c)).unwrap_or_default();
    let written = part(op);
    let key = table_labels::squash(&written);
    let direction = labels::DIRECTIONS.iter().find(|(w, _)| *w == key);
    let op_text = direction.map_or(written.as_str(), |(_, sym)| *sym);
    let joined = join_target(&value, op_text, &part(unit));
    Text::new(joined.unwrap_or_else(|| value.trim().to_string()), a)
}

/// A rate's target stored as a number without a unit: a fraction up to 1 is the percent
/// a cell formatted as % shows (`0.95` → `95%`); any other number as it is.
fn percent_shown(d: rust_decimal::Decimal, name: &str) -> String {
    let rate = labels::RATE_WORDS.iter().any(|w| name.contains(w));
    if rate && d > rust_decimal::Decimal::ZERO && d <= rust_decimal::Decimal::ONE {
        format!("{}%", (d * rust_decimal::Decimal::ONE_HUNDRED).normalize())
    } else {
        d.normalize().to_string()
    }
}

fn weight(g: &Grid, r: u32, c: u32) -> Figure {
    let a = g.anchor(r, c);
    let v = match g.raw(a.row, a.col) {
        Cell::Number(d) | Cell::Date(d, _) => Some(*d),
        Cell::Text(t) => match number::parse_text(t) {
            Parsed::Value(x, _) => Some(x),
            _ => None,
        },
        _ => None,
    };
    Figure::new(v, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_their_brackets_and_say_their_unit() {
        assert_eq!(
            label_key("项目总金额（中期规划，万元）："),
            ("项目总金额".into(), Some(AmountUnit::WanYuan))
        );
        assert_eq!(
            label_key("年度资金总额（元）"),
            ("年度资金总额".into(), Some(AmountUnit::Yuan))
        );
        assert_eq!(label_key("长期目标（跨度多年的项目需填）：").0, "长期目标");
    }

    #[test]
    fn titles_of_both_forms() {
        assert_eq!(
            title_kind("二级项目支出绩效目标申报表"),
            Some(DeclKind::Project)
        );
        assert_eq!(
            title_kind("部门整体支出绩效目标申报表"),
            Some(DeclKind::Department)
        );
        assert_eq!(
            title_kind("项目支出绩效目标表（2023年度）"),
            Some(DeclKind::Project)
        );
        assert_eq!(title_kind("项目支出绩效自评表"), None);
        assert_eq!(
            title_kind("部门预算项目支出绩效目标申报表"),
            Some(DeclKind::Project)
        );
    }

    #[test]
    fn the_total_of_a_sentence_with_its_sources() {
        let d = |s: &str| rust_decimal::Decimal::from_str_exact(s).unwrap();
        let (x, s) = total_in_text("总额60万元，其中：财政拨款50万元").unwrap();
        assert_eq!(to_wan(x, s, AmountUnit::Yuan), d("60"));
        let (x, s) = total_in_text("资金总额：120000元").unwrap();
        assert_eq!(to_wan(x, s, AmountUnit::WanYuan), d("12"));
        assert!(total_in_text("财政拨款50万元").is_none());
        assert!(total_in_text("总额待定").is_none());
    }

    #[test]
    fn a_lost_code_reads_as_a_person_sees_it() {
        assert_eq!(scientific("4.403062313915e20"), "4.403062313915e+20");
        assert!(is_lost_number("4.403062313915e+20"));
        assert!(!is_lost_number("#VALUE!") && !is_lost_number("Err:502"));
    }
}
