//! The return letter `审核意见书` (reports.md §2): title, the unit as addressee, what was
//! received, `一、需要修改的问题` (the errors, numbered, each with its table, the cell in the
//! unit's file, what is wrong with the figures and what to do), `二、需要核实的事项` (the
//! warnings), `三、复核结果` (each table's stated and reviewed total and grade), the deadline
//! and the sender. A unit without errors gets the short form.

use super::figures::{self, finding_figure, placeholder, zh_number};
use super::model::{Align, Document, FigureKind, Paragraph, Table};
use super::{file_name, superseded, table_name, unit_items, unit_year, Context, DocUnit, Item};
use crate::check::CheckedFile;
use crate::diag::{Lang, Severity};
use crate::model::TableKind;

/// The letter of one unit.
pub fn build(files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) -> Document {
    let year = unit_year(files, unit, cx);
    let mut doc = Document {
        title: vec![title(&unit.name, year, cx.lang)],
        blocks: Vec::new(),
    };
    doc.para(Paragraph::aligned(Align::Flush).text(match cx.lang {
        Lang::Zh => format!("{}：", unit.name),
        Lang::En => format!("To {}:", unit.name),
    }));
    let items = unit_items(files, unit);
    let errors: Vec<&Item> = of(&items, Severity::Error);
    let warnings: Vec<&Item> = of(&items, Severity::Warning);
    doc.para(received(files, unit, cx));
    doc.para(Paragraph::body().text(opening(year, errors.is_empty(), cx)));
    let mut n = 0;
    for (list, zh, en) in [
        (&errors, "需要修改的问题", "Problems to correct"),
        (&warnings, "需要核实的事项", "Matters to check"),
    ] {
        if list.is_empty() {
            continue;
        }
        n += 1;
        doc.heading(1, heading(n, zh, en, cx.lang));
        for (k, item) in list.iter().enumerate() {
            doc.para(item_paragraph(k + 1, item, cx.lang));
        }
    }
    n += 1;
    doc.heading(1, heading(n, "复核结果", "Review results", cx.lang));
    results(&mut doc, files, unit, cx);
    closing(&mut doc, !errors.is_empty(), cx);
    doc
}

/// `关于{单位}{年度}年度绩效自评材料的审核意见`.
fn title(unit: &str, year: Option<i32>, lang: Lang) -> String {
    match (lang, year) {
        (Lang::Zh, Some(y)) => format!("关于{unit}{y}年度绩效自评材料的审核意见"),
        (Lang::Zh, None) => format!("关于{unit}绩效自评材料的审核意见"),
        (Lang::En, Some(y)) => format!("Review of the {y} performance self-evaluation of {unit}"),
        (Lang::En, None) => format!("Review of the performance self-evaluation of {unit}"),
    }
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

/// What was received: files, tables by kind, files that could not be read and why.
fn received(files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) -> Paragraph {
    let idx = crate::aggregate::unit_files(unit);
    let names: Vec<String> = idx
        .iter()
        .filter_map(|&i| files.get(i))
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
        (Lang::Zh, false) => "经复核，现将审核意见反馈如下：".into(),
        (Lang::En, true) => {
            "Our review found nothing in your self-evaluation that needs correcting.".into()
        }
        (Lang::En, false) => "Our review found the following:".into(),
    }
}

/// One numbered finding: table, the cell in the unit's file, the problem, the figures,
/// what to do.
fn item_paragraph(k: usize, item: &Item, lang: Lang) -> Paragraph {
    let f = &item.finding;
    let rule = f.code.rule();
    let table = item
        .table
        .clone()
        .unwrap_or_else(|| figures::tr(lang, "文件", "file").to_string());
    let mut msg = f.message.get(lang).trim().to_string();
    if !msg.ends_with(['。', '.', '！', '？']) {
        msg.push_str(figures::tr(lang, "。", "."));
    }
    if let Some(e) = &f.excerpt {
        msg.push_str(&match lang {
            Lang::Zh => format!("原文：“{e}”"),
            Lang::En => format!(" The report says: “{e}”"),
        });
    }
    let mut p = Paragraph::body().text(match lang {
        Lang::Zh => format!(
            "{k}. {table}（{}）：{}。{msg}",
            item.origin(lang),
            rule.name(lang)
        ),
        Lang::En => format!(
            "{k}. {table} ({}): {}. {msg}",
            item.origin(lang),
            rule.name(lang)
        ),
    });
    if let (Some(found), Some(expected)) = (&f.found, &f.expected) {
        let (a, b) = (
            finding_figure(f.code, found),
            finding_figure(f.code, expected),
        );
        p = p.text(match lang {
            Lang::Zh => format!("填报值{a}，复核值{b}。"),
            Lang::En => format!(" Stated {a}, reviewed {b}."),
        });
    }
    p.text(match lang {
        Lang::Zh => rule.fix(lang).to_string(),
        Lang::En => format!(" {}", rule.fix(lang)),
    })
}

/// 三、复核结果: a table of every table's stated and reviewed total and grade.
fn results(doc: &mut Document, files: &[CheckedFile], unit: &DocUnit, cx: &Context<'_>) {
    let headers = [
        ("序号", "No."),
        ("表", "Table"),
        ("类型", "Kind"),
        ("自评总分", "Stated total"),
        ("复核总分", "Reviewed total"),
        ("自评等级", "Stated grade"),
        ("复核等级", "Reviewed grade"),
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
        t.rows.push(vec![
            (t.rows.len() + 1).to_string(),
            name,
            kind_name(ct.table.kind, cx.lang).to_string(),
            ct.table.total.score.value.map(score).unwrap_or_default(),
            score(ct.review.total),
            ct.review
                .grade_stated
                .map(|g| g.as_str())
                .unwrap_or("")
                .to_string(),
            ct.review.grade.as_str().to_string(),
        ]);
    }
    if t.rows.is_empty() {
        doc.para(Paragraph::body().text(cx.tr(
            "你单位报送的材料中未能读取到绩效自评表，无法复核。",
            "No self-evaluation table could be read from your files: nothing could be reviewed.",
        )));
    } else {
        doc.para(Paragraph::body().text(cx.tr(
            "各表自评与复核结果如下：",
            "The stated and reviewed results of each table:",
        )));
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

/// The deadline (when there is something to correct), the sender and the date.
fn closing(doc: &mut Document, must_correct: bool, cx: &Context<'_>) {
    if must_correct {
        let p = Paragraph::body()
            .text(cx.tr("请于", "Please send the corrected material by "))
            .placeholder(placeholder(cx.lang, cx.tr("报送期限", "deadline")))
            .text(cx.tr("前将修改后的材料重新报送。", "."));
        doc.para(p);
    }
    doc.para(
        Paragraph::aligned(Align::Right)
            .placeholder(cx.placeholder("审核单位", "reviewing office")),
    );
    doc.para(Paragraph::aligned(Align::Right).text(figures::date(cx.lang, cx.date)));
}
