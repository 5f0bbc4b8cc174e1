//! Approved targets (templates.md §8, rules.md "Approved targets"), the way a user meets
//! them: the binary on fixtures/approved (made by fixtures/make/approved.py: declarations
//! in the central and a province's layout, and self-evaluations that change the approved
//! targets in each known way) and on the real declarations in fixtures/field.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;

fn check(paths: &[&str]) -> Value {
    let out = common::selfeval_at_root()
        .arg("check")
        .args(paths)
        .args(["--format", "json"])
        .output()
        .expect("selfeval runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn file<'a>(doc: &'a Value, name: &str) -> &'a Value {
    common::json_file(doc, name)
}

/// (code, cell, expected, found) of a file's first table's approved-* findings.
fn approved(doc: &Value, name: &str) -> BTreeSet<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    file(doc, name)["tables"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|x| {
            x["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("approved-"))
        })
        .map(|x| {
            (
                s(&x["code"]),
                s(&x["cell"]),
                s(&x["expected"]),
                s(&x["found"]),
            )
        })
        .collect()
}

fn set(v: &[(&str, &str, &str, &str)]) -> BTreeSet<(String, String, String, String)> {
    v.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

#[test]
fn every_kind_of_change_is_found_at_the_tables_cell() {
    let doc = check(&["fixtures/approved"]);
    // 甲: matched by 项目编码 (row 3 of its form).
    assert_eq!(
        approved(&doc, "自评表_甲.xlsx"),
        set(&[
            ("approved-target-lowered", "F14", "≥1000人", "≥900人"),
            ("approved-target-lowered", "F17", "≤63.14万元", "≤70万元"),
            ("approved-target-lowered", "F18", "≥50万元", "≥50元"),
            ("approved-target-lowered", "F19", "显著提升", "有所提升"),
            ("approved-target-changed", "F20", "≤10天", "≥10天"),
            ("approved-target-lowered", "F21", "=100%", "≥90%"),
            // Renamed: the approved one dropped (at 产出's 一级 label), the new one added.
            ("approved-indicator-dropped", "B14", "设备完好率：≥98%", "-"),
            (
                "approved-indicator-added",
                "D22",
                "-",
                "设备运行完好程度：≥98%"
            ),
            ("approved-indicator-added", "D23", "-", "宣传活动场次：≥5场"),
            // No 满意度 left in the table: at the title.
            (
                "approved-indicator-dropped",
                "A1",
                "服务对象满意度：≥90%",
                "-"
            ),
            ("approved-budget-differs", "E7", "63.14", "60"),
        ])
    );
    let t = &file(&doc, "自评表_甲.xlsx")["tables"][0];
    assert_eq!(t["code"], "440306231391500000101");
    // 乙: its declaration's code lost its digits; matched by name (unit in brackets).
    assert_eq!(
        approved(&doc, "自评表_乙.xlsx"),
        set(&[("approved-target-lowered", "F14", "≥200户", "≥150户")])
    );
    // 戊: the province's layout, operator and unit in their own columns.
    assert_eq!(
        approved(&doc, "自评表_戊.xlsx"),
        set(&[("approved-target-lowered", "F15", "≥95%", "≥90%")])
    );
    // 丙 is identical to its declaration; 丁 scores the approved adjustment.
    assert!(approved(&doc, "自评表_丙.xlsx").is_empty());
    assert!(approved(&doc, "自评表_丁.xlsx").is_empty());
    assert_eq!(
        approved(&doc, "自评表_己.xlsx"),
        set(&[("approved-missing", "A1", "-", "-")])
    );
    // The department table against the unit's department declaration.
    assert_eq!(
        approved(&doc, "自评表_部门.xlsx"),
        set(&[("approved-target-lowered", "F18", "≥95%", "≥85%")])
    );
}

#[test]
fn the_message_names_the_approved_target_beside_the_scored_one() {
    let doc = check(&["fixtures/approved"]);
    let t = &file(&doc, "自评表_乙.xlsx")["tables"][0];
    let f = t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "approved-target-lowered")
        .unwrap();
    assert_eq!(
        f["message"],
        "指标「走访户数」批复目标为「≥200户」，自评采用「≥150户」，低于批复目标"
    );
    assert_eq!(f["severity"], "error");
    assert_eq!(file(&doc, "自评表_乙.xlsx")["status"], "invalid");
}

#[test]
fn without_the_adjustment_the_original_target_counts() {
    let doc = check(&[
        "fixtures/approved/申报表_中央.xlsx",
        "fixtures/approved/自评表_丁.xlsx",
    ]);
    assert_eq!(
        approved(&doc, "自评表_丁.xlsx"),
        set(&[("approved-target-lowered", "F14", "≥500人次", "≥400人次")])
    );
}

#[test]
fn without_declarations_no_table_is_compared() {
    let doc = check(&["fixtures/approved/自评表_甲.xlsx"]);
    assert!(approved(&doc, "自评表_甲.xlsx").is_empty());
}

#[test]
fn declarations_are_table_objects_of_their_own_kind() {
    let doc = check(&[
        "fixtures/approved/申报表_中央.xlsx",
        "fixtures/approved/申报表_省级.xlsx",
    ]);
    let central = file(&doc, "申报表_中央.xlsx");
    assert_eq!(
        central["status"], "ok",
        "declarations only: not file-no-table"
    );
    assert!(central["findings"].as_array().unwrap().is_empty());
    let d = &central["tables"][0];
    assert_eq!(d["kind"], "declaration");
    assert_eq!(d["sheet"], "1.社区服务项目");
    assert_eq!(d["code"], "440306231391500000101");
    assert_eq!(d["name"], "社区服务项目");
    assert_eq!(d["unit"], "某市某区某街道办事处");
    assert_eq!(d["department"], "某市某区财政局");
    assert_eq!(d["funds"]["budget"], "63.14");
    assert_eq!(d["funds"]["total"], "189.42");
    let names: Vec<&str> = d["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.len(),
        10,
        "不适用 and empty rows are placeholders: {names:?}"
    );
    assert!(!names.contains(&"不适用"));
    let first = &d["indicators"][0];
    assert_eq!(
        (first["level1"].as_str(), first["level2"].as_str()),
        (Some("产出"), Some("数量"))
    );
    assert_eq!(
        (first["op"].as_str(), first["target_value"].as_str()),
        (Some(">="), Some("1000"))
    );
    assert_eq!(first["unit"], "人");
    // A code stored as a number that lost digits, as a person sees it.
    let lost = &central["tables"][1];
    assert_eq!(lost["code"], "4.403062313915e+20");
    assert_eq!(lost["findings"][0]["code"], "declaration-code-lost");
    assert_eq!(lost["findings"][0]["cell"], "B2");
    // The province's form: one pair a row, 指标性质 + 指标值 + 计量单位 joined, 权重.
    let p = &file(&doc, "申报表_省级.xlsx")["tables"][0];
    assert_eq!(
        (p["name"].as_str(), p["year"].as_i64()),
        (Some("戊项目"), Some(2024))
    );
    assert_eq!(p["funds"]["budget"], "30");
    assert_eq!(p["indicators"][1]["target"], "≥95%");
    assert_eq!(p["indicators"][1]["weight"], "20");
    assert_eq!(
        p["indicators"][3]["level1"], "效益指标",
        "一级 written once, carried down"
    );
}

#[test]
fn a_declaration_alone_gets_its_own_findings() {
    let doc = check(&["fixtures/approved/申报表_中央.xlsx"]);
    let d = &file(&doc, "申报表_中央.xlsx")["tables"][4];
    let got: BTreeSet<(String, String)> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().into(),
                x["cell"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("declaration-category-missing", "A1"),
        ("declaration-amount-implausible", "E6"),
        ("declaration-target-unmeasurable", "D12"),
        ("declaration-unit-missing", "D13"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(d["funds"]["budget"], "247100", "kept as written");
    assert_eq!(d["funds"]["as_written"], "元");
}

/// Indicators per sheet of the real exports, counted with openpyxl: rows of the indicator
/// block whose 三级指标 is neither empty nor 不适用.
const SAMPLE_A: [usize; 20] = [0, 0, 0, 6, 5, 6, 6, 6, 6, 6, 6, 6, 5, 5, 7, 5, 6, 6, 10, 6];
const SAMPLE_B: [usize; 20] = [5, 8, 5, 5, 5, 5, 6, 5, 5, 6, 5, 6, 5, 7, 5, 6, 6, 5, 7, 6];

#[test]
fn the_real_declarations_are_read_sheet_by_sheet() {
    for (name, counts) in [
        ("goal_declarations_a.xlsx", SAMPLE_A),
        ("goal_declarations_b.xlsx", SAMPLE_B),
    ] {
        let doc = check(&[&format!("fixtures/field/{name}")]);
        let f = file(&doc, name);
        assert_eq!(f["status"], "ok", "{name}");
        let decls = f["tables"].as_array().unwrap();
        assert_eq!(decls.len(), 20, "{name}: one project a sheet");
        for (d, want) in decls.iter().zip(counts) {
            let sheet = d["sheet"].as_str().unwrap();
            let pname = d["name"].as_str().unwrap();
            assert_eq!(d["kind"], "declaration");
            // Sheets are `N.` + the project's name (cut to Excel's 31 characters).
            let shown: String = sheet.split_once('.').unwrap().1.chars().take(12).collect();
            assert!(pname.starts_with(&shown), "{name}: {sheet} / {pname}");
            let unit = d["unit"].as_str().unwrap();
            assert!(unit.starts_with("深圳市宝安区松岗街道"), "{sheet}: {unit}");
            assert_eq!(d["department"], "深圳市宝安区松岗街道办事处（本级）");
            let inds = d["indicators"].as_array().unwrap();
            assert_eq!(inds.len(), want, "{name}: {sheet}");
            // These exports hold 元 under the 万元 label: every amount given is flagged.
            let budget: f64 = d["funds"]["budget"].as_str().unwrap().parse().unwrap();
            if budget > 0.0 {
                assert_eq!(d["funds"]["as_written"], "元", "{name}: {sheet}");
            }
            for i in inds {
                let n = i["name"].as_str().unwrap();
                assert!(
                    !i["target"].as_str().unwrap().trim().is_empty(),
                    "{sheet}: {n}"
                );
                assert!(
                    !n.trim().is_empty() && n != "不适用",
                    "{sheet}: placeholder {n}"
                );
                assert!(["产出", "效益", "满意度"].contains(&i["level1"].as_str().unwrap()));
            }
        }
    }
    let b = check(&["fixtures/field/goal_declarations_b.xlsx"]);
    let first = &file(&b, "goal_declarations_b.xlsx")["tables"][0];
    assert_eq!(first["code"], "440306221390300100088");
    assert_eq!(first["indicators"][3]["name"], "总成本");
    assert_eq!(first["indicators"][3]["target"], "不超过28万元");
    assert_eq!(first["indicators"][3]["op"], "<=");
    // 本年度项目金额（万元） holds 247100: 元, kept as written and flagged.
    assert_eq!(first["funds"]["budget"], "247100");
    assert_eq!(first["funds"]["as_written"], "元");
    let codes: Vec<&str> = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"declaration-amount-implausible"),
        "{codes:?}"
    );
    let a = check(&["fixtures/field/goal_declarations_a.xlsx"]);
    let lost = &file(&a, "goal_declarations_a.xlsx")["tables"][0];
    assert_eq!(lost["code"], "4.403062313915e+20");
}

#[test]
fn run_lists_every_approved_finding_in_the_targets_sheet() {
    use calamine::{Reader, Xlsx};
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("out");
    let status = common::selfeval_at_root()
        .args(["run", "fixtures/approved", "-o"])
        .arg(&dir)
        .output()
        .expect("selfeval runs");
    assert_eq!(
        status.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut wb: Xlsx<_> = calamine::open_workbook(dir.join("summary.xlsx")).unwrap();
    let sheets = wb.sheet_names();
    let at = sheets
        .iter()
        .position(|s| s == "目标对照")
        .expect("目标对照");
    assert_eq!(sheets[at - 1], "文件清单");
    let range = wb.worksheet_range("目标对照").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows.iter().position(|r| r[0] == "单位").expect("header");
    assert_eq!(
        rows[header],
        ["单位", "表", "指标", "批复目标", "自评采用目标", "问题"]
    );
    let data = &rows[header + 1..];
    assert_eq!(
        data.len(),
        14,
        "11 of 甲, 1 each of 乙, 戊, the department: {data:?}"
    );
    assert!(data
        .iter()
        .any(|r| r[..5] == ["某社区工作站", "乙项目", "走访户数", "≥200户", "≥150户"]));
    assert!(data
        .iter()
        .any(|r| r[1..5] == ["社区服务项目", "居民生活质量", "显著提升", "有所提升"]));
    // The declarations are files of the bureau's: listed, but no unit answers for them.
    let units: Vec<String> = std::fs::read_dir(dir.join("units"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(units.iter().all(|u| !u.starts_with("申报表")), "{units:?}");
    let files = wb.worksheet_range("文件清单").unwrap();
    let listed = files
        .rows()
        .find(|r| r[0] == "申报表_省级.xlsx")
        .expect("listed");
    assert_eq!(listed[2].to_string(), "0", "a declaration is no table");
    assert_eq!(listed[5].to_string(), "绩效目标申报表 1 份：戊项目");
    // The unit's return workbook and letter name the approved target beside the scored one.
    let said = "指标「走访户数」批复目标为「≥200户」，自评采用「≥150户」，低于批复目标";
    let mut unit: Xlsx<_> = calamine::open_workbook(dir.join("units/某社区工作站.xlsx")).unwrap();
    let opinions = unit.worksheet_range("审核意见").unwrap();
    assert!(
        opinions.rows().any(|r| r.iter().any(|c| *c == said)),
        "return workbook"
    );
    let letter = std::fs::File::open(dir.join("reports/某社区工作站/审核意见书.docx")).unwrap();
    let mut docx = zip::ZipArchive::new(letter).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut docx.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    assert!(text.contains(said), "letter");
    // The officer's worklist lists the declarations' own findings, under the project.
    let mut wl: Xlsx<_> = calamine::open_workbook(dir.join("findings.xlsx")).unwrap();
    let list = wl.worksheet_range("问题清单").unwrap();
    let lost = list
        .rows()
        .find(|r| r.iter().any(|c| *c == "declaration-code-lost"))
        .expect("declaration-code-lost listed");
    let cells: Vec<String> = lost.iter().map(|c| c.to_string()).collect();
    assert!(
        cells.contains(&"乙项目（某社区工作站）".to_string()),
        "{cells:?}"
    );
    assert!(cells.contains(&"B2".to_string()), "{cells:?}");
}

/// A workspace gives its 申报表/ folder's declarations beside the inputs
/// (`Settings::declarations`): the tables are compared with them as with declarations found
/// in the inbox.
#[test]
fn declarations_given_beside_the_inputs_count_like_found_ones() {
    use selfeval::check::{approved, check_all, check_input, Settings};
    use selfeval::read::walk::Input;
    let input = |p: &str| Input {
        path: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p),
        skip: None,
    };
    let folder = check_input(
        &input("fixtures/approved/申报表_中央.xlsx"),
        &Settings::default(),
    );
    let settings = Settings {
        declarations: approved::declarations_in(&[folder]),
        ..Settings::default()
    };
    let files = check_all(&[input("fixtures/approved/自评表_乙.xlsx")], &settings);
    let codes: Vec<(&str, String)> = files[0].tables[0]
        .findings
        .iter()
        .filter(|f| f.code.as_str().starts_with("approved-"))
        .map(|f| {
            (
                f.code.as_str(),
                f.cell.map(|c| c.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(codes, [("approved-target-lowered", "F14".to_string())]);
}
