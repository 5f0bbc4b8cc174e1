//! The spec audit (docs/spec-audit.md): every boundary rules.md and scoring.md state, held
//! through the binary. fixtures/specaudit* (made by fixtures/make/specaudit.py) hold one
//! canonical table per case — a tolerance just met and just passed, a threshold hit exactly, a
//! rounding half, a capped score, a reverse indicator, a qualitative band's open end, a grade
//! cut-off — and an expected.json written from the spec: the exact codes and, where the spec
//! fixes one, the figure (rate, execution score, an indicator's reviewed score, the reviewed
//! total and grade) and a finding's cell, expected, found and limit. Every mismatch of every
//! case is listed at once.

mod common;

use common::probe::{codes, differ};
use serde_json::{Map, Value};

/// `check --format json` on a folder, with `--policy` when given.
fn check(dir: &str, policy: Option<&str>) -> Value {
    let mut c = common::selfeval_at_root();
    c.args(["check", dir, "--format", "json"]);
    if let Some(p) = policy {
        c.args(["--policy", p]);
    }
    let out = c.output().expect("selfeval runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{dir}: {out:?}");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn expected(dir: &str) -> Map<String, Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(dir)
        .join("expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// The first finding of `code` in a file (its own or its table's).
fn finding<'a>(f: &'a Value, code: &str) -> Option<&'a Value> {
    let own = f["findings"].as_array().into_iter().flatten();
    let tables = f["tables"].as_array().into_iter().flatten();
    let inner = tables.flat_map(|t| t["findings"].as_array().into_iter().flatten());
    own.chain(inner).find(|x| x["code"] == code)
}

/// What a finding of each code named in `e[key]` must carry in its field `field`.
fn finding_fields(name: &str, f: &Value, e: &Value, out: &mut Vec<String>) {
    for (key, field) in [
        ("at", "cell"),
        ("expected", "expected"),
        ("found", "found"),
        ("limit", "limit"),
    ] {
        for (code, want) in e[key].as_object().into_iter().flatten() {
            let got = finding(f, code).map_or(&Value::Null, |x| &x[field]);
            differ(format!("{name} {code} {field}"), want, got, out);
        }
    }
}

/// Every difference of one case from its expectation.
fn differences(name: &str, f: &Value, e: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let want: Vec<String> = e["codes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    let got = codes(f);
    if got != want {
        out.push(format!("{name} codes: expected {want:?}, got {got:?}"));
    }
    let t = &f["tables"][0];
    let figures = [
        ("rate", &t["execution"]["rate"]),
        ("exec", &t["execution"]["score"]),
        ("total", &t["total"]["score"]),
        ("grade", &t["grade"]["reviewed"]),
    ];
    for (key, got) in figures {
        if !e[key].is_null() {
            differ(format!("{name} {key}"), &e[key], got, &mut out);
        }
    }
    for (k, want) in e["scores"].as_object().into_iter().flatten() {
        let i: usize = k.parse().expect("indicator index");
        let got = &t["indicators"][i]["score"];
        differ(
            format!("{name} 指标{} 复核得分", i + 1),
            want,
            got,
            &mut out,
        );
    }
    finding_fields(name, f, e, &mut out);
    out
}

fn audit(dir: &str, policy: Option<&str>, at_least: usize) -> Vec<String> {
    let doc = check(dir, policy);
    let cases = expected(dir);
    assert!(cases.len() >= at_least, "{dir}: {} cases", cases.len());
    let mut wrong = Vec::new();
    for (name, e) in &cases {
        wrong.extend(differences(name, common::json_file(&doc, name), e));
    }
    wrong
}

#[test]
fn every_boundary_of_the_spec_holds_through_the_binary() {
    let mut wrong = audit("fixtures/specaudit", None, 70);
    wrong.extend(audit(
        "fixtures/specaudit_linear",
        Some("fixtures/policy/linear.toml"),
        2,
    ));
    wrong.extend(audit(
        "fixtures/specaudit_rate",
        Some("fixtures/policy/satisfaction-rate.toml"),
        2,
    ));
    assert!(
        wrong.is_empty(),
        "{} mismatches with the spec:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
