//! The operator's policy file is bounded (issue 35): its size, the categories a scheme
//! lists and the length of a name (src/decode/limits.rs). A file past a bound is refused at
//! once with exit 2 and a message naming the line — by `policy` and by `run` alike —
//! instead of hanging (100,000 keys) or writing a cell over Excel's 32,767 characters.

mod common;

use selfeval::read::limits;
use std::time::{Duration, Instant};

fn categories(n: usize, name: impl Fn(usize) -> String) -> String {
    let mut s = String::from("[categories.project]\n");
    for i in 0..n {
        s.push_str(&format!("\"{}\" = 1\n", name(i)));
    }
    s
}

/// Runs `policy --policy FILE` and `run … --policy FILE`: both exit 2 within a second
/// or two, saying `words`.
fn refused(text: &str, words: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("规则.toml");
    std::fs::write(&file, text).unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let out = tmp.path().join("out");
    let f = file.to_str().unwrap();
    for args in [
        vec!["policy", "--policy", f],
        vec![
            "run",
            inbox.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--policy",
            f,
        ],
    ] {
        let started = Instant::now();
        let o = common::run(&args);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{args:?} took too long"
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        for w in words {
            assert!(err.contains(w), "{w}: {err}");
        }
        assert!(err.chars().count() < 1000, "the message is short: {err}");
    }
    assert!(!out.join("summary.xlsx").exists());
}

#[test]
fn a_hundred_thousand_keys_are_refused_by_size() {
    refused(&categories(100_000, |i| format!("类{i}")), &["256 KB"]);
}

#[test]
fn too_many_categories_name_the_line() {
    let n = limits::MAX_POLICY_CATEGORIES + 1;
    refused(
        &categories(n, |i| format!("c{i:03}")),
        &["超过 32 个", "第 34 行"],
    );
    // 20,000 short keys fit in the size bound: still refused, and at once.
    refused(
        &categories(20_000, |i| format!("c{i:05}")),
        &["超过 32 个", "第 34 行"],
    );
}

#[test]
fn a_long_category_name_names_its_line() {
    let text = format!(
        "name = \"省规则\"\n{}",
        categories(1, |_| "长".repeat(2_000))
    );
    refused(&text, &["超过 64 个字", "第 3 行"]);
    refused(
        &format!("name = \"{}\"\n", "名".repeat(100)),
        &["name 超过 64 个字", "第 1 行"],
    );
}
