//! The bureau's review report `汇总报告（初稿）` (reports.md §2): 一 what was received (files,
//! units, tables by kind, files that could not be read and why), 二 budget execution over
//! all units (the totals of 汇总) and the tables below the threshold, 三 stated against
//! reviewed grades, the changed grades and the mean scores, 四 findings by rule with
//! examples, 五 one row per unit, 六 a placeholder. Light copies suffice.

use super::figures;
use super::letter::{heading, kind_name};
use super::model::{Align, Document, FigureKind, Paragraph, Table};
use super::{file_name, table_name, Context};
use crate::aggregate::{unit_figures, Money, Unit, UnitFigures, UnitStatus};
use crate::check::{CheckedFile, CheckedTable, FileStatus};
use crate::diag::{Code, FindingCounts, Lang, Severity};
use crate::model::{Grade, TableKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How many examples a rule of 四 lists.
const EXAMPLES: usize = 3;

/// What the sections of the report read: the run's files, its units' figures, names and
/// the unit of every table.
struct Run<'a, 'c> {
    files: &'a [CheckedFile],
    figs: Vec<UnitFigures>,
    /// For every table of the run (file, table), the index of its unit.
    owner: BTreeMap<(usize, usize), usize>,
    /// For every narrative report (自评报告) a unit holds, the index of its unit.
    reports: BTreeMap<usize, usize>,
    names: Vec<&'a str>,
    cx: &'a Context<'c>,
}

impl Run<'_, '_> {
    /// `{unit}` and `{table}` of a table of the run.
    fn place(&self, at: (usize, usize), t: &CheckedTable) -> (String, String) {
        let unit = self
            .owner
            .get(&at)
            .and_then(|&u| self.names.get(u))
            .map(|s| s.to_string())
            .unwrap_or_default();
        (unit, table_name(t))
    }
}

/// The bureau's report over the whole run.
pub fn build(files: &[CheckedFile], units: &[Unit], cx: &Context<'_>) -> Document {
    let year = cx.year.or_else(|| common_year(files));
    let mut doc = Document {
        title: title(year, cx.lang),
        blocks: Vec::new(),
    };
    let run = Run {
        files,
        figs: units.iter().map(|u| unit_figures(files, u)).collect(),
        owner: owners(units),
        reports: units
            .iter()
            .enumerate()
            .flat_map(|(u, unit)| unit.reports.iter().map(move |&i| (i, u)))
            .collect(),
        names: units.iter().map(|u| u.name.as_str()).collect(),
        cx,
    };
    head(&mut doc, cx);
    let silent = basics(&mut doc, files, units, cx);
    doc.heading(1, heading(2, "预算执行情况", "Budget execution", cx.lang));
    execution(&mut doc, &run);
    doc.heading(
        1,
        heading(3, "自评结果", "Self-evaluation results", cx.lang),
    );
    results(&mut doc, &run);
    // Beside last year, when the workspace names it (campaign.md §7).
    if let Some(p) = super::year_over_year::paragraph(&run.figs, cx) {
        doc.para(p);
    }
    doc.heading(
        1,
        heading(4, "复核发现的主要问题", "Main problems found", cx.lang),
    );
    problems(&mut doc, &run);
    doc.heading(1, heading(5, "各单位情况", "Units", cx.lang));
    unit_table(&mut doc, &run.names, &run.figs, &silent, cx);
    doc.heading(1, heading(6, "意见建议", "Recommendations", cx.lang));
    closing(&mut doc, cx);
    doc
}

/// 一、基本情况: what was received, the roster's units that sent nothing and, across rounds,
/// who answered. Returns the silent units, which 五's table lists too.
fn basics(
    doc: &mut Document,
    files: &[CheckedFile],
    units: &[Unit],
    cx: &Context<'_>,
) -> Vec<String> {
    // The units' records (status, rounds) are needed only in a campaign: a plain run's
    // report names no silent or unanswered unit, and a big run keeps the memory.
    let campaign = cx.view.round.is_some() || !cx.view.roster.is_empty();
    let records = match campaign {
        true => crate::aggregate::records(files, units, cx.view),
        false => Vec::new(),
    };
    let silent = silent_units(&records, cx);
    doc.heading(1, heading(1, "基本情况", "What was received", cx.lang));
    received(doc, files, units.len(), cx);
    if !silent.is_empty() {
        let p = counted(
            Paragraph::body().text(cx.tr("单位名单中另有", "Of the roster, ")),
            silent.len(),
            cx.tr("个单位未报送：", " units sent nothing: "),
        );
        doc.para(
            p.text(silent.join(cx.tr("、", ", ")))
                .text(cx.tr("。", ".")),
        );
    }
    if let Some(p) = rounds(cx) {
        doc.para(unanswered(p, &records, cx));
    }
    silent
}

/// The number (the office's template with the number blank: the registry gives it) and
/// the addressee (`主送机关`), each a placeholder without its setting.
fn head(doc: &mut Document, cx: &Context<'_>) {
    let office = &cx.settings.office;
    let p = Paragraph::aligned(Align::Right);
    doc.para(match &office.report_number {
        Some(t) => p.text(super::letter::blank_number(t)),
        None => p.placeholder(cx.placeholder("文号", "document number")),
    });
    let p = Paragraph::aligned(Align::Flush);
    let p = match &office.addressee {
        Some(a) => p.text(a),
        None => p.placeholder(cx.placeholder("主送机关", "addressee")),
    };
    doc.para(p.text(cx.tr("：", ":")));
}

/// The roster's units of which nothing was received (campaign.md §3: each has a row, as
/// in 汇总 and `status`), in roster order; none in a plain run.
fn silent_units(records: &[crate::aggregate::UnitRecord], cx: &Context<'_>) -> Vec<String> {
    if cx.view.roster.is_empty() {
        return Vec::new();
    }
    records
        .iter()
        .filter(|r| r.campaign.status == UnitStatus::NotReceived)
        .map(|r| r.name.clone())
        .collect()
}

/// The rounds' sentence, then the units sent a round that have sent nothing since, by
/// name: the superiors read who has not answered, as 总览 shows it (已退回).
fn unanswered(
    p: Paragraph,
    records: &[crate::aggregate::UnitRecord],
    cx: &Context<'_>,
) -> Paragraph {
    let names: Vec<&str> = records
        .iter()
        .filter(|r| r.campaign.round.is_some() && !r.campaign.answered)
        .map(|r| r.name.as_str())
        .collect();
    if names.is_empty() {
        return p;
    }
    p.text(cx.tr("尚未重新报送的单位：", " Not answered yet: "))
        .text(names.join(cx.tr("、", ", ")))
        .text(cx.tr("。", "."))
}

/// Across rounds: how many units answered the last round and how many of the problems
/// sent were corrected; `None` in a plain run.
fn rounds(cx: &Context<'_>) -> Option<Paragraph> {
    let round = cx.view.round?;
    let sent: Vec<_> = cx
        .view
        .units
        .values()
        .filter(|u| u.round.is_some())
        .collect();
    // A unit returned again after it resubmitted has answered too, not only those now
    // 通过 or 已重新报送.
    let answered = sent.iter().filter(|u| u.answered).count();
    let fixed = cx.view.fixed.len();
    let left = cx.view.remaining.len();
    // After the first round the units counted are those of every round, not the last's.
    let p = Paragraph::body().text(match (cx.lang, round) {
        (Lang::Zh, 1) => "第1轮审核意见共发送".to_string(),
        (Lang::Zh, _) => format!("已发出审核意见{round}轮，共发送"),
        (Lang::En, 1) => "The letters of round 1 went to ".to_string(),
        (Lang::En, _) => format!("The letters of {round} rounds went to "),
    });
    let p = counted(p, sent.len(), cx.tr("个单位，已有", " units; "));
    let p = counted(
        p,
        answered,
        cx.tr("个单位重新报送；已改正问题", " answered; corrected "),
    );
    let p = counted(p, fixed, cx.tr("个，尚未改正", " problems, "));
    // The remaining count is report.json's (one count), yet 四 says a stricter score is no
    // problem: those among them are named, so the two sentences agree.
    let kept = cx
        .view
        .remaining
        .keys()
        .filter_map(|id| crate::aggregate::identity::code_of(id))
        .filter_map(crate::diag::Code::parse)
        .filter(|c| super::letter::stricter(*c))
        .count();
    if kept == 0 {
        return Some(counted(p, left, cx.tr("个。", " remain.")));
    }
    let p = counted(p, left, cx.tr("个（其中", " remain (of which "));
    Some(counted(
        p,
        kept,
        cx.tr(
            "处系单位自评从严，不作为问题）。",
            " are stricter self-scoring, no problem).",
        ),
    ))
}

/// 六's placeholder, the reporting office and the date, then the 版记 (抄送, 印发机关 and
/// 印发日期), from the settings where they exist.
fn closing(doc: &mut Document, cx: &Context<'_>) {
    doc.para(Paragraph::body().placeholder(cx.placeholder(
        "对下一步预算绩效管理工作的意见建议",
        "recommendations for performance management",
    )));
    doc.para(super::letter::contact(cx));
    let office = &cx.settings.office;
    let sender = |p: Paragraph| match &office.bureau {
        Some(b) => p.text(b),
        None => p.placeholder(cx.placeholder("报告单位", "reporting office")),
    };
    doc.para(sender(Paragraph::aligned(Align::Sign)));
    let date = figures::date(cx.lang, cx.date);
    doc.para(Paragraph::aligned(Align::Right).text(&date));
    // The 版记's lines begin one character in (GB/T 9704 §7.4).
    let copies = Paragraph::aligned(Align::RecordFirst).text(cx.tr("　抄送：", "Copies: "));
    doc.para(if office.copies.is_empty() {
        copies.placeholder(cx.placeholder("抄送机关", "copies to"))
    } else {
        copies
            .text(office.copies.join(cx.tr("，", ", ")))
            .text(cx.tr("。", "."))
    });
    let issuer = sender(Paragraph::aligned(Align::RecordLast).text(cx.tr("　", "")));
    // `2026年12月8日印发`; in English the verb comes first (`Issued 8 December 2026`).
    let issued = match cx.lang {
        Lang::Zh => format!("{date}印发"),
        Lang::En => format!("Issued {date}"),
    };
    doc.para(issuer.text("\t").text(issued));
}

/// `{年度}年度预算绩效自评复核情况报告（初稿）`, broken only between its words.
fn title(year: Option<i32>, lang: Lang) -> Vec<String> {
    let y = year.map(|y| y.to_string());
    let words: Vec<String> = match lang {
        Lang::Zh => y
            .map(|y| format!("{y}年度"))
            .into_iter()
            .chain([
                "预算绩效自评".into(),
                "复核情况报告".into(),
                "（初稿）".into(),
            ])
            .collect(),
        Lang::En => ["Review of the ".to_string()]
            .into_iter()
            .chain(y.map(|y| format!("{y} ")))
            .chain([
                "performance ".into(),
                "self-evaluations ".into(),
                "(draft)".into(),
            ])
            .collect(),
    };
    super::title::lines(&words, super::title::LINE)
}

/// The run's year: the one definition (`aggregate::run_year`).
fn common_year(files: &[CheckedFile]) -> Option<i32> {
    crate::aggregate::run_year(files)
}

/// For every table of the run (file, table), the index of its unit.
fn owners(units: &[Unit]) -> BTreeMap<(usize, usize), usize> {
    let mut m = BTreeMap::new();
    for (u, unit) in units.iter().enumerate() {
        for &t in &unit.tables {
            m.insert(t, u);
        }
    }
    m
}

pub(super) fn count(n: usize) -> Decimal {
    Decimal::from(n as u64)
}

/// `p` followed by the count `n` and `then`.
fn counted(p: Paragraph, n: usize, then: &str) -> Paragraph {
    p.figure(count(n), FigureKind::Count).text(then)
}

/// A figure as written, empty for none.
fn shown(d: Option<Decimal>, kind: FigureKind) -> String {
    d.map(|d| figures::format(d, kind)).unwrap_or_default()
}

/// A table whose headers are `(zh, en)` pairs, in the output language.
pub(super) fn table(cx: &Context<'_>, headers: &[(&str, &str)], rows: Vec<Vec<String>>) -> Table {
    Table {
        headers: headers
            .iter()
            .map(|(z, e)| cx.tr(z, e).to_string())
            .collect(),
        rows,
    }
}

/// The end of a sentence that a list follows, or `。` when the list is empty.
fn lead_in<'s>(cx: &Context<'_>, empty: bool, list: (&'s str, &'s str)) -> &'s str {
    if empty {
        cx.tr("。", ".")
    } else {
        cx.tr(list.0, list.1)
    }
}

/// Every table of the run that counts (campaign.md §4), with its place.
fn all_tables(files: &[CheckedFile]) -> impl Iterator<Item = ((usize, usize), &CheckedTable)> {
    files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| f.counted_tables().map(move |(ti, t)| ((fi, ti), t)))
}

/// The tables of the run that are graded: counting and filled in (a blank table is never
/// scored as 差 with 0 分).
fn graded_tables(files: &[CheckedFile]) -> impl Iterator<Item = ((usize, usize), &CheckedTable)> {
    all_tables(files).filter(|(_, t)| t.is_graded())
}

/// The path of a file relative to the inbox.
fn shown_path(f: &CheckedFile, cx: &Context<'_>) -> String {
    f.path
        .strip_prefix(cx.inbox)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| file_name(&f.path))
}

/// 一: files, units, tables by kind, the files that gave no table and why.
fn received(doc: &mut Document, files: &[CheckedFile], n_units: usize, cx: &Context<'_>) {
    let sent = files
        .iter()
        .filter(|f| f.status != FileStatus::Skipped)
        .count();
    let kinds = kind_counts(files);
    let tables: usize = kinds.iter().sum();
    let lost: Vec<&CheckedFile> = files
        .iter()
        .filter(|f| crate::aggregate::is_unread(f))
        .collect();
    let p = Paragraph::body().text(cx.tr("本次共收到报送文件", "We received "));
    let p = counted(p, sent, cx.tr("个，涉及", " files from "));
    let p = counted(
        p,
        n_units,
        cx.tr("个单位，读取绩效自评表", " units, holding "),
    );
    let p = counted(p, tables, cx.tr("张，其中", " tables: "));
    let p = kinds_text(p, &kinds, cx).text(cx.tr("。", "."));
    let replaced = replaced_files(files);
    if lost.is_empty() && replaced.is_empty() {
        doc.para(p.text(cx.tr("所有文件均已读取。", " Every file could be read.")));
        return;
    }
    if lost.is_empty() {
        doc.para(p);
    } else {
        doc.para(counted(
            p.text(cx.tr("", " ")),
            lost.len(),
            cx.tr(
                "个文件未能读取出绩效自评表，需相关单位重新报送：",
                " files gave no table and must be sent again:",
            ),
        ));
        doc.table(lost_table(&lost, cx));
    }
    replaced_paragraph(doc, &replaced, !lost.is_empty(), cx);
}

/// The files that could not be read and that a later file of their unit replaced
/// (campaign.md §4): listed in 文件清单 as unreadable, so the report must not say every
/// file was read; nobody has to send them again.
fn replaced_files(files: &[CheckedFile]) -> Vec<&CheckedFile> {
    files
        .iter()
        .filter(|f| {
            f.tables.is_empty()
                && !f.standing.counts()
                && matches!(f.status, FileStatus::Unreadable | FileStatus::Invalid)
        })
        .collect()
}

/// `（另有）N个文件未能读取，已由该单位其后报送的文件替代，无需重新报送：` and their table.
fn replaced_paragraph(doc: &mut Document, replaced: &[&CheckedFile], more: bool, cx: &Context<'_>) {
    if replaced.is_empty() {
        return;
    }
    let p = Paragraph::body().text(match more {
        true => cx.tr("另有", "Another "),
        false => cx.tr("", ""),
    });
    doc.para(counted(
        p,
        replaced.len(),
        cx.tr(
            "个文件未能读取，已由该单位其后报送的文件替代，无需重新报送：",
            " files could not be read and were replaced by a later file of their unit; none needs sending again:",
        ),
    ));
    doc.table(replaced_table(replaced, cx));
}

/// The replaced files, each with its reason and the file that replaced it.
fn replaced_table(replaced: &[&CheckedFile], cx: &Context<'_>) -> Table {
    let rows = replaced.iter().enumerate().map(|(k, f)| {
        let mut row = lost_row(k, f, cx);
        if let crate::model::Standing::Superseded(by) = &f.standing {
            let by = std::path::Path::new(by);
            row.push(
                by.strip_prefix(cx.inbox)
                    .unwrap_or(by)
                    .display()
                    .to_string(),
            );
        }
        row
    });
    let headers = [
        ("序号", "No."),
        ("文件", "File"),
        ("原因", "Reason"),
        ("以此文件为准", "Replaced by"),
    ];
    table(cx, &headers, rows.collect())
}

/// The tables of the run by kind, in [`TableKind::ALL`] order.
fn kind_counts(files: &[CheckedFile]) -> [usize; 3] {
    let mut kinds = [0usize; 3];
    for (_, t) in all_tables(files) {
        kinds[TableKind::ALL
            .iter()
            .position(|k| *k == t.table.kind)
            .unwrap_or(0)] += 1;
    }
    kinds
}

/// `项目支出N张、部门整体M张、…` (English: `N project tables, …`).
fn kinds_text(p: Paragraph, kinds: &[usize; 3], cx: &Context<'_>) -> Paragraph {
    let labels = TableKind::ALL.map(|k| (k.short_zh(), kind_name(k, Lang::En)));
    tallies(p, cx, labels.into_iter().zip(kinds.iter().copied()))
}

/// Counts of tables with their labels, `、`-separated: `项目支出N张、…` in Chinese (the
/// label, the count, 张), `N project tables, …` in English (the count, the label).
pub(super) fn tallies<'l>(
    mut p: Paragraph,
    cx: &Context<'_>,
    counts: impl IntoIterator<Item = ((&'l str, &'l str), usize)>,
) -> Paragraph {
    for (i, ((zh, en), n)) in counts.into_iter().enumerate() {
        if i > 0 {
            p = p.text(cx.tr("、", ", "));
        }
        p = match cx.lang {
            Lang::Zh => p.text(zh).figure(count(n), FigureKind::Count).text("张"),
            Lang::En => p.figure(count(n), FigureKind::Count).text(format!(" {en}")),
        };
    }
    p
}

/// The files that gave no table, with the first error of each.
fn lost_table(lost: &[&CheckedFile], cx: &Context<'_>) -> Table {
    let rows = lost.iter().enumerate().map(|(k, f)| lost_row(k, f, cx));
    let headers = [("序号", "No."), ("文件", "File"), ("原因", "Reason")];
    table(cx, &headers, rows.collect())
}

/// One file that gave no table: its number, its path and its first error.
fn lost_row(k: usize, f: &CheckedFile, cx: &Context<'_>) -> Vec<String> {
    let reason = f.findings.iter().find(|x| x.severity() == Severity::Error);
    vec![
        (k + 1).to_string(),
        shown_path(f, cx),
        reason
            .map(|x| x.message.get(cx.lang).to_string())
            .unwrap_or_default(),
    ]
}

/// The mean of the units' means, as 汇总's totals row (AVERAGE).
pub(super) fn mean(v: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let v: Vec<Decimal> = v.collect();
    if v.is_empty() {
        return None;
    }
    crate::model::checked::sum(v.iter().copied())?.checked_div(count(v.len()))
}

/// 二: Σ 全年预算数, Σ 全年执行数 and the rate over all units; tables below the threshold.
fn execution(doc: &mut Document, run: &Run<'_, '_>) {
    let cx = run.cx;
    let p = money_sentence(&run.figs, cx);
    let low: Vec<_> = all_tables(run.files)
        .filter(|(_, t)| t.findings.iter().any(|f| f.code == Code::ExecRateLow))
        .collect();
    let threshold = cx.settings.policy.execution.low_threshold;
    let p = p
        .text(cx.tr("。执行率低于", ". Tables below "))
        .figure(threshold, FigureKind::Rate)
        .text(cx.tr("的表格", ": "));
    let p = counted(p, low.len(), cx.tr("张", ""));
    doc.para(p.text(lead_in(cx, low.is_empty(), ("：", ":"))));
    let rows = low.iter().enumerate().map(|(k, (at, t))| {
        let (unit, table) = run.place(*at, t);
        let rate = shown(t.review.execution.rate, FigureKind::Rate);
        vec![(k + 1).to_string(), unit, table, rate]
    });
    let headers = [
        ("序号", "No."),
        ("单位", "Unit"),
        ("表", "Table"),
        ("复核执行率", "Reviewed rate"),
    ];
    doc.table(table(cx, &headers, rows.collect()));
}

/// `各单位全年预算数合计…万元，全年执行数合计…万元，执行率…`.
fn money_sentence(figs: &[UnitFigures], cx: &Context<'_>) -> Paragraph {
    let money = |p: Paragraph, v: Option<Decimal>| match v {
        Some(v) => p.figure(v, FigureKind::Money),
        None => p.text("—"),
    };
    let total = Money::sum(figs.iter().map(|u| u.money));
    let (b, e) = (total.budget, total.executed);
    let p = Paragraph::body().text(cx.tr("各单位全年预算数合计", "Over all units the budget is "));
    let p = money(p, b).text(cx.tr("万元，全年执行数合计", " (10k yuan), executed "));
    let p = money(p, e).text(cx.tr("万元", " (10k yuan)"));
    // The rate 汇总 shows in its totals row: none over a budget that is not positive.
    match total.rate() {
        Some(r) => p
            .text(cx.tr("，执行率", ", rate "))
            .figure(crate::score::round_rate(r), FigureKind::Rate),
        None => p,
    }
}

/// 三: grades stated against reviewed, the tables whose grade changed, the mean scores.
fn results(doc: &mut Document, run: &Run<'_, '_>) {
    let cx = run.cx;
    let changed: Vec<_> = graded_tables(run.files)
        .filter(|(_, t)| t.review.grade_stated.is_some_and(|g| g != t.review.grade))
        .collect();
    doc.para(Paragraph::body().text(cx.tr(
        "各表自评等级与复核等级分布如下：",
        "Grades as stated and as reviewed:",
    )));
    doc.table(grade_table(run.files, cx));
    // Means are computed: two decimals, as summary.xlsx shows them.
    let score = |d: Option<Decimal>| {
        d.map(crate::model::document::computed_score)
            .unwrap_or_else(|| "—".into())
    };
    let ms = mean(run.figs.iter().filter_map(|u| u.mean_stated));
    let mr = mean(run.figs.iter().filter_map(|u| u.mean_reviewed));
    let p =
        Paragraph::body().text(cx.tr("复核后等级发生变化的表格", "Tables whose grade changed: "));
    let p = counted(p, changed.len(), cx.tr("张。", ". "));
    let p = p.text(match cx.lang {
        Lang::Zh => format!("各单位自评平均分{}分，复核平均分{}分", score(ms), score(mr)),
        Lang::En => format!(
            "Mean stated score {}, mean reviewed score {}",
            score(ms),
            score(mr)
        ),
    });
    let end = ("。等级变化的表格如下：", ". The changed grades:");
    doc.para(p.text(lead_in(cx, changed.is_empty(), end)));
    doc.table(changed_table(run, &changed));
}

/// The tables by grade, stated and reviewed (a row `未填报` for grades not stated).
fn grade_table(files: &[CheckedFile], cx: &Context<'_>) -> Table {
    let mut stated = [0usize; 5];
    let mut reviewed = [0usize; 4];
    let gi = |g: Grade| Grade::ALL.iter().position(|x| *x == g).unwrap_or(3);
    for (_, t) in graded_tables(files) {
        stated[t.review.grade_stated.map_or(4, gi)] += 1;
        reviewed[gi(t.review.grade)] += 1;
    }
    let mut rows: Vec<Vec<String>> = Grade::ALL
        .iter()
        .enumerate()
        .map(|(i, g)| {
            vec![
                g.as_str().to_string(),
                stated[i].to_string(),
                reviewed[i].to_string(),
            ]
        })
        .collect();
    if stated[4] > 0 {
        rows.push(vec![
            cx.tr("未填报", "not stated").to_string(),
            stated[4].to_string(),
            String::new(),
        ]);
    }
    let headers = [
        ("等级", "Grade"),
        ("自评（张）", "Stated"),
        ("复核（张）", "Reviewed"),
    ];
    table(cx, &headers, rows)
}

/// The tables whose grade changed: scores and grades, stated and reviewed.
fn changed_table(run: &Run<'_, '_>, changed: &[((usize, usize), &CheckedTable)]) -> Table {
    let rows = changed.iter().enumerate().map(|(k, (at, t))| {
        let (unit, table) = run.place(*at, t);
        vec![
            (k + 1).to_string(),
            unit,
            table,
            shown(t.table.total.score.value, FigureKind::Score),
            crate::model::document::computed_score(t.review.total),
            t.review
                .grade_stated
                .map(|g| g.as_str())
                .unwrap_or("")
                .to_string(),
            t.review.grade.as_str().to_string(),
        ]
    });
    let headers = [
        ("序号", "No."),
        ("单位", "Unit"),
        ("表", "Table"),
        ("自评总分", "Stated"),
        ("复核总分", "Reviewed"),
        ("自评等级", "Stated grade"),
        ("复核等级", "Reviewed grade"),
    ];
    table(run.cx, &headers, rows.collect())
}

/// The errors and warnings of a run by rule: how many, and the first few places.
struct Tally {
    by: BTreeMap<Code, (usize, Vec<(String, String)>)>,
    counts: FindingCounts,
}

impl Tally {
    /// Counts one finding; its place `(unit, table)` becomes an example when it is a new
    /// one and there are fewer than [`EXAMPLES`].
    fn add(&mut self, code: Code, example: (String, String)) {
        let e = self.by.entry(code).or_default();
        e.0 += 1;
        if e.1.len() < EXAMPLES && !e.1.contains(&example) {
            e.1.push(example);
        }
    }

    /// Counts the findings of the files and of their tables.
    fn of(run: &Run<'_, '_>) -> Tally {
        let mut tally = Tally {
            by: BTreeMap::new(),
            counts: FindingCounts::default(),
        };
        for (i, f) in run.files.iter().enumerate() {
            let counts = f.standing.counts();
            let own = f
                .findings
                .iter()
                .filter(|x| counts && x.severity() != Severity::Info);
            // A unit's narrative report is named as the unit's report: the superiors read
            // units, not file names (reports.md "Ready to file").
            let place = match run.reports.get(&i).and_then(|&u| run.names.get(u)) {
                Some(unit) => (
                    unit.to_string(),
                    run.cx.tr("自评报告", "narrative report").into(),
                ),
                None => (file_name(&f.path), String::new()),
            };
            for x in own {
                tally.add(x.code, place.clone());
            }
            tally.counts += f.counted_counts();
        }
        for (at, t) in all_tables(run.files) {
            let (unit, table) = run.place(at, t);
            // Unit and table only: cells and sheets belong in the worklist.
            for x in t.findings.iter().filter(|x| x.severity() != Severity::Info) {
                let table = if t.table.kind == TableKind::Department {
                    run.cx.tr("部门整体表", "department table").to_string()
                } else {
                    table.clone()
                };
                tally.add(x.code, (unit.clone(), table));
            }
        }
        tally
    }
}

/// 四: errors and warnings counted by rule, most frequent first, with up to three examples.
fn problems(doc: &mut Document, run: &Run<'_, '_>) {
    let cx = run.cx;
    let tally = Tally::of(run);
    // Where a unit scored itself stricter than the rule, that is no problem of the unit's:
    // said apart, after the list.
    let (stricter, mut list): (Vec<_>, Vec<_>) =
        tally.by.into_iter().partition(|(c, _)| is_stricter(*c));
    list.sort_by(|a, b| (a.0.severity(), b.1 .0, a.0).cmp(&(b.0.severity(), a.1 .0, b.0)));
    let p = Paragraph::body().text(cx.tr("复核共发现错误", "The review found "));
    let p = counted(p, tally.counts.errors, cx.tr("个、警告", " errors and "));
    let p = counted(
        p,
        tally.counts.warnings,
        cx.tr(
            "个，按问题类型统计如下（按出现次数排序）：",
            " warnings; by rule, errors first, most frequent first:",
        ),
    );
    doc.para(p);
    let stricter: usize = stricter.iter().map(|(_, (n, _))| n).sum();
    let rows = list.iter().enumerate().map(|(k, (code, (n, ex)))| {
        let sev = code.severity();
        vec![
            (k + 1).to_string(),
            code.rule().name(cx.lang).to_string(),
            cx.tr(sev.zh(), sev.as_str()).to_string(),
            n.to_string(),
            examples(ex, cx),
        ]
    });
    let headers = [
        ("序号", "No."),
        ("问题", "Problem"),
        ("类别", "Severity"),
        ("次数", "Count"),
        ("涉及单位和表（举例）", "For example"),
    ];
    doc.table(table(cx, &headers, rows.collect()));
    if stricter > 0 {
        let p = Paragraph::body().text(cx.tr("另有", "In "));
        doc.para(counted(
            p,
            stricter,
            cx.tr(
                "处得分低于复核得分，系单位自评从严，不作为问题，仅供参考。",
                " places a unit scored itself lower than the rule gives: stricter than needed, not a problem.",
            ),
        ));
    }
}

/// The examples of a rule grouped by unit: `单位（表、表）`, one unit a line.
fn examples(ex: &[(String, String)], cx: &Context<'_>) -> String {
    let mut units: Vec<(&str, Vec<&str>)> = Vec::new();
    for (u, t) in ex {
        match units.iter_mut().find(|(x, _)| x == u) {
            Some((_, ts)) => ts.push(t),
            None => units.push((u, vec![t.as_str()])),
        }
    }
    let lines: Vec<String> = units
        .into_iter()
        .map(|(u, ts)| {
            let ts: Vec<&str> = ts.into_iter().filter(|t| !t.is_empty()).collect();
            if ts.is_empty() {
                u.to_string()
            } else {
                format!(
                    "{u}{}{}{}",
                    cx.tr("（", " ("),
                    ts.join(cx.tr("、", ", ")),
                    cx.tr("）", ")")
                )
            }
        })
        .collect();
    lines.join("\n")
}

/// Codes where the unit's own score is below the reviewed one: the unit was stricter.
fn is_stricter(c: Code) -> bool {
    super::letter::stricter(c)
}

/// The rate `e / b` as written, empty without a budget.
fn rate_cell(e: Option<Decimal>, b: Option<Decimal>) -> String {
    match (e, b) {
        (Some(e), Some(b)) if !b.is_zero() => e
            .checked_div(b)
            .map(|r| figures::format(crate::score::round_rate(r), FigureKind::Rate))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// 五: one row per unit (tables, rate, mean reviewed score, errors, warnings) and the
/// totals row of 汇总.
fn unit_table(
    doc: &mut Document,
    names: &[&str],
    figs: &[UnitFigures],
    silent: &[String],
    cx: &Context<'_>,
) {
    let mut rows: Vec<Vec<String>> = names
        .iter()
        .zip(figs)
        .map(|(n, u)| {
            vec![
                n.to_string(),
                u.kinds.iter().sum::<usize>().to_string(),
                shown(u.money.budget, FigureKind::Money),
                shown(u.money.executed, FigureKind::Money),
                rate_cell(u.money.executed, u.money.budget),
                u.mean_reviewed
                    .map(crate::model::document::computed_score)
                    .unwrap_or_default(),
                u.counts.errors.to_string(),
                u.counts.warnings.to_string(),
            ]
        })
        .collect();
    for name in silent {
        let mut row = vec![String::new(); 8];
        row[0] = name.clone();
        row[1] = cx.tr("未报送", "sent nothing").to_string();
        rows.push(row);
    }
    // In the roster's order, as 汇总 (those who sent nothing among the others).
    cx.view.sort_by_place(&mut rows, |r| r[0].clone());
    rows.push(totals_row(figs, cx));
    let headers = [
        ("单位", "Unit"),
        ("表数", "Tables"),
        ("预算数（万元）", "Budget (10k yuan)"),
        ("执行数（万元）", "Executed (10k yuan)"),
        ("执行率", "Rate"),
        ("复核均分", "Mean reviewed"),
        ("错误", "Errors"),
        ("警告", "Warnings"),
    ];
    doc.table(table(cx, &headers, rows));
}

/// The totals row of 五, as 汇总's: sums, the overall rate, the mean of the means.
fn totals_row(figs: &[UnitFigures], cx: &Context<'_>) -> Vec<String> {
    let total = Money::sum(figs.iter().map(|u| u.money));
    let (b, e) = (total.budget, total.executed);
    let sum = |f: fn(&UnitFigures) -> usize| {
        figs.iter()
            .map(f)
            .fold(0usize, usize::saturating_add)
            .to_string()
    };
    vec![
        cx.tr("合计", "Total").to_string(),
        sum(|u| u.kinds.iter().sum()),
        shown(b, FigureKind::Money),
        shown(e, FigureKind::Money),
        rate_cell(e, b),
        mean(figs.iter().filter_map(|u| u.mean_reviewed))
            .map(crate::model::document::computed_score)
            .unwrap_or_default(),
        sum(|u| u.counts.errors),
        sum(|u| u.counts.warnings),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_money_sentence_gives_the_rate_only_over_a_positive_budget() {
        let (settings, view) = (crate::check::Settings::default(), Default::default());
        let cx = Context {
            lang: Lang::Zh,
            year: None,
            date: crate::model::date::Date::of_epoch(0),
            inbox: std::path::Path::new("."),
            settings: &settings,
            view: &view,
            reuse: None,
        };
        let unit = |budget: i64, executed: i64| UnitFigures {
            money: Money {
                budget: Some(budget.into()),
                executed: Some(executed.into()),
            },
            ..Default::default()
        };
        let said = |figs: &[UnitFigures]| money_sentence(figs, &cx).plain();
        assert!(
            said(&[unit(10, 9), unit(10, 9)]).contains("执行率90"),
            "{}",
            said(&[unit(10, 9)])
        );
        // 汇总 shows no rate over a budget that is not positive; nor does the report.
        assert!(!said(&[unit(-10, 9)]).contains("执行率"));
        assert!(!said(&[unit(0, 9)]).contains("执行率"));
    }
}
