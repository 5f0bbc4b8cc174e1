//! Year over year and the rest of issue 28 through the binary (campaign.md §1, §4, §5, §7,
//! §9): a 2022 workspace whose 上年工作区 is a 2021 workspace that ran shows 2021's figures
//! in 汇总, 项目明细, report.json and the bureau's report, exactly as 2021's own outputs
//! showed them; a previous workspace that cannot be read is a warning and the run goes on;
//! `year-mismatch` is an error in a workspace and a warning in a plain run; the return
//! workbook's 审核意见 gets 状态 after a round; a workspace made with `init --lang en` runs
//! and issues under its English names.

mod common;

use calamine::Data;
use common::json_unit as unit;
use common::*;
use selfeval::model::text::org_key;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Grid = BTreeMap<(u32, u32), Data>;

const HEALTH: &str = "永登县卫生健康局";
const AGRI: &str = "永登县农业农村局（县乡村振兴局）";
const CIVIL: &str = "永登县民政局";

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A workspace of `year` made by `init`, its inbox holding `files` of
/// fixtures/year_over_year/{year}/.
fn workspace(dir: &Path, year: &str) -> PathBuf {
    let ws = dir.join(format!("{year}年度绩效自评"));
    let o = run(&["init", ws.to_str().unwrap(), "--year", year]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    copy_tree(
        &fixtures().join("year_over_year").join(year),
        &ws.join("收件箱"),
    );
    ws
}

fn set_previous(ws: &Path, previous: &str) {
    selfeval::update_settings(&ws.join("selfeval.toml"), &[("上年工作区", previous)]).unwrap();
}

fn report(ws: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(ws.join("结果/report.json")).unwrap()).unwrap()
}

/// The header row of a list sheet and its columns by header.
fn header(g: &Grid) -> (u32, BTreeMap<String, u32>) {
    let row = (0..10)
        .find(|r| cell_text(g, *r, 0) == "单位")
        .expect("a header row");
    let cols = (0..40)
        .map(|c| (cell_text(g, row, c), c))
        .filter(|(h, _)| !h.is_empty())
        .collect();
    (row, cols)
}

/// The rows below the header, keyed by what `key` makes of a row, with the cells `cols`.
fn rows_by(
    g: &Grid,
    key: impl Fn(&Grid, u32) -> String,
    cols: &[&str],
) -> BTreeMap<String, Vec<Option<f64>>> {
    let (top, heads) = header(g);
    let mut out = BTreeMap::new();
    for r in (top + 1)..(top + 200) {
        if cell_text(g, r, 0).is_empty() || cell_text(g, r, 0).starts_with("注") {
            break;
        }
        let cells = cols.iter().map(|h| cell_num(g, r, heads[*h])).collect();
        out.insert(key(g, r), cells);
    }
    out
}

/// A unit of 汇总 by its normalised name (2021's workbook spells 农业农村局's brackets
/// half-width, 2022's full-width).
fn unit_key(g: &Grid, r: u32) -> String {
    org_key(&cell_text(g, r, 0))
}

/// A table of 项目明细: its unit and normalised name (a department table by its unit).
fn table_key(g: &Grid, r: u32) -> String {
    let name = match cell_text(g, r, 1).as_str() {
        "部门整体" => "-".to_string(),
        _ => org_key(&cell_text(g, r, 2)),
    };
    format!("{}|{name}", org_key(&cell_text(g, r, 0)))
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

/// Every finding of report.json of a code: (severity, state).
fn findings_of(doc: &Value, code: &str) -> Vec<(String, String)> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().cloned().unwrap_or_default())
        .flat_map(|t| t["findings"].as_array().cloned().unwrap_or_default())
        .filter(|x| x["code"] == code)
        .map(|x| {
            (
                x["severity"].as_str().unwrap().to_string(),
                x["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The paragraph of the bureau's report that compares the years, or says why not.
fn comparison(ws: &Path) -> String {
    let report = ws.join("结果/reports/汇总报告（初稿）.docx");
    docx_paragraphs(&report)
        .into_iter()
        .find(|p| p.starts_with("与上年") || p.starts_with("上年工作区"))
        .unwrap_or_default()
}

#[test]
fn last_year_is_shown_beside_this_year_as_last_year_showed_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws21 = workspace(dir.path(), "2021");
    let o = run(&["run", ws21.to_str().unwrap()]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let ws22 = workspace(dir.path(), "2022");
    // Last year's table sent again: another year's, so an error here, counted nowhere.
    std::fs::copy(
        fixtures().join("year_over_year/2021/永登县卫生健康局.xlsx"),
        ws22.join("收件箱/永登县卫生健康局（2021年度）.xlsx"),
    )
    .unwrap();
    set_previous(&ws22, "../2021年度绩效自评");
    let o = run(&["run", ws22.to_str().unwrap()]);
    // Exit codes follow counting copies only: the other year's errors leave it 0.
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("上年工作区"), "{}", stderr(&o));

    // 汇总: 上年执行率 and 上年复核得分 are 2021's 执行率 and 复核平均分, totals included.
    let s21 = grid(&ws21.join("结果/summary.xlsx"), "汇总");
    let s22 = grid(&ws22.join("结果/summary.xlsx"), "汇总");
    let (_, heads) = header(&s22);
    assert!(
        heads["上年执行率"] > heads["新出现"] && heads["上年复核得分"] == heads["上年执行率"] + 1,
        "after the workspace's columns: {heads:?}"
    );
    let then = rows_by(&s21, unit_key, &["执行率", "复核平均分"]);
    let now = rows_by(&s22, unit_key, &["上年执行率", "上年复核得分"]);
    assert_eq!(now.len(), 4, "three units and the totals: {now:?}");
    for name in [HEALTH, AGRI, "合计"] {
        let (a, b) = (&then[&org_key(name)], &now[&org_key(name)]);
        assert!(a[0].is_some() && a[1].is_some(), "{name}: {a:?}");
        assert!(
            close(a[0], b[0]) && close(a[1], b[1]),
            "{name}: {a:?} {b:?}"
        );
    }
    assert_eq!(
        now[CIVIL],
        vec![None, None],
        "a unit last year did not know"
    );

    // 项目明细: each table matched by unit and normalised name.
    let t21 = grid(&ws21.join("结果/summary.xlsx"), "项目明细");
    let t22 = grid(&ws22.join("结果/summary.xlsx"), "项目明细");
    let then = rows_by(&t21, table_key, &["执行率", "总分（复核）"]);
    let now = rows_by(&t22, table_key, &["上年执行率", "上年复核得分"]);
    let mut matched = 0;
    for (key, b) in &now {
        match then.get(key) {
            Some(a) => {
                assert!(close(a[0], b[0]) && close(a[1], b[1]), "{key}: {a:?} {b:?}");
                matched += 1;
            }
            None => assert_eq!(b, &vec![None, None], "{key}"),
        }
    }
    // The health bureau's four, and 高标准农田建设 项目 (a space in 2022's name).
    assert_eq!(matched, 5, "{now:?}");
    assert!(now.contains_key(&format!("{}|农村人居环境整治经费", org_key(AGRI))));

    // report.json: previous_year of each unit, null for a unit last year did not know.
    let doc = report(&ws22);
    let prev = &unit(&doc, HEALTH)["previous_year"];
    let then = rows_by(&s21, unit_key, &["执行率", "复核平均分"]);
    let rate: f64 = prev["rate"].as_str().unwrap().parse().unwrap();
    let score: f64 = prev["score"].as_str().unwrap().parse().unwrap();
    assert!((rate - then[HEALTH][0].unwrap()).abs() < 0.00005, "{prev}");
    assert!(close(Some(score), then[HEALTH][1]), "{prev}");
    assert!(unit(&doc, CIVIL)["previous_year"].is_null());

    // The bureau's report compares the two years.
    let para = comparison(&ws22);
    assert!(para.starts_with("与上年（2021年度）相比"), "{para}");
    insta::assert_snapshot!("bureau_year_over_year", para);

    // year-mismatch: an error in a workspace (still superseded), a warning in a plain run.
    let years = findings_of(&doc, "year-mismatch");
    assert_eq!(years.len(), 4, "{years:?}");
    assert!(years
        .iter()
        .all(|(s, st)| s == "error" && st == "superseded"));
    let fx = grid(&ws22.join("结果/findings.xlsx"), "问题清单");
    let rows: Vec<u32> = (2..200)
        .filter(|r| cell_text(&fx, *r, 6) == "year-mismatch")
        .collect();
    assert_eq!(rows.len(), 4);
    for r in rows {
        assert_eq!(
            (cell_text(&fx, r, 0), cell_text(&fx, r, 12)),
            ("错误".to_string(), "已被替代".to_string())
        );
    }
    let plain = dir.path().join("plain");
    let inbox = ws22.join("收件箱");
    let o = run(&[
        "run",
        inbox.to_str().unwrap(),
        "-o",
        plain.to_str().unwrap(),
        "--year",
        "2022",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let plain_doc: Value =
        serde_json::from_slice(&std::fs::read(plain.join("report.json")).unwrap()).unwrap();
    let years = findings_of(&plain_doc, "year-mismatch");
    assert!(years.len() == 4 && years.iter().all(|(s, _)| s == "warning"));
    // A plain run's 汇总 and 项目明细 have no 上年 columns.
    for sheet in ["汇总", "项目明细"] {
        let (_, heads) = header(&grid(&plain.join("summary.xlsx"), sheet));
        assert!(!heads.contains_key("上年执行率"), "{sheet}: {heads:?}");
    }
}

#[test]
fn a_previous_workspace_that_cannot_be_read_is_a_warning_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2022");
    let w = ws.to_str().unwrap();
    // Each way a previous workspace can fail, made in its own folder.
    let init = |name: &str| {
        let p = dir.path().join(name);
        let o = run(&["init", p.to_str().unwrap(), "--year", "2021"]);
        assert_eq!(code(&o), 0);
        p
    };
    let damaged = init("damaged");
    std::fs::write(damaged.join("selfeval.db"), b"not a database".repeat(500)).unwrap();
    let newer = init("newer");
    let c = rusqlite::Connection::open(newer.join("selfeval.db")).unwrap();
    c.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(c);
    let never = init("never-ran");
    // A history an older selfeval kept: runs, but no figures for next year.
    let older = init("older");
    copy_tree(
        &fixtures().join("year_over_year/2021"),
        &older.join("收件箱"),
    );
    assert!(code(&run(&["run", older.to_str().unwrap()])) <= 1);
    let c = rusqlite::Connection::open(older.join("selfeval.db")).unwrap();
    c.execute_batch("DROP TABLE year_units; DROP TABLE year_tables;")
        .unwrap();
    drop(c);
    std::fs::create_dir_all(dir.path().join("plain-folder")).unwrap();
    let cases = [
        ("../damaged", "已损坏"),
        ("../newer", "较新版本"),
        ("../never-ran", "还没有检查过"),
        ("../older", "较早版本"),
        ("../plain-folder", "不是 selfeval 工作区"),
        ("../missing", "文件夹不存在"),
    ];
    for (folder, why) in cases {
        set_previous(&ws, folder);
        let o = run(&["run", w]);
        assert_eq!(code(&o), 0, "{folder}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("警告：上年工作区") && err.contains(why),
            "{folder}: {err}"
        );
        let para = comparison(&ws);
        assert!(
            para.contains("无法读取") && para.contains(why),
            "{folder}: {para}"
        );
        let doc = report(&ws);
        for u in doc["units"].as_array().unwrap() {
            assert!(u["previous_year"].is_null(), "{folder}: {u}");
        }
        // The columns stay, empty.
        let s = grid(&ws.join("结果/summary.xlsx"), "汇总");
        let now = rows_by(&s, unit_key, &["上年执行率", "上年复核得分"]);
        assert!(now[HEALTH].iter().all(Option::is_none), "{folder}: {now:?}");
    }
    // Nothing of the previous workspaces was changed.
    assert_eq!(
        std::fs::read(damaged.join("selfeval.db")).unwrap(),
        b"not a database".repeat(500)
    );
    assert!(never.join("selfeval.db").is_file());
}

/// The 审核意见 sheet of a unit's return workbook: its header row's texts and each
/// finding's 状态 (column M).
fn opinions(book: &Path) -> (Vec<String>, Vec<String>) {
    let g = grid(book, "审核意见");
    let heads = (0..20).map(|c| cell_text(&g, 3, c)).collect();
    let states = (4..)
        .take_while(|r| g.contains_key(&(*r, 0)))
        .map(|r| cell_text(&g, r, 12))
        .collect();
    (heads, states)
}

#[test]
fn the_return_workbook_says_which_problems_were_sent_before() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert_eq!(code(&run(&["init", w, "--year", "2021"])), 0);
    let agri = ws.join("收件箱/永登县农业农村局");
    std::fs::create_dir_all(&agri).unwrap();
    let src = fixtures().join("inbox/永登县农业农村局");
    for f in ["部门整体.xlsx", "高标准农田建设.xlsx", "动物疫病防控.xls"] {
        std::fs::copy(src.join(f), agri.join(f)).unwrap();
    }
    assert_eq!(code(&run(&["run", w])), 1);
    let book = ws.join("结果/units").join(format!("{AGRI}.xlsx"));
    let (heads, _) = opinions(&book);
    assert!(
        !heads.contains(&"状态".to_string()),
        "no round yet: {heads:?}"
    );
    assert!(code(&run(&["issue", w])) <= 1);
    // The project corrected in place: its total fixed, a new problem made.
    std::fs::copy(
        fixtures().join("campaign/高标准农田建设（第二版）.xlsx"),
        agri.join("高标准农田建设.xlsx"),
    )
    .unwrap();
    assert_eq!(code(&run(&["run", w])), 1);
    let (heads, states) = opinions(&book);
    assert_eq!(heads[12], "状态", "{heads:?}");
    assert!(
        states.iter().any(|s| s == "仍存在") && states.iter().any(|s| s == "新出现"),
        "{states:?}"
    );
    assert!(states.iter().all(|s| s == "仍存在" || s == "新出现"));
    // The same counts as report.json says of the unit.
    let doc = report(&ws);
    let u = unit(&doc, AGRI);
    let remaining = states.iter().filter(|s| *s == "仍存在").count() as u64;
    assert_eq!(u["remaining"].as_u64(), Some(remaining), "{u}");
}

#[test]
fn a_workspace_made_in_english_runs_and_issues_under_its_english_names() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("campaign-2021");
    let w = ws.to_str().unwrap();
    let o = run(&["init", w, "--year", "2021", "--lang", "en"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for name in ["inbox", "declarations", "results", "archive", "roster.xlsx"] {
        assert!(ws.join(name).exists(), "{name}");
    }
    for name in ["收件箱", "申报表", "结果", "归档", "单位名单.xlsx"] {
        assert!(!ws.join(name).exists(), "{name}");
    }
    let src = fixtures().join("inbox");
    std::fs::copy(
        src.join("永登县卫生健康局.xlsx"),
        ws.join("inbox/永登县卫生健康局.xlsx"),
    )
    .unwrap();
    let o = run(&["run", w]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let summary = ws.join("results/summary.xlsx");
    assert_eq!(cell_text(&grid(&summary, "Summary"), 3, 0), HEALTH);
    let o = run(&["issue", w, "--format", "json"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let issued: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(issued["round"], 1);
    let rounds: Vec<String> = std::fs::read_dir(ws.join("archive"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(rounds.len(), 1, "{rounds:?}");
    let round = &rounds[0];
    assert!(
        round.starts_with("round-1 (")
            && round.ends_with(')')
            && round.len() == "round-1 (2022-04-10)".len(),
        "{round}"
    );
    let sent = ws.join("archive").join(round).join(HEALTH);
    assert!(sent.join("审核意见书.docx").is_file());
    assert!(sent.join(format!("{HEALTH}.xlsx")).is_file());
    // The unit's return workbook, the current one, in English.
    let book = ws.join("results/units").join(format!("{HEALTH}.xlsx"));
    assert_eq!(cell_text(&grid(&book, "审核意见"), 3, 0), "No.");

    // Next year's English workspace compares with this one, in English.
    let next = dir.path().join("campaign-2022");
    let n = next.to_str().unwrap();
    assert_eq!(
        code(&run(&["init", n, "--year", "2022", "--lang", "en"])),
        0
    );
    copy_tree(&fixtures().join("year_over_year/2022"), &next.join("inbox"));
    set_previous(&next, "../campaign-2021");
    let o = run(&["run", n]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: Value =
        serde_json::from_slice(&std::fs::read(next.join("results/report.json")).unwrap()).unwrap();
    assert!(unit(&doc, HEALTH)["previous_year"]["rate"].is_string());
    assert!(unit(&doc, CIVIL)["previous_year"].is_null());
    let heads = (0..30)
        .map(|c| cell_text(&grid(&next.join("results/summary.xlsx"), "Summary"), 2, c))
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>();
    assert!(heads.ends_with(&[
        "Last year's rate".into(),
        "Last year's reviewed score".into()
    ]));
    let para = docx_paragraphs(&next.join("results/reports/汇总报告（初稿）.docx"))
        .into_iter()
        .find(|p| p.starts_with("Compared with last year"))
        .unwrap_or_default();
    insta::assert_snapshot!("bureau_year_over_year_en", para);
}

/// A re-run with nothing new writes nothing and says so; it says again that last year's
/// workspace cannot be read (before, only the run that read it did: a second 重新检查 on the
/// page turned the bar green while the comparison was still missing).
#[test]
fn a_rerun_with_nothing_new_repeats_that_last_year_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2022");
    let w = ws.to_str().unwrap();
    // Last year's history damaged (the settings' own check sees only that the folder is
    // there).
    let damaged = dir.path().join("damaged");
    assert_eq!(
        code(&run(&["init", damaged.to_str().unwrap(), "--year", "2021"])),
        0
    );
    std::fs::write(damaged.join("selfeval.db"), b"not a database".repeat(500)).unwrap();
    set_previous(&ws, "../damaged");
    let first = run(&["run", w]);
    assert!(
        stderr(&first).contains("警告：上年工作区"),
        "{}",
        stderr(&first)
    );
    let again = run(&["run", w]);
    let err = stderr(&again);
    assert_eq!(code(&again), code(&first));
    assert!(err.contains("没有变化"), "{err}");
    assert!(
        err.contains("警告：上年工作区") && err.contains("已损坏"),
        "{err}"
    );
    // A previous workspace that reads well says nothing.
    let old = workspace(dir.path(), "2021");
    assert!(code(&run(&["run", old.to_str().unwrap()])) <= 1);
    set_previous(&ws, "../2021年度绩效自评");
    assert!(code(&run(&["run", w])) <= 1);
    let quiet = stderr(&run(&["run", w]));
    assert!(
        quiet.contains("没有变化") && !quiet.contains("上年工作区"),
        "{quiet}"
    );
}
