//! The return letter `审核意见书` (reports.md §2): title, the unit as addressee, what was
//! received, `一、需要修改的问题` (the errors, numbered, each with its table, the cell in the
//! unit's file, what is wrong with the figures and what to do), `二、需要核实的事项` (the
//! warnings), `三、复核结果` (each table's stated and reviewed total and grade), the deadline
//! and the sender. A unit without errors gets the short form.

use super::figures::{self, finding_figure, placeholder, zh_number};
use super::model::{Align, Document, FigureKind, Paragraph, Table};
use super::{file_name, superseded, table_name, unit_items, unit_year, Context, DocUnit, Item};
use crate::check::{CheckedFile, CheckedTable};
use crate::diag::{Lang, Severity, State};
use crate::model::TableKind;

/// The letter of one unit.
pub fn build(files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) -> Document {
    let year = unit_year(files, unit, cx);
    let mut doc = Document {
        title: title(&unit.name, year, cx.lang),
        blocks: Vec::new(),
    };
    doc.para(number_line(&unit.name, cx));
    doc.para(Paragraph::aligned(Align::Flush).text(match cx.lang {
        Lang::Zh => format!("{}：", unit.name),
        Lang::En => format!("To {}:", unit.name),
    }));
    let items = unit_items(files, unit);
    let errors: Vec<&Item> = of(&items, Severity::Error);
    let warnings: Vec<&Item> = of(&items, Severity::Warning);
    let rounds = rounds(&items, &unit.name, cx);
    let said = received(files, unit, cx);
    let open = opening(year, errors.is_empty(), cx);
    // One paragraph: what was received, what of the last round was corrected, the opening.
    let said = match rounds {
        Some(r) => said.text(cx.tr("", " ")).extend(r.spans),
        None => said,
    };
    doc.para(said.text(open));
    let mut n = 0;
    if !errors.is_empty() {
        n += 1;
        doc.heading(
            1,
            heading(n, "需要修改的问题", "Problems to correct", cx.lang),
        );
        by_table(&mut doc, &errors, 0, cx.lang);
    }
    if !warnings.is_empty() {
        n += 1;
        doc.heading(1, heading(n, "需要核实的事项", "Matters to check", cx.lang));
        let (rest, done) = frequent(&mut doc, &warnings, cx.lang);
        by_table(&mut doc, &rest, done, cx.lang);
    }
    n += 1;
    doc.heading(1, heading(n, "复核结果", "Review results", cx.lang));
    results(&mut doc, files, unit, cx);
    closing(&mut doc, !errors.is_empty(), &unit.name, cx);
    doc
}

/// The letter's number: as given when its round was issued, else the office's template
/// with the number blank (`新财绩〔　〕号`), else a placeholder.
fn number_line(unit: &str, cx: &Context<'_>) -> Paragraph {
    let p = Paragraph::aligned(Align::Right);
    let given = cx.view.letter(unit).and_then(|l| l.number.clone());
    match (given, &cx.settings.office.letter_number) {
        (Some(n), _) => p.text(n),
        (None, Some(t)) => p.text(blank_number(t)),
        (None, None) => p.placeholder(cx.placeholder("文号", "document number")),
    }
}

/// A number template with its year and number left blank: `新财绩〔{年}〕{序号}号` →
/// `新财绩〔　〕号`.
///
/// ```
/// use selfeval::render::documents::letter::blank_number;
/// assert_eq!(blank_number("新财绩〔{年}〕{序号}号"), "新财绩〔　〕号");
/// assert_eq!(blank_number("永财绩{序号}号"), "永财绩〔　〕号");
/// ```
pub fn blank_number(template: &str) -> String {
    let head = template.split(['〔', '{', '[']).next().unwrap_or(template);
    format!("{}〔　〕号", head.trim())
}

/// Across rounds (campaign.md §5): what of the last round's letter was corrected and what
/// remains; `None` in a plain run or before a unit's first round.
fn rounds(items: &[Item], unit: &str, cx: &Context<'_>) -> Option<Paragraph> {
    let round = cx.view.unit(unit)?.round?;
    let fixed = cx.view.fixed_of(unit).count();
    let remaining: Vec<&Item> = items
        .iter()
        .filter(|i| i.finding.severity() != Severity::Info)
        .filter(|i| cx.view.state(&i.identity) == State::Remaining)
        .collect();
    if remaining.is_empty() {
        let p = Paragraph::body().text(match cx.lang {
            Lang::Zh => format!("你单位已改正第{round}轮意见指出的"),
            Lang::En => {
                format!("Of the problems our letter of round {round} named, you corrected ")
            }
        });
        let p = p.figure(count(fixed), FigureKind::Count);
        return Some(p.text(cx.tr("个问题，已无未改正的问题。", "; none remains.")));
    }
    // Named by table with a count: each problem itself follows below.
    let mut named: Vec<(String, usize)> = Vec::new();
    for i in &remaining {
        let table = match (&i.table, i.department) {
            (Some(_), true) => cx.tr("部门整体表", "the department table").to_string(),
            (Some(t), false) => t.clone(),
            (None, _) => i.file.clone(),
        };
        match named.iter_mut().find(|(t, _)| *t == table) {
            Some((_, n)) => *n += 1,
            None => named.push((table, 1)),
        }
    }
    let named: Vec<String> = named
        .into_iter()
        .map(|(t, n)| match cx.lang {
            Lang::Zh => format!("{t}{n}个"),
            Lang::En => format!("{t} ({n})"),
        })
        .collect();
    let p = corrected(round, fixed, remaining.len(), cx);
    // The counts are the page's and report.json's (one count); a stricter score is among
    // them, yet below the letter says it may stay: those are named, so the two agree.
    let kept = remaining
        .iter()
        .filter(|i| stricter(i.finding.code))
        .count();
    let p = match kept {
        0 => p.text(cx.tr("未改正：", " remain: ")),
        _ => p
            .text(cx.tr("未改正（其中", " remain (of which "))
            .figure(count(kept), FigureKind::Count)
            .text(cx.tr(
                "处系自评从严，可不修改）：",
                " are stricter self-scoring and may stay): ",
            )),
    };
    Some(p.text(named.join(cx.tr("；", "; "))).text(cx.tr("。", ".")))
}

fn count(n: usize) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from(n as u64)
}

/// The opening of [`rounds`] up to `未改正`: what was corrected and how many remain. A unit
/// that corrected nothing is told so (`…指出的3个问题均未改正`), not that it corrected 0.
fn corrected(round: u32, fixed: usize, remaining: usize, cx: &Context<'_>) -> Paragraph {
    let p = Paragraph::body();
    let p = match (cx.lang, fixed) {
        (Lang::Zh, 0) => {
            let p = p.text(format!("你单位对第{round}轮意见指出的"));
            return p
                .figure(count(remaining), FigureKind::Count)
                .text("个问题均");
        }
        (Lang::Zh, _) => p.text(format!("你单位已改正第{round}轮意见指出的")),
        (Lang::En, 0) => {
            let p = p.text(format!(
                "Of the problems our letter of round {round} named, you corrected none; "
            ));
            return p.figure(count(remaining), FigureKind::Count);
        }
        (Lang::En, _) => p.text(format!(
            "Of the problems our letter of round {round} named, you corrected "
        )),
    };
    p.figure(count(fixed), FigureKind::Count)
        .text(cx.tr("个问题，尚有", "; "))
        .figure(count(remaining), FigureKind::Count)
        .text(cx.tr("个问题", ""))
}

/// `关于{单位}{年度}年度绩效自评材料的审核意见`, broken only between its words.
fn title(unit: &str, year: Option<i32>, lang: Lang) -> Vec<String> {
    let y = year.map(|y| y.to_string());
    let words: Vec<String> = match lang {
        Lang::Zh => {
            let mut w = vec!["关于".to_string(), unit.to_string()];
            w.extend(y.map(|y| format!("{y}年度")));
            w.extend(["绩效自评".into(), "材料的".into(), "审核意见".into()]);
            w
        }
        Lang::En => {
            let mut w = vec!["Review of the ".to_string()];
            w.extend(y.map(|y| format!("{y} ")));
            w.extend([
                "performance ".into(),
                "self-evaluation ".into(),
                "of ".into(),
            ]);
            w.push(unit.to_string());
            w
        }
    };
    super::title::lines(&words, super::title::LINE)
}

/// A first-level heading: `一、…` (`1. …` in English).
pub(super) fn heading(n: usize, zh: &str, en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}、{zh}", zh_number(n)),
        Lang::En => format!("{n}. {en}"),
    }
}

fn of(items: &[Item], s: Severity) -> Vec<&Item> {
    items.iter().filter(|i| i.finding.severity() == s).collect()
}

/// What was received: files, tables by kind, files that could not be read and why. Only
/// the files that count are named: a copy replaced by a later one appears in no letter
/// (campaign.md §4).
fn received(files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) -> Paragraph {
    let idx = crate::aggregate::unit_files(unit);
    let names: Vec<String> = idx
        .iter()
        .filter_map(|&i| files.get(i))
        .filter(|f| f.standing.counts())
        .map(|f| file_name(&f.path))
        .collect();
    let count = |n: usize| rust_decimal::Decimal::from(n as u64);
    let sep = cx.tr("、", ", ");
    let (files_said, tables_unit) = match cx.lang {
        Lang::Zh => (
            format!("个文件（{}）已收悉，共读取绩效自评表", names.join(sep)),
            "张",
        ),
        Lang::En => (
            format!(" file(s) from you ({}), holding ", names.join(sep)),
            " table(s)",
        ),
    };
    let mut p = Paragraph::body()
        .text(cx.tr("你单位报送的", "We have received "))
        .figure(count(names.len()), FigureKind::Count)
        .text(files_said)
        .figure(count(unit.tables.len()), FigureKind::Count)
        .text(tables_unit);
    if let Some(by_kind) = tables_by_kind(files, unit, cx) {
        p = p.text(by_kind);
    }
    p = p.text(cx.tr("。", "."));
    for &i in &unit.lost {
        if let Some(f) = files.get(i) {
            p = p.text(lost_sentence(f, cx));
        }
    }
    p
}

/// `（项目支出表2张、部门整体表1张）`: the unit's tables counted by kind, `None` for none.
fn tables_by_kind(files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) -> Option<String> {
    let mut kinds = [0usize; 3];
    for &(fi, ti) in &unit.tables {
        if let Some(ct) = files.get(fi).and_then(|f| f.tables.get(ti)) {
            let k = TableKind::ALL.iter().position(|k| *k == ct.table.kind);
            kinds[k.unwrap_or(0)] += 1;
        }
    }
    let parts: Vec<String> = TableKind::ALL
        .iter()
        .zip(kinds)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| match cx.lang {
            Lang::Zh => format!("{}{n}张", k.short_zh()),
            Lang::En => format!("{n} {}", k.as_str()),
        })
        .collect();
    (!parts.is_empty()).then(|| {
        let sep = cx.tr("、", ", ");
        format!(
            "{}{}{}",
            cx.tr("（", " ("),
            parts.join(sep),
            cx.tr("）", ")")
        )
    })
}

/// The sentence on a file that could not be read, with the reason its first error gives.
fn lost_sentence(f: &CheckedFile, cx: &Context<'_>) -> String {
    let reason = f
        .findings
        .iter()
        .find(|x| x.severity() == Severity::Error)
        // A report in a format not read has a warning, not an error, as its reason.
        .or_else(|| {
            f.findings
                .iter()
                .find(|x| x.severity() == Severity::Warning)
        })
        .map(|x| x.message.get(cx.lang).to_string())
        .unwrap_or_default();
    match cx.lang {
        Lang::Zh => format!(
            "其中，文件{}无法读取（{}），请重新报送。",
            file_name(&f.path),
            reason
        ),
        Lang::En => format!(
            " The file {} could not be read ({}): please send it again.",
            file_name(&f.path),
            reason
        ),
    }
}

/// The sentence before the findings: the short form when there is no error.
fn opening(year: Option<i32>, no_errors: bool, cx: &Context<'_>) -> String {
    let y = year.map(|y| y.to_string()).unwrap_or_default();
    match (cx.lang, no_errors) {
        (Lang::Zh, true) if y.is_empty() => {
            "经复核，你单位绩效自评材料未发现需要修改的问题。".into()
        }
        (Lang::Zh, true) => format!("经复核，你单位{y}年度绩效自评材料未发现需要修改的问题。"),
        // The headings that follow say what the review found.
        (Lang::Zh, false) => String::new(),
        (Lang::En, true) => {
            " Our review found nothing in your self-evaluation that needs correcting.".into()
        }
        (Lang::En, false) => String::new(),
    }
}

/// How many warnings of one kind a letter lists one by one; more are named once, with
/// their count and tables (the return workbook lists every one).
const MANY: usize = 1;

/// Warnings of a kind that occurs more than [`MANY`] times, each kind once: `（一）同类
/// 事项`, then `1. {问题}：共N处，涉及{表}…`. Returns the warnings left to list.
fn frequent<'a>(doc: &mut Document, list: &[&'a Item], lang: Lang) -> (Vec<&'a Item>, usize) {
    let mut codes: Vec<crate::diag::Code> = Vec::new();
    for i in list {
        if !codes.contains(&i.finding.code) {
            codes.push(i.finding.code);
        }
    }
    stricter_sentence(doc, list, lang);
    let many: Vec<_> = codes
        .into_iter()
        .filter(|c| !stricter(*c))
        .filter(|c| list.iter().filter(|i| i.finding.code == *c).count() > MANY)
        .collect();
    let rest = |many: &[crate::diag::Code]| -> Vec<&'a Item> {
        list.iter()
            .filter(|i| !many.contains(&i.finding.code) && !stricter(i.finding.code))
            .copied()
            .collect()
    };
    if many.is_empty() {
        return (rest(&many), 0);
    }
    for (k, code) in many.iter().enumerate() {
        let of_kind: Vec<&&Item> = list.iter().filter(|i| i.finding.code == *code).collect();
        let mut tables: Vec<String> = Vec::new();
        for i in &of_kind {
            let t = i.table.clone().unwrap_or_else(|| i.file.clone());
            if !tables.contains(&t) {
                tables.push(t);
            }
        }
        let rule = code.rule();
        let (no, name, fix) = (
            figures::sub_number(lang, k + 1),
            rule.name(lang),
            rule.fix(lang),
        );
        let times = of_kind.len();
        let lead = match lang {
            Lang::Zh => format!("{no}{name}"),
            Lang::En => format!("{no} {name}"),
        };
        doc.para(Paragraph::body().lead(lead).text(match lang {
            Lang::Zh => format!("：共{times}处，涉及{}。{fix}", tables.join("、")),
            Lang::En => format!(": {times} times, in {}. {fix}", tables.join(", ")),
        }));
    }
    let n = many.len();
    (rest(&many), n)
}

/// Where the unit scored itself stricter than the rule: one sentence with the counts, no
/// list (the return workbook has each).
fn stricter_sentence(doc: &mut Document, list: &[&Item], lang: Lang) {
    let mut parts: Vec<String> = Vec::new();
    for code in [
        crate::diag::Code::ExecScoreUnderstated,
        crate::diag::Code::ScoreUnderstated,
    ] {
        let n = list.iter().filter(|i| i.finding.code == code).count();
        if n > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{}{n}处", code.rule().name(lang)),
                Lang::En => format!("{} ({n})", code.rule().name(lang)),
            });
        }
    }
    if parts.is_empty() {
        return;
    }
    doc.para(Paragraph::body().text(match lang {
        Lang::Zh => format!(
            "{}，系自评从严，可按复核得分填报，也可保留。",
            parts.join("、")
        ),
        Lang::En => format!(
            "{}: you scored stricter than the rule; this may stay.",
            parts.join("; ")
        ),
    }));
}

/// The findings grouped by table, in the order the tables come, one paragraph a table:
/// `（一）{表}（工作表“…”）：F7，{问题}；I7，{问题}。` (`before` groups come earlier); then
/// what to do, once for each kind of problem.
fn by_table(doc: &mut Document, list: &[&Item], before: usize, lang: Lang) {
    let mut groups: Vec<(&Item, Vec<&Item>)> = Vec::new();
    for &i in list {
        let key = |x: &Item| (x.file.clone(), x.table.clone());
        match groups.iter_mut().find(|(first, _)| key(first) == key(i)) {
            Some((_, g)) => g.push(i),
            None => groups.push((i, vec![i])),
        }
    }
    for (g, (first, items)) in groups.iter().enumerate() {
        let mut n = figures::sub_number(lang, before + g + 1);
        if lang == Lang::En {
            n.push(' ');
        }
        let said: Vec<String> = items.iter().map(|i| item_text(i, lang)).collect();
        // The heading runs in with its findings; it alone takes the heading's font.
        doc.para(
            Paragraph::body()
                .lead(format!("{n}{}", group_title(first, lang)))
                .text(format!(
                    "{}{}{}",
                    lang.pick("：", ": "),
                    said.join(lang.pick("；", "; ")),
                    lang.pick("。", ".")
                )),
        );
    }
    let errors = list.iter().any(|i| i.finding.severity() == Severity::Error);
    fixes(doc, list, errors, lang);
}

/// `请按以下要求修改：{做法}；…` (warnings: `请核实，如确有问题请：…`): each kind's remedy once.
fn fixes(doc: &mut Document, list: &[&Item], errors: bool, lang: Lang) {
    let mut codes: Vec<crate::diag::Code> = Vec::new();
    for i in list.iter().filter(|i| !says_the_right_figure(i)) {
        if !codes.contains(&i.finding.code) {
            codes.push(i.finding.code);
        }
    }
    // A remedy that asks nothing (`…只计一次，无需处理。`) is said as written: put as what to
    // do "if the check finds a problem" it read as a riddle.
    let (nothing, codes): (Vec<_>, Vec<_>) = codes
        .into_iter()
        .partition(|c| c.rule().fix(Lang::Zh).contains("无需"));
    for c in nothing {
        doc.para(Paragraph::body().text(c.rule().fix(lang)));
    }
    if codes.is_empty() {
        return;
    }
    // The remedies say what they are about, so the problem's name is not repeated.
    let each: Vec<String> = codes
        .iter()
        .map(|c| {
            let fix = c.rule().fix(lang).trim_end_matches(['。', '.']);
            fix.strip_prefix('请').unwrap_or(fix).to_string()
        })
        .collect();
    doc.para(Paragraph::body().text(match lang {
        // Errors must be corrected; warnings are to be checked, and corrected if so.
        Lang::Zh if errors => format!("请按以下要求修改：{}。", each.join("；")),
        Lang::Zh => format!("请核实，如确有问题请：{}。", each.join("；")),
        Lang::En => format!("What to do: {}.", each.join("; ")),
    }));
}

/// Codes where the unit scored itself lower than the rule gives: stricter, not wrong.
pub(super) fn stricter(c: crate::diag::Code) -> bool {
    use crate::diag::Code;
    matches!(c, Code::ExecScoreUnderstated | Code::ScoreUnderstated)
}

/// A group's title: the table and its sheet, the file alone for file findings.
fn group_title(i: &Item, lang: Lang) -> String {
    let place = |sh: &str| crate::render::place::sheet_place(&i.file, sh, lang);
    match (&i.table, &i.sheet, lang) {
        // The department table bears the unit's name, which the letter is addressed to.
        (Some(_), Some(sh), Lang::Zh) if i.department => format!("部门整体表（{}）", place(sh)),
        (Some(t), Some(sh), Lang::Zh) => format!("{t}（{}）", place(sh)),
        (Some(t), Some(sh), Lang::En) => format!("{t} ({})", place(sh)),
        (Some(t), None, _) => t.clone(),
        (None, _, Lang::Zh) => format!("文件{}", i.file),
        (None, _, Lang::En) => format!("File {}", i.file),
    }
}

/// One finding as said in its table's paragraph: the cell, then the message with its
/// figures once (a message without figures gets the stated and reviewed values).
fn item_text(item: &Item, lang: Lang) -> String {
    let f = &item.finding;
    let mut place = f.cell.map(|c| c.to_string()).unwrap_or_default();
    if let Some(p) = f.paragraph_label(lang) {
        place = p;
    }
    let mut msg = f
        .message
        .get(lang)
        .trim()
        .trim_end_matches(['。', '.', '；', ';'])
        .to_string();
    // `J21，第21行「…」`: the cell already gives the row.
    if let Some(c) = f.cell {
        for row in [format!("第{}行", c.row + 1), format!("row {}: ", c.row + 1)] {
            if let Some(rest) = msg.strip_prefix(&row) {
                msg = rest.to_string();
            }
        }
    }
    if let Some(e) = &f.excerpt {
        msg.push_str(&match lang {
            Lang::Zh => format!("（原文：“{e}”）"),
            Lang::En => format!(" (the report says: “{e}”)"),
        });
    }
    if let (Some(found), Some(expected), false) = (&f.found, &f.expected, has_digits(&msg)) {
        let (a, b) = (
            finding_figure(f.code, found),
            finding_figure(f.code, expected),
        );
        msg.push_str(&match lang {
            Lang::Zh => format!("（填报{a}，复核{b}）"),
            Lang::En => format!(" (stated {a}, reviewed {b})"),
        });
    }
    match (place.is_empty(), lang) {
        (true, _) => msg,
        (false, Lang::Zh) => format!("{place}，{msg}"),
        (false, Lang::En) => format!("{place}, {msg}"),
    }
}

/// Whether a finding's message already says what the figure should be (`应为98.00`): its
/// remedy would only repeat it.
fn says_the_right_figure(i: &Item) -> bool {
    i.finding.message.zh.contains("应为")
}

fn has_digits(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// A table's reviewed total and grade as 复核结果 shows them (the stated grade beside a
/// changed one). A blank table is reported as blank, never scored 0 and 差; a form that
/// scores nothing (the regional transfer form) as not scored.
fn reviewed_cells(ct: &CheckedTable, cx: &Context<'_>) -> (String, String) {
    if ct.table.blank {
        return ("—".to_string(), cx.tr("空白表", "blank").to_string());
    }
    if ct.table.unscored {
        return ("—".to_string(), cx.tr("不计分", "not scored").to_string());
    }
    let reviewed = ct.review.grade.as_str();
    let grade = match ct.review.grade_stated.map(|g| g.as_str()) {
        Some(g) if g != reviewed => match cx.lang {
            Lang::Zh => format!("{reviewed}（自评{g}）"),
            Lang::En => format!("{reviewed} (stated {g})"),
        },
        _ => reviewed.to_string(),
    };
    (
        crate::model::document::computed_score(ct.review.total),
        grade,
    )
}

/// 三、复核结果: a table of every table's stated and reviewed total and grade.
fn results(doc: &mut Document, files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) {
    let headers = [
        ("序号", "No."),
        ("表", "Table"),
        ("自评分", "Stated"),
        ("复核分", "Reviewed"),
        ("等级", "Grade"),
    ];
    let mut t = Table {
        headers: headers
            .iter()
            .map(|(z, e)| cx.tr(z, e).to_string())
            .collect(),
        rows: Vec::new(),
    };
    for &(fi, ti) in &unit.tables {
        let Some(ct) = files.get(fi).and_then(|f| f.tables.get(ti)) else {
            continue;
        };
        let score = |d| figures::format(d, FigureKind::Score);
        let mut name = table_name(ct);
        if superseded(ct) {
            name.push_str(cx.tr("（重复报送）", " (duplicate)"));
        }
        let (reviewed, grade) = reviewed_cells(ct, cx);
        t.rows.push(vec![
            (t.rows.len() + 1).to_string(),
            name,
            ct.table.total.score.value.map(score).unwrap_or_default(),
            reviewed,
            grade,
        ]);
    }
    if t.rows.is_empty() {
        doc.para(Paragraph::body().text(cx.tr(
            "你单位报送的材料中未能读取到绩效自评表，无法复核。",
            "No self-evaluation table could be read from your files: nothing could be reviewed.",
        )));
    } else {
        doc.table(t);
    }
}

/// The kind of a table as the documents name it.
pub(super) fn kind_name(k: TableKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => k.short_zh(),
        Lang::En => match k {
            TableKind::Department => "department",
            TableKind::Project => "project",
            TableKind::Transfer => "transfer",
        },
    }
}

/// The deadline (when there is something to correct), the contact, the sender and the
/// date, each from the office's settings when they exist (reports.md "Ready to file").
fn closing(doc: &mut Document, must_correct: bool, unit: &str, cx: &Context<'_>) {
    let office = &cx.settings.office;
    let mut p = Paragraph::body();
    if must_correct {
        let deadline = cx.view.letter(unit).and_then(|l| l.deadline);
        p = match (deadline, office.deadline_days) {
            (Some(d), _) => p
                .text(cx.tr("请于", "Please send the corrected material by "))
                .text(figures::date(cx.lang, d.into()))
                .text(cx.tr("前将修改后的材料重新报送。", ".")),
            (None, Some(n)) => p.text(match cx.lang {
                Lang::Zh => format!("请于收到本意见之日起{n}日内将修改后的材料重新报送。"),
                Lang::En => format!("Please send the corrected material within {n} days."),
            }),
            (None, None) => p
                .text(cx.tr("请于", "Please send the corrected material by "))
                .placeholder(placeholder(cx.lang, cx.tr("报送期限", "deadline")))
                .text(cx.tr("前将修改后的材料重新报送。", ".")),
        };
    }
    if must_correct {
        p = p.text(cx.tr("", " "));
    }
    doc.para(p.extend(contact(cx).spans));
    let sender = Paragraph::aligned(Align::Sign);
    doc.para(match &office.bureau {
        Some(b) => sender.text(b),
        None => sender.placeholder(cx.placeholder("审核单位", "reviewing office")),
    });
    doc.para(Paragraph::aligned(Align::Right).text(figures::date(cx.lang, cx.date)));
}

/// `联系人：…，联系电话：…。`, each from the settings or a placeholder.
pub(super) fn contact(cx: &Context<'_>) -> Paragraph {
    let office = &cx.settings.office;
    if office.contact.is_none() && office.phone.is_none() {
        return Paragraph::body()
            .text(cx.tr("联系人及电话：", "Contact: "))
            .placeholder(cx.placeholder("联系人及电话", "contact and telephone"))
            .text(cx.tr("。", "."));
    }
    let mut p = Paragraph::body().text(cx.tr("联系人：", "Contact: "));
    p = match &office.contact {
        Some(c) => p.text(c),
        None => p.placeholder(cx.placeholder("联系人", "contact")),
    };
    p = p.text(cx.tr("，联系电话：", ", telephone: "));
    p = match &office.phone {
        Some(c) => p.text(c),
        None => p.placeholder(cx.placeholder("联系电话", "telephone")),
    };
    p.text(cx.tr("。", "."))
}
