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

/// One command of cli.md run as a user runs it: its exit status and a text its output must
/// hold (stdout and stderr together).
struct Cli {
    args: &'static [&'static str],
    exit: i32,
    says: &'static str,
}

/// Where the CLI audit writes its template (under target/, never in the fixtures).
const TEMPLATE: &str = "target/specaudit-template.xlsx";

/// cli.md's commands, flags, exit codes and messages, each on the audit's tables.
const CLI: &[Cli] = &[
    // Exit 0: everything read, no error (warnings allowed).
    Cli {
        args: &["check", "fixtures/specaudit/e01_clean.xlsx"],
        exit: 0,
        says: "0 个错误",
    },
    Cli {
        args: &["check", "fixtures/specaudit/e06_rate_just_below_90.xlsx"],
        exit: 0,
        says: "阈值 90.00%",
    },
    // Exit 1: an error finding; a file that could not be read.
    Cli {
        args: &["check", "fixtures/specaudit/e10_exec_score_inflated.xlsx"],
        exit: 1,
        says: "错误[exec-score-inflated]",
    },
    Cli {
        args: &["check", "fixtures/broken/truncated.xlsx"],
        exit: 1,
        says: "file-unreadable",
    },
    // A lock file named on the command line is passed over: skipped, exit 0.
    Cli {
        args: &["check", "fixtures/inbox/~$永登县交通运输局.xlsx"],
        exit: 0,
        says: "file-skipped",
    },
    // English with --lang en.
    Cli {
        args: &[
            "check",
            "fixtures/specaudit/e10_exec_score_inflated.xlsx",
            "--lang",
            "en",
        ],
        exit: 1,
        says: "error[exec-score-inflated]",
    },
    // --year: another year is year-mismatch, its year the limit; 2000–2100 only.
    Cli {
        args: &[
            "check",
            "fixtures/specaudit/e01_clean.xlsx",
            "--year",
            "2020",
        ],
        exit: 0,
        says: "阈值 2020",
    },
    Cli {
        args: &[
            "check",
            "fixtures/specaudit/e01_clean.xlsx",
            "--year",
            "1999",
        ],
        exit: 2,
        says: "2000 到 2100",
    },
    Cli {
        args: &[
            "check",
            "fixtures/specaudit/e01_clean.xlsx",
            "--year",
            "2101",
        ],
        exit: 2,
        says: "2000 到 2100",
    },
    // Exit 2: the command could not run.
    Cli {
        args: &["check", "fixtures/specaudit/没有这个文件.xlsx"],
        exit: 2,
        says: "路径不存在",
    },
    Cli {
        args: &[
            "check",
            "fixtures/specaudit/e01_clean.xlsx",
            "--format",
            "xml",
        ],
        exit: 2,
        says: "xml",
    },
    Cli {
        args: &["policy", "--policy", "fixtures/policy/没有.toml"],
        exit: 2,
        says: "没有.toml 有误：无法读取（找不到该文件或文件夹）",
    },
    Cli {
        args: &["run", "fixtures/specaudit", "-o", "fixtures/specaudit/out"],
        exit: 2,
        says: "收件箱",
    },
    Cli {
        args: &[
            "run",
            "fixtures/specaudit",
            "-o",
            "target/specaudit-out",
            "--jobs",
            "0",
        ],
        exit: 2,
        says: "--jobs",
    },
    Cli {
        args: &[
            "run",
            "fixtures/specaudit/e01_clean.xlsx",
            "-o",
            "target/specaudit-out",
        ],
        exit: 2,
        says: "不是文件夹",
    },
    // A blank template, then that template checked: one table-blank, exit 1.
    Cli {
        args: &[
            "template", "--kind", "transfer", "--year", "2021", "-o", TEMPLATE,
        ],
        exit: 0,
        says: "",
    },
    Cli {
        args: &["check", TEMPLATE],
        exit: 1,
        says: "table-blank",
    },
    // The template's own argument errors, in Chinese: not .xlsx; a file where a folder is
    // wanted (below the template just written).
    Cli {
        args: &[
            "template",
            "--kind",
            "project",
            "-o",
            "target/specaudit.xls",
        ],
        exit: 2,
        says: "须为 .xlsx",
    },
    Cli {
        args: &[
            "template",
            "--kind",
            "project",
            "-o",
            "target/specaudit-template.xlsx/x.xlsx",
        ],
        exit: 2,
        says: "不是文件夹",
    },
    // A workspace where a file is: the OS's reason in the user's words, not its English.
    Cli {
        args: &["init", TEMPLATE],
        exit: 2,
        says: "已有同名",
    },
    // The effective policy, as TOML.
    Cli {
        args: &["policy"],
        exit: 0,
        says: "name = \"mof-2020\"",
    },
    Cli {
        args: &["policy", "--policy", "fixtures/policy/linear.toml"],
        exit: 0,
        says: "reverse = \"linear\"",
    },
];

#[test]
fn every_command_of_cli_md_exits_and_speaks_as_it_says() {
    let mut wrong = Vec::new();
    for c in CLI {
        let o = common::selfeval_at_root()
            .args(c.args)
            .output()
            .expect("selfeval runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        if o.status.code() != Some(c.exit) || !text.contains(c.says) {
            let head: String = text.chars().take(300).collect();
            wrong.push(format!(
                "{:?}: exit {:?} (expected {}), output lacks {:?}? {head}",
                c.args,
                o.status.code(),
                c.exit,
                c.says
            ));
        }
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specaudit/out");
    assert!(!out.exists(), "a refused run wrote into the inbox");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn check_json_is_the_documented_document() {
    // cli.md: schema, policy, decimal figures as strings, rates as fractions rounded to 4
    // places, `limit` for a threshold, a summary of counts.
    let doc = check("fixtures/specaudit/e06_rate_just_below_90.xlsx", None);
    let t = &doc["files"][0]["tables"][0];
    let f = &t["findings"][0];
    let got = [
        (&doc["schema"], "selfeval/check/1"),
        (&doc["policy"], "mof-2020"),
        (&doc["files"][0]["status"], "ok"),
        (&t["kind"], "project"),
        (&t["execution"]["rate"], "0.8999"),
        (&t["execution"]["weight"], "10"),
        (&t["funds"]["unit_of_amount"], "万元"),
        (&f["code"], "exec-rate-low"),
        (&f["severity"], "warning"),
        (&f["limit"], "0.9"),
    ];
    let mut wrong: Vec<String> = got
        .iter()
        .filter(|(v, want)| v.as_str() != Some(want))
        .map(|(v, want)| format!("{v} ≠ {want}"))
        .collect();
    if !f["expected"].is_null() {
        wrong.push(format!("exec-rate-low has expected {}", f["expected"]));
    }
    let s = &doc["summary"];
    if (
        s["files"].as_u64(),
        s["tables"].as_u64(),
        s["warnings"].as_u64(),
    ) != (Some(1), Some(1), Some(1))
    {
        wrong.push(format!("summary {s}"));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn check_json_names_units_levels_and_uncomputed_figures_as_cli_md_says() {
    // cli.md: a department table's `department` is null and `unit` its 部门（单位）名称; a
    // transfer's `department` is the 上级主管部门 and `unit` the 资金使用单位; `level1` without
    // its weight suffix; a stated figure that is a formula without a cached value is null.
    let doc = check("fixtures/specaudit", None);
    let table = |name: &str| common::json_file(&doc, name)["tables"][0].clone();
    let d = table("d01_dept_clean.xlsx");
    let t = table("t01_transfer_clean.xlsx");
    let g = table("g12_category_label_weight.xlsx");
    let s = table("s07_formula_not_computed.xlsx");
    let checks = [
        (
            "department's department",
            d["department"].clone(),
            Value::Null,
        ),
        ("department's unit", d["unit"].clone(), d["name"].clone()),
        (
            "transfer's department",
            t["department"].clone(),
            "某某县人力资源和社会保障局".into(),
        ),
        (
            "transfer's unit",
            t["unit"].clone(),
            "某某县职业技能培训中心t01".into(),
        ),
        (
            "level1",
            g["indicators"][0]["level1"].clone(),
            "产出指标".into(),
        ),
        (
            "uncomputed 总分 得分",
            s["total"]["score_stated"].clone(),
            Value::Null,
        ),
        (
            "uncomputed total's reviewed",
            s["total"]["score"].clone(),
            "99.5".into(),
        ),
    ];
    let wrong: Vec<String> = checks
        .iter()
        .filter(|(_, got, want)| got != want)
        .map(|(what, got, want)| format!("{what}: {got}, expected {want}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_outdir_that_cannot_be_made_is_refused_in_the_users_language() {
    // cli.md: errors of the command line itself — "a path that is a file where a folder is
    // wanted" — are in Chinese (English with --lang en), exit 2. OUTDIR below a file.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("note.txt");
    std::fs::write(&file, "x").expect("a file");
    let out = file.join("out");
    let run = |lang: &str| {
        common::selfeval_at_root()
            .args(["run", "fixtures/specaudit_rate", "-o"])
            .arg(&out)
            .args(["--lang", lang])
            .output()
            .expect("selfeval runs")
    };
    let mut wrong = Vec::new();
    for (lang, says, foreign) in [
        ("zh", "不是文件夹", "cannot"),
        ("en", "not a folder", "无法"),
    ] {
        let o = run(lang);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        if o.status.code() != Some(2) || !err.contains(says) || err.contains(foreign) {
            wrong.push(format!("--lang {lang}: exit {:?}: {err}", o.status.code()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every code of rules.md's tables with the severity the spec gives it (for `year-mismatch`,
/// outside a workspace); the catalogue may add codes, never rename or re-grade one.
const SPEC_CODES: &[(&str, &str)] = &[
    ("file-unreadable", "error"),
    ("file-encrypted", "error"),
    ("file-no-table", "error"),
    ("file-skipped", "info"),
    ("file-duplicate", "warning"),
    ("field-missing", "error"),
    ("field-not-number", "error"),
    ("formula-not-computed", "warning"),
    ("target-placeholder", "error"),
    ("target-unparsed", "warning"),
    ("unit-mismatch", "warning"),
    ("category-unknown", "warning"),
    ("category-missing", "warning"),
    ("year-mismatch", "warning"),
    ("table-blank", "error"),
    ("fund-sum-mismatch", "error"),
    ("fund-split-mismatch", "error"),
    ("fund-budget-missing", "error"),
    ("fund-over-budget", "warning"),
    ("fund-row-unknown", "warning"),
    ("exec-rate-mismatch", "error"),
    ("exec-score-inflated", "error"),
    ("exec-score-understated", "warning"),
    ("exec-rate-low", "warning"),
    ("score-over-weight", "error"),
    ("score-negative", "error"),
    ("score-inflated", "error"),
    ("score-understated", "warning"),
    ("reason-missing", "error"),
    ("overachievement-unexplained", "warning"),
    ("qualitative-level-unknown", "warning"),
    ("weight-total-mismatch", "error"),
    ("weight-category-mismatch", "warning"),
    ("total-mismatch", "error"),
    ("grade-mismatch", "error"),
    ("grade-changed", "warning"),
    ("table-duplicate", "warning"),
    ("unit-name-variant", "warning"),
    ("dept-projects-exceed", "warning"),
    ("unit-not-in-roster", "warning"),
    ("table-possible-duplicate", "warning"),
    ("declaration-code-lost", "warning"),
    ("declaration-target-unmeasurable", "warning"),
    ("declaration-unit-missing", "warning"),
    ("declaration-category-missing", "warning"),
    ("declaration-amount-implausible", "warning"),
    ("approved-indicator-dropped", "error"),
    ("approved-target-lowered", "error"),
    ("approved-target-changed", "warning"),
    ("approved-indicator-added", "warning"),
    ("approved-budget-differs", "warning"),
    ("approved-missing", "info"),
    ("report-format-unsupported", "warning"),
];

#[test]
fn every_code_of_rules_md_is_in_the_catalogue_with_its_severity() {
    let o = common::selfeval_at_root()
        .args(["rules"])
        .output()
        .expect("selfeval runs");
    let text = String::from_utf8_lossy(&o.stdout);
    let listed: std::collections::BTreeMap<&str, &str> = text
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?, w.next()?))
        })
        .collect();
    let wrong: Vec<String> = SPEC_CODES
        .iter()
        .filter(|(code, sev)| listed.get(code) != Some(sev))
        .map(|(code, sev)| format!("{code}: spec {sev}, catalogue {:?}", listed.get(code)))
        .collect();
    assert_eq!(SPEC_CODES.len(), 53, "rules.md's codes");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
