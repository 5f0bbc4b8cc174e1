//! Published declarations' conventions (docs/reader.md, "Published declarations surveyed"):
//! the binary once on each case folder of fixtures/declpub (made by
//! fixtures/make/declpub.py, every workbook made up, each in the convention of a published
//! 绩效目标申报表 / 绩效目标表 beside its unit's self-evaluation table), compared with what a
//! finance officer expects: every declaration read (name, unit, 本年度金额, each indicator's
//! name and target), and the exact `approved-*` / `declaration-*` codes (none on the honest
//! cases; `approved-missing` when a table found no declaration). Every mismatch at once.

mod common;

use common::probe::{canon, differ};
use serde_json::Value;

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("declpub/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn tables(doc: &Value) -> impl Iterator<Item = &Value> {
    let files = doc["files"].as_array().into_iter().flatten();
    files.flat_map(|f| f["tables"].as_array().into_iter().flatten())
}

/// A target as read: `>=1000人` when parsed with an operator, else its text.
fn target(i: &Value) -> Value {
    match i["op"].as_str() {
        Some(op) => {
            let v = canon(&i["target_value"]);
            let unit = i["unit"].as_str().unwrap_or("");
            Value::String(format!("{op}{}{unit}", v.as_str().unwrap_or("")))
        }
        None => i["target"].clone(),
    }
}

/// The approved-* and declaration-* codes of every file and table, sorted.
fn codes(doc: &Value) -> Vec<String> {
    let files = doc["files"].as_array().into_iter().flatten();
    let own = files.flat_map(|f| f["findings"].as_array().into_iter().flatten());
    let inner = tables(doc).flat_map(|t| t["findings"].as_array().into_iter().flatten());
    let mut out: Vec<String> = own
        .chain(inner)
        .filter_map(|x| x["code"].as_str())
        .filter(|c| c.starts_with("approved-") || c.starts_with("declaration-"))
        .map(str::to_string)
        .collect();
    out.sort();
    out
}

fn compare_declaration(at: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    differ(format!("{at} name"), &want["name"], &got["name"], out);
    differ(format!("{at} unit"), &want["unit"], &got["unit"], out);
    let budget = &got["funds"]["budget"];
    differ(format!("{at} 本年度金额"), &want["budget"], budget, out);
    let wi = want["indicators"].as_array().cloned().unwrap_or_default();
    let gi = got["indicators"].as_array().cloned().unwrap_or_default();
    let read: Vec<(Value, Value)> = gi.iter().map(|i| (i["name"].clone(), target(i))).collect();
    let wanted: Vec<(Value, Value)> = wi.iter().map(|p| (p[0].clone(), p[1].clone())).collect();
    if read != wanted {
        out.push(format!(
            "{at} indicators: expected {wanted:?}, read {read:?}"
        ));
    }
}

/// What is wrong with one case, one line each.
fn differences(case: &str, e: &Value) -> Vec<String> {
    let doc = common::check_json(&format!("fixtures/declpub/{case}"));
    let mut out = Vec::new();
    let decls: Vec<&Value> = tables(&doc)
        .filter(|t| t["kind"] == "declaration")
        .collect();
    let want = e["declarations"].as_array().cloned().unwrap_or_default();
    if decls.len() != want.len() {
        let names: Vec<&Value> = decls.iter().map(|d| &d["name"]).collect();
        out.push(format!(
            "{case}: {} declarations read {names:?}, {} expected",
            decls.len(),
            want.len()
        ));
    }
    for (k, (w, g)) in want.iter().zip(&decls).enumerate() {
        compare_declaration(&format!("{case} 申报{}", k + 1), w, g, &mut out);
    }
    let want: Vec<String> = e["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    let got = codes(&doc);
    if got != want {
        out.push(format!("{case} findings: expected {want:?}, got {got:?}"));
    }
    out
}

#[test]
fn published_declarations_read_as_a_finance_officer_expects() {
    let cases = expected();
    assert!(cases.len() >= 15, "the probe's cases: {}", cases.len());
    let mut wrong = Vec::new();
    let mut bad = 0;
    for (case, e) in &cases {
        let d = differences(case, e);
        bad += usize::from(!d.is_empty());
        wrong.extend(d);
    }
    assert!(
        wrong.is_empty(),
        "{bad} of {} cases read wrong, {} mismatches:\n{}",
        cases.len(),
        wrong.len(),
        wrong.join("\n")
    );
}
