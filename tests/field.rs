//! The forms from the field (templates.md §6) and what is not a table (§7), read the way a
//! user reads them: the binary on fixtures/field. fixtures/field/README.md's findings are
//! checked by tests/inbox_readme.rs; this file checks what each table is read as.

mod common;

use serde_json::Value;

fn check(file: &str) -> Value {
    let out = common::selfeval_at_root()
        .args([
            "check",
            &format!("fixtures/field/{file}"),
            "--format",
            "json",
        ])
        .output()
        .expect("selfeval runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{file}: exit {:?}",
        out.status
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["files"][0].clone()
}

fn tables(f: &Value) -> Vec<Value> {
    f["tables"].as_array().expect("tables").clone()
}

fn codes(t: &Value) -> Vec<String> {
    t["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|x| x["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_central_export_is_one_blank_table_on_its_own_sheet() {
    let f = check("central_export_2019.xls");
    let (decls, ts): (Vec<Value>, Vec<Value>) = tables(&f)
        .into_iter()
        .partition(|t| t["kind"] == "declaration");
    assert_eq!(ts.len(), 1, "no other sheet is a table: {ts:#?}");
    // Its 绩效目标表 sheet is the project's (empty) declaration (templates.md §8).
    assert_eq!(decls.len(), 1);
    assert_eq!(decls[0]["sheet"], "项目支出绩效目标申报表");
    assert_eq!(decls[0]["name"], "2019年210青少年校园足球扶持资金");
    assert_eq!(decls[0]["unit"], "北京大学");
    assert_eq!(
        decls[0]["year"], 2020,
        "the form's year line, not the name's 2019"
    );
    assert!(decls[0]["indicators"].as_array().unwrap().is_empty());
    let t = &ts[0];
    assert_eq!(t["sheet"], "项目支出绩效自评表");
    assert_eq!(t["name"], "2019年210青少年校园足球扶持资金");
    assert_eq!(t["department"], "教育部");
    assert_eq!(t["year"], 2019);
    assert_eq!(codes(t), ["table-blank"]);
    assert_eq!(t["findings"][0]["cell"], "A1");
}

#[test]
fn goal_declarations_are_declarations_not_tables() {
    // templates.md §8: a file holding only declarations is ok, its declarations listed
    // with `"kind": "declaration"` (tests/approved.rs reads them field by field).
    for file in ["goal_declarations_a.xlsx", "goal_declarations_b.xlsx"] {
        let f = check(file);
        assert_eq!(f["status"], "ok", "{file}");
        assert!(f["findings"].as_array().unwrap().is_empty(), "{file}");
        let ts = tables(&f);
        assert_eq!(ts.len(), 20, "{file}");
        assert!(ts.iter().all(|t| t["kind"] == "declaration"), "{file}");
    }
}

#[test]
fn the_sichuan_form_is_read_figure_by_figure() {
    for file in ["sichuan_2023.xlsx", "sichuan_2023_lo.xls"] {
        let f = check(file);
        let ts = tables(&f);
        assert_eq!(ts.len(), 1, "{file}");
        let t = &ts[0];
        assert_eq!(t["year"], 2023, "{file}");
        assert_eq!(t["name"], "基层农技推广体系改革与建设补助项目");
        assert_eq!(t["department"], "四川省农业农村厅");
        assert_eq!(t["unit"], "某县农业农村局", "实施单位 (盖章) is a label");
        let rows = t["funds"]["rows"].as_array().expect("rows");
        let roles: Vec<&str> = rows.iter().map(|r| r["role"].as_str().unwrap()).collect();
        assert_eq!(roles, ["total", "appropriation", "other", "other", "other"]);
        assert_eq!(rows[0]["budget"], "238.93");
        assert_eq!(rows[0]["executed"], "232.53");
        assert_eq!(rows[2]["budget"], "15");
        let ex = &t["execution"];
        assert_eq!(ex["rate_stated"], "0.95");
        assert_eq!(ex["score_stated"], "9.73");
        assert_eq!(ex["reason"], "部分培训经费按进度结算，尚未全部支付");
        let inds = t["indicators"].as_array().expect("indicators");
        assert_eq!(inds.len(), 6, "footer rows are not indicators");
        assert_eq!(inds[0]["target"], "≥1200人次");
        assert_eq!(inds[0]["actual"], "1260人次");
        assert_eq!(inds[4]["kind"], "qualitative");
        assert_eq!(t["total"]["score_stated"], "98.73");
        assert_eq!(t["total"]["weight"], "100");
        let goals_read = !codes(t).iter().any(|c| c == "field-missing");
        assert!(goals_read, "{file}: {:?}", codes(t));
    }
}

#[test]
fn the_beijing_form_reads_its_own_column_order() {
    let f = check("beijing_haidian.xlsx");
    let t = &tables(&f)[0];
    let inds = t["indicators"].as_array().expect("indicators");
    assert_eq!(inds.len(), 6);
    assert_eq!(inds[0]["weight"], "20");
    assert_eq!(inds[0]["target"], "≥24场");
    assert_eq!(inds[0]["actual"], "26场");
    assert_eq!(inds[0]["score_stated"], "20");
    assert_eq!(t["total"]["score_stated"], "99");
    assert_eq!(t["grade"]["stated"], "优");
    let mut c = codes(t);
    c.sort();
    assert_eq!(c, ["fund-sum-mismatch", "total-mismatch"]);
}

#[test]
fn stacked_tables_are_separate_and_in_order() {
    let f = check("stacked_tables.xlsx");
    let ts = tables(&f);
    let names: Vec<&str> = ts.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["道路养护项目", "路灯维护项目"]);
    assert!(codes(&ts[0]).is_empty());
    assert_eq!(codes(&ts[1]), ["exec-rate-low"]);
    assert_eq!(ts[1]["findings"][0]["sheet"], "两个项目");
}

#[test]
fn qualified_titles_are_titles_and_instructions_are_not_tables() {
    let f = check("qualified_titles.xlsx");
    let ts = tables(&f);
    let sheets: Vec<&str> = ts.iter().map(|t| t["sheet"].as_str().unwrap()).collect();
    assert_eq!(sheets, ["附件2", "市级"]);
    assert_eq!(f["status"], "ok");
}

#[test]
fn docs_reader_lists_every_layout_spelling() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reader.md");
    let doc = std::fs::read_to_string(path).expect("docs/reader.md");
    let (begin, end) = ("<!-- layouts:begin -->\n", "<!-- layouts:end -->");
    let start = doc.find(begin).expect("begin marker") + begin.len();
    let stop = doc.find(end).expect("end marker");
    let table = selfeval::form_markdown();
    if std::env::var_os("SELFEVAL_BLESS").is_some() {
        let fresh = format!("{}{table}{}", &doc[..start], &doc[stop..]);
        std::fs::write(path, fresh).expect("write docs/reader.md");
        return;
    }
    assert_eq!(
        &doc[start..stop],
        table,
        "docs/reader.md is stale: run SELFEVAL_BLESS=1 cargo test --test field"
    );
}

#[test]
fn own_outputs_dropped_back_are_not_tables_but_the_template_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let run = common::selfeval_at_root()
        .args(["run", "fixtures/inbox", "-o"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    let template = out.join("template.xlsx");
    let made = common::selfeval()
        .args(["template", "--kind", "project", "-o"])
        .arg(&template)
        .output()
        .expect("template");
    assert!(made.status.success());
    let check = common::selfeval()
        .args(["check", "--format", "json"])
        .arg(&out)
        .output()
        .expect("check");
    let doc: Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let mut outputs = 0;
    for f in doc["files"].as_array().expect("files") {
        let path = f["path"].as_str().unwrap_or_default();
        if !path.ends_with(".xlsx") {
            continue;
        }
        if path.ends_with("template.xlsx") {
            assert_eq!(tables(f).len(), 1, "the blank template is a table");
            assert_eq!(codes(&tables(f)[0]), ["table-blank"]);
            continue;
        }
        outputs += 1;
        assert!(tables(f).is_empty(), "{path} read as a table");
        let msg = f["findings"][0]["message"].as_str().unwrap_or_default();
        assert!(msg.contains("selfeval 生成的审核结果"), "{path}: {msg}");
    }
    assert!(
        outputs >= 6,
        "summary, findings and the unit workbooks: {outputs}"
    );
}
