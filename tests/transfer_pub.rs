//! Published transfer tables' conventions (docs/reader.md, "Published transfer tables
//! surveyed"): the binary once on fixtures/transferpub (made by fixtures/make/transferpub.py,
//! every workbook made up, each reproducing what provinces, cities and counties publish as
//! their 转移支付绩效自评表 — most of them the Ministry of Finance's regional form, which has no
//! 分值 and no 得分), every table compared with what a finance officer expects of it — kind,
//! name, 主管部门, unit, year, the 年度资金总额 row, each indicator (name, target parsed,
//! actual, weight, stated and reviewed score), the stated and reviewed total (none on a form
//! without scores), the stated grade and the exact codes of the findings. Every mismatch of
//! every file is listed at once.

mod common;

use common::probe::{codes, differ, differences};

use serde_json::Value;
use std::sync::OnceLock;

const DIR: &str = "fixtures/transferpub";

/// `check --format json` on the folder, run once for every test.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("transferpub/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// What the shared comparison leaves out and a transfer table needs: the 主管部门 (中央 where
/// the regional form names two), the year, and the reviewed grade (none without scores).
fn transfer_fields(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let t = &f["tables"][0];
    differ(
        format!("{name} department"),
        &e["department"],
        &t["department"],
        &mut out,
    );
    differ(format!("{name} year"), &e["year"], &t["year"], &mut out);
    if e["total"].is_null() {
        differ(
            format!("{name} 等级（复核）"),
            &Value::Null,
            &t["grade"]["reviewed"],
            &mut out,
        );
    }
    out
}

/// One file holding one table, against its expectation.
fn table_differences(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut d = differences(name, f, e);
    if f["tables"].as_array().is_some_and(|t| t.len() == 1) {
        d.extend(transfer_fields(name, f, e));
    }
    d
}

/// Tables stacked on one sheet: each as a file of its own (the file's findings go with the
/// first), in order from the top.
fn stacked_differences(name: &str, f: &Value, each: &[Value]) -> Vec<String> {
    let tables = f["tables"].as_array().cloned().unwrap_or_default();
    let mut d = Vec::new();
    if tables.len() != each.len() {
        let n = (tables.len(), each.len());
        d.push(format!("{name}: {} tables read, {} expected", n.0, n.1));
    }
    for (k, (t, e)) in tables.iter().zip(each).enumerate() {
        let own = match k {
            0 => f["findings"].clone(),
            _ => Value::Array(Vec::new()),
        };
        let one = serde_json::json!({ "findings": own, "tables": [t] });
        d.extend(table_differences(&format!("{name} 表{}", k + 1), &one, e));
    }
    d
}

#[test]
fn published_transfer_tables_read_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 15, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut files = 0;
    for (name, e) in &cases {
        let f = common::json_file(doc, name);
        let d = match e["tables"].as_array() {
            Some(each) => stacked_differences(name, f, each),
            None => table_differences(name, f, e),
        };
        files += usize::from(!d.is_empty());
        wrong.extend(d);
    }
    assert!(
        wrong.is_empty(),
        "{files} files read wrong, {} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_form_without_scores_gives_no_finding_about_scores() {
    // The regional form has no 分值 and no 得分: an honest one gives nothing, and an unmet
    // target without a reason is still found.
    let honest = codes(common::json_file(doc(), "r01_regional_form.xlsx"));
    assert!(honest.is_empty(), "{honest:?}");
    let planted = codes(common::json_file(
        doc(),
        "r08_regional_unmet_no_reason.xlsx",
    ));
    assert_eq!(planted, ["reason-missing"]);
}

#[test]
fn the_goals_of_every_form_are_read_row_by_row() {
    // report.json carries no goals; the drafts do (自评报告（初稿）'s 总体绩效目标完成情况), so
    // they are compared here as the reader gives them: each row's plan and outcome.
    let mut wrong = Vec::new();
    for (name, e) in &expected() {
        let path = common::fixtures().join("transferpub").join(name);
        let read = read_tables(&path);
        let want: Vec<Value> = each_table(e).iter().map(|t| t["goals"].clone()).collect();
        let got: Vec<Value> = read
            .tables
            .iter()
            .map(|t| {
                let rows = t.table.goals.iter();
                rows.map(|g| serde_json::json!([g.target.text, g.outcome.text]))
                    .collect()
            })
            .collect();
        if got != want {
            wrong.push(format!("{name}: goals expected {want:?}, read {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The tables of a workbook, or of a Word document's tables (templates.md §9).
fn read_tables(path: &std::path::Path) -> selfeval::read::ReadFile {
    if path.extension().is_some_and(|e| e == "docx") {
        use std::io::Read;
        let file = std::fs::File::open(path).expect("the document opens");
        let mut zip = zip::ZipArchive::new(file).expect("a zip");
        let mut xml = String::new();
        let mut part = zip.by_name("word/document.xml").expect("a document part");
        part.read_to_string(&mut xml).expect("UTF-8");
        let doc = selfeval::read::wordtable::read(&xml).expect("Word tables");
        return selfeval::read::wordtable::read_tables(&doc);
    }
    selfeval::read::read_file(path)
}

/// The tables a case expects: its own, or each of a sheet's stacked tables.
fn each_table(e: &Value) -> Vec<Value> {
    match e["tables"].as_array() {
        Some(each) => each.clone(),
        None => vec![e.clone()],
    }
}

/// The names of the tables whose form scores nothing (their expected total is none).
fn unscored_names() -> Vec<String> {
    let cases = expected();
    let tables = cases.values().flat_map(each_table);
    let unscored = tables.filter(|e| e["total"].is_null());
    unscored
        .map(|e| e["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_form_without_scores_is_never_graded_in_the_outputs() {
    // `run` on the folder: 项目明细 leaves the reviewed scores and grade of such a table
    // blank (never 差), the unit's letter says it is not scored, and its draft report states
    // no score and no grade for it; its return workbook shows no 总分.
    let (out, _) = common::probe::run_report(DIR);
    let unscored = unscored_names();
    let mut wrong = Vec::new();
    let g = common::grid(&out.path().join("summary.xlsx"), "项目明细");
    let last = g.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let mut rows = 0;
    for r in 3..=last {
        let name = common::cell_text(&g, r, 2);
        let blank = [7, 9, 12]
            .iter()
            .all(|&c| common::cell_text(&g, r, c).is_empty());
        rows += usize::from(unscored.contains(&name));
        if unscored.contains(&name) != blank {
            wrong.push(format!(
                "项目明细 row {}: {name}, reviewed cells blank: {blank}",
                r + 1
            ));
        }
    }
    assert_eq!(
        rows,
        unscored.len(),
        "项目明细 lists every table without scores"
    );
    // The unit of u01 (a department table and a regional transfer): its averages and grade
    // counts are its department table's alone.
    let sum = common::grid(&out.path().join("summary.xlsx"), "汇总");
    let last_unit = sum.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let unit_row = (3..=last_unit).find(|&r| common::cell_text(&sum, r, 0) == "某县卫生健康委员会");
    let unit_row = unit_row.expect("汇总 lists 某县卫生健康委员会");
    let graded = [8, 9, 10, 11, 12].map(|c| common::cell_num(&sum, unit_row, c));
    if graded != [Some(99.9), Some(1.0), Some(0.0), Some(0.0), Some(0.0)] {
        wrong.push(format!(
            "汇总 某县卫生健康委员会 复核平均分, 优 良 中 差: {graded:?}"
        ));
    }
    let unit = out.path().join("reports/某县教育局");
    let letter = common::docx_paragraphs(&unit.join("审核意见书.docx"));
    let draft = common::docx_paragraphs(&unit.join("自评报告（初稿）.docx"));
    if !letter.iter().any(|p| p == "不计分") || letter.iter().any(|p| p == "差") {
        wrong.push(format!("审核意见书 复核结果: {letter:?}"));
    }
    let graded =
        |p: &String| p.contains("分值0分") || p.contains("“差”") || p.contains("经复核，。");
    wrong.extend(
        draft
            .iter()
            .filter(|p| graded(p))
            .map(|p| format!("自评报告: {p}")),
    );
    // Its return workbook re-lays the table with no 总分 分值 or 得分 (not 100 and 0).
    let ret = common::grid(&out.path().join("units/某县交通运输局.xlsx"), "Sheet1");
    let total = ret
        .keys()
        .map(|(r, _)| *r)
        .find(|&r| common::cell_text(&ret, r, 0) == "总分");
    let total = total.expect("the re-laid table has its 总分 row");
    let shown: Vec<String> = (7..=8).map(|c| common::cell_text(&ret, total, c)).collect();
    if shown.iter().any(|t| !t.is_empty()) {
        wrong.push(format!("退回工作簿 总分 分值, 得分: {shown:?}"));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
