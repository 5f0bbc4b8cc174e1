//! The pages, rendered here as HTML. Every text that comes from an input (unit, file and
//! table names, messages, settings) goes through [`esc`]; nothing from an input is ever
//! placed in a script, a style or an attribute unescaped.

use super::text::Tr;
use super::{download::pct, workspace, App};
use crate::campaign::history::{self, History};
use crate::diag::Lang;
use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rust_decimal::Decimal;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Escapes text for HTML content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The address of a unit's page.
pub fn unit_href(name: &str) -> String {
    format!("/unit/{}", pct(name))
}

/// An error page in the page's language with its status (also for the security layer's
/// refusals); `message` is a key of the texts' table.
pub fn error(tr: Tr, status: StatusCode, message: &'static str) -> Response {
    error_text(tr, status, tr.t(message))
}

/// An error page whose message is already in the page's language.
pub fn error_text(tr: Tr, status: StatusCode, message: &str) -> Response {
    error_page(tr, status, message, true)
}

/// An error page, with the link back to the overview when following it can succeed.
pub fn error_page(tr: Tr, status: StatusCode, message: &str, back: bool) -> Response {
    let back = if back {
        format!("<p><a href=\"/\">{}</a></p>", tr.t("返回总览"))
    } else {
        String::new()
    };
    let body = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main class=\"narrow\">\
         <h1>{title}</h1><p class=\"error\">{}</p>{back}</main></body></html>",
        esc(message),
        lang = tr.html_lang(),
        title = tr.t("无法完成"),
    );
    (status, Html(body)).into_response()
}

/// Anything the router does not know.
pub async fn not_found(tr: Tr) -> Response {
    error(tr, StatusCode::NOT_FOUND, "没有这个页面。")
}

/// The language switch: a plain link to the same page with `?lang=`, which the security
/// layer answers with a cookie of the browser and a redirect (nothing changes on the
/// server). Each language is named in itself.
fn switch(tr: Tr) -> String {
    let mut s = format!("<span class=\"lang\" title=\"{}\">", tr.t("语言"));
    for (code, name, lang) in [("zh", "中文", Lang::Zh), ("en", "English", Lang::En)] {
        let cls = if tr.0 == lang {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<a href=\"?lang={code}\" hreflang=\"{code}\"{cls}>{name}</a>"
        );
    }
    s.push_str("</span>");
    s
}

/// The frame of every page: the menu, the language switch, the progress line, the content.
/// `title` is shown as it is (escaped); `active` is the key of the menu entry.
fn layout(app: &App, tr: Tr, title: &str, active: &str, body: &str) -> Response {
    let mut nav = String::new();
    for (href, key) in [
        ("/", "总览"),
        ("/upload", "上传"),
        ("/files", "文件"),
        ("/settings", "设置"),
    ] {
        let cls = if key == active {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(nav, "<a href=\"{href}\"{cls}>{}</a>", tr.t(key));
    }
    let dir = app.dir();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"csrf\" content=\"{csrf}\"><title>{title} · {site}</title>\
         <link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/app.css\"><script src=\"/assets/app.js\" defer></script>\
         <script type=\"application/json\" id=\"texts\">{texts}</script></head>\
         <body><header><span class=\"brand\">{brand}</span><nav>{nav}</nav>\
         <span class=\"where\" title=\"{where_}\">{dir}</span>{switch}</header>\
         <div id=\"progress\" class=\"progress\" data-seen=\"{seen}\" hidden></div><main>{body}</main>\
         <footer>{footer}</footer></body></html>",
        lang = tr.html_lang(),
        csrf = app.keys.csrf,
        title = esc(title),
        site = tr.t("绩效自评审核"),
        texts = tr.script_json(),
        brand = tr.t("预算绩效自评审核"),
        where_ = tr.t("工作区文件夹"),
        dir = esc(&dir.display().to_string()),
        switch = switch(tr),
        // The commands finished when this page was made: a command that ends before the
        // page's event stream connects still reloads it (app.js).
        seen = app.jobs.state.borrow().finished,
        footer = tr.t("本页面只在本机运行，文件不会离开这台电脑。检查一次只运行一项，其余依次排队。"),
    );
    Html(html).into_response()
}

/// A POST form of one button.
fn button_form(
    app: &App,
    action: &str,
    label: &str,
    hidden: &[(&str, &str)],
    confirm: Option<&str>,
) -> String {
    let mut fields = String::new();
    for (k, v) in hidden {
        let _ = write!(
            fields,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(k),
            esc(v)
        );
    }
    let confirm = confirm
        .map(|c| format!(" data-confirm=\"{}\"", esc(c)))
        .unwrap_or_default();
    format!(
        "<form method=\"post\" action=\"{action}?csrf={}\" class=\"inline\"{confirm}>{fields}<button type=\"submit\">{label}</button></form>",
        app.keys.csrf
    )
}

/// A download link by issued id, when the file exists.
fn download_link(app: &App, tr: Tr, label: &str, path: &Path) -> String {
    download_link_as(app, tr, label, path, None)
}

/// A download link saved under `name` rather than the file's own name.
fn download_link_as(app: &App, tr: Tr, label: &str, path: &Path, name: Option<String>) -> String {
    if !path.is_file() {
        return format!(
            "<span class=\"missing\" title=\"{}\">{}</span>",
            tr.t("尚未生成"),
            esc(label)
        );
    }
    let id = app.downloads.issue(path, name);
    format!("<a class=\"download\" href=\"/dl/{id}\">{}</a>", esc(label))
}

/// The status of a unit (campaign.md §5) in the page's language.
pub fn status_text(tr: Tr, status: &str, round: Option<u64>) -> String {
    match status {
        "not-received" => tr.t("未报送").into(),
        "pending" => tr.t("待审核").into(),
        "returned" => tr.f("已退回（第{0}轮）", &[&round.unwrap_or(1)]),
        "resubmitted" => tr.t("已重新报送").into(),
        "passed" => tr.t("通过").into(),
        other => other.into(),
    }
}

fn text<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn num(v: &Value, k: &str) -> u64 {
    v.get(k).and_then(Value::as_u64).unwrap_or(0)
}

fn dec(v: Option<&Value>) -> Option<Decimal> {
    v?.as_str()?.parse().ok()
}

/// The report's entries of a unit's counting files.
fn unit_files_of<'a>(report: &'a Value, unit: &Value) -> Vec<&'a Value> {
    let files: Vec<&str> = unit["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| files.contains(&text(f, "path")))
        .collect()
}

/// The counting tables of a unit: those of its counting files that count.
fn unit_tables<'a>(report: &'a Value, unit: &Value) -> Vec<(&'a Value, &'a Value)> {
    unit_files_of(report, unit)
        .into_iter()
        .flat_map(|f| {
            f["tables"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |t| (f, t))
        })
        .filter(|(_, t)| t["counts"].as_bool().unwrap_or(true))
        .collect()
}

/// Whether a table is an unfilled one (`table-blank`).
fn is_blank(t: &Value) -> bool {
    has_code(t, "table-blank")
}

/// Whether a table has a finding of `code`.
fn has_code(t: &Value, code: &str) -> bool {
    t["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x["code"] == code))
}

/// Whether a table counts (campaign.md §4).
fn counts(t: &Value) -> bool {
    t["counts"].as_bool().unwrap_or(true)
}

/// The findings of a file that count for its unit, as summary.xlsx's 文件清单 counts them:
/// not those of an older copy or another year's table (state `superseded`).
fn counted(f: &Value) -> Vec<&Value> {
    let tables = f["tables"].as_array().into_iter().flatten();
    let of_tables = tables.flat_map(|t| t["findings"].as_array().into_iter().flatten());
    (f["findings"].as_array().into_iter().flatten())
        .chain(of_tables)
        .filter(|x| text(x, "state") != "superseded")
        .collect()
}

/// Why a file does not count, in 文件清单's words (`已被替代（以 FILE 为准）`, `非本年度`),
/// and whether pinning it could make it count (another year's cannot); `None` when it
/// counts. A file counts when one of its tables does, or, without tables, when its own
/// findings are not an older copy's.
fn standing(tr: Tr, dir: &Path, r: &Value, f: &Value) -> Option<(String, bool)> {
    let tables: Vec<&Value> = f["tables"].as_array().into_iter().flatten().collect();
    if tables.iter().any(|t| counts(t)) {
        return None;
    }
    if tables.is_empty() {
        let own: Vec<&Value> = f["findings"].as_array().into_iter().flatten().collect();
        let gone = !own.is_empty() && own.iter().all(|x| text(x, "state") == "superseded");
        return gone.then(|| (tr.t("已被替代").to_string(), true));
    }
    let Some(older) = tables.iter().find(|t| !has_code(t, "year-mismatch")) else {
        return Some((tr.t("非本年度").to_string(), false));
    };
    let by = (older["superseded_by"].as_str())
        .map(|by| listed_path(r, by))
        .or_else(|| counting_copy(r, f, older));
    let said = match by {
        Some(by) => tr.f("已被替代（以 {0} 为准）", &[&esc(&rel(dir, by))]),
        None => tr.t("已被替代").to_string(),
    };
    Some((said, true))
}

/// The path report.json lists for a file named as 文件清单 names it (relative to the folder
/// all inputs share): the shortest listed path ending in it, as every path shares that
/// folder; the name itself when none does.
fn listed_path<'a>(r: &'a Value, shown: &'a str) -> &'a str {
    let paths = (r["files"].as_array().into_iter().flatten()).map(|g| text(g, "path"));
    let tail = |p: &str| {
        let p = p.replace('\\', "/");
        p == shown || p.ends_with(&format!("/{shown}"))
    };
    paths
        .filter(|p| tail(p))
        .min_by_key(|p| p.len())
        .unwrap_or(shown)
}

/// The file holding the copy of table `t` (of file `f`) that counts: same kind and name.
fn counting_copy<'a>(r: &'a Value, f: &Value, t: &Value) -> Option<&'a str> {
    let same = |c: &Value| counts(c) && c["kind"] == t["kind"] && c["name"] == t["name"];
    let files = r["files"]
        .as_array()?
        .iter()
        .filter(|g| g["path"] != f["path"]);
    let mut holding = files.filter(|g| g["tables"].as_array().into_iter().flatten().any(same));
    holding.next().map(|g| text(g, "path"))
}

/// The mean of a figure over tables, shown with two decimals (`—` when none states it).
fn mean(values: impl Iterator<Item = Option<Decimal>>) -> String {
    let v: Vec<Decimal> = values.flatten().collect();
    if v.is_empty() {
        return "—".into();
    }
    let sum = v
        .iter()
        .fold(Decimal::ZERO, |a, b| a.checked_add(*b).unwrap_or(a));
    fixed2(sum / Decimal::from(v.len()))
}

/// A unit's execution rate as 汇总 gives it (aggregate::unit_figures): its money is its
/// department tables' 年度资金总额 when it has any (the whole budget), else the sum over
/// its tables. The mean of the tables' rates it showed before (91.47% for 兰州新区应急管理局,
/// whose 汇总 says 98.98%) is no figure of any output.
fn unit_rate(tables: &[(&Value, &Value)]) -> Option<Decimal> {
    let dept = |t: &Value| text(t, "kind") == "department";
    let has_dept = tables.iter().any(|(_, t)| dept(t));
    let money = tables
        .iter()
        .filter(|(_, t)| !has_dept || dept(t))
        .map(|(_, t)| {
            let rows = t.pointer("/funds/rows").and_then(Value::as_array);
            let total = rows.into_iter().flatten().find(|r| r["role"] == "total");
            crate::aggregate::Money {
                budget: total.and_then(|r| dec(r.get("budget"))),
                executed: total.and_then(|r| dec(r.get("executed"))),
            }
        });
    crate::aggregate::Money::sum(money).rate()
}

/// A figure with two decimals always, so that a column of them lines up (`90.00`, not
/// `90.0` under `82.61`).
fn fixed2(d: Decimal) -> String {
    // The one formatter (reports.md "Ready to file"): rounded half away from zero as in
    // every document and workbook, not the banker's rounding of `round_dp`.
    crate::model::document::computed_score(d)
}

/// A rate as a percentage with two decimals (`—` when it is too large to show).
fn percent_text(rate: Decimal) -> String {
    rate.checked_mul(Decimal::ONE_HUNDRED)
        .map_or_else(|| "—".into(), |p| format!("{}%", fixed2(p)))
}

/// 总览: the year, the last run, the buttons, the downloads and the roster.
pub async fn overview(State(app): State<Arc<App>>, tr: Tr) -> Response {
    let dir = app.dir();
    if !workspace::is_workspace(&dir) {
        return init_page(&app, tr, &dir);
    }
    let title = workspace::settings_values(&dir)
        .into_iter()
        .find(|(k, _)| k == "年度")
        .map(|(_, v)| tr.f("{0}年度 预算绩效自评审核", &[&v]))
        .unwrap_or_else(|| tr.t("预算绩效自评审核").into());
    let mut b = format!("<h1>{}</h1>", esc(&title));
    let report = workspace::report_overview(&dir);
    match &report {
        Some((_, when)) => {
            let secs = when
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let _ = write!(
                b,
                "<p class=\"meta\">{}<time data-epoch=\"{secs}\">{secs}</time></p>",
                tr.t("上次检查：")
            );
        }
        None => {
            let _ = write!(
                b,
                "<p class=\"meta\">{}</p>",
                tr.t("尚未检查。请先上传各单位报送的文件。")
            );
        }
    }
    b.push_str(&rounds_line(tr, &dir));
    b.push_str(&overview_actions(&app, tr));
    b.push_str(&overview_downloads(&app, tr, &dir));
    b.push_str(&kept_edits(&app, tr, &dir));
    if let Some((r, _)) = &report {
        b.push_str(&counts_line(tr, r));
        b.push_str(&roster_table(tr, r));
    }
    layout(&app, tr, tr.t("总览"), "总览", &b)
}

fn overview_actions(app: &App, tr: Tr) -> String {
    let confirm =
        tr.t("确定向有问题的单位发出审核意见吗？意见书和退回工作簿将存入归档，编号后不能收回。");
    format!(
        "<div class=\"actions\"><a class=\"button primary\" href=\"/upload\">{}</a>{}{}</div>",
        tr.t("上传文件"),
        button_form(app, "/run", tr.t("重新检查"), &[], None),
        button_form(app, "/issue", tr.t("发出审核意见"), &[], Some(confirm)),
    )
}

/// Which round the campaign is in: the rounds issued, each with its date and units.
fn rounds_line(tr: Tr, dir: &Path) -> String {
    let rounds = workspace::rounds(dir);
    if rounds.is_empty() {
        return format!("<p class=\"rounds\">{}</p>", tr.t("尚未发出审核意见。"));
    }
    let each: Vec<String> = rounds
        .iter()
        .map(|r| {
            tr.f(
                "第{0}轮（{1}，{2} 个单位）",
                &[&r.number, &esc(&r.date), &r.units],
            )
        })
        .collect();
    let line = tr.f(
        "已发出审核意见 {0} 轮：{1}。",
        &[&rounds.len(), &each.join(tr.t("、"))],
    );
    format!("<p class=\"rounds\">{line}</p>")
}

fn overview_downloads(app: &App, tr: Tr, dir: &Path) -> String {
    let res = workspace::folders(dir).results;
    let bureau = res.join("reports").join("汇总报告（初稿）.docx");
    format!(
        "<div class=\"downloads\">{}{}{}{}</div>",
        tr.t("下载："),
        download_link(app, tr, tr.t("汇总工作簿"), &res.join("summary.xlsx")),
        download_link(app, tr, tr.t("问题清单"), &res.join("findings.xlsx")),
        download_link(app, tr, tr.t("汇总报告"), &bureau),
    )
}

/// The outputs the officer changed, which runs moved to `结果/已修改/` (campaign.md §8: the
/// page says so, as the terminal does), each a download of what the officer wrote: the
/// newest [`KEPT_SHOWN`], and how many more the folder holds (a campaign's edits add up).
fn kept_edits(app: &App, tr: Tr, dir: &Path) -> String {
    let kept = workspace::folders(dir)
        .results
        .join(crate::campaign::view::EDITED);
    let mut files: Vec<(std::cmp::Reverse<Option<std::time::SystemTime>>, PathBuf)> =
        walkdir::WalkDir::new(&kept)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let when = e.metadata().ok().and_then(|m| m.modified().ok());
                (std::cmp::Reverse(when), e.into_path())
            })
            .collect();
    if files.is_empty() {
        return String::new();
    }
    files.sort();
    let links: Vec<String> = files
        .iter()
        .take(KEPT_SHOWN)
        .map(|(_, f)| {
            let name = f
                .strip_prefix(&kept)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            download_link(app, tr, &name, f)
        })
        .collect();
    let line = tr.f(
        "你修改过的 {0} 个结果文件已保留在“已修改”文件夹中：",
        &[&files.len()],
    );
    let more = match files.len().saturating_sub(KEPT_SHOWN) {
        0 => String::new(),
        n => tr.f("，及另外 {0} 个（较早的，见“结果/已修改”文件夹）", &[&n]),
    };
    format!(
        "<p class=\"kept\">{line}{}{more}</p>",
        links.join(tr.t("、"))
    )
}

/// The kept edits 总览 links to, newest first; the rest are counted.
const KEPT_SHOWN: usize = 10;

fn counts_line(tr: Tr, r: &Value) -> String {
    let units = r["units"].as_array().cloned().unwrap_or_default();
    let count = |s: &str| units.iter().filter(|u| text(u, "status") == s).count();
    let errors: u64 = units.iter().map(|u| num(u, "errors")).sum();
    let warnings: u64 = units.iter().map(|u| num(u, "warnings")).sum();
    let line = tr.f(
        "<b>{0}</b> 个单位：通过 <b>{1}</b>，待审核 <b>{2}</b>，已退回 <b>{3}</b>，已重新报送 <b>{4}</b>，未报送 <b>{5}</b>；错误 <b class=\"err\">{6}</b> 个，警告 <b class=\"warn\">{7}</b> 个。",
        &[
            &units.len(),
            &count("passed"),
            &count("pending"),
            &count("returned"),
            &count("resubmitted"),
            &count("not-received"),
            &errors,
            &warnings,
        ],
    );
    format!("<p class=\"counts\">{line}</p>")
}

/// A header row: each key in the page's language, `n` for a column of figures.
fn head(tr: Tr, cols: &[(&'static str, bool)]) -> String {
    let mut s = String::from("<thead><tr>");
    for (key, n) in cols {
        let cls = if *n { " class=\"n\"" } else { "" };
        let _ = write!(s, "<th{cls}>{}</th>", tr.t(key));
    }
    s.push_str("</tr></thead>");
    s
}

fn roster_table(tr: Tr, r: &Value) -> String {
    let mut t = String::from("<table class=\"roster sortable\">");
    t.push_str(&head(
        tr,
        &[
            ("单位", false),
            ("状态", false),
            ("文件", true),
            ("表", true),
            ("错误", true),
            ("警告", true),
            ("已改正", true),
            ("仍存在", true),
            ("新出现", true),
            ("执行率", true),
            ("复核平均分", true),
        ],
    ));
    t.push_str("<tbody>");
    for u in r["units"].as_array().into_iter().flatten() {
        t.push_str(&roster_row(tr, r, u));
    }
    let _ = write!(
        t,
        "</tbody></table><p class=\"hint\">{}</p>",
        tr.t("点击表头可排序；点击单位名称查看其文件、问题和下载。")
    );
    t
}

fn roster_row(tr: Tr, r: &Value, u: &Value) -> String {
    let name = text(u, "name");
    let status = text(u, "status");
    let tables = unit_tables(r, u);
    let rate = unit_rate(&tables).map_or_else(|| "—".into(), percent_text);
    // A blank table is never averaged (reports.md "A blank table").
    let graded = tables.iter().filter(|(_, t)| !is_blank(t));
    let score = mean(graded.map(|(_, t)| dec(t.pointer("/total/score"))));
    let files = u["files"].as_array().map_or(0, Vec::len);
    format!(
        "<tr class=\"st-{st}\"><td><a href=\"{href}\">{n}</a></td><td>{s}</td><td class=\"n\">{files}</td><td class=\"n\">{tb}</td>\
         {e}{w}<td class=\"n\">{f}</td><td class=\"n\">{rm}</td><td class=\"n\">{nw}</td>\
         <td class=\"n\">{rate}</td><td class=\"n\">{score}</td></tr>",
        st = esc(status),
        href = esc(&unit_href(name)),
        n = esc(name),
        s = esc(&status_text(tr, status, u["round"].as_u64())),
        tb = num(u, "tables"),
        e = count_cell(num(u, "errors"), "err"),
        w = count_cell(num(u, "warnings"), "warn"),
        f = num(u, "fixed"),
        rm = num(u, "remaining"),
        nw = num(u, "new"),
    )
}

/// The first screen on a folder that is not yet a workspace.
fn init_page(app: &App, tr: Tr, dir: &Path) -> Response {
    let intro = tr.f(
        "文件夹 <b>{0}</b> 还不是工作区。建立后会在其中生成 selfeval.toml（设置）、单位名单.xlsx、收件箱、结果、归档等文件夹，已有文件不会被改动。",
        &[&esc(&dir.display().to_string())],
    );
    // The year under review is asked here (`init --year`): made for last year without
    // it, every table of the year reviewed would be another year's.
    let last_year = crate::campaign::now().1 .0 - 1;
    let b = format!(
        "<h1>{h}</h1><p>{intro}</p><form method=\"post\" action=\"/init?csrf={csrf}\" class=\"card\">\
         <label for=\"year\">{year}</label><input id=\"year\" name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" value=\"{last_year}\">\
         <span class=\"hint\">{year_hint}</span>\
         <button type=\"submit\" name=\"where\" value=\"here\">{here}</button></form>\
         <form method=\"post\" action=\"/init?csrf={csrf}\" class=\"card\"><label for=\"path\">{other}</label>\
         <input id=\"path\" name=\"path\" type=\"text\" placeholder=\"{ph}\">\
         <label for=\"year2\">{year}</label><input id=\"year2\" name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" value=\"{last_year}\">\
         <button type=\"submit\">{there}</button></form>",
        h = tr.t("建立工作区"),
        year = tr.t("年度"),
        year_hint = tr.t("本次审核的自评年度，以后可在“设置”中修改。"),
        here = tr.t("在此文件夹建立工作区"),
        csrf = app.keys.csrf,
        other = tr.t("或在另一个文件夹建立（填写完整路径）"),
        ph = esc(tr.t("D:\\绩效自评\\2021年度")),
        there = tr.t("在该文件夹建立工作区"),
    );
    layout(app, tr, tr.t("建立工作区"), "总览", &b)
}

/// 上传: the drop zone feeding an `<input type="file" multiple>`; uploading starts at once.
pub async fn upload(State(app): State<Arc<App>>, tr: Tr) -> Response {
    let l = app.limits;
    let limits = tr.f(
        "每个文件不超过 {0}，每次不超过 {1}、{2} 个文件。与已收到文件内容相同的不会重复保存；同名文件会加上“(2)”等编号，两份都保留。",
        &[
            &super::upload::human(tr, l.file),
            &super::upload::human(tr, l.request),
            &l.files,
        ],
    );
    let b = format!(
        "<h1>{h}</h1><p>{intro}</p>\
         <label class=\"dropzone\" id=\"dropzone\" for=\"files\"><span>{drop}</span>\
         <input type=\"file\" id=\"files\" name=\"files\" multiple></label>\
         <p class=\"hint\">{limits}</p><ul id=\"results\" class=\"results\"></ul>",
        h = tr.t("上传文件"),
        intro = tr.t("把各单位报送的文件（工作簿 .xlsx、.xls、.et 等，自评报告 .docx，或打包的 .zip，可一次多个）拖到下面的方框里，或点击方框选择文件。选择后立即上传，上传结束后自动开始检查。"),
        drop = tr.t("把文件拖到这里，或点击选择文件"),
    );
    layout(&app, tr, tr.t("上传"), "上传", &b)
}

/// 单位: its files, tables, findings, rounds and downloads.
pub async fn unit(State(app): State<Arc<App>>, tr: Tr, UrlPath(name): UrlPath<String>) -> Response {
    let dir = app.dir();
    let Some(r) = workspace::report_of_unit(&dir, &name) else {
        return error(tr, StatusCode::NOT_FOUND, "尚未检查，没有单位信息。");
    };
    let Some(u) = r["units"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| text(u, "name") == name)
    else {
        return error(tr, StatusCode::NOT_FOUND, "没有这个单位。");
    };
    let meta = tr.f(
        "状态：<b>{0}</b>　错误 {1}　警告 {2}　已改正 {3}　仍存在 {4}　新出现 {5}",
        &[
            &esc(&status_text(tr, text(u, "status"), u["round"].as_u64())),
            &num(u, "errors"),
            &num(u, "warnings"),
            &num(u, "fixed"),
            &num(u, "remaining"),
            &num(u, "new"),
        ],
    );
    let mut b = format!(
        "<p class=\"crumb\"><a href=\"/\">{}</a> › {}</p><h1>{}</h1><p class=\"meta\">{meta}</p>",
        tr.t("总览"),
        tr.t("单位|crumb"),
        esc(&name),
    );
    b.push_str(&unit_downloads(&app, tr, &dir, &name));
    b.push_str(&unit_issue(&app, tr, u));
    let messages = Messages {
        tr,
        same: workspace::english(&dir) == (tr.0 == Lang::En),
    };
    b.push_str(&unit_files(&app, tr, &dir, &r, u));
    b.push_str(&unit_tables_html(tr, &r, u));
    b.push_str(&unit_findings(&messages, &r, u, &dir));
    b.push_str(&fixed_list(&messages, &r, u));
    layout(&app, tr, &name, "总览", &b)
}

/// `issue --units {unit}` from the unit's page: the opinions to this unit alone (a unit
/// ready before the others, or one that answered late), when anything of it was received.
fn unit_issue(app: &App, tr: Tr, u: &Value) -> String {
    let name = text(u, "name");
    if u["files"].as_array().is_none_or(Vec::is_empty) {
        return String::new();
    }
    let confirm = tr.f(
        "确定只向{0}发出审核意见吗？意见书和退回工作簿将存入归档，编号后不能收回。",
        &[&name],
    );
    format!(
        "<div class=\"actions\">{}</div>",
        button_form(
            app,
            "/issue",
            tr.t("只向本单位发出审核意见"),
            &[("unit", name)],
            Some(&confirm)
        )
    )
}

fn unit_downloads(app: &App, tr: Tr, dir: &Path, name: &str) -> String {
    let mut b = format!("<h2>{}</h2><div class=\"downloads\">", tr.t("下载"));
    let current = workspace::unit_downloads(dir, name);
    if current.is_empty() {
        let _ = write!(
            b,
            "<span class=\"missing\">{}</span>",
            tr.t("尚无退回工作簿或审核意见书")
        );
    }
    // Saved as `{单位} {what it is}.ext`: the unit's letters all have one file name.
    let stem = workspace::unit_stem(name);
    let link = |label: &str, path: &Path| {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy())
            .unwrap_or_default();
        let saved = format!("{stem} {label}.{ext}");
        download_link_as(app, tr, label, path, Some(saved))
    };
    for (key, path) in &current {
        b.push_str(&link(tr.t(key), path));
    }
    for (round, key, path) in workspace::archived_downloads(dir, name) {
        b.push_str(&link(&tr.f(key, &[&round]), &path));
    }
    b.push_str("</div>");
    b
}

fn rel(dir: &Path, p: &str) -> String {
    let inbox = workspace::folders(dir).inbox;
    Path::new(p)
        .strip_prefix(&inbox)
        .map(|x| x.display().to_string())
        .unwrap_or_else(|_| p.to_string())
}

fn unit_files(app: &App, tr: Tr, dir: &Path, r: &Value, u: &Value) -> String {
    let name = text(u, "name");
    let mut s = format!(
        "<h2>{}</h2><table>{}<tbody>",
        tr.t("文件"),
        head(tr, &[("文件", false), ("状态", false), ("", false)])
    );
    let paths = |k: &str| {
        let listed = u[k].as_array().into_iter().flatten();
        listed.filter_map(Value::as_str).collect::<Vec<_>>()
    };
    let entry = |p: &str| r["files"].as_array()?.iter().find(|f| text(f, "path") == p);
    let pinned = History::pinned_paths(&dir.join(history::FILE));
    for f in paths("files") {
        // A copy the officer chose (以此为准) says so and offers the way back, which was
        // `selfeval pin --remove` in a terminal only.
        let pin = pinned.contains(&rel(dir, f).replace('\\', "/"));
        let status = counting_status(tr, entry(f), pin);
        let undo = if pin {
            let hidden = [("file", f), ("unit", name), ("remove", "1")];
            button_form(app, "/pin", tr.t("取消以此为准"), &hidden, None)
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{status}</td><td>{undo}</td></tr>",
            esc(&rel(dir, f)),
        );
    }
    for f in paths("superseded") {
        let standing = entry(f).and_then(|e| standing(tr, dir, r, e));
        let (said, pinnable) = standing.unwrap_or_else(|| (tr.t("已被替代").into(), true));
        // Another year's table never counts: choosing it would change nothing.
        let pin = if pinnable {
            let hidden = [("file", f), ("unit", name)];
            button_form(app, "/pin", tr.t("以此为准"), &hidden, None)
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<tr class=\"superseded\"><td>{}</td><td>{said}</td><td>{pin}</td></tr>",
            esc(&rel(dir, f)),
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// How a counting file of a unit is said: as 文件清单 says it, and whether the officer
/// pinned it.
fn counting_status(tr: Tr, e: Option<&Value>, pinned: bool) -> String {
    // A table of a counting file may not count (an older copy, another year's): said
    // here as 文件清单 says it, or the table would be missing from the unit unexplained.
    let left = e.map_or(0, |e| {
        let tables = e["tables"].as_array().into_iter().flatten();
        tables.filter(|t| !counts(t)).count()
    });
    // A file that could not be read still stands for its unit (its error counts) but
    // holds nothing: said as 文件清单 says it, not `计入`.
    let unreadable = e.is_some_and(|e| text(e, "status") == "unreadable");
    match (left, pinned) {
        _ if unreadable => tr.t("无法读取").to_string(),
        (0, false) => tr.t("计入").to_string(),
        (0, true) => tr.t("计入（已指定以此为准）").to_string(),
        (n, false) => tr.f("计入（其中 {0} 张表为旧副本或非本年度，未计入）", &[&n]),
        (n, true) => tr.f(
            "计入（已指定以此为准；其中 {0} 张表为旧副本或非本年度，未计入）",
            &[&n],
        ),
    }
}

fn kind_key(k: &str) -> Option<&'static str> {
    Some(match k {
        "project" => "项目支出",
        "department" => "部门整体",
        "transfer" => "转移支付",
        "declaration" => "申报表",
        _ => return None,
    })
}

fn kind_text(tr: Tr, k: &str) -> String {
    kind_key(k).map_or_else(|| esc(k), |key| tr.t(key).to_string())
}

/// A grade (`优` … as report.json writes it) in the page's language.
fn grade_text(tr: Tr, g: &str) -> String {
    let key = crate::model::Grade::ALL
        .iter()
        .map(|grade| grade.as_str())
        .find(|k| *k == g);
    key.map_or_else(|| esc(g), |k| tr.t(k).to_string())
}

fn pct_of(v: Option<&Value>) -> String {
    dec(v).map_or_else(|| "—".into(), percent_text)
}

/// A score as the others in its column (two decimals); a text that is no number as it is.
fn score_of(v: Option<&Value>) -> String {
    match (dec(v), v.and_then(Value::as_str)) {
        (Some(d), _) => fixed2(d),
        (None, Some(s)) => esc(s),
        (None, None) => "—".into(),
    }
}

fn unit_tables_html(tr: Tr, r: &Value, u: &Value) -> String {
    let mut s = format!("<h2>{}</h2>", tr.t("表"));
    let tables = unit_tables(r, u);
    if tables.is_empty() {
        let none = if u["files"].as_array().is_none_or(Vec::is_empty) {
            "尚未收到这个单位的文件。"
        } else {
            "这个单位的文件中没有读到表。"
        };
        let _ = write!(s, "<p>{}</p>", tr.t(none));
        return s;
    }
    s.push_str("<table class=\"tables\">");
    s.push_str(&head(
        tr,
        &[
            ("种类", false),
            ("名称", false),
            ("填报执行率", true),
            ("复核执行率", true),
            ("填报得分", true),
            ("复核得分", true),
            ("填报等级", false),
            ("复核等级", false),
        ],
    ));
    s.push_str("<tbody>");
    for (_, t) in tables {
        let g = |k: &str| t.pointer(k).and_then(Value::as_str).unwrap_or("—");
        // A blank table is shown as blank, never scored 0 and 差 (reports.md "A blank
        // table"), as the unit's letter shows it.
        let (score, grade) = if is_blank(t) {
            ("—".to_string(), tr.t("空白表").to_string())
        } else {
            (
                score_of(t.pointer("/total/score")),
                grade_text(tr, g("/grade/reviewed")),
            )
        };
        let _ = write!(
            s,
            "<tr><td class=\"kind\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{score}</td><td>{}</td><td>{grade}</td></tr>",
            kind_text(tr, text(t, "kind")),
            esc(text(t, "name")),
            pct_of(t.pointer("/execution/rate_stated")),
            pct_of(t.pointer("/execution/rate")),
            score_of(t.pointer("/total/score_stated")),
            grade_text(tr, g("/grade/stated")),
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn state_key(s: &str) -> Option<&'static str> {
    Some(match s {
        "new" => "新出现",
        "remaining" => "仍存在",
        "superseded" => "已被替代",
        "fixed" => "已改正",
        _ => return None,
    })
}

/// How findings' messages are shown: report.json holds them in the workspace's language
/// (the language its run wrote); a page in the other one names the rule in its own
/// language instead, with the figures.
struct Messages {
    tr: Tr,
    same: bool,
}

impl Messages {
    fn of(&self, x: &Value) -> String {
        if self.same {
            return esc(text(x, "message"));
        }
        let Some(code) = crate::diag::Code::parse(text(x, "code")) else {
            return esc(text(x, "message"));
        };
        let mut s = esc(code.rule().name(self.tr.0));
        if let (Some(e), Some(f)) = (x["expected"].as_str(), x["found"].as_str()) {
            // Shown as the outputs show them: a rate as a percent, not the fraction held.
            let kind = crate::diag::FigureKind::of(code);
            let (e, f) = (kind.show_computed(e, self.tr.0), kind.show(f, self.tr.0));
            // A grade is a word of the page's language (`Good`), as in its tables.
            let word = |v: String| match crate::model::Grade::parse(&v) {
                Some(g) => self.tr.t(g.as_str()).to_string(),
                None => v,
            };
            let (e, f) = (word(e), word(f));
            s.push_str(&esc(&self.tr.f("（应为 {0}，填报为 {1}）", &[&e, &f])));
        } else if let (Some(l), Some(f)) = (x["limit"].as_str(), x["found"].as_str()) {
            // A bound the rule compared with (rules.md "Expected and found"): a limit, never
            // shown as what the figure should be.
            let kind = crate::diag::FigureKind::of(code);
            let (l, f) = (kind.show_computed(l, self.tr.0), kind.show(f, self.tr.0));
            s.push_str(&esc(&self.tr.f("（阈值 {0}，填报为 {1}）", &[&l, &f])));
        }
        s
    }
}

/// The errors and warnings of a file or a table (infos are the officer's notes, not
/// problems).
fn problems(findings: &Value) -> Vec<&Value> {
    findings
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| text(x, "severity") != "info")
        .collect()
}

/// The unit's problems: first those of its counting files as files (a file that cannot be
/// read has no table, and its error is the unit's only one), then each table's.
fn unit_findings(m: &Messages, r: &Value, u: &Value, dir: &Path) -> String {
    let tr = m.tr;
    let mut s = format!("<h2>{}</h2>", tr.t("问题"));
    let mut any = false;
    let mut group = |title: String, f: &Value, found: Vec<&Value>| {
        if found.is_empty() {
            return;
        }
        any = true;
        let heads = [
            ("状态", false),
            ("严重程度", false),
            ("位置", false),
            ("说明", false),
        ];
        let _ = write!(
            s,
            "<h3>{title}</h3><table class=\"findings\">{}<tbody>",
            head(tr, &heads)
        );
        for x in found {
            s.push_str(&finding_row(m, dir, f, x));
        }
        s.push_str("</tbody></table>");
    };
    for f in unit_files_of(r, u) {
        let title = format!("{} · {}", tr.t("文件"), esc(&rel(dir, text(f, "path"))));
        group(title, f, problems(&f["findings"]));
    }
    for (f, t) in unit_tables(r, u) {
        let kind = kind_text(tr, text(t, "kind"));
        let title = format!("{kind} · {}", esc(text(t, "name")));
        group(title, f, problems(&t["findings"]));
    }
    if !any {
        let _ = write!(s, "<p>{}</p>", tr.t("没有错误或警告。"));
    }
    s
}

fn finding_row(m: &Messages, dir: &Path, f: &Value, x: &Value) -> String {
    let tr = m.tr;
    let sev = if text(x, "severity") == "error" {
        tr.t("错误|severity")
    } else {
        tr.t("警告|severity")
    };
    // A file's own finding has no sheet: its place is the file.
    let file = rel(dir, text(f, "path"));
    // A Word document's table is named as the letters name it (`文档第1个表格`).
    let path = text(f, "path");
    let sheet = text(x, "sheet");
    let word = crate::render::place::word_table(path, sheet).is_some();
    let shown = || crate::render::place::sheet_place(path, sheet, tr.0);
    let place = match (sheet, text(x, "cell")) {
        ("", _) => file,
        (_, "") if word => format!("{file} › {}", shown()),
        (sheet, "") => format!("{file} › {sheet}"),
        (_, cell) if word => format!("{file} › {} {cell}", shown()),
        (sheet, cell) => format!("{file} › {sheet}!{cell}"),
    };
    let state =
        state_key(text(x, "state")).map_or_else(|| esc(text(x, "state")), |k| tr.t(k).into());
    format!(
        "<tr><td>{state}</td><td class=\"sev-{}\">{sev}</td><td>{}</td><td>{}</td></tr>",
        esc(text(x, "severity")),
        esc(&place),
        m.of(x)
    )
}

/// The table a fixed finding was on, from its identity (`unit|kind|name|code|subject`,
/// the name normalised): the unit's current table of that kind and name as it is written,
/// else the name the identity holds; empty for a finding on a file.
fn fixed_table(tr: Tr, r: &Value, u: &Value, identity: &str) -> String {
    let mut parts = identity.split('|').skip(1);
    let (Some(kind), Some(key)) = (parts.next(), parts.next()) else {
        return String::new();
    };
    if kind == "file" {
        return String::new();
    }
    let key_of = |t: &Value| crate::model::text::org_key(text(t, "name"));
    let tables = unit_tables(r, u);
    // A department table is known by its unit's name, not its own.
    let same = tables
        .iter()
        .find(|(_, t)| text(t, "kind") == kind && (kind == "department" || key_of(t) == key));
    let name = same.map_or(key, |(_, t)| text(t, "name"));
    format!("{} · {}", kind_text(tr, kind), esc(name))
}

fn fixed_list(m: &Messages, r: &Value, u: &Value) -> String {
    let tr = m.tr;
    let name = text(u, "name");
    let fixed: Vec<&Value> = r["fixed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| text(f, "unit") == name)
        .collect();
    if fixed.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<h2>{}</h2><table class=\"fixed\">{}<tbody>",
        tr.t("已改正"),
        head(tr, &[("状态", false), ("表", false), ("说明", false)])
    );
    for f in fixed {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            tr.t("已改正"),
            fixed_table(tr, r, u, text(f, "identity")),
            m.of(f)
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// 文件: every entry of the inbox with its status (文件清单).
pub async fn files(State(app): State<Arc<App>>, tr: Tr) -> Response {
    let dir = app.dir();
    let mut b = format!("<h1>{}</h1>", tr.t("文件清单"));
    let Some((r, _)) = workspace::report_overview(&dir) else {
        let _ = write!(b, "<p>{}</p>", tr.t("尚未检查。"));
        return layout(&app, tr, tr.t("文件"), "文件", &b);
    };
    b.push_str("<table class=\"sortable\">");
    b.push_str(&head(
        tr,
        &[
            ("文件", false),
            ("状态", false),
            ("表", true),
            ("计入的表", true),
            ("错误", true),
            ("警告", true),
        ],
    ));
    b.push_str("<tbody>");
    for f in r["files"].as_array().into_iter().flatten() {
        b.push_str(&file_row(tr, &dir, &r, f));
    }
    b.push_str("</tbody></table>");
    layout(&app, tr, tr.t("文件"), "文件", &b)
}

/// A row of 文件: as summary.xlsx's 文件清单 has it (status, the findings that count),
/// with the tables read beside those that count.
fn file_row(tr: Tr, dir: &Path, r: &Value, f: &Value) -> String {
    let tables: Vec<&Value> = f["tables"].as_array().into_iter().flatten().collect();
    let counting = tables.iter().filter(|t| counts(t)).count();
    let all = counted(f);
    let sev = |k: &str| all.iter().filter(|x| text(x, "severity") == k).count();
    let status = match (standing(tr, dir, r, f), text(f, "status")) {
        (Some((said, _)), _) => said,
        (None, "ok") => tr.t("通过").to_string(),
        (None, "invalid") => tr.t("有错误").to_string(),
        (None, "unreadable") => tr.t("无法读取").to_string(),
        (None, "skipped") => tr.t("已跳过").to_string(),
        (None, other) => esc(other),
    };
    format!(
        "<tr><td>{}</td><td>{status}</td><td class=\"n\">{}</td><td class=\"n\">{counting}</td>{}{}</tr>",
        esc(&rel(dir, text(f, "path"))),
        tables.len(),
        count_cell(sev("error") as u64, "err"),
        count_cell(sev("warning") as u64, "warn")
    )
}

/// A count of errors or warnings: in their colour only when there are some (a red 0 reads
/// as a problem).
fn count_cell(n: u64, class: &str) -> String {
    if n == 0 {
        "<td class=\"n\">0</td>".into()
    } else {
        format!("<td class=\"n {class}\">{n}</td>")
    }
}

/// 设置: the settings form and the roster.
pub async fn settings(
    State(app): State<Arc<App>>,
    tr: Tr,
    axum::extract::Query(q): axum::extract::Query<Vec<(String, String)>>,
) -> Response {
    let saved = q.iter().any(|(k, _)| k == "saved");
    if q.iter().any(|(k, _)| k == "refused") {
        if let Some(r) = app.refused.lock().ok().and_then(|mut r| r.take()) {
            let why = tr.f("未保存：{0}", &[&without_place(r.why.get(tr.0))]);
            return settings_page(&app, tr, Some((&why, false)), &r.values);
        }
    }
    let note = app.note.lock().ok().and_then(|mut n| n.take());
    let line = note.or(saved.then(|| {
        let t = tr.t("已保存。已自动重新检查，审核意见书、汇总报告等按新的设置写出。");
        (t.to_string(), true)
    }));
    settings_page(
        &app,
        tr,
        line.as_ref().map(|(l, ok)| (l.as_str(), *ok)),
        &[],
    )
}

/// A settings form the settings refused: the values as typed, and why.
pub struct Refused {
    /// Why, in both languages.
    pub why: crate::diag::Message,
    /// The form's fields as the officer filled them.
    pub values: Vec<(String, String)>,
}

/// A settings error without its place (`…/selfeval.toml 第6行：`, `… line 6: `): the form
/// was checked in a temporary copy whose path and lines mean nothing to the officer, who
/// typed into a field the message names.
fn without_place(msg: &str) -> &str {
    let file = format!("{} ", workspace::SETTINGS);
    let Some(at) = msg.find(&file) else {
        return msg;
    };
    let rest = &msg[at + file.len()..];
    for (open, close) in [("第", "行："), ("line ", ": ")] {
        let Some(r) = rest.strip_prefix(open) else {
            continue;
        };
        if let Some(j) = r.find(close) {
            if j > 0 && r[..j].bytes().all(|b| b.is_ascii_digit()) {
                return &r[j + close.len()..];
            }
        }
    }
    msg
}

/// The label of a setting in the page's language (the two keys shared with other texts
/// carry their context).
fn setting_key(label: &'static str) -> &'static str {
    match label {
        "语言" => "语言|setting",
        "申报表" => "申报表|setting",
        l => l,
    }
}

fn settings_page(
    app: &App,
    tr: Tr,
    note: Option<(&str, bool)>,
    typed: &[(String, String)],
) -> Response {
    let dir = app.dir();
    let mut b = format!("<h1>{}</h1>", tr.t("设置"));
    if let Some((msg, ok)) = note {
        let cls = if ok { "ok" } else { "error" };
        let _ = write!(b, "<p class=\"{cls}\">{}</p>", esc(msg));
    }
    let _ = write!(
        b,
        "<form method=\"post\" action=\"/settings?csrf={}\" class=\"settings\">",
        app.keys.csrf
    );
    b.push_str(&settings_fields(tr, &dir, typed));
    let _ = write!(
        b,
        "<button type=\"submit\" class=\"primary\">{}</button></form><p class=\"hint\">{}</p>",
        tr.t("保存"),
        tr.t("保存在工作区的 selfeval.toml 中，其中的说明文字保留不变。")
    );
    let _ = write!(b, "<h2>{}</h2>", tr.t("单位名单"));
    let roster = workspace::folders(&dir).roster;
    b.push_str(&download_link(app, tr, tr.t("下载单位名单"), &roster));
    let _ = write!(
        b,
        "<form method=\"post\" action=\"/roster?csrf={}\" enctype=\"multipart/form-data\" class=\"card\"><label for=\"roster\">{}</label><input id=\"roster\" type=\"file\" name=\"roster\" accept=\".xlsx\"><button type=\"submit\">{}</button></form>",
        app.keys.csrf,
        tr.t("上传新的单位名单（.xlsx，原名单保留为 .bak）"),
        tr.t("上传名单")
    );
    layout(app, tr, tr.t("设置"), "设置", &b)
}

/// The settings' fields, each with the value `typed` gives it (a refused form shown
/// again), else the one in `selfeval.toml`.
fn settings_fields(tr: Tr, dir: &Path, typed: &[(String, String)]) -> String {
    let values = workspace::settings_values(dir);
    let mut b = String::new();
    for (i, f) in workspace::FIELDS.iter().enumerate() {
        let v = typed
            .iter()
            .chain(&values)
            .find(|(k, _)| k == f.key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let name = esc(f.key);
        let input = match f.kind {
            // The language is one of two: a choice, not a text the officer could mistype
            // (`中文` would silently give Chinese outputs, `英文` too).
            _ if f.key == "语言" => language_choice(i, f.key, v),
            workspace::Kind::List => {
                format!(
                    "<textarea id=\"f{i}\" name=\"{name}\" rows=\"3\">{}</textarea>",
                    esc(v)
                )
            }
            workspace::Kind::Int => {
                format!(
                    "<input id=\"f{i}\" name=\"{name}\" type=\"number\" value=\"{}\">",
                    esc(v)
                )
            }
            workspace::Kind::Text => {
                format!(
                    "<input id=\"f{i}\" name=\"{name}\" type=\"text\" value=\"{}\">",
                    esc(v)
                )
            }
        };
        let _ = write!(
            b,
            "<div class=\"field\"><label for=\"f{i}\">{}</label>{input}<small>{}</small></div>",
            esc(tr.t(setting_key(f.label))),
            esc(tr.t(hint(f.key, f.comment)))
        );
    }
    b
}

/// The help beside a field: its comment in `selfeval.toml`, but for 抄送, a list the
/// form takes one item a line — the comment's TOML (`如 ["市审计局"]`), typed into the
/// box as shown, was saved as the items `["市审计局"` and `"市纪委"]`.
fn hint(key: &str, comment: &'static str) -> &'static str {
    match key {
        "抄送" => {
            "抄送：汇总报告版记中的抄送单位，每行写一个（也可用顿号“、”分开），如“市审计局”。"
        }
        _ => comment,
    }
}

/// The language setting as a choice of `zh` and `en`, each named in itself; a value
/// written by hand that is neither is kept as a third choice, so that saving the form
/// does not change it unseen.
fn language_choice(i: usize, key: &str, value: &str) -> String {
    let mut s = format!("<select id=\"f{i}\" name=\"{}\">", esc(key));
    let mut known = false;
    for (code, name) in [("zh", "中文"), ("en", "English")] {
        let sel = if value == code { " selected" } else { "" };
        known |= value == code;
        let _ = write!(s, "<option value=\"{code}\"{sel}>{name}</option>");
    }
    if !known && !value.is_empty() {
        let v = esc(value);
        let _ = write!(s, "<option value=\"{v}\" selected>{v}</option>");
    }
    s.push_str("</select>");
    s
}

/// `保存`: the form into `selfeval.toml` through the settings' own update.
pub async fn save_settings(
    State(app): State<Arc<App>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let path = app.dir().join(workspace::SETTINGS);
    let changes: Vec<(&str, &str)> = form
        .iter()
        .filter(|(k, _)| workspace::FIELDS.iter().any(|f| f.key == k))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    match workspace::update_settings(&path, &changes) {
        Ok(()) => {
            // The letters and the report carry the settings (the office, the deadline, the
            // numbers): a run writes them anew, as after a roster upload, so that the next
            // download is not the old text.
            app.jobs.push(super::progress::Job::Run);
            Redirect::to("/settings?saved=1").into_response()
        }
        Err(e) => {
            // The settings say why in both languages; the page shows its own. Answered
            // with a redirect, as a save is, so that going back or reloading never sends
            // the form again.
            let why = e.downcast_ref::<crate::diag::Message>().cloned();
            let why = why.unwrap_or_else(|| {
                let s = format!("{e:#}");
                crate::diag::Message::new(s.clone(), s)
            });
            let values = changes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            if let Ok(mut r) = app.refused.lock() {
                *r = Some(Refused { why, values });
            }
            Redirect::to("/settings?refused=1").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_inputs_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
    }

    #[test]
    fn a_settings_error_is_shown_without_the_checked_copys_place() {
        let zh = "/ws/.tmpAb12/selfeval.toml 第6行：“年度”应在 2000 到 2100 之间，现为 -3";
        assert_eq!(without_place(zh), "“年度”应在 2000 到 2100 之间，现为 -3");
        let en = "/ws/.tmpAb12/selfeval.toml line 12: “报送期限天数” (days) must be from 1";
        assert_eq!(without_place(en), "“报送期限天数” (days) must be from 1");
        assert_eq!(without_place("“年度”应为整数"), "“年度”应为整数");
        let odd = "D:\\selfeval.toml 第x行：y";
        assert_eq!(without_place(odd), odd);
    }

    /// The overview reads the units and a few fields of each table (workspace::
    /// report_overview): it shows what the whole report gives.
    #[test]
    fn the_pages_of_the_light_reports_are_the_pages_of_the_whole() {
        let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inbox");
        let inputs = crate::read::walk::walk(std::slice::from_ref(&inbox)).unwrap();
        let files = crate::check::check_all(&inputs, &Default::default());
        let json = crate::render::json::to_string(&files, "mof-2020", Lang::Zh);
        let dir = tempfile::tempdir().unwrap();
        let results = workspace::folders(dir.path()).results;
        std::fs::create_dir_all(&results).unwrap();
        std::fs::write(results.join("report.json"), json).unwrap();
        let (light, _) = workspace::report_overview(dir.path()).unwrap();
        let (whole, _) = workspace::report(dir.path()).unwrap();
        let tr = Tr(Lang::Zh);
        let table = roster_table(tr, &whole);
        assert!(table.contains("%</td>"), "rates shown: {table}");
        assert_eq!(roster_table(tr, &light), table);
        assert_eq!(counts_line(tr, &light), counts_line(tr, &whole));
        let (lf, wf) = (
            light["files"].as_array().unwrap(),
            whole["files"].as_array().unwrap(),
        );
        assert_eq!(lf.len(), wf.len());
        for (l, w) in lf.iter().zip(wf) {
            let (l, w) = (
                file_row(tr, dir.path(), &light, l),
                file_row(tr, dir.path(), &whole, w),
            );
            assert_eq!(l, w);
        }
        // A unit's page reads only that unit's files (workspace::report_of_unit).
        let m = Messages { tr, same: true };
        for u in whole["units"].as_array().unwrap() {
            let name = text(u, "name");
            let mine = workspace::report_of_unit(dir.path(), name).unwrap();
            let listed = |k: &str| u[k].as_array().unwrap().len();
            let kept = mine["files"].as_array().unwrap().len();
            assert!(kept <= listed("files") + listed("superseded"));
            let tables = unit_tables_html(tr, &whole, u);
            assert_eq!(unit_tables_html(tr, &mine, u), tables, "{name}");
            let found = unit_findings(&m, &whole, u, dir.path());
            assert_eq!(unit_findings(&m, &mine, u, dir.path()), found, "{name}");
            assert_eq!(fixed_list(&m, &mine, u), fixed_list(&m, &whole, u));
        }
    }

    /// A finding in a Word document's table is placed as the letter places it (`文档第1个
    /// 表格`), not as `表格1!I20`, a worksheet the unit cannot find; a workbook's keeps
    /// `sheet!cell`.
    #[test]
    fn a_word_table_s_finding_is_placed_as_the_letter_places_it() {
        let m = Messages {
            tr: Tr(Lang::Zh),
            same: true,
        };
        let dir = Path::new("/ws/收件箱");
        let x = serde_json::json!({"severity": "error", "sheet": "表格1", "cell": "I20",
            "message": "m", "state": "new"});
        let row = |path: &str| finding_row(&m, dir, &serde_json::json!({ "path": path }), &x);
        let word = row("/ws/收件箱/某局自评报告.docx");
        assert!(
            word.contains("某局自评报告.docx › 文档第1个表格 I20"),
            "{word}"
        );
        let book = row("/ws/收件箱/某局.xlsx");
        assert!(book.contains("某局.xlsx › 表格1!I20"), "{book}");
    }

    /// The page's messages in English, for findings whose message is Chinese.
    fn english() -> Messages {
        Messages {
            tr: Tr(Lang::En),
            same: false,
        }
    }

    #[test]
    fn a_bound_in_a_message_of_the_other_language_is_shown_as_a_limit() {
        let m = english();
        let x = serde_json::json!({"code": "score-over-weight", "message": "得分 21 高于分值 20",
            "expected": null, "found": "21", "limit": "20"});
        let shown = m.of(&x);
        assert!(shown.ends_with("(limit 20.00, stated 21)"), "{shown}");
    }

    #[test]
    fn a_grade_in_a_message_of_the_other_language_is_a_word_of_the_page() {
        let m = english();
        let x = serde_json::json!({"code": "grade-mismatch", "message": "自评等级“优”与填报总分不符",
            "expected": "良", "found": "优"});
        let shown = m.of(&x);
        assert!(
            shown.ends_with("(expected Good, stated Excellent)"),
            "{shown}"
        );
    }

    /// The report of a run over `fixtures/{folder}`, as report.json holds it.
    fn report_of(folder: &str) -> Value {
        let inbox = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(folder);
        let inputs = crate::read::walk::walk(std::slice::from_ref(&inbox)).unwrap();
        let files = crate::check::check_all(&inputs, &Default::default());
        serde_json::from_str(&crate::render::json::to_string(
            &files,
            "mof-2020",
            Lang::Zh,
        ))
        .unwrap()
    }

    /// A blank table (永登县教育局's) was shown with 复核得分 0.00 and 复核等级 差 where
    /// its letter says `—` and 空白表.
    #[test]
    fn a_blank_table_is_shown_blank_not_scored() {
        let r = report_of("resubmission");
        let u = r["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| text(u, "name") == "永登县教育局")
            .unwrap();
        let html = unit_tables_html(Tr(Lang::Zh), &r, u);
        assert!(html.contains("<td>空白表</td>"), "{html}");
        assert!(!html.contains("差") && !html.contains("0.00"), "{html}");
        let en = unit_tables_html(Tr(Lang::En), &r, u);
        assert!(en.contains("Blank table") && !en.contains("Poor"), "{en}");
    }

    /// 文件 said `已被替代` with the older copy's findings in red (2 errors, 6 warnings)
    /// where summary.xlsx's 文件清单 says `已被替代（以 … 为准）` and 0, 0; another year's
    /// file was `已被替代` too (文件清单: `非本年度`), and a file read without error
    /// `已读取` (文件清单: `通过`).
    #[test]
    fn the_files_page_says_what_the_summarys_file_list_says() {
        let r = report_of("resubmission");
        let tr = Tr(Lang::Zh);
        let dir = Path::new("/nowhere");
        let row = |end: &str| {
            let files = r["files"].as_array().unwrap().iter();
            let mut of = files.filter(|f| text(f, "path").ends_with(end));
            file_row(tr, dir, &r, of.next().unwrap())
        };
        let old = row("/永登县卫生健康局.xlsx");
        assert!(old.contains("（第二次报送）.xlsx 为准）</td>"), "{old}");
        assert!(
            old.ends_with("<td class=\"n\">0</td><td class=\"n\">0</td></tr>"),
            "{old}"
        );
        let last_year = row("永登县文化和旅游局（2020年度）.xlsx");
        assert!(last_year.contains("<td>非本年度</td>"), "{last_year}");
        let new = row("永登县卫生健康局（第二次报送）.xlsx");
        assert!(new.contains("<td>通过</td>"), "{new}");
    }

    /// A copy replaced by a pinned table of a close name was said `已被替代` with no file:
    /// the page looked for the counting copy by exact name. It now reads `superseded_by`.
    #[test]
    fn a_copy_replaced_by_a_pinned_close_name_names_its_replacement() {
        let table = |name: &str, counts: bool, by: Option<&str>| {
            let mut t = serde_json::json!({"kind": "project", "name": name, "counts": counts,
                "findings": []});
            if let Some(by) = by {
                t["superseded_by"] = by.into();
            }
            t
        };
        let r = serde_json::json!({"files": [
            {"path": "收件箱/高标准农田建设.xlsx", "findings": [],
             "tables": [table("高标准农田建设项目", false, Some("项目经费.xlsx"))]},
            {"path": "收件箱/项目经费.xlsx", "findings": [],
             "tables": [table("高标准农田建设项目经费", true, None)]},
        ]});
        let row = file_row(Tr(Lang::Zh), Path::new("/nowhere"), &r, &r["files"][0]);
        assert!(
            row.contains("已被替代（以 收件箱/项目经费.xlsx 为准）"),
            "{row}"
        );
    }

    /// 已改正 listed what was fixed without the table it was on: a unit of ten tables
    /// read `总分填报97，应为98.00` with no way to tell which.
    #[test]
    fn a_fixed_finding_names_its_table() {
        let r = report_of("resubmission");
        let units = r["units"].as_array().unwrap();
        let u = units
            .iter()
            .find(|u| text(u, "name") == "永登县卫生健康局")
            .unwrap();
        let tr = Tr(Lang::Zh);
        let transfer = "永登县卫生健康局|transfer|医疗服务与保障能力提升补助资金|grade-mismatch|-";
        assert_eq!(
            fixed_table(tr, &r, u, transfer),
            "转移支付 · 医疗服务与保障能力提升补助资金"
        );
        let dept = "永登县卫生健康局|department|永登县卫生健康局|total-mismatch|total";
        assert_eq!(fixed_table(tr, &r, u, dept), "部门整体 · 永登县卫生健康局");
        // A table no longer sent keeps the name its identity holds.
        let gone = "永登县卫生健康局|project|旧项目(一期)|total-mismatch|total";
        assert_eq!(fixed_table(tr, &r, u, gone), "项目支出 · 旧项目(一期)");
        assert_eq!(
            fixed_table(tr, &r, u, "永登县卫生健康局|file||file-unreadable|ab"),
            ""
        );
    }

    /// 抄送's help showed its TOML (`如 ["市审计局"]`); typed into the box as shown,
    /// `["市审计局", "市纪委"]` was saved as the items `["市审计局"` and `"市纪委"]`.
    #[test]
    fn the_copies_field_is_explained_as_the_form_takes_it() {
        let dir = tempfile::tempdir().unwrap();
        let zh = settings_fields(Tr(Lang::Zh), dir.path(), &[]);
        let at = zh.find("name=\"抄送\"").unwrap();
        let help = &zh[at..zh[at..].find("</small>").unwrap() + at];
        assert!(help.contains("每行写一个") && !help.contains('['), "{help}");
        let en = settings_fields(Tr(Lang::En), dir.path(), &[]);
        assert!(en.contains("one a line") && !en.contains("[&quot;"), "{en}");
    }

    /// 总览's 执行率 was the mean of the unit's tables' rates (兰州新区应急管理局 91.47%)
    /// where summary.xlsx's 汇总 gives its money's rate (98.98%: the department table's
    /// 年度资金总额, 1,275.45 / 1,288.59).
    #[test]
    fn the_overviews_rate_is_the_summarys() {
        let r = report_of("inbox");
        let table = roster_table(Tr(Lang::Zh), &r);
        let row = table
            .split("<tr")
            .find(|x| x.contains(">兰州新区应急管理局<"))
            .unwrap();
        assert!(row.contains(">98.98%<") && !row.contains("91.47%"), "{row}");
    }

    #[test]
    fn statuses_read_in_the_page_language() {
        let zh = Tr(Lang::Zh);
        assert_eq!(status_text(zh, "returned", Some(2)), "已退回（第2轮）");
        assert_eq!(status_text(zh, "not-received", None), "未报送");
        let en = Tr(Lang::En);
        assert_eq!(status_text(en, "returned", Some(2)), "Returned (round 2)");
        assert_eq!(grade_text(en, "优"), "Excellent");
        assert_eq!(kind_text(en, "project"), "Project");
    }
}
