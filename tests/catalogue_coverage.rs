//! Every code of the catalogue is produced by at least one fixture, through the binary
//! (`check --format json` on each folder of fixtures/): a rule that silently stopped firing,
//! or a code no input can reach, fails here. fixtures/coverage/ (made by
//! fixtures/make/coverage.py) holds one workbook for each code no other fixture produces,
//! named after it.

mod common;

use selfeval::RULES;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The fixture folders `check` runs on (fixtures/policy holds policies, not workbooks).
const FOLDERS: &[&str] = &[
    "inbox",
    "variants",
    "dates",
    "report2021",
    "broken",
    "hostile",
    "coverage",
    "supervised",
    "field",
    "overflow",
    "bounds",
    "reports",
    "resubmission",
    "campaign",
    "approved",
    "rdr",
    "year_over_year",
    "rptprobe",
    "rptprobe2",
    "pubrpt",
    "declprobe",
    "formats",
    "tblprobe",
    "deptprobe",
    "unitprobe",
    "zipprobe",
    "fieldprobe",
    "fieldprobe_decl",
    "rosterprobe",
    "wordprobe",
    "wordprobe_decl",
    "deptpub",
    "declpub",
    "embedded",
    "valprobe",
    "transferpub",
    "fmtprobe",
    "fmtprobe_decl",
    "cqform",
    "exportprobe",
    "rangeprobe",
    "rangeprobe_decl",
    "pkgprobe",
    "htmlxls",
    "mhtcsv",
    "provprobe",
    "hostile_new",
    "hostile_new_merges",
    "xmlss",
    "encprobe",
    "encprobe_reports",
    "specaudit",
    "specaudit_linear",
    "specaudit_rate",
    "polish2",
    "audrep",
    "audrep_reports",
    "audcamp",
    "trial22",
    "audtpl",
];

/// `check --format json` on one folder: each file's path and the codes of its findings.
fn codes_by_file(folder: &str) -> BTreeMap<String, BTreeSet<String>> {
    let out = common::selfeval_at_root()
        .args(["check", &format!("fixtures/{folder}"), "--format", "json"])
        .output()
        .expect("selfeval runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{folder}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut by_file = BTreeMap::new();
    for f in doc["files"].as_array().expect("files") {
        let tables = f["tables"].as_array().into_iter().flatten();
        let findings = f["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(tables.flat_map(|t| t["findings"].as_array().into_iter().flatten()));
        let codes = findings
            .filter_map(|x| x["code"].as_str().map(str::to_string))
            .collect();
        by_file.insert(f["path"].as_str().unwrap_or_default().to_string(), codes);
    }
    by_file
}

#[test]
fn every_code_of_the_catalogue_is_produced_by_a_fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut folders: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("fixtures/")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !["make", "policy"].contains(&n.as_str()))
        .collect();
    folders.sort();
    let mut listed: Vec<String> = FOLDERS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(folders, listed, "a new fixtures folder: add it to FOLDERS");

    let mut produced: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for folder in FOLDERS {
        for codes in codes_by_file(folder).into_values() {
            for c in codes {
                produced.entry(c).or_default().insert(folder);
            }
        }
    }
    let unknown: Vec<&String> = produced
        .keys()
        .filter(|c| !RULES.iter().any(|r| r.id == c.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "codes not in the catalogue: {unknown:?}"
    );
    // The workspace's own codes need a workspace: tests/campaign.rs produces them.
    let missing: Vec<&str> = RULES
        .iter()
        .filter(|r| r.stage != selfeval::Stage::Campaign)
        .map(|r| r.id)
        .filter(|id| !produced.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture produces {missing:?}: add a case to fixtures/make/coverage.py"
    );
}

#[test]
fn each_coverage_workbook_produces_the_code_it_is_named_after() {
    let by_file = codes_by_file("coverage");
    assert!(by_file.len() >= 11, "{:?}", by_file.keys());
    for (path, codes) in &by_file {
        let Some(code) = path
            .strip_prefix("fixtures/coverage/")
            .and_then(|n| n.strip_suffix(".xlsx"))
        else {
            continue;
        };
        assert!(
            RULES.iter().any(|r| r.id == code),
            "{path} is named after no code"
        );
        assert!(
            codes.contains(code),
            "{path} does not produce {code}: {codes:?}"
        );
    }
}
