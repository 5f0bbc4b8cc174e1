//! What the outputs say, made consistent (docs/design.md "Outputs made consistent
//! (polish1)"): five places where one output said something another contradicted, each
//! run through the binary as a user does and read back from the files it wrote. Every
//! test lists all its mismatches at once.

mod common;

use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The unit of fixtures/specaudit's project tables e01 and e06 (its 实施单位).
const E01: &str = "某某县职业技能培训中心e01";
const E06: &str = "某某县职业技能培训中心e06";

fn run_into(inbox: &Path, out: &Path) -> Value {
    let o = selfeval_dated("1764700997")
        .arg("run")
        .arg(inbox)
        .arg("-o")
        .arg(out)
        .output()
        .expect("selfeval runs");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

fn want(out: &mut Vec<String>, ok: bool, what: impl Into<String>) {
    if !ok {
        out.push(what.into());
    }
}

/// The rows of a sheet, each row's cells as text.
fn rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let g = grid(path, sheet);
    let last = g.keys().map(|k| k.0).max().unwrap_or(0);
    let width = g.keys().map(|k| k.1).max().unwrap_or(0);
    (0..=last)
        .map(|r| (0..=width).map(|c| cell_text(&g, r, c)).collect())
        .collect()
}

/// Item 1: a blank table (`table-blank`) is ungraded in every output: report.json, 项目明细,
/// the return workbook's table sheet and the letter (reports.md "A blank table").
#[test]
fn a_blank_table_is_ungraded_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let name = "永登县教育局.xlsx";
    std::fs::copy(fixtures().join("resubmission").join(name), inbox.join(name)).unwrap();
    let out = dir.path().join("结果");
    let rep = run_into(&inbox, &out);
    let mut bad = Vec::new();
    let t = &json_file(&rep, name)["tables"][0];
    want(
        &mut bad,
        codes_of(t) == ["table-blank"],
        format!("codes {t}"),
    );
    for (k, v) in [
        ("/grade/reviewed", &t["grade"]["reviewed"]),
        ("/total/score", &t["total"]["score"]),
    ] {
        want(
            &mut bad,
            v.is_null(),
            format!("report.json {k} = {v}, want null"),
        );
    }
    let detail = rows(&out.join("summary.xlsx"), "项目明细");
    let head = &detail[2];
    let row = detail.iter().find(|r| r[0] == "永登县教育局").cloned();
    let row = row.unwrap_or_default();
    for h in ["执行得分（复核）", "总分（复核）", "等级（复核）"] {
        let c = head.iter().position(|x| x == h);
        let v = c.and_then(|c| row.get(c)).cloned().unwrap_or_default();
        want(
            &mut bad,
            v.is_empty(),
            format!("项目明细 {h} = {v:?}, want empty"),
        );
    }
    let ret = out.join("units").join("永登县教育局.xlsx");
    let sheet = rows(&ret, "薄弱环节改善");
    let grade = sheet.iter().find(|r| r[0] == "自评等级").cloned();
    let grade = grade.unwrap_or_default();
    want(
        &mut bad,
        !grade
            .iter()
            .any(|c| ["优", "良", "中", "差"].contains(&c.as_str())),
        format!("return workbook 自评等级 row {grade:?} grades the blank table"),
    );
    let letter = docx_paragraphs(&out.join("reports/永登县教育局/审核意见书.docx"));
    want(
        &mut bad,
        letter.iter().any(|p| p == "空白表") && !letter.iter().any(|p| p == "差"),
        "the letter shows 空白表, never 差",
    );
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

fn codes_of(t: &Value) -> Vec<String> {
    common::probe::codes(t)
}

/// Item 2: a damaged copy replaced by a later good one is listed in 文件清单; the bureau's
/// report must not say every file could be read, and says what happened instead.
#[test]
fn the_bureau_report_says_a_damaged_copy_was_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let good = inbox.join(format!("{E01}.xlsx"));
    let damaged = inbox.join(format!("{E01}（原件）.xlsx"));
    std::fs::copy(fixtures().join("specaudit/e01_clean.xlsx"), &good).unwrap();
    std::fs::write(&damaged, b"PK\x03\x04 this copy was cut short in the mail").unwrap();
    set_mtime(&damaged, 0);
    set_mtime(&good, 86_400);
    let out = dir.path().join("结果");
    run_into(&inbox, &out);
    let mut bad = Vec::new();
    let files = rows(&out.join("summary.xlsx"), "文件清单");
    let listed = files.iter().find(|r| r[0] == format!("{E01}（原件）.xlsx"));
    want(
        &mut bad,
        listed.is_some_and(|r| r.iter().any(|c| c.contains("无法读取"))),
        format!("文件清单 lists the damaged copy as unreadable: {listed:?}"),
    );
    let bureau = docx_paragraphs(&out.join("reports/汇总报告（初稿）.docx")).join("\n");
    want(
        &mut bad,
        !bureau.contains("所有文件均已读取"),
        "汇总报告 says 所有文件均已读取 while a file could not be read",
    );
    for part in [
        "1个文件未能读取",
        "已由该单位其后报送的文件替代",
        &format!("{E01}（原件）.xlsx"),
    ] {
        want(
            &mut bad,
            bureau.contains(part),
            format!("汇总报告 lacks {part:?}"),
        );
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}\n{bureau}",
        bad.len(),
        bad.join("\n")
    );
}

/// An inbox holding `报送材料.zip` with e06 (exec-rate-low, a bound) inside a folder.
fn zipped_inbox(dir: &Path) -> PathBuf {
    let inbox = dir.join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let bytes = std::fs::read(fixtures().join("specaudit/e06_rate_just_below_90.xlsx")).unwrap();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("自评表/项目支出.xlsx", opts).unwrap();
    z.write_all(&bytes).unwrap();
    let zip = z.finish().unwrap().into_inner();
    std::fs::write(inbox.join("报送材料.zip"), zip).unwrap();
    inbox
}

/// Items 3 and 4: the letter and the return workbook name a file inside a `.zip` as the
/// file list does (`报送材料.zip › 自评表/项目支出.xlsx`, templates.md §9); the 审核意见
/// sheet keeps the columns reports.md §1 fixes, the bound stays out of 复核值 and is
/// given in the message and the cell's note.
#[test]
fn a_file_inside_an_archive_is_named_as_the_file_list_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = zipped_inbox(dir.path());
    let out = dir.path().join("结果");
    run_into(&inbox, &out);
    let entry = "报送材料.zip › 自评表/项目支出.xlsx";
    let mut bad = Vec::new();
    let files = rows(&out.join("summary.xlsx"), "文件清单");
    want(
        &mut bad,
        files.iter().any(|r| r[0] == entry),
        format!("文件清单 names {entry}"),
    );
    let ret = out.join("units").join(format!("{E06}.xlsx"));
    let op = rows(&ret, "审核意见");
    let spec = [
        "序号",
        "表",
        "原文件",
        "原工作表",
        "原单元格",
        "严重程度",
        "问题",
        "说明",
        "填报值",
        "复核值",
        "怎么改",
        "定位",
    ];
    let head = op.iter().position(|r| r[0] == "序号");
    let head = head.map(|h| &op[h]);
    want(
        &mut bad,
        head.is_some_and(|h| h.iter().take(12).eq(spec.iter())),
        format!("审核意见 columns {head:?}, want {spec:?}"),
    );
    let low = op.iter().find(|r| r[6].contains("执行率"));
    match low {
        None => bad.push(format!("no exec-rate-low row in 审核意见: {op:?}")),
        Some(r) => {
            want(
                &mut bad,
                r[2] == entry,
                format!("原文件 {:?}, want {entry:?}", r[2]),
            );
            want(
                &mut bad,
                r[9].is_empty(),
                format!("复核值 {:?}: the bound is no reviewed figure", r[9]),
            );
            want(
                &mut bad,
                r[7].contains("90.00%") || r[7].contains("90%"),
                format!("说明 {:?} gives the bound", r[7]),
            );
        }
    }
    let letter = docx_paragraphs(&out.join(format!("reports/{E06}/审核意见书.docx"))).join("\n");
    want(
        &mut bad,
        letter.contains(entry),
        format!("the letter names {entry}:\n{letter}"),
    );
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Item 5: `declaration-amount-implausible` carries the amount as written (`found`) and the
/// bound it is over (`limit`), or, where the sheet's own text gives the amount in 万元,
/// that amount (`expected`) (rules.md "Expected and found").
#[test]
fn an_implausible_declared_amount_carries_its_figures() {
    let doc = check_json("fixtures/field/goal_declarations_b.xlsx");
    let f = json_file(&doc, "goal_declarations_b.xlsx");
    let mut bad = Vec::new();
    let find = |sheet: &str| -> Value {
        f["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|t| t["findings"].as_array().into_iter().flatten())
            .find(|x| x["code"] == "declaration-amount-implausible" && x["sheet"] == sheet)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // 247100 over the bound of 100,000 万元; 15000 where the basis says 1.50万元.
    let cases = [
        (
            "1.宝安第一课常态化培训经费",
            "247100",
            Value::Null,
            Value::from("100000"),
        ),
        (
            "4.学习型街道（社区）创建及评估经费",
            "15000",
            Value::from("1.5"),
            Value::Null,
        ),
    ];
    for (sheet, found, expected, limit) in cases {
        let x = find(sheet);
        want(
            &mut bad,
            x["found"] == found,
            format!("{sheet}: found {}, want {found}", x["found"]),
        );
        want(
            &mut bad,
            x["expected"] == expected,
            format!("{sheet}: expected {}, want {expected}", x["expected"]),
        );
        want(
            &mut bad,
            x["limit"] == limit,
            format!("{sheet}: limit {}, want {limit}", x["limit"]),
        );
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
