//! Department and transfer tables (templates.md §2, §3) with the variants of §5 and §6
//! combined as units send them, and what is not a table (§7): the binary run once on
//! fixtures/deptprobe (made by fixtures/make/deptprobe.py), every file asserted against
//! the folder's expected.json — its status, its tables (kind, sheet, name, unit,
//! department, year, the fund total's 全年预算数 and 全年执行数, the reviewed total) and
//! every finding (code, sheet, cell); a file-level finding's message says what the file
//! seems to be where expected.json has a note. fixtures/deptprobe/README.md says the
//! same in words.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const DIR: &str = "fixtures/deptprobe";

/// The one `check` run on the folder, shared by the tests.
fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| common::check_json(DIR))
}

fn expected() -> BTreeMap<String, Value> {
    let path = common::fixtures().join("deptprobe/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// A JSON value as expected.json writes it: a string, or null.
fn text(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::String(s) => Value::String(s.clone()),
        other => Value::String(other.to_string()),
    }
}

fn file<'a>(doc: &'a Value, name: &str) -> &'a Value {
    common::json_file(doc, name)
}

/// The tables of a file as expected.json lists them.
fn tables(f: &Value) -> Vec<Value> {
    let tables = f["tables"].as_array().into_iter().flatten();
    tables
        .map(|t| {
            let rows = t["funds"]["rows"].as_array().expect("fund rows");
            let total = rows.iter().find(|r| r["role"] == "total");
            let fig = |k: &str| total.map_or(Value::Null, |r| text(&r[k]));
            Value::Array(vec![
                text(&t["kind"]),
                text(&t["sheet"]),
                text(&t["name"]),
                text(&t["unit"]),
                text(&t["department"]),
                text(&t["year"]),
                fig("budget"),
                fig("executed"),
                text(&t["total"]["score"]),
            ])
        })
        .collect()
}

/// Every finding of a file (its own and its tables') as (code, sheet, cell), sorted.
fn findings(f: &Value) -> Vec<Value> {
    let own = f["findings"].as_array().into_iter().flatten();
    let tables = f["tables"].as_array().into_iter().flatten();
    let inner = tables.flat_map(|t| t["findings"].as_array().into_iter().flatten());
    let mut out: Vec<Value> = own
        .chain(inner)
        .map(|x| {
            let s = |k: &str| Value::String(x[k].as_str().unwrap_or("").to_string());
            Value::Array(vec![s("code"), s("sheet"), s("cell")])
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

/// What is wrong with one file against its expectation, one line each.
fn differences(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    if f["status"] != e["status"] {
        wrong.push(format!("{name}: status {} ≠ {}", f["status"], e["status"]));
    }
    let (got, want) = (
        tables(f),
        e["tables"].as_array().cloned().unwrap_or_default(),
    );
    if got != want {
        wrong.push(format!("{name}: tables {got:?} ≠ {want:?}"));
    }
    let mut want = e["findings"].as_array().cloned().unwrap_or_default();
    want.sort_by_key(|v| v.to_string());
    if findings(f) != want {
        wrong.push(format!("{name}: findings {:?} ≠ {want:?}", findings(f)));
    }
    let note = e["note"].as_str().unwrap_or("");
    let own = f["findings"].as_array().into_iter().flatten();
    for m in own.map(|x| x["message"].as_str().unwrap_or("")) {
        if !m.contains(note) {
            wrong.push(format!("{name}: message {m:?} does not say {note:?}"));
        }
    }
    wrong
}

#[test]
fn every_file_reads_as_a_finance_officer_expects() {
    let doc = doc();
    let cases = expected();
    assert!(cases.len() >= 45, "the probe's files: {}", cases.len());
    let mut wrong = Vec::new();
    for (name, e) in &cases {
        wrong.extend(differences(name, file(doc, name), e));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Nothing else in the folder but this folder's notes, passed over.
    for f in doc["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap();
        if !cases.contains_key(name) {
            assert_eq!(f["status"], "skipped", "{path}");
        }
    }
}

#[test]
fn most_files_are_honest_and_give_no_finding() {
    let doc = doc();
    let honest: Vec<String> = expected()
        .into_iter()
        .filter(|(_, e)| e["findings"].as_array().is_some_and(|f| f.is_empty()))
        .map(|(n, _)| n)
        .collect();
    assert!(honest.len() >= 25, "honest files: {}", honest.len());
    for name in &honest {
        let f = file(doc, name);
        assert_eq!(findings(f), Vec::<Value>::new(), "{name}");
        assert_eq!(f["status"], "ok", "{name}");
    }
}

/// The roles of a table's fund rows, in order.
fn roles(t: &Value) -> Vec<&str> {
    let rows = t["funds"]["rows"].as_array().unwrap();
    rows.iter().map(|r| r["role"].as_str().unwrap()).collect()
}

#[test]
fn a_caption_written_down_the_side_keeps_the_row_beside_it() {
    // `按收入性质分` merged down column B beside 财政拨款 / 上年结转资金 / 其他资金 took the
    // first of those rows for a caption row: 财政拨款 and 基本支出 were dropped silently
    // and the sums did not add up.
    let want: Vec<&str> = "total appropriation carryover other basic project"
        .split(' ')
        .collect();
    for name in ["d20_side_captions.xlsx", "d24_side_captions_combined.xlsx"] {
        let t = &file(doc(), name)["tables"][0];
        assert_eq!(roles(t), want, "{name}");
    }
    let t = &file(doc(), "t10_rows_of_their_own.xlsx")["tables"][0];
    assert_eq!(
        roles(t),
        ["total", "central", "provincial", "local", "other"]
    );
}

#[test]
fn a_return_workbook_saved_again_as_xls_or_ods_is_still_an_output() {
    // LibreOffice keeps the category selfeval writes; the copies were read as the unit's
    // department table (and, received later, replaced the unit's own workbook).
    for name in ["n11_return_resaved.xls", "n12_return_resaved.ods"] {
        let f = file(doc(), name);
        assert_eq!(f["tables"].as_array().map_or(0, Vec::len), 0, "{name}");
        let codes: Vec<&str> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["file-no-table"], "{name}");
    }
}

#[test]
fn a_departments_goals_are_read_one_a_row() {
    // Goals are not in the check document: read through the library, as the re-laid form
    // and the letters use them.
    let goals = |name: &str| -> Vec<(String, String)> {
        let path = common::fixtures().join("deptprobe").join(name);
        let read = selfeval::read::read_file(&path);
        let t = &read.tables[0].table;
        let pair = |g: &selfeval::model::Goal| (g.target.text.clone(), g.outcome.text.clone());
        t.goals.iter().map(pair).collect()
    };
    let five = goals("d07_many_goals_text_numbers.xlsx");
    assert_eq!(five.len(), 5, "{five:?}");
    assert!(five[0].0.starts_with("目标1：") && five[4].1 == "企业满意度95%。");
    // Goals under captions written down the side, spaced labels and every row unmerged.
    for name in [
        "d20_side_captions.xlsx",
        "d24_side_captions_combined.xlsx",
        "d40_filled_template.xlsx",
    ] {
        let one = goals(name);
        assert_eq!(one.len(), 1, "{name}: {one:?}");
        assert!(
            one[0].0.starts_with("全面完成年度安全生产"),
            "{name}: {one:?}"
        );
    }
}
