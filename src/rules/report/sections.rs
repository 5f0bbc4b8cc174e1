//! A report's sections matched to its unit's tables (reports.md §3): a heading naming a
//! table's name — whole, shortened, or without a suffix such as `专项`, `经费`, `资金`,
//! `项目` — opens that table's section, which runs to the next heading of the same or a
//! higher level; a heading naming the department as a whole (`部门整体`) opens the
//! department table's. A paragraph belongs to the innermost table section around it.

use crate::model::narrative::{Heading, Narrative};
use crate::model::text::{fold_width, org_key};
use crate::model::{Table, TableKind};
use crate::read::narrative::labels as l;
use crate::read::narrative::outline::MAX_TITLE_CHARS;

/// Shortest name (in characters) a heading may shorten a table's name to.
pub const MIN_SHORT_NAME_CHARS: usize = 4;

/// What a heading names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// One table of the unit (its index).
    Table(usize),
    /// Several tables equally well: none is chosen.
    Ambiguous,
    /// No table.
    Nothing,
}

/// One heading's section.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading.
    pub heading: Heading,
    /// What it names.
    pub named: Named,
    /// Its last paragraph + 1 (the next heading of the same or a higher level).
    pub end: u32,
    /// The title of the level-1 heading it stands under, if it is a level-2 one.
    pub parent: Option<String>,
}

fn key(s: &str) -> String {
    org_key(s).replace(['(', ')', '"', '“', '”'], "")
}

fn stripped(mut s: &str) -> &str {
    loop {
        let before = s;
        for suffix in l::NAME_SUFFIXES {
            s = s.strip_suffix(suffix).unwrap_or(s);
        }
        if s == before {
            return s;
        }
    }
}

/// How well a heading's title names a table's name: 3 the same, 2 the same without
/// suffixes, 1 one holds the other (at least [`MIN_SHORT_NAME_CHARS`]), 0 not at all.
fn closeness(title: &str, name: &str) -> u8 {
    let (t, n) = (key(title), key(name));
    if n.is_empty() || t.is_empty() {
        return 0;
    }
    if t == n {
        return 3;
    }
    let (ts, ns) = (stripped(&t), stripped(&n));
    if ts == ns && ts.chars().count() >= MIN_SHORT_NAME_CHARS {
        return 2;
    }
    let short = ts.chars().count().min(ns.chars().count());
    let holds = t.contains(ns) || n.contains(ts);
    u8::from(holds && short >= MIN_SHORT_NAME_CHARS)
}

/// What a heading's title names among the tables.
pub fn named(title: &str, tables: &[&Table]) -> Named {
    if l::DEPARTMENT_WORDS.iter().any(|w| title.contains(w)) {
        let dept = tables.iter().position(|t| t.kind == TableKind::Department);
        return dept.map_or(Named::Nothing, Named::Table);
    }
    let mut best = (0u8, Named::Nothing);
    for (i, t) in tables.iter().enumerate() {
        if t.kind == TableKind::Department {
            continue;
        }
        let c = closeness(title, &t.name.text);
        if c > best.0 {
            best = (c, Named::Table(i));
        } else if c == best.0 && c > 0 {
            best.1 = Named::Ambiguous;
        }
    }
    best.1
}

/// The sections of every heading, in order. A unit with one table whose report names it
/// in no heading (`…项目支出绩效自评报告（教育专项工作经费）` whose headings are
/// `一、自评结论`, `（一）自评得分` …) has the whole report as that table's section: the
/// report can be about nothing else. It comes first, so a heading's section nests in it.
pub fn sections(n: &Narrative, tables: &[&Table]) -> Vec<Section> {
    let mut out = heading_sections(n, tables);
    out.extend(item_sections(n, tables));
    let names_one = out.iter().any(|s| matches!(s.named, Named::Table(_)));
    if tables.len() == 1 && !names_one && !n.paragraphs.is_empty() {
        let whole = Section {
            heading: Heading {
                paragraph: 1,
                level: 0,
                title: tables[0].name.text.clone(),
            },
            named: Named::Table(0),
            end: u32::try_from(n.paragraphs.len()).map_or(u32::MAX, |l| l.saturating_add(1)),
            parent: None,
        };
        out.insert(0, whole);
    }
    out
}

/// A list item that opens with a project's or transfer's name (`（1）“数说红河”展厅运维经费。
/// 展厅位于…`, as a published report lists its projects under `1.项目立项背景`) is that
/// table's section, of its own paragraph only; it comes after the headings' sections, so
/// it is the innermost. The department is never an item's.
fn item_sections(n: &Narrative, tables: &[&Table]) -> Vec<Section> {
    let mut out = Vec::new();
    for (i, p) in n.paragraphs.iter().enumerate() {
        let Some(title) = item_title(p) else {
            continue;
        };
        let Named::Table(t) = named(&title, tables) else {
            continue;
        };
        let Ok(no) = u32::try_from(i + 1) else {
            break;
        };
        if tables[t].kind == TableKind::Department {
            continue;
        }
        out.push(Section {
            heading: Heading {
                paragraph: no,
                level: 4,
                title,
            },
            named: Named::Table(t),
            end: no.saturating_add(1),
            parent: None,
        });
    }
    out
}

/// The words of a `（1）` / `(1)` item up to its first stop, when they are short enough to
/// be a name.
fn item_title(p: &str) -> Option<String> {
    let folded: String = p.trim().chars().take(64).map(fold_width).collect();
    let (num, rest) = folded.strip_prefix('(')?.split_once(')')?;
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let title: String = rest
        .chars()
        .take_while(|c| !matches!(c, '。' | ':' | ',' | ';'))
        .collect();
    let title = title.trim();
    let n = title.chars().count();
    (n > 0 && n <= MAX_TITLE_CHARS).then(|| title.to_string())
}

fn heading_sections(n: &Narrative, tables: &[&Table]) -> Vec<Section> {
    let last = u32::try_from(n.paragraphs.len()).unwrap_or(u32::MAX);
    let mut parent: Option<String> = None;
    let mut out = Vec::with_capacity(n.headings.len() + 1);
    for (i, h) in n.headings.iter().enumerate() {
        if h.level == 1 {
            parent = Some(h.title.clone());
        }
        let end = n.headings[i + 1..]
            .iter()
            .find(|g| g.level <= h.level)
            .map_or(last.saturating_add(1), |g| g.paragraph);
        out.push(Section {
            heading: h.clone(),
            named: named(&h.title, tables),
            end,
            parent: if h.level == 1 { None } else { parent.clone() },
        });
    }
    out
}

/// The table section each paragraph belongs to (index into `sections`), by paragraph
/// number − 1.
pub fn owners(sections: &[Section], paragraphs: usize) -> Vec<Option<usize>> {
    let mut owner = vec![None; paragraphs];
    for (si, s) in sections.iter().enumerate() {
        if !matches!(s.named, Named::Table(_)) {
            continue;
        }
        let from = s.heading.paragraph.saturating_sub(1) as usize;
        let to = (s.end.saturating_sub(1) as usize).min(paragraphs);
        for o in owner.iter_mut().take(to).skip(from) {
            *o = Some(si);
        }
    }
    owner
}

/// Whether a level-1 title is one under which every level-2 heading names a project or
/// a transfer (`四、项目支出绩效自评情况分析`, not `五、存在的问题及改进措施`).
/// Paragraphs that name a project or transfer other than the table whose section they
/// stand in (`城乡客运一体化补贴项目预算198.21万元，…执行率92.89%` in the department's
/// section) leave that section: their figures are another table's, so they are compared
/// with neither (precision before recall). A name counts in full or without its suffix
/// (`项目`, `经费` …), at least [`MIN_SHORT_NAME_CHARS`] characters; the department's name is
/// the unit's and names no other table. Only paragraphs with figures are looked at. In the
/// whole-report section of a unit's one project, a paragraph about the unit leaves too
/// ([`about_the_unit`]).
pub fn leave_foreign(
    owners: &mut [Option<usize>],
    sections: &[Section],
    n: &Narrative,
    tables: &[&Table],
) {
    let names: Vec<(usize, String)> = tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind != TableKind::Department)
        .map(|(i, t)| (i, stripped(&key(&t.name.text)).to_string()))
        .filter(|(_, k)| k.chars().count() >= MIN_SHORT_NAME_CHARS)
        .collect();
    let mut last = 0;
    for f in &n.figures {
        let p = f.paragraph as usize;
        if p == last {
            continue;
        }
        last = p;
        let Some(Some(si)) = owners.get(p.wrapping_sub(1)).copied() else {
            continue;
        };
        let Named::Table(own) = sections[si].named else {
            continue;
        };
        let text = key(n.paragraph(f.paragraph));
        if names
            .iter()
            .any(|(i, k)| *i != own && text.contains(k.as_str()))
            || about_the_unit(&sections[si], &text, tables.get(own))
        {
            owners[p - 1] = None;
        }
    }
}

/// In the whole-report section of a unit's one project or transfer (level 0), a paragraph
/// about the unit as a whole (`我校…部门预算资金总额356.8万元`, or naming the unit as the
/// table does) that does not name the table is not the table's (precision before recall).
fn about_the_unit(s: &Section, text: &str, own: Option<&&Table>) -> bool {
    let Some(t) = own.filter(|t| s.heading.level == 0 && t.kind != TableKind::Department) else {
        return false;
    };
    let name = key(&t.name.text);
    let short = stripped(&name);
    let long = |k: &str| k.chars().count() >= MIN_SHORT_NAME_CHARS;
    let names_it = text.contains(name.as_str()) || (long(short) && text.contains(short));
    // The unit by its own name (`凤林县实验小学2022年全年预算数…`), as the table writes it.
    let names_unit = [&t.unit.text, &t.department.text]
        .iter()
        .map(|s| key(s))
        .any(|k| long(&k) && text.contains(k.as_str()));
    !names_it && (names_unit || l::UNIT_WIDE_WORDS.iter().any(|w| text.contains(w)))
}

pub fn lists_tables(title: &str) -> bool {
    l::TABLE_PART_WORDS.iter().any(|w| title.contains(w))
        && !l::NOT_TABLE_PART_WORDS.iter().any(|w| title.contains(w))
        && !l::DEPARTMENT_WORDS.iter().any(|w| title.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_whole_short_and_without_suffix() {
        assert_eq!(
            closeness("安全生产监督执法专项经费", "安全生产监督执法专项经费"),
            3
        );
        assert_eq!(closeness("安全生产监督执法", "安全生产监督执法专项经费"), 2);
        assert_eq!(
            closeness(
                "安全生产监督执法专项经费项目自评",
                "安全生产监督执法专项经费"
            ),
            1
        );
        assert_eq!(closeness("部门主要职能", "安全生产监督执法专项经费"), 0);
        assert_eq!(closeness("执法", "安全生产监督执法专项经费"), 0);
        assert!(lists_tables("部门预算项目支出绩效自评情况分析"));
        assert!(!lists_tables("项目存在的问题及改进措施"));
    }

    #[test]
    fn an_item_s_title_is_its_words_up_to_the_first_stop() {
        let t = item_title("（1）“数说红河”展厅运维经费。展厅位于蒙自市");
        assert_eq!(t.as_deref(), Some("“数说红河”展厅运维经费"));
        assert_eq!(
            item_title("(2)政务数据平台建设经费，预算110.5万元").as_deref(),
            Some("政务数据平台建设经费")
        );
        for not in ["1.项目立项背景", "（一）项目概况", "（a）说明", "（1）"] {
            assert_eq!(item_title(not), None, "{not}");
        }
    }
}
