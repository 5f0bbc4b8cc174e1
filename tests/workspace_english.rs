//! A workspace made with `init --lang en` speaks English in the terminal: `init`, a run's
//! warnings and counts, a run with nothing new, `status`, `issue`, `pin`, and the errors of
//! the settings and of a folder that is no workspace (everything a user reads is Chinese,
//! English behind `--lang en`). Only what was read from the inputs (unit and file names, the
//! settings' Chinese keys) may be Chinese.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

const UNIT: &str = "兰州新区应急管理局";

/// What selfeval wrote to both streams.
fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Asserts that `text`, with the names taken from the inputs removed, holds no Chinese.
fn assert_english(text: &str, inputs: &[&str]) {
    let mut rest = text.to_string();
    for name in inputs {
        rest = rest.replace(name, "");
    }
    let cjk =
        |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    assert!(
        !rest.chars().any(cjk),
        "Chinese in an English workspace's lines:\n{text}"
    );
}

fn selfeval_in(args: &[&str], code: i32) -> String {
    let o = run(args);
    assert_exit(&o, code);
    said(&o)
}

#[test]
fn an_english_workspace_says_everything_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    let out = selfeval_in(&["init", w, "--lang", "en", "--year", "2021"], 0);
    assert!(out.contains("made a workspace in"), "{out}");
    assert_english(&out, &[]);

    let file = format!("{UNIT}.xlsx");
    std::fs::copy(
        fixtures().join("inbox").join(&file),
        ws.join("inbox").join(&file),
    )
    .unwrap();
    let toml = ws.join("selfeval.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("\"未知项\" = 1\n{settings}")).unwrap();
    let keys = ["“未知项”"];

    let out = selfeval_in(&["run", w], 1);
    assert!(
        out.contains("warning: ") && out.contains("unknown setting"),
        "{out}"
    );
    assert!(out.contains("read 1 file;"), "{out}");
    assert_english(&out, &[&keys[..], &[UNIT]].concat());
    let out = selfeval_in(&["run", w], 1);
    assert!(out.contains("nothing changed"), "{out}");
    assert_english(&out, &[&keys[..], &[UNIT]].concat());

    let out = selfeval_in(&["status", w], 0);
    assert!(out.starts_with("Unit ") && out.contains("pending"), "{out}");
    assert_english(&out, &[UNIT]);
    let out = selfeval_in(&["issue", w], 0);
    assert!(out.contains("round 1 of opinions sent to 1 unit,"), "{out}");
    assert_english(&out, &[&keys[..], &[UNIT]].concat());
    let out = selfeval_in(&["status", w], 0);
    assert!(
        out.contains("returned") && out.contains("1 round(s)"),
        "{out}"
    );
    let out = selfeval_in(&["pin", w, &file], 0);
    assert!(out.contains("is pinned"), "{out}");
    assert_english(&out, &[UNIT]);

    // The settings' errors name their line; a folder that is no workspace says what to do.
    std::fs::write(
        &toml,
        settings.replace("\"年度\" = 2021", "\"年度\" = 1999"),
    )
    .unwrap();
    let out = selfeval_in(&["run", w], 2);
    assert!(out.contains("must be from 2000 to 2100, not 1999"), "{out}");
    assert_english(&out, &["“年度”"]);
    let none = dir.path().join("none");
    std::fs::create_dir(&none).unwrap();
    let out = selfeval_in(&["status", none.to_str().unwrap(), "--lang", "en"], 2);
    assert!(out.contains("is not a selfeval workspace"), "{out}");
    assert_english(&out, &[]);
    assert!(Path::new(&ws.join("results/summary.xlsx")).is_file());
}

#[test]
fn a_chinese_workspace_still_says_it_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    let out = selfeval_in(&["init", w, "--year", "2021"], 0);
    assert!(out.contains("已在") && out.contains("建立工作区"), "{out}");
    let file = format!("{UNIT}.xlsx");
    std::fs::copy(
        fixtures().join("inbox").join(&file),
        ws.join("收件箱").join(&file),
    )
    .unwrap();
    let out = selfeval_in(&["run", w], 1);
    assert!(out.contains("本次读取 1 个文件"), "{out}");
    let out = selfeval_in(&["status", w], 0);
    assert!(out.starts_with("单位") && out.contains("待审核"), "{out}");
}
