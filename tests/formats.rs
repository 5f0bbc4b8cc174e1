//! The formats of templates.md §5 no other fixture holds: `.xlsb` (Excel's binary
//! workbook) and `.xlsm` (macro-enabled); and `.xlsx` with its text in the shared string
//! table as Excel and WPS write it, in rich-text runs or with phonetic runs (the other
//! fixtures' writers put text inline). fixtures/formats holds workbooks of other folders
//! written again in them (fixtures/make/formats.py, fixtures/make/xlsb.py); each must read
//! exactly as its source: the same status, tables (kind, names, year, every figure,
//! indicator, score and cell), declarations and findings.

mod common;

use serde_json::Value;

/// (file in fixtures/formats, its source).
const CASES: &[(&str, &str)] = &[
    ("永登县交通运输局.xlsb", "inbox/永登县交通运输局.xlsx"),
    ("永登县交通运输局.xlsm", "inbox/永登县交通运输局.xlsx"),
    ("sichuan_2023.xlsb", "field/sichuan_2023.xlsx"),
    ("beijing_haidian.xlsb", "field/beijing_haidian.xlsx"),
    ("stacked_tables.xlsb", "field/stacked_tables.xlsx"),
    ("date_cells.xlsb", "dates/date_cells.xlsx"),
    ("text_numbers.xlsb", "variants/text_numbers.xlsx"),
    ("yuan.xlsb", "variants/yuan.xlsx"),
    ("申报表.xlsb", "declprobe/p01_central_honest/申报表.xlsx"),
    ("永登县交通运输局_rich.xlsx", "inbox/永登县交通运输局.xlsx"),
    (
        "永登县交通运输局_phonetic.xlsx",
        "inbox/永登县交通运输局.xlsx",
    ),
    ("date_cells_rich.xlsx", "dates/date_cells.xlsx"),
    ("date_cells_phonetic.xlsx", "dates/date_cells.xlsx"),
];

/// The one file `check FILE` reports, without its path.
fn file_alone(rel: &str) -> Value {
    let doc = common::check_json(&format!("fixtures/{rel}"));
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "{rel}: one file");
    let mut f = files[0].clone();
    f.as_object_mut().expect("a file").remove("path");
    f
}

#[test]
fn xlsb_and_xlsm_read_exactly_as_their_xlsx_sources() {
    let mut tables = 0;
    for (file, source) in CASES {
        let got = file_alone(&format!("formats/{file}"));
        let want = file_alone(source);
        assert_eq!(got, want, "{file} against {source}");
        tables += want["tables"].as_array().map_or(0, Vec::len);
        tables += want["declarations"].as_array().map_or(0, Vec::len);
    }
    // The sources are not empty: 5 + 5 tables of the unit, 1 + 1 + 2 + 1 + 1 + 1 of the
    // field and variant forms, 1 declaration.
    assert!(
        tables >= 18,
        "only {tables} tables and declarations compared"
    );
}

#[test]
fn an_xlsb_table_is_read_with_its_figures_and_dates() {
    let f = file_alone("formats/date_cells.xlsb");
    let t = &f["tables"][0];
    let first = &t["indicators"][0];
    assert_eq!(first["target"], "2021年12月底前");
    // A date cell reads as the date a person sees, not as its serial number.
    assert_eq!(first["actual"], "2021年11月30日");
    let codes: Vec<&str> = t["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|x| x["code"].as_str())
        .collect();
    assert_eq!(codes, ["score-inflated", "reason-missing"]);
}
