//! Findings made consistent (docs/spec-audit.md, "Findings made consistent (polish2)"): the
//! binary once on each case folder of fixtures/polish2 (made by fixtures/make/polish2.py),
//! copied with one modification time for every file (so that which copy counts follows
//! campaign.md §4's tie rule, the later path), compared with the codes a finance officer
//! expects on each file: two short names that differ in their one distinctive character
//! are two projects; `=9个` against an approved `=10个` is lowered as `9个` against `10个`
//! is; one byte-identical resubmission is one finding. Every mismatch at once.

mod common;

use serde_json::Value;

fn expected() -> serde_json::Map<String, Value> {
    let path = common::fixtures().join("polish2/expected.json");
    let text = std::fs::read_to_string(path).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// What is wrong with one case, one line each.
fn differences(case: &str, want: &Value) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_tree(&common::fixtures().join("polish2").join(case), dir.path());
    for e in std::fs::read_dir(dir.path()).expect("case folder") {
        common::set_mtime(&e.expect("entry").path(), 3600);
    }
    let doc = common::check_json(dir.path().to_str().expect("UTF-8 path"));
    let mut out = Vec::new();
    for (file, codes) in want.as_object().expect("files") {
        let got = common::probe::codes(common::json_file(&doc, file));
        let want: Vec<String> = serde_json::from_value(codes.clone()).expect("codes");
        if got != want {
            out.push(format!("{case}/{file}: expected {want:?}, found {got:?}"));
        }
    }
    out
}

#[test]
fn findings_agree_with_the_spec_and_each_other() {
    let mut all = Vec::new();
    for (case, want) in expected() {
        all.extend(differences(&case, &want));
    }
    assert!(
        all.is_empty(),
        "{} mismatches:\n{}",
        all.len(),
        all.join("\n")
    );
}
