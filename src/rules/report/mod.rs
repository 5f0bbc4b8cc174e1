//! The checks of a unit's narrative 自评报告 (reports.md §3), against itself and against
//! the unit's tables as submitted. Each `report-*` code of the catalogue names its check
//! here ([`arith`]: a paragraph's or a section's own arithmetic; [`tables`]: the report
//! beside the tables); [`check_report`] runs them in catalogue order.
//!
//! Precision before recall: a figure is used only where its label, its place and its
//! unit leave no doubt, and a check that would need a guess gives no finding. Findings
//! name the paragraph and quote the sentence.

pub mod arith;
pub mod sections;
pub mod tables;

use super::catalog::{checks_of, Producer};
use crate::diag::{Finding, Stage};
use crate::model::narrative::{Figure, Narrative, Role};
use crate::model::text::org_key;
use crate::model::{checked, FundRole, Grade, Table, TableKind};
use crate::read::narrative::labels as l;
use crate::score::policy::category_key;
use crate::score::Policy;
use rust_decimal::Decimal;
use sections::{Named, Section};

/// A check of the Report stage.
pub type ReportCheck = fn(&ReportCtx, &mut Vec<Finding>);

/// The unit a report was matched to: its name and its current tables (older copies
/// replaced by a resubmission and unfilled tables left out).
#[derive(Debug, Clone)]
pub struct ReportUnit<'a> {
    /// The unit's name as shown.
    pub name: String,
    /// Its tables.
    pub tables: Vec<&'a Table>,
    /// Which of them the report's own file holds (a Word table the report is written
    /// around), by index: such a table is in the report, whatever its headings say.
    pub own: Vec<usize>,
}

/// What a report check reads.
#[derive(Debug)]
pub struct ReportCtx<'a> {
    /// The report.
    pub narrative: &'a Narrative,
    /// Its unit, when it was matched to one.
    pub unit: Option<&'a ReportUnit<'a>>,
    /// The policy (tolerances, the execution weight).
    pub policy: &'a Policy,
    /// Every heading's section.
    pub sections: Vec<Section>,
    /// The table section of each paragraph (by number − 1).
    pub owners: Vec<Option<usize>>,
    /// What each table states, by table index: computed once, not once per figure.
    pub stated: Vec<Stated>,
    /// Per paragraph with figures, what the checks ask of it more than once: each is
    /// computed in one pass over the figures, so the checks stay linear in the report.
    pub(crate) index: Index,
}

/// Per-paragraph facts the checks look up for each figure.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Paragraphs that hold two or more amounts with a role (a fund sentence).
    fund: std::collections::HashSet<u32>,
    /// The smallest `seq` of a part, by (paragraph, sentence).
    first_part: std::collections::HashMap<(u32, u32), u32>,
    /// The kind of tables a paragraph outside every table section counts.
    group: std::collections::HashMap<u32, Option<TableKind>>,
    /// A paragraph's own 执行数 and budget ([`arith::paragraph_money`]).
    pub(crate) money: std::collections::HashMap<u32, Option<(Decimal, Decimal)>>,
    /// Sentences (paragraph, sentence) whose first figure is qualified (`基本支出全年预算数
    /// 836.9万元，执行数829.15万元，执行率99.07%`): the sentence is about that part.
    qualified: std::collections::HashSet<(u32, u32)>,
}

impl<'a> ReportCtx<'a> {
    /// The context of a report and its unit.
    pub fn new(
        narrative: &'a Narrative,
        unit: Option<&'a ReportUnit<'a>>,
        policy: &'a Policy,
    ) -> Self {
        let tables: &[&Table] = unit.map_or(&[], |u| &u.tables);
        let sections = sections::sections(narrative, tables);
        let mut owners = sections::owners(&sections, narrative.paragraphs.len());
        sections::leave_foreign(&mut owners, &sections, narrative, tables);
        let mut ctx = ReportCtx {
            narrative,
            unit,
            policy,
            sections,
            owners,
            stated: tables.iter().map(|t| stated(t, policy)).collect(),
            index: Index::default(),
        };
        // The paragraphs' money (worked out while the index is built) leaves out the
        // qualified sentences: those are known first.
        ctx.index.qualified = ctx.qualified_sentences();
        let mut index = ctx.build_index();
        index.qualified = std::mem::take(&mut ctx.index.qualified);
        ctx.index = index;
        ctx
    }

    /// The sentences whose first figure is qualified, or that are about one source of
    /// funds (`上年结转资金53.28万元，当年执行53.28万元，执行率100%`: the first figure is
    /// the sentence's only part, no total follows, and the part is neither the year's
    /// appropriation nor the whole budget of the section's table: a unit with one source
    /// writes `当年财政拨款…，全年支出…，执行率…` of the whole), in one pass over the figures.
    fn qualified_sentences(&self) -> std::collections::HashSet<(u32, u32)> {
        // Per sentence: whether its first figure is qualified or a part, its parts, a total.
        let mut seen: std::collections::HashMap<(u32, u32), (bool, bool, u32, bool)> =
            Default::default();
        for f in &self.narrative.figures {
            let n = f.paragraph;
            let e = seen.entry((n, f.sentence)).or_insert_with(|| {
                let q = qualified(f, self.owner(n).map(|t| t.kind));
                let whole = self.owner_stated(n).and_then(|(_, s)| s.budget) == Some(f.value)
                    || l::MAIN_SOURCE_WORDS.iter().any(|w| f.label.contains(w));
                (q, f.role == Role::Part && !whole, 0, false)
            });
            e.2 += u32::from(f.role == Role::Part);
            e.3 |= f.role == Role::Total;
        }
        seen.into_iter()
            .filter(|(_, (q, part, parts, total))| *q || (*part && *parts == 1 && !*total))
            .map(|(k, _)| k)
            .collect()
    }

    fn build_index(&self) -> Index {
        let money = [Role::Part, Role::Total, Role::Budget, Role::Executed];
        let mut index = Index::default();
        let mut amounts: std::collections::HashMap<u32, usize> = Default::default();
        for f in &self.narrative.figures {
            if money.contains(&f.role) {
                *amounts.entry(f.paragraph).or_default() += 1;
            }
            if f.role == Role::Part {
                let e = index.first_part.entry((f.paragraph, f.sentence));
                let first = e.or_insert(f.seq);
                *first = (*first).min(f.seq);
            }
            let n = f.paragraph;
            index
                .money
                .entry(n)
                .or_insert_with(|| arith::compute_paragraph_money(self, n));
            index.group.entry(n).or_insert_with(|| match self.owner(n) {
                Some(_) => None,
                None => group_kind(self.narrative.paragraph(n)),
            });
        }
        index.fund = amounts
            .into_iter()
            .filter(|&(_, n)| n >= 2)
            .map(|(p, _)| p)
            .collect();
        index
    }

    /// Whether a figure is qualified ([`qualified`]) or stands in a sentence whose first
    /// figure is: such a figure is never compared with a whole table's.
    pub fn qualified(&self, f: &Figure, kind: Option<TableKind>) -> bool {
        qualified(f, kind) || self.index.qualified.contains(&(f.paragraph, f.sentence))
    }

    /// Whether paragraph `n` holds two or more amounts with a role.
    pub fn fund_paragraph(&self, n: u32) -> bool {
        self.index.fund.contains(&n)
    }

    /// Whether a part stands before `total` in its sentence.
    pub fn has_part_before(&self, total: &Figure) -> bool {
        self.index
            .first_part
            .get(&(total.paragraph, total.sentence))
            .is_some_and(|&seq| seq < total.seq)
    }

    /// The table whose section paragraph `n` stands in, with what it states.
    pub fn owner_stated(&self, n: u32) -> Option<(&'a Table, &Stated)> {
        let ti = self.owner_index(n)?;
        Some((*self.tables().get(ti)?, self.stated.get(ti)?))
    }

    fn owner_index(&self, n: u32) -> Option<usize> {
        let si = (*self.owners.get((n as usize).checked_sub(1)?)?)?;
        match self.sections.get(si)?.named {
            Named::Table(ti) => Some(ti),
            _ => None,
        }
    }

    /// The unit's tables (none when no unit).
    pub fn tables(&self) -> &[&'a Table] {
        self.unit.map_or(&[], |u| &u.tables)
    }

    /// The table whose section paragraph `n` stands in.
    pub fn owner(&self, n: u32) -> Option<&'a Table> {
        self.tables().get(self.owner_index(n)?).copied()
    }

    /// The figures of paragraph `n`.
    pub fn figures_of(&self, n: u32) -> impl Iterator<Item = &'a Figure> + 'a {
        self.narrative.figures_of(n).iter()
    }

    /// The quoted sentence of a figure.
    pub fn excerpt(&self, f: &Figure) -> String {
        crate::read::narrative::figures::sentence(self.narrative.paragraph(f.paragraph), f.sentence)
    }

    /// A finding at a figure's paragraph, quoting its sentence.
    pub fn at(&self, f: &Figure, finding: Finding) -> Finding {
        finding.at_paragraph(f.paragraph, &self.excerpt(f))
    }

    /// The tables a paragraph about all projects (or transfers) speaks of: the kind,
    /// when paragraph `n` stands in no table's section and names a count of them.
    pub fn group_of(&self, n: u32) -> Option<TableKind> {
        if let Some(kind) = self.index.group.get(&n) {
            return *kind;
        }
        if self.owner(n).is_some() {
            return None;
        }
        group_kind(self.narrative.paragraph(n))
    }
}

/// The kind of tables a sentence counts (`本部门纳入自评的项目5个`, `转移支付3项`,
/// `6个项目`), read from the paragraph's first sentence.
pub fn group_kind(text: &str) -> Option<TableKind> {
    let first: String = text.chars().take_while(|c| *c != '。').collect();
    let chars: Vec<char> = first.chars().collect();
    for (word, kind) in l::GROUP_WORDS {
        let w: Vec<char> = word.chars().collect();
        for i in 0..chars.len().saturating_sub(w.len() - 1) {
            if chars[i..i + w.len()] != w[..] {
                continue;
            }
            let after = counted(&chars[i + w.len()..], true);
            let before = counted(&chars[..i], false);
            if after || before {
                return Some(*kind);
            }
        }
    }
    None
}

/// Whether a count (`5个`, `3项`) directly follows (or, backwards, precedes) a word.
fn counted(chars: &[char], forward: bool) -> bool {
    let s: String = if forward {
        chars.iter().take(4).collect()
    } else {
        chars.iter().rev().take(4).rev().collect()
    };
    let digits = s.trim_end_matches(['个', '项']);
    if forward {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        !d.is_empty() && s[d.len()..].starts_with(['个', '项'])
    } else {
        s.ends_with(['个', '项']) && digits.ends_with(|c: char| c.is_ascii_digit())
    }
}

/// The figures a table states, as the report is compared with them.
#[derive(Debug, Clone, Default)]
pub struct Stated {
    /// 年度资金总额 全年预算数.
    pub budget: Option<Decimal>,
    /// 年度资金总额 年初预算数.
    pub initial: Option<Decimal>,
    /// 年度资金总额 全年执行数.
    pub executed: Option<Decimal>,
    /// The stated 执行率 (a fraction).
    pub rate: Option<Decimal>,
    /// The stated execution score.
    pub exec_score: Option<Decimal>,
    /// The execution 分值 (the policy's when the table states none).
    pub exec_weight: Decimal,
    /// Each category (一级指标) by its key, with its name and the sum of its stated
    /// scores (`None` when a score is missing).
    pub categories: Vec<(String, String, Option<Decimal>)>,
    /// The stated 总分.
    pub total: Option<Decimal>,
    /// The stated grade.
    pub grade: Option<Grade>,
}

/// What a table states.
pub fn stated(t: &Table, policy: &Policy) -> Stated {
    let total_row = t.funds.row(FundRole::Total);
    let mut categories: Vec<(String, String, Option<Decimal>)> = Vec::new();
    for ind in &t.indicators {
        let k = category_key(&ind.level1);
        let pos = categories.iter().position(|c| c.0 == k);
        let i = pos.unwrap_or_else(|| {
            categories.push((k, ind.level1.clone(), Some(Decimal::ZERO)));
            categories.len() - 1
        });
        let sum = categories[i].2;
        categories[i].2 = sum
            .zip(ind.score.value)
            .and_then(|(a, b)| checked::sum([a, b]));
    }
    Stated {
        budget: total_row.and_then(|r| r.budget.value),
        initial: total_row.and_then(|r| r.initial.value),
        executed: total_row.and_then(|r| r.executed.value),
        rate: t.execution.rate.value,
        exec_score: t.execution.score.value,
        exec_weight: t.execution.weight.value.unwrap_or(policy.execution.weight),
        categories,
        total: t.total.score.value,
        // A table that states no grade has the one of its stated total under the run's
        // bands (the form's rule), so `结果为“良”` beside a total of 99.46 is checked too.
        grade: t
            .grade_stated
            .map(|(g, _)| g)
            .or_else(|| t.total.score.value.map(|v| policy.grades.grade(v))),
    }
}

/// Whether a figure's label qualifies it as a part of the whole (`其中基本…`): such a
/// figure is never compared with a whole table's (a department's `项目…` or `…经费`
/// neither: [`l::DEPARTMENT_PART_WORDS`]).
pub fn qualified(f: &Figure, kind: Option<TableKind>) -> bool {
    l::QUALIFIERS.iter().any(|q| f.label.contains(q))
        || (kind == Some(TableKind::Department)
            && l::DEPARTMENT_PART_WORDS.iter().any(|w| f.label.contains(w)))
        || f.label.contains('均')
}

/// The one value the figures agree on, `None` when there are none or they differ.
pub fn one_value<'a>(mut values: impl Iterator<Item = &'a Figure>) -> Option<Decimal> {
    let first = values.next()?.value;
    values.all(|f| f.value == first).then_some(first)
}

/// The figures of a role in paragraph `n`.
pub fn of_role<'a>(ctx: &ReportCtx<'a>, n: u32, role: Role) -> Vec<&'a Figure> {
    ctx.figures_of(n).filter(|f| f.role == role).collect()
}

/// The unit whose name (normalised as for grouping) a report names: in its title (the
/// paragraphs before its first heading, at most three) or its closing signature (its
/// last three paragraphs), else in its file name or folder; the longest such name wins,
/// `None` when none does or two equally long do.
pub fn match_unit(n: &Narrative, names: &[&str], path_parts: &[String]) -> Option<usize> {
    let first_heading = n.headings.first().map_or(3, |h| h.paragraph as usize - 1);
    let head = n.paragraphs.iter().take(first_heading.min(3));
    let tail = n.paragraphs.iter().rev().take(3);
    let text: Vec<String> = head.chain(tail).map(|p| org_key(p)).collect();
    let keys: Vec<String> = names.iter().map(|s| org_key(s)).collect();
    best_match(&keys, &text).or_else(|| {
        let parts: Vec<String> = path_parts.iter().map(|p| org_key(p)).collect();
        best_match(&keys, &parts)
    })
}

/// [`match_unit`] over many reports: the units' keys are put in one automaton, so a
/// report is matched in one pass over its title, signature and path, whatever the
/// number of units (the plain search costs units × text for each report).
pub struct UnitMatcher {
    keys: Vec<String>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl UnitMatcher {
    /// A matcher of the units' names.
    pub fn new(names: &[&str]) -> Self {
        let keys: Vec<String> = names.iter().map(|s| org_key(s)).collect();
        let patterns: Vec<&str> = keys
            .iter()
            .map(|k| if k.is_empty() { "\0" } else { k.as_str() })
            .collect();
        let automaton = aho_corasick::AhoCorasick::new(&patterns).ok();
        UnitMatcher { keys, automaton }
    }

    /// The unit a report names, as [`match_unit`] finds it.
    pub fn find(&self, n: &Narrative, path_parts: &[String]) -> Option<usize> {
        let Some(ac) = &self.automaton else {
            let names: Vec<&str> = self.keys.iter().map(String::as_str).collect();
            return match_unit(n, &names, path_parts);
        };
        let first_heading = n.headings.first().map_or(3, |h| h.paragraph as usize - 1);
        let head = n.paragraphs.iter().take(first_heading.min(3));
        let tail = n.paragraphs.iter().rev().take(3);
        let text: Vec<String> = head.chain(tail).map(|p| org_key(p)).collect();
        self.best(ac, &text).or_else(|| {
            let parts: Vec<String> = path_parts.iter().map(|p| org_key(p)).collect();
            self.best(ac, &parts)
        })
    }

    fn best(&self, ac: &aho_corasick::AhoCorasick, texts: &[String]) -> Option<usize> {
        let mut hits: Vec<usize> = texts
            .iter()
            .flat_map(|t| ac.find_overlapping_iter(t.as_str()))
            .map(|m| m.pattern().as_usize())
            .filter(|&i| self.keys.get(i).is_some_and(|k| !k.is_empty()))
            .collect();
        hits.sort_unstable();
        hits.dedup();
        pick_longest(&self.keys, hits)
    }
}

fn best_match(keys: &[String], texts: &[String]) -> Option<usize> {
    let hits: Vec<usize> = (0..keys.len())
        .filter(|&i| !keys[i].is_empty() && texts.iter().any(|t| t.contains(keys[i].as_str())))
        .collect();
    pick_longest(keys, hits)
}

/// The longest of the keys hit, `None` when none is or two equally long are.
fn pick_longest(keys: &[String], hits: Vec<usize>) -> Option<usize> {
    let longest = hits.iter().map(|&i| keys[i].chars().count()).max()?;
    let top: Vec<usize> = hits
        .into_iter()
        .filter(|&i| keys[i].chars().count() == longest)
        .collect();
    (top.len() == 1).then(|| top[0])
}

/// Runs every report check in catalogue order.
pub fn check_report(ctx: &ReportCtx) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in checks_of(Stage::Report) {
        if let Producer::Report(check) = p {
            check(ctx, &mut out);
        }
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    settle_subjects(ctx.narrative, &mut out);
    out
}

/// Each finding's subject (campaign.md §10): the heading of the section its paragraph
/// stands in, `#2`, `#3` for the repeats of one code in one section — not the sentence
/// it quotes, which holds the very figure a unit corrects.
fn settle_subjects(n: &Narrative, out: &mut [Finding]) {
    let mut seen: std::collections::HashMap<(crate::diag::Code, String), usize> =
        Default::default();
    for f in out.iter_mut() {
        let Some(p) = f.paragraph else {
            continue;
        };
        let above = n.headings.iter().rev().find(|h| h.paragraph <= p);
        let heading = above.map_or_else(|| "-".to_string(), |h| org_key(&h.title));
        let k = seen.entry((f.code, heading.clone())).or_default();
        *k += 1;
        f.subject = Some(match *k {
            1 => heading,
            k => format!("{heading}#{k}"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_sentences() {
        assert_eq!(
            group_kind("2021年，本部门预算支出项目6个，当年财政拨款1375.07万元"),
            Some(TableKind::Project)
        );
        assert_eq!(
            group_kind("本部门共管理省、市转移支付3项，当年"),
            Some(TableKind::Transfer)
        );
        assert_eq!(
            group_kind("本部门纳入自评的转移支付项目1个，全年预算数合计601.29万元"),
            Some(TableKind::Transfer)
        );
        assert_eq!(
            group_kind("通过自评，6个项目结果均为“优”"),
            Some(TableKind::Project)
        );
        assert_eq!(
            group_kind("1.项目支出预算执行情况：当年财政拨款30万元"),
            None
        );
    }
}
