//! `selfeval check` as a user runs it: the JSON document field by field against cli.md,
//! the text diagnostics, broken folders and exit statuses.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(k: &[&'a str]) -> BTreeSet<&'a str> {
    k.iter().copied().collect()
}

/// A decimal figure of cli.md: a string holding a plain decimal, or null.
fn decimal_or_null(v: &Value, what: &str) {
    match v {
        Value::Null => {}
        Value::String(s) => {
            assert!(
                s.parse::<rust_decimal::Decimal>().is_ok(),
                "{what}: {s:?} is not a decimal"
            );
            assert!(!s.contains('e') && !s.contains('%'), "{what}: {s:?}");
        }
        other => panic!("{what}: {other} is not a decimal string"),
    }
}

fn a1(v: &Value, what: &str) {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what}: {v} not a string"));
    assert!(
        selfeval::model::CellRef::parse(s).is_some(),
        "{what}: {s:?} is not an A1 cell"
    );
}

fn check_finding(x: &Value) {
    // `limit` only where a rule compared with a threshold or policy value (cli.md).
    let mut k = keys(x);
    k.remove("limit");
    assert_eq!(
        k,
        set(&[
            "code", "severity", "sheet", "cell", "message", "expected", "found", "identity",
            "state"
        ])
    );
    assert!(["new", "remaining", "superseded"].contains(&x["state"].as_str().unwrap()));
    assert!(x["identity"]
        .as_str()
        .unwrap()
        .contains(x["code"].as_str().unwrap()));
    let code = x["code"].as_str().unwrap();
    let rule = selfeval::Code::parse(code).unwrap_or_else(|| panic!("unknown code {code}"));
    assert_eq!(x["severity"], rule.severity().as_str());
    assert!(!x["message"].as_str().unwrap().is_empty());
    if !x["cell"].is_null() {
        a1(&x["cell"], code);
        assert!(x["sheet"].is_string(), "{code}: a cell needs its sheet");
    }
}

fn check_table(t: &Value) {
    // `superseded_by` (added; cli.md: "more fields may be added") only on an older copy:
    // the file holding the copy that counts.
    let mut k = keys(t);
    if k.remove("superseded_by") {
        assert_eq!(t["counts"], false, "a table replaced does not count");
        assert!(t["superseded_by"].is_string());
    }
    assert_eq!(
        k,
        set(&[
            "kind",
            "sheet",
            "year",
            "name",
            "department",
            "unit",
            "funds",
            "execution",
            "indicators",
            "total",
            "grade",
            "counts",
            "findings"
        ])
    );
    let kind = t["kind"].as_str().unwrap();
    assert!(["project", "department", "transfer"].contains(&kind));
    assert!(t["year"].is_null() || t["year"].is_i64());
    if kind == "department" {
        assert!(t["department"].is_null());
    } else {
        assert!(t["department"].is_string());
    }
    let funds = &t["funds"];
    assert_eq!(keys(funds), set(&["unit_of_amount", "source_unit", "rows"]));
    assert_eq!(funds["unit_of_amount"], "万元");
    assert!(["万元", "元"].contains(&funds["source_unit"].as_str().unwrap()));
    for r in funds["rows"].as_array().unwrap() {
        assert_eq!(
            keys(r),
            set(&["label", "role", "initial", "budget", "executed", "cell"])
        );
        let roles = [
            "total",
            "appropriation",
            "carryover",
            "other",
            "central",
            "provincial",
            "local",
            "basic",
            "project",
        ];
        assert!(roles.contains(&r["role"].as_str().unwrap()), "{r}");
        for k in ["initial", "budget", "executed"] {
            decimal_or_null(&r[k], k);
        }
        a1(&r["cell"], "fund row cell");
    }
    let e = &t["execution"];
    assert_eq!(
        keys(e),
        set(&["weight", "rate_stated", "rate", "score_stated", "score"])
    );
    for k in ["weight", "rate_stated", "rate", "score_stated", "score"] {
        decimal_or_null(&e[k], k);
    }
    for k in ["rate", "rate_stated"] {
        if let Some(s) = e[k].as_str() {
            let d: rust_decimal::Decimal = s.parse().unwrap();
            assert!(
                d.scale() <= 4 && d < rust_decimal::Decimal::from(20),
                "{k} is a fraction: {s}"
            );
        }
    }
    assert!(e["score"].is_string() && e["weight"].is_string());
    for i in t["indicators"].as_array().unwrap() {
        assert_eq!(
            keys(i),
            set(&[
                "row",
                "level1",
                "level2",
                "name",
                "target",
                "op",
                "target_value",
                "unit",
                "actual",
                "actual_value",
                "kind",
                "weight",
                "score_stated",
                "score",
                "reason"
            ])
        );
        assert!(i["row"].as_u64().unwrap() >= 1);
        let l1 = i["level1"].as_str().unwrap();
        assert!(
            !l1.contains('分') || !l1.contains('('),
            "level1 without weight suffix: {l1}"
        );
        assert!(["quantitative", "qualitative"].contains(&i["kind"].as_str().unwrap()));
        assert!(
            i["op"].is_null() || [">=", ">", "<=", "<", "="].contains(&i["op"].as_str().unwrap())
        );
        for k in [
            "target_value",
            "actual_value",
            "weight",
            "score_stated",
            "score",
        ] {
            decimal_or_null(&i[k], k);
        }
    }
    assert_eq!(keys(&t["total"]), set(&["weight", "score_stated", "score"]));
    assert!(t["total"]["score"].is_string());
    assert_eq!(keys(&t["grade"]), set(&["stated", "reviewed"]));
    assert!(["优", "良", "中", "差"].contains(&t["grade"]["reviewed"].as_str().unwrap()));
    for x in t["findings"].as_array().unwrap() {
        check_finding(x);
        assert_eq!(
            x["sheet"], t["sheet"],
            "a table's findings are in its sheet"
        );
    }
}

#[test]
fn check_json_on_the_bundled_inbox_matches_cli_md_field_by_field() {
    let inbox = common::fixtures().join("inbox");
    let out = common::run(&["check", inbox.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the inbox holds errors and a broken file"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(
        keys(&doc),
        set(&["schema", "policy", "files", "summary", "units", "fixed"])
    );
    assert_eq!(doc["schema"], "selfeval/check/1");
    assert_eq!(doc["policy"], "mof-2020");
    let files = doc["files"].as_array().unwrap();
    let (mut tables, mut errors, mut warnings, mut infos) = (0, 0, 0, 0);
    for f in files {
        assert_eq!(keys(f), set(&["path", "status", "findings", "tables"]));
        let status = f["status"].as_str().unwrap();
        assert!(["ok", "invalid", "unreadable", "skipped"].contains(&status));
        for x in f["findings"].as_array().unwrap() {
            check_finding(x);
        }
        for t in f["tables"].as_array().unwrap() {
            check_table(t);
        }
        // Only the tables and findings that count are counted (campaign.md §4).
        let counted = |t: &&Value| t["counts"].as_bool().unwrap();
        tables += f["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(counted)
            .count();
        let all = f["findings"].as_array().unwrap().iter().chain(
            f["tables"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|t| t["findings"].as_array().unwrap()),
        );
        // The status speaks of the file itself, counted or not.
        let mut has_error = false;
        for x in all {
            let sev = x["severity"].as_str().unwrap();
            has_error |= sev == "error";
            if x["state"] == "superseded" {
                continue;
            }
            match sev {
                "error" => errors += 1,
                "warning" => warnings += 1,
                _ => infos += 1,
            }
        }
        if status == "ok" {
            assert!(!has_error, "{}", f["path"]);
        }
        if status == "invalid" {
            assert!(has_error, "{}", f["path"]);
        }
    }
    let s = &doc["summary"];
    assert_eq!(
        keys(s),
        set(&[
            "files",
            "tables",
            "errors",
            "warnings",
            "infos",
            "not_counted"
        ])
    );
    assert_eq!(s["files"].as_u64().unwrap() as usize, files.len());
    assert_eq!(s["tables"].as_u64().unwrap() as usize, tables);
    assert_eq!(s["errors"].as_u64().unwrap() as usize, errors);
    assert_eq!(s["warnings"].as_u64().unwrap() as usize, warnings);
    assert_eq!(s["infos"].as_u64().unwrap() as usize, infos);
}

#[test]
#[ignore = "external: python3"]
fn python_json_tool_accepts_the_check_json_of_the_bundled_inbox() {
    let inbox = common::fixtures().join("inbox");
    let out = common::run(&["check", inbox.to_str().unwrap(), "--format", "json"]);
    assert!(!out.stdout.is_empty(), "check printed nothing");
    // python3's own JSON parser accepts it too.
    let mut child = std::process::Command::new("python3")
        .args(["-m", "json.tool"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("python3 is installed");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    assert!(
        child.wait().unwrap().success(),
        "python3 -m json.tool rejects the output"
    );
}

#[test]
fn a_folder_of_broken_files_gives_one_clear_finding_per_file_and_exit_1() {
    let broken = common::fixtures().join("broken");
    let n = std::fs::read_dir(&broken).unwrap().count();
    let out = common::run(&["check", broken.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), n);
    for f in files {
        let findings = f["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{}", f["path"]);
        let code = findings[0]["code"].as_str().unwrap();
        assert!(
            ["file-unreadable", "file-encrypted", "file-no-table"].contains(&code),
            "{code}"
        );
        assert!(
            findings[0]["message"].as_str().unwrap().chars().count() > 8,
            "a reason is given"
        );
        let want = if code == "file-no-table" {
            "invalid"
        } else {
            "unreadable"
        };
        assert_eq!(f["status"], want, "{}", f["path"]);
    }
}

#[test]
fn text_output_is_compiler_style_with_a_count_line() {
    let wb = common::fixtures()
        .join("report2021")
        .join("兰州新区应急管理局.xlsx");
    let out = common::run(&["check", wb.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let heads: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i].starts_with("错误[")
                || lines[i].starts_with("警告[")
                || lines[i].starts_with("提示[")
        })
        .collect();
    assert!(heads.len() >= 40);
    for &i in &heads {
        let place = lines[i + 1];
        assert!(place.starts_with("  --> "), "{place}");
        let parts: Vec<&str> = place[6..].split(" › ").collect();
        assert_eq!(parts.len(), 3, "FILE › SHEET › CELL: {place}");
        assert!(parts[0].ends_with("兰州新区应急管理局.xlsx"));
        assert!(
            selfeval::model::CellRef::parse(parts[2]).is_some(),
            "{place}"
        );
    }
    let last = lines.iter().rev().find(|l| !l.is_empty()).unwrap();
    assert!(
        last.starts_with("共 1 个文件、10 张表：") && last.contains("个错误"),
        "{last}"
    );

    let en = common::run(&["check", wb.to_str().unwrap(), "--lang", "en"]);
    let text = String::from_utf8(en.stdout).unwrap();
    assert!(text.contains("error[fund-sum-mismatch]: "));
    assert!(text
        .lines()
        .rev()
        .find(|l| !l.is_empty())
        .unwrap()
        .starts_with("1 file, 10 tables: "));
}

#[test]
fn a_path_that_does_not_exist_is_exit_2_and_help_has_examples() {
    let out = common::run(&["check", "/no/such/inbox"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/inbox"));
    for cmd in ["check", "run", "template", "policy", "rules"] {
        let h = common::run(&[cmd, "--help"]);
        assert!(h.status.success());
        let s = String::from_utf8(h.stdout).unwrap();
        assert!(s.contains("selfeval"), "{cmd} --help names the command");
    }
    let top = String::from_utf8(common::run(&["--help"]).stdout).unwrap();
    assert!(top.contains("selfeval run inbox -o out"));
}

/// reports.md §2: a blank table is never scored as 差 with 0 分, report.json included —
/// its reviewed execution score, total and grade are null, not `"0"` and `差`.
#[test]
fn a_blank_table_has_no_reviewed_score_in_the_json() {
    let doc = common::check_json("fixtures/field/blank_template.xlsx");
    let t = &common::json_file(&doc, "blank_template.xlsx")["tables"][0];
    assert!(t["findings"].to_string().contains("table-blank"), "{t}");
    for (what, v) in [
        ("execution.score", &t["execution"]["score"]),
        ("total.score", &t["total"]["score"]),
        ("grade.reviewed", &t["grade"]["reviewed"]),
    ] {
        assert!(v.is_null(), "{what}: {v}");
    }
}
