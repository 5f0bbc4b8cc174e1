//! The second year played as an officer lives it (docs/campaign.md, "The second year,
//! twenty-second session"): a 2021 workspace of six units through two rounds, then a 2022
//! workspace naming it as 上年工作区, with last year's workbook resent by mistake, a 2022
//! workbook still holding a 2021 sheet, a lowered approved target, a narrative report that
//! disagrees with its table, one unit new and one gone (fixtures/trial22, made by
//! fixtures/make/trial22.py). Each test lists every mismatch and fails once.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Fills a workspace's settings as the officer did (the bureau, addressee, contact, copies,
/// both number templates) and names last year's workspace when given.
fn settings(ws: &Path, previous: Option<&str>) {
    let toml = ws.join("selfeval.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    for (from, to) in [
        ("\"主送机关\" = \"\"", "\"主送机关\" = \"永登县人民政府\""),
        ("\"联系人\" = \"\"", "\"联系人\" = \"刘洋\""),
        ("\"联系电话\" = \"\"", "\"联系电话\" = \"0931-6412345\""),
        (
            "\"抄送\" = []",
            "\"抄送\" = [\"县审计局\", \"县人大常委会预算工委\"]",
        ),
        (
            "\"意见书\" = \"\"",
            "\"意见书\" = \"永财绩〔{年}〕{序号}号\"",
        ),
        (
            "\"汇总报告\" = \"\"",
            "\"汇总报告\" = \"永财发〔{年}〕{序号}号\"",
        ),
    ] {
        text = text.replace(from, to);
    }
    if let Some(p) = previous {
        text = text.replace(
            "\"上年工作区\" = \"\"",
            &format!("\"上年工作区\" = \"{p}\""),
        );
    }
    std::fs::write(&toml, text).unwrap();
}

/// `selfeval ARGS WS` at the tests' fixed date; exits 0 or 1 (a run with errors).
fn step(args: &[&str], ws: &Path) {
    let o = selfeval_dated(EPOCH)
        .args(args)
        .arg(ws)
        .output()
        .expect("selfeval runs");
    let code = o.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "{args:?}: {code:?}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A new workspace `name` for `year` under `dir`, with the roster and inbox of `from`.
fn workspace(dir: &Path, name: &str, year: &str, from: &Path, previous: Option<&str>) -> PathBuf {
    let ws = dir.join(name);
    let o = run(&[
        "init",
        ws.to_str().unwrap(),
        "--year",
        year,
        "--bureau",
        "永登县财政局",
    ]);
    assert_exit(&o, 0);
    settings(&ws, previous);
    std::fs::copy(from.join("单位名单.xlsx"), ws.join("单位名单.xlsx")).unwrap();
    ws
}

/// The two springs, walked once for every test of this file: year one (round 1 issued,
/// the health bureau's correction, a second issue), year two run. Returns the 2022
/// workspace.
fn second_year() -> &'static Path {
    static WALK: OnceLock<PathBuf> = OnceLock::new();
    WALK.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("trial22");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let src = fixtures().join("trial22");
        let y1 = workspace(&dir, "2021年度", "2021", &src.join("2021"), None);
        copy_tree(&src.join("2021/第1轮"), &y1.join("收件箱"));
        step(&["run"], &y1);
        step(&["issue"], &y1);
        copy_tree(&src.join("2021/第2轮"), &y1.join("收件箱"));
        step(&["run"], &y1);
        step(&["issue"], &y1);
        let y2 = workspace(
            &dir,
            "2022年度",
            "2022",
            &src.join("2022"),
            Some("../2021年度"),
        );
        copy_tree(&src.join("2022/收件箱"), &y2.join("收件箱"));
        copy_tree(&src.join("2022/申报表"), &y2.join("申报表"));
        step(&["run"], &y2);
        y2
    })
}

fn report(ws: &Path) -> Value {
    let text = std::fs::read_to_string(ws.join("结果/report.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn bureau_report(ws: &Path) -> Vec<String> {
    docx_paragraphs(&ws.join("结果/reports/汇总报告（初稿）.docx"))
}

/// What held: 2022's money only, one count in summary.xlsx, report.json and the bureau's
/// report, and the year-over-year lines against the 2021 workspace's own figures
/// (campaign.md §4, §7; reports.md "One count").
#[test]
fn the_second_year_counts_its_own_year_against_last_years_figures() {
    let ws = second_year();
    let doc = report(ws);
    let mut wrong = Vec::new();
    let s = &doc["summary"];
    if s["tables"] != 23 || s["not_counted"] != 5 || s["errors"] != 25 || s["warnings"] != 31 {
        wrong.push(format!(
            "report.json summary {s}: 23 tables, 5 not counted, 25/31"
        ));
    }
    let g = grid(&ws.join("结果/summary.xlsx"), "汇总");
    let total = (3..20).find(|&r| cell_text(&g, r, 0) == "合计");
    let rows: Vec<u32> = (3..total.unwrap_or(3)).collect();
    let budget: f64 = rows.iter().filter_map(|&r| cell_num(&g, r, 4)).sum();
    // 2022's tables: 3,120.60 + 1,200.00 + 1,775.96 + 1,288.59 + 30.00 + 150.00.
    if (budget - 7565.15).abs() > 0.005 || rows.len() != 6 {
        wrong.push(format!("汇总: {} units, Σ budget {budget}", rows.len()));
    }
    for &r in &rows {
        if cell_text(&g, r, 0) == "永登县农业农村局" {
            // 2021's 1,263.70 / 1,290.00 (fixtures/year_over_year/2021).
            let prev = cell_num(&g, r, 21).unwrap_or(0.0);
            if (prev - 1263.7 / 1290.0).abs() > 1e-9 || cell_num(&g, r, 4) != Some(1200.0) {
                wrong.push(format!(
                    "农业农村局: budget {:?}, 上年执行率 {prev}",
                    cell_num(&g, r, 4)
                ));
            }
        }
    }
    let text = bureau_report(ws).join("\n");
    for want in [
        "读取绩效自评表23张",
        "错误25个、警告31个",
        "报送绩效自评表的单位6个（上年6个）",
        "7,565.15万元（上年9,963.15万元）",
        "执行率97.46%（上年97.75%）",
    ] {
        if !text.contains(want) {
            wrong.push(format!("汇总报告 lacks {want}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// 文件清单's 状态 and report.json's file status follow the tables that count (campaign.md
/// §4, §10: only counting copies are counted). The agriculture bureau's 2022 workbook still
/// holding a 2021 sheet counted two tables, 0 errors, 0 warnings — and was listed
/// `有错误` (`invalid`), the 2021 sheet's `year-mismatch` deciding the status of a file
/// whose counted tables have none.
#[test]
fn a_workbook_still_holding_last_years_sheet_is_listed_by_the_tables_that_count() {
    let ws = second_year();
    let mut wrong = Vec::new();
    let g = grid(&ws.join("结果/summary.xlsx"), "文件清单");
    for r in 3..40 {
        let name = cell_text(&g, r, 0);
        let status = cell_text(&g, r, 1);
        let errors = cell_num(&g, r, 3);
        if name.is_empty() || !["通过", "有错误"].contains(&status.as_str()) {
            continue;
        }
        if (status == "有错误") != (errors.unwrap_or(0.0) > 0.0) {
            wrong.push(format!("文件清单: {name} {status} with {errors:?} errors"));
        }
    }
    let doc = report(ws);
    let f = json_file(&doc, "永登县农业农村局.xlsx");
    if f["status"] != "ok" {
        wrong.push(format!(
            "report.json: 永登县农业农村局.xlsx status {}",
            f["status"]
        ));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// reports.md "Ready to file": the bureau's report speaks to superiors — no cell addresses,
/// sheet or file names. Its 主要问题 gave a narrative report's problems under
/// `永登县交通运输局2022年度绩效自评报告.docx`, where the unit and its report are meant.
#[test]
fn the_bureau_report_names_a_units_narrative_report_not_its_file() {
    let ws = second_year();
    let mut wrong = Vec::new();
    let paragraphs = bureau_report(ws);
    for p in &paragraphs {
        if [".docx", ".xlsx", ".xls"].iter().any(|e| p.contains(e)) {
            wrong.push(format!("a file name: {p}"));
        }
    }
    if !paragraphs
        .iter()
        .any(|p| p.contains("永登县交通运输局（自评报告）"))
    {
        wrong.push("the report's problems are not given under 永登县交通运输局（自评报告）".into());
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// reports.md "Concise letters", "Office number forms": each figure once, the unit's own.
/// The transport bureau's letter asked it to write a rate `9` properly with
/// `（执行率应写作“98.98%”）` — a figure of no table of this unit (its rate is 98.42%),
/// read by a unit as the rate it should have written.
#[test]
fn a_letter_gives_no_rate_the_unit_never_had() {
    let ws = second_year();
    let letter = ws.join("结果/reports/永登县交通运输局/审核意见书.docx");
    let text = docx_paragraphs(&letter).join("\n");
    let mut wrong = Vec::new();
    if text.contains("98.98%") {
        wrong.push("the letter gives 98.98%, a rate of none of the unit's tables".to_string());
    }
    if !text.contains("执行率未写") && !text.contains("百分数") {
        wrong.push("the letter does not say how a rate is written".to_string());
    }
    assert!(wrong.is_empty(), "{wrong:#?}\n{text}");
}

/// campaign.md §4, §5 (where a report's copies are concerned the spec is silent; an officer
/// expects what holds for tables): after round 1 the transport bureau sent its corrected
/// narrative report beside the faulty one. Both kept counting: its seven report problems
/// stayed `仍存在`, the unit `已重新报送` with 4 errors — a unit that corrected everything
/// could never pass. The report received last is the unit's report; the earlier one is
/// `已被替代` and its problems `已改正`.
#[test]
fn a_corrected_narrative_report_replaces_the_one_it_corrects() {
    let walked = second_year();
    let dir = tempfile::tempdir().unwrap();
    for year in ["2021年度", "2022年度"] {
        copy_tree(&walked.parent().unwrap().join(year), &dir.path().join(year));
    }
    let ws = dir.path().join("2022年度");
    step(&["issue"], &ws);
    copy_tree(&fixtures().join("trial22/2022/第2轮"), &ws.join("收件箱"));
    step(&["run"], &ws);
    let doc = report(&ws);
    let u = json_unit(&doc, "永登县交通运输局");
    let mut wrong = Vec::new();
    if u["status"] != "passed" || u["fixed"] != 7 || u["remaining"] != 0 || u["errors"] != 0 {
        wrong.push(format!("the unit: {u}"));
    }
    let old = json_file(&doc, "永登县交通运输局2022年度绩效自评报告.docx");
    let states: Vec<&str> = old["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["state"].as_str())
        .collect();
    if states.iter().any(|s| *s != "superseded") {
        wrong.push(format!("the faulty report's findings: {states:?}"));
    }
    let letter = ws.join("结果/reports/永登县交通运输局/审核意见书.docx");
    let said = docx_paragraphs(&letter).join("\n");
    if said.contains("91.78%") || said.contains("一、需要修改的问题") {
        wrong.push("the letter still asks to correct the replaced report".to_string());
    }
    let returned = common::ooxml::xlsx_dump(&ws.join("结果/units/永登县交通运输局.xlsx"));
    if returned.contains("91.78%") {
        wrong.push("the return workbook still lists the replaced report".to_string());
    }
    let superseded = u["superseded"].to_string();
    if !superseded.contains("永登县交通运输局2022年度绩效自评报告.docx") {
        wrong.push(format!(
            "the faulty report is not listed as replaced: {superseded}"
        ));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The page over the 2022 workspace after round 1 was issued from the terminal
/// (tests/web/trial22.py): 总览's counts are report.json's, 文件 lists the workbook holding a
/// 2021 sheet by the tables that count, and the corrected report uploaded on the page makes
/// the transport bureau pass.
#[test]
#[ignore = "external: chromium, playwright"]
fn the_second_year_on_the_page() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let walked = second_year();
    let dir = tempfile::tempdir().unwrap();
    for year in ["2021年度", "2022年度"] {
        copy_tree(&walked.parent().unwrap().join(year), &dir.path().join(year));
    }
    let ws = dir.path().join("2022年度");
    step(&["issue"], &ws);
    let mut server = selfeval()
        .args(["serve", "--no-open"])
        .arg(&ws)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = first.split("：").nth(1).expect(&first).trim().to_string();
    let root = env!("CARGO_MANIFEST_DIR");
    let status = Command::new("python3")
        .arg(format!("{root}/tests/web/trial22.py"))
        .arg(&url)
        .arg(&ws)
        .arg(fixtures())
        .status();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        status.unwrap().success(),
        "tests/web/trial22.py failed (its mismatches are above)"
    );
}
