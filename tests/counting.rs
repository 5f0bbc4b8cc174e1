//! Each table counted once, everywhere (campaign.md §4; reports.md "One count", "A blank
//! table"): `run` on fixtures/resubmission — a corrected copy beside its first submission, a
//! project sent again under a close name, last year's workbook and a blank table — and
//! every output read back: the terminal, report.json, summary.xlsx, findings.xlsx, the
//! unit's return workbook and letter, and 汇总报告.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const HEALTH: &str = "永登县卫生健康局";

/// The resubmission folder copied with file times: the correction received a day later.
fn inbox(dir: &Path) -> std::path::PathBuf {
    let inbox = dir.join("收件箱");
    copy_tree(&fixtures().join("resubmission"), &inbox);
    set_mtime(&inbox.join(format!("{HEALTH}.xlsx")), 0);
    set_mtime(&inbox.join(format!("{HEALTH}（第二次报送）.xlsx")), 86_400);
    let x = inbox.join("永登县农业农村局");
    for (f, t) in [
        ("部门整体.xlsx", 0),
        ("高标准农田建设.xlsx", 0),
        ("高标准农田建设项目经费.xlsx", 3600),
    ] {
        set_mtime(&x.join(f), t);
    }
    inbox
}

fn closing_counts(stderr: &str) -> (u64, u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("已处理"))
        .expect("closing line");
    let before = |mark: &str| -> u64 {
        let head = &line[..line.find(mark).unwrap()];
        let digits: String = head
            .chars()
            .rev()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.chars().rev().collect::<String>().parse().unwrap()
    };
    (before("张表"), before("个错误"), before("个警告"))
}

#[test]
fn every_output_counts_each_table_once_and_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox(dir.path());
    let out = dir.path().join("结果");
    let o = run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(1), "{err}");
    let rep: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let s = &rep["summary"];

    // The terminal: the same counts; the corrected unit is not a unit with errors.
    let (tables, errors, warnings) = closing_counts(&err);
    assert_eq!(Some(tables), s["tables"].as_u64());
    assert_eq!(Some(errors), s["errors"].as_u64());
    assert_eq!(Some(warnings), s["warnings"].as_u64());
    let attention = err
        .lines()
        .find(|l| l.starts_with("有错误的单位"))
        .unwrap_or("");
    assert!(!attention.contains(HEALTH), "{err}");
    assert!(err.contains("另有 5 张旧副本或非本年度表格未计入"), "{err}");

    // report.json: the corrected unit passed; its first file is superseded.
    let units = rep["units"].as_array().unwrap();
    let health = units.iter().find(|u| u["name"] == HEALTH).unwrap();
    assert_eq!(health["status"], "passed");
    assert_eq!(
        (
            health["tables"].as_u64(),
            health["errors"].as_u64(),
            health["warnings"].as_u64()
        ),
        (Some(4), Some(0), Some(0))
    );
    assert_eq!(health["superseded"].as_array().unwrap().len(), 1);
    assert!(health["superseded"][0]
        .as_str()
        .unwrap()
        .ends_with(&format!("{HEALTH}.xlsx")));
    let sum = |k: &str| units.iter().map(|u| u[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(
        (sum("tables"), sum("errors"), sum("warnings")),
        (tables, errors, warnings)
    );
    // The renamed project is a possible duplicate, both copies counted; last year's table
    // and the older copies are not counted.
    let all: Vec<&Value> = rep["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().unwrap())
        .collect();
    let possible: Vec<&Value> = all
        .iter()
        .flat_map(|t| t["findings"].as_array().unwrap())
        .filter(|x| x["code"] == "table-possible-duplicate")
        .collect();
    assert_eq!(possible.len(), 1);
    assert!(possible[0]["message"]
        .as_str()
        .unwrap()
        .contains("高标准农田建设项目"));
    assert_eq!(
        all.iter().filter(|t| t["counts"] == false).count(),
        5,
        "4 older copies and the 2020 table"
    );
    for t in all.iter().filter(|t| t["counts"] == false) {
        assert!(t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["state"] == "superseded"));
    }
    let blank = all
        .iter()
        .find(|t| t["name"] == "义务教育薄弱环节改善资金")
        .unwrap();
    let codes: Vec<&str> = blank["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["table-blank"]);

    check_summary(&out, tables, errors, warnings);
    check_worklist(&out, errors, warnings);
    check_unit_outputs(&out);
    check_bureau_report(&out, tables);
}

/// 汇总 and 文件清单: the totals row equals report.json; last year's money is not summed in;
/// the blank table has no mean score or grade; the first submission is 已被替代.
fn check_summary(out: &Path, tables: u64, errors: u64, warnings: u64) {
    let summary = out.join("summary.xlsx");
    let g = grid(&summary, "汇总");
    let rows: Vec<u32> = (3..).take_while(|r| g.contains_key(&(*r, 0))).collect();
    let total = *rows
        .iter()
        .find(|r| cell_text(&g, **r, 0) == "合计")
        .unwrap();
    let kinds: f64 = (1..=3).map(|c| cell_num(&g, total, c).unwrap_or(0.0)).sum();
    assert_eq!(kinds as u64, tables);
    assert_eq!(cell_num(&g, total, 13), Some(errors as f64));
    assert_eq!(cell_num(&g, total, 14), Some(warnings as f64));
    let budget = cell_num(&g, total, 4).unwrap();
    assert!(budget < 3120.60 + 1.0 || budget > 0.0);
    for r in &rows {
        let b = cell_num(&g, *r, 4).unwrap_or(0.0);
        assert!(
            (b - 2480.0).abs() > 0.001,
            "last year's 2,480.00 is not in 汇总"
        );
    }
    let edu = *rows
        .iter()
        .find(|r| cell_text(&g, **r, 0) == "永登县教育局")
        .unwrap();
    assert_eq!(
        cell_num(&g, edu, 2),
        Some(1.0),
        "the blank table is counted as a table"
    );
    assert_eq!(cell_num(&g, edu, 8), None, "but never averaged");
    let graded: f64 = (9..=12).map(|c| cell_num(&g, edu, c).unwrap_or(0.0)).sum();
    assert_eq!(graded, 0.0, "nor graded");
    let files = grid(&summary, "文件清单");
    let status = |name: &str| {
        let r = (3..)
            .take_while(|r| files.contains_key(&(*r, 0)))
            .find(|r| cell_text(&files, *r, 0) == name)
            .unwrap();
        cell_text(&files, r, 1)
    };
    assert_eq!(
        status(&format!("{HEALTH}.xlsx")),
        format!("已被替代（以 {HEALTH}（第二次报送）.xlsx 为准）")
    );
    assert_eq!(status("永登县文化和旅游局（2020年度）.xlsx"), "非本年度");
    let detail = grid(&summary, "项目明细");
    let names: Vec<String> = (3..)
        .take_while(|r| detail.contains_key(&(*r, 0)))
        .map(|r| cell_text(&detail, r, 2))
        .collect();
    assert_eq!(
        names.len() as u64,
        tables,
        "项目明细 lists the counting tables"
    );
    assert_eq!(
        names
            .iter()
            .filter(|n| *n == "家庭医生签约服务经费")
            .count(),
        1
    );
    assert!(!names.iter().any(|n| n == "文物保护专项经费"));
}

/// findings.xlsx: the counting rows add up to the run's counts; the older copies' rows are
/// there, 已被替代, after them.
fn check_worklist(out: &Path, errors: u64, warnings: u64) {
    let g = grid(&out.join("findings.xlsx"), "问题清单");
    let rows: Vec<u32> = (2..).take_while(|r| g.contains_key(&(*r, 6))).collect();
    let counted = |sev: &str| {
        rows.iter()
            .filter(|r| cell_text(&g, **r, 0) == sev && cell_text(&g, **r, 12) != "已被替代")
            .count() as u64
    };
    assert_eq!((counted("错误"), counted("警告")), (errors, warnings));
    let old = rows
        .iter()
        .filter(|r| cell_text(&g, **r, 12) == "已被替代")
        .count();
    assert!(old >= 5, "the older copies' findings stay visible: {old}");
    assert!(
        cell_text(&g, 0, 0).contains("另有旧副本或非本年度表格的问题"),
        "{}",
        cell_text(&g, 0, 0)
    );
}

/// The corrected unit's return workbook and letter: nothing about the bureau's duplicates.
fn check_unit_outputs(out: &Path) {
    let wb = out.join("units").join(format!("{HEALTH}.xlsx"));
    let g = grid(&wb, "审核意见");
    let all: String = g
        .values()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("经复核，未发现问题。"), "{all}");
    assert!(!all.contains("重复") && !all.contains("旧副本"), "{all}");
    let letter =
        docx_paragraphs(&out.join("reports").join(HEALTH).join("审核意见书.docx")).join("\n");
    assert!(letter.contains("未发现需要修改的问题"), "{letter}");
    // campaign.md §4: a copy that does not count appears in no letter, also not among the
    // files received.
    assert!(
        letter.contains("你单位报送的1个文件（永登县卫生健康局（第二次报送）.xlsx）"),
        "{letter}"
    );
    assert!(
        !letter.contains("重复") && !letter.contains("旧副本") && !letter.contains("2020"),
        "{letter}"
    );
}

/// 汇总报告: the tables it counts are summary.xlsx's; no table twice; no grade change of a
/// copy that no longer counts.
fn check_bureau_report(out: &Path, tables: u64) {
    let paras = docx_paragraphs(&out.join("reports").join("汇总报告（初稿）.docx"));
    let text = paras.join("\n");
    assert!(
        text.contains(&format!("读取绩效自评表{tables}张")),
        "{text}"
    );
    assert!(text.contains("部门整体2张"), "{text}");
    assert!(
        !text.contains("家庭医生签约服务经费\n"),
        "no old copy listed: {text}"
    );
    assert!(!text.contains("文物保护专项经费"), "{text}");
}

/// The tables of report.json with a name, as (name, counts, codes).
fn tables_named(rep: &Value, name: &str) -> Vec<(bool, Vec<String>)> {
    rep["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["tables"].as_array().unwrap())
        .filter(|t| t["name"] == name)
        .map(|t| {
            let codes = t["findings"].as_array().unwrap().iter();
            let codes = codes.map(|x| x["code"].as_str().unwrap().to_string());
            (t["counts"] == true, codes.collect())
        })
        .collect()
}

#[test]
fn pinning_one_of_two_close_named_copies_settles_them() {
    // campaign.md §4: two close names give `table-possible-duplicate` (both counted) "so
    // the officer can pin one". Pinned, the earlier copy counts and the later one, of the
    // close name, does not (before: both stayed counted and the warning moved over).
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    let o = run(&["init", w, "--year", "2021"]);
    assert_eq!(o.status.code(), Some(0));
    std::fs::remove_dir_all(ws.join("收件箱")).unwrap();
    inbox(&ws);
    let report = || -> Value {
        serde_json::from_slice(&std::fs::read(ws.join("结果/report.json")).unwrap()).unwrap()
    };
    let (early, late) = ("高标准农田建设项目", "高标准农田建设项目经费");
    run(&["run", w]);
    let rep = report();
    assert_eq!(tables_named(&rep, early).len(), 1, "{rep}");
    let later = &tables_named(&rep, late)[0];
    assert!(later.0 && later.1.contains(&"table-possible-duplicate".to_string()));
    let o = run(&["pin", w, "收件箱/永登县农业农村局/高标准农田建设.xlsx"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    run(&["run", w]);
    let rep = report();
    let (pinned, other) = (&tables_named(&rep, early)[0], &tables_named(&rep, late)[0]);
    assert!(pinned.0, "the pinned copy counts");
    assert!(!other.0, "the close-named copy no longer counts");
    let all = [&pinned.1, &other.1];
    assert!(all
        .iter()
        .all(|c| !c.contains(&"table-possible-duplicate".to_string())));
    // Unpinned, both count again and the officer is warned again.
    run(&[
        "pin",
        w,
        "收件箱/永登县农业农村局/高标准农田建设.xlsx",
        "--remove",
    ]);
    run(&["run", w]);
    let rep = report();
    assert!(tables_named(&rep, late)[0].0 && tables_named(&rep, early)[0].0);
}
