//! Re-runs cost what changed (issue 28, campaign.md §6, §10) and 申报表/ read once
//! (issue 30), through the binary: a re-run after one file is replaced sends only that file
//! to a reader process (a reader made to abort on any other file proves it) and writes the
//! same bytes as a fresh workspace on the same inbox; a changed policy, year, declaration or
//! program reads everything again; a time-out is never kept; a declaration is read once;
//! a v1 history is upgraded after a backup; a run killed at any moment leaves a history
//! from which the next run still gives a fresh run's outputs.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Fixed, so that documents made in different runs are comparable byte for byte.
const EPOCH: &str = "1650000000";
const FAULT: &str = "SELFEVAL_WORKER_FAULT";

fn ws_run(ws: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = selfeval();
    cmd.arg("run").arg(ws).args(extra);
    cmd.env("SOURCE_DATE_EPOCH", EPOCH).env_remove(FAULT);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("selfeval runs");
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// (files read, results taken from the history), from the run's line.
fn counts(o: &Output) -> (usize, usize) {
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("本次读取"))
        .unwrap_or_else(|| panic!("no counts line: {err}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// How many outputs were taken from the previous set, from the run's line.
fn reused(o: &Output) -> usize {
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("本次读取"))
        .unwrap_or("");
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    nums.get(2).copied().unwrap_or(0)
}

/// A workspace for 2021 with the fixtures' inbox.
fn workspace(dir: &Path, name: &str) -> PathBuf {
    let ws = dir.join(name);
    let o = run(&["init", ws.to_str().unwrap(), "--year", "2021"]);
    assert!(o.status.success());
    copy_tree(&fixtures().join("inbox"), &ws.join("收件箱"));
    ws
}

/// Every output of the results folder by path relative to it, with its bytes.
fn outputs(ws: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let root = ws.join("结果");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(&root).unwrap().to_path_buf();
            out.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

/// The outputs of `ws` are those of a fresh workspace on a copy of its inbox (and
/// declarations), paths shown relative to the inbox making them comparable.
fn assert_as_fresh(ws: &Path, dir: &Path, name: &str) {
    let fresh = dir.join(name);
    let o = run(&["init", fresh.to_str().unwrap(), "--year", "2021"]);
    assert!(o.status.success());
    std::fs::copy(ws.join("selfeval.toml"), fresh.join("selfeval.toml")).unwrap();
    copy_tree(&ws.join("收件箱"), &fresh.join("收件箱"));
    copy_tree(&ws.join("申报表"), &fresh.join("申报表"));
    ws_run(&fresh, &[], &[]);
    let (a, b) = (outputs(ws), outputs(&fresh));
    let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        if p == Path::new(".selfeval-run") {
            // The number of the run that wrote the set: this workspace has run more often.
            continue;
        }
        if p.extension().is_some_and(|e| e == "json") {
            // report.json names the workspace's own folders.
            let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
            let ws_name = ws.file_name().unwrap().to_string_lossy().into_owned();
            assert_eq!(x.replace(&ws_name, name), *y, "{}", p.display());
        } else {
            assert!(x == y, "{} differs from a fresh run's", p.display());
        }
    }
}

#[test]
fn a_rerun_reads_only_the_replaced_file_and_writes_what_a_fresh_run_writes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区甲");
    let first = ws_run(&ws, &[], &[]);
    let (read, taken) = counts(&first);
    assert!(read >= 7 && taken == 0, "{read} {taken}");
    // One unit's file replaced by its correction.
    let health = ws.join("收件箱/永登县卫生健康局.xlsx");
    std::fs::copy(
        fixtures().join("resubmission/永登县卫生健康局（第二次报送）.xlsx"),
        &health,
    )
    .unwrap();
    // A reader asked for any other file would abort: none is asked.
    let o = ws_run(&ws, &[], &[(FAULT, "abort:永登县交通运输局.xlsx")]);
    assert_eq!(counts(&o), (1, read - 1));
    assert!(reused(&o) >= 6, "the other units' outputs are taken");
    let doc =
        String::from_utf8_lossy(&std::fs::read(ws.join("结果/report.json")).unwrap()).into_owned();
    assert!(
        !doc.contains("异常退出"),
        "a reader was asked for a kept file"
    );
    assert_as_fresh(&ws, dir.path(), "工作区乙");
    // The same content under a new name is read again: its result carries its path.
    std::fs::rename(&health, ws.join("收件箱/卫生健康局更正.xlsx")).unwrap();
    let o = ws_run(&ws, &[], &[]);
    assert_eq!(counts(&o).0, 1);
    assert!(
        String::from_utf8_lossy(&std::fs::read(ws.join("结果/report.json")).unwrap())
            .contains("卫生健康局更正.xlsx")
    );
    // A setting every letter shows: the letters are written, the workbooks taken, and the
    // live set is never written while the next is built (outputs taken are links to it).
    selfeval::update_settings(&ws.join("selfeval.toml"), &[("联系人", "李四")]).unwrap();
    let live = outputs(&ws);
    let o = ws_run(&ws, &[], &[]);
    assert_eq!(counts(&o).0, 0);
    let workbooks = std::fs::read_dir(ws.join("结果/units")).unwrap().count();
    assert_eq!(reused(&o), workbooks, "the workbooks are taken");
    let spare = ws.join(".结果.selfeval-spare");
    let mut kept = 0;
    for (rel, bytes) in &live {
        if let Ok(now) = std::fs::read(spare.join(rel)) {
            kept += 1;
            assert!(
                now == *bytes,
                "{} of the previous set was written",
                rel.display()
            );
        }
    }
    assert_eq!(kept, live.len(), "the previous set is the spare, whole");
    let letter = ws.join("结果/reports/永登县交通运输局/审核意见书.docx");
    assert!(docx_paragraphs(&letter).iter().any(|p| p.contains("李四")));
    assert_as_fresh(&ws, dir.path(), "工作区丙");
}

#[test]
fn a_changed_policy_year_declaration_or_program_reads_everything_again() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区甲");
    let all = counts(&ws_run(&ws, &[], &[])).0;
    let policy = fixtures().join("policy/sichuan.toml");
    let o = ws_run(&ws, &["--policy", policy.to_str().unwrap()], &[]);
    assert_eq!(counts(&o), (all, 0), "another policy");
    let o = ws_run(&ws, &["--year", "2020"], &[]);
    assert_eq!(counts(&o), (all, 0), "another year");
    let o = ws_run(&ws, &[], &[]);
    assert_eq!(counts(&o), (0, all), "back to the settings kept");
    std::fs::copy(
        fixtures().join("approved/申报表_部门.xlsx"),
        ws.join("申报表/申报表_部门.xlsx"),
    )
    .unwrap();
    let o = ws_run(&ws, &[], &[]);
    assert_eq!(counts(&o), (all + 1, 0), "a declaration added");
    // Results of another build are never used (and are dropped), also one of the same
    // version number: a fixed rule or a type laid out otherwise changes no version.
    let db = rusqlite::Connection::open(ws.join("selfeval.db")).unwrap();
    let same_number = env!("CARGO_PKG_VERSION");
    db.execute("UPDATE results SET version=?1", [same_number])
        .unwrap();
    drop(db);
    set_mtime(&ws.join("收件箱/永登县交通运输局.xlsx"), 7200);
    let o = ws_run(&ws, &[], &[]);
    assert_eq!(counts(&o), (all + 1, 0), "another program");
    let db = rusqlite::Connection::open(ws.join("selfeval.db")).unwrap();
    let old: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM results WHERE version=?1",
            [same_number],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0);
}

#[test]
fn a_timeout_is_never_kept() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区甲");
    let name = "永登县交通运输局.xlsx";
    let limits = ["--file-timeout", "1"];
    let o = ws_run(&ws, &limits, &[(FAULT, &format!("hang:{name}"))]);
    let doc = std::fs::read_to_string(ws.join("结果/report.json")).unwrap();
    assert!(doc.contains("读取超时"), "the fault made a time-out");
    let (read, _) = counts(&o);
    set_mtime(&ws.join("收件箱").join(name), 7200);
    let o = ws_run(&ws, &limits, &[]);
    assert_eq!(
        counts(&o),
        (1, read - 1),
        "only the file that timed out is read"
    );
    let doc = std::fs::read_to_string(ws.join("结果/report.json")).unwrap();
    assert!(!doc.contains("读取超时"));
}

#[test]
fn a_declaration_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert!(run(&["init", ws.to_str().unwrap(), "--year", "2024"])
        .status
        .success());
    for f in ["自评表_甲.xlsx", "自评表_部门.xlsx"] {
        std::fs::copy(
            fixtures().join("approved").join(f),
            ws.join("收件箱").join(f),
        )
        .unwrap();
    }
    for f in ["申报表_中央.xlsx", "申报表_部门.xlsx"] {
        std::fs::copy(
            fixtures().join("approved").join(f),
            ws.join("申报表").join(f),
        )
        .unwrap();
    }
    assert_eq!(counts(&ws_run(&ws, &[], &[])), (4, 0));
    let first = std::fs::read_to_string(ws.join("结果/report.json")).unwrap();
    assert!(
        first.contains("approved-target-lowered"),
        "declarations compared"
    );
    let db = rusqlite::Connection::open(ws.join("selfeval.db")).unwrap();
    let rows: i64 = db
        .query_row("SELECT COUNT(*) FROM declarations", [], |r| r.get(0))
        .unwrap();
    assert!(
        rows >= 2,
        "the declarations read are in the history ({rows})"
    );
    drop(db);
    // A reader asked for the declaration again would abort.
    set_mtime(&ws.join("收件箱/自评表_甲.xlsx"), 7200);
    let o = ws_run(&ws, &[], &[(FAULT, "abort:申报表_中央.xlsx")]);
    assert_eq!(counts(&o), (0, 4));
    let second = std::fs::read_to_string(ws.join("结果/report.json")).unwrap();
    assert_eq!(first, second);
}

/// What version 2 added, taken away again: the file as the first workspace program wrote
/// it (version 1).
const DOWNGRADE: &str = "
DROP TABLE results;
ALTER TABLE outputs DROP COLUMN inputs;
PRAGMA user_version=1;
";

#[test]
fn a_version_1_history_is_backed_up_and_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区甲");
    let db = ws.join("selfeval.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(DOWNGRADE).unwrap();
        c.execute(
            "INSERT INTO runs(id, at, version, policy, year, files, tables, errors, warnings, fingerprint, exit) VALUES(1, '2022-04-01 10:00:00', '0.1.0', 'default', 2021, 1, 1, 0, 0, 'old', 0)",
            [],
        )
        .unwrap();
    }
    let v1 = std::fs::read(&db).unwrap();
    let o = ws_run(&ws, &[], &[]);
    assert!(counts(&o).0 >= 7);
    assert_eq!(std::fs::read(ws.join("selfeval.db.bak-1")).unwrap(), v1);
    let c = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
    let runs: i64 = c
        .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(runs, 2, "the old run kept, the new one added");
    let kept: i64 = c
        .query_row("SELECT COUNT(*) FROM results", [], |r| r.get(0))
        .unwrap();
    assert!(kept >= 7);
}

/// The window a kill can hit between recording a run and switching its set in, made on
/// purpose: run 2 is recorded, but run 1's set is put back as the live one. The next run
/// must not take run 1's files for outputs the officer edited (they differ from what run 2
/// recorded only because run 2's set never went in).
#[test]
fn a_set_recorded_but_never_switched_in_is_not_taken_for_edits() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区甲");
    ws_run(&ws, &[], &[]);
    let first = dir.path().join("第一次的结果");
    copy_tree(&ws.join("结果"), &first);
    std::fs::copy(
        fixtures().join("resubmission/永登县卫生健康局（第二次报送）.xlsx"),
        ws.join("收件箱/永登县卫生健康局.xlsx"),
    )
    .unwrap();
    set_mtime(&ws.join("收件箱/永登县卫生健康局.xlsx"), 7200);
    ws_run(&ws, &[], &[]);
    std::fs::remove_dir_all(ws.join("结果")).unwrap();
    copy_tree(&first, &ws.join("结果"));
    let o = ws_run(&ws, &[], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("已保留你修改过的"), "{err}");
    assert!(!ws.join("结果/已修改").exists(), "{err}");
    assert_as_fresh(&ws, dir.path(), "工作区乙");
}

#[test]
fn a_run_killed_at_any_moment_leaves_a_history_the_next_run_can_trust() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区甲");
    ws_run(&ws, &[], &[]);
    let health = ws.join("收件箱/永登县卫生健康局.xlsx");
    std::fs::copy(
        fixtures().join("resubmission/永登县卫生健康局（第二次报送）.xlsx"),
        &health,
    )
    .unwrap();
    for delay in [30u64, 150, 400, 800] {
        let mut cmd = selfeval();
        cmd.arg("run").arg(&ws).env("SOURCE_DATE_EPOCH", EPOCH);
        kill_after(cmd, std::time::Duration::from_millis(delay));
        let c = rusqlite::Connection::open(ws.join("selfeval.db")).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // Make the next attempt a real run again, whatever this one committed.
        set_mtime(&health, 3600 + delay);
    }
    ws_run(&ws, &[], &[]);
    assert_as_fresh(&ws, dir.path(), "工作区乙");
}

/// The tables' reviewed figures of a report.json, by file name and sheet.
fn reviews(report: &Path) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    let mut out = Vec::new();
    for f in doc["files"].as_array().unwrap() {
        let name = Path::new(f["path"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for t in f["tables"].as_array().unwrap() {
            out.push(format!(
                "{name}|{}|{}|{}",
                t["sheet"], t["total"], t["grade"]
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn the_workspace_policy_is_the_one_the_readers_score_with() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区丙");
    let policy = fixtures().join("policy/sichuan.toml");
    std::fs::copy(&policy, ws.join("评分规则.toml")).unwrap();
    let toml = ws.join("selfeval.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("\"评分规则\""))
        .map(str::to_string);
    let text = match line {
        Some(l) => text.replace(&l, "\"评分规则\" = \"评分规则.toml\""),
        None => format!("\"评分规则\" = \"评分规则.toml\"\n{text}"),
    };
    std::fs::write(&toml, text).unwrap();
    ws_run(&ws, &[], &[]);
    let plain = dir.path().join("plain");
    let o = selfeval()
        .args(["run", "--year", "2021", "--policy"])
        .arg(&policy)
        .arg(ws.join("收件箱"))
        .arg("-o")
        .arg(&plain)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1));
    let default = dir.path().join("default");
    let o = selfeval()
        .args(["run", "--year", "2021"])
        .arg(ws.join("收件箱"))
        .arg("-o")
        .arg(&default)
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1));
    let ours = reviews(&ws.join("结果/report.json"));
    assert_eq!(ours, reviews(&plain.join("report.json")));
    assert_ne!(
        ours,
        reviews(&default.join("report.json")),
        "the policy must change some reviewed figure for this test to mean anything"
    );
}

/// A history damaged inside (a page of the kept results overwritten: the file still opens,
/// its header and schema are whole) is refused with the message naming it, nothing of it
/// rewritten and the results folder as it was: the whole-file check runs beside the reading
/// and is awaited before anything is written.
#[test]
fn a_history_damaged_inside_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "工作区");
    ws_run(&ws, &[], &[]);
    let db = ws.join("selfeval.db");
    let (root, page): (i64, i64) = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name='results'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let page = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        (root, page)
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let at = ((root - 1) * page) as usize;
    assert!(
        at > 0 && at + page as usize <= bytes.len(),
        "the run kept results"
    );
    bytes[at..at + page as usize].fill(0x5a);
    std::fs::write(&db, &bytes).unwrap();
    let before = outputs(&ws);
    // Nothing changed (the run that writes nothing), then a file touched (a whole run).
    for touch in [false, true] {
        if touch {
            set_mtime(&ws.join("收件箱").join("永登县交通运输局.xlsx"), 7200);
        }
        let o = selfeval()
            .arg("run")
            .arg(&ws)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("selfeval.db") && err.contains("已损坏"),
            "{err}"
        );
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "never rewritten");
        assert!(before == outputs(&ws), "the results stand as they were");
    }
}
