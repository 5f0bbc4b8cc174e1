//! The unit's draft narrative report `自评报告（初稿）` (reports.md §2), in the outline of the
//! 2021 report: 一 基本情况 and 二 组织开展情况 as placeholders, 三 the department table, 四 the
//! projects, 五 the transfers, 六 a placeholder, the signature, then `附：复核发现的问题`.
//! Every figure comes from the tables; scores, rates and grades are the reviewed ones, and
//! where the unit stated another the sentence gives both (`自评97分，复核95.5分`).

use super::bureau::table;
use super::figures::{placeholder, sub_number};
use super::letter::heading;
use super::model::{Align, Document, FigureKind, Paragraph, Span};
use super::{table_name, unit_items, unit_year, Context, DocUnit};
use crate::check::{CheckedFile, CheckedTable};
use crate::diag::{Lang, Severity};
use crate::model::text::org_key;
use crate::model::{FundRole, Grade, TableKind};
use rust_decimal::Decimal;

/// The draft of one unit; `tables` are its tables in full, in the unit's order.
pub fn build(
    files: &[CheckedFile],
    unit: &DocUnit,
    tables: &[CheckedTable],
    cx: &Context<'_>,
) -> Document {
    let year = unit_year(files, unit, cx);
    let mut doc = Document {
        title: title(&unit.name, year, cx.lang),
        blocks: Vec::new(),
    };
    opening(&mut doc, cx);
    let mut s = Sections {
        n: 0,
        lang: cx.lang,
    };
    s.next(&mut doc, "基本情况", "Background");
    ask(
        &mut doc,
        cx,
        "部门主要职能、内设机构及所属单位、人员编制及实有人数",
        "functions, internal bodies and subordinate units, staff",
    );
    s.next(
        &mut doc,
        "绩效自评工作组织开展情况",
        "How the self-evaluation was organised",
    );
    ask(
        &mut doc,
        cx,
        "自评工作的组织领导、范围、方法和过程",
        "who led the self-evaluation, its scope, method and steps",
    );
    analyses(&mut doc, &mut s, &latest_copies(tables), cx);
    s.next(
        &mut doc,
        "绩效自评结果拟应用和公开情况",
        "Use and publication of the results",
    );
    ask(
        &mut doc,
        cx,
        "自评结果的应用和公开安排",
        "how the results will be used and published",
    );
    signature(&mut doc, &unit.name, cx);
    appendix(&mut doc, files, unit, cx);
    doc
}

/// The numbering of the sections `一、`, `二、`, …: some are there only with their tables.
struct Sections {
    n: usize,
    lang: Lang,
}

impl Sections {
    /// The heading of the next section.
    fn next(&mut self, doc: &mut Document, zh: &str, en: &str) {
        self.n += 1;
        doc.heading(1, heading(self.n, zh, en, self.lang));
    }
}

/// A paragraph of words only the unit can write.
fn ask(doc: &mut Document, cx: &Context<'_>, zh: &str, en: &str) {
    doc.para(Paragraph::body().placeholder(cx.placeholder(zh, en)));
}

/// A heading `（k）text`.
fn sub_heading(doc: &mut Document, lang: Lang, k: usize, text: &str) {
    doc.heading(2, format!("{}{}", sub_number(lang, k), text));
}

/// 三 to 五: the department table (the first), the projects, the transfers; a section only
/// where there are tables of its kind.
fn analyses(doc: &mut Document, s: &mut Sections, current: &[&CheckedTable], cx: &Context<'_>) {
    let of = |k: TableKind| -> Vec<&CheckedTable> {
        current
            .iter()
            .copied()
            .filter(|t| t.table.kind == k)
            .collect()
    };
    if let Some(dept) = of(TableKind::Department).first() {
        s.next(
            doc,
            "部门整体支出绩效自评情况分析",
            "Department-wide spending",
        );
        department(doc, dept, cx);
    }
    for (kind, zh, en) in [
        (
            TableKind::Project,
            "项目支出绩效自评情况分析",
            "Project spending",
        ),
        (
            TableKind::Transfer,
            "转移支付绩效自评情况分析",
            "Transfer payments",
        ),
    ] {
        let list = of(kind);
        if !list.is_empty() {
            s.next(doc, zh, en);
            projects(doc, kind, &list, cx);
        }
    }
}

/// Two title lines: `{年度}年度{单位}` and `绩效自评报告（初稿）`.
fn title(unit: &str, year: Option<i32>, lang: Lang) -> Vec<String> {
    match (lang, year) {
        (Lang::Zh, Some(y)) => {
            let mut t =
                super::title::lines(&[format!("{y}年度"), unit.to_string()], super::title::LINE);
            t.push("绩效自评报告（初稿）".into());
            t
        }
        (Lang::Zh, None) => {
            let mut t = super::title::lines(&[unit], super::title::LINE);
            t.push("绩效自评报告（初稿）".into());
            t
        }
        (Lang::En, Some(y)) => vec![
            unit.to_string(),
            format!("Performance self-evaluation report {y} (draft)"),
        ],
        (Lang::En, None) => vec![
            unit.to_string(),
            "Performance self-evaluation report (draft)".into(),
        ],
    }
}

/// Of several copies of one table (same kind and name), the last one sent; the others are
/// older submissions (`table-duplicate`).
fn latest_copies(tables: &[CheckedTable]) -> Vec<&CheckedTable> {
    let key = |t: &CheckedTable| (t.table.kind, org_key(&table_name(t)));
    tables
        .iter()
        .enumerate()
        .filter(|(i, t)| !tables[i + 1..].iter().any(|u| key(u) == key(t)))
        .map(|(_, t)| t)
        .collect()
}

/// The addressee and the opening sentence, as the 2021 report has them.
fn opening(doc: &mut Document, cx: &Context<'_>) {
    doc.para(
        Paragraph::aligned(Align::Flush)
            .placeholder(cx.placeholder("财政部门名称", "finance bureau"))
            .text(cx.tr("：", ":")),
    );
    doc.para(
        Paragraph::body()
            .text(cx.tr("根据", "As required by "))
            .placeholder(cx.placeholder("通知文件名称", "title of the notice"))
            .text(cx.tr(
                "要求，我单位对本单位预算支出开展了绩效自评，现将自评结果报告如下：",
                ", we have evaluated our spending; the results follow.",
            )),
    );
}

/// `自评97分，复核95.5分` where they differ, else the reviewed score alone (`97分`).
fn score_pair(p: Paragraph, stated: Option<Decimal>, reviewed: Decimal, lang: Lang) -> Paragraph {
    let unit = lang.pick("分", " points");
    match stated.filter(|s| crate::score::round_score(*s) != crate::score::round_score(reviewed)) {
        Some(s) => without_stated_word(p)
            .text(lang.pick("自评", "stated "))
            .figure(s, FigureKind::Score)
            .text(unit)
            .text(lang.pick("，复核", ", reviewed "))
            .computed(reviewed)
            .text(unit),
        None => p.figure(reviewed, FigureKind::Score).text(unit),
    }
}

/// `项目自评得分` loses its `自评` before a pair (`项目得分：自评97分，复核95.5分`), so the
/// word is not written twice.
fn without_stated_word(mut p: Paragraph) -> Paragraph {
    if let Some(Span::Text(t)) = p.spans.last_mut() {
        if let Some(head) = t.strip_suffix("自评得分") {
            *t = format!("{head}得分：");
        }
    }
    p
}

/// A goal or its outcome as written without the label the table already gives it
/// (`目标1：…`, `目标1完成情况：…`), since the sentence says it.
fn goal_text(s: &str) -> &str {
    let t = s.trim_start();
    let Some(rest) = t.strip_prefix("目标") else {
        return s;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let numbered = rest.len() < t.len() - "目标".len();
    let rest = rest.strip_prefix("完成情况").unwrap_or(rest);
    match rest.strip_prefix(['：', ':', '、', '.']) {
        Some(r) if numbered => r.trim_start(),
        _ => s,
    }
}

/// The rate, both forms where the stated one differs.
fn rate_pair(
    p: Paragraph,
    stated: Option<Decimal>,
    reviewed: Option<Decimal>,
    lang: Lang,
) -> Paragraph {
    let Some(r) = reviewed else {
        return p.text(lang.pick("无法计算（全年预算数为零）", "not computable (no budget)"));
    };
    let shown = |d: Decimal| crate::score::round_rate(d);
    match stated.filter(|s| shown(*s) != shown(r)) {
        Some(s) => without_stated_word(p)
            .text(lang.pick("自评", "stated "))
            .figure(s, FigureKind::Rate)
            .text(lang.pick("，复核", ", reviewed "))
            .figure(r, FigureKind::Rate),
        None => p.figure(r, FigureKind::Rate),
    }
}

/// A grade, both where the stated one differs: `“优”，复核结果为“良”`.
fn grade_text(stated: Option<Grade>, reviewed: Grade, lang: Lang) -> String {
    match (lang, stated.filter(|s| *s != reviewed)) {
        (Lang::Zh, Some(s)) => format!("“{}”，复核结果为“{}”", s.as_str(), reviewed.as_str()),
        (Lang::Zh, None) => format!("“{}”", reviewed.as_str()),
        (Lang::En, Some(s)) => format!("“{}”, reviewed “{}”", s.as_str(), reviewed.as_str()),
        (Lang::En, None) => format!("“{}”", reviewed.as_str()),
    }
}

/// The name of a fund row in sentences.
fn role_name(role: FundRole, lang: Lang) -> &'static str {
    let (zh, en) = match role {
        FundRole::Total => ("年度资金总额", "total funds"),
        FundRole::Appropriation => ("当年财政拨款", "appropriation of the year"),
        FundRole::Carryover => ("上年结转资金", "carry-over from last year"),
        FundRole::Other => ("其他资金", "other funds"),
        FundRole::Central => ("中央补助资金", "central subsidy"),
        FundRole::Provincial => ("省级资金", "provincial funds"),
        FundRole::Local => ("市县资金", "city and county funds"),
        FundRole::Basic => ("基本支出", "basic expenditure"),
        FundRole::Project => ("项目支出", "project expenditure"),
    };
    lang.pick(zh, en)
}

/// `当年财政拨款30.00万元，上年结转资金1.69万元` for the rows `pick` selects (全年预算数).
fn rows_text(
    p: Paragraph,
    ct: &CheckedTable,
    pick: fn(FundRole) -> bool,
    lang: Lang,
) -> (Paragraph, bool) {
    let mut p = p;
    let mut any = false;
    for r in ct.table.funds.rows.iter().filter(|r| pick(r.role)) {
        let Some(v) = r.budget.value else { continue };
        if any {
            p = p.text(lang.pick("，", ", "));
        }
        p = p.text(role_name(r.role, lang));
        p = p.text(lang.pick("", " ")).figure(v, FigureKind::Money);
        p = p.text(lang.pick("万元", " (10k yuan)"));
        any = true;
    }
    (p, any)
}

/// 全年预算数, 全年执行数 and the rate of the 年度资金总额 row.
fn totals_text(p: Paragraph, ct: &CheckedTable, lead: (&str, &str), lang: Lang) -> Paragraph {
    let row = ct.table.total_row();
    let money = |p: Paragraph, v: Option<Decimal>| match v {
        Some(v) => p
            .figure(v, FigureKind::Money)
            .text(lang.pick("万元", " (10k yuan)")),
        None => p.placeholder(placeholder(lang, lang.pick("金额", "amount"))),
    };
    let p = p.text(lang.pick(lead.0, lead.1));
    let p = money(p, row.and_then(|r| r.budget.value));
    let p = p.text(lang.pick("，全年执行支出", ", executed "));
    let p = money(p, row.and_then(|r| r.executed.value));
    let p = p.text(lang.pick("，执行率", ", execution rate "));
    rate_pair(
        p,
        ct.table.execution.rate.value,
        ct.review.execution.rate,
        lang,
    )
}

/// The execution score: `预算执行得分9.85分`.
fn exec_score(p: Paragraph, ct: &CheckedTable, lang: Lang) -> Paragraph {
    let p = p.text(lang.pick("，预算执行得分", ", execution score "));
    score_pair(
        p,
        ct.table.execution.score.value,
        ct.review.execution.score,
        lang,
    )
}

/// 三、部门整体: execution with both splits, goals, indicators, reasons, the total.
fn department(doc: &mut Document, ct: &CheckedTable, cx: &Context<'_>) {
    let lang = cx.lang;
    sub_heading(doc, lang, 1, cx.tr("部门预算执行情况", "Budget execution"));
    doc.para(department_execution(ct, cx));
    sub_heading(doc, lang, 2, cx.tr("总体绩效目标完成情况", "Overall goals"));
    goals(doc, ct, cx);
    sub_heading(doc, lang, 3, cx.tr("各项指标完成情况分析", "Indicators"));
    let reasons = indicators(doc, ct, cx);
    sub_heading(
        doc,
        lang,
        4,
        cx.tr(
            "偏离绩效目标的原因及下一步改进措施",
            "Shortfalls and remedies",
        ),
    );
    if reasons.is_empty() {
        ask(
            doc,
            cx,
            "偏离绩效目标的原因及下一步改进措施",
            "reasons for shortfalls and next steps",
        );
    }
    for r in reasons {
        doc.para(Paragraph::body().text(r));
    }
    let p = Paragraph::body().text(cx.tr("部门整体自评得分", "Department total: "));
    let p = score_pair(p, ct.table.total.score.value, ct.review.total, lang);
    let g = grade_text(ct.review.grade_stated, ct.review.grade, lang);
    doc.para(p.text(match lang {
        Lang::Zh => format!("，自评结果为{g}。"),
        Lang::En => format!("; grade {g}."),
    }));
}

/// The department's execution: totals, score, then the rows by source and by type.
fn department_execution(ct: &CheckedTable, cx: &Context<'_>) -> Paragraph {
    let lang = cx.lang;
    let p = totals_text(Paragraph::body(), ct, ("全年预算数", "Budget "), lang);
    let p = exec_score(p, ct, lang).text(cx.tr("。", "."));
    let (q, any) = rows_text(
        p.clone().text(cx.tr("按收入性质分：", " By source: ")),
        ct,
        FundRole::is_source,
        lang,
    );
    let p = if any { q.text(cx.tr("。", ".")) } else { p };
    let (q, any) = rows_text(
        p.clone().text(cx.tr("按支出性质分：", " By type: ")),
        ct,
        FundRole::is_expense_split,
        lang,
    );
    if any {
        q.text(cx.tr("。", "."))
    } else {
        p
    }
}

/// The goals as written: `目标1：…` and `完成情况：…`, or a placeholder.
fn goals(doc: &mut Document, ct: &CheckedTable, cx: &Context<'_>) {
    let goals: Vec<_> = ct
        .table
        .goals
        .iter()
        .filter(|g| !g.target.is_empty() || !g.outcome.is_empty())
        .collect();
    if goals.is_empty() {
        ask(
            doc,
            cx,
            "年度总体绩效目标及完成情况",
            "the year's goals and what was achieved",
        );
        return;
    }
    let end = |s: &str| {
        let s = s.trim();
        if s.ends_with(['。', '.', '；', ';']) {
            s.to_string()
        } else {
            format!("{s}{}", cx.tr("。", "."))
        }
    };
    for (i, g) in goals.iter().enumerate() {
        let n = if goals.len() > 1 {
            (i + 1).to_string()
        } else {
            String::new()
        };
        let mut p = Paragraph::body().text(format!(
            "{}{n}{}",
            cx.tr("目标", "Goal "),
            cx.tr("：", ": ")
        ));
        p = if g.target.is_empty() {
            p.placeholder(cx.placeholder("目标", "goal"))
        } else {
            p.text(end(goal_text(&g.target.text)))
        };
        p = p.text(cx.tr("完成情况：", " Achieved: "));
        p = if g.outcome.is_empty() {
            p.placeholder(cx.placeholder("完成情况", "outcome"))
        } else {
            p.text(end(goal_text(&g.outcome.text)))
        };
        doc.para(p);
    }
}

/// One category of indicators: its 分值, stated and reviewed 得分, and its indicators.
struct Category {
    name: String,
    weight: Decimal,
    stated: Option<Decimal>,
    reviewed: Decimal,
    rows: Vec<usize>,
}

/// The categories of a table in sheet order.
fn categories(ct: &CheckedTable) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    for (i, ind) in ct.table.indicators.iter().enumerate() {
        let counted = ct
            .review
            .indicators
            .get(i)
            .map(|r| r.counted)
            .unwrap_or_default();
        let pos = out.iter().position(|c| c.name == ind.level1);
        let c = match pos {
            Some(p) => &mut out[p],
            None => {
                out.push(Category {
                    name: ind.level1.clone(),
                    weight: Decimal::ZERO,
                    stated: None,
                    reviewed: Decimal::ZERO,
                    rows: Vec::new(),
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        c.weight = c
            .weight
            .saturating_add(ind.weight.value.unwrap_or_default());
        if let Some(s) = ind.score.value {
            c.stated = Some(c.stated.unwrap_or_default().saturating_add(s));
        }
        c.reviewed = c.reviewed.saturating_add(counted);
        c.rows.push(i);
    }
    out
}

/// Per category its 分值 and 得分, then each indicator not met or not given full marks with
/// target, actual and the unit's reason. Returns the reasons, for the shortfalls section.
fn indicators(doc: &mut Document, ct: &CheckedTable, cx: &Context<'_>) -> Vec<String> {
    let mut reasons = Vec::new();
    let cats = categories(ct);
    if cats.is_empty() {
        ask(doc, cx, "各项指标完成情况", "how the indicators were met");
    }
    for (k, c) in cats.iter().enumerate() {
        let name = if c.name.is_empty() {
            cx.tr("其他指标", "other indicators").to_string()
        } else {
            c.name.clone()
        };
        doc.para(category_line(k, &name, c, ct.table.unscored, cx));
        for &i in &c.rows {
            if let Some((p, reason)) = shortfall(ct, i, cx) {
                doc.para(p);
                reasons.extend(reason);
            }
        }
    }
    reasons
}

/// A category's line: its 分值 and 得分, or only its name on a form that scores nothing.
fn category_line(
    k: usize,
    name: &str,
    c: &Category,
    unscored: bool,
    cx: &Context<'_>,
) -> Paragraph {
    let lang = cx.lang;
    if unscored {
        return Paragraph::body().text(match lang {
            Lang::Zh => format!("（{}）{name}。", k + 1),
            Lang::En => format!("({}) {name}.", k + 1),
        });
    }
    let p = Paragraph::body().text(match lang {
        Lang::Zh => format!("（{}）{name}，分值", k + 1),
        Lang::En => format!("({}) {name}: weight ", k + 1),
    });
    let p = p
        .figure(c.weight, FigureKind::Score)
        .text(cx.tr("分，得分", " points, score "));
    score_pair(p, c.stated, c.reviewed, lang).text(cx.tr("。", "."))
}

/// The sentence of an indicator not met or not given full marks, and its reason.
fn shortfall(ct: &CheckedTable, i: usize, cx: &Context<'_>) -> Option<(Paragraph, Option<String>)> {
    let ind = ct.table.indicators.get(i)?;
    let rv = ct.review.indicators.get(i)?;
    let weight = ind.weight.value.unwrap_or_default();
    let lost = weight.saturating_sub(rv.counted);
    if rv.met != Some(false) && lost <= Decimal::ZERO {
        return None;
    }
    let shown = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let mut p = Paragraph::body().text(match cx.lang {
        Lang::Zh => format!(
            "“{}”年度指标值{}，实际完成值{}",
            shown(&ind.name.text),
            shown(&ind.target.text),
            shown(&ind.actual.text)
        ),
        Lang::En => format!(
            "“{}”: target {}, actual {}",
            shown(&ind.name.text),
            shown(&ind.target.text),
            shown(&ind.actual.text)
        ),
    });
    if lost > Decimal::ZERO {
        p = p
            .text(cx.tr("，扣", ", less "))
            // 分值 − 得分 is the program's figure: a computed score, two decimals.
            .computed(lost)
            .text(cx.tr("分", " points"));
    }
    p = p.text(cx.tr("。偏差原因及改进措施：", ". Reason and remedy: "));
    if ind.reason.is_empty() {
        return Some((
            p.placeholder(cx.placeholder("偏差原因及改进措施", "reason and remedy")),
            None,
        ));
    }
    let reason = ind.reason.text.trim().to_string();
    let collected = format!("{}{}{reason}", shown(&ind.name.text), cx.tr("：", ": "));
    Some((p.text(&reason), Some(collected)))
}

/// The end of the sentence for all tables of a kind: how many were graded what, when any
/// was (tables of a form that scores nothing, such as the regional transfer form, are
/// graded nothing), then the lead to the sections.
fn graded_text(grades: [usize; 4], lang: Lang) -> String {
    let parts: Vec<String> = Grade::ALL
        .iter()
        .zip(grades)
        .filter(|(_, n)| *n > 0)
        .map(|(g, n)| match lang {
            Lang::Zh => format!("{n}个结果为“{}”", g.as_str()),
            Lang::En => format!("{n} graded “{}”", g.as_str()),
        })
        .collect();
    match (lang, parts.is_empty()) {
        (Lang::Zh, true) => "。分项目自评情况分析如下：".to_string(),
        (Lang::En, true) => ". Each in turn:".to_string(),
        (Lang::Zh, false) => format!("。经复核，{}。分项目自评情况分析如下：", parts.join("，")),
        (Lang::En, false) => format!(". After review, {}. Each in turn:", parts.join(", ")),
    }
}

/// 四 / 五: the sentence for all tables of the kind together, then one section each.
fn projects(doc: &mut Document, kind: TableKind, list: &[&CheckedTable], cx: &Context<'_>) {
    let lang = cx.lang;
    let (mut budget, mut executed) = (Decimal::ZERO, Decimal::ZERO);
    let mut grades = [0usize; 4];
    for ct in list {
        if let Some(r) = ct.table.total_row() {
            budget = budget.saturating_add(r.budget.value.unwrap_or_default());
            executed = executed.saturating_add(r.executed.value.unwrap_or_default());
        }
        // A blank table is blank, not 差 (reports.md "Ready to file").
        if ct.is_graded() {
            grades[Grade::ALL
                .iter()
                .position(|g| *g == ct.review.grade)
                .unwrap_or(3)] += 1;
        }
    }
    let what = match kind {
        TableKind::Transfer => cx.tr("转移支付项目", "transfer payments"),
        _ => cx.tr("项目", "projects"),
    };
    let count = Decimal::from(list.len() as u64);
    let mut p = Paragraph::body().text(match lang {
        Lang::Zh => format!("本部门纳入自评的{what}"),
        Lang::En => "We evaluated ".to_string(),
    });
    p = p.figure(count, FigureKind::Count).text(match lang {
        Lang::Zh => "个，全年预算数合计".to_string(),
        Lang::En => format!(" {what}: budget "),
    });
    p = p
        .figure(budget, FigureKind::Money)
        .text(cx.tr("万元，全年执行数合计", " (10k yuan), executed "));
    p = p
        .figure(executed, FigureKind::Money)
        .text(cx.tr("万元", " (10k yuan)"));
    if let Some(r) = executed.checked_div(budget).filter(|_| !budget.is_zero()) {
        p = p
            .text(cx.tr("，执行率", ", rate "))
            .figure(crate::score::round_rate(r), FigureKind::Rate);
    }
    doc.para(p.text(graded_text(grades, lang)));
    for (k, ct) in list.iter().enumerate() {
        sub_heading(doc, lang, k + 1, &table_name(ct));
        project(doc, ct, cx);
    }
}

/// One project or transfer: 1. execution, 2. goals, 3. indicators, then the grade.
fn project(doc: &mut Document, ct: &CheckedTable, cx: &Context<'_>) {
    let lang = cx.lang;
    if ct.table.blank {
        doc.para(Paragraph::body().text(cx.tr(
            "该表未填写，未予复核。",
            "The table is blank: nothing to review.",
        )));
        return;
    }
    let p = Paragraph::body().text(cx.tr("1.项目支出预算执行情况：", "1. Budget execution: "));
    let (p, any) = rows_text(p, ct, FundRole::is_source, lang);
    let lead = if any {
        ("，共计", ", total ")
    } else {
        ("全年预算数", "budget ")
    };
    let p = totals_text(p, ct, lead, lang);
    // A form that scores nothing (the regional transfer form) has no score to state.
    let p = if ct.table.unscored {
        p
    } else {
        exec_score(p, ct, lang)
    };
    doc.para(p.text(cx.tr("。", ".")));
    doc.para(Paragraph::body().text(cx.tr("2.总体绩效目标完成情况：", "2. Overall goals:")));
    goals(doc, ct, cx);
    doc.para(Paragraph::body().text(cx.tr("3.各项指标完成情况分析：", "3. Indicators:")));
    indicators(doc, ct, cx);
    if ct.table.unscored {
        return;
    }
    let p = Paragraph::body().text(cx.tr("项目自评得分", "Project total: "));
    let p =
        score_pair(p, ct.table.total.score.value, ct.review.total, lang).text(cx.tr("。", ". "));
    let g = grade_text(ct.review.grade_stated, ct.review.grade, lang);
    doc.para(p.text(match lang {
        Lang::Zh => format!("项目自评结果为{g}。"),
        Lang::En => format!("Grade {g}."),
    }));
}

/// The unit's name and a date placeholder, right-aligned.
fn signature(doc: &mut Document, unit: &str, cx: &Context<'_>) {
    doc.para(Paragraph::aligned(Align::Sign).text(unit));
    doc.para(Paragraph::aligned(Align::Right).placeholder(cx.placeholder("日期", "date")));
}

/// `附：复核发现的问题`: the unit's errors and warnings as a table, when there are any.
fn appendix(doc: &mut Document, files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) {
    let items: Vec<_> = unit_items(files, unit)
        .into_iter()
        .filter(|i| i.finding.severity() != Severity::Info)
        .collect();
    if items.is_empty() {
        return;
    }
    doc.para(
        Paragraph::aligned(Align::Flush)
            .text(cx.tr("附：复核发现的问题", "Annex: problems found in the review")),
    );
    let headers = [
        ("序号", "No."),
        ("表", "Table"),
        ("单元格", "Cell"),
        ("类别", "Severity"),
        ("说明", "Message"),
    ];
    let rows = items.iter().enumerate().map(|(k, i)| {
        let sev = i.finding.severity();
        vec![
            (k + 1).to_string(),
            i.table.clone().unwrap_or_else(|| "—".into()),
            // The table names the sheet; the cell (or the report's paragraph) says where.
            i.finding
                .paragraph_label(cx.lang)
                .or_else(|| i.finding.cell.map(|c| c.to_string()))
                .unwrap_or_else(|| "—".into()),
            cx.tr(sev.zh(), sev.as_str()).to_string(),
            // The message says what is wrong with the figures; the rule's name is the
            // worklist's column, not needed here.
            i.finding.message.get(cx.lang).to_string(),
        ]
    });
    doc.table(table(cx, &headers, rows.collect()));
}

#[cfg(test)]
mod tests {
    use super::goal_text;

    #[test]
    fn the_tables_own_goal_labels_are_not_repeated() {
        assert_eq!(goal_text("目标1：落实责任"), "落实责任");
        assert_eq!(goal_text("目标 1 完成情况：已完成"), "已完成");
        assert_eq!(goal_text("目标明确"), "目标明确");
    }
}
