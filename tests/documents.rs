//! The written documents of `reports/` (reports.md §2), read back the way another program
//! would: `run` on the demo inbox, each .docx unzipped and its `word/document.xml` parsed,
//! the expected figures taken from report.json and summary.xlsx of the same run (not from
//! the code that wrote the documents). LibreOffice converts each document to PDF; the same
//! inbox twice with SOURCE_DATE_EPOCH gives the same bytes.

mod common;

use calamine::Data;
use common::{fixtures, run_soffice, selfeval, sheet_cells, soffice};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

const EPOCH: &str = "1764700997"; // 2025-12-02T18:43:17Z
const DRAFT: &str = "自评报告（初稿）.docx";
const LETTER: &str = "审核意见书.docx";
const BUREAU: &str = "汇总报告（初稿）.docx";

/// Runs `selfeval run fixtures/inbox` into a fresh folder with extra arguments.
fn run_into(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("out");
    let st = selfeval()
        .arg("run")
        .arg(fixtures().join("inbox"))
        .arg("-o")
        .arg(&out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("selfeval runs");
    assert!(
        st.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

/// One run shared by the read-back tests.
fn shared() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = run_into(dir.path(), &[]);
        (dir, out)
    });
    out
}

/// A part of a zip package as text.
fn part(docx: &Path, name: &str) -> String {
    let bytes = std::fs::read(docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The paragraphs of a .docx (table cells are paragraphs too), each the text of its w:t.
fn paragraphs(docx: &Path) -> Vec<String> {
    common::docx_paragraphs(docx)
}

fn report(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

fn dec(v: &Value) -> Option<Decimal> {
    v.as_str().and_then(|s| Decimal::from_str(s).ok())
}

fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// 万元 as the tables show them: `#,##0.00`.
fn money(d: Decimal) -> String {
    let s = format!("{:.2}", round(d, 2));
    let (int, frac) = s.split_once('.').unwrap();
    let neg = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut g = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            g.push(',');
        }
        g.push(*c);
    }
    format!("{}{g}.{frac}", if neg { "-" } else { "" })
}

fn percent(rate: Decimal) -> String {
    format!("{:.2}%", round(rate * Decimal::ONE_HUNDRED, 2))
}

fn score(d: Decimal) -> String {
    round(d, 2).normalize().to_string()
}

/// The unit folders of reports/ with their letter's paragraphs.
fn letters(out: &Path) -> Vec<(String, Vec<String>)> {
    let mut v: Vec<_> = std::fs::read_dir(out.join("reports"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, paragraphs(&e.path().join(LETTER)))
        })
        .collect();
    v.sort();
    v
}

/// The section of `paras` from the paragraph equal to `heading` to the next heading
/// (`（…）` or `一、…`).
fn section<'a>(paras: &'a [String], heading: &str) -> Option<&'a [String]> {
    let start = paras.iter().position(|p| p == heading)?;
    let rest = &paras[start + 1..];
    let is_heading = |p: &String| {
        p.starts_with('（')
            && p.chars()
                .nth(1)
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
            || ["二、", "三、", "四、", "五、", "六、"]
                .iter()
                .any(|h| p.starts_with(h))
            || p.starts_with("附：")
    };
    let end = rest.iter().position(is_heading).unwrap_or(rest.len());
    Some(&rest[..end])
}

#[test]
fn every_unit_gets_both_documents_named_as_its_workbook() {
    let out = shared();
    let mut units: Vec<String> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".xlsx")
                .map(String::from)
        })
        .collect();
    units.sort();
    let folders: Vec<String> = letters(out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(units, folders);
    assert!(units.len() >= 5, "{units:?}");
    for u in &units {
        for f in [DRAFT, LETTER] {
            let p = out.join("reports").join(u).join(f);
            assert!(p.is_file(), "{}", p.display());
        }
    }
    assert!(out.join("reports").join(BUREAU).is_file());
}

#[test]
fn the_draft_gives_each_tables_heading_amounts_rate_total_and_grade() {
    let out = shared();
    let json = report(out);
    let drafts: Vec<Vec<String>> = letters(out)
        .iter()
        .map(|(u, _)| paragraphs(&out.join("reports").join(u).join(DRAFT)))
        .collect();
    let mut checked = 0;
    for file in json["files"].as_array().unwrap() {
        for t in file["tables"].as_array().unwrap() {
            // A table that does not count (an older copy, another year's) has no section.
            let left_out = t["counts"] == false;
            if left_out || t["kind"] == "department" {
                continue;
            }
            let name = t["name"].as_str().unwrap();
            let found: Vec<&[String]> = drafts
                .iter()
                .filter_map(|d| {
                    let h = d
                        .iter()
                        .find(|p| p.starts_with('（') && p.ends_with(&format!("）{name}")))?;
                    section(d, h)
                })
                .collect();
            assert_eq!(found.len(), 1, "one section for {name}");
            let text = found[0].join("\n");
            let total = t["funds"]["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["role"] == "total")
                .unwrap();
            for v in [&total["budget"], &total["executed"]] {
                let m = format!("{}万元", money(dec(v).unwrap()));
                assert!(text.contains(&m), "{name}: {m} in\n{text}");
            }
            let rate = percent(dec(&t["execution"]["rate"]).unwrap());
            assert!(
                text.contains(&format!("执行率{rate}")) || text.contains(&format!("复核{rate}")),
                "{name}: {rate}\n{text}"
            );
            let total = dec(&t["total"]["score"]).unwrap();
            let reviewed = score(total);
            // As the table gives it, or with two decimals where it was computed.
            assert!(
                text.contains(&format!("{reviewed}分"))
                    || text.contains(&format!("{:.2}分", round(total, 2))),
                "{name}: total {reviewed}\n{text}"
            );
            let grade = t["grade"]["reviewed"].as_str().unwrap();
            assert!(
                text.contains(&format!("“{grade}”")),
                "{name}: grade {grade}\n{text}"
            );
            if dec(&t["total"]["score_stated"]).is_some_and(|s| score(s) != reviewed) {
                assert!(
                    text.contains("自评")
                        && text.contains(&format!("复核{:.2}分", round(total, 2))),
                    "{name}: both totals\n{text}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} tables checked");
}

#[test]
fn the_department_part_follows_the_outline() {
    let out = shared();
    let d = paragraphs(&out.join("reports/兰州新区应急管理局").join(DRAFT));
    let heads = [
        "一、基本情况",
        "二、绩效自评工作组织开展情况",
        "三、部门整体支出绩效自评情况分析",
        "（一）部门预算执行情况",
        "（二）总体绩效目标完成情况",
        "（三）各项指标完成情况分析",
        "（四）偏离绩效目标的原因及下一步改进措施",
        "四、项目支出绩效自评情况分析",
        "五、转移支付绩效自评情况分析",
        "六、绩效自评结果拟应用和公开情况",
        "附：复核发现的问题",
    ];
    let mut at = 0;
    for h in heads {
        let i = d
            .iter()
            .position(|p| p == h)
            .unwrap_or_else(|| panic!("{h} missing"));
        assert!(i >= at, "{h} out of order");
        at = i;
    }
    let all = d.join("\n");
    assert!(
        (all.contains("部门整体自评得分") || all.contains("部门整体得分：自评"))
            && all.contains("自评结果为“"),
        "{all}"
    );
    assert!(
        all.contains("本部门纳入自评的项目6个，全年预算数合计"),
        "{all}"
    );
    assert!(all.contains("【请填写：部门主要职能"), "{all}");
    // Placeholders are highlighted.
    let xml = part(
        &out.join("reports/兰州新区应急管理局").join(DRAFT),
        "word/document.xml",
    );
    assert!(xml.contains("<w:highlight w:val=\"yellow\"/>"));
}

#[test]
fn the_letter_names_the_cell_of_every_error() {
    let out = shared();
    let json = report(out);
    let letters = letters(out);
    let mut checked = 0;
    for file in json["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let fname = Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let errors: Vec<(String, String)> = file["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| {
                !t["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["code"] == "table-duplicate")
            })
            .flat_map(|t| {
                t["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |f| (t, f))
            })
            .filter(|(_, f)| f["severity"] == "error" && f["cell"].is_string())
            .map(|(t, f)| {
                (
                    f["sheet"]
                        .as_str()
                        .unwrap_or(t["sheet"].as_str().unwrap())
                        .to_string(),
                    f["cell"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        if errors.is_empty() {
            continue;
        }
        let (_, letter) = letters
            .iter()
            .find(|(_, l)| {
                l.iter()
                    .any(|p| p.starts_with("你单位报送的") && p.contains(&fname))
            })
            .unwrap_or_else(|| panic!("no letter received {fname}"));
        let text = letter.join("\n");
        assert!(text.contains("一、需要修改的问题"), "{text}");
        // Grouped by table: the table's paragraph names the sheet once, then each cell.
        for (sheet, cell) in errors {
            let sheet_said = format!("工作表“{sheet}”）：");
            let found = letter.iter().any(|p| {
                p.contains(&sheet_said)
                    && (p.contains(&format!("：{cell}，")) || p.contains(&format!("；{cell}，")))
            });
            assert!(found, "{sheet}!{cell} in\n{text}");
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} errors checked");
}

#[test]
fn an_unreadable_file_gets_a_letter_that_says_so_and_a_clean_unit_the_short_form() {
    let out = shared();
    let all = letters(out);
    let lost = &all
        .iter()
        .find(|(u, _)| u == "永登县文化和旅游局")
        .expect("letter")
        .1
        .join("\n");
    assert!(lost.contains("永登县文化和旅游局.xlsx无法读取"), "{lost}");
    assert!(
        lost.contains("一、需要修改的问题") && lost.contains("请于【请填写：报送期限】前"),
        "{lost}"
    );
    let clean = &all
        .iter()
        .find(|(u, _)| u == "永登县交通运输局")
        .expect("letter")
        .1
        .join("\n");
    assert!(
        clean.contains("经复核，你单位2021年度绩效自评材料未发现需要修改的问题。"),
        "{clean}"
    );
    assert!(
        !clean.contains("需要修改的问题\n") && !clean.contains("一、需要修改的问题"),
        "{clean}"
    );
    assert!(clean.contains("复核结果"), "{clean}");
    assert!(
        clean
            .replacen('\n', "", 1)
            .starts_with("关于永登县交通运输局2021年度绩效自评材料的审核意见"),
        "{clean}"
    );
}

#[test]
fn the_bureau_report_lists_every_unit_every_unreadable_file_and_the_totals() {
    let out = shared();
    let text = paragraphs(&out.join("reports").join(BUREAU)).join("\n");
    // The title on two lines, broken between words.
    assert!(
        text.starts_with("2021年度预算绩效自评\n复核情况报告（初稿）"),
        "{text}"
    );
    let cells = sheet_cells(&out.join("summary.xlsx"), "汇总");
    let at = |r: u32, c: u32| {
        cells
            .iter()
            .find(|(rr, cc, _)| *rr == r && *cc == c)
            .map(|(_, _, v)| v.clone())
    };
    // 汇总: the title and the date line, the header (row 3), the units, then 合计.
    let total = Some(Data::String("合计".into()));
    let last = (0..=cells.iter().map(|(r, _, _)| *r).max().unwrap())
        .find(|&r| at(r, 0) == total)
        .expect("a 合计 row");
    assert!(last > 3, "units above 合计");
    for r in 3..last {
        if let Some(Data::String(unit)) = at(r, 0) {
            assert!(text.contains(&unit), "{unit} in\n{text}");
        }
    }
    let num = |c: u32| match at(last, c) {
        Some(Data::Float(f)) => Decimal::from_str(&format!("{f}")).unwrap(),
        other => panic!("{other:?}"),
    };
    for m in [money(num(4)), money(num(5)), percent(num(6)), score(num(8))] {
        assert!(text.contains(&m), "{m} in\n{text}");
    }
    for file in report(out)["files"].as_array().unwrap() {
        if file["status"] == "unreadable" {
            let p = file["path"].as_str().unwrap();
            let name = Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(text.contains(&name), "{name} in\n{text}");
        }
    }
    for h in [
        "一、基本情况",
        "二、预算执行情况",
        "三、自评结果",
        "四、复核发现的主要问题",
        "五、各单位情况",
        "六、意见建议",
    ] {
        assert!(text.contains(h), "{h}");
    }
}

#[test]
fn the_layout_is_that_of_official_documents_and_text_is_never_a_field() {
    let out = shared();
    for path in [
        out.join("reports").join(BUREAU),
        out.join("reports/兰州新区应急管理局").join(LETTER),
    ] {
        let xml = part(&path, "word/document.xml");
        assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4");
        assert!(xml.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
        assert!(
            xml.contains("w:eastAsia=\"方正小标宋简体\"")
                && xml.contains("w:eastAsia=\"仿宋_GB2312\"")
        );
        assert!(xml.contains("w:eastAsia=\"黑体\""));
        assert!(xml.contains("<w:tbl>"));
        assert!(
            !xml.contains("instrText") && !xml.contains("fldSimple"),
            "no field in the body"
        );
        let footer = part(&path, "word/footer1.xml");
        assert!(footer.contains(" PAGE "));
        let core = part(&path, "docProps/core.xml");
        assert!(core.contains("2025-12-02T18:43:17Z"), "{core}");
    }
}

#[test]
#[ignore = "external: LibreOffice"]
fn libreoffice_converts_each_document_to_pdf() {
    let out = shared();
    let dir = tempfile::tempdir().unwrap();
    let prof = dir.path().join("profile");
    std::fs::create_dir_all(&prof).unwrap();
    let pdf = dir.path().join("pdf");
    std::fs::create_dir_all(&pdf).unwrap();
    // Copies with distinct names: the two unit documents would otherwise share a name.
    let mut inputs = Vec::new();
    for (src, name) in [
        (
            out.join("reports/兰州新区应急管理局").join(DRAFT),
            "draft.docx",
        ),
        (
            out.join("reports/兰州新区应急管理局").join(LETTER),
            "letter.docx",
        ),
        (out.join("reports").join(BUREAU), "bureau.docx"),
    ] {
        let dst = dir.path().join(name);
        std::fs::copy(&src, &dst).unwrap();
        inputs.push(dst);
    }
    run_soffice(&soffice(), &prof, "pdf", &pdf, &inputs);
    for n in ["draft", "letter", "bureau"] {
        let p = pdf.join(format!("{n}.pdf"));
        let bytes = std::fs::read(&p).unwrap_or_else(|_| panic!("LibreOffice made no {n}.pdf"));
        assert!(bytes.starts_with(b"%PDF") && bytes.len() > 5_000, "{n}.pdf");
    }
}

#[test]
fn the_same_inbox_twice_gives_byte_identical_documents() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (oa, ob) = (
        run_into(a.path(), &[]),
        run_into(b.path(), &["--jobs", "1"]),
    );
    let mut n = 0;
    for (u, _) in letters(&oa) {
        for f in [DRAFT, LETTER] {
            let rel = Path::new("reports").join(&u).join(f);
            assert_eq!(
                std::fs::read(oa.join(&rel)).unwrap(),
                std::fs::read(ob.join(&rel)).unwrap(),
                "{}",
                rel.display()
            );
            n += 1;
        }
    }
    let rel = Path::new("reports").join(BUREAU);
    assert_eq!(
        std::fs::read(oa.join(&rel)).unwrap(),
        std::fs::read(ob.join(&rel)).unwrap()
    );
    assert!(n >= 10);
}

#[test]
fn with_lang_en_the_documents_are_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_into(dir.path(), &["--lang", "en"]);
    let letter = paragraphs(&out.join("reports/兰州新区应急管理局").join(LETTER)).join("\n");
    assert!(
        letter
            .replace('\n', " ")
            .starts_with("Review of the 2021 performance self-evaluation of 兰州新区应急管理局"),
        "{letter}"
    );
    assert!(
        letter.contains("1. Problems to correct") && letter.contains("Review results"),
        "{letter}"
    );
    let draft = paragraphs(&out.join("reports/兰州新区应急管理局").join(DRAFT)).join("\n");
    assert!(
        draft.contains("1. Background") && draft.contains("[To be written:"),
        "{draft}"
    );
    assert!(
        !draft.contains("请填写") && !draft.contains("基本情况"),
        "{draft}"
    );
    let bureau = paragraphs(&out.join("reports").join(BUREAU)).join("\n");
    assert!(
        bureau
            .replacen('\n', " ", 1)
            .starts_with("Review of the 2021 performance self-evaluations (draft)"),
        "{bureau}"
    );
    assert!(
        bureau.contains("2. Budget execution") && !bureau.contains("预算执行情况"),
        "{bureau}"
    );
}
