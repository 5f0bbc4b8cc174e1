//! The pages, rendered here as HTML. Every text that comes from an input (unit, file and
//! table names, messages, settings) goes through [`esc`]; nothing from an input is ever
//! placed in a script, a style or an attribute unescaped.

use super::{download::pct, workspace, App};
use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rust_decimal::Decimal;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
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

/// A Chinese error page with its status (also for the security layer's refusals).
pub fn error(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>无法完成</title>\
         <link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main class=\"narrow\">\
         <h1>无法完成</h1><p class=\"error\">{}</p><p><a href=\"/\">返回总览</a></p></main></body></html>",
        esc(message)
    );
    (status, Html(body)).into_response()
}

/// Anything the router does not know.
pub async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "没有这个页面。")
}

/// The frame of every page: the menu, the progress line, the content.
fn layout(app: &App, title: &str, active: &str, body: &str) -> Response {
    let mut nav = String::new();
    for (href, label) in [
        ("/", "总览"),
        ("/upload", "上传"),
        ("/files", "文件"),
        ("/settings", "设置"),
    ] {
        let cls = if label == active {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(nav, "<a href=\"{href}\"{cls}>{label}</a>");
    }
    let dir = app.dir();
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"csrf\" content=\"{csrf}\"><title>{title} · 绩效自评审核</title>\
         <link rel=\"stylesheet\" href=\"/assets/app.css\"><script src=\"/assets/app.js\" defer></script></head>\
         <body><header><span class=\"brand\">预算绩效自评审核</span><nav>{nav}</nav>\
         <span class=\"where\" title=\"工作区文件夹\">{dir}</span></header>\
         <div id=\"progress\" class=\"progress\" hidden></div><main>{body}</main>\
         <footer>本页面只在本机运行，文件不会离开这台电脑。检查一次只运行一项，其余依次排队。</footer></body></html>",
        csrf = app.keys.csrf,
        title = esc(title),
        dir = esc(&dir.display().to_string()),
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
fn download_link(app: &App, label: &str, path: &Path) -> String {
    if !path.is_file() {
        return format!(
            "<span class=\"missing\" title=\"尚未生成\">{}</span>",
            esc(label)
        );
    }
    let id = app.downloads.issue(path);
    format!("<a class=\"download\" href=\"/dl/{id}\">{}</a>", esc(label))
}

/// The status of a unit in Chinese (campaign.md §5).
pub fn status_zh(status: &str, round: Option<u64>) -> String {
    match status {
        "not-received" => "未报送".into(),
        "pending" => "待审核".into(),
        "returned" => format!("已退回（第{}轮）", round.unwrap_or(1)),
        "resubmitted" => "已重新报送".into(),
        "passed" => "通过".into(),
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

/// The counting tables of a unit: those of its counting files that count.
fn unit_tables<'a>(report: &'a Value, unit: &Value) -> Vec<(&'a Value, &'a Value)> {
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
    t["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x["code"] == "table-blank"))
}

/// The mean of a figure over tables, shown with two decimals (`—` when none states it).
fn mean(values: impl Iterator<Item = Option<Decimal>>, percent: bool) -> String {
    let v: Vec<Decimal> = values.flatten().collect();
    if v.is_empty() {
        return "—".into();
    }
    let sum = v
        .iter()
        .fold(Decimal::ZERO, |a, b| a.checked_add(*b).unwrap_or(a));
    let m = sum / Decimal::from(v.len());
    if percent {
        format!("{}%", (m * Decimal::from(100)).round_dp(2))
    } else {
        m.round_dp(2).to_string()
    }
}

/// 总览: the year, the last run, the buttons, the downloads and the roster.
pub async fn overview(State(app): State<Arc<App>>) -> Response {
    let dir = app.dir();
    if !workspace::is_workspace(&dir) {
        return init_page(&app, &dir);
    }
    let year = workspace::settings_values(&dir)
        .into_iter()
        .find(|(k, _)| k == "年度")
        .map(|(_, v)| format!("{v}年度"))
        .unwrap_or_default();
    let mut b = format!("<h1>{} 预算绩效自评审核</h1>", esc(&year));
    let report = workspace::report(&dir);
    match &report {
        Some((_, when)) => {
            let secs = when
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let _ = write!(
                b,
                "<p class=\"meta\">上次检查：<time data-epoch=\"{secs}\">{secs}</time></p>"
            );
        }
        None => b.push_str("<p class=\"meta\">尚未检查。请先上传各单位报送的文件。</p>"),
    }
    b.push_str("<div class=\"actions\"><a class=\"button primary\" href=\"/upload\">上传文件</a>");
    b.push_str(&button_form(&app, "/run", "重新检查", &[], None));
    b.push_str(&button_form(
        &app,
        "/issue",
        "发出审核意见",
        &[],
        Some("确定向有问题的单位发出审核意见吗？意见书和退回工作簿将存入归档，编号后不能收回。"),
    ));
    b.push_str("</div>");
    let res = workspace::folders(&dir).results;
    b.push_str("<div class=\"downloads\">下载：");
    b.push_str(&download_link(
        &app,
        "汇总工作簿",
        &res.join("summary.xlsx"),
    ));
    b.push_str(&download_link(&app, "问题清单", &res.join("findings.xlsx")));
    b.push_str(&download_link(
        &app,
        "汇总报告",
        &res.join("reports").join("汇总报告（初稿）.docx"),
    ));
    b.push_str("</div>");
    if let Some((r, _)) = &report {
        b.push_str(&counts_line(r));
        b.push_str(&roster_table(r));
    }
    layout(&app, "总览", "总览", &b)
}

fn counts_line(r: &Value) -> String {
    let units = r["units"].as_array().cloned().unwrap_or_default();
    let count = |s: &str| units.iter().filter(|u| text(u, "status") == s).count();
    let errors: u64 = units.iter().map(|u| num(u, "errors")).sum();
    let warnings: u64 = units.iter().map(|u| num(u, "warnings")).sum();
    format!(
        "<p class=\"counts\"><b>{}</b> 个单位：通过 <b>{}</b>，待审核 <b>{}</b>，已退回 <b>{}</b>，已重新报送 <b>{}</b>，未报送 <b>{}</b>；错误 <b class=\"err\">{errors}</b> 个，警告 <b class=\"warn\">{warnings}</b> 个。</p>",
        units.len(), count("passed"), count("pending"), count("returned"), count("resubmitted"), count("not-received")
    )
}

fn roster_table(r: &Value) -> String {
    let mut t = String::from(
        "<table class=\"roster sortable\"><thead><tr><th>单位</th><th>状态</th><th class=\"n\">文件</th><th class=\"n\">表</th>\
         <th class=\"n\">错误</th><th class=\"n\">警告</th><th class=\"n\">已改正</th><th class=\"n\">仍存在</th><th class=\"n\">新出现</th>\
         <th class=\"n\">执行率</th><th class=\"n\">复核平均分</th></tr></thead><tbody>",
    );
    for u in r["units"].as_array().into_iter().flatten() {
        let name = text(u, "name");
        let status = text(u, "status");
        let tables = unit_tables(r, u);
        let rate = mean(
            tables
                .iter()
                .map(|(_, t)| dec(t.pointer("/execution/rate"))),
            true,
        );
        // A blank table is never averaged (reports.md "A blank table").
        let graded = tables.iter().filter(|(_, t)| !is_blank(t));
        let score = mean(graded.map(|(_, t)| dec(t.pointer("/total/score"))), false);
        let files = u["files"].as_array().map_or(0, Vec::len);
        let _ = write!(
            t,
            "<tr class=\"st-{status}\"><td><a href=\"{href}\">{n}</a></td><td>{s}</td><td class=\"n\">{files}</td><td class=\"n\">{tb}</td>\
             <td class=\"n err\">{e}</td><td class=\"n warn\">{w}</td><td class=\"n\">{f}</td><td class=\"n\">{rm}</td><td class=\"n\">{nw}</td>\
             <td class=\"n\">{rate}</td><td class=\"n\">{score}</td></tr>",
            href = esc(&unit_href(name)),
            n = esc(name),
            s = esc(&status_zh(status, u["round"].as_u64())),
            tb = num(u, "tables"),
            e = num(u, "errors"),
            w = num(u, "warnings"),
            f = num(u, "fixed"),
            rm = num(u, "remaining"),
            nw = num(u, "new"),
        );
    }
    t.push_str("</tbody></table><p class=\"hint\">点击表头可排序；点击单位名称查看其文件、问题和下载。</p>");
    t
}

/// The first screen on a folder that is not yet a workspace.
fn init_page(app: &App, dir: &Path) -> Response {
    let b = format!(
        "<h1>建立工作区</h1><p>文件夹 <b>{}</b> 还不是工作区。建立后会在其中生成 selfeval.toml（设置）、单位名单.xlsx、收件箱、结果、归档等文件夹，已有文件不会被改动。</p>\
         <div class=\"actions\">{}</div>\
         <form method=\"post\" action=\"/init?csrf={}\" class=\"card\"><label for=\"path\">或在另一个文件夹建立（填写完整路径）</label>\
         <input id=\"path\" name=\"path\" type=\"text\" placeholder=\"D:\\绩效自评\\2021年度\"><button type=\"submit\">在该文件夹建立工作区</button></form>",
        esc(&dir.display().to_string()),
        button_form(app, "/init", "在此文件夹建立工作区", &[], None),
        app.keys.csrf
    );
    layout(app, "建立工作区", "总览", &b)
}

/// 上传: the drop zone feeding an `<input type="file" multiple>`; uploading starts at once.
pub async fn upload(State(app): State<Arc<App>>) -> Response {
    let l = app.limits;
    let b = format!(
        "<h1>上传文件</h1><p>把各单位报送的工作簿（.xlsx、.xls、.et 等，可一次多个）拖到下面的方框里，或点击方框选择文件。选择后立即上传，上传结束后自动开始检查。</p>\
         <label class=\"dropzone\" id=\"dropzone\" for=\"files\"><span>把文件拖到这里，或点击选择文件</span>\
         <input type=\"file\" id=\"files\" name=\"files\" multiple></label>\
         <p class=\"hint\">每个文件不超过 {}，每次不超过 {}、{} 个文件。与已收到文件内容相同的不会重复保存；同名文件会加上“(2)”等编号，两份都保留。</p>\
         <ul id=\"results\" class=\"results\"></ul>",
        super::upload::human(l.file),
        super::upload::human(l.request),
        l.files
    );
    layout(&app, "上传", "上传", &b)
}

/// 单位: its files, tables, findings, rounds and downloads.
pub async fn unit(State(app): State<Arc<App>>, UrlPath(name): UrlPath<String>) -> Response {
    let dir = app.dir();
    let Some((r, _)) = workspace::report(&dir) else {
        return error(StatusCode::NOT_FOUND, "尚未检查，没有单位信息。");
    };
    let Some(u) = r["units"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| text(u, "name") == name)
    else {
        return error(StatusCode::NOT_FOUND, "没有这个单位。");
    };
    let mut b = format!(
        "<p class=\"crumb\"><a href=\"/\">总览</a> › 单位</p><h1>{}</h1><p class=\"meta\">状态：<b>{}</b>　错误 {}　警告 {}　已改正 {}　仍存在 {}　新出现 {}</p>",
        esc(&name),
        esc(&status_zh(text(u, "status"), u["round"].as_u64())),
        num(u, "errors"), num(u, "warnings"), num(u, "fixed"), num(u, "remaining"), num(u, "new")
    );
    b.push_str("<h2>下载</h2><div class=\"downloads\">");
    let current = workspace::unit_downloads(&dir, &name);
    if current.is_empty() {
        b.push_str("<span class=\"missing\">尚无退回工作簿或审核意见书</span>");
    }
    for (label, path) in current
        .iter()
        .chain(workspace::archived_downloads(&dir, &name).iter())
    {
        b.push_str(&download_link(&app, label, path));
    }
    b.push_str("</div>");
    b.push_str(&unit_files(&app, &dir, &name, u));
    b.push_str(&unit_tables_html(&r, u));
    b.push_str(&unit_findings(&r, u, &dir));
    b.push_str(&fixed_list(&r, &name));
    layout(&app, &name, "总览", &b)
}

fn rel(dir: &Path, p: &str) -> String {
    let inbox = workspace::folders(dir).inbox;
    Path::new(p)
        .strip_prefix(&inbox)
        .map(|x| x.display().to_string())
        .unwrap_or_else(|_| p.to_string())
}

fn unit_files(app: &App, dir: &Path, name: &str, u: &Value) -> String {
    let mut s = String::from(
        "<h2>文件</h2><table><thead><tr><th>文件</th><th>状态</th><th></th></tr></thead><tbody>",
    );
    for f in u["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>计入</td><td></td></tr>",
            esc(&rel(dir, f))
        );
    }
    for f in u["superseded"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let pin = button_form(
            app,
            "/pin",
            "以此为准",
            &[("file", f), ("unit", name)],
            None,
        );
        let _ = write!(
            s,
            "<tr class=\"superseded\"><td>{}</td><td>已被替代</td><td>{pin}</td></tr>",
            esc(&rel(dir, f))
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn kind_zh(k: &str) -> &str {
    match k {
        "project" => "项目支出",
        "department" => "部门整体",
        "transfer" => "转移支付",
        "declaration" => "申报表",
        other => other,
    }
}

fn pct_of(v: Option<&Value>) -> String {
    dec(v)
        .map(|d| format!("{}%", (d * Decimal::from(100)).round_dp(2)))
        .unwrap_or_else(|| "—".into())
}

fn unit_tables_html(r: &Value, u: &Value) -> String {
    let mut s = String::from(
        "<h2>表</h2><table><thead><tr><th>种类</th><th>名称</th><th class=\"n\">填报执行率</th><th class=\"n\">复核执行率</th>\
         <th class=\"n\">填报得分</th><th class=\"n\">复核得分</th><th>填报等级</th><th>复核等级</th></tr></thead><tbody>",
    );
    for (_, t) in unit_tables(r, u) {
        let g = |k: &str| {
            t.pointer(k)
                .and_then(Value::as_str)
                .unwrap_or("—")
                .to_string()
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            kind_zh(text(t, "kind")),
            esc(text(t, "name")),
            pct_of(t.pointer("/execution/rate_stated")),
            pct_of(t.pointer("/execution/rate")),
            esc(&g("/total/score_stated")),
            esc(&g("/total/score")),
            esc(&g("/grade/stated")),
            esc(&g("/grade/reviewed")),
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn state_zh(s: &str) -> &str {
    match s {
        "new" => "新出现",
        "remaining" => "仍存在",
        "superseded" => "已被替代",
        "fixed" => "已改正",
        other => other,
    }
}

fn unit_findings(r: &Value, u: &Value, dir: &Path) -> String {
    let mut s = String::from("<h2>问题</h2>");
    let mut any = false;
    for (f, t) in unit_tables(r, u) {
        let found: Vec<&Value> = t["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|x| text(x, "severity") != "info")
            .collect();
        if found.is_empty() {
            continue;
        }
        any = true;
        let _ = write!(s, "<h3>{} · {}</h3><table class=\"findings\"><thead><tr><th>状态</th><th>严重程度</th><th>位置</th><th>说明</th></tr></thead><tbody>", kind_zh(text(t, "kind")), esc(text(t, "name")));
        for x in found {
            let sev = if text(x, "severity") == "error" {
                "错误"
            } else {
                "警告"
            };
            let place = format!(
                "{} › {}!{}",
                rel(dir, text(f, "path")),
                text(x, "sheet"),
                text(x, "cell")
            );
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"sev-{}\">{sev}</td><td>{}</td><td>{}</td></tr>",
                state_zh(text(x, "state")),
                esc(text(x, "severity")),
                esc(&place),
                esc(text(x, "message"))
            );
        }
        s.push_str("</tbody></table>");
    }
    if !any {
        s.push_str("<p>没有错误或警告。</p>");
    }
    s
}

fn fixed_list(r: &Value, name: &str) -> String {
    let fixed: Vec<&Value> = r["fixed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| text(f, "unit") == name)
        .collect();
    if fixed.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<h2>已改正</h2><table><thead><tr><th>状态</th><th>说明</th></tr></thead><tbody>",
    );
    for f in fixed {
        let _ = write!(
            s,
            "<tr><td>已改正</td><td>{}</td></tr>",
            esc(text(f, "message"))
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// 文件: every entry of the inbox with its status (文件清单).
pub async fn files(State(app): State<Arc<App>>) -> Response {
    let dir = app.dir();
    let mut b = String::from("<h1>文件清单</h1>");
    let Some((r, _)) = workspace::report(&dir) else {
        b.push_str("<p>尚未检查。</p>");
        return layout(&app, "文件", "文件", &b);
    };
    b.push_str("<table class=\"sortable\"><thead><tr><th>文件</th><th>状态</th><th class=\"n\">表</th><th class=\"n\">计入的表</th><th class=\"n\">错误</th><th class=\"n\">警告</th></tr></thead><tbody>");
    for f in r["files"].as_array().into_iter().flatten() {
        let tables: Vec<&Value> = f["tables"].as_array().into_iter().flatten().collect();
        let counting = tables
            .iter()
            .filter(|t| t["counts"].as_bool().unwrap_or(true))
            .count();
        let all: Vec<&Value> = f["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(
                tables
                    .iter()
                    .flat_map(|t| t["findings"].as_array().into_iter().flatten()),
            )
            .collect();
        let sev = |k: &str| all.iter().filter(|x| text(x, "severity") == k).count();
        let status = match text(f, "status") {
            _ if !tables.is_empty() && counting == 0 => "已被替代",
            "ok" => "已读取",
            "invalid" => "有错误",
            "unreadable" => "无法读取",
            "skipped" => "已跳过",
            other => other,
        };
        let _ = write!(b, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{counting}</td><td class=\"n err\">{}</td><td class=\"n warn\">{}</td></tr>", esc(&rel(&dir, text(f, "path"))), esc(status), tables.len(), sev("error"), sev("warning"));
    }
    b.push_str("</tbody></table>");
    layout(&app, "文件", "文件", &b)
}

/// 设置: the settings form and the roster.
pub async fn settings(
    State(app): State<Arc<App>>,
    axum::extract::Query(q): axum::extract::Query<Vec<(String, String)>>,
) -> Response {
    let saved = q.iter().any(|(k, _)| k == "saved");
    let note = app.note.lock().ok().and_then(|mut n| n.take());
    let line = note.as_deref().or(saved.then_some("已保存。"));
    settings_page(&app, line.map(|l| (l, true)))
}

fn settings_page(app: &App, note: Option<(&str, bool)>) -> Response {
    let dir = app.dir();
    let values = workspace::settings_values(&dir);
    let mut b = String::from("<h1>设置</h1>");
    if let Some((msg, ok)) = note {
        let _ = write!(
            b,
            "<p class=\"{}\">{}</p>",
            if ok { "ok" } else { "error" },
            esc(msg)
        );
    }
    let _ = write!(
        b,
        "<form method=\"post\" action=\"/settings?csrf={}\" class=\"settings\">",
        app.keys.csrf
    );
    for (i, f) in workspace::FIELDS.iter().enumerate() {
        let v = values
            .iter()
            .find(|(k, _)| k == f.key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let input = match f.kind {
            workspace::Kind::List => format!(
                "<textarea id=\"f{i}\" name=\"{}\" rows=\"3\">{}</textarea>",
                esc(f.key),
                esc(v)
            ),
            workspace::Kind::Int => format!(
                "<input id=\"f{i}\" name=\"{}\" type=\"number\" value=\"{}\">",
                esc(f.key),
                esc(v)
            ),
            workspace::Kind::Text => format!(
                "<input id=\"f{i}\" name=\"{}\" type=\"text\" value=\"{}\">",
                esc(f.key),
                esc(v)
            ),
        };
        let _ = write!(
            b,
            "<div class=\"field\"><label for=\"f{i}\">{}</label>{input}<small>{}</small></div>",
            esc(f.label),
            esc(f.comment)
        );
    }
    b.push_str("<button type=\"submit\" class=\"primary\">保存</button></form><p class=\"hint\">保存在工作区的 selfeval.toml 中，其中的说明文字保留不变。</p>");
    b.push_str("<h2>单位名单</h2>");
    b.push_str(&download_link(
        app,
        "下载单位名单",
        &workspace::folders(&dir).roster,
    ));
    let _ = write!(b, "<form method=\"post\" action=\"/roster?csrf={}\" enctype=\"multipart/form-data\" class=\"card\"><label for=\"roster\">上传新的单位名单（.xlsx，原名单保留为 .bak）</label><input id=\"roster\" type=\"file\" name=\"roster\" accept=\".xlsx\"><button type=\"submit\">上传名单</button></form>", app.keys.csrf);
    layout(app, "设置", "设置", &b)
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
        Ok(()) => Redirect::to("/settings?saved=1").into_response(),
        Err(e) => {
            let mut r = settings_page(&app, Some((&format!("未保存：{e:#}"), false)));
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
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
    fn statuses_read_in_chinese() {
        assert_eq!(status_zh("returned", Some(2)), "已退回（第2轮）");
        assert_eq!(status_zh("not-received", None), "未报送");
    }
}
