//! The report beside its unit's tables: figures that differ from the table as submitted
//! (`report-table-mismatch`), tables no section discusses (`report-table-missing`),
//! sections naming no table (`report-section-unknown`), and a report of no unit of the
//! run (`report-unit-unknown`).

use super::sections::{lists_tables, Named};
use super::{ReportCtx, Stated};
use crate::diag::{Code, Finding, Message};
use crate::model::narrative::{Figure, Role};
use crate::model::{checked, FundRole, Table, TableKind};
use crate::read::narrative::labels as l;
use crate::rules::table::{money, money_en, num, pct};
use crate::score::policy::category_key;
use rust_decimal::Decimal;

/// A paragraph states the table's money when it holds two or more amounts with a role
/// (a fund sentence), not a lone amount about something else.
fn fund_paragraph(ctx: &ReportCtx, n: u32) -> bool {
    ctx.fund_paragraph(n)
}

/// A lone amount executed in a sentence that states the execution rate too (`全年执行446.3
/// 万元，执行率97.26%`) is the table's: the sentence is about its execution.
fn with_rate(ctx: &ReportCtx, f: &Figure) -> bool {
    ctx.figures_of(f.paragraph)
        .any(|g| g.sentence == f.sentence && g.role == Role::Rate && g.percent)
}

/// What a figure states about a table, and the table's own figure: (what, report, table,
/// shown as), `None` when the figure is not compared.
fn comparison(
    ctx: &ReportCtx,
    f: &Figure,
    t: &Table,
    s: &Stated,
) -> Option<(&'static str, Decimal, Decimal, bool)> {
    if ctx.qualified(f, Some(t.kind)) {
        return None;
    }
    let fund = || fund_paragraph(ctx, f.paragraph);
    match f.role {
        Role::Budget if fund() && initial(f) => Some(("年初预算数", f.value, s.initial?, false)),
        Role::Budget if fund() => Some(("全年预算数", f.value, s.budget?, false)),
        Role::Total if fund() && has_part_before(ctx, f) => {
            let b = s.budget?;
            let is_initial = s.initial == Some(f.value);
            (!is_initial).then_some(("全年预算数", f.value, b, false))
        }
        Role::Executed if fund() || with_rate(ctx, f) => {
            Some(("全年执行数", f.value, s.executed?, false))
        }
        Role::Rate if f.percent && !own_amounts(ctx, f) => Some(("执行率", f.value, s.rate?, true)),
        Role::ExecScore if f.value <= s.exec_weight => {
            Some(("预算执行得分", f.value, s.exec_score?, false))
        }
        Role::Score => Some(("总分", f.value, s.total?, false)),
        Role::CategoryScore => {
            let key = category_key(f.category.as_deref()?);
            let c = s.categories.iter().find(|c| c.0 == key)?;
            Some(("一级指标得分", f.value, c.2?, false))
        }
        _ => None,
    }
}

/// A rate whose paragraph states its own amounts: one wrong figure, one finding.
/// Whether a budget is the initial one (`年初预算数`).
pub(super) fn initial(f: &Figure) -> bool {
    l::INITIAL_WORDS.iter().any(|w| f.label.contains(w))
}

fn own_amounts(ctx: &ReportCtx, rate: &Figure) -> bool {
    super::arith::paragraph_money(ctx, rate.paragraph).is_some()
}

fn has_part_before(ctx: &ReportCtx, total: &Figure) -> bool {
    ctx.has_part_before(total)
}

fn tolerance(ctx: &ReportCtx, what: &str, rate: bool) -> Decimal {
    if rate {
        ctx.policy.tolerance.rate
    } else if is_score(what) {
        ctx.policy.tolerance.score
    } else {
        ctx.policy.tolerance.money
    }
}

fn is_score(what: &str) -> bool {
    what.contains("得分") || what == "总分"
}

fn mismatch(
    ctx: &ReportCtx,
    f: &Figure,
    name: &str,
    what: &str,
    said: Shown,
    table: Shown,
) -> Finding {
    let what = match (what, f.category.as_deref()) {
        ("一级指标得分", Some(c)) => format!("{c}得分"),
        _ => what.to_string(),
    };
    let msg = Message::new(
        format!(
            "报告写“{name}”的{what}为 {}，自评表填报为 {}",
            said.zh, table.zh
        ),
        format!(
            "the report gives {what} of “{name}” as {}; the table states {}",
            said.en, table.en
        ),
    );
    ctx.at(
        f,
        Finding::new(Code::ReportTableMismatch, msg).figures(table.plain, said.plain),
    )
}

/// A figure of a comparison as each message writes it, and as `expected` / `found` keep
/// it (plain decimals, a rate as a percent).
struct Shown {
    zh: String,
    en: String,
    plain: String,
}

impl Shown {
    fn same(s: String) -> Shown {
        Shown {
            zh: s.clone(),
            en: s.clone(),
            plain: s,
        }
    }
}

/// In the office's form (reports.md "Ready to file"): a rate as a percent, a stated score
/// as written, an amount in 万元 with thousands separators and two decimals.
fn show(d: Decimal, what: &str, rate: bool) -> Shown {
    if rate {
        Shown::same(pct(d))
    } else if is_score(what) {
        Shown::same(num(d))
    } else {
        Shown {
            zh: money(d),
            en: money_en(d),
            plain: num(d),
        }
    }
}

/// `report-table-mismatch`: a figure a table's section (or a paragraph about all
/// projects or transfers) gives that differs from the table(s) as submitted.
pub fn report_table_mismatch(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    for f in &ctx.narrative.figures {
        if let Some((t, s)) = ctx.owner_stated(f.paragraph) {
            if f.role == Role::Grade {
                grade_mismatch(ctx, f, t, s, out);
                continue;
            }
            let Some((what, said, table, rate)) = comparison(ctx, f, t, s) else {
                continue;
            };
            if (said - table).abs() > tolerance(ctx, what, rate) {
                out.push(mismatch(
                    ctx,
                    f,
                    &t.name.text,
                    what,
                    show(said, what, rate),
                    show(table, what, rate),
                ));
            }
        } else if let Some(kind) = ctx.group_of(f.paragraph) {
            group_mismatch(ctx, f, kind, out);
        }
    }
}

fn grade_mismatch(ctx: &ReportCtx, f: &Figure, t: &Table, s: &Stated, out: &mut Vec<Finding>) {
    let (Some(said), Some(table)) = (f.grade, s.grade) else {
        return;
    };
    let own = l::OWN_GRADE_WORDS.iter().any(|w| f.label.contains(w));
    if said != table && own && !ctx.qualified(f, Some(t.kind)) {
        let g = |g: crate::model::Grade| g.as_str().to_string();
        out.push(mismatch(
            ctx,
            f,
            &t.name.text,
            "自评等级",
            Shown::same(g(said)),
            Shown::same(g(table)),
        ));
    }
}

/// The sums over the unit's tables of one kind: budget, executed.
fn group_sums(ctx: &ReportCtx, kind: TableKind) -> Option<(Decimal, Decimal)> {
    let rows: Vec<_> = ctx
        .tables()
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| t.funds.row(FundRole::Total))
        .collect::<Option<Vec<_>>>()?;
    if rows.is_empty() {
        return None;
    }
    let b = checked::sum(
        rows.iter()
            .map(|r| r.budget.value)
            .collect::<Option<Vec<_>>>()?,
    )?;
    let e = checked::sum(
        rows.iter()
            .map(|r| r.executed.value)
            .collect::<Option<Vec<_>>>()?,
    )?;
    Some((b, e))
}

fn group_mismatch(ctx: &ReportCtx, f: &Figure, kind: TableKind, out: &mut Vec<Finding>) {
    if ctx.qualified(f, None) {
        return;
    }
    let Some((b, e)) = group_sums(ctx, kind) else {
        return;
    };
    let (what, table, rate) = match f.role {
        Role::Budget => ("全年预算数合计", b, false),
        Role::Executed => ("全年执行数合计", e, false),
        Role::Rate if f.percent && !b.is_zero() && !own_amounts(ctx, f) => match e.checked_div(b) {
            Some(r) => ("执行率", r, true),
            None => return,
        },
        _ => return,
    };
    if (f.value - table).abs() <= tolerance(ctx, what, rate) {
        return;
    }
    let name = match kind {
        TableKind::Transfer => "全部转移支付",
        _ => "全部项目",
    };
    out.push(mismatch(
        ctx,
        f,
        name,
        what,
        show(f.value, what, rate),
        show(table, what, rate),
    ));
}

/// `report-table-missing`: a table of the unit that no section of the report discusses
/// (named at paragraph 1). A table the report's own file holds is in the report.
pub fn report_table_missing(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    let own = ctx.unit.map_or(&[][..], |u| &u.own);
    for (ti, t) in ctx.tables().iter().enumerate() {
        if own.contains(&ti) || ctx.sections.iter().any(|s| s.named == Named::Table(ti)) {
            continue;
        }
        let kind = t.kind.short_zh();
        let msg = Message::new(
            format!("自评报告中没有{kind}“{}”的自评情况分析", t.name.text),
            format!(
                "the report has no section on the {} table “{}”",
                t.kind.as_str(),
                t.name.text
            ),
        );
        out.push(
            Finding::new(Code::ReportTableMissing, msg).at_paragraph(1, ctx.narrative.paragraph(1)),
        );
    }
}

/// `report-section-unknown`: a level-2 heading under a level-1 heading on projects or
/// transfers that names no table of the unit.
pub fn report_section_unknown(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    if ctx.unit.is_none() {
        return;
    }
    for s in &ctx.sections {
        let under_tables = s.parent.as_deref().is_some_and(lists_tables);
        let topic = l::TOPIC_WORDS.iter().any(|w| s.heading.title.contains(w));
        if s.heading.level != 2 || !under_tables || s.named != Named::Nothing || topic {
            continue;
        }
        let msg = Message::new(
            format!(
                "报告中“{}”一节在本单位报送的自评表中找不到对应的表",
                s.heading.title
            ),
            format!(
                "the section “{}” names no table the unit sent",
                s.heading.title
            ),
        );
        let p = s.heading.paragraph;
        out.push(
            Finding::new(Code::ReportSectionUnknown, msg)
                .at_paragraph(p, ctx.narrative.paragraph(p)),
        );
    }
}

/// `report-unit-unknown`: the report names no unit of the run (named at paragraph 1).
pub fn report_unit_unknown(ctx: &ReportCtx, out: &mut Vec<Finding>) {
    if ctx.unit.is_some() {
        return;
    }
    let msg = Message::new(
        "报告标题、落款和文件名中都没有本次任何单位的名称，无法确定是哪个单位的自评报告",
        "neither the title, the signature nor the file name names a unit of this run",
    );
    out.push(
        Finding::new(Code::ReportUnitUnknown, msg).at_paragraph(1, ctx.narrative.paragraph(1)),
    );
}
