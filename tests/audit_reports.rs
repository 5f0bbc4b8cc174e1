//! The reports audit (docs/spec-audit.md, "Reports and declarations audit (audrep)"): the
//! sentences of reports.md that no test held, each held here through the binary as a user
//! runs it. `fixtures/audrep` (made by fixtures/make/audrep.py) is three units whose every
//! figure the documents state is written in its expected.json from the tables and the spec's
//! formulas; `fixtures/audrep_reports` puts narrative reports beside the same tables, one
//! sentence of reports.md §3 per paragraph. Every mismatch is listed at once.

mod common;

use common::ooxml::{parse, Node, Package};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const DIR: &str = "fixtures/audrep";
const BUREAU: &str = "汇总报告（初稿）.docx";

/// `run DIR` into a temporary folder, dated: the folder and the output folder in it.
fn run(dir: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("out");
    let o = common::selfeval_at_root()
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .args(["run", dir, "-o", &out.to_string_lossy(), "-q"])
        .output()
        .expect("selfeval runs");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    (tmp, out)
}

/// `run fixtures/inbox` once (the example inbox): the output folder.
fn seed() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| run("fixtures/inbox")).1
}

/// `run fixtures/audrep` once: the output folder.
fn out() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| run(DIR)).1
}

fn expected(dir: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(dir).join("expected.json")).expect("expected");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// A document's body in order: a paragraph's text, or a table's rows of cell texts.
#[derive(Debug)]
enum Block {
    Para(String),
    Table(Vec<Vec<String>>),
}

fn body(docx: &Path) -> Node {
    let xml = Package::open(docx)
        .part("word/document.xml")
        .expect("document");
    let mut root = parse(&xml);
    let doc = root.children.pop().expect("w:document");
    doc.children
        .into_iter()
        .find(|c| c.name == "body")
        .expect("w:body")
}

fn blocks(docx: &Path) -> Vec<Block> {
    let cells = |tr: &Node| -> Vec<String> {
        let mut tcs = Vec::new();
        tr.all("tc", &mut tcs);
        tcs.iter().map(|tc| tc.t_text()).collect()
    };
    body(docx)
        .children
        .iter()
        .filter_map(|c| match c.name.as_str() {
            "p" => Some(Block::Para(c.t_text())),
            "tbl" => {
                let rows = c.children.iter().filter(|r| r.name == "tr");
                Some(Block::Table(rows.map(cells).collect()))
            }
            _ => None,
        })
        .collect()
}

fn text(b: &[Block]) -> String {
    let paras = b.iter().filter_map(|b| match b {
        Block::Para(p) => Some(p.as_str()),
        Block::Table(_) => None,
    });
    paras.collect::<Vec<_>>().join("\n")
}

/// The rows (header left out) of the first table whose header starts with `head`.
fn table<'a>(b: &'a [Block], head: &[&str]) -> Option<&'a [Vec<String>]> {
    b.iter().find_map(|b| match b {
        Block::Table(rows) if rows.first().is_some_and(|h| h.starts_with(&s(head))) => {
            Some(&rows[1..])
        }
        _ => None,
    })
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn js(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `1,234.50`: an amount of expected.json (plain, two decimals) as the documents write it.
fn money(plain: &str) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, "00"));
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{frac}")
}

fn want(wrong: &mut Vec<String>, ok: bool, what: impl Into<String>) {
    if !ok {
        wrong.push(what.into());
    }
}

fn bureau_counts(b: &[Block], e: &Value, wrong: &mut Vec<String>) {
    let t = text(b);
    let k = &e["kinds"];
    let said = [
        format!(
            "本次共收到报送文件{}个，涉及{}个单位，读取绩效自评表{}张，其中部门整体{}张、项目{}张、转移支付{}张",
            e["files"], e["units"], e["tables"], k[0], k[1], k[2]
        ),
        format!(
            "各单位全年预算数合计{}万元，全年执行数合计{}万元，执行率{}",
            money(&js(&e["budget"])),
            money(&js(&e["executed"])),
            js(&e["rate"])
        ),
        format!("执行率低于90.00%的表格{}张", e["low"].as_array().map_or(0, Vec::len)),
        format!("复核后等级发生变化的表格{}张", e["changed"].as_array().map_or(0, Vec::len)),
        format!(
            "各单位自评平均分{}分，复核平均分{}分",
            js(&e["stated_mean"]),
            js(&e["reviewed_mean"])
        ),
        format!("复核共发现错误{}个、警告{}个", e["errors"], e["warnings"]),
    ];
    for line in said {
        want(wrong, t.contains(&line), format!("汇总报告: no “{line}”"));
    }
}

fn bureau_tables(b: &[Block], e: &Value, wrong: &mut Vec<String>) {
    let low: Vec<Vec<String>> = table(b, &["序号", "单位", "表", "复核执行率"])
        .unwrap_or_default()
        .iter()
        .map(|r| r[2..].to_vec())
        .collect();
    let mut low_want: Vec<Vec<String>> = serde_json::from_value(e["low"].clone()).unwrap();
    let mut low = low;
    low.sort();
    low_want.sort();
    want(
        wrong,
        low == low_want,
        format!("汇总报告 二: {low:?} ≠ {low_want:?}"),
    );
    let grades = table(b, &["等级", "自评（张）", "复核（张）"]).unwrap_or_default();
    for g in ["优", "良", "中", "差"] {
        let w = s(&[
            g,
            &e["stated"][g].to_string(),
            &e["reviewed"][g].to_string(),
        ]);
        let ok = grades.contains(&w);
        want(wrong, ok, format!("汇总报告 三: {w:?} not in {grades:?}"));
    }
    let head = ["序号", "单位", "表", "自评总分"];
    let mut changed: Vec<String> = table(b, &head)
        .unwrap_or_default()
        .iter()
        .map(|r| r[2].clone())
        .collect();
    changed.sort();
    let ch: Vec<String> = serde_json::from_value(e["changed"].clone()).unwrap();
    want(
        wrong,
        changed == ch,
        format!("汇总报告 三: changed {changed:?} ≠ {ch:?}"),
    );
}

/// 四: every rule counted once with its count (the stricter self-scores in their sentence).
fn bureau_rules(b: &[Block], e: &Value, wrong: &mut Vec<String>) {
    let rows = table(b, &["序号", "问题", "类别", "次数"]).unwrap_or_default();
    let by_rule = e["by_rule"].as_object().unwrap();
    let mut stricter = 0;
    for (code, n) in by_rule {
        let rule = selfeval::RULES
            .iter()
            .find(|r| r.id == code)
            .expect("a rule");
        if code.ends_with("-understated") {
            stricter += n.as_u64().unwrap();
            continue;
        }
        let row = rows.iter().find(|r| r[1] == rule.zh);
        let ok = row.is_some_and(|r| r[3].parse::<u64>().ok() == n.as_u64());
        want(
            wrong,
            ok,
            format!("汇总报告 四: {code} ({}) ×{n}: {row:?}", rule.zh),
        );
    }
    want(
        wrong,
        rows.len() + usize::from(stricter > 0) == by_rule.len(),
        format!("汇总报告 四: {} rows for {by_rule:?}", rows.len()),
    );
    let line = format!("另有{stricter}处得分低于复核得分");
    want(
        wrong,
        text(b).contains(&line),
        format!("汇总报告 四: no “{line}”"),
    );
}

/// 五: one row per unit, as expected.json and summary.xlsx's 汇总 give it.
fn bureau_units(b: &[Block], e: &Value, wrong: &mut Vec<String>) {
    let rows = table(b, &["单位", "表数"]).unwrap_or_default();
    for (unit, u) in e["units"].as_object().unwrap() {
        let budget = js(&u["budget"]);
        let executed = js(&u["executed"]);
        let rate = rate(&budget, &executed);
        let w = s(&[
            unit,
            &u["tables"].to_string(),
            &money(&budget),
            &money(&executed),
            &rate,
            &js(&u["reviewed_mean"]),
            &u["errors"].to_string(),
            &u["warnings"].to_string(),
        ]);
        let ok = rows.contains(&w);
        want(wrong, ok, format!("汇总报告 五: {w:?} not in {rows:?}"));
    }
}

/// `89.38%`: executed / budget, half up to two places of the percent.
fn rate(budget: &str, executed: &str) -> String {
    use rust_decimal::prelude::*;
    let b = Decimal::from_str(budget).unwrap();
    let x = Decimal::from_str(executed).unwrap();
    let r = (x * Decimal::from(100) / b)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    format!("{r:.2}%")
}

fn draft_sentences(unit: &str, u: &Value, wrong: &mut Vec<String>) {
    let path = out()
        .join("reports")
        .join(unit)
        .join("自评报告（初稿）.docx");
    let t = text(&blocks(&path));
    for (kind, word) in [("project", "项目"), ("transfer", "转移支付项目")] {
        let lead = format!("本部门纳入自评的{word}");
        let said = t.lines().find(|l| l.starts_with(&lead));
        let Some(k) = u.get(kind) else {
            want(
                wrong,
                said.is_none(),
                format!("{unit} 初稿: {said:?} without {kind}"),
            );
            continue;
        };
        let mut line = format!(
            "{lead}{}个，全年预算数合计{}万元，全年执行数合计{}万元，执行率{}。经复核，",
            k["count"],
            money(&js(&k["budget"])),
            money(&js(&k["executed"])),
            js(&k["rate"])
        );
        let grades: Vec<String> = ["优", "良", "中", "差"]
            .iter()
            .filter_map(|g| k["grades"].get(*g).map(|n| format!("{n}个结果为“{g}”")))
            .collect();
        line.push_str(&grades.join("，"));
        let ok = said.is_some_and(|l| l.starts_with(&line));
        want(wrong, ok, format!("{unit} 初稿: “{line}” ≠ {said:?}"));
    }
}

fn letter(unit: &str, u: &Value, wrong: &mut Vec<String>) {
    let path = out().join("reports").join(unit).join("审核意见书.docx");
    let b = blocks(&path);
    let t = text(&b);
    let names = ["部门整体", "项目", "转移支付"];
    let kinds: Vec<String> = (0..3)
        .filter(|&k| u["kinds"][k] != 0)
        .map(|k| format!("{}{}张", names[k], u["kinds"][k]))
        .collect();
    let opening = format!(
        "你单位报送的1个文件（{unit}.xlsx）已收悉，共读取绩效自评表{}张（{}）。",
        u["tables"],
        kinds.join("、")
    );
    want(
        wrong,
        t.contains(&opening),
        format!("{unit} 意见书: no “{opening}”"),
    );
    let short = t.contains("未发现需要修改的问题");
    let ok = short == (u["errors"] == 0) && t.contains("一、需要修改的问题") != short;
    want(
        wrong,
        ok,
        format!("{unit} 意见书: short form {short}, errors {}", u["errors"]),
    );
    let rows = table(&b, &["序号", "表", "自评分", "复核分", "等级"]).unwrap_or_default();
    let got: Vec<Vec<String>> = rows.iter().map(|r| r[1..].to_vec()).collect();
    let results = u["results"].as_array().unwrap().iter().map(|r| {
        let (g, st) = (js(&r[3]), js(&r[4]));
        let grade = if g == st {
            g
        } else {
            format!("{g}（自评{st}）")
        };
        vec![js(&r[0]), js(&r[1]), js(&r[2]), grade]
    });
    let results: Vec<Vec<String>> = results.collect();
    want(
        wrong,
        got == results,
        format!("{unit} 意见书 复核结果: {got:?} ≠ {results:?}"),
    );
}

/// The return workbook's line of counts and summary.xlsx's 汇总 row of the unit.
fn workbooks(unit: &str, u: &Value, wrong: &mut Vec<String>) {
    let book = out().join("units").join(format!("{unit}.xlsx"));
    let g = common::grid(&book, "审核意见");
    let line = format!(
        "共 {} 张表；错误 {} 项，警告 {} 项，提示 0 项。",
        u["tables"], u["errors"], u["warnings"]
    );
    let said = common::cell_text(&g, 1, 0);
    want(
        wrong,
        said == line,
        format!("{unit} 审核意见: “{said}” ≠ “{line}”"),
    );
    let g = common::grid(&out().join("summary.xlsx"), "汇总");
    let row = (3..40).find(|&r| common::cell_text(&g, r, 0) == unit);
    let Some(r) = row else {
        return wrong.push(format!("汇总: no row of {unit}"));
    };
    let n = |c: u32| common::cell_num(&g, r, c).unwrap_or(0.0);
    let tables = n(1) + n(2) + n(3);
    let got = [tables, n(4), n(5), n(7), n(8), n(13), n(14)];
    let f = |v: &Value| js(v).parse::<f64>().unwrap();
    let e = [
        f(&u["tables"]),
        f(&u["budget"]),
        f(&u["executed"]),
        f(&u["stated_mean"]),
        f(&u["reviewed_mean"]),
        f(&u["errors"]),
        f(&u["warnings"]),
    ];
    let same = got.iter().zip(e).all(|(a, b)| (a - b).abs() < 1e-9);
    want(wrong, same, format!("汇总 {unit}: {got:?} ≠ {e:?}"));
}

#[test]
fn every_figure_a_document_states_is_the_tables() {
    let e = expected(DIR);
    let b = blocks(&out().join("reports").join(BUREAU));
    let mut wrong = Vec::new();
    let bureau = &e["bureau"];
    bureau_counts(&b, bureau, &mut wrong);
    bureau_tables(&b, bureau, &mut wrong);
    bureau_rules(&b, bureau, &mut wrong);
    bureau_units(&b, &e, &mut wrong);
    for (unit, u) in e["units"].as_object().unwrap() {
        draft_sentences(unit, u, &mut wrong);
        letter(unit, u, &mut wrong);
        workbooks(unit, u, &mut wrong);
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// reports.md §3 sentence by sentence: each report of fixtures/audrep_reports gives exactly
/// the codes expected.json names at each paragraph (a finding about the report as a whole at
/// paragraph 1), and quotes at most 120 characters.
#[test]
fn every_sentence_of_the_narrative_rules_reads_as_the_spec_says() {
    let dir = "fixtures/audrep_reports";
    let doc = common::check_json(dir);
    let e = expected(dir);
    let mut wrong = Vec::new();
    for (name, want_codes) in e.as_object().unwrap() {
        let f = common::json_file(&doc, name);
        let mut got: Vec<(u64, String)> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["paragraph"].as_u64().unwrap_or(0), js(&x["code"])))
            .collect();
        got.sort();
        let mut w: Vec<(u64, String)> = want_codes
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(p, codes)| {
                let p: u64 = p.parse().unwrap();
                codes.as_array().unwrap().iter().map(move |c| (p, js(c)))
            })
            .collect();
        w.sort();
        want(&mut wrong, got == w, format!("{name}: {got:?} ≠ {w:?}"));
        for x in f["findings"].as_array().unwrap() {
            let n = js(&x["excerpt"]).chars().count();
            want(
                &mut wrong,
                n <= 120,
                format!("{name}: an excerpt of {n} characters"),
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A run's East Asian font, size (half-points) and whether it is highlighted.
fn run_style(r: &Node) -> (String, String, bool) {
    let pr = r.child("rPr");
    let get = |name: &str, key: &str| {
        pr.and_then(|p| p.child(name))
            .and_then(|n| n.attr(key))
            .unwrap_or_default()
            .to_string()
    };
    let lit = pr.is_some_and(|p| p.child("highlight").is_some());
    (get("rFonts", "eastAsia"), get("sz", "val"), lit)
}

/// The level of a heading by its numbering: `一、` 1, `（一）` 2, else 0.
fn level(t: &str) -> u8 {
    let nums = |s: &str| !s.is_empty() && s.chars().all(|c| "一二三四五六七八九十".contains(c));
    if t.split_once('、').is_some_and(|(n, _)| nums(n)) {
        1
    } else if t
        .strip_prefix('（')
        .and_then(|r| r.split_once('）'))
        .is_some_and(|(n, _)| nums(n))
    {
        2
    } else {
        0
    }
}

/// One paragraph against reports.md §2's layout: title 方正小标宋简体 二号 centred; `一、`
/// 黑体, `（一）` 楷体_GB2312 (a heading run in with its text: the heading's own run); body
/// 仿宋_GB2312 三号; a placeholder highlighted.
fn paragraph_layout(at: &str, p: &Node, wrong: &mut Vec<String>) {
    let mut runs = Vec::new();
    p.all("r", &mut runs);
    let Some(first) = runs.first() else { return };
    let t = p.t_text();
    let style = p
        .child("pPr")
        .and_then(|x| x.child("pStyle"))
        .and_then(|x| x.attr("val"));
    let (font, size, _) = run_style(first);
    let short: String = t.chars().take(24).collect();
    if style == Some("Title") {
        let jc = p
            .child("pPr")
            .and_then(|x| x.child("jc"))
            .and_then(|x| x.attr("val"));
        let ok = font == "方正小标宋简体" && size == "44" && jc == Some("center");
        want(
            wrong,
            ok,
            format!("{at}: title “{short}” {font} {size} {jc:?}"),
        );
        return;
    }
    let font_want = ["仿宋_GB2312", "黑体", "楷体_GB2312"][usize::from(level(&t))];
    // The 版记 (its lines ruled) is in 四号, the rest in 三号 (GB/T 9704 §7.4, §5.2.1).
    let ruled = p.child("pPr").and_then(|x| x.child("pBdr")).is_some();
    let size_want = if ruled { "28" } else { "32" };
    let ok = font == font_want && size == size_want;
    want(
        wrong,
        ok,
        format!("{at}: “{short}” {font} {size}, not {font_want} {size_want}"),
    );
    for r in &runs {
        let (_, _, lit) = run_style(r);
        let placeholder = r.t_text().starts_with("【请填写：");
        want(
            wrong,
            lit == placeholder || !placeholder,
            format!("{at}: “{short}” not highlighted"),
        );
    }
}

fn documents() -> Vec<PathBuf> {
    let reports = out().join("reports");
    let mut all = vec![reports.join(BUREAU)];
    for unit in expected(DIR)["units"].as_object().unwrap().keys() {
        all.push(reports.join(unit).join("自评报告（初稿）.docx"));
        all.push(reports.join(unit).join("审核意见书.docx"));
    }
    all
}

/// Every document of the example inbox (whose seed unit's letter names kinds found many
/// times in one paragraph each).
fn seed_documents(out: &Path) -> Vec<PathBuf> {
    let reports = out.join("reports");
    let mut all = vec![reports.join(BUREAU)];
    for unit in std::fs::read_dir(&reports).expect("reports").flatten() {
        if unit.path().is_dir() {
            all.push(unit.path().join("自评报告（初稿）.docx"));
            all.push(unit.path().join("审核意见书.docx"));
        }
    }
    all.sort();
    all
}

#[test]
fn every_heading_title_and_body_is_in_the_font_and_size_of_official_documents() {
    let mut wrong = Vec::new();
    let mut all = documents();
    all.extend(seed_documents(seed()));
    for path in all {
        let at = path.display().to_string();
        let at = at
            .rsplit("/reports/")
            .next()
            .unwrap_or_default()
            .to_string();
        for p in body(&path).children.iter().filter(|c| c.name == "p") {
            paragraph_layout(&at, p, &mut wrong);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// One sheet's print setup (reports.md §1 "Printable"): A4, fitted to one page wide (any
/// number of pages tall), page numbers in the footer.
fn sheet_prints(at: &str, sheet: &Node, wrong: &mut Vec<String>) {
    let fit = sheet
        .child("sheetPr")
        .and_then(|p| p.child("pageSetUpPr"))
        .and_then(|p| p.attr("fitToPage"));
    let setup = sheet.child("pageSetup");
    let attr = |k: &str| setup.and_then(|s| s.attr(k));
    let wide = attr("fitToWidth").unwrap_or("1");
    let ok = fit == Some("1") && attr("paperSize") == Some("9") && wide == "1";
    want(
        wrong,
        ok,
        format!(
            "{at}: fit {fit:?}, paper {:?}, wide {wide}",
            attr("paperSize")
        ),
    );
    want(
        wrong,
        attr("fitToHeight") == Some("0"),
        format!("{at}: pages tall fixed"),
    );
    let footer = sheet
        .child("headerFooter")
        .and_then(|h| h.child("oddFooter"))
        .map(|f| f.text.clone())
        .unwrap_or_default();
    want(
        wrong,
        footer.contains("&P"),
        format!("{at}: footer “{footer}”"),
    );
}

#[test]
fn every_sheet_of_a_return_workbook_prints_on_a4_one_page_wide_with_titles_and_page_numbers() {
    let mut wrong = Vec::new();
    for unit in expected(DIR)["units"].as_object().unwrap().keys() {
        let path = out().join("units").join(format!("{unit}.xlsx"));
        let mut pkg = Package::open(&path);
        let book = parse(&pkg.part("xl/workbook.xml").expect("workbook"));
        let mut names = Vec::new();
        book.all("definedName", &mut names);
        let sheets: Vec<String> = pkg
            .names()
            .into_iter()
            .filter(|n| n.starts_with("xl/worksheets/sheet"))
            .collect();
        let titled = names
            .iter()
            .filter(|n| n.attr("name") == Some("_xlnm.Print_Titles"));
        let titled = titled.count();
        let all = sheets.len();
        want(
            &mut wrong,
            titled == all,
            format!("{unit}: title rows on {titled} of {all} sheets"),
        );
        for part in sheets {
            let xml = parse(&pkg.part(&part).expect("sheet"));
            let sheet = xml
                .children
                .iter()
                .find(|c| c.name == "worksheet")
                .expect("worksheet");
            sheet_prints(&format!("{unit} {part}"), sheet, &mut wrong);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A sheet of an `xlsx_dump`: its cells as (ref, value, format).
fn dumped_cells(dump: &str, sheet: &str) -> Vec<(String, String, String)> {
    let head = format!("=== sheet {sheet}\n");
    let Some(at) = dump.find(&head) else {
        return Vec::new();
    };
    let rest = &dump[at + head.len()..];
    let rest = rest.split("\n=== sheet ").next().unwrap_or_default();
    rest.lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let r = f.next()?;
            let v = f.next()?;
            Some((
                r.to_string(),
                v.to_string(),
                f.next().unwrap_or("").to_string(),
            ))
        })
        .collect()
}

/// The row of a cell reference (`J12` → 12).
fn row_of(r: &str) -> u32 {
    r.trim_start_matches(|c: char| c.is_ascii_uppercase())
        .parse()
        .unwrap_or(0)
}

/// 审核意见 (reports.md §1): the columns in order; errors first, then warnings, then by table
/// order; 怎么改 the rule's one sentence; 填报值 / 复核值 numbers in the office's formats.
fn opinion_sheet(
    unit: &str,
    cells: &[(String, String, String)],
    order: &[String],
    wrong: &mut Vec<String>,
) {
    let at = |r: &str| cells.iter().find(|c| c.0 == r);
    let heads = [
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
    ];
    for (k, h) in heads.iter().enumerate() {
        let r = format!("{}4", char::from(b'A' + k as u8));
        let ok = at(&r).is_some_and(|c| c.1 == *h);
        want(
            wrong,
            ok,
            format!("{unit} 审核意见 {r}: {:?}, not {h}", at(&r)),
        );
    }
    let rows: Vec<u32> = (5..200)
        .filter(|r| at(&format!("A{r}")).is_some())
        .collect();
    let key = |r: u32| {
        let sev = at(&format!("F{r}")).map_or("", |c| c.1.as_str());
        let table = at(&format!("B{r}")).map_or("", |c| c.1.as_str());
        let pos = order.iter().position(|t| t == table).unwrap_or(usize::MAX);
        (
            ["错误", "警告", "提示"]
                .iter()
                .position(|s| *s == sev)
                .unwrap_or(9),
            pos,
        )
    };
    let keys: Vec<_> = rows.iter().map(|&r| key(r)).collect();
    want(
        wrong,
        keys.windows(2).all(|w| w[0] <= w[1]),
        format!("{unit} 审核意见 order {keys:?}"),
    );
    for &r in &rows {
        let problem = at(&format!("G{r}")).map_or("", |c| c.1.as_str());
        let rule = selfeval::RULES.iter().find(|x| x.zh == problem);
        let fix = at(&format!("K{r}")).map_or("", |c| c.1.as_str());
        let ok = rule.is_some_and(|x| x.fix_zh == fix);
        want(
            wrong,
            ok,
            format!("{unit} 审核意见 row {r}: “{problem}” / “{fix}”"),
        );
    }
}

/// The money and rate figures of 填报值 / 复核值 carry the office's formats.
fn opinion_formats(unit: &str, cells: &[(String, String, String)], wrong: &mut Vec<String>) {
    let fmt = |code: &str| match code {
        "fund-sum-mismatch" => Some("#,##0.00"),
        "exec-rate-low" => Some("0.00%"),
        _ => None,
    };
    for c in cells
        .iter()
        .filter(|c| c.0.starts_with('G') && row_of(&c.0) > 4)
    {
        let rule = selfeval::RULES.iter().find(|x| x.zh == c.1);
        let Some(f) = rule.and_then(|x| fmt(x.id)) else {
            continue;
        };
        let r = row_of(&c.0);
        for col in ["I", "J"] {
            let cell = cells.iter().find(|x| x.0 == format!("{col}{r}"));
            let ok = cell.is_none_or(|x| x.2 == f);
            want(
                wrong,
                ok,
                format!("{unit} 审核意见 {col}{r}: {cell:?}, not {f}"),
            );
        }
    }
}

#[test]
fn the_return_workbook_lists_and_marks_as_reports_md_1_says() {
    let e = expected(DIR);
    let mut wrong = Vec::new();
    for (unit, u) in e["units"].as_object().unwrap() {
        let dump = common::ooxml::xlsx_dump(&out().join("units").join(format!("{unit}.xlsx")));
        let order: Vec<String> = u["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| js(&r[0]))
            .collect();
        let cells = dumped_cells(&dump, "审核意见");
        opinion_sheet(unit, &cells, &order, &mut wrong);
        opinion_formats(unit, &cells, &mut wrong);
        for k in 1..=order.len() {
            let sheet = dumped_cells(&dump, &format!("表{k}"));
            let has = |v: &str| sheet.iter().any(|c| c.1.contains(v));
            for v in ["复核执行率", "复核得分", "标记的单元格"] {
                want(&mut wrong, has(v), format!("{unit} 表{k}: no “{v}”"));
            }
        }
    }
    marks(&mut wrong);
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A marked cell's note holds the message, the stated and reviewed figures and the original
/// cell; the 自评等级 row holds the stated and the reviewed grade (统计执法检查项目: 优 → 良).
fn marks(wrong: &mut Vec<String>) {
    let book = out().join("units/某某县统计局.xlsx");
    let mut pkg = Package::open(&book);
    let notes: String = pkg
        .names()
        .into_iter()
        .filter(|n| n.starts_with("xl/comments"))
        .filter_map(|n| pkg.part(&n))
        .collect();
    for w in [
        "得分填报 20 高于复核得分 10.00",
        "填报值：20",
        "复核值：10.00",
        "原单元格：某某县统计局.xlsx › 表2!I14",
    ] {
        want(
            wrong,
            notes.contains(w),
            format!("某某县统计局 notes: no “{w}”"),
        );
    }
    let g = common::grid(&book, "表2");
    let row = (0..40).find(|&r| common::cell_text(&g, r, 0) == "自评等级");
    let cells: Vec<String> = row.map_or(Vec::new(), |r| {
        (1..14)
            .map(|c| common::cell_text(&g, r, c))
            .filter(|t| !t.is_empty())
            .collect()
    });
    want(
        wrong,
        cells == ["优", "良"],
        format!("某某县统计局 表2 自评等级: {cells:?}"),
    );
}

/// The approved: (sheet, code, expected).
fn approved_of(ws: &Path) -> Vec<(String, String, String)> {
    let o = common::run(&["run", &ws.to_string_lossy(), "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let text = std::fs::read(ws.join("结果/report.json")).expect("report.json");
    let doc: Value = serde_json::from_slice(&text).expect("JSON");
    let mut out = Vec::new();
    for f in doc["files"].as_array().unwrap() {
        for t in f["tables"].as_array().into_iter().flatten() {
            for x in t["findings"].as_array().into_iter().flatten() {
                if js(&x["code"]).starts_with("approved-") {
                    out.push((js(&t["sheet"]), js(&x["code"]), js(&x["expected"])));
                }
            }
        }
    }
    out.sort();
    out
}

/// templates.md §8: "An approved adjustment is a later declaration of the same project
/// (title or file containing 调整, or received later in a workspace): the latest counts."
/// The workspace of fixtures/declprobe/ws01_workspace scores 农民培训 against ≥80% where
/// its declaration approved ≥90%; a second declaration of the project approving ≥80%
/// (neither title nor file says 调整) received in a later run is the one that counts.
#[test]
fn a_declaration_received_later_in_a_workspace_counts_over_the_earlier_one() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    common::copy_tree(&common::fixtures().join("declprobe/ws01_workspace"), &ws);
    common::assert_exit(
        &common::run(&["init", &ws.to_string_lossy(), "--year", "2024"]),
        0,
    );
    let before = approved_of(&ws);
    let lowered = (
        "农民培训".to_string(),
        "approved-target-lowered".to_string(),
        "≥90%".to_string(),
    );
    assert!(before.contains(&lowered), "{before:?}");
    // The later approval, saved under a name that sorts before the original's.
    let script = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\nwb['1.农民培训']['D20']='≥80%'\nfor n in wb.sheetnames[1:]:\n    del wb[n]\nwb.save(sys.argv[2])\n";
    let decl = ws.join("申报表");
    let o = common::python_with_openpyxl()
        .args(["-c", script])
        .arg(decl.join("2024年度项目绩效目标.xlsx"))
        .arg(decl.join("0批复.xlsx"))
        .output()
        .expect("python runs");
    assert!(o.status.success(), "{o:?}");
    let after = approved_of(&ws);
    assert!(
        !after.contains(&lowered),
        "the earlier approval still counts: {after:?}"
    );
}

/// reports.md §3's last sentences: in the return workbook a report finding is one more row
/// with its paragraph in place of the cell, it counts towards the unit's errors and
/// warnings, and the report is listed in 文件清单 with its status.
#[test]
fn a_report_finding_is_a_row_of_the_units_workbook_and_the_report_is_listed() {
    let (_tmp, out) = run("fixtures/audrep_reports");
    let mut wrong = Vec::new();
    let book = out.join("units/某某县审计局.xlsx");
    let g = common::grid(&book, "审核意见");
    let report = "某某县审计局2021年度绩效自评报告.txt";
    let rows: Vec<(String, String)> = (4..60)
        .filter(|&r| common::cell_text(&g, r, 2) == report)
        .map(|r| (common::cell_text(&g, r, 4), common::cell_text(&g, r, 5)))
        .collect();
    let w = [
        ("第1段", "警告"),
        ("第14段", "错误"),
        ("第15段", "错误"),
        ("第16段", "警告"),
    ];
    let w: Vec<(String, String)> = w
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let mut got = rows.clone();
    got.sort();
    let mut ws = w.clone();
    ws.sort();
    want(
        &mut wrong,
        got == ws,
        format!("审核意见 rows of the report: {rows:?}"),
    );
    // The tables' 1 error and 2 warnings, and the report's 2 errors and 2 warnings.
    let line = "共 4 张表；错误 3 项，警告 4 项，提示 0 项。";
    let said = common::cell_text(&g, 1, 0);
    want(&mut wrong, said == line, format!("“{said}” ≠ “{line}”"));
    let list = common::grid(&out.join("summary.xlsx"), "文件清单");
    for (name, status) in [(report, "有错误"), ("自评报告（统计）.txt", "有错误")] {
        let row = (3..40).find(|&r| common::cell_text(&list, r, 0) == name);
        let got = row.map(|r| common::cell_text(&list, r, 1));
        want(
            &mut wrong,
            got.as_deref() == Some(status),
            format!("文件清单 {name}: {got:?}"),
        );
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// reports.md's titles carry the year: `{单位} {年度}年度绩效自评审核意见`,
/// `关于{单位}{年度}年度绩效自评材料的审核意见`. A unit whose only file could not be read
/// (永登县文化和旅游局 of the example inbox) has no table stating a year; its documents take
/// the run's year, as the bureau's report does (`2021年度预算绩效自评…`).
#[test]
fn a_unit_without_a_readable_table_is_titled_with_the_runs_year() {
    let unit = "永登县文化和旅游局";
    let mut wrong = Vec::new();
    let g = common::grid(
        &seed().join("units").join(format!("{unit}.xlsx")),
        "审核意见",
    );
    let title = common::cell_text(&g, 0, 0);
    let w = format!("{unit} 2021年度绩效自评审核意见");
    want(
        &mut wrong,
        title == w,
        format!("审核意见: “{title}” ≠ “{w}”"),
    );
    for (doc, w) in [
        (
            "审核意见书.docx",
            format!("关于{unit}2021年度绩效自评材料的审核意见"),
        ),
        (
            "自评报告（初稿）.docx",
            format!("2021年度{unit}绩效自评报告（初稿）"),
        ),
    ] {
        let b = blocks(&seed().join("reports").join(unit).join(doc));
        let head: String = b
            .iter()
            .take(2)
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        want(&mut wrong, head == w, format!("{doc}: “{head}” ≠ “{w}”"));
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every table of every document spans the text block (156 mm, 8,845 twips): its grid's
/// columns are twips that add up to it. A small table's grid was in half-ems (`6`, `34`,
/// `8`…), which Word's fixed layout would print one character a column.
#[test]
fn every_table_spans_the_text_block() {
    let mut wrong = Vec::new();
    let mut all = documents();
    all.extend(seed_documents(seed()));
    for path in all {
        let at = path.display().to_string();
        for t in body(&path).children.iter().filter(|c| c.name == "tbl") {
            let grid: Vec<u32> = t
                .child("tblGrid")
                .map(|g| {
                    g.children
                        .iter()
                        .filter_map(|c| c.attr("w").and_then(|w| w.parse().ok()))
                        .collect()
                })
                .unwrap_or_default();
            let sum: u32 = grid.iter().sum();
            if !(8_800..=8_845).contains(&sum) {
                wrong.push(format!("{at}: {grid:?} = {sum}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} tables:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
