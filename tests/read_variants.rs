//! Every layout variant of templates.md §5 reads to exactly the same model content as the
//! canonical file (fixtures/variants/, written by openpyxl and LibreOffice through
//! fixtures/variants/make_variants.py).

mod common;

use selfeval::model::{Figure, Table, Text};
use selfeval::read::{read_file, ReadFile};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/variants")
}

fn read(name: &str) -> ReadFile {
    let r = read_file(&dir().join(name));
    assert!(!r.unreadable, "{name}: {:?}", r.findings);
    r
}

fn fig(f: &Figure) -> String {
    f.value
        .map(|d| d.normalize().to_string())
        .unwrap_or_else(|| "∅".into())
}

fn txt(t: &Text) -> String {
    t.text.clone()
}

/// The table's content without cell addresses or sheet names: what must not change with
/// the layout.
fn projection(t: &Table) -> Vec<String> {
    let mut out = vec![
        format!("kind={:?}", t.kind),
        format!("name={}", txt(&t.name)),
        format!("department={}", txt(&t.department)),
        format!("unit={}", txt(&t.unit)),
    ];
    for r in &t.funds.rows {
        out.push(format!(
            "fund {:?}: {} {} {}",
            r.role,
            fig(&r.initial),
            fig(&r.budget),
            fig(&r.executed)
        ));
    }
    out.push(format!(
        "execution: w={} rate={} score={}",
        fig(&t.execution.weight),
        fig(&t.execution.rate),
        fig(&t.execution.score)
    ));
    for g in &t.goals {
        out.push(format!("goal: {} | {}", txt(&g.target), txt(&g.outcome)));
    }
    for i in &t.indicators {
        out.push(format!(
            "ind: {} / {} / {} | {} | {} | w={} s={} | {}",
            i.level1,
            i.level2,
            txt(&i.name),
            txt(&i.target),
            txt(&i.actual),
            fig(&i.weight),
            fig(&i.score),
            txt(&i.reason)
        ));
    }
    out.push(format!(
        "total: w={} s={}",
        fig(&t.total.weight),
        fig(&t.total.score)
    ));
    out.push(format!("grade={:?}", t.grade_stated.map(|g| g.0)));
    out
}

fn only_table(name: &str) -> Vec<String> {
    let r = read(name);
    assert_eq!(r.tables.len(), 1, "{name}: one table expected");
    let t = &r.tables[0];
    assert!(
        t.findings.is_empty(),
        "{name}: unexpected reading findings {:?}",
        t.findings
    );
    projection(&t.table)
}

const VARIANTS: &[&str] = &[
    "offset.xlsx",
    "no_title.xlsx",
    "spaced_labels.xlsx",
    "aliases.xlsx",
    "aliases2.xlsx",
    "letters.xlsx",
    "operator_unit_columns.xlsx",
    "text_numbers.xlsx",
    "fullwidth_numbers.xlsx",
    "amount_units.xlsx",
    "rate_text_percent.xlsx",
    "rate_percent_header.xlsx",
    "yuan.xlsx",
    "dash_markers.xlsx",
    "no_merges.xlsx",
    "label_value_one_cell.xlsx",
    "extra_sheets.xlsx",
    "far_stray_cell.xlsx",
    "extra_sheets.xls",
    "extra_sheets.ods",
    "formulas_cached.xlsx",
    "canonical.xls",
    "canonical.ods",
    "xlsx_named.xls",
];

#[test]
fn canonical_reads_the_stated_figures() {
    let p = only_table("canonical.xlsx");
    // A few figures checked against make_variants.py, so the comparison below compares
    // against a correct reading, not merely a consistent one.
    assert!(p.contains(&"name=县乡公路危桥改造工程".to_string()));
    assert!(p.contains(&"fund Total: 588.88 628.78 619.03".to_string()));
    assert!(p.contains(&"execution: w=10 rate=0.9845 score=9.84".to_string()));
    assert!(p.contains(&"total: w=100 s=99.46".to_string()));
    assert_eq!(p.iter().filter(|l| l.starts_with("ind:")).count(), 11);
    assert!(p.contains(
        &"ind: 产出指标 / 数量指标 / 农村公路养护里程 | ≥420公里 | 432公里 | w=11 s=11 | "
            .to_string()
    ));
}

#[test]
fn every_variant_reads_like_the_canonical() {
    let canon = only_table("canonical.xlsx");
    let mut failures = Vec::new();
    for v in VARIANTS {
        let p = only_table(v);
        if p != canon {
            let diff: Vec<String> = canon
                .iter()
                .zip(p.iter())
                .filter(|(a, b)| a != b)
                .map(|(a, b)| format!("  want {a}\n  got  {b}"))
                .collect();
            failures.push(format!(
                "{v} ({} vs {} lines):\n{}",
                canon.len(),
                p.len(),
                diff.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn yuan_table_is_converted_to_wan() {
    let r = read("yuan.xlsx");
    let t = &r.tables[0].table;
    assert_eq!(t.funds.source_unit, selfeval::model::AmountUnit::Yuan);
    assert_eq!(fig(&t.total_row().unwrap().budget), "628.78");
}

#[test]
fn hidden_cover_and_blank_sheets_are_ignored() {
    let r = read("extra_sheets.xlsx");
    assert_eq!(r.tables.len(), 1);
    assert_eq!(r.tables[0].table.sheet, "危桥改造");
}

#[test]
fn offset_table_keeps_its_real_cells() {
    let r = read("offset.xlsx");
    let t = &r.tables[0].table;
    // Three rows and two columns before the table: the title lands on C4.
    assert_eq!(t.title_cell.to_string(), "C4");
    assert_eq!(t.total_row().unwrap().cell.to_string(), "E11");
    assert_eq!(
        t.total_row().unwrap().budget.cell.unwrap().to_string(),
        "H11"
    );
    assert_eq!(t.indicators[0].row, 20);
    assert_eq!(t.indicators[0].level1_cell.unwrap().to_string(), "D20");
}

/// The shared samples: each project sample reads like the same sheet of the unit
/// workbook (except the planted defects), and the unit workbook reads the same in xlsx,
/// xls and ods.
#[test]
fn samples_match_the_unit_workbook() {
    let unit = read("sample_unit_canonical.xlsx");
    let sheets: Vec<&str> = unit.tables.iter().map(|t| t.table.sheet.as_str()).collect();
    assert_eq!(
        sheets,
        ["部门整体", "危桥改造", "客运补贴", "安全设施", "车购税补助"]
    );
    let by_sheet = |s: &str| {
        projection(
            &unit
                .tables
                .iter()
                .find(|t| t.table.sheet == s)
                .unwrap()
                .table,
        )
    };
    for (file, sheet) in [
        ("sample_project_offset.xlsx", "危桥改造"),
        ("sample_project_spaced_wps_style.xlsx", "危桥改造"),
        ("sample_project_aliases.xlsx", "安全设施"),
        ("sample_project_text_numbers.xlsx", "客运补贴"),
    ] {
        assert_eq!(only_table(file), by_sheet(sheet), "{file}");
    }
    for other in ["sample_unit_canonical.xls", "sample_unit_canonical.ods"] {
        let r = read(other);
        assert_eq!(r.tables.len(), 5, "{other}");
        for (a, b) in unit.tables.iter().zip(r.tables.iter()) {
            assert_eq!(a.table.sheet, b.table.sheet, "{other}");
            assert_eq!(projection(&a.table), projection(&b.table), "{other}");
            // Cells are the same too: the layout is the same.
            assert_eq!(
                a.table.total.score.cell, b.table.total.score.cell,
                "{other}"
            );
        }
    }
    // The planted defects are read as stated.
    let d = only_table("sample_project_with_defects.xlsx");
    assert!(d.contains(&"fund Total: 588.88 638.78 619.03".to_string()));
    assert!(d.contains(&"total: w=100 s=100.96".to_string()));
}

#[test]
fn weights_in_level1_labels_are_split_off() {
    let r = read("sample_project_spaced_wps_style.xlsx");
    let i = &r.tables[0].table.indicators[0];
    assert_eq!(i.level1, "产出指标");
    assert_eq!(i.level1_weight, Some(rust_decimal::Decimal::from(50)));
    assert_eq!(i.level1_cell.unwrap().to_string(), "B14");
}

#[test]
fn two_tables_on_one_sheet() {
    let canon = only_table("canonical.xlsx");
    let r = read("two_tables_one_sheet.xlsx");
    assert_eq!(r.tables.len(), 2);
    for t in &r.tables {
        assert!(t.findings.is_empty(), "{:?}", t.findings);
        assert_eq!(projection(&t.table), canon);
    }
    assert_eq!(r.tables[0].table.title_cell.to_string(), "A1");
    assert_eq!(r.tables[1].table.title_cell.to_string(), "A41");
    assert_eq!(r.tables[1].table.indicators[0].row, 54);
}

/// Date cells (fixtures/dates/, make_variants.py's make_date_cells): an actual entered as a
/// date is read as the date the user sees and compared with its deadline (scoring.md); an
/// amount that picked up a date format keeps the value it holds.
#[test]
fn date_cells_are_dates_where_text_is_read_and_numbers_where_figures_are() {
    for name in ["date_cells.xlsx", "date_cells.xls"] {
        let path = common::fixtures().join("dates").join(name);
        let out = common::run(&["check", path.to_str().unwrap(), "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let t = &doc["files"][0]["tables"][0];
        let ind = |n: usize| &t["indicators"][n];
        assert_eq!(ind(0)["actual"], "2021年11月30日", "{name}");
        assert_eq!(
            ind(0)["score"],
            ind(0)["score_stated"],
            "{name}: in time, full marks"
        );
        assert_eq!(ind(1)["target"], "2021年10月31日", "{name}");
        assert_eq!(ind(1)["actual"], "2022年1月15日", "{name}");
        let late: f64 = ind(1)["score"].as_str().unwrap().parse().unwrap();
        assert!(late < 12.0, "{name}: late, the lowest band: {late}");
        assert_eq!(t["funds"]["rows"][0]["budget"], "628.78", "{name}");
        let codes: Vec<&str> = t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"score-inflated"), "{name}: {codes:?}");
        for never in [
            "qualitative-level-unknown",
            "field-not-number",
            "target-unparsed",
        ] {
            assert!(!codes.contains(&never), "{name}: {codes:?}");
        }
    }
}
