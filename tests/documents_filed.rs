//! The documents as an officer files them (reports.md §2 "Ready to file"): printed to PDF
//! by LibreOffice and read back with poppler's `pdftotext`, the titles are whole on their
//! lines, the 文号 / 主送 / 抄送 / deadline / contact / sender come from the office's settings
//! (placeholders without them), the bureau's report carries no cell address, sheet or rule
//! code, amounts read `1,288.59万元`, the counts are those of summary.xlsx and report.json,
//! the letter of a round after the first opens with what was corrected, and the seed
//! unit's letter fits on four pages.
//!
//! The settings and rounds come from a workspace the lead builds; until then these tests
//! build `Office` and `View` values and call `render::documents::write_all` directly, and
//! drive the binary for the plain run.

mod common;

use calamine::Data;
use common::{docx_paragraphs, fixtures, run_soffice, selfeval, sheet_cells, soffice};
use selfeval::check::{self, Settings};
use selfeval::model::Office;
use selfeval::render;
use selfeval::{identity, UnitStatus};
use selfeval::{Fixed, Letter, UnitCampaign, View};
use selfeval::{Lang, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

const EPOCH: &str = "1764700997";
const SEED: &str = "兰州新区应急管理局";
const DRAFT: &str = "自评报告（初稿）.docx";
const LETTER: &str = "审核意见书.docx";
const BUREAU: &str = "汇总报告（初稿）.docx";

/// The office a bureau would configure.
fn office() -> Office {
    Office {
        bureau: Some("兰州新区财政局".into()),
        addressee: Some("兰州新区管委会".into()),
        letter_number: Some("新财绩〔{年}〕{序号}号".into()),
        report_number: Some("新财绩〔{年}〕{序号}号".into()),
        deadline_days: Some(10),
        contact: Some("张三".into()),
        phone: Some("0931-1234567".into()),
        copies: vec!["甘肃省财政厅".into(), "兰州新区审计局".into()],
    }
}

/// The seed inbox checked in-process, as `run` checks it.
fn checked(settings: &Settings) -> Vec<check::CheckedFile> {
    let inputs = selfeval::read::walk::walk(&[fixtures().join("inbox")]).unwrap();
    let mut files: Vec<_> = inputs
        .iter()
        .map(|i| check::check_input(i, settings))
        .collect();
    check::apply_cross(&mut files, settings);
    files
}

/// A campaign after round 1 for the seed unit: 5 findings of round 1 gone, two of this
/// run's errors still there, its letter numbered with a deadline.
fn round_two(files: &[check::CheckedFile]) -> View {
    let mut view = View {
        round: Some(1),
        ..View::default()
    };
    let mut kept = 0;
    for f in files {
        for t in f.counted_tables().map(|(_, t)| t) {
            if t.table.kind != selfeval::model::TableKind::Department || kept > 0 {
                continue;
            }
            for x in t
                .findings
                .iter()
                .filter(|x| x.severity() == Severity::Error)
            {
                view.remaining
                    .insert(identity::of_table(SEED, &t.table, x), ());
                kept += 1;
            }
        }
    }
    assert_eq!(kept, 2, "the seed's department table has two errors");
    for k in 0..5 {
        view.fixed.push(Fixed {
            identity: format!("gone-{k}"),
            unit: SEED.into(),
            table: "安全生产监督执法专项经费".into(),
            code: "fund-sum-mismatch".into(),
            severity: "error".into(),
            message: "已改正".into(),
        });
    }
    let key = selfeval::model::text::org_key(SEED);
    view.units.insert(
        key.clone(),
        UnitCampaign {
            status: UnitStatus::Resubmitted(1),
            round: Some(1),
            in_roster: true,
            sent_errors: 7,
            last_received: Some("2022-07-01".into()),
            answered: true,
        },
    );
    view.letters.insert(
        key,
        Letter {
            number: Some("新财绩〔2022〕3号".into()),
            deadline: Some((2022, 7, 15)),
            round: Some(2),
        },
    );
    view
}

/// Writes the documents of the seed inbox with `office` and `view` into `dir/reports`.
fn write_documents(dir: &Path, office: Office, view: impl FnOnce(&[check::CheckedFile]) -> View) {
    let settings = Settings {
        office,
        ..Settings::default()
    };
    let files = checked(&settings);
    let units = selfeval::units(&files);
    let view = view(&files);
    let inbox = fixtures().join("inbox");
    std::env::set_var("SOURCE_DATE_EPOCH", EPOCH);
    let run = render::RunCx::new(&inbox, &settings, &view, Lang::Zh);
    render::documents::write_all(
        &files,
        &units,
        &dir.join("reports"),
        &run,
        selfeval::Placement::Atomic,
    )
    .unwrap();
}

/// The text of a document's paragraphs, whitespace removed (ideographic spaces too).
fn flat_docx(p: &Path) -> String {
    flat(&docx_paragraphs(p).join("\n"))
}

fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn settings_and_rounds_reach_the_letter_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    write_documents(dir.path(), office(), round_two);
    let reports = dir.path().join("reports");
    let letter = flat_docx(&reports.join(SEED).join(LETTER));
    for want in [
        "新财绩〔2022〕3号",
        "你单位已改正第1轮意见指出的5个问题，尚有2个问题未改正：",
        "请于2022年7月15日前将修改后的材料重新报送。",
        "联系人：张三，联系电话：0931-1234567。",
        "兰州新区财政局2025年12月3日",
    ] {
        assert!(letter.contains(want), "{want} in\n{letter}");
    }
    assert!(!letter.contains("请填写"), "{letter}");
    // Another unit's letter is a draft: the template with the number blank, and the
    // deadline counted from the settings.
    let other = flat_docx(&reports.join("永登县卫生健康局").join(LETTER));
    assert!(other.contains("新财绩〔〕号"), "{other}");
    assert!(other.contains("请于收到本意见之日起10日内"), "{other}");
    assert!(!other.contains("你单位已改正"), "{other}");
    let bureau = flat_docx(&reports.join(BUREAU));
    for want in [
        "新财绩〔〕号",
        "兰州新区管委会：",
        "第1轮审核意见共发送1个单位，已有1个单位重新报送；已改正问题5个，尚未改正2个。",
        "抄送：甘肃省财政厅，兰州新区审计局。",
        "兰州新区财政局2025年12月3日印发",
    ] {
        assert!(bureau.contains(want), "{want} in\n{bureau}");
    }
}

#[test]
fn a_plain_run_keeps_the_placeholders_and_says_nothing_of_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let out = plain_run(dir.path());
    let letter = flat_docx(&out.join("reports").join(SEED).join(LETTER));
    for want in [
        "【请填写：文号】",
        "请于【请填写：报送期限】前",
        "联系人及电话：【请填写：联系人及电话】",
        "【请填写：审核单位】",
    ] {
        assert!(letter.contains(want), "{want} in\n{letter}");
    }
    assert!(!letter.contains("你单位已改正"), "{letter}");
    let bureau = flat_docx(&out.join("reports").join(BUREAU));
    for want in [
        "【请填写：主送机关】：",
        "抄送：【请填写：抄送机关】",
        "【请填写：报告单位】",
    ] {
        assert!(bureau.contains(want), "{want} in\n{bureau}");
    }
    assert!(!bureau.contains("审核意见共发送"), "{bureau}");
}

/// `selfeval run fixtures/inbox -o DIR/out`.
fn plain_run(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let st = selfeval()
        .arg("run")
        .arg(fixtures().join("inbox"))
        .arg("-o")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(
        st.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

/// Prints the documents to PDF with LibreOffice: `(name, docx)` → `dir/pdf/name.pdf`.
fn print(dir: &Path, docs: &[(&str, PathBuf)]) -> PathBuf {
    let prof = dir.join("profile");
    let pdf = dir.join("pdf");
    std::fs::create_dir_all(&prof).unwrap();
    std::fs::create_dir_all(&pdf).unwrap();
    let mut inputs = Vec::new();
    for (name, src) in docs {
        let dst = dir.join(format!("{name}.docx"));
        std::fs::copy(src, &dst).unwrap();
        inputs.push(dst);
    }
    run_soffice(&soffice(), &prof, "pdf", &pdf, &inputs);
    pdf
}

/// A poppler tool's output; it must be installed (`.ci/run` installs poppler-utils).
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF, line by line as printed.
fn pdf_lines(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &[pdf.as_os_str(), "-".as_ref()]);
    text.lines().map(flat).filter(|l| !l.is_empty()).collect()
}

fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.as_os_str()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the pages")
}

/// Every `A1`-like cell address in a text (Latin capitals then digits).
fn cell_addresses(s: &str) -> Vec<String> {
    let cs: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let start = i;
        while i < cs.len() && cs[i].is_ascii_uppercase() {
            i += 1;
        }
        let letters = i - start;
        let digits_at = i;
        while i < cs.len() && cs[i].is_ascii_digit() {
            i += 1;
        }
        let before_ok = start == 0 || !cs[start - 1].is_ascii_alphanumeric();
        if (1..=3).contains(&letters) && i > digits_at && before_ok {
            out.push(cs[start..i].iter().collect());
        }
        if i == start {
            i += 1;
        }
    }
    out
}

/// Tables, errors and warnings of summary.xlsx's 汇总, added over its unit rows.
fn summary_counts(out: &Path) -> (i64, i64, i64) {
    let cells = sheet_cells(&out.join("summary.xlsx"), "汇总");
    let int = |d: &Data| match d {
        Data::Float(f) => *f as i64,
        Data::Int(i) => *i,
        _ => 0,
    };
    let total_row = cells
        .iter()
        .find(|(_, c, v)| *c == 0 && *v == Data::String("合计".into()))
        .map(|(r, _, _)| *r)
        .expect("合计");
    let (mut t, mut e, mut w) = (0, 0, 0);
    for (r, c, v) in &cells {
        if *r <= 2 || *r >= total_row {
            continue;
        }
        match c {
            1..=3 => t += int(v),
            13 => e += int(v),
            14 => w += int(v),
            _ => {}
        }
    }
    (t, e, w)
}

#[test]
#[ignore = "external: LibreOffice"]
fn printed_documents_read_back_as_an_officer_files_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = plain_run(dir.path());
    let unit = out.join("reports").join(SEED);
    let pdf = print(
        dir.path(),
        &[
            ("letter", unit.join(LETTER)),
            ("draft", unit.join(DRAFT)),
            ("bureau", out.join("reports").join(BUREAU)),
        ],
    );
    // Titles whole on their lines: each printed line is one the document set.
    for (name, title) in [
        (
            "letter",
            ["关于兰州新区应急管理局", "2021年度绩效自评材料的审核意见"],
        ),
        (
            "draft",
            ["2021年度兰州新区应急管理局", "绩效自评报告（初稿）"],
        ),
        ("bureau", ["2021年度预算绩效自评", "复核情况报告（初稿）"]),
    ] {
        let lines = pdf_lines(&pdf.join(format!("{name}.pdf")));
        assert_eq!(&lines[..2], &title, "{name}");
    }
    let letter = pdf.join("letter.pdf");
    let n = pages(&letter);
    assert!(n <= 4, "the seed unit's letter has {n} pages");
    let letter = pdf_lines(&letter).concat();
    assert!(letter.contains("1,288.59万元"), "{letter}");
    assert!(letter.contains("【请填写：文号】"), "{letter}");
    // The signature and its date on one page: the date follows the sender directly.
    assert!(
        letter.contains("【请填写：审核单位】2025年12月3日"),
        "{letter}"
    );
    let bureau_lines = pdf_lines(&pdf.join("bureau.pdf"));
    let bureau = bureau_lines.concat();
    for no in ["›", "!", "跳过", "已通知", "示例"] {
        assert!(!bureau.contains(no), "{no} in\n{bureau}");
    }
    let cells = cell_addresses(&bureau_lines.join("\n"));
    assert!(cells.is_empty(), "cell addresses {cells:?} in\n{bureau}");
    for rule in selfeval::RULES {
        assert!(!bureau.contains(rule.id), "{} in the report", rule.id);
    }
    assert!(bureau.contains("8,653.90万元"), "{bureau}");
    assert!(bureau.contains("【请填写：主送机关】："), "{bureau}");
    // One count: the report's numbers are summary.xlsx's and report.json's.
    let (t, e, w) = summary_counts(&out);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let s = &json["summary"];
    assert_eq!(
        (
            s["tables"].as_i64(),
            s["errors"].as_i64(),
            s["warnings"].as_i64()
        ),
        (Some(t), Some(e), Some(w))
    );
    assert!(bureau.contains(&format!("读取绩效自评表{t}张")), "{bureau}");
    assert!(
        bureau.contains(&format!("复核共发现错误{e}个、警告{w}个")),
        "{bureau}"
    );
}

#[test]
#[ignore = "external: LibreOffice"]
fn printed_with_settings_the_letter_and_report_carry_them() {
    let dir = tempfile::tempdir().unwrap();
    write_documents(dir.path(), office(), round_two);
    let reports = dir.path().join("reports");
    let pdf = print(
        dir.path(),
        &[
            ("letter", reports.join(SEED).join(LETTER)),
            ("bureau", reports.join(BUREAU)),
        ],
    );
    // `DOCUMENTS_PDF_DIR=docs/documents` keeps the PDFs (the pages in docs/ are made
    // from them).
    if let Some(keep) = std::env::var_os("DOCUMENTS_PDF_DIR") {
        for n in ["letter", "bureau"] {
            let to = Path::new(&keep).join(format!("{n}.pdf"));
            std::fs::copy(pdf.join(format!("{n}.pdf")), to).unwrap();
        }
    }
    let letter = pdf.join("letter.pdf");
    let n = pages(&letter);
    assert!(n <= 4, "the seed unit's letter has {n} pages");
    let letter = pdf_lines(&letter).concat();
    for want in [
        "新财绩〔2022〕3号",
        "你单位已改正第1轮意见指出的5个问题，尚有2个问题未改正：",
        "请于2022年7月15日前",
        "联系人：张三，联系电话：0931-1234567。",
        "兰州新区财政局2025年12月3日",
    ] {
        assert!(letter.contains(want), "{want} in\n{letter}");
    }
    let bureau = pdf_lines(&pdf.join("bureau.pdf")).concat();
    for want in [
        "兰州新区管委会：",
        "抄送：甘肃省财政厅，兰州新区审计局。",
        "兰州新区财政局2025年12月3日印发",
    ] {
        assert!(bureau.contains(want), "{want} in\n{bureau}");
    }
}

#[test]
fn cell_addresses_are_found() {
    assert_eq!(cell_addresses("见F7与AB12，2021年"), vec!["F7", "AB12"]);
    assert!(cell_addresses("兰州新区应急管理局.xlsx").is_empty());
}

#[test]
fn a_blank_table_is_reported_as_blank_never_scored() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let st = selfeval()
        .arg("run")
        .arg(fixtures().join("resubmission"))
        .arg("-o")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(st.status.code().is_some_and(|c| c <= 1));
    let unit = out.join("reports").join("永登县教育局");
    let letter = docx_paragraphs(&unit.join(LETTER));
    assert!(letter.iter().any(|p| p == "空白表"), "{letter:?}");
    assert!(!letter.iter().any(|p| p == "差"), "{letter:?}");
    let draft = flat_docx(&unit.join(DRAFT));
    assert!(draft.contains("该表未填写，未予复核。"), "{draft}");
    assert!(!draft.contains("结果为“差”"), "{draft}");
}

/// The paragraphs of a document's body as raw WordprocessingML, one `<w:p>…</w:p>` each.
fn raw_paragraphs(docx: &Path) -> Vec<String> {
    use std::io::Read;
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<w:p>")
        .skip(1)
        .map(|p| p.split("</w:p>").next().unwrap_or("").to_string())
        .collect()
}

/// GB/T 9704 §7.4: the 版记 is ruled — a thick rule above 抄送, a thin one between it and
/// the 印发 line, a thick one under that — in 四号, with the 印发日期 on a right tab.
#[test]
fn the_bureau_report_s_colophon_is_ruled_as_gb_t_9704_draws_it() {
    let dir = tempfile::tempdir().unwrap();
    write_documents(dir.path(), office(), round_two);
    let paras = raw_paragraphs(&dir.path().join("reports").join(BUREAU));
    let find = |want: &str| {
        paras
            .iter()
            .position(|p| flat(&p.replace("<w:tab/>", "")).contains(want))
            .unwrap_or_else(|| panic!("{want} not in the report"))
    };
    let copies = find("甘肃省财政厅");
    let issued = find("日印发");
    assert_eq!(issued, copies + 1, "the two 版记 lines are adjacent");
    let (c, i) = (&paras[copies], &paras[issued]);
    assert!(c.contains("<w:top w:val=\"single\" w:sz=\"8\""), "{c}");
    assert!(c.contains("<w:bottom w:val=\"single\" w:sz=\"6\""), "{c}");
    assert!(i.contains("<w:bottom w:val=\"single\" w:sz=\"8\""), "{i}");
    assert!(!i.contains("<w:top "), "{i}");
    assert!(
        i.contains("<w:tab w:val=\"right\"") && i.contains("<w:tab/>"),
        "{i}"
    );
    for p in [c, i] {
        assert!(p.contains("<w:sz w:val=\"28\"/>"), "四号: {p}");
    }
    // Nothing else of the report is ruled.
    let ruled = paras.iter().filter(|p| p.contains("<w:pBdr>")).count();
    assert_eq!(ruled, 2);
}

/// reports.md "Across rounds": the bureau's report says how many units answered — and,
/// for its readers, which did not (总览 shows them as 已退回).
#[test]
fn the_bureau_report_names_the_units_that_did_not_answer() {
    const HEALTH: &str = "永登县卫生健康局";
    let dir = tempfile::tempdir().unwrap();
    write_documents(dir.path(), office(), |files| {
        let mut view = round_two(files);
        view.units.insert(
            selfeval::model::text::org_key(HEALTH),
            UnitCampaign {
                status: UnitStatus::Returned(1),
                round: Some(1),
                in_roster: true,
                sent_errors: 1,
                last_received: Some("2022-06-01".into()),
                answered: false,
            },
        );
        view
    });
    let bureau = flat_docx(&dir.path().join("reports").join(BUREAU));
    let want = "第1轮审核意见共发送2个单位，已有1个单位重新报送；已改正问题5个，尚未改正2个。尚未重新报送的单位：永登县卫生健康局。";
    assert!(bureau.contains(want), "{want} in\n{bureau}");
}

/// The English report's 版记 reads as English: `Issued 3 December 2025`, not the Chinese
/// order `… 3 December 2025 issued`.
#[test]
fn the_english_colophon_puts_the_verb_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let st = selfeval()
        .arg("run")
        .arg(fixtures().join("inbox"))
        .args(["--lang", "en", "-o"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(st.status.code().is_some_and(|c| c <= 1));
    let report = std::fs::read_dir(out.join("reports"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("the bureau's report");
    let paras = docx_paragraphs(&report);
    let last = paras.iter().rev().find(|p| !p.trim().is_empty()).unwrap();
    assert!(last.ends_with("Issued 3 December 2025"), "{last:?}");
}
