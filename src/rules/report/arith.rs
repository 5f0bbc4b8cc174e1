//! The report's own arithmetic: a paragraph's parts and total (`report-sum-mismatch`),
//! its rate and money (`report-rate-mismatch`), a section's total and scores
//! (`report-score-mismatch`), and figures that cannot be what their labels say
//! (`report-figure-unclear`).

use super::{of_role, one_value, ReportCtx, Stated};
use crate::diag::{Code, Finding, Message};
use crate::model::checked;
use crate::model::narrative::{Figure, Role};
use crate::read::narrative::labels as l;
use crate::rules::table::{computed, money_en, num};
use crate::score::policy::category_key;
use rust_decimal::Decimal;

/// An amount as `expected` / `found` keep it: a plain decimal.
fn plain_money(d: Decimal) -> String {
    num(d.round_dp(4))
}

/// An amount in a message: 万元 with thousands separators and two decimals (reports.md
/// "Ready to file"), without the unit; the sentence names it.
fn money(d: Decimal) -> String {
    money_en(d)
}

fn pct(d: Decimal) -> String {
    crate::rules::table::pct(d)
}

/// The paragraphs that hold figures, in order.
fn paragraphs(ctx: &ReportCtx) -> Vec<u32> {
    let mut v: Vec<u32> = ctx.narrative.figures.iter().map(|f| f.paragraph).collect();
    v.dedup();
    v
}

/// Whether a money figure states a total (`共计`, `合计`, `总计` in its label): a sum the
/// sentence checks against its own parts, whatever the total is of.
/// The sum of `values` when it is off `total` by more than `tol`; `None` when they agree
/// (or the sum does not fit).
fn sum_off(values: impl Iterator<Item = Decimal>, total: Decimal, tol: Decimal) -> Option<Decimal> {
    checked::sum(values).filter(|s| (*s - total).abs() > tol)
}

fn is_total(f: &Figure) -> bool {
    let money = [Role::Total, Role::Budget, Role::Executed];
    money.contains(&f.role) && l::TOTAL_WORDS.iter().any(|w| f.label.contains(w))
}

/// The parts standing directly before a total in its sentence: consecutive amounts
/// (no other amount between them and the total), each a source of funds or an amount
/// with a label of its own (`基本支出1,200万元，项目支出1,292万元，合计2,500万元`).
fn parts_before<'a>(
    parts_by_seq: &std::collections::HashMap<(u32, u32), &'a Figure>,
    total: &Figure,
) -> Vec<&'a Figure> {
    let mut parts = Vec::new();
    let mut seq = total.seq;
    while seq > 0 {
        seq -= 1;
        match parts_by_seq.get(&(total.sentence, seq)) {
            Some(p) => parts.push(*p),
            None => break,
        }
    }
    parts.reverse();
    parts
}

/// The amounts of a paragraph by their place, and how many each sentence holds: for a sum
/// spread over sentences (`当年财政拨款1710.18万元。上年结转资金53.28万元。合计1763.46万元。`).
struct SpreadParts<'a> {
    by_seq: std::collections::HashMap<u32, &'a Figure>,
    per_sentence: std::collections::HashMap<u32, usize>,
}

impl<'a> SpreadParts<'a> {
    fn new(figs: &[&'a Figure]) -> Self {
        let money = [
            Role::Part,
            Role::Total,
            Role::Budget,
            Role::Executed,
            Role::Amount,
        ];
        let mut s = SpreadParts {
            by_seq: Default::default(),
            per_sentence: Default::default(),
        };
        for f in figs.iter().filter(|f| money.contains(&f.role)) {
            s.by_seq.entry(f.seq).or_insert(*f);
            *s.per_sentence.entry(f.sentence).or_default() += 1;
        }
        s
    }

    /// The parts of a total that opens its own short sentence (`合计…`, `以上合计…`): the
    /// sentences right before it, each stating one source of funds and nothing else.
    /// Anything else between them (another amount, a total, a figure of another year)
    /// ends the run, so a part is walked by one total at most.
    fn before(&self, total: &Figure) -> Vec<&'a Figure> {
        let bare = total.label.chars().count() <= 4 && total.role == Role::Total;
        let opens = total.seq == 0
            || self
                .by_seq
                .get(&(total.seq - 1))
                .is_some_and(|p| p.sentence < total.sentence);
        let mut parts = Vec::new();
        if !bare || !opens {
            return parts;
        }
        let (mut seq, mut sentence) = (total.seq, total.sentence);
        while seq > 0 && sentence > 0 {
            (seq, sentence) = (seq - 1, sentence - 1);
            match self.by_seq.get(&seq) {
                Some(p)
                    if p.role == Role::Part
                        && p.sentence == sentence
                        && self.per_sentence.get(&sentence) == Some(&1) =>
                {
                    parts.push(*p)
                }
                _ => break,
            }
        }
        parts.reverse();
        parts
    }
}

/// `report-sum-mismatch`: two or more parts and the total after them differ by more than
/// the money tolerance.
pub fn report_sum_mismatch(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    let tol = ctx.policy.tolerance.money;
    for n in paragraphs(ctx) {
        let figs: Vec<&Figure> = ctx.figures_of(n).collect();
        // Parts by (sentence, seq), the first of each: a walk back from a total is a
        // lookup per part, not a scan of the paragraph.
        let mut parts_by_seq = std::collections::HashMap::new();
        let part = |f: &&&Figure| {
            matches!(f.role, Role::Part | Role::Amount)
                && !f.percent
                && !f.label.is_empty()
                && !f.label.contains("其中")
        };
        for f in figs.iter().filter(part) {
            parts_by_seq.entry((f.sentence, f.seq)).or_insert(*f);
        }
        let spread = SpreadParts::new(&figs);
        for total in figs.iter().filter(|f| is_total(f)) {
            let mut parts = parts_before(&parts_by_seq, total);
            if parts.len() < 2 {
                parts = spread.before(total);
            }
            if parts.len() < 2 {
                continue;
            }
            let Some(sum) = sum_off(parts.iter().map(|p| p.value), total.value, tol) else {
                continue;
            };
            let terms: Vec<String> = parts.iter().map(|p| money(p.value)).collect();
            let terms = terms.join(" + ");
            let (s, t) = (money(sum), money(total.value));
            let msg = Message::new(
                format!("报告所列各分项 {terms} = {s}万元，与所写合计{t}万元不符"),
                format!("the parts {terms} = {s} differ from the stated total {t}, in 10k yuan"),
            );
            let f = Finding::new(Code::ReportSumMismatch, msg)
                .figures(plain_money(sum), plain_money(total.value));
            out.push(ctx.at(total, f));
        }
    }
}

/// The paragraph's own 执行数 and the budget it is a share of (预算数, else 共计), when
/// each is stated once. A rate beside them is checked against them
/// (`report-rate-mismatch`), not against the tables: the amounts are.
pub(super) fn paragraph_money(ctx: &ReportCtx, n: u32) -> Option<(Decimal, Decimal)> {
    match ctx.index.money.get(&n) {
        Some(known) => *known,
        None => compute_paragraph_money(ctx, n),
    }
}

/// [`paragraph_money`] worked out (once per paragraph, by the context's index).
pub(super) fn compute_paragraph_money(ctx: &ReportCtx, n: u32) -> Option<(Decimal, Decimal)> {
    let kind = ctx.owner(n).map(|t| t.kind);
    let plain = |role| {
        of_role(ctx, n, role)
            .into_iter()
            .filter(|f| !ctx.qualified(f, kind))
            .collect::<Vec<_>>()
    };
    let executed = one_value(plain(Role::Executed).into_iter())?;
    let full_year = plain(Role::Budget)
        .into_iter()
        .filter(|f| !super::tables::initial(f));
    let budget = one_value(full_year).or_else(|| one_value(plain(Role::Total).into_iter()))?;
    (!budget.is_zero()).then_some((executed, budget))
}

/// `report-rate-mismatch`: a rate written with `%` differs from the paragraph's own
/// 执行数 / 预算数 by more than the rate tolerance.
pub fn report_rate_mismatch(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    for n in paragraphs(ctx) {
        let Some((e, b)) = paragraph_money(ctx, n) else {
            continue;
        };
        let Some(computed) = e.checked_div(b) else {
            continue;
        };
        let kind = ctx.owner(n).map(|t| t.kind);
        for r in of_role(ctx, n, Role::Rate) {
            if !r.percent || ctx.qualified(r, kind) {
                continue;
            }
            if (r.value - computed).abs() <= ctx.policy.tolerance.rate {
                continue;
            }
            let (rs, cs) = (pct(r.value), pct(computed));
            let (es, bs) = (money(e), money(b));
            let msg = Message::new(
                format!("报告所写执行率 {rs} 与本段执行数/预算数 {es} / {bs} = {cs} 不符"),
                format!("the stated rate {rs} differs from this paragraph's {es} / {bs} = {cs}"),
            );
            let f = Finding::new(Code::ReportRateMismatch, msg).figures(
                num(computed.round_dp_with_strategy(
                    4,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                )),
                num(r.value),
            );
            out.push(ctx.at(r, f));
        }
    }
}

/// The money ratio a bare rate of paragraph `n` may be checked against: the paragraph's
/// own, else its table's stated figures.
fn ratio_for(ctx: &ReportCtx, n: u32) -> Option<Decimal> {
    if let Some((e, b)) = paragraph_money(ctx, n) {
        return e.checked_div(b);
    }
    let (_, s) = ctx.owner_stated(n)?;
    let (e, b) = (s.executed?, s.budget?);
    if b.is_zero() {
        return None;
    }
    e.checked_div(b)
}

/// `report-figure-unclear`: a rate without `%` that fits neither a percent nor a fraction
/// of the money; an execution score above the execution 分值.
pub fn report_figure_unclear(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    let tol = ctx.policy.tolerance.rate;
    for f in ctx.narrative.figures.iter() {
        match f.role {
            Role::Rate if !f.percent => {
                let Some(r) = ratio_for(ctx, f.paragraph) else {
                    continue;
                };
                let as_pct = f.value / Decimal::ONE_HUNDRED;
                if (as_pct - r).abs() <= tol || (f.value - r).abs() <= tol {
                    continue;
                }
                let v = num(f.value);
                let msg = Message::new(
                    format!(
                        "执行率写作“{v}”（没有%），既不是 {} 也不是其小数形式，无法确定含义",
                        pct(r)
                    ),
                    format!(
                        "the rate is written “{v}” (no %): neither {} nor its fraction",
                        pct(r)
                    ),
                );
                let finding = Finding::new(Code::ReportFigureUnclear, msg).with_found(v);
                out.push(ctx.at(f, finding));
            }
            Role::ExecScore => unclear_exec_score(ctx, f, out),
            _ => {}
        }
    }
}

fn exec_weight(ctx: &ReportCtx, n: u32) -> Decimal {
    ctx.owner_stated(n)
        .map_or(ctx.policy.execution.weight, |(_, s)| s.exec_weight)
}

fn unclear_exec_score(ctx: &ReportCtx, f: &Figure, out: &mut Vec<Finding>) {
    let w = exec_weight(ctx, f.paragraph);
    if f.value <= w + ctx.policy.tolerance.score {
        return;
    }
    let (v, ws) = (num(f.value), num(w));
    let msg = Message::new(
        format!("“{}”写作 {v} 分，超过预算执行率分值 {ws} 分，不可能是预算执行得分（是否为总分？）", f.label),
        format!("“{}” is {v} points, above the execution weight {ws}: it cannot be the execution score (the total?)", f.label),
    );
    let finding = Finding::new(Code::ReportFigureUnclear, msg)
        .with_found(v)
        .with_limit(ws);
    out.push(ctx.at(f, finding));
}

/// A section's own scores: the one total it states, every category's score, and the
/// execution score when stated within the weight.
struct SectionScores<'a> {
    total: &'a Figure,
    categories: Vec<Decimal>,
    exec: Option<Decimal>,
    weight: Decimal,
}

fn section_scores<'a>(figs: &[&'a Figure], s: &Stated) -> Option<SectionScores<'a>> {
    let totals: Vec<&Figure> = figs
        .iter()
        .copied()
        .filter(|f| f.role == Role::Score)
        .collect();
    one_value(totals.iter().copied())?;
    let mut categories = Vec::new();
    for (key, _, _) in &s.categories {
        let said = figs.iter().copied().filter(|f| {
            f.role == Role::CategoryScore
                && f.category
                    .as_deref()
                    .is_some_and(|c| category_key(c) == *key)
        });
        categories.push(one_value(said)?);
    }
    let weight = s.exec_weight;
    let exec = figs
        .iter()
        .copied()
        .filter(|f| f.role == Role::ExecScore && f.value <= weight);
    Some(SectionScores {
        total: totals.last().copied()?,
        categories,
        exec: one_value(exec),
        weight,
    })
}

/// `report-score-mismatch`: a section's stated total is not its category scores plus its
/// execution score (when that is not stated: not within 0 … the execution 分值); or the
/// categories a part of the report writes with their weights (`部门管理20分，得分18.92分`),
/// weights adding up to the whole 100, do not add up to the one total it states.
pub fn report_score_mismatch(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    // The weighted categories first: where they apply, their message is the exact one.
    weighted_score_mismatch(ctx, out);
    section_score_mismatch(ctx, out);
}

/// The figures of each part of the report (a table's section, or the paragraphs outside
/// every table's section), in paragraph order.
fn parts_of_report<'a>(ctx: &ReportCtx<'a>) -> Vec<Vec<&'a Figure>> {
    let mut groups: Vec<(Option<usize>, Vec<&'a Figure>)> = Vec::new();
    for f in &ctx.narrative.figures {
        let owner = ctx
            .owners
            .get((f.paragraph as usize).wrapping_sub(1))
            .copied()
            .flatten();
        match groups.iter_mut().find(|g| g.0 == owner) {
            Some(g) => g.1.push(f),
            None => groups.push((owner, vec![f])),
        }
    }
    groups.into_iter().map(|g| g.1).collect()
}

/// The weighted-categories check of [`report_score_mismatch`]: only where nothing is left
/// to guess — every category with its weight, distinct names, weights adding up to 100,
/// exactly one total stated in that part of the report.
fn weighted_score_mismatch(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    let tol = ctx.policy.tolerance.score;
    for figs in parts_of_report(ctx) {
        let cats: Vec<&Figure> = figs
            .iter()
            .copied()
            .filter(|f| f.role == Role::CategoryScore && f.weight.is_some())
            .collect();
        let totals: Vec<&Figure> = figs
            .iter()
            .copied()
            .filter(|f| f.role == Role::Score)
            .collect();
        let ([total], true) = (totals.as_slice(), cats.len() >= 2) else {
            continue;
        };
        // One wrong total, one finding: the section check may have named it already.
        let named = |f: &Finding| {
            f.code == Code::ReportScoreMismatch && f.paragraph == Some(total.paragraph)
        };
        if out.iter().any(named) {
            continue;
        }
        let mut names: Vec<String> = cats
            .iter()
            .filter_map(|f| f.category.as_deref().map(category_key))
            .collect();
        names.sort();
        names.dedup();
        let weights = checked::sum(cats.iter().filter_map(|f| f.weight));
        if names.len() != cats.len() || weights != Some(Decimal::ONE_HUNDRED) {
            continue;
        }
        let Some(sum) = sum_off(cats.iter().map(|f| f.value), total.value, tol) else {
            continue;
        };
        let terms: Vec<String> = cats.iter().map(|f| num(f.value)).collect();
        let (ss, ts) = (num(sum), num(total.value));
        let msg = Message::new(
            format!("报告所列各一级指标得分 {} = {ss} 分（分值合计 100 分），与所写总分 {ts} 分不符", terms.join(" + ")),
            format!("the report's category scores {} = {ss} (weights adding up to 100) differ from the stated total {ts}", terms.join(" + ")),
        );
        let f = Finding::new(Code::ReportScoreMismatch, msg).figures(ss, ts);
        out.push(ctx.at(total, f));
    }
}

fn section_score_mismatch(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    let by_section = figures_by_section(ctx);
    for (si, s) in ctx.sections.iter().enumerate() {
        let super::Named::Table(ti) = s.named else {
            continue;
        };
        let Some(st) = ctx.stated.get(ti) else {
            continue;
        };
        let Some(sc) = section_scores(&by_section[si], st) else {
            continue;
        };
        let named = |f: &Finding| {
            f.code == Code::ReportScoreMismatch && f.paragraph == Some(sc.total.paragraph)
        };
        if out.iter().any(named) {
            continue;
        }
        if let Some(f) = section_sum(&sc, ctx.policy.tolerance.score) {
            out.push(ctx.at(sc.total, f));
        }
    }
}

/// Each section's figures, in one pass over the figures.
fn figures_by_section<'a>(ctx: &ReportCtx<'a>) -> Vec<Vec<&'a Figure>> {
    let mut by_section: Vec<Vec<&Figure>> = vec![Vec::new(); ctx.sections.len()];
    for f in &ctx.narrative.figures {
        let owner = (f.paragraph as usize)
            .checked_sub(1)
            .and_then(|i| ctx.owners.get(i));
        if let Some(&Some(si)) = owner {
            if let Some(v) = by_section.get_mut(si) {
                v.push(f);
            }
        }
    }
    by_section
}

/// A section's category scores (and its execution score, or the room its weight leaves)
/// against its stated total: the finding when they differ beyond `tol`.
fn section_sum(sc: &SectionScores, tol: Decimal) -> Option<Finding> {
    if sc.categories.is_empty() {
        return None;
    }
    let cats = checked::sum(sc.categories.iter().copied())?;
    let terms: Vec<String> = sc.categories.iter().map(|d| num(*d)).collect();
    let terms = terms.join(" + ");
    let total = sc.total.value;
    // Figures read from a report's text: checked, so that none too large to add stops it.
    let (low, high) = match sc.exec {
        Some(e) => (cats.checked_add(e)?, cats.checked_add(e)?),
        None => (cats, cats.checked_add(sc.weight)?),
    };
    if total >= low.checked_sub(tol)? && total <= high.checked_add(tol)? {
        return None;
    }
    let ts = num(total);
    let msg = match sc.exec {
        Some(e) => {
            // The sum is the program's: a computed score, two decimals.
            let sum = computed(low);
            Message::new(
                format!("本部分所写各项得分 {terms} + 预算执行 {} = {sum} 分，与所写总分 {ts} 分不符", num(e)),
                format!("the section's scores {terms} + execution {} = {sum} differ from the stated total {ts}", num(e)),
            )
        }
        None => Message::new(
            format!("本部分所写各一级指标得分 {terms} = {} 分，加预算执行得分（0 至 {} 分）应在 {} 至 {} 分之间，与所写总分 {ts} 分不符", computed(cats), num(sc.weight), computed(low), computed(high)),
            format!("the section's category scores {terms} = {}, plus an execution score of 0 to {}, give {} to {}, not the stated total {ts}", computed(cats), num(sc.weight), computed(low), computed(high)),
        ),
    };
    let expected = if low == high {
        num(low)
    } else {
        format!("{}–{}", num(low), num(high))
    };
    Some(Finding::new(Code::ReportScoreMismatch, msg).figures(expected, ts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(value: i64) -> Figure {
        Figure {
            paragraph: 3,
            sentence: 0,
            seq: 0,
            role: Role::Score,
            label: "总分".into(),
            value: Decimal::from(value),
            text: format!("{value}分"),
            percent: false,
            grade: None,
            category: None,
            weight: None,
        }
    }

    fn scores(t: &Figure, exec: Option<i64>) -> SectionScores<'_> {
        SectionScores {
            total: t,
            categories: vec![Decimal::from(44), Decimal::from(30)],
            exec: exec.map(Decimal::from),
            weight: Decimal::from(10),
        }
    }

    /// With the execution score written, the sum must meet the total (within the
    /// tolerance); without it, the total lies anywhere the execution's weight leaves.
    #[test]
    fn a_section_total_is_the_categories_plus_the_execution_score() {
        let tol = Decimal::new(1, 2);
        let t = total(80);
        assert!(section_sum(&scores(&t, Some(6)), tol).is_none());
        let f = section_sum(&scores(&t, Some(5)), tol).expect("79 ≠ 80");
        assert_eq!(
            f.message.zh,
            "本部分所写各项得分 44 + 30 + 预算执行 5 = 79.00 分，与所写总分 80 分不符"
        );
        assert_eq!(f.expected.as_deref(), Some("79"));
        assert!(section_sum(&scores(&t, None), tol).is_none());
        let t = total(85);
        let f = section_sum(&scores(&t, None), tol).expect("85 past 74–84");
        assert_eq!(f.expected.as_deref(), Some("74–84"));
        assert!(f
            .message
            .en
            .ends_with("give 74.00 to 84.00, not the stated total 85"));
    }

    /// Scores too large to add (a report's text can say anything) give no finding and no
    /// panic.
    #[test]
    fn scores_too_large_to_add_are_left_alone() {
        let t = total(80);
        let mut sc = scores(&t, Some(6));
        sc.categories = vec![Decimal::MAX, Decimal::ONE];
        assert!(section_sum(&sc, Decimal::new(1, 2)).is_none());
        sc.categories = vec![Decimal::MAX];
        assert!(section_sum(&sc, Decimal::new(1, 2)).is_none());
        sc.exec = None;
        assert!(section_sum(&sc, Decimal::new(1, 2)).is_none());
    }
}
