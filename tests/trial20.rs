//! What an officer's spring of three rounds found (docs/campaign.md, "An officer's spring,
//! twentieth session"), each through the binary as the officer runs it: a finding against
//! an approved declaration keeps its identity from round to round, an issued letter is
//! dated the day its round is, a letter of a unit that fixed nothing says so in plain words,
//! and a warning with nothing to do is not put to the unit as something to check.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A workspace for `year` under `dir`, with a bureau and a letter number set.
fn workspace(dir: &Path, year: &str) -> PathBuf {
    let ws = dir.join("绩效自评");
    let o = run(&["init", ws.to_str().unwrap(), "--year", year]);
    assert_exit(&o, 0);
    let toml = ws.join("selfeval.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text
        .replace("\"审核单位\" = \"\"", "\"审核单位\" = \"永登县财政局\"")
        .replace(
            "\"意见书\" = \"\"",
            "\"意见书\" = \"永财绩〔{年}〕{序号}号\"",
        );
    std::fs::write(&toml, text).unwrap();
    ws
}

/// Copies a fixture into the workspace's inbox under `to`.
fn send(ws: &Path, fixture: &str, to: &str) {
    let dst = ws.join("收件箱").join(to);
    std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
    std::fs::copy(fixtures().join(fixture), dst).unwrap();
}

/// `selfeval ARGS WS` with its date fixed at [`EPOCH`] (18:40 UTC: the next morning in
/// Beijing); its exit status is the caller's to check.
fn dated(args: &[&str], ws: &Path) -> std::process::Output {
    selfeval_dated(EPOCH)
        .args(args)
        .arg(ws)
        .output()
        .expect("selfeval runs")
}

fn report(ws: &Path) -> Value {
    let text = std::fs::read_to_string(ws.join("结果/report.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every finding of report.json that counts for `unit` (not an older copy's), as
/// (code, state).
fn counted_findings(doc: &Value, unit: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in doc["files"].as_array().unwrap() {
        for t in f["tables"].as_array().into_iter().flatten() {
            if t["unit"].as_str() != Some(unit) {
                continue;
            }
            for x in t["findings"].as_array().unwrap() {
                let state = x["state"].as_str().unwrap_or("").to_string();
                if state != "superseded" && x["severity"] != "info" {
                    out.push((x["code"].as_str().unwrap().to_string(), state));
                }
            }
        }
    }
    out
}

/// campaign.md §5, §10: a finding's identity is the same across runs and rounds, so a
/// problem sent in round 1 and still there is `仍存在` (state `remaining`). A self-evaluation
/// whose target is lower than the approved declaration's (`approved-target-lowered`) was
/// recorded in the round under the table (`…|-`, the history's copy of the table has no
/// indicator rows) and shown under its indicator (`…|产出指标/质量指标/验收合格率`): after the
/// round it stayed `new` for ever, while the unit's counts called it remaining.
#[test]
fn a_finding_against_the_declaration_is_the_same_problem_in_the_next_round() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2024");
    std::fs::copy(
        fixtures().join("approved/申报表_省级.xlsx"),
        ws.join("申报表/申报表_省级.xlsx"),
    )
    .unwrap();
    send(&ws, "approved/自评表_戊.xlsx", "自评表_戊.xlsx");
    assert_exit(&run(&["run", ws.to_str().unwrap()]), 1);
    assert_exit(&run(&["issue", ws.to_str().unwrap()]), 0);
    assert_exit(&run(&["run", ws.to_str().unwrap()]), 1);

    let doc = report(&ws);
    let unit = "某市某区某街道办事处";
    let found = counted_findings(&doc, unit);
    let mut wrong = Vec::new();
    if !found.iter().any(|(c, _)| c == "approved-target-lowered") {
        wrong.push("approved-target-lowered is not found".to_string());
    }
    for (code, state) in &found {
        if state != "remaining" {
            wrong.push(format!(
                "{code}: state {state}, sent in round 1 and still there"
            ));
        }
    }
    let u = json_unit(&doc, unit);
    let remaining = found.iter().filter(|(_, s)| s == "remaining").count();
    if u["remaining"].as_u64() != Some(remaining as u64) || u["new"] != 0 || u["fixed"] != 0 {
        wrong.push(format!(
            "the unit counts remaining {}, new {}, fixed {}; its findings: {remaining} remaining",
            u["remaining"], u["new"], u["fixed"]
        ));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The text of a date as the documents write it.
fn chinese_date(ymd: &str) -> String {
    let p: Vec<u32> = ymd.split('-').map(|s| s.parse().unwrap()).collect();
    format!("{}年{}月{}日", p[0], p[1], p[2])
}

/// campaign.md §10 (the round's date is the local date) and reports.md (a letter a bureau
/// can sign and send): the letter archived in `第1轮（2025-12-03）` is dated that day, and
/// its deadline is counted from it. At 18:40 UTC (02:40 in Beijing) the round was dated the
/// 3rd, the letter the 2nd — a letter dated the day before its own round, whose deadline
/// (`请于2025年12月13日前`) is eleven days after its date; summary.xlsx said the 2nd too.
#[test]
fn an_issued_letter_is_dated_the_day_of_its_round() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2021");
    send(&ws, "inbox/永登县卫生健康局.xlsx", "永登县卫生健康局.xlsx");
    assert_exit(&dated(&["run"], &ws), 1);
    assert_exit(&dated(&["issue"], &ws), 0);

    let mut wrong = Vec::new();
    let rounds: Vec<String> = std::fs::read_dir(ws.join("归档"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let Some(round) = rounds.iter().find(|n| n.starts_with("第1轮（")) else {
        panic!("no round folder in 归档: {rounds:?}");
    };
    let day = round.trim_start_matches("第1轮（").trim_end_matches('）');
    let dated_as = chinese_date(day);
    let letter = ws
        .join("归档")
        .join(round)
        .join("永登县卫生健康局/审核意见书.docx");
    let paras = docx_paragraphs(&letter);
    let signed = paras
        .iter()
        .rev()
        .find(|p| p.ends_with('日') && p.contains('年'));
    if signed != Some(&dated_as) {
        wrong.push(format!(
            "the letter of {round} is dated {signed:?}, not {dated_as}"
        ));
    }
    let deadline = paras.iter().find(|p| p.starts_with("请于"));
    // 报送期限天数 is 10 by default: 2025-12-03 + 10.
    if day == "2025-12-03" && !deadline.is_some_and(|p| p.starts_with("请于2025年12月13日前"))
    {
        wrong.push(format!(
            "deadline {deadline:?}, not 10 days after {dated_as}"
        ));
    }
    let summary = grid(&ws.join("结果/summary.xlsx"), "汇总");
    let line = cell_text(&summary, 1, 0);
    if !line.ends_with(&dated_as) {
        wrong.push(format!("summary.xlsx says {line:?} on the day of {round}"));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// reports.md, "Across rounds": the letter of round N+1 opens with what was fixed and what
/// remains. A unit that fixed nothing read `你单位已改正第1轮意见指出的0个问题，尚有3个问题未改正`
/// — "you have corrected 0 problems" — where an officer writes that none was corrected.
#[test]
fn a_letter_of_a_unit_that_fixed_nothing_says_none_was_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2021");
    let unit = "永登县农业农村局";
    for f in [
        "部门整体.xlsx",
        "动物疫病防控.xls",
        "高标准农田建设.xlsx",
        "高标准农田建设（修改后）.xlsx",
    ] {
        send(&ws, &format!("inbox/{unit}/{f}"), &format!("{unit}/{f}"));
    }
    assert_exit(&run(&["run", ws.to_str().unwrap()]), 1);
    assert_exit(&run(&["issue", ws.to_str().unwrap()]), 0);
    // The resubmission fixes nothing and makes a new problem (campaign/: 自评等级 良).
    send(
        &ws,
        "campaign/高标准农田建设（第二版）.xlsx",
        &format!("{unit}/高标准农田建设（第二版）.xlsx"),
    );
    assert_exit(&run(&["run", ws.to_str().unwrap()]), 1);

    let doc = report(&ws);
    let name = "永登县农业农村局（县乡村振兴局）";
    let u = json_unit(&doc, name);
    let (fixed, remaining) = (u["fixed"].as_u64(), u["remaining"].as_u64().unwrap_or(0));
    let letter = ws.join(format!("结果/reports/{name}/审核意见书.docx"));
    let paras = docx_paragraphs(&letter);
    let opening = paras.iter().find(|p| p.contains("第1轮意见"));
    let mut wrong = Vec::new();
    if fixed != Some(0) || remaining == 0 {
        wrong.push(format!(
            "fixed {fixed:?}, remaining {remaining}: not the case tried"
        ));
    }
    let want = format!("你单位对第1轮意见指出的{remaining}个问题均未改正");
    if !opening.is_some_and(|p| p.contains(&want)) {
        wrong.push(format!("the letter opens {opening:?}, not with {want:?}"));
    }
    if opening.is_some_and(|p| p.contains("已改正第1轮意见指出的0个问题")) {
        wrong.push("the letter says 0 problems were corrected".to_string());
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// reports.md, "Concise letters": a unit that sent the same workbook twice read
/// `请核实，如确有问题请：同一文件报送了两次，只计一次，无需处理。` — "please check, and if
/// there is a problem please: nothing to do". A remedy that asks nothing is said as it is,
/// not as what to do if the check finds a problem. (A workbook sent twice is now told by
/// its older copy's `table-duplicate`, the officer's only (docs/spec-audit.md, "Findings made
/// consistent (polish2)"); a narrative report sent twice, which has no table to tell it,
/// still gives `file-duplicate` in the letter.)
#[test]
fn a_warning_with_nothing_to_do_is_not_put_as_something_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2021");
    send(
        &ws,
        "reports/永登县交通运输局.xlsx",
        "永登县交通运输局.xlsx",
    );
    let report = "reports/永登县交通运输局2021年度绩效自评报告.docx";
    send(&ws, report, "永登县交通运输局2021年度绩效自评报告.docx");
    send(
        &ws,
        report,
        "邮件附件/永登县交通运输局2021年度绩效自评报告(1).docx",
    );
    assert_exit(&run(&["run", ws.to_str().unwrap()]), 0);

    let letter = ws.join("结果/reports/永登县交通运输局/审核意见书.docx");
    let paras = docx_paragraphs(&letter);
    let mut wrong = Vec::new();
    if !paras.iter().any(|p| p.contains("内容完全相同")) {
        wrong.push("the duplicate is not in the letter: not the case tried".to_string());
    }
    for p in paras.iter().filter(|p| p.contains("如确有问题请")) {
        if p.contains("无需") {
            wrong.push(format!("{p:?}"));
        }
    }
    if !paras
        .iter()
        .any(|p| p == "同一文件报送了两次，只计一次，无需处理。")
    {
        wrong.push(format!("the remedy is not said on its own: {paras:#?}"));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// reports.md, "Across rounds": the bureau's report says how many units answered. A unit
/// that resubmitted after round 1 and, its correction still wrong, was sent round 2 had
/// answered — yet `已有0个单位重新报送` counted only units now 通过 or 已重新报送, so an
/// officer's superiors read that no unit had answered the bureau's letters.
#[test]
fn a_unit_returned_again_after_resubmitting_has_answered() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2021");
    let unit = "永登县农业农村局";
    for f in ["部门整体.xlsx", "动物疫病防控.xls", "高标准农田建设.xlsx"] {
        send(&ws, &format!("inbox/{unit}/{f}"), &format!("{unit}/{f}"));
    }
    // A unit that never answers, sent round 1 too.
    send(&ws, "resubmission/永登县教育局.xlsx", "永登县教育局.xlsx");
    let w = ws.to_str().unwrap();
    assert_exit(&run(&["run", w]), 1);
    assert_exit(&run(&["issue", w]), 0);
    send(
        &ws,
        "campaign/高标准农田建设（第二版）.xlsx",
        &format!("{unit}/高标准农田建设（第二版）.xlsx"),
    );
    assert_exit(&run(&["run", w]), 1);
    assert_exit(&run(&["issue", w]), 0);

    let doc = report(&ws);
    let mut wrong = Vec::new();
    let name = "永登县农业农村局（县乡村振兴局）";
    let u = json_unit(&doc, name);
    if u["status"] != "returned" || u["round"] != 2 {
        wrong.push(format!("{name}: {u}: not the case tried"));
    }
    let paras = docx_paragraphs(&ws.join("结果/reports/汇总报告（初稿）.docx"));
    let said = paras.iter().find(|p| p.starts_with("已发出审核意见2轮"));
    let want = "共发送2个单位，已有1个单位重新报送";
    if !said.is_some_and(|p| p.contains(want)) {
        wrong.push(format!("the report says {said:?}, not {want:?}"));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// templates.md §9 names a Word table `表格N` in the program's addresses; the letter is for
/// a unit that wrote a Word document, where there is no worksheet. It read
/// `基层农技推广体系补助项目（工作表“表格1”）：I20，…`: the unit looks for a sheet its file
/// does not have.
#[test]
fn a_letter_on_a_word_table_names_the_table_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path(), "2023");
    send(
        &ws,
        "wordprobe/w28_total_mismatch.docx",
        "环县县农业农村局绩效自评表.docx",
    );
    assert_exit(&run(&["run", ws.to_str().unwrap()]), 1);
    let letter = ws.join("结果/reports/环县县农业农村局/审核意见书.docx");
    let paras = docx_paragraphs(&letter);
    let mut wrong = Vec::new();
    let said = paras
        .iter()
        .find(|p| p.contains("基层农技推广体系补助项目（"));
    if !said.is_some_and(|p| p.contains("基层农技推广体系补助项目（文档第1个表格）："))
    {
        wrong.push(format!("the table is named {said:?}"));
    }
    for p in paras.iter().filter(|p| p.contains("工作表")) {
        wrong.push(format!(
            "a worksheet named in a Word document's letter: {p:?}"
        ));
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
