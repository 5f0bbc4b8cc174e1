//! The bureau's report beside last year (campaign.md §7): one paragraph comparing the two
//! years — units, tables, Σ money, the rate, the mean reviewed score and the grades — when
//! the workspace names its `上年工作区`; a sentence saying why not when it cannot be read.

use super::bureau::{count, mean, tallies};
use super::model::{FigureKind, Paragraph};
use super::Context;
use crate::aggregate::{Money, UnitFigures};
use crate::diag::Lang;
use crate::model::Grade;
use rust_decimal::Decimal;

/// One year's figures as the report compares them (the totals of its 汇总).
struct Year {
    units: usize,
    tables: usize,
    budget: Option<Decimal>,
    rate: Option<Decimal>,
    score: Option<Decimal>,
    grades: [usize; 4],
}

impl Year {
    fn of(figs: &[UnitFigures]) -> Year {
        let money = Money::sum(figs.iter().map(|u| u.money));
        let mut grades = [0usize; 4];
        for u in figs {
            for (g, n) in grades.iter_mut().zip(u.grades) {
                *g = g.saturating_add(n);
            }
        }
        Year {
            units: figs.iter().filter(|u| u.counted() > 0).count(),
            tables: figs.iter().map(UnitFigures::counted).sum(),
            budget: money.budget,
            rate: money.rate().map(crate::score::round_rate),
            score: mean(figs.iter().filter_map(|u| u.mean_reviewed)),
            grades,
        }
    }
}

/// `p` with a figure, `—` for none; a score with the two decimals 汇总 shows.
fn figure(p: Paragraph, v: Option<Decimal>, kind: FigureKind) -> Paragraph {
    match (v, kind) {
        (Some(v), FigureKind::Score) => p.computed(v),
        (Some(v), _) => p.figure(v, kind),
        (None, _) => p.text("—"),
    }
}

/// `this year（上年 last year）` in the report's words, each figure followed by its unit
/// (`个`, `万元`; none in English, where the label names it).
fn pair(
    p: Paragraph,
    cx: &Context<'_>,
    (now, last): (Option<Decimal>, Option<Decimal>),
    kind: FigureKind,
    unit: &str,
) -> Paragraph {
    let unit = cx.tr(unit, "");
    let p = figure(p, now, kind)
        .text(unit)
        .text(cx.tr("（上年", " (last year "));
    figure(p, last, kind).text(unit).text(cx.tr("）", ")"))
}

/// `优N张、良N张、中N张、差N张`.
fn grades(p: Paragraph, cx: &Context<'_>, g: &[usize; 4]) -> Paragraph {
    let labels = Grade::ALL.map(|grade| (grade.as_str(), grade.as_str()));
    tallies(p, cx, labels.into_iter().zip(g.iter().copied()))
}

/// The paragraph, or `None` when the workspace names no previous year.
pub(super) fn paragraph(figs: &[UnitFigures], cx: &Context<'_>) -> Option<Paragraph> {
    let prev = cx.view.previous.as_ref()?;
    if let Some(w) = &prev.warning {
        return Some(
            Paragraph::body()
                .text(w.get(cx.lang))
                .text(cx.tr("。", ".")),
        );
    }
    let (now, last) = (Year::of(figs), Year::of(&prev.figures));
    let year = match (prev.year, cx.lang) {
        (Some(y), Lang::Zh) => format!("（{y}年度）"),
        (Some(y), Lang::En) => format!(" ({y})"),
        (None, _) => String::new(),
    };
    let c = |a: usize, b: usize| (Some(count(a)), Some(count(b)));
    let p = Paragraph::body().text(format!(
        "{}{year}{}",
        cx.tr("与上年", "Compared with last year"),
        cx.tr("相比：报送绩效自评表的单位", ": units that sent tables ")
    ));
    let p = pair(p, cx, c(now.units, last.units), FigureKind::Count, "个");
    let p = p.text(cx.tr("，自评表", ", tables "));
    let p = pair(p, cx, c(now.tables, last.tables), FigureKind::Count, "张");
    let p = p.text(cx.tr("；全年预算数合计", "; budget (10k yuan) "));
    let p = pair(p, cx, (now.budget, last.budget), FigureKind::Money, "万元");
    let p = p.text(cx.tr("，执行率", ", rate "));
    let p = pair(p, cx, (now.rate, last.rate), FigureKind::Rate, "");
    let p = p.text(cx.tr("；复核平均分", "; mean reviewed score "));
    let p = pair(p, cx, (now.score, last.score), FigureKind::Score, "分");
    let p = grades(
        p.text(cx.tr("；复核等级", "; reviewed grades ")),
        cx,
        &now.grades,
    );
    let p = grades(p.text(cx.tr("（上年", " (last year ")), cx, &last.grades);
    Some(p.text(cx.tr("）。", ").")))
}
