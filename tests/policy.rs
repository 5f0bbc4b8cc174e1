//! The scoring policy: defaults, partial overrides, round trips through TOML, malformed
//! files, and the `selfeval policy` command.

mod common;

use rust_decimal::Decimal;
use selfeval::score::{Policy, Reverse, Satisfaction};
use std::path::Path;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn selfeval(args: &[&str]) -> std::process::Output {
    common::selfeval()
        .args(args)
        .output()
        .expect("run selfeval")
}

#[test]
fn defaults_are_mof_2020() {
    let p = Policy::default();
    assert_eq!(p.name, "mof-2020");
    assert_eq!((p.execution.weight, p.execution.cap), (d("10"), true));
    assert_eq!(p.execution.low_threshold, d("0.9"));
    assert_eq!(p.reverse, Reverse::Ratio);
    assert_eq!(p.satisfaction, Satisfaction::Proportional);
    assert_eq!(p.overachievement_ratio, d("1.3"));
    assert_eq!(
        (p.grades.excellent, p.grades.good, p.grades.fair),
        (d("90"), d("80"), d("60"))
    );
    assert_eq!(
        (p.tolerance.score, p.tolerance.money, p.tolerance.rate),
        (d("0.1"), d("0.01"), d("0.005"))
    );
    let w = |s: &selfeval::score::policy::Weights| -> Vec<(String, String)> {
        s.0.iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    };
    let project = vec![
        ("产出指标".to_string(), "50".to_string()),
        ("效益指标".into(), "30".into()),
        ("满意度指标".into(), "10".into()),
    ];
    assert_eq!(w(&p.categories.project), project);
    assert_eq!(w(&p.categories.transfer), project);
    assert_eq!(w(&p.categories.department_project), project);
    assert_eq!(
        w(&p.categories.department_management),
        vec![
            ("部门管理".to_string(), "20".to_string()),
            ("履职效果".into(), "50".into()),
            ("能力建设".into(), "10".into()),
            ("服务对象满意度".into(), "10".into()),
        ]
    );
}

#[test]
fn partial_override_keeps_the_rest() {
    let p = Policy::load(Path::new("fixtures/policy/sichuan.toml")).unwrap();
    assert_eq!(p.name, "sichuan-example");
    assert_eq!(p.reverse, Reverse::Linear);
    assert_eq!(p.tolerance.score, d("0.2"));
    assert_eq!(p.tolerance.money, d("0.01"));
    assert_eq!(p.categories.project.find("产出指标").unwrap().1, d("60"));
    // Untouched schemes keep their defaults.
    assert_eq!(p.categories.transfer, Policy::default().categories.transfer);
    assert_eq!(p.execution, Policy::default().execution);

    let p = Policy::from_toml_str("").unwrap();
    assert_eq!(p, Policy::default());
}

#[test]
fn round_trips_through_toml() {
    for p in [
        Policy::default(),
        Policy::load(Path::new("fixtures/policy/sichuan.toml")).unwrap(),
        Policy::load(Path::new("fixtures/policy/satisfaction-rate.toml")).unwrap(),
    ] {
        let text = p.to_toml_string();
        assert_eq!(Policy::from_toml_str(&text).unwrap(), p, "{text}");
    }
    // Strings and numbers both read.
    let a = Policy::from_toml_str("[tolerance]\nrate = \"0.005\"").unwrap();
    let b = Policy::from_toml_str("[tolerance]\nrate = 0.005").unwrap();
    assert_eq!(a, b);
}

#[test]
fn malformed_files_name_the_key() {
    for (text, key) in [
        ("foo = 1", "foo"),
        ("[tolerance]\nscroe = 0.2", "scroe"),
        ("[execution]\nweight = \"ten\"", "weight"),
        ("satisfaction = \"median\"", "satisfaction"),
        ("[grades]\nexcellent = 70", "grades"),
        ("[tolerance]\nmoney = -1", "tolerance.money"),
        ("[categories.project]\n\"产出指标\" = \"x\"", "产出指标"),
        ("overachievement_ratio = 0", "overachievement_ratio"),
    ] {
        let e = Policy::from_toml_str(text).unwrap_err().to_string();
        assert!(e.contains(key), "{text:?}: {e}");
    }
}

#[test]
fn cli_prints_the_default_policy() {
    let out = selfeval(&["policy"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(Policy::from_toml_str(&text).unwrap(), Policy::default());
    assert!(text.contains("name = \"mof-2020\""));
}

#[test]
fn cli_applies_a_policy_file() {
    let out = selfeval(&[
        "policy",
        "--policy",
        "fixtures/policy/satisfaction-rate.toml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let p = Policy::from_toml_str(&text).unwrap();
    assert_eq!(p.satisfaction, Satisfaction::Rate);
    assert_eq!(p.tolerance, Policy::default().tolerance);
}

#[test]
fn cli_refuses_a_malformed_file_with_exit_2() {
    let out = selfeval(&["policy", "--policy", "fixtures/policy/unknown-key.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scroe"), "{err}");
    assert!(out.stdout.is_empty());

    let out = selfeval(&["policy", "--policy", "fixtures/policy/does-not-exist.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Writes `selfeval policy [args]`'s output to a file and returns its bytes and path.
fn printed(dir: &Path, name: &str, args: &[&str]) -> (Vec<u8>, std::path::PathBuf) {
    let mut all = vec!["policy"];
    all.extend_from_slice(args);
    let out = selfeval(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.join(name);
    std::fs::write(&path, &out.stdout).unwrap();
    (out.stdout, path)
}

#[test]
fn the_printed_policy_reads_back_to_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, start) in [
        ("zh", None),
        ("en", None),
        ("zh", Some("fixtures/policy/sichuan.toml")),
        ("en", Some("fixtures/policy/satisfaction-rate.toml")),
    ] {
        let mut args = vec!["--lang", lang];
        if let Some(s) = start {
            args.extend(["--policy", s]);
        }
        let (first, file) = printed(dir.path(), "first.toml", &args);
        let (again, _) = printed(
            dir.path(),
            "again.toml",
            &["--lang", lang, "--policy", file.to_str().unwrap()],
        );
        assert_eq!(
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&again),
            "{lang} {start:?}"
        );
        // The same policy as the file it started from.
        let expected = match start {
            Some(s) => Policy::load(Path::new(s)).unwrap(),
            None => Policy::default(),
        };
        assert_eq!(Policy::load(&file).unwrap(), expected);
    }
}

#[test]
fn check_with_the_printed_policy_gives_identical_results() {
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = printed(dir.path(), "p.toml", &[]);
    let plain = selfeval(&["check", "fixtures/inbox", "--format", "json"]);
    let with = selfeval(&[
        "check",
        "fixtures/inbox",
        "--format",
        "json",
        "--policy",
        file.to_str().unwrap(),
    ]);
    assert_eq!(with.status.code(), plain.status.code());
    assert!(!plain.stdout.is_empty());
    assert!(
        plain.stdout == with.stdout,
        "check --format json differs with the printed policy"
    );

    let (_, sichuan) = printed(
        dir.path(),
        "s.toml",
        &["--policy", "fixtures/policy/sichuan.toml"],
    );
    let a = selfeval(&[
        "check",
        "fixtures/inbox",
        "--format",
        "json",
        "--policy",
        "fixtures/policy/sichuan.toml",
    ]);
    let b = selfeval(&[
        "check",
        "fixtures/inbox",
        "--format",
        "json",
        "--policy",
        sichuan.to_str().unwrap(),
    ]);
    assert!(
        a.stdout == b.stdout,
        "sichuan policy printed and read back differs"
    );
}

/// Every key and table of the printed policy has a comment: on the lines just above it,
/// or after it on its line; in Chinese by default and in English with `--lang en`.
#[test]
fn every_key_of_the_printed_policy_is_explained() {
    for (lang, has_cjk) in [("zh", true), ("en", false)] {
        let out = selfeval(&["policy", "--lang", lang]);
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut keys = 0;
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            keys += 1;
            let above = i > 0 && lines[i - 1].trim_start().starts_with('#');
            let after = t.contains(" # ");
            assert!(above || after, "{lang}: no comment for {t:?}\n{text}");
            let note = if after {
                t.split(" # ").nth(1).unwrap().to_string()
            } else {
                lines[i - 1].to_string()
            };
            let cjk = note.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if has_cjk {
                assert!(cjk, "{lang}: comment of {t:?} is not Chinese: {note}");
            }
        }
        assert!(keys >= 20, "{lang}: {keys} keys\n{text}");
        if lang == "zh" {
            assert!(
                text.contains("\"ratio\"  ＝ 分值 × A ÷ B（默认）"),
                "{text}"
            );
        } else {
            assert!(
                text.contains("\"linear\" = weight × max(0, 1 − (B − A) / A)"),
                "{text}"
            );
        }
    }
}
