//! How a bureau's inbox is grouped into units (rules.md "Grouping into units", campaign.md
//! §4), tried on inboxes as units really send them: `run` on each folder of
//! fixtures/unitprobe (made by fixtures/make/unitprobe.py) and report.json's units read
//! back — names, counting tables, errors, warnings, files.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// One unit as report.json lists it: name, tables, errors, warnings, its files' names.
type Seen = (String, u64, u64, u64, Vec<String>);

/// `run` on a copy of fixtures/unitprobe/`folder`, every file received at the same time
/// unless `prep` says otherwise; the units and each file's finding codes.
fn probe(folder: &str, prep: fn(&Path)) -> (Vec<Seen>, Vec<(String, Vec<String>)>) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    copy_tree(&fixtures().join("unitprobe").join(folder), &inbox);
    same_time(&inbox);
    prep(&inbox);
    let out = dir.path().join("结果");
    let o = run(&["run", inbox.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let rep: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let name = |p: &Value| {
        let p = Path::new(p.as_str().unwrap_or_default());
        p.file_name().unwrap().to_string_lossy().into_owned()
    };
    let units = rep["units"].as_array().unwrap().iter().map(|u| {
        let n = |k: &str| u[k].as_u64().unwrap();
        let files = u["files"].as_array().unwrap().iter().map(name).collect();
        let text = u["name"].as_str().unwrap().to_string();
        (text, n("tables"), n("errors"), n("warnings"), files)
    });
    let files = rep["files"].as_array().unwrap().iter().map(|f| {
        let tables = f["tables"].as_array().into_iter().flatten();
        let found = f["findings"].as_array().into_iter().flatten();
        let found =
            found.chain(tables.flat_map(|t| t["findings"].as_array().into_iter().flatten()));
        let mut codes: Vec<String> = found.map(|x| x["code"].as_str().unwrap().into()).collect();
        codes.sort();
        codes.dedup();
        (name(&f["path"]), codes)
    });
    let units: Vec<Seen> = units.collect();
    assert_eq!(
        summary_units(&out.join("summary.xlsx")),
        shown(&units),
        "{folder}: 汇总"
    );
    (units, files.collect())
}

/// 汇总's rows above 合计: each unit's name and its tables (部门整体 + 项目 + 转移支付).
fn summary_units(path: &Path) -> Vec<(String, u64)> {
    let g = grid(path, "汇总");
    let rows = (3..).take_while(|r| !["合计", ""].contains(&cell_text(&g, *r, 0).as_str()));
    let count = |r: u32| (1..4).filter_map(|c| cell_num(&g, r, c)).sum::<f64>() as u64;
    rows.map(|r| (cell_text(&g, r, 0), count(r))).collect()
}

/// The names and table counts of report.json's units, as 汇总 should show them.
fn shown(units: &[Seen]) -> Vec<(String, u64)> {
    units.iter().map(|u| (u.0.clone(), u.1)).collect()
}

/// Every file of the tree modified at the same moment (ties then go by path).
fn same_time(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            same_time(&e.path());
        } else {
            set_mtime(&e.path(), 0);
        }
    }
}

fn none(_: &Path) {}

/// Runs `folder` and asserts its units are `want`; each file's finding codes.
fn expect(folder: &str, prep: fn(&Path), want: &[Seen]) -> Vec<(String, Vec<String>)> {
    let (units, files) = probe(folder, prep);
    assert_eq!(units, want, "{folder}");
    files
}

fn unit(name: &str, tables: u64, errors: u64, warnings: u64, files: &[&str]) -> Seen {
    let files = files.iter().map(|s| s.to_string()).collect();
    (name.to_string(), tables, errors, warnings, files)
}

/// `folder` gives the clean 交通 workbook's unit and `other`.
fn beside_transport(folder: &str, other: Seen) {
    let transport = unit(TRANSPORT, 5, 0, 0, &["永登县交通运输局.xlsx"]);
    expect(folder, none, &[transport, other]);
}

/// The codes of one file's findings.
fn codes<'a>(files: &'a [(String, Vec<String>)], file: &str) -> &'a [String] {
    let f = files.iter().find(|f| f.0 == file);
    &f.unwrap_or_else(|| panic!("no file {file}: {files:?}")).1
}

const TRANSPORT: &str = "永登县交通运输局";
const AGRI: &str = "永登县农业农村局（县乡村振兴局）";
const CENTRE: &str = "永登县交通运输局第1服务中心";

#[test]
fn each_unit_in_its_own_subfolder() {
    expect(
        "u01_subfolders",
        none,
        &[
            unit(TRANSPORT, 5, 0, 0, &["自评表.xlsx"]),
            unit(
                AGRI,
                2,
                0,
                0,
                &["部门整体.xlsx", "高标准农田建设（修改后）.xlsx"],
            ),
        ],
    );
}

#[test]
fn project_tables_apart_join_by_their_implementing_unit() {
    let files = ["危桥改造.xlsx", "安全设施.xlsx", "客运补贴.xlsx"];
    expect(
        "u02_projects_apart",
        none,
        &[unit(TRANSPORT, 3, 0, 0, &files)],
    );
}

/// Spaces (also U+3000) and ASCII brackets in other files join the unit, which is shown
/// under its department table's spelling, not the first file's (危桥改造.xlsx, read first,
/// writes 永登县\u{3000}农业农村局…). Before: the unit was named with the U+3000.
#[test]
fn a_name_spelled_apart_joins_under_the_department_tables_spelling() {
    let all = ["危桥改造.xlsx", "部门整体.xlsx", "高标准农田建设.xlsx"];
    // 危桥改造 is 交通's project relabelled: its 执行数 makes the projects exceed 项目支出.
    let files = expect("u03_name_spellings", none, &[unit(AGRI, 3, 0, 1, &all)]);
    assert_eq!(codes(&files, "部门整体.xlsx"), ["dept-projects-exceed"]);
    assert!(codes(&files, "高标准农田建设.xlsx").is_empty());
}

#[test]
fn names_sharing_a_prefix_stay_two_units() {
    beside_transport(
        "u04_prefix",
        unit(CENTRE, 1, 0, 0, &["第1服务中心危桥改造.xlsx"]),
    );
}

/// A broken file named after the longer of two names sharing a prefix is the longer
/// unit's. Before: it went to 永登县交通运输局, the first unit whose name its name contains.
#[test]
fn a_broken_file_goes_to_the_unit_its_whole_name_names() {
    let broken = "永登县交通运输局第1服务中心（补充）.xlsx";
    expect(
        "u05_prefix_broken",
        none,
        &[
            unit(TRANSPORT, 5, 0, 0, &["永登县交通运输局.xlsx"]),
            unit(CENTRE, 1, 1, 0, &["危桥改造.xlsx", broken]),
        ],
    );
}

#[test]
fn a_file_named_after_another_unit_is_its_tables_units() {
    expect(
        "u07_misnamed",
        none,
        &[unit(TRANSPORT, 5, 0, 0, &["永登县卫生健康局.xlsx"])],
    );
}

/// The resubmission under a new name, received a day later, counts; the old copy is left
/// out (its findings are the officer's, not the unit's).
#[test]
fn a_resubmission_under_a_new_file_name_replaces_the_old_copy() {
    let files = expect(
        "u08_resubmitted",
        |d| set_mtime(&d.join("交通局自评表（修改稿）.xlsx"), 86_400),
        &[unit(TRANSPORT, 5, 0, 0, &["交通局自评表（修改稿）.xlsx"])],
    );
    assert_eq!(codes(&files, "永登县交通运输局.xlsx"), ["table-duplicate"]);
    assert!(codes(&files, "交通局自评表（修改稿）.xlsx").is_empty());
}

/// A subordinate unit's project (u06) or a transfer used by another unit (u09) inside a
/// department's workbook stays in the workbook's unit, with `unit-name-variant`.
#[test]
fn a_table_of_another_unit_stays_in_its_workbooks_unit() {
    for folder in ["u06_subordinate_inside", "u09_transfer_user"] {
        let file = "永登县交通运输局.xlsx";
        let files = expect(folder, none, &[unit(TRANSPORT, 5, 0, 1, &[file])]);
        assert_eq!(codes(&files, file), ["unit-name-variant"], "{folder}");
    }
}

/// Notes, a lock file and an empty folder beside the workbook make no unit.
#[test]
fn notes_lock_files_and_empty_folders_make_no_unit() {
    let files = expect(
        "u10_clutter",
        |d| std::fs::create_dir(d.join("永登县卫生健康局")).unwrap(),
        &[unit(TRANSPORT, 5, 0, 0, &["永登县交通运输局.xlsx"])],
    );
    for f in ["README.md", "说明.txt", "~$永登县交通运输局.xlsx"] {
        assert_eq!(codes(&files, f), ["file-skipped"], "{f}");
    }
}

#[test]
fn a_folder_named_after_one_unit_holding_anothers_workbook() {
    beside_transport(
        "u11_folder_other_unit",
        unit(AGRI, 1, 0, 0, &["部门整体.xlsx"]),
    );
}

#[test]
fn a_padded_department_name_joins_its_projects() {
    let files = ["客运补贴.xlsx", "部门整体.xlsx"];
    expect("u12_name_padded", none, &[unit(TRANSPORT, 2, 0, 0, &files)]);
}

#[test]
fn department_projects_and_transfer_in_three_files() {
    let files = ["转移支付.xlsx", "部门整体.xlsx", "项目.xlsx"];
    expect("u13_all_apart", none, &[unit(TRANSPORT, 4, 0, 0, &files)]);
}

/// Without a department table a workbook's tables still form one unit, named by its first
/// table's 实施单位 (rules.md: "The tables of one workbook form one unit").
#[test]
fn one_workbook_of_two_implementing_units_is_one_unit() {
    expect(
        "u14_projects_two_units",
        none,
        &[unit(TRANSPORT, 2, 0, 0, &["项目表.xlsx"])],
    );
}
