//! Archives as units really send them (templates.md §9, campaign.md §4): `check --format
//! json` on each folder of fixtures/zipprobe (made by fixtures/make/zipprobe.py) compared
//! with fixtures/zipprobe/expected.json — every file listed (an archive's entries as
//! `报送材料.zip › 文件名`), its status and finding codes, and the units with their
//! counting and superseded files — and, for the cases with a `run` part, 文件清单 of
//! `run -o OUT`. Every mismatch of every case is listed at once.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// A path as expected.json writes it: relative to the case's folder, a long one cut to
/// its first 100 characters and `…`.
fn short(p: &str) -> String {
    if p.chars().count() <= 120 {
        p.to_string()
    } else {
        let head: String = p.chars().take(100).collect();
        format!("{head}…")
    }
}

/// The case copied to a temporary inbox, with the modification times expected.json sets
/// (a fixture's own times are those of the checkout).
fn inbox(case: &str, want: &Value, dir: &Path) -> std::path::PathBuf {
    let inbox = dir.join("收件箱");
    copy_tree(&fixtures().join("zipprobe").join(case), &inbox);
    for (name, secs) in want["mtimes"].as_object().into_iter().flatten() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs.as_u64().unwrap());
        let f = std::fs::File::options().write(true).open(inbox.join(name));
        f.unwrap().set_modified(t).unwrap();
    }
    inbox
}

/// What `check --format json` says of the inbox, in expected.json's shape.
fn checked(inbox: &Path) -> Value {
    let o = run(&["check", inbox.to_str().unwrap(), "--format", "json"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let prefix = format!("{}/", inbox.display());
    let rel = |p: &Value| short(p.as_str().unwrap().strip_prefix(&prefix).unwrap_or("?"));
    let rels = |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(rel).collect() };
    let files: Vec<Value> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let tables = f["tables"].as_array().into_iter().flatten();
            let own = f["findings"].as_array().into_iter().flatten();
            let all =
                own.chain(tables.flat_map(|t| t["findings"].as_array().into_iter().flatten()));
            let mut codes: Vec<&str> = all.map(|x| x["code"].as_str().unwrap()).collect();
            codes.sort();
            codes.dedup();
            serde_json::json!([rel(&f["path"]), f["status"], codes])
        })
        .collect();
    let units: Vec<Value> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let (n, e, w) = (&u["tables"], &u["errors"], &u["warnings"]);
            serde_json::json!([
                u["name"],
                n,
                e,
                w,
                rels(&u["files"]),
                rels(&u["superseded"])
            ])
        })
        .collect();
    serde_json::json!({ "files": files, "units": units })
}

/// 文件清单 of `run -o OUT` (file, status) as expected.json writes it; nothing is
/// written beside OUT and the inbox.
fn listed(inbox: &Path) -> Value {
    let root = inbox.parent().unwrap();
    let out = root.join("结果");
    let o = run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let g = grid(&out.join("summary.xlsx"), "文件清单");
    let rows = (3..).take_while(|r| !cell_text(&g, *r, 0).is_empty());
    let list: Vec<Value> = rows
        .map(|r| serde_json::json!([short(&cell_text(&g, r, 0)), cell_text(&g, r, 1)]))
        .collect();
    let mut beside: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["收件箱", "结果"], "run wrote outside OUT");
    serde_json::json!(list)
}

/// The differences between what a case wants and what it got, one line each.
fn mismatches(case: &str, what: &str, want: &Value, got: &Value) -> Vec<String> {
    let (w, g) = (want.as_array().unwrap(), got.as_array().unwrap());
    let mut out = Vec::new();
    for x in w.iter().filter(|x| !g.contains(x)) {
        out.push(format!("{case} {what}: missing {x}"));
    }
    for x in g.iter().filter(|x| !w.contains(x)) {
        out.push(format!("{case} {what}: unexpected {x}"));
    }
    if out.is_empty() && w != g {
        out.push(format!("{case} {what}: order {got}"));
    }
    out
}

#[test]
fn archives_as_units_send_them_are_read_as_expected_json_says() {
    let path = fixtures().join("zipprobe").join("expected.json");
    let expected: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let cases = expected.as_object().unwrap();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for (case, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let inbox = inbox(case, want, dir.path());
        let got = checked(&inbox);
        for part in ["files", "units"] {
            wrong.extend(mismatches(case, part, &want[part], &got[part]));
        }
        if let Some(run) = want.get("run") {
            let got = listed(&inbox);
            wrong.extend(mismatches(case, "文件清单", &run["文件清单"], &got));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The messages an officer reads for the entries that cannot be read: the method named
/// (it was "damaged", which sent the unit to compress the same way again), a password on
/// one entry (the whole archive was refused and its other tables lost).
#[test]
fn an_entry_not_read_says_why_in_words_the_unit_can_act_on() {
    for (case, method) in [
        ("z28_deflate64", "Deflate64"),
        ("z29_bzip2", "BZip2"),
        ("z30_lzma", "LZMA"),
    ] {
        let doc = check_json(&format!("fixtures/zipprobe/{case}"));
        let f = json_file(&doc, "农业农村局.zip › 高标准农田建设（修改后）.xlsx");
        let msg = f["findings"][0]["message"].as_str().unwrap();
        assert!(
            msg.contains(&format!("不支持的压缩方式（{method}）")),
            "{case}: {msg}"
        );
        assert!(msg.contains("Deflate"), "{case}: {msg}");
    }
    let doc = check_json("fixtures/zipprobe/z24_one_entry_encrypted");
    let f = json_file(&doc, "农业农村局.zip › 高标准农田建设（修改后）.xlsx");
    let msg = f["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("此文件设有密码"), "{msg}");
}

/// campaign.md §4 in a workspace: the corrected table sent in the archive (its entry made
/// two hours after the loose draft) counts in the first run and still counts in the next.
/// Before: the history kept no time for an entry (its path is no file's), so from the
/// second run on it lost the tie of first sight to the draft, which counted again.
#[test]
fn in_a_workspace_the_corrected_entry_keeps_counting_run_after_run() {
    let case = "z17_corrected_in_zip";
    let expected: Value = serde_json::from_slice(
        &std::fs::read(fixtures().join("zipprobe").join("expected.json")).unwrap(),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let ws_arg = ws.to_str().unwrap();
    assert_exit(&run(&["init", ws_arg, "--year", "2021"]), 0);
    std::fs::remove_dir_all(ws.join("收件箱")).unwrap();
    let inbox = inbox(case, &expected[case], tmp.path());
    std::fs::rename(&inbox, ws.join("收件箱")).unwrap();
    let counting = |round: &str| {
        let o = run(&["run", ws_arg]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
        let path = ws.join("结果/report.json");
        let rep: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let files = &rep["units"][0]["files"];
        let names: Vec<&str> = files
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let p = p.as_str().unwrap();
                p.rsplit_once("收件箱/").map_or(p, |(_, n)| n)
            })
            .collect();
        assert_eq!(
            names,
            ["农业农村局.zip › 高标准农田建设（修改后）.xlsx"],
            "{round}"
        );
    };
    counting("first run");
    // Something new in the inbox, so that the second run reads the history.
    std::fs::write(ws.join("收件箱/附注.txt"), "附注").unwrap();
    counting("second run");
}
