//! The campaign and page audit (docs/spec-audit.md, "Campaign and page audit (audcamp)"):
//! each sentence of campaign.md and web.md that no other test held, tried through the binary
//! as an officer uses it. Tables from `fixtures/make/audcamp.py` (one unit, several versions
//! whose problems the spec names by identity); every test lists all its mismatches at once.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const EDU: &str = "永安县教育局";
const CIVIL: &str = "永安县民政局";
const WATER: &str = "永安县水利局";
const FOREST: &str = "永安县林业局";
const STATS: &str = "永安县统计局";
const AUDIT: &str = "永安县审计局";
const ARCHIVES: &str = "永安县档案局";
const WEATHER: &str = "永安县气象局";

/// What a walk found different from the spec, listed at the end.
#[derive(Default)]
struct Misses(Vec<String>);

impl Misses {
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, got: T, want: T) {
        if got != want {
            self.0.push(format!("{what}: got {got:?}, want {want:?}"));
        }
    }
    fn yes(&mut self, what: &str, ok: bool) {
        if !ok {
            self.0.push(what.to_string());
        }
    }
    fn none(self) {
        assert!(
            self.0.is_empty(),
            "{} mismatches:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

fn version(unit: &str, v: &str) -> PathBuf {
    fixtures()
        .join("audcamp")
        .join(unit)
        .join(format!("{v}.xlsx"))
}

/// Puts a version of a unit's table into the inbox under `name`, with a file time.
fn send(ws: &Path, unit: &str, v: &str, name: &str, mtime: u64) {
    let to = ws.join("收件箱").join(name);
    std::fs::copy(version(unit, v), &to).unwrap();
    set_mtime(&to, mtime);
}

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn report(ws: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(ws.join("结果/report.json")).unwrap()).unwrap()
}

/// A unit's figures as report.json gives them: status, round, fixed, remaining, new.
fn figures(doc: &Value, name: &str) -> String {
    let u = json_unit(doc, name);
    let (status, round) = (&u["status"], &u["round"]);
    let (f, r, n) = (&u["fixed"], &u["remaining"], &u["new"]);
    format!("{status} round {round} fixed {f} remaining {r} new {n}")
}

/// A workspace of the audit's roster: 教育局 never sends; 档案局 sends as 永安县档案馆.
fn workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("2021年度绩效自评");
    let w = ws.to_str().unwrap();
    assert_exit(
        &run(&["init", w, "--year", "2021", "--bureau", "永安县财政局"]),
        0,
    );
    selfeval::update_settings(
        &ws.join("selfeval.toml"),
        &[
            ("文号.意见书", "永财绩〔{年}〕{序号}号"),
            ("报送期限天数", "10"),
        ],
    )
    .unwrap();
    let row = |n| [n, "", "", "", ""];
    write_roster(
        &ws.join("单位名单.xlsx"),
        &[
            row("示例：某某局"),
            row(EDU),
            row(CIVIL),
            row(WATER),
            row(FOREST),
            row(STATS),
            row(AUDIT),
            [ARCHIVES, "", "", "", "永安县档案馆"],
        ],
    );
    ws
}

fn json_of(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or(Value::Null)
}

/// The 汇总 row of a unit: its cells as text.
fn summary_row(ws: &Path, name: &str) -> Vec<String> {
    let g = grid(&ws.join("结果/summary.xlsx"), "汇总");
    let Some(((r, _), _)) = g
        .iter()
        .find(|((_, c), v)| *c == 0 && v.to_string() == name)
    else {
        return Vec::new();
    };
    (0..40).map(|c| cell_text(&g, *r, c)).collect()
}

/// Round 0: every roster unit has its row and the status §5 gives it, before any round.
fn first_run(ws: &Path, m: &mut Misses) {
    send(ws, "minzheng", "clean", "永安县民政局.xlsx", 100);
    send(ws, "shuili", "warn", "永安县水利局.xlsx", 100);
    send(ws, "linye", "ab", "永安县林业局.xlsx", 100);
    send(ws, "tongji", "y2020", "永安县统计局.xlsx", 100);
    send(ws, "dangan", "clean", "永安县档案馆.xlsx", 100);
    send(ws, "qixiang", "clean", "永安县气象局.xlsx", 100);
    let broken = ws.join("收件箱/永安县审计局.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a workbook").unwrap();
    let o = run(&["run", ws.to_str().unwrap()]);
    m.eq("run 1 exit (errors in counting copies)", code(&o), 1);
    let doc = report(ws);
    for (name, status, in_roster) in [
        (EDU, "not-received", true),
        (CIVIL, "passed", true),
        (WATER, "passed", true),
        (FOREST, "pending", true),
        // Its only table is of 2020: no counting table, so not 通过 (§10).
        (STATS, "pending", true),
        (AUDIT, "pending", true),
        (ARCHIVES, "passed", true),
        (WEATHER, "passed", false),
    ] {
        let u = json_unit(&doc, name);
        m.eq(
            &format!("run 1 {name} status"),
            u["status"].as_str(),
            Some(status),
        );
        m.eq(
            &format!("run 1 {name} in_roster"),
            u["in_roster"].as_bool(),
            Some(in_roster),
        );
    }
    m.eq(
        "run 1 教育局 files",
        &json_unit(&doc, EDU)["files"],
        &serde_json::json!([]),
    );
    m.eq(
        "run 1 统计局 tables",
        json_unit(&doc, STATS)["tables"].as_u64(),
        Some(0),
    );
    m.eq(
        "run 1 林业局 errors",
        json_unit(&doc, FOREST)["errors"].as_u64(),
        Some(2),
    );
    m.eq(
        "run 1 水利局 warnings",
        json_unit(&doc, WATER)["warnings"].as_u64(),
        Some(1),
    );
    let row = summary_row(ws, EDU);
    m.yes(
        &format!("汇总 has 教育局 未报送: {row:?}"),
        row.iter().any(|c| c == "未报送"),
    );
    let findings = all_findings(&doc);
    let year: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "year-mismatch")
        .collect();
    m.eq("year-mismatch findings", year.len(), 1);
    for f in year {
        m.eq(
            "year-mismatch severity in a workspace",
            f["severity"].as_str(),
            Some("error"),
        );
        m.eq(
            "year-mismatch state",
            f["state"].as_str(),
            Some("superseded"),
        );
    }
    let states: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] != "year-mismatch")
        .filter_map(|f| f["state"].as_str())
        .filter(|s| *s != "new")
        .collect();
    m.eq(
        "states before any round (all new)",
        states,
        Vec::<&str>::new(),
    );
    let st = json_of(&run(&["status", ws.to_str().unwrap(), "--format", "json"]));
    for u in doc["units"].as_array().into_iter().flatten() {
        let name = u["name"].as_str().unwrap_or("");
        let s = st["units"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name));
        m.eq(
            &format!("status {name} = report.json"),
            s.map(|s| &s["status"]),
            Some(&u["status"]),
        );
    }
}

/// Every finding of report.json, files' and tables'.
fn all_findings(doc: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for f in doc["files"].as_array().into_iter().flatten() {
        out.extend(f["findings"].as_array().into_iter().flatten().cloned());
        for t in f["tables"].as_array().into_iter().flatten() {
            out.extend(t["findings"].as_array().into_iter().flatten().cloned());
        }
    }
    out
}

/// `issue --format json`: the round, its units and their letter numbers.
fn issue(ws: &Path, m: &mut Misses, round: u32, units: &[&str], numbers: &[u32]) {
    let o = run(&["issue", ws.to_str().unwrap(), "--format", "json"]);
    m.eq(&format!("issue {round} exit"), code(&o), 0);
    let got = json_of(&o);
    m.eq(
        &format!("issue {round} round"),
        got["round"].as_u64(),
        Some(u64::from(round)),
    );
    m.eq(
        &format!("issue {round} units"),
        &got["units"],
        &serde_json::json!(units),
    );
    let year = crate_year();
    let want: Vec<String> = numbers
        .iter()
        .map(|n| format!("永财绩〔{year}〕{n}号"))
        .collect();
    let letters: Vec<String> = got["letters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["number"].as_str().map(String::from))
        .collect();
    m.eq(&format!("issue {round} letter numbers"), letters, want);
}

/// The year of issue (`{年}`), in the bureaus' day (UTC+8).
fn crate_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 8 * 3600;
    let days = (secs / 86_400) as i64;
    // Civil from days (Howard Hinnant's algorithm), the year only.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// Round 2: a correction with an older file time, an unreadable file replaced, a file
/// renamed with the same content, another year's table followed by this year's.
fn second_run(ws: &Path, m: &mut Misses) {
    send(ws, "linye", "bc", "永安县林业局（修改）.xlsx", 0);
    send(ws, "shenji", "clean", "永安县审计局（重报）.xlsx", 0);
    send(ws, "tongji", "clean", "永安县统计局（2021）.xlsx", 0);
    let inbox = ws.join("收件箱");
    std::fs::rename(
        inbox.join("永安县民政局.xlsx"),
        inbox.join("民政局（再次）.xlsx"),
    )
    .unwrap();
    run(&["run", ws.to_str().unwrap()]);
    let doc = report(ws);
    m.eq(
        "run 2 林业局 (A fixed, B remains, C new)",
        figures(&doc, FOREST),
        r#""resubmitted" round 1 fixed 1 remaining 1 new 1"#.to_string(),
    );
    m.eq(
        "run 2 审计局 (its unreadable file replaced)",
        figures(&doc, AUDIT),
        r#""passed" round 1 fixed 1 remaining 0 new 0"#.to_string(),
    );
    m.eq(
        "run 2 民政局 (renamed)",
        json_unit(&doc, CIVIL)["status"].as_str(),
        Some("passed"),
    );
    m.eq(
        "run 2 统计局",
        json_unit(&doc, STATS)["status"].as_str(),
        Some("passed"),
    );
    m.eq(
        "run 2 教育局",
        json_unit(&doc, EDU)["status"].as_str(),
        Some("not-received"),
    );
    let forest = json_unit(&doc, FOREST);
    m.eq(
        "run 2 林业局 superseded",
        names(&forest["superseded"]),
        vec!["永安县林业局.xlsx".to_string()],
    );
    m.eq(
        "run 2 林业局 files",
        names(&forest["files"]),
        vec!["永安县林业局（修改）.xlsx".to_string()],
    );
    let fixed: Vec<(String, String)> = fixed_of(&doc);
    m.eq(
        "run 2 report.json fixed",
        fixed,
        vec![
            (AUDIT.to_string(), "file-unreadable".to_string()),
            (FOREST.to_string(), "exec-score-inflated".to_string()),
        ],
    );
}

/// The file names of a list of paths.
fn names(paths: &Value) -> Vec<String> {
    let all = paths
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str);
    all.map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string())
        .collect()
}

/// report.json's `fixed`: (unit, code), sorted.
fn fixed_of(doc: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc["fixed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("unit"), s("code"))
        })
        .collect();
    v.sort();
    v
}

/// After round 2: the round-2 file renamed is no answer; then a third version answers.
fn third_run(ws: &Path, m: &mut Misses) {
    let inbox = ws.join("收件箱");
    std::fs::rename(
        inbox.join("永安县林业局（修改）.xlsx"),
        inbox.join("永安县林业局（修改后）.xlsx"),
    )
    .unwrap();
    run(&["run", ws.to_str().unwrap()]);
    let doc = report(ws);
    m.eq(
        "renamed between rounds: 林业局 still returned in round 2",
        figures(&doc, FOREST),
        r#""returned" round 2 fixed 0 remaining 2 new 0"#.to_string(),
    );
    let audit = (AUDIT.to_string(), "file-unreadable".to_string());
    m.eq(
        "renamed: nothing fixed but 审计局's round 1",
        fixed_of(&doc),
        vec![audit.clone()],
    );
    send(ws, "linye", "c", "永安县林业局（第三次）.xlsx", 50);
    run(&["run", ws.to_str().unwrap()]);
    let doc = report(ws);
    m.eq(
        "run 3 林业局 (B fixed, C remains; A of round 1 not again)",
        figures(&doc, FOREST),
        r#""resubmitted" round 2 fixed 1 remaining 1 new 0"#.to_string(),
    );
    m.eq(
        "run 3 report.json fixed (round 2's only)",
        fixed_of(&doc),
        vec![audit, (FOREST.to_string(), "reason-missing".to_string())],
    );
    let sheet = grid(&ws.join("结果/findings.xlsx"), "已改正");
    let codes: Vec<String> = sheet.values().map(|v| v.to_string()).collect();
    m.yes(
        &format!("已改正 sheet lists reason-missing only: {codes:?}"),
        codes.iter().any(|c| c == "reason-missing")
            && !codes.iter().any(|c| c == "exec-score-inflated"),
    );
    let letter = ws.join("结果/reports").join(FOREST).join("审核意见书.docx");
    let text = docx_paragraphs(&letter).join("\n");
    m.yes(
        &format!("letter opens with round 2's count: {text}"),
        text.contains("你单位已改正第2轮意见指出的1个问题，尚有1个问题未改正"),
    );
}

/// campaign.md §4, §5, §9, §10 over three rounds: statuses at their edges, copies counted
/// once by first receipt, a rename that is no answer, 已改正/仍存在/新出现 against the last
/// round sent to the unit, letter numbers that go on, round 1's archive never rewritten.
#[test]
fn statuses_copies_and_states_over_three_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let mut m = Misses::default();
    first_run(&ws, &mut m);
    // 林业局 (errors) and 审计局 (unreadable); not 统计局 (no counting copy), not 水利局
    // (warnings only: 通过).
    issue(&ws, &mut m, 1, &[FOREST, AUDIT], &[1, 2]);
    let doc = report(&ws);
    m.eq(
        "after issue 1 林业局",
        figures(&doc, FOREST),
        r#""returned" round 1 fixed 0 remaining 2 new 0"#.to_string(),
    );
    let first = round_folder(&ws, 1);
    m.yes(
        "round 1 archive letter",
        first.join(FOREST).join("审核意见书.docx").is_file(),
    );
    m.yes(
        "round 1 archive workbook",
        first.join(FOREST).join(format!("{FOREST}.xlsx")).is_file(),
    );
    let archived = tree(&first);
    second_run(&ws, &mut m);
    issue(&ws, &mut m, 2, &[FOREST], &[3]);
    third_run(&ws, &mut m);
    issue(&ws, &mut m, 3, &[FOREST], &[4]);
    send(&ws, "linye", "clean", "永安县林业局（第四次）.xlsx", 60);
    run(&["run", ws.to_str().unwrap()]);
    let doc = report(&ws);
    m.eq(
        "run 4 林业局 fixed everything",
        figures(&doc, FOREST),
        r#""passed" round 3 fixed 1 remaining 0 new 0"#.to_string(),
    );
    m.eq("round 1 archive unchanged", tree(&first), archived);
    m.none();
}

fn round_folder(ws: &Path, n: u32) -> PathBuf {
    let found = std::fs::read_dir(ws.join("归档"))
        .into_iter()
        .flatten()
        .flatten();
    found
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with(&format!("第{n}轮（")))
        })
        .unwrap_or_default()
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

/// campaign.md §8: an output the officer changed "is not lost: it is moved to 结果/已修改/";
/// §10: ` (2)` on collisions. Three edits of one letter on one day, each followed by a run:
/// three kept files, each edit in one of them.
#[test]
fn every_edit_of_an_output_is_kept_however_often_in_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(&ws, "linye", "a", "1.xlsx", 10);
    run(&["run", w]);
    let letter = ws.join("结果/reports").join(FOREST).join("审核意见书.docx");
    for (i, v) in ["ab", "bc", "c"].iter().enumerate() {
        std::fs::write(&letter, format!("edit {i}")).unwrap();
        send(&ws, "linye", v, &format!("{}.xlsx", i + 2), 20 + i as u64);
        run(&["run", w]);
    }
    let kept = ws.join("结果/已修改/reports").join(FOREST);
    let mut found: Vec<String> = tree(&kept)
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    found.sort();
    let mut m = Misses::default();
    m.eq(
        "the edits kept",
        found,
        vec!["edit 0".into(), "edit 1".into(), "edit 2".into()],
    );
    m.none();
}
