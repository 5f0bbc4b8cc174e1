//! The roster (单位名单, campaign.md §3) as bureaus really keep it: each folder of
//! fixtures/rosterprobe (made by fixtures/make/rosterprobe.py) is a roster and a small inbox;
//! each is made a workspace, run, and compared with fixtures/rosterprobe/expected.json:
//! the units with their status and counting tables as `status --format json` gives them
//! (roster order, every roster unit once), the `unit-not-in-roster` findings of report.json
//! (each file's closest roster name, or none), and 汇总's rows (one per unit, the same
//! names). Every mismatch of every case is listed at once.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// A unit as `status --format json` gives it: name, status, counting tables.
type Row = (String, String, u64);

/// What one case gave: its units, its unit-not-in-roster findings (file name → the closest
/// roster name the message names), 汇总's unit names.
struct Seen {
    units: Vec<Row>,
    /// Each unit's counting files (their names, sorted).
    files: Vec<(String, Vec<String>)>,
    not_in_roster: Vec<(String, Option<String>)>,
    summary: Vec<String>,
}

/// Makes a workspace of the case, runs it, and reads back what it shows.
fn probe(case: &str, roster_name: Option<&str>) -> Result<Seen, String> {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    let o = run(&["init", w, "--year", "2021", "--bureau", "某县财政局"]);
    assert_exit(&o, 0);
    let src = fixtures().join("rosterprobe").join(case);
    copy_tree(&src.join("收件箱"), &ws.join("收件箱"));
    received_in_name_order(&ws.join("收件箱"));
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), ws.join(e.file_name())).unwrap();
        }
    }
    if let Some(name) = roster_name {
        let toml = ws.join("selfeval.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        let text = text.replace(
            "\"名单\" = \"单位名单.xlsx\"",
            &format!("\"名单\" = \"{name}\""),
        );
        std::fs::write(&toml, text).unwrap();
    }
    let o = run(&["run", w]);
    if !matches!(o.status.code(), Some(0 | 1)) {
        return Err(format!("run: {}", String::from_utf8_lossy(&o.stderr)));
    }
    let o = run(&["status", w, "--format", "json"]);
    let status: Value = serde_json::from_slice(&o.stdout).map_err(|e| format!("status: {e}"))?;
    let listed = status["units"].as_array().unwrap();
    let units = listed.iter().map(|u| {
        let s = |k: &str| u[k].as_str().unwrap_or_default().to_string();
        (s("name"), s("status"), u["tables"].as_u64().unwrap_or(0))
    });
    let files = listed.iter().map(|u| {
        let paths = u["files"].as_array().into_iter().flatten();
        let names = paths.filter_map(|p| Path::new(p.as_str()?).file_name());
        let mut names: Vec<String> = names.map(|n| n.to_string_lossy().into_owned()).collect();
        names.sort();
        (u["name"].as_str().unwrap_or_default().to_string(), names)
    });
    let rep: Value =
        serde_json::from_slice(&std::fs::read(ws.join("结果/report.json")).unwrap()).unwrap();
    Ok(Seen {
        units: units.collect(),
        files: files.collect(),
        not_in_roster: not_in_roster(&rep),
        summary: summary_names(&ws.join("结果/summary.xlsx")),
    })
}

/// Each file's inbox files modified a day apart in name order: the later name is the
/// later copy (r26's second submission).
fn received_in_name_order(inbox: &Path) {
    let mut files: Vec<_> = walk(inbox);
    files.sort();
    for (i, f) in files.iter().enumerate() {
        set_mtime(f, 1_600_000_000 + 86_400 * i as u64);
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        match e.path().is_dir() {
            true => out.extend(walk(&e.path())),
            false => out.push(e.path()),
        }
    }
    out
}

/// The files with `unit-not-in-roster` (once each), with the roster name the message
/// offers as the closest.
fn not_in_roster(rep: &Value) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for f in rep["files"].as_array().unwrap() {
        let tables = f["tables"].as_array().into_iter().flatten();
        let found = tables.flat_map(|t| t["findings"].as_array().into_iter().flatten());
        let hit = found
            .into_iter()
            .find(|x| x["code"] == "unit-not-in-roster");
        if let Some(x) = hit {
            let path = Path::new(f["path"].as_str().unwrap_or_default());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let msg = x["message"].as_str().unwrap_or_default();
            let closest = msg
                .split_once("最接近的名单单位是“")
                .and_then(|(_, rest)| rest.split_once('”'))
                .map(|(n, _)| n.to_string());
            out.push((name, closest));
        }
    }
    out.sort();
    out
}

/// 汇总's unit names, the rows above 合计.
fn summary_names(path: &Path) -> Vec<String> {
    let g = grid(path, "汇总");
    let rows = (3..).take_while(|r| !["合计", ""].contains(&cell_text(&g, *r, 0).as_str()));
    rows.map(|r| cell_text(&g, r, 0)).collect()
}

/// The mismatches of one case, one line each.
fn compare(case: &str, want: &Value, seen: &Seen) -> Vec<String> {
    let mut wrong = Vec::new();
    let units: Vec<Row> = want["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let s = |i: usize| u[i].as_str().unwrap().to_string();
            (s(0), s(1), u[2].as_u64().unwrap())
        })
        .collect();
    if seen.units != units {
        wrong.push(format!(
            "{case}: units {:?}, expected {units:?}",
            seen.units
        ));
    }
    let mut nir: Vec<(String, Option<String>)> = want["not_in_roster"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(f, c)| (f.clone(), c.as_str().map(String::from)))
        .collect();
    nir.sort();
    if seen.not_in_roster != nir {
        let got = &seen.not_in_roster;
        wrong.push(format!(
            "{case}: unit-not-in-roster {got:?}, expected {nir:?}"
        ));
    }
    // Where the case names them: a unit's counting files.
    for (unit, want) in want["files"].as_object().into_iter().flatten() {
        let want: Vec<&str> = want
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let got = seen.files.iter().find(|f| &f.0 == unit).map(|f| &f.1);
        if got.is_none_or(|g| g != &want) {
            wrong.push(format!("{case}: {unit}'s files {got:?}, expected {want:?}"));
        }
    }
    let names: Vec<String> = seen.units.iter().map(|u| u.0.clone()).collect();
    if seen.summary != names {
        let s = &seen.summary;
        wrong.push(format!("{case}: 汇总's rows {s:?}, status's {names:?}"));
    }
    let mut once = names.clone();
    once.sort();
    once.dedup();
    if once.len() != names.len() {
        wrong.push(format!("{case}: a unit listed twice: {names:?}"));
    }
    wrong
}

#[test]
fn rosters_as_bureaus_keep_them() {
    let dir = fixtures().join("rosterprobe");
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
    let cases: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 30, "the probe's cases");
    let mut wrong = Vec::new();
    for (case, want) in &cases {
        match probe(case, want["名单"].as_str()) {
            Ok(seen) => wrong.extend(compare(case, want, &seen)),
            Err(e) => wrong.push(format!("{case}: {e}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The unit `name` of `status --format json` on workspace `ws`.
fn status_of(ws: &str, name: &str) -> (Vec<String>, Value) {
    let o = run(&["status", ws, "--format", "json"]);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let units = doc["units"].as_array().unwrap();
    let names = units
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string());
    let unit = units.iter().find(|u| u["name"] == name).cloned();
    (names.collect(), unit.unwrap_or(Value::Null))
}

const RENAMED: &str = "永登县文化和旅游局";
const OLD_NAME: &str = "永登县文体广电和旅游局";

/// A workspace whose roster names 永登县文化和旅游局 with `alias`, to which round 1 was
/// sent: its only file, under the old name, has an error.
fn after_round_one(alias: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap().to_string();
    let init = run(&["init", &w, "--year", "2021", "--bureau", "某县财政局"]);
    assert_exit(&init, 0);
    write_roster(&ws.join("单位名单.xlsx"), &[[RENAMED, "", "", "", alias]]);
    let first = ws.join("收件箱/第一次.xlsx");
    std::fs::copy(fixtures().join("rosterprobe/rounds/第一次.xlsx"), &first).unwrap();
    set_mtime(&first, 1_600_000_000);
    assert_exit(&run(&["run", &w]), 1);
    assert_exit(&run(&["issue", &w]), 0);
    (dir, w)
}

/// A unit renamed this year answers round 1 (sent to it under its old name, the roster's
/// alias) with a correction under its new name: one unit, whose round carries over, the
/// old copy superseded and its error fixed. Before: two units, the old-named one still
/// 已退回 with its error, the new one 通过 and never sent a round.
#[test]
fn a_renamed_unit_answers_its_round_under_its_new_name() {
    let (_dir, w) = after_round_one(OLD_NAME);
    let (names, unit) = status_of(&w, RENAMED);
    assert_eq!(names, [RENAMED]);
    let (status, errors) = (&unit["status"], &unit["errors"]);
    assert_eq!((status, errors), (&"returned".into(), &1.into()));

    let second = Path::new(&w).join("收件箱/第二次.xlsx");
    std::fs::copy(fixtures().join("rosterprobe/rounds/第二次.xlsx"), &second).unwrap();
    set_mtime(&second, 1_600_086_400);
    assert_exit(&run(&["run", &w]), 0);
    let (names, unit) = status_of(&w, RENAMED);
    assert_eq!(names, [RENAMED], "one unit");
    let files = unit["files"].as_array().unwrap();
    let last = files[0].as_str().unwrap().ends_with("第二次.xlsx");
    assert!(files.len() == 1 && last, "{unit}");
    assert_eq!(unit["status"], "passed", "{unit}");
    let (fixed, round) = (&unit["fixed"], &unit["round"]);
    assert_eq!((fixed, round), (&1.into(), &1.into()), "{unit}");
}

/// Round 1 is sent to a unit the roster did not know (its file uses another name: a
/// `unit-not-in-roster` warning naming the roster's unit); the officer then adds that
/// name as the unit's alias. The unit, now under the roster's name, keeps its round: 已退回
/// (第1轮), its error 仍存在, the roster warning fixed. Before: 待审核, no round, every
/// finding 新出现.
#[test]
fn an_alias_added_after_a_round_keeps_the_units_round() {
    let (dir, w) = after_round_one("");
    let (_, old) = status_of(&w, OLD_NAME);
    assert_eq!(old["status"], "returned", "{old}");

    let roster = dir.path().join("ws/单位名单.xlsx");
    write_roster(&roster, &[[RENAMED, "", "", "", OLD_NAME]]);
    assert_exit(&run(&["run", &w]), 1);
    let (names, unit) = status_of(&w, RENAMED);
    assert_eq!(names, [RENAMED], "one unit");
    assert_eq!(unit["status"], "returned", "{unit}");
    assert_eq!(unit["round"], 1, "{unit}");
    let counts = (&unit["remaining"], &unit["fixed"], &unit["new"]);
    assert_eq!(counts, (&1.into(), &1.into(), &0.into()), "{unit}");
}

/// `issue --units` with the name a unit's files use (the roster's alias): the round goes
/// to the roster's unit. Before: "没有名为 永登县文体广电和旅游局 的单位", nothing sent.
#[test]
fn issue_names_a_unit_by_its_alias() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["init", w, "--year", "2021"]), 0);
    write_roster(
        &ws.join("单位名单.xlsx"),
        &[[RENAMED, "", "", "", OLD_NAME]],
    );
    let first = ws.join("收件箱/第一次.xlsx");
    std::fs::copy(fixtures().join("rosterprobe/rounds/第一次.xlsx"), &first).unwrap();
    let o = run(&["issue", w, "--units", OLD_NAME]);
    assert_exit(&o, 0);
    let (_, unit) = status_of(w, RENAMED);
    assert_eq!(
        (&unit["status"], &unit["round"]),
        (&"returned".into(), &1.into()),
        "{unit}"
    );
}
