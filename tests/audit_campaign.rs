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
            ("文号.汇总报告", "永财绩〔{年}〕{序号}号"),
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
    let Some(((r, _), _)) = g.iter().find(|((_, c), v)| *c == 0 && *v == name) else {
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

/// §10: "a draft in 结果/ shows the template with the number left blank (`永财绩〔　〕号`)";
/// the bureau's report shows `文号.汇总报告` with the number blank.
fn drafts_leave_the_number_blank(ws: &Path, m: &mut Misses) {
    let reports = ws.join("结果/reports");
    for doc in [
        reports.join(FOREST).join("审核意见书.docx"),
        reports.join("汇总报告（初稿）.docx"),
    ] {
        let text = docx_paragraphs(&doc).join("\n");
        let name = doc.display().to_string();
        m.yes(
            &format!("{name}: number blank"),
            text.contains("永财绩〔\u{3000}〕号"),
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
    // §4: the old copy's own findings stay visible in findings.xlsx, 状态 已被替代.
    let fx = grid(&ws.join("结果/findings.xlsx"), "问题清单");
    let old = fx
        .iter()
        .filter(|((_, c), v)| *c == 12 && *v == "已被替代")
        .count();
    m.yes(&format!("findings.xlsx rows 已被替代: {old}"), old >= 2);
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
    drafts_leave_the_number_blank(&ws, &mut m);
    // An officer's edit of the current letter is not what the round archives (§10).
    let current = ws.join("结果/reports").join(FOREST).join("审核意见书.docx");
    std::fs::write(&current, b"edited by the officer").unwrap();
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
    let letter = std::fs::read(first.join(FOREST).join("审核意见书.docx")).unwrap_or_default();
    m.yes(
        "the archived letter generated afresh",
        letter.starts_with(b"PK"),
    );
    let kept = tree(&ws.join("结果/已修改"));
    m.yes(
        "the edited letter kept",
        kept.iter().any(|(_, b)| b == b"edited by the officer"),
    );
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
    the_page_shows_the_same(dir, &mut m);
    m.none();
}

/// web.md §2 on the walk's workspace: every roster unit a row of 总览 (教育局 未报送), the
/// unit page's files 计入 / 已被替代 with `以此为准`, its archived downloads by round.
fn the_page_shows_the_same(dir: tempfile::TempDir, m: &mut Misses) {
    let p = page_on(dir, "2021年度绩效自评", &[]);
    let (_, _, overview) = p.get("/", true);
    for name in [EDU, CIVIL, WATER, FOREST, STATS, AUDIT, ARCHIVES, WEATHER] {
        m.yes(
            &format!("总览 has a row for {name}"),
            overview.contains(&format!(">{name}<")),
        );
    }
    let edu_row = overview
        .split(&format!(">{EDU}<"))
        .nth(1)
        .and_then(|r| r.split("</tr>").next());
    m.yes(
        "总览: 教育局 未报送",
        edu_row.is_some_and(|r| r.contains("未报送")),
    );
    let encoded: String = FOREST.bytes().map(|b| format!("%{b:02X}")).collect();
    let (status, _, unit) = p.get(&format!("/unit/{encoded}"), true);
    m.eq("林业局's page", status, 200);
    for word in [
        "已被替代",
        "以此为准",
        "第1轮退回工作簿",
        "第3轮审核意见书",
        "退回工作簿",
        "审核意见书",
    ] {
        m.yes(&format!("林业局's page shows {word}"), unit.contains(word));
    }
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

// ---- The page (web.md §1, §3), from outside the browser, with the default limits ----

/// A running `selfeval serve`, killed when dropped.
struct Page {
    child: std::process::Child,
    port: u16,
    token: String,
    first: String,
    dir: tempfile::TempDir,
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `serve --no-open` over a fresh workspace, with `more` arguments and no test limits.
fn page(more: &[&str]) -> Page {
    let dir = tempfile::tempdir().unwrap();
    assert_exit(
        &run(&["init", dir.path().to_str().unwrap(), "--year", "2021"]),
        0,
    );
    page_on(dir, "", more)
}

/// `serve --no-open` over the workspace `sub` of `dir`.
fn page_on(dir: tempfile::TempDir, sub: &str, more: &[&str]) -> Page {
    use std::io::BufRead;
    let mut child = selfeval()
        .args(["serve", "--no-open"])
        .arg(dir.path().join(sub))
        .args(more)
        .env_remove("SELFEVAL_SERVE_LIMITS")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = first
        .split("http://")
        .nth(1)
        .unwrap_or("")
        .trim()
        .to_string();
    let port = url
        .split(['/', ':'])
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let token = url.split("token=").nth(1).unwrap_or("").to_string();
    Page {
        child,
        port,
        token,
        first,
        dir,
    }
}

/// An answer: status, lower-cased head, body.
fn exchange(
    port: u16,
    head: &str,
    body: &mut dyn Iterator<Item = Vec<u8>>,
) -> (u16, String, String) {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new(), String::new());
    };
    let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(60)));
    let _ = s.write_all(head.as_bytes());
    for chunk in body {
        // The server may answer (413) and close before it has read everything.
        if s.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (h, b) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = h
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, h.to_lowercase(), b.to_string())
}

impl Page {
    fn get(&self, path: &str, cookie: bool) -> (u16, String, String) {
        let c = self.cookie_line(cookie);
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{c}Connection: close\r\n\r\n",
            self.port
        );
        exchange(self.port, &head, &mut std::iter::empty())
    }
    fn cookie_line(&self, cookie: bool) -> String {
        match cookie {
            true => format!("Cookie: selfeval_{}={}\r\n", self.port, self.token),
            false => String::new(),
        }
    }
    /// A multipart upload of `files` (name, size, byte) streamed in 1 MiB pieces.
    fn upload(&self, files: &[(String, usize, u8)]) -> (u16, String, String) {
        let settings = self.get("/settings", true).2;
        let at = settings
            .find("name=\"csrf\" content=\"")
            .map_or(0, |i| i + 21);
        let csrf = settings.get(at..at + 64).unwrap_or("");
        let part = |n: &str| {
            format!(
                "--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{n}\"\r\n\r\n"
            )
        };
        let len: usize = files
            .iter()
            .map(|(n, s, _)| part(n).len() + s + 2)
            .sum::<usize>()
            + 7;
        let head = format!(
            "POST /upload HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n{c}Origin: http://127.0.0.1:{p}\r\nx-csrf-token: {csrf}\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n",
            p = self.port,
            c = self.cookie_line(true),
        );
        let mut body = files.iter().flat_map(|(n, size, byte)| {
            let pieces = (0..*size)
                .step_by(1 << 20)
                .map(move |at| vec![*byte; (size - at).min(1 << 20)]);
            std::iter::once(part(n).into_bytes())
                .chain(pieces)
                .chain(std::iter::once(b"\r\n".to_vec()))
        });
        let mut body = (&mut body).chain(std::iter::once(b"--B--\r\n".to_vec()));
        exchange(self.port, &head, &mut body)
    }
}

/// The listening sockets of a port, from /proc/net/tcp{,6}: their local addresses (hex).
fn listening(port: u16) -> Vec<String> {
    let mut out = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let Some((addr, p)) = cols.get(1).and_then(|c| c.rsplit_once(':')) else {
                continue;
            };
            if cols.get(3) == Some(&"0A") && u16::from_str_radix(p, 16).ok() == Some(port) {
                out.push(addr.to_string());
            }
        }
    }
    out
}

/// web.md §1, §3: 127.0.0.1 only (no other address listens), a token of at least 128 bits
/// in the printed address, valid until the server stops (opened again, it still lets in),
/// `--port N` taken.
#[test]
fn the_page_listens_on_loopback_only_with_a_long_token_that_stays_valid() {
    let mut m = Misses::default();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let p = page(&["--port", &port.to_string()]);
    m.yes(
        &format!("printed as the spec says: {}", p.first),
        p.first.starts_with(&format!(
            "请在浏览器中打开：http://127.0.0.1:{port}/?token="
        )),
    );
    m.eq("--port N", p.port, port);
    let hex = p.token.chars().all(|c| c.is_ascii_hexdigit());
    m.yes(
        &format!("token of ≥128 bits: {}", p.token),
        hex && p.token.len() >= 32,
    );
    let loopback = ["0100007F", "00000000000000000000000001000000"];
    let addrs = listening(port);
    m.yes(
        &format!("listening on loopback only: {addrs:?}"),
        !addrs.is_empty() && addrs.iter().all(|a| loopback.contains(&a.as_str())),
    );
    for visit in ["first", "again"] {
        let (status, head, _) = p.get(&format!("/?token={}", p.token), false);
        m.eq(&format!("printed address, {visit}"), status, 303);
        m.yes(
            &format!("{visit}: a cookie set: {head}"),
            head.contains("set-cookie: selfeval_"),
        );
    }
    m.eq("with the cookie", p.get("/", true).0, 200);
    m.none();
}

/// web.md §3: "A request the page cannot serve gets a Chinese error page and an entry in
/// the log, never a crash; the server keeps serving" — a page that does not exist, a request
/// that is no HTTP, a unit that is not there.
#[test]
fn a_request_the_page_cannot_serve_is_answered_in_chinese_and_the_page_goes_on() {
    let mut m = Misses::default();
    let p = page(&[]);
    let (status, head, body) = p.get("/nosuch", true);
    m.eq("an unknown page", status, 404);
    m.yes(
        &format!("Chinese error page: {body}"),
        body.contains("lang=\"zh-CN\"") && body.contains("没有这个页面"),
    );
    m.yes(
        &format!("headers on an error: {head}"),
        head.contains("x-frame-options: deny") && head.contains("content-security-policy"),
    );
    let (status, _, _) = exchange(p.port, "GARBAGE\r\n\r\n", &mut std::iter::empty());
    m.yes(
        &format!("no HTTP: refused or closed, got {status}"),
        status == 0 || (400..500).contains(&status),
    );
    let (status, _, body) = p.get("/unit/%E6%B2%A1%E6%9C%89", true);
    m.yes(
        &format!("a unit not there: {status} {body}"),
        status < 500 && body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
    );
    m.eq("still serving", p.get("/", true).0, 200);
    m.none();
}

/// web.md §3's default upload limits: 100 MB a file, 1 GB a request, 2,000 files a request,
/// each refused with a Chinese message naming the limit; nothing partial left in 收件箱.
#[test]
fn the_default_upload_limits_are_the_specs() {
    let mut m = Misses::default();
    let p = page(&[]);
    let inbox = p.dir.path().join("收件箱");
    let (status, _, body) = p.upload(&[("大.xlsx".into(), 100_000_001, b'x')]);
    m.eq("a file over 100 MB", status, 413);
    m.yes(&format!("names 100 MB: {body}"), body.contains("100 MB"));
    m.eq("nothing of it kept", tree(&inbox).len(), 0);
    let files: Vec<(String, usize, u8)> = (0..11)
        .map(|i| (format!("g{i}.bin"), 95_000_000, b'a'))
        .collect();
    let (status, _, body) = p.upload(&files);
    m.eq("a request over 1 GB", status, 413);
    let said = body.matches("本次上传超过 1 GB 的上限").count();
    m.eq("one line names 1 GB (not a second, nameless one)", said, 1);
    let left: Vec<PathBuf> = tree(&inbox).into_iter().map(|(p, _)| p).collect();
    // The request declares its length: refused whole before a byte of it is read (the
    // officer sends it again in parts, as the line says), so nothing of it is kept.
    m.yes(
        &format!("nothing of an over-long request kept: {left:?}"),
        left.is_empty() && body.contains("请分批上传"),
    );
    let many: Vec<(String, usize, u8)> =
        (0..2001).map(|i| (format!("m{i}.txt"), 1, b'k')).collect();
    let (status, _, body) = p.upload(&many);
    m.eq("2,001 files", status, 413);
    m.yes("names 2000", body.contains("一次最多上传 2000 个文件"));
    m.none();
}

/// campaign.md §1: `init` without DIR makes the current folder a workspace and changes
/// nothing run twice; `run`, `status`, `issue`, `pin` without DIR work on it; a relative
/// folder name in `selfeval.toml` is relative to the workspace, from wherever it is run; a
/// folder that is not a workspace is refused in Chinese with exit 2 by every command.
#[test]
fn the_current_folder_is_the_workspace_and_its_names_are_relative_to_it() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("工作区");
    std::fs::create_dir(&ws).unwrap();
    let inside = |args: &[&str]| selfeval().current_dir(&ws).args(args).output().unwrap();
    m.eq(
        "init without DIR",
        code(&inside(&["init", "--year", "2021"])),
        0,
    );
    for f in ["selfeval.toml", "单位名单.xlsx", "收件箱", "结果", "归档"] {
        m.yes(&format!("init made {f}"), ws.join(f).exists());
    }
    let before = tree(&ws);
    inside(&["init"]);
    m.eq("init twice changes nothing", tree(&ws).len(), before.len());
    m.yes("init twice changes no byte", tree(&ws) == before);
    let names = [("收件箱", "来件"), ("结果", "输出")];
    selfeval::update_settings(&ws.join("selfeval.toml"), &names).unwrap();
    std::fs::create_dir(ws.join("来件")).unwrap();
    send_to(&ws.join("来件"), "linye", "a");
    let from_parent = selfeval()
        .current_dir(dir.path())
        .args(["run", "工作区"])
        .output()
        .unwrap();
    m.eq("run from the parent", code(&from_parent), 1);
    let doc: Value = std::fs::read(ws.join("输出/report.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    m.eq(
        "its inbox read",
        doc["units"][0]["name"].as_str(),
        Some(FOREST),
    );
    m.yes(
        "no 结果 written beside",
        !ws.join("工作区").exists() && !dir.path().join("输出").exists(),
    );
    m.eq("run without DIR", code(&inside(&["run"])), 1);
    let st = inside(&["status"]);
    m.eq("status without DIR", code(&st), 0);
    m.yes(
        "status names the unit",
        String::from_utf8_lossy(&st.stdout).contains(FOREST),
    );
    m.eq(
        "pin without DIR",
        code(&inside(&["pin", "来件/林业局.xlsx"])),
        0,
    );
    m.eq("issue without DIR", code(&inside(&["issue"])), 0);
    m.yes(
        "issued into 归档",
        round_folder(&ws, 1).join(FOREST).is_dir(),
    );
    let other = dir.path().join("空文件夹");
    std::fs::create_dir(&other).unwrap();
    for args in [
        vec!["status"],
        vec!["issue"],
        vec!["pin", "x.xlsx"],
        vec!["run"],
    ] {
        let o = selfeval().current_dir(&other).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        m.eq(&format!("{args:?} outside a workspace"), code(&o), 2);
        m.yes(
            &format!("{args:?} says so: {err}"),
            err.contains("不是 selfeval 工作区") && err.contains("selfeval init"),
        );
    }
    m.none();
}

fn send_to(folder: &Path, unit: &str, v: &str) {
    let to = folder.join("林业局.xlsx");
    std::fs::copy(version(unit, v), to).unwrap();
}

/// campaign.md §8: an output the officer changed is moved to `结果/已修改/`, "and the
/// terminal (and the web page) says so". The page's 总览 names the kept files, each a
/// download of what the officer wrote.
#[test]
fn the_page_says_which_edited_outputs_were_kept() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(ws, "linye", "a", "1.xlsx", 10);
    run(&["run", w]);
    let letter = ws.join("结果/reports").join(FOREST).join("审核意见书.docx");
    std::fs::write(&letter, b"edited by the officer").unwrap();
    send(ws, "linye", "ab", "2.xlsx", 20);
    let o = run(&["run", w]);
    m.yes(
        "the terminal says so",
        String::from_utf8_lossy(&o.stderr).contains("已保留你修改过的"),
    );
    let p = page_on(dir, "", &[]);
    let (status, _, body) = p.get("/", true);
    m.eq("总览", status, 200);
    m.yes(
        &format!("总览 says where the edits are: {body}"),
        body.contains("已修改") && body.contains("审核意见书（已修改 "),
    );
    let link = body
        .split("href=\"/dl/")
        .skip(1)
        .find_map(|rest| {
            let (id, after) = rest.split_once('"')?;
            after
                .split_once("</a>")?
                .0
                .contains("（已修改 ")
                .then(|| id.to_string())
        })
        .unwrap_or_default();
    let (status, _, got) = p.get(&format!("/dl/{link}"), true);
    m.eq(
        "its download",
        (status, got.as_str()),
        (200, "edited by the officer"),
    );
    m.none();
}

/// The fixture's versions give the codes fixtures/audcamp/expected.json names (written
/// from rules.md): the walks above rely on which problem each version has.
#[test]
fn each_version_has_the_problems_the_walks_rely_on() {
    let mut m = Misses::default();
    let want: Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("audcamp/expected.json")).unwrap())
            .unwrap();
    for unit in std::fs::read_dir(fixtures().join("audcamp"))
        .unwrap()
        .flatten()
    {
        for file in std::fs::read_dir(unit.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            let v = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let doc = check_json(path.to_str().unwrap());
            let mut codes: Vec<String> = all_findings(&doc)
                .iter()
                .filter_map(|f| f["code"].as_str().map(String::from))
                .collect();
            codes.sort();
            m.eq(
                &path.display().to_string(),
                serde_json::json!(codes),
                want[&v].clone(),
            );
        }
    }
    m.none();
}

/// campaign.md §6: "The workspace belongs on a local disk: on a network share (SQLite's
/// locks are unreliable there) the program warns." The mount table is the system's
/// (`/proc/self/mounts`); `SELFEVAL_MOUNTS` names another for this test, as
/// `SELFEVAL_SERVE_LIMITS` lowers the page's limits.
#[test]
fn a_workspace_on_a_network_share_is_warned_about() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("共享 工作区");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(&ws, "minzheng", "clean", "1.xlsx", 10);
    let real = ws
        .canonicalize()
        .unwrap()
        .display()
        .to_string()
        .replace(' ', "\\040");
    let table = dir.path().join("mounts");
    for (fs, warned) in [("nfs4", true), ("cifs", true), ("ext4", false)] {
        let lines = format!("/dev/vda / ext4 rw 0 0\nserver:/export {real} {fs} rw 0 0\n");
        std::fs::write(&table, lines).unwrap();
        let o = selfeval()
            .args(["run", w])
            .env("SELFEVAL_MOUNTS", &table)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        m.eq(&format!("{fs}: exit"), code(&o), 0);
        m.eq(
            &format!("{fs}: warned: {err}"),
            err.contains("警告：") && err.contains("网络共享"),
            warned,
        );
    }
    m.none();
}

/// campaign.md §10: the identity's subject is "the fund row's role and column (`total.budget`)
/// for fund and execution codes … `-` for table-level codes". The execution rate and score
/// are columns of the 年度资金总额 row (`total.rate`, `total.score`); the stated total is the
/// table's (`total-mismatch`: `-`).
#[test]
fn identities_name_the_subjects_the_spec_gives() {
    let mut m = Misses::default();
    for (file, code, subject) in [
        (
            "e10_exec_score_inflated.xlsx",
            "exec-score-inflated",
            "total.score",
        ),
        (
            "e11_exec_score_understated.xlsx",
            "exec-score-understated",
            "total.score",
        ),
        (
            "e08_rate_past_tolerance.xlsx",
            "exec-rate-mismatch",
            "total.rate",
        ),
        ("e06_rate_just_below_90.xlsx", "exec-rate-low", "total.rate"),
        (
            "e02_rate_over_100.xlsx",
            "fund-over-budget",
            "total.executed",
        ),
        ("g02_total_mismatch.xlsx", "total-mismatch", "-"),
    ] {
        let doc = check_json(&format!("fixtures/specaudit/{file}"));
        let ids: Vec<String> = all_findings(&doc)
            .iter()
            .filter(|f| f["code"] == code)
            .filter_map(|f| f["identity"].as_str().map(String::from))
            .collect();
        let subjects: Vec<&str> = ids.iter().filter_map(|i| i.rsplit('|').next()).collect();
        m.eq(&format!("{file} {code}"), subjects, vec![subject]);
    }
    m.none();
}

/// A round issued by a build that named the execution score's subject `execution`: its
/// finding, still in the table, stays 仍存在 (not 已改正 and 新出现 at once).
#[test]
fn a_round_recorded_with_the_older_identities_is_still_compared() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(&ws, "linye", "a", "1.xlsx", 10);
    run(&["run", w]);
    m.eq("issued", code(&run(&["issue", w])), 0);
    let db = rusqlite::Connection::open(ws.join("selfeval.db")).unwrap();
    let older =
        "UPDATE round_findings SET identity = replace(identity, '|total.score', '|execution')";
    m.eq(
        "the older identity written",
        db.execute(older, []).unwrap_or(0),
        1,
    );
    drop(db);
    send(&ws, "minzheng", "clean", "2.xlsx", 20);
    run(&["run", w]);
    let doc = report(&ws);
    let want = r#""returned" round 1 fixed 0 remaining 1 new 0"#;
    m.eq("林业局", figures(&doc, FOREST), want.to_string());
    m.none();
}

/// campaign.md §10: a report finding's subject is "the report's section heading" — not its
/// sentence, which quotes the very figure a unit corrects. A sum corrected to another wrong
/// sum is the same problem, 仍存在 (not 已改正 and 新出现 at once).
#[test]
fn a_report_problem_corrected_to_another_wrong_figure_remains() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    let src = fixtures().join("reports");
    let inbox = ws.join("收件箱");
    std::fs::copy(
        src.join("永登县交通运输局.xlsx"),
        inbox.join("永登县交通运输局.xlsx"),
    )
    .unwrap();
    let text = std::fs::read_to_string(src.join("永登县交通运输局自评报告（文本）.txt")).unwrap();
    let report_file = inbox.join("永登县交通运输局自评报告.txt");
    std::fs::write(&report_file, &text).unwrap();
    run(&["run", w]);
    m.eq("issued", code(&run(&["issue", w])), 0);
    // The part 1710.18 typed again as 1711.18: the sum is still wrong.
    let again = text.replace("当年财政拨款1710.18万元", "当年财政拨款1711.18万元");
    m.yes("the part retyped", again != text);
    std::fs::write(&report_file, again).unwrap();
    run(&["run", w]);
    let doc = report(&ws);
    let u = json_unit(&doc, "永登县交通运输局");
    let counts = |k: &str| u[k].as_u64();
    m.eq(
        "fixed, remaining, new",
        (counts("fixed"), counts("remaining"), counts("new")),
        (Some(0), Some(1), Some(0)),
    );
    m.none();
}

/// web.md §1: "Everywhere else `selfeval` with no arguments prints help as now … with a
/// line saying that `selfeval serve` opens the page."
#[test]
fn selfeval_alone_prints_help_with_the_page_named() {
    let mut m = Misses::default();
    let o = selfeval()
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    m.yes(
        &format!("help: {said}"),
        said.contains("用法：selfeval") && said.contains("check"),
    );
    let serve = said.lines().find(|l| l.trim_start().starts_with("serve"));
    m.yes(
        &format!("a line says serve opens the page: {serve:?}"),
        serve.is_some_and(|l| l.contains("打开审核页面")),
    );
    m.none();
}

/// campaign.md §2: "A key the program does not know is a warning naming the line …; a value
/// of the wrong type is an error naming the line and the expected form (exit 2, nothing
/// written)." The expected form of a number of days is not a year.
#[test]
fn settings_name_the_line_and_the_expected_form() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(&ws, "minzheng", "clean", "1.xlsx", 10);
    let toml = ws.join("selfeval.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    let line = |key: &str| {
        good.lines()
            .position(|l| l.starts_with(&format!("\"{key}\"")))
            .map_or(0, |i| i + 1)
    };
    let unknown = format!("\"别的设置\" = 1\n{good}");
    std::fs::write(&toml, &unknown).unwrap();
    let o = run(&["run", w]);
    let err = String::from_utf8_lossy(&o.stderr);
    m.eq("an unknown key: the run goes on", code(&o), 0);
    m.yes(
        &format!("warned with its line: {err}"),
        err.contains("警告：") && err.contains("第1行") && err.contains("别的设置"),
    );
    let before = tree(&ws.join("结果"));
    let days = good.replace("\"报送期限天数\" = 10", "\"报送期限天数\" = \"十天\"");
    std::fs::write(&toml, &days).unwrap();
    send(&ws, "shuili", "warn", "2.xlsx", 20);
    let o = run(&["run", w]);
    let err = String::from_utf8_lossy(&o.stderr);
    m.eq("a wrong type: exit 2", code(&o), 2);
    let at = format!("第{}行", line("报送期限天数"));
    m.yes(
        &format!("names the line and a number of days: {err}"),
        err.contains(&at) && err.contains("整数") && err.contains("如 10") && !err.contains("2021"),
    );
    m.yes("nothing written", tree(&ws.join("结果")) == before);
    m.none();
}

/// campaign.md §10 "Roster": "duplicate names or aliases warn, the first wins". A unit
/// listed twice and an alias given to two units: a warning each, and the alias's files
/// join the first unit that gives it.
#[test]
fn a_roster_naming_a_unit_or_an_alias_twice_warns_and_the_first_wins() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    write_roster(
        &ws.join("单位名单.xlsx"),
        &[
            [FOREST, "", "", "", ""],
            [ARCHIVES, "", "", "", "永安县档案馆"],
            [FOREST, "", "", "", ""],
            [WEATHER, "", "", "", "永安县档案馆"],
        ],
    );
    send(&ws, "dangan", "clean", "档案.xlsx", 10);
    let o = run(&["run", w]);
    let err = String::from_utf8_lossy(&o.stderr);
    m.yes(
        &format!("the unit twice: {err}"),
        err.contains(&format!("单位名单中“{FOREST}”重复")),
    );
    m.yes(
        &format!("the alias twice: {err}"),
        err.contains("单位名单中“永安县档案馆”重复"),
    );
    let doc = report(&ws);
    let names: Vec<&str> = doc["units"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["name"].as_str())
        .collect();
    m.eq("one row each", names, vec![FOREST, ARCHIVES, WEATHER]);
    m.eq(
        "the alias's file joins the first",
        json_unit(&doc, ARCHIVES)["status"].as_str(),
        Some("passed"),
    );
    m.none();
}

/// Sentences first checked by hand, held here: `run DIR --year` overrides 年度 for that
/// run (§1); a pin holds until a newer file of the unit arrives (§4, §10); a plain run's
/// tie goes to the later path and knows only pending / passed (§4, §9); a file counts while
/// one of its tables does, 文件清单 saying how many were replaced (§10); `status` runs
/// nothing (§10).
#[test]
fn counting_pins_years_and_status_at_their_edges() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(&ws, "linye", "a", "x1.xlsx", 10);
    run(&["run", w]);
    send(&ws, "linye", "c", "x0.xlsx", 0);
    run(&["run", w]);
    let counted = |ws: &Path| names(&json_unit(&report(ws), FOREST)["files"]);
    m.eq(
        "the later received counts",
        counted(&ws),
        vec!["x0.xlsx".to_string()],
    );
    m.eq("pin", code(&run(&["pin", w, "收件箱/x1.xlsx"])), 0);
    run(&["run", w]);
    m.eq(
        "the pinned older copy counts",
        counted(&ws),
        vec!["x1.xlsx".to_string()],
    );
    send(&ws, "linye", "bc", "x2.xlsx", 5);
    run(&["run", w]);
    m.eq(
        "a newer file ends the pin",
        counted(&ws),
        vec!["x2.xlsx".to_string()],
    );
    // `status` reads, runs nothing: a new file is not seen, nothing written.
    send(&ws, "tongji", "y2020", "t.xlsx", 5);
    let (db, rep) = (
        std::fs::read(ws.join("selfeval.db")).unwrap(),
        std::fs::read(ws.join("结果/report.json")).unwrap(),
    );
    m.eq("status", code(&run(&["status", w])), 0);
    m.yes(
        "status changed nothing",
        std::fs::read(ws.join("selfeval.db")).unwrap() == db
            && std::fs::read(ws.join("结果/report.json")).unwrap() == rep,
    );
    run(&["run", w, "--year", "2020"]);
    let doc = report(&ws);
    m.eq(
        "--year 2020: the 2020 table counts",
        json_unit(&doc, STATS)["tables"].as_u64(),
        Some(1),
    );
    m.eq(
        "--year 2020: 林业局's 2021 tables do not",
        json_unit(&doc, FOREST)["tables"].as_u64(),
        Some(0),
    );
    let settings = std::fs::read_to_string(ws.join("selfeval.toml")).unwrap();
    m.yes(
        "the settings keep 2021",
        settings.contains("\"年度\" = 2021"),
    );
    plain_run_edges(&mut m);
    m.none();
}

/// A plain run: two copies with one file time (the later path counts); a workbook of two
/// tables, one replaced (it still counts; 文件清单 says one was replaced); only
/// pending / passed.
fn plain_run_edges(m: &mut Misses) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    for (v, name, t) in [
        ("ab", "y_b.xlsx", 100),
        ("a", "y_a.xlsx", 100),
        ("two", "two.xlsx", 50),
    ] {
        std::fs::copy(version("linye", v), inbox.join(name)).unwrap();
        set_mtime(&inbox.join(name), t);
    }
    std::fs::copy(version("minzheng", "clean"), inbox.join("m.xlsx")).unwrap();
    let out = dir.path().join("out");
    run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let doc: Value = std::fs::read(out.join("report.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    let forest = json_unit(&doc, FOREST);
    let mut files = names(&forest["files"]);
    files.sort();
    m.eq(
        "plain run: the later path and two.xlsx count",
        files,
        vec!["two.xlsx".to_string(), "y_b.xlsx".to_string()],
    );
    m.eq(
        "plain run: 林业局 pending",
        forest["status"].as_str(),
        Some("pending"),
    );
    m.eq(
        "plain run: 民政局 passed",
        json_unit(&doc, CIVIL)["status"].as_str(),
        Some("passed"),
    );
    let list = grid(&out.join("summary.xlsx"), "文件清单");
    let row = list
        .iter()
        .find(|((_, c), v)| *c == 0 && v.to_string().ends_with("two.xlsx"));
    let said: Vec<String> = row.map_or(Vec::new(), |((r, _), _)| {
        (0..8).map(|c| cell_text(&list, *r, c)).collect()
    });
    m.yes(
        &format!("文件清单 says one table replaced: {said:?}"),
        said.iter().any(|c| c.contains("其中 1 张表为旧副本")),
    );
}

/// campaign.md §6: "an older program refuses a newer file with a clear message" — the
/// workspace's own history, its schema version above this program's: exit 2, the file
/// untouched, `run` and `status` alike.
#[test]
fn a_history_of_a_newer_program_is_refused_untouched() {
    let mut m = Misses::default();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    send(&ws, "minzheng", "clean", "1.xlsx", 10);
    run(&["run", w]);
    let db = ws.join("selfeval.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or(0);
    c.execute_batch(&format!("PRAGMA user_version = {}", version + 1))
        .unwrap();
    drop(c);
    let bytes = std::fs::read(&db).unwrap();
    send(&ws, "shuili", "warn", "2.xlsx", 20);
    for cmd in ["run", "status"] {
        let o = run(&[cmd, w]);
        let err = String::from_utf8_lossy(&o.stderr);
        m.eq(&format!("{cmd}: exit"), code(&o), 2);
        m.yes(
            &format!("{cmd}: says so: {err}"),
            err.contains("较新版本的 selfeval") && err.contains("selfeval.db"),
        );
    }
    m.yes(
        "the history untouched",
        std::fs::read(&db).unwrap() == bytes,
    );
    m.none();
}

/// web.md §3: "a name already in 收件箱 gets ` (2)`, ` (3)` … — both files kept".
#[test]
fn a_name_taken_twice_is_kept_as_2_and_3() {
    let p = page(&[]);
    let mut m = Misses::default();
    for byte in [b'a', b'b', b'c'] {
        let (status, _, body) = p.upload(&[("来文.xlsx".into(), 10, byte)]);
        m.eq(&format!("upload {}: {body}", byte as char), status, 200);
    }
    let mut kept: Vec<String> = tree(&p.dir.path().join("收件箱"))
        .into_iter()
        .filter_map(|(f, _)| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    kept.sort();
    m.eq(
        "three files kept",
        kept,
        vec![
            "来文 (2).xlsx".to_string(),
            "来文 (3).xlsx".into(),
            "来文.xlsx".into(),
        ],
    );
    m.none();
}

/// A campaign's edits add up in `结果/已修改/`: 总览 links the newest ten and counts the
/// rest, so the page stays short (and registers ten downloads, not hundreds).
#[test]
fn the_page_links_the_newest_ten_kept_edits_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    assert_exit(&run(&["init", ws.to_str().unwrap(), "--year", "2021"]), 0);
    let kept = ws.join("结果/已修改/reports/林业局");
    std::fs::create_dir_all(&kept).unwrap();
    for i in 0..12 {
        let f = kept.join(format!("审核意见书（已修改 2022-04-{:02}）.docx", i + 1));
        std::fs::write(&f, b"x").unwrap();
        let when = std::time::SystemTime::UNIX_EPOCH
            + std::time::Duration::from_secs(1_650_000_000 + i * 86_400);
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }
    let p = page_on(dir, "", &[]);
    let (status, _, body) = p.get("/", true);
    assert_eq!(status, 200);
    let links = body.matches("href=\"/dl/").count();
    let edited = body.matches("（已修改 2022-04-").count();
    assert_eq!(edited, 10, "{body}");
    assert!(
        body.contains("已修改 2022-04-12") && !body.contains("已修改 2022-04-02）"),
        "the newest: {body}"
    );
    assert!(
        body.contains("你修改过的 12 个结果文件") && body.contains("及另外 2 个"),
        "{body}"
    );
    assert!(links >= 10);
}

/// `issue --units` on the page: a unit's page has `只向本单位发出审核意见`, which sends a
/// round to that unit alone (the same code path as the command): its letter is archived and
/// numbered, the other unit's is not.
#[test]
fn a_unit_s_page_issues_to_that_unit_alone() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().to_path_buf();
    assert_exit(&run(&["init", ws.to_str().unwrap(), "--year", "2021"]), 0);
    // Two units with errors: `issue` alone would send to both.
    const HEALTH: &str = "永登县卫生健康局";
    send(&ws, "linye", "a", "林业局.xlsx", 10);
    let health = format!("{HEALTH}.xlsx");
    std::fs::copy(
        fixtures().join("inbox").join(&health),
        ws.join("收件箱").join(&health),
    )
    .unwrap();
    assert!(matches!(code(&run(&["run", ws.to_str().unwrap()])), 0 | 1));
    let p = page_on(dir, "", &[]);
    let href = format!("/unit/{}", percent(FOREST));
    let (status, _, body) = p.get(&href, true);
    assert_eq!(status, 200);
    assert!(body.contains("只向本单位发出审核意见"), "{body}");
    let at = body.find("name=\"csrf\" content=\"").unwrap() + 21;
    let csrf = &body[at..at + 64];
    let form = format!("unit={}", percent(FOREST));
    let head = format!(
        "POST /issue?csrf={csrf} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n{c}Origin: http://127.0.0.1:{p}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n{form}",
        p = p.port,
        c = p.cookie_line(true),
        n = form.len(),
    );
    let (status, _, _) = exchange(p.port, &head, &mut std::iter::empty());
    assert_eq!(status, 303);
    let archive = ws.join("归档");
    common::wait_for("the round archived", || {
        tree(&archive)
            .iter()
            .any(|(f, _)| f.to_string_lossy().contains("审核意见书"))
    });
    let archived: Vec<String> = tree(&archive)
        .iter()
        .map(|(f, _)| f.to_string_lossy().into_owned())
        .collect();
    assert!(archived.iter().any(|f| f.contains(FOREST)), "{archived:?}");
    assert!(!archived.iter().any(|f| f.contains(HEALTH)), "{archived:?}");
}

/// A path segment percent-encoded (UTF-8 bytes).
fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
