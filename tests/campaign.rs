//! A whole campaign through the binary (campaign.md): init, settings, a roster with a unit
//! that never sends, round 1, `issue`, corrections (one under a new name with an older
//! file time, one in place with a fix and a new problem, one unit silent), round 2 with
//! the states and statuses in report.json, findings.xlsx and `status`, a second `issue`
//! leaving round 1's archive byte-identical, `pin`, an edited letter kept, a killed run,
//! two runs at once, and a damaged history refused.

mod common;

use common::json_unit as unit;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const HEALTH: &str = "永登县卫生健康局";
const AGRI: &str = "永登县农业农村局（县乡村振兴局）";

fn ok(args: &[&str]) -> std::process::Output {
    let o = run(args);
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn report(ws: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(ws.join("结果/report.json")).unwrap()).unwrap()
}

/// A roster of four units: three that send, one that never does; 兰州新区应急管理局 is not
/// on it.
fn write_campaign_roster(path: &Path) {
    let rows = [
        ["示例：某某局", "", "", "", ""],
        [HEALTH, "", "", "", "永登县卫健局"],
        ["永登县农业农村局（县乡村振兴局）", "", "", "", ""],
        ["永登县交通运输局", "", "", "", ""],
        ["永登县财政局", "", "", "", ""],
    ];
    write_roster(path, &rows);
}

fn hash_tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.push((
                e.path().to_path_buf(),
                blake3::hash(&std::fs::read(e.path()).unwrap())
                    .to_hex()
                    .to_string(),
            ));
        }
    }
    out
}

/// Round 1: the workspace made, set up and run; a round issued.
fn round_one(ws: &Path) {
    let w = ws.to_str().unwrap();
    ok(&["init", w, "--year", "2021", "--bureau", "兰州新区财政局"]);
    let before = hash_tree(ws);
    ok(&["init", w]);
    assert_eq!(hash_tree(ws), before, "init twice changes nothing");
    selfeval::update_settings(
        &ws.join("selfeval.toml"),
        &[
            ("文号.意见书", "新财绩〔{年}〕{序号}号"),
            ("报送期限天数", "7"),
        ],
    )
    .unwrap();
    let toml = std::fs::read_to_string(ws.join("selfeval.toml")).unwrap();
    assert!(
        toml.contains("# 报送期限天数：") && toml.contains("\"报送期限天数\" = 7"),
        "{toml}"
    );
    write_campaign_roster(&ws.join("单位名单.xlsx"));
    let inbox = ws.join("收件箱");
    let src = fixtures().join("inbox");
    for f in [
        "兰州新区应急管理局.xlsx",
        "永登县交通运输局.xlsx",
        "永登县卫生健康局.xlsx",
    ] {
        std::fs::copy(src.join(f), inbox.join(f)).unwrap();
        set_mtime(&inbox.join(f), 3600);
    }
    let agri = inbox.join("永登县农业农村局");
    std::fs::create_dir_all(&agri).unwrap();
    for f in ["部门整体.xlsx", "高标准农田建设.xlsx", "动物疫病防控.xls"] {
        std::fs::copy(src.join("永登县农业农村局").join(f), agri.join(f)).unwrap();
    }
    let o = run(&["run", w]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc = report(ws);
    assert_eq!(unit(&doc, "永登县财政局")["status"], "not-received");
    assert_eq!(unit(&doc, "永登县交通运输局")["status"], "passed");
    assert_eq!(unit(&doc, HEALTH)["status"], "pending");
    assert_eq!(unit(&doc, "兰州新区应急管理局")["in_roster"], false);
    // The unit lists follow the roster (the one it does not name last), not the names' order.
    let in_order = [
        HEALTH,
        AGRI,
        "永登县交通运输局",
        "永登县财政局",
        "兰州新区应急管理局",
    ];
    let names: Vec<&str> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, in_order);
    let summary = grid(&ws.join("结果/summary.xlsx"), "汇总");
    let rows: Vec<String> = summary
        .iter()
        .filter(|((_, c), v)| *c == 0 && in_order.contains(&v.to_string().as_str()))
        .map(|(_, v)| v.to_string())
        .collect();
    assert_eq!(rows, in_order);
    let bureau = docx_paragraphs(&ws.join("结果/reports/汇总报告（初稿）.docx")).join("\n");
    let table = bureau.split("各单位情况").nth(1).unwrap();
    let at: Vec<usize> = in_order.iter().map(|n| table.find(n).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{table}");
    let not_in_roster = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().unwrap())
        .flat_map(|t| t["findings"].as_array().unwrap())
        .filter(|x| x["code"] == "unit-not-in-roster")
        .count();
    assert_eq!(not_in_roster, 10, "once per table of 兰州新区应急管理局");
    let o = ok(&["issue", w, "--format", "json", "--progress", "json"]);
    let issued: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(issued["round"], 1);
    // It runs twice (before and after the round), and says what it read once; its
    // progress goes to the page as a run's does.
    let said = String::from_utf8_lossy(&o.stderr);
    assert_eq!(said.matches("本次读取").count(), 1, "{said}");
    assert_eq!(said.matches("{\"phase\":\"write\"").count(), 2, "{said}");
    let letters: Vec<&str> = issued["letters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["number"].as_str().unwrap())
        .collect();
    assert!(
        letters.len() >= 3 && letters[0].ends_with("〕1号"),
        "{letters:?}"
    );
    // The results show the round at once, without another run: the units sent are
    // 已退回 in report.json and 汇总, and their current letters carry the round's numbers.
    let doc = report(ws);
    assert_eq!(unit(&doc, HEALTH)["status"], "returned");
    assert_eq!(unit(&doc, "永登县交通运输局")["status"], "passed");
    let summary = grid(&ws.join("结果/summary.xlsx"), "汇总");
    assert!(
        summary
            .values()
            .any(|v| v.to_string().starts_with("已退回（第1轮）")),
        "{summary:?}"
    );
    let letter = ws.join("结果/reports").join(HEALTH).join("审核意见书.docx");
    let text = docx_paragraphs(&letter).join("\n");
    assert!(text.contains("新财绩〔"), "{text}");
}

/// How many problems a letter names: the cells of its 需要修改 and 需要核实 sections, and
/// the count of each kind it names once (`（一）…：共2处，…`).
fn problems_named(letter: &Path) -> usize {
    let paras = docx_paragraphs(letter);
    let kind_count = |p: &str| {
        let n = p.split_once("：共")?.1.split_once('处')?.0;
        n.parse::<usize>().ok()
    };
    paras
        .iter()
        .skip_while(|p| !p.starts_with("一、"))
        .take_while(|p| !p.contains("复核结果"))
        .filter(|p| p.starts_with('（'))
        .map(|p| kind_count(p).unwrap_or_else(|| cells_named(p)))
        .sum()
}

/// The `A1` cells a paragraph names, each before `，`.
fn cells_named(p: &str) -> usize {
    let chars: Vec<char> = p.chars().collect();
    let mut n = 0;
    for (i, c) in chars.iter().enumerate() {
        if *c != '，' || i < 2 {
            continue;
        }
        let mut j = i;
        while j > 0 && chars[j - 1].is_ascii_digit() {
            j -= 1;
        }
        let digits = i - j;
        let mut k = j;
        while k > 0 && chars[k - 1].is_ascii_uppercase() {
            k -= 1;
        }
        let starts = k == 0 || matches!(chars[k - 1], '：' | '；');
        n += usize::from(digits > 0 && j > k && starts);
    }
    n
}

fn archive(ws: &Path, round: u32) -> PathBuf {
    let dir = ws.join("归档");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("第{round}轮"))
        })
        .unwrap_or_else(|| panic!("no round {round}"))
}

/// An issue killed after the history recorded its round and before the round's folder was
/// renamed into place: the next command finishes the round's folder (its letters were
/// numbered and recorded); a staged round the history never recorded goes.
#[test]
fn a_round_killed_before_its_folder_went_in_is_finished() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("2021年度绩效自评");
    round_one(&ws);
    let first = archive(&ws, 1);
    let round1 = hash_tree(&first);
    let staged = ws.join("归档/.第1轮-写入中");
    std::fs::rename(&first, &staged).unwrap();
    let never = ws.join("归档/.第2轮-写入中/某单位");
    std::fs::create_dir_all(&never).unwrap();
    std::fs::write(never.join("审核意见书.docx"), b"half written").unwrap();
    let o = run(&["run", ws.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(archive(&ws, 1), first);
    assert_eq!(
        hash_tree(&first),
        round1,
        "the round's folder as it was written"
    );
    assert!(!staged.exists());
    assert!(
        !ws.join("归档/.第2轮-写入中").exists(),
        "a round never recorded"
    );
}

#[test]
fn a_campaign_over_two_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("2021年度绩效自评");
    let w = ws.to_str().unwrap().to_string();
    round_one(&ws);
    let first = archive(&ws, 1);
    assert!(first.join(HEALTH).join("审核意见书.docx").is_file());
    assert!(first.join(AGRI).join(format!("{AGRI}.xlsx")).is_file());
    let round1 = hash_tree(&first);
    let letter = docx_paragraphs(&first.join(HEALTH).join("审核意见书.docx")).join("\n");
    assert!(
        letter.contains("新财绩〔"),
        "the letter carries its number: {letter}"
    );

    // Corrections: the health bureau under a new name with an older file time; the
    // agriculture bureau's project in place, fixed and with a new problem; 兰州新区 silent.
    let inbox = ws.join("收件箱");
    let name = format!("{HEALTH}（第二次报送）.xlsx");
    std::fs::copy(
        fixtures().join("resubmission").join(&name),
        inbox.join(&name),
    )
    .unwrap();
    set_mtime(&inbox.join(&name), 0);
    let project = inbox.join("永登县农业农村局/高标准农田建设.xlsx");
    std::fs::copy(
        fixtures().join("campaign/高标准农田建设（第二版）.xlsx"),
        &project,
    )
    .unwrap();
    // An officer's edit of a current letter.
    let edited = ws.join("结果/reports").join(HEALTH).join("审核意见书.docx");
    std::fs::write(&edited, b"edited by the officer").unwrap();
    ok(&["run", &w]);
    let kept = ws.join("结果/已修改/reports").join(HEALTH);
    let kept_file = std::fs::read_dir(&kept)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(
        kept_file.to_string_lossy().contains("（已修改 "),
        "{}",
        kept_file.display()
    );
    assert_eq!(std::fs::read(&kept_file).unwrap(), b"edited by the officer");

    let doc = report(&ws);
    let health = unit(&doc, HEALTH);
    assert_eq!(
        health["status"], "passed",
        "the correction counts although its file time is older"
    );
    // The letters count as the page and report.json do (one count): round 1's letter named
    // each problem the next one says was corrected.
    let named = problems_named(&first.join(HEALTH).join("审核意见书.docx"));
    let now = docx_paragraphs(&ws.join("结果/reports").join(HEALTH).join("审核意见书.docx"));
    assert_eq!(health["fixed"].as_u64(), Some(named as u64), "{health}");
    let said = format!("你单位已改正第1轮意见指出的{named}个问题，已无未改正的问题。");
    assert!(now.iter().any(|p| p.contains(&said)), "{said}\n{now:?}");
    // A silent unit's letter counts what remains as report.json does, and names the
    // stricter scores among them, which it says below may stay (before: `尚有43个问题未改正`
    // beside `系自评从严，可按复核得分填报，也可保留`). It fixed nothing: `…指出的N个问题均未改正`
    // (trial20; before: `已改正…0个问题，尚有N个问题未改正`).
    let silent = ws.join("结果/reports/兰州新区应急管理局/审核意见书.docx");
    let left = unit(&doc, "兰州新区应急管理局")["remaining"]
        .as_u64()
        .unwrap();
    let now = docx_paragraphs(&silent).join("\n");
    let kept = now
        .split(&format!("意见指出的{left}个问题均未改正（其中"))
        .nth(1)
        .and_then(|t| t.split_once("处系自评从严，可不修改）："))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert!(kept > 0, "{left}: {now}");
    assert_eq!(problems_named(&silent) + kept, left as usize, "{now}");
    // The bureau's report counts what remains as report.json does, and names the stricter
    // scores among them, which its 四 says are no problems.
    let bureau = docx_paragraphs(&ws.join("结果/reports/汇总报告（初稿）.docx")).join("\n");
    let left: u64 = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["remaining"].as_u64().unwrap_or(0))
        .sum();
    let tail = bureau.split(&format!("尚未改正{left}个（其中")).nth(1);
    let kept = tail.and_then(|t| t.split_once("处系单位自评从严，不作为问题）。"));
    let kept: u64 = kept.and_then(|(n, _)| n.parse().ok()).unwrap_or(0);
    assert!(kept > 0 && kept < left, "{left} {kept}: {bureau}");
    assert!(health["fixed"].as_u64().unwrap() >= 2, "{health}");
    assert_eq!(health["superseded"].as_array().unwrap().len(), 1);
    let agri = unit(&doc, AGRI);
    assert_eq!(agri["status"], "resubmitted");
    assert!(
        agri["fixed"].as_u64().unwrap() >= 1
            && agri["new"].as_u64().unwrap() >= 1
            && agri["remaining"].as_u64().unwrap() >= 1,
        "{agri}"
    );
    assert_eq!(unit(&doc, "兰州新区应急管理局")["status"], "returned");
    assert_eq!(unit(&doc, "永登县财政局")["status"], "not-received");
    let fixed: Vec<&str> = doc["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        fixed.contains(&"total-mismatch") && fixed.contains(&"grade-mismatch"),
        "{fixed:?}"
    );
    let states: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().unwrap())
        .flat_map(|t| t["findings"].as_array().unwrap())
        .map(|x| x["state"].as_str().unwrap())
        .collect();
    for s in ["new", "remaining", "superseded"] {
        assert!(states.contains(&s), "{s}");
    }
    // The worklist: 状态 and the 已改正 sheet.
    let fx = grid(&ws.join("结果/findings.xlsx"), "问题清单");
    let col: Vec<String> = (2..)
        .take_while(|r| fx.contains_key(&(*r, 0)))
        .map(|r| cell_text(&fx, r, 12))
        .collect();
    assert!(
        col.iter().any(|s| s == "仍存在") && col.iter().any(|s| s == "新出现"),
        "{col:?}"
    );
    let fixed_sheet = grid(&ws.join("结果/findings.xlsx"), "已改正");
    assert!(fixed_sheet.values().any(|v| *v == "total-mismatch"));
    // status, as data.
    let o = ok(&["status", &w, "--format", "json"]);
    let st: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(st["schema"], "selfeval/status/1");
    assert_eq!(st["round"], 1);
    assert_eq!(unit(&st, HEALTH)["status"], "passed");
    assert!(unit(&st, HEALTH)["last_received"].is_string());

    // Round 2: only the resubmitted unit; round 1's archive unchanged; numbers go on.
    let o = ok(&["issue", &w, "--format", "json"]);
    let issued: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(issued["round"], 2);
    assert_eq!(issued["units"], serde_json::json!([AGRI]));
    let number = issued["letters"][0]["number"].as_str().unwrap();
    assert!(
        !number.ends_with("〕1号") && !number.ends_with("〕2号"),
        "numbers never repeat: {number}"
    );
    assert_eq!(
        hash_tree(&first),
        round1,
        "round 1's archive is written once"
    );
    // Nothing new: issue says so and makes no round.
    let o = ok(&["issue", &w, "--format", "json"]);
    let none: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(none["round"].is_null());

    // pin: the first submission counts again until unpinned.
    ok(&["pin", &w, &format!("收件箱/{HEALTH}.xlsx")]);
    ok(&["run", &w]);
    let pinned = report(&ws);
    let health = unit(&pinned, HEALTH);
    // Received after round 1 (its 2021 家庭医生签约 still counts) and with errors again.
    assert_eq!(health["status"], "resubmitted", "{health}");
    assert!(
        health["errors"].as_u64().unwrap() > 0,
        "the pinned old copy has errors"
    );
    ok(&["pin", &w, &format!("收件箱/{HEALTH}.xlsx"), "--remove"]);
    ok(&["run", &w]);
    assert_eq!(unit(&report(&ws), HEALTH)["status"], "passed");
}

#[test]
fn the_history_survives_a_kill_two_runs_and_damage() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap().to_string();
    ok(&["init", &w, "--year", "2021"]);
    copy_tree(&fixtures().join("inbox"), &ws.join("收件箱"));
    ok(&["run", &w]);
    let runs = |db: &Path| -> i64 {
        let c = rusqlite::Connection::open(db).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        c.query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
            .unwrap()
    };
    let db = ws.join("selfeval.db");
    assert_eq!(runs(&db), 1);
    // Nothing new: the re-run writes nothing, says so, and exits as the last run did.
    let summary = ws.join("结果/summary.xlsx");
    let before = std::fs::metadata(&summary).unwrap().modified().unwrap();
    let o = run(&["run", &w]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("没有变化"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::metadata(&summary).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(runs(&db), 1, "no run recorded");
    // kill -9 at several moments: the history holds whole runs only.
    for delay in [50u64, 300, 900] {
        let mut child = selfeval()
            .args(["run", &w])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let n = runs(&db);
        assert!(n >= 1, "the previous run is kept");
    }
    // Two runs at once: the second waits for the workspace, then gives up with exit 2.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(ws.join(".selfeval.lock"))
        .unwrap();
    lock.lock().unwrap();
    let started = std::time::Instant::now();
    let o = run(&["run", &w]);
    assert_eq!(o.status.code(), Some(2));
    assert!(started.elapsed().as_secs() >= 9, "it waited");
    assert!(String::from_utf8_lossy(&o.stderr).contains("正由另一个 selfeval 使用"));
    drop(lock);
    // A damaged history is refused, untouched.
    let garbage = b"this is not a database, but the officer's only copy".repeat(100);
    std::fs::write(&db, &garbage).unwrap();
    let _ = std::fs::remove_file(ws.join("selfeval.db-wal"));
    let o = run(&["run", &w]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("selfeval.db"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "never replaced");
    // A folder that is not a workspace: both ways said.
    let o = run(&["run", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("selfeval init") && err.contains("-o"), "{err}");
}

/// campaign.md gives a workspace one year; an officer who changes 年度 after a round was
/// issued is told that the rounds still count and how a new year is begun (docs/campaign.md).
#[test]
fn a_year_changed_after_a_round_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("2021年度绩效自评");
    round_one(&ws);
    let w = ws.to_str().unwrap();
    let o = ok(&["run", w]);
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!said.contains("现设定的年度"), "{said}");
    selfeval::update_settings(&ws.join("selfeval.toml"), &[("年度", "2022")]).unwrap();
    let o = ok(&["run", w]);
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        said.contains("警告：本工作区已按2021年度发出第1轮审核意见，现设定的年度为2022年度")
            && said.contains("selfeval init 另建工作区"),
        "{said}"
    );
}
