//! reports.md "Ready to file": every figure a person reads is in the office's form —
//! amounts in 万元 with thousands separators and two decimals (`1,288.59万元`), rates as
//! percents with two decimals (`98.98%`), scores as the table gives them or with two
//! decimals when computed (`99.47`). The binary runs (Chinese and English) on one inbox
//! where about fifty rules fire, and every text a person reads is scanned: report.json's
//! messages, the letters, drafts and bureau report, the worklist's 说明, the return
//! workbooks' 说明 and notes, the terminal and `check --format text`.
//!
//! What is not money, a rate or a computed score is left alone by the scanner's own
//! reading: years, dates, counts, cell addresses, document numbers carry no `万元` or `%`
//! and stand in no computed place. A unit's own text quoted back stays as the unit wrote
//! it, so quoted text (`“…”`, `「…」`) and the unit's indicator values and narratives the
//! documents repeat (`年度指标值…，实际完成值…`, `目标：…完成情况：…`, a reason) are cut
//! before the scan (`unquoted`): the allow-list.

mod common;

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

/// An inbox where many rules fire: the bundled inbox, the coverage workbooks (one rule
/// each), the 2021 report and its tables, the narrative reports, the declarations and
/// approved budgets, and a report whose rate does not match its money.
fn inbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let f = common::fixtures();
    common::copy_tree(&f.join("inbox"), dir.path());
    let mut files: Vec<PathBuf> = Vec::new();
    for (folder, exts) in [
        ("coverage", &["xlsx"][..]),
        ("report2021", &["xlsx", "docx"][..]),
        ("reports", &["docx", "txt"][..]),
        ("approved", &["xlsx"][..]),
    ] {
        for e in std::fs::read_dir(f.join(folder)).unwrap() {
            let p = e.unwrap().path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if exts.contains(&ext) {
                files.push(p);
            }
        }
    }
    files.push(f.join("rptprobe/b02执行率不符_永登县交通运输局自评报告.docx"));
    for p in files {
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// A text a person reads and where it was found.
struct Text {
    at: String,
    text: String,
}

fn push(out: &mut Vec<Text>, at: impl Into<String>, text: impl Into<String>) {
    out.push(Text {
        at: at.into(),
        text: text.into(),
    });
}

/// Every `message` in report.json.
fn json_messages(v: &serde_json::Value, out: &mut Vec<Text>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x.as_str()) {
                    ("message", Some(s)) => push(out, "report.json", s),
                    _ => json_messages(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_messages(x, out)),
        _ => {}
    }
}

/// The column headed 说明 (Message) of each sheet, header in the first five rows.
fn message_column(path: &Path, sheets: &[&str], out: &mut Vec<Text>) {
    use calamine::Reader;
    let wb = calamine::open_workbook_auto(path).unwrap();
    let names = wb.sheet_names().to_vec();
    for name in names
        .iter()
        .filter(|n| sheets.is_empty() || sheets.contains(&n.as_str()))
    {
        let g = common::grid(path, name);
        let header = g
            .iter()
            .find(|((r, _), v)| *r < 5 && matches!(v.to_string().as_str(), "说明" | "Message"));
        let Some(((hr, hc), _)) = header else {
            continue;
        };
        for ((r, c), v) in &g {
            if c == hc && r > hr {
                push(out, format!("{}!{name}", path.display()), v.to_string());
            }
        }
    }
}

/// The notes (comments) of a workbook, one text per note.
fn notes(path: &Path, out: &mut Vec<Text>) {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let name = zip.by_index(i).unwrap().name().unwrap().to_string();
        if name.starts_with("xl/comments") {
            names.push(name);
        }
    }
    for n in names {
        let mut xml = String::new();
        zip.by_name(&n).unwrap().read_to_string(&mut xml).unwrap();
        for comment in xml.split("<comment ").skip(1) {
            let text: String = comment
                .split("<t")
                .skip(1)
                .filter_map(|t| Some(t.split_once('>')?.1.split_once("</t>")?.0))
                .collect();
            push(out, format!("{} (note)", path.display()), text);
        }
    }
}

/// Every text a person reads in an output folder.
fn texts(out_dir: &Path) -> Vec<Text> {
    let mut out = Vec::new();
    let report = std::fs::read_to_string(out_dir.join("report.json")).unwrap();
    json_messages(&serde_json::from_str(&report).unwrap(), &mut out);
    message_column(&out_dir.join("findings.xlsx"), &[], &mut out);
    for e in walk(out_dir) {
        let ext = e.extension().and_then(|x| x.to_str()).unwrap_or("");
        if ext == "docx" {
            for p in common::docx_paragraphs(&e) {
                push(&mut out, e.display().to_string(), p);
            }
        } else if ext == "xlsx" && e.parent().is_some_and(|p| p.ends_with("units")) {
            message_column(&e, &["审核意见"], &mut out);
            notes(&e, &mut out);
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The text without what a unit wrote: quoted text (innermost quotes first, so a quote in
/// a quote goes too), and the unit's indicator values and narratives as the documents
/// and messages repeat them.
fn unquoted(text: &str) -> String {
    let mut s = text.to_string();
    for (open, close) in [('“', '”'), ('「', '」'), ('‘', '’')] {
        while let Some(i) = innermost(&s, open, close) {
            s.replace_range(i.0..i.1, "〈〉");
        }
    }
    // English quotes open and close alike.
    while let Some(i) = s.find('"') {
        let Some(j) = s[i + 1..].find('"') else {
            break;
        };
        s.replace_range(i..i + 1 + j + 1, "〈〉");
    }
    // The unit's 目标 / 完成情况 and its reasons, as the draft repeats them.
    for cut in [
        "完成情况：",
        "偏差原因及改进措施：",
        "Reason and remedy: ",
        "Achieved: ",
    ] {
        if let Some(i) = s.find(cut) {
            s.truncate(i);
        }
    }
    if s.starts_with("目标") || s.starts_with("Goal") {
        s.clear();
    }
    // An indicator's 年度指标值 / 实际完成值 as written (`实际 45万元 未达目标 ≤40万元`).
    for word in [
        "年度指标值",
        "实际完成值",
        "实际 ",
        "目标 ",
        "满意度 ",
        "target ",
        "actual ",
        "显示为 ",
        "如 ",
        "lost digits (",
        "such as ",
    ] {
        let mut from = 0;
        while let Some(i) = s[from..].find(word).map(|i| i + from) {
            let start = i + word.len();
            let end = s[start..]
                .find(['，', '：', '）', ',', ')', '。', ' '])
                .map_or(s.len(), |j| start + j);
            s.replace_range(start..end, "〈〉");
            from = start;
        }
    }
    s
}

/// The byte range of a quote with no quote inside it.
fn innermost(s: &str, open: char, close: char) -> Option<(usize, usize)> {
    let end = s.find(close)?;
    let start = s[..end].rfind(open).unwrap_or(end);
    Some((start, end + close.len_utf8()))
}

/// A figure in a text: its characters and what stands right before and after it.
struct Figure<'a> {
    s: &'a str,
    before: &'a str,
    after: &'a str,
}

fn figures(text: &str) -> Vec<Figure<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && matches!(b[i - 1], b'.' | b',')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b',')) {
            i += 1;
        }
        let mut end = i;
        while end > start && matches!(b[end - 1], b'.' | b',') {
            end -= 1;
        }
        let minus = start > 0 && b[start - 1] == b'-';
        let s = &text[start - usize::from(minus)..end];
        out.push(Figure {
            s,
            before: &text[..start - usize::from(minus)],
            after: &text[end..],
        });
    }
    out
}

/// `1,288.59`: separators in groups of three, two decimals.
fn office_amount(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some((int, frac)) = s.split_once('.') else {
        return false;
    };
    let groups: Vec<&str> = int.split(',').collect();
    frac.len() == 2
        && frac.bytes().all(|c| c.is_ascii_digit())
        && groups.iter().enumerate().all(|(k, g)| {
            (1..=3).contains(&g.len())
                && (k == 0 || g.len() == 3)
                && !(k == 0 && g.len() > 1 && g.starts_with('0'))
        })
        && s != "-0.00"
}

/// A plain number with exactly two decimals (`98.98`, `9.90`).
fn two_decimals(s: &str) -> bool {
    !s.contains(',')
        && s.split_once('.')
            .is_some_and(|(i, f)| !i.is_empty() && f.len() == 2)
        && s != "-0.00"
}

/// Where a computed score stands: the program's figure, so two decimals.
const COMPUTED: [&str; 8] = [
    "复核得分",
    "应为",
    "复核总分",
    "指标得分合计",
    "reviewed",
    "Σ indicator 得分",
    "扣",
    "less",
];

/// Whether a figure stands where the program writes a score it computed: after one of
/// [`COMPUTED`], or as a sum of scores (`= 84.00 分`, `应在 84.00 至`).
fn computed_place(f: &Figure) -> bool {
    let before = f.before.trim_end();
    let count = f.after.starts_with(['处', '项', '条', '个']);
    !count && COMPUTED.iter().any(|w| before.ends_with(w))
        || before.ends_with("应在")
        || (before.ends_with('=') && f.after.trim_start().starts_with('分'))
}

/// What is wrong with a text's figures, one line per figure.
fn off_form(text: &str) -> Vec<String> {
    let s = unquoted(text);
    let mut out = Vec::new();
    for f in figures(&s) {
        let bad = |why: &str| format!("{why}: `{}`", f.s);
        let after = f.after.trim_start();
        let decimals = f.s.split_once('.').map_or(0, |(_, d)| d.len());
        if f.after.starts_with(['e', 'E']) && f.after[1..].starts_with(['+', '-']) {
            out.push(bad("scientific notation"));
        } else if decimals > 2 {
            out.push(bad("more than two decimals"));
        } else if f.s.starts_with("-0") && f.s.trim_start_matches(['-', '0', '.']).is_empty() {
            out.push(bad("negative zero"));
        } else if after.starts_with("万元") || after.starts_with("(10k yuan)") {
            if !office_amount(f.s) {
                out.push(bad("an amount not as 1,288.59万元"));
            }
        } else if after.starts_with('%') {
            if !two_decimals(f.s) {
                out.push(bad("a rate not as 98.98%"));
            }
        } else if decimals > 0
            && !f.s.contains(',')
            && f.s
                .trim_start_matches('-')
                .split('.')
                .next()
                .is_some_and(|i| i.len() > 3)
        {
            // Only an amount has decimals and four digits before them.
            out.push(bad("a large figure without thousands separators"));
        } else if computed_place(&f) && !two_decimals(f.s) && !office_amount(f.s) {
            out.push(bad("a computed score not with two decimals"));
        }
    }
    out
}

fn run(inbox: &Path, out: &Path, lang: &str) -> String {
    let o = common::run(&[
        "run",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--lang",
        lang,
    ]);
    assert!(out.join("report.json").is_file(), "{o:?}");
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn scan(all: &[Text]) -> Vec<String> {
    all.iter()
        .flat_map(|t| {
            off_form(&t.text)
                .into_iter()
                .map(move |p| format!("{}: {p}\n    {}", t.at, t.text))
        })
        .collect()
}

/// Every figure of every person-read text of a run (Chinese and English) is in the
/// office's form; the same texts hold the figures the rules compute (so the scan has
/// something to read).
#[test]
fn every_figure_a_person_reads_is_in_the_office_form() {
    let inbox = inbox();
    let tmp = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for lang in ["zh", "en"] {
        let out = tmp.path().join(lang);
        let terminal = run(inbox.path(), &out, lang);
        let mut all = texts(&out);
        push(&mut all, "terminal", terminal);
        let check = common::run(&[
            "check",
            inbox
                .path()
                .join("兰州新区应急管理局.xlsx")
                .to_str()
                .unwrap(),
            "--format",
            "text",
            "--lang",
            lang,
        ]);
        push(
            &mut all,
            "check --format text",
            String::from_utf8_lossy(&check.stdout),
        );
        let joined: String = all.iter().map(|t| t.text.as_str()).collect();
        for must in ["1,288.59", "98.98%", "1,757.96", "9.90"] {
            if !joined.contains(must) {
                problems.push(format!("{lang}: no {must} in any text"));
            }
        }
        assert!(all.len() > 500, "{lang}: only {} texts", all.len());
        problems.extend(scan(&all));
    }
    assert!(
        problems.is_empty(),
        "{} off-form figures:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The scanner finds each off-form kind that was found in the outputs before they were
/// fixed (docs/reports-fileable.md), and leaves the unit's own text alone.
#[test]
fn the_scanner_finds_each_kind_of_off_form_figure() {
    for bad in [
        "报告所列各分项 1710.18 + 35.28 + 12.5 = 1757.96 万元，与所写合计 1775.96 万元不符",
        "报告所列各分项 0 + 25 = 25 万元，与所写合计 11.61 万元不符",
        "报告写“全部项目”的全年执行数合计为 1321.15，自评表填报为 423.18万元",
        "总分填报96，应为97.00（执行率得分8 + 指标得分合计89）",
        "“亩均粮食增产”年度指标值≥50公斤，实际完成值48公斤，扣0.6分。",
        "填报值：1288.59\n复核值：1,329.41万元",
        "执行率 98.985%",
        "执行率 99%",
        "执行率 0.9898 即 97.38461538",
        "显然是以元为单位（超过 100000 万元）",
        "the stated rate 9.0e+1",
        "超出 -0.00万元",
        "全年执行数 1,275.45 (10k yuan) ÷ 1,288.5 (10k yuan)",
        "复核得分 9.9",
    ] {
        assert!(!off_form(bad).is_empty(), "not found: {bad}");
    }
    for good in [
        "年度资金总额全年预算数填报1,288.59万元，基本支出 + 项目支出1,329.41万元（741.19 + 588.22）",
        "执行率填报96.08%，应为98.98%（全年执行数1,275.45万元 ÷ 全年预算数1,288.59万元）",
        "第17行「每公里造价」得分填报 6 高于复核得分 5.00（实际 38.6万元 达到目标 ≤40万元，得满分 5）",
        "报告写“全部项目”的全年执行数合计为 1,321.15万元（原文：“全年支出1321.15万元，执行率96.1%”）",
        "“群众满意度”年度指标值≥90%，实际完成值85%，扣0.56分。偏差原因及改进措施：下一步加强宣传，满意度达95.5%。",
        "一级指标“产出指标”分值合计 45（15 + 15 + 10 + 5）≠ 政策权重 50",
        "2021年12月31日 第1轮 共 53 条 新财绩〔2021〕12号 F7",
        "项目编码以数字保存，已丢失位数（显示为 4.403062313915e+20）",
    ] {
        assert!(off_form(good).is_empty(), "{good}: {:?}", off_form(good));
    }
}

/// The text of a page (tags, scripts and styles cut), fetched from `selfeval serve` over a
/// workspace with the cookie its first line's token gives.
fn pages(ws: &Path, paths: &[&str]) -> Vec<String> {
    let mut child = common::selfeval()
        .args(["serve", "--no-open"])
        .arg(ws)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .expect(&line)
        .trim()
        .to_string();
    let port: u16 = url.split([':', '/']).nth(1).unwrap().parse().unwrap();
    let token = url.split("token=").nth(1).unwrap();
    let texts = paths
        .iter()
        .map(|p| {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            let head = format!("GET {p} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
            let cookie = format!("Cookie: selfeval_{port}={token}\r\nConnection: close\r\n\r\n");
            s.write_all((head + &cookie).as_bytes()).unwrap();
            let mut body = String::new();
            s.read_to_string(&mut body).unwrap();
            assert!(body.starts_with("HTTP/1.1 200"), "{p}: {body}");
            page_text(&body)
        })
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    texts
}

/// A page's visible text: what stands between tags, outside scripts and styles.
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push('\n');
        let tag_end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let tag = &rest[i..tag_end];
        rest = &rest[tag_end..];
        for hidden in ["script", "style"] {
            if tag.starts_with(&format!("<{hidden}")) {
                let close = format!("</{hidden}>");
                rest = rest.find(&close).map_or("", |j| &rest[j..]);
            }
        }
    }
    out
}

/// The page (web.md): the overview and a unit's page, in a workspace of the bundled inbox.
#[test]
fn the_page_writes_its_figures_in_the_office_form() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    common::assert_exit(&common::run(&["init", w, "--year", "2021"]), 0);
    common::copy_tree(&common::fixtures().join("inbox"), &ws.join("收件箱"));
    common::run(&["run", w]);
    let unit =
        "/unit/%E5%85%B0%E5%B7%9E%E6%96%B0%E5%8C%BA%E5%BA%94%E6%80%A5%E7%AE%A1%E7%90%86%E5%B1%80";
    let texts = pages(&ws, &["/", unit]);
    let joined = texts.join("\n");
    assert!(joined.contains("98.98%"), "{joined}");
    let problems: Vec<String> = joined.lines().flat_map(off_form).collect();
    assert!(problems.is_empty(), "{problems:?}");
}
