//! Uploads into the inbox (web.md §3): each file streamed to a hidden temporary file in
//! 收件箱 (removed if the upload is cut off, so no partial file is ever left) and renamed to
//! a safe name only once whole; names with `..`, a path separator, a drive letter or a
//! control character are refused; limits per file, per request and files per request.

use super::progress::Job;
use super::text::Tr;
use super::{workspace, App};
use crate::campaign::roster::RosterUnit;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The upload limits (web.md §3).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes per file (default 100 MB).
    pub file: u64,
    /// Bytes per request (default 1 GB).
    pub request: u64,
    /// Files per request (default 2,000).
    pub files: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file: 100_000_000,
            request: 1_000_000_000,
            files: 2000,
        }
    }
}

impl Limits {
    /// The defaults, or `SELFEVAL_SERVE_LIMITS=FILE,REQUEST,FILES` (hidden; for tests).
    pub fn from_env() -> Self {
        let d = Limits::default();
        let Ok(v) = std::env::var("SELFEVAL_SERVE_LIMITS") else {
            return d;
        };
        let p: Vec<&str> = v.split(',').collect();
        let n = |i: usize| p.get(i).and_then(|x| x.trim().parse::<u64>().ok());
        Limits {
            file: n(0).unwrap_or(d.file),
            request: n(1).unwrap_or(d.request),
            files: n(2).map(|x| x as usize).unwrap_or(d.files),
        }
    }
}

/// One file's result line.
#[derive(Debug, Serialize)]
pub struct Line {
    /// The name as sent (shown escaped).
    pub name: String,
    /// `received`, `duplicate` or `refused`.
    pub result: &'static str,
    /// The Chinese line the page shows.
    pub message: String,
}

/// `POST /upload`: every file of the form field(s) into the inbox; a run is queued when
/// anything new arrived. 413 when a limit refused a file, 400 for a bad name, else 200.
pub async fn receive(
    State(app): State<Arc<App>>,
    tr: Tr,
    headers: axum::http::HeaderMap,
    mut form: Multipart,
) -> Response {
    // A request that says it is over the limit is refused before a byte of it is read.
    if declared_length(&headers).is_some_and(|n| n > app.limits.request) {
        let m = cut_message(tr, StatusCode::PAYLOAD_TOO_LARGE, &app);
        return answer(StatusCode::PAYLOAD_TOO_LARGE, vec![line("", "refused", m)]);
    }
    if !workspace::is_workspace(&app.dir()) {
        let m = tr.t("未接收：这个文件夹还不是工作区，请先在“总览”中建立工作区");
        return answer(StatusCode::BAD_REQUEST, vec![line("", "refused", m.into())]);
    }
    let inbox = workspace::folders(&app.dir()).inbox;
    if let Err(e) = std::fs::create_dir_all(&inbox) {
        return answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            vec![line("", "refused", tr.f("无法建立收件箱：{0}", &[&e]))],
        );
    }
    let mut lines = Vec::new();
    let mut status = StatusCode::OK;
    let (mut count, mut total) = (0usize, 0u64);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                status =
                    StatusCode::from_u16(e.status().as_u16()).unwrap_or(StatusCode::BAD_REQUEST);
                // The file cut off by the limit said it already: no second, nameless line.
                let m = cut_message(tr, status, &app);
                if lines.last().is_none_or(|l: &Line| l.message != m) {
                    lines.push(line("", "refused", m));
                }
                break;
            }
        };
        let Some(name) = field.file_name().map(str::to_string) else {
            continue;
        };
        count += 1;
        let (l, s) = one_file(&app, tr, &inbox, field, name, count, &mut total).await;
        if s != StatusCode::OK && status != StatusCode::PAYLOAD_TOO_LARGE {
            status = s;
        }
        lines.push(l);
    }
    if lines.iter().any(|l| l.result == "received") {
        app.jobs.push(Job::Run);
    }
    answer(status, lines)
}

/// One file's result: its line and the status it asks of the answer.
type Outcome = (Line, StatusCode);

async fn one_file(
    app: &App,
    tr: Tr,
    inbox: &Path,
    field: axum::extract::multipart::Field<'_>,
    name: String,
    count: usize,
    total: &mut u64,
) -> Outcome {
    if count > app.limits.files {
        let m = tr.f(
            "未接收：一次最多上传 {0} 个文件，请分批上传",
            &[&app.limits.files],
        );
        return refused(&name, m, StatusCode::PAYLOAD_TOO_LARGE);
    }
    if let Err(why) = check_name(&name) {
        let m = tr.f("未接收：文件名{0}", &[&tr.t(why)]);
        return refused(&name, m, StatusCode::BAD_REQUEST);
    }
    let mut tmp = match tempfile::Builder::new()
        .prefix(".selfeval-upload-")
        .tempfile_in(inbox)
    {
        Ok(t) => t,
        Err(e) => {
            let m = tr.f("未接收：无法写入收件箱（{0}）", &[&e]);
            return refused(&name, m, StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let (size, hash) = match stream(app, tr, field, &mut tmp, &name, total).await {
        Ok(r) => r,
        Err(o) => return o,
    };
    if name.to_lowercase().ends_with(".zip") {
        return unpacked(app, tr, &tmp, inbox, &name);
    }
    store(tr, tmp, inbox, &name, size, &hash)
}

fn refused(name: &str, message: String, status: StatusCode) -> Outcome {
    (line(name, "refused", message), status)
}

/// Streams the field into `tmp` within the per-file limit: its size and hash, or why it was
/// refused.
async fn stream(
    app: &App,
    tr: Tr,
    mut field: axum::extract::multipart::Field<'_>,
    tmp: &mut tempfile::NamedTempFile,
    name: &str,
    total: &mut u64,
) -> Result<(u64, blake3::Hash), Outcome> {
    let mut size = 0u64;
    let mut hasher = blake3::Hasher::new();
    loop {
        match field.chunk().await {
            Ok(Some(bytes)) => {
                size += bytes.len() as u64;
                *total += bytes.len() as u64;
                if size > app.limits.file {
                    let m = tr.f(OVER_FILE_LIMIT, &[&human(tr, app.limits.file)]);
                    return Err(refused(name, m, StatusCode::PAYLOAD_TOO_LARGE));
                }
                hasher.update(&bytes);
                if let Err(e) = tmp.write_all(&bytes) {
                    let m = tr.f("未接收：无法写入（{0}）", &[&e]);
                    return Err(refused(name, m, StatusCode::INTERNAL_SERVER_ERROR));
                }
            }
            Ok(None) => return Ok((size, hasher.finalize())),
            // Cut off, or over the request's limit: the temporary file goes with `tmp`.
            Err(e) => {
                let s =
                    StatusCode::from_u16(e.status().as_u16()).unwrap_or(StatusCode::BAD_REQUEST);
                return Err(refused(name, cut_message(tr, s, app), s));
            }
        }
    }
}

/// An uploaded zip, unpacked: one line for it, naming each entry's result.
fn unpacked(app: &App, tr: Tr, tmp: &tempfile::NamedTempFile, inbox: &Path, name: &str) -> Outcome {
    let limits = app.limits;
    let lines = match tokio::task::block_in_place(|| unpack(tr, tmp.path(), inbox, name, limits)) {
        Ok(lines) => lines,
        // Not a zip at all: said alone, not after "unpacked, 0 received".
        Err(refusal) => return (refusal, StatusCode::BAD_REQUEST),
    };
    let status = if lines.iter().any(|l| l.result == "refused") {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let received = lines.iter().filter(|l| l.result == "received").count();
    let mut summary = line(
        name,
        if received > 0 { "received" } else { "refused" },
        tr.f("已解压，收到其中 {0} 个文件", &[&received]),
    );
    for l in lines {
        summary
            .message
            .push_str(&tr.f("；{0}：{1}", &[&l.name, &l.message]));
    }
    (summary, status)
}

/// A whole file kept in the inbox under a safe name, unless the inbox holds its content
/// already.
fn store(
    tr: Tr,
    tmp: tempfile::NamedTempFile,
    inbox: &Path,
    name: &str,
    size: u64,
    hash: &blake3::Hash,
) -> Outcome {
    if let Some(same) = duplicate_of(inbox, size, hash) {
        let m = tr.f("与已收到的“{0}”内容相同，未重复保存", &[&same]);
        return (line(name, "duplicate", m), StatusCode::OK);
    }
    let stored = match persist(tmp, inbox, name) {
        Ok(p) => p,
        Err(e) => {
            let m = tr.f("未接收：无法保存（{0}）", &[&e]);
            return refused(name, m, StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let shown = stored
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let m = if shown == name {
        tr.t("已接收").to_string()
    } else {
        tr.f("已接收，保存为“{0}”", &[&shown])
    };
    (
        line(name, "received", passed_over(tr, &stored, m)),
        StatusCode::OK,
    )
}

/// A received file the check will pass over (a photo, a lock file, a `.rar`) is said so
/// at once, in the words of 文件清单, not found out only after the check.
fn passed_over(tr: Tr, stored: &Path, said: String) -> String {
    let Some(why) = crate::read::walk::classify_file(stored) else {
        return said;
    };
    let (zh, en) = why.text();
    let why = if tr.0 == crate::diag::Lang::En {
        en
    } else {
        zh
    };
    tr.f("{0}（{1}）", &[&said, &why])
}

/// The body length a request declares (`Content-Length`), when it declares one.
fn declared_length(headers: &axum::http::HeaderMap) -> Option<u64> {
    headers
        .get(axum::http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn cut_message(tr: Tr, s: StatusCode, app: &App) -> String {
    if s == StatusCode::PAYLOAD_TOO_LARGE {
        tr.f(
            "未接收：本次上传超过 {0} 的上限，请分批上传",
            &[&human(tr, app.limits.request)],
        )
    } else {
        tr.t("未接收：上传的内容有误或中途断开，请重试").to_string()
    }
}

fn line(name: &str, result: &'static str, message: String) -> Line {
    Line {
        name: name.to_string(),
        result,
        message,
    }
}

fn answer(status: StatusCode, files: Vec<Line>) -> Response {
    let body = serde_json::json!({ "files": files }).to_string();
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// Why a name sent by the browser is refused (a key of the page's texts): it would leave
/// 收件箱 or cannot be a name.
pub fn check_name(name: &str) -> Result<(), &'static str> {
    if name.contains('/') || name.contains('\\') {
        return Err("含有路径分隔符");
    }
    if name.contains("..") {
        return Err("含有“..”");
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' || name.contains(':') {
        return Err("含有盘符或冒号");
    }
    if name.chars().any(char::is_control) {
        return Err("含有控制字符");
    }
    if name.trim().is_empty() {
        return Err("为空");
    }
    Ok(())
}

/// Unpacks an uploaded zip into `收件箱/{zip name}/`: each entry's path checked part by
/// part as an uploaded name is (an entry naming `..`, a drive or a control character is
/// refused), its size bounded by the per-file limit while it inflates, at most the limit of
/// files per request; names not in UTF-8 read as GBK (Chinese Windows writes them so).
fn unpack(
    tr: Tr,
    zip: &Path,
    inbox: &Path,
    zip_name: &str,
    limits: Limits,
) -> Result<Vec<Line>, Line> {
    let archive = std::fs::File::open(zip)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
    let mut archive = match archive {
        Ok(a) => a,
        Err(_) => {
            return Err(line(
                zip_name,
                "refused",
                tr.t("未接收：不是有效的 zip 压缩文件（已损坏或不完整），请单位重新压缩后报送")
                    .into(),
            ))
        }
    };
    let stem = zip_name.rsplit_once('.').map_or(zip_name, |(s, _)| s);
    let folded = folder_named_as_zip(&mut archive, stem);
    let mut lines = Vec::new();
    let mut count = 0usize;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            lines.push(line(
                &tr.f("第{0}项", &[&(i + 1)]),
                "refused",
                tr.t("未接收：无法解压").into(),
            ));
            continue;
        };
        let name = entry_name(entry.name_raw());
        if entry.is_dir() || name.starts_with("__MACOSX") {
            continue;
        }
        count += 1;
        if count > limits.files {
            lines.push(line(
                &name,
                "refused",
                tr.f("未接收：一次最多 {0} 个文件", &[&limits.files]),
            ));
            break;
        }
        let inner = folded.then(|| under_top(&name)).flatten();
        let to = Target {
            inbox,
            stem,
            name: inner.unwrap_or(&name),
        };
        lines.push(unpack_one(tr, &mut entry, &to, &name, limits));
    }
    Ok(lines)
}

/// An entry's name: UTF-8, else GBK (as Chinese Windows writes it).
fn entry_name(raw: &[u8]) -> String {
    String::from_utf8(raw.to_vec()).unwrap_or_else(|_| encoding_rs::GBK.decode(raw).0.into_owned())
}

/// The path of an entry below its first folder (`永登县农业农村局/部门整体.xlsx` →
/// `部门整体.xlsx`); none for an entry at the top.
fn under_top(name: &str) -> Option<&str> {
    let name = name.trim_start_matches(['/', '\\']);
    let (_, rest) = name.split_once(['/', '\\'])?;
    (!rest.is_empty()).then_some(rest)
}

/// Whether every file of the zip lies in one folder named as the zip itself — what
/// Windows' "send to compressed folder" makes of a unit's folder. Its files then go into
/// `收件箱/{zip name}/` directly, not into `收件箱/永登县农业农村局/永登县农业农村局/`.
fn folder_named_as_zip(archive: &mut zip::ZipArchive<std::fs::File>, stem: &str) -> bool {
    let key = crate::outdir::names::safe_stem(stem);
    let mut any = false;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return false;
        };
        let name = entry_name(entry.name_raw());
        if entry.is_dir() || name.starts_with("__MACOSX") {
            continue;
        }
        let top = name
            .trim_start_matches(['/', '\\'])
            .split(['/', '\\'])
            .next();
        if under_top(&name).is_none()
            || top.map(crate::outdir::names::safe_stem) != Some(key.clone())
        {
            return false;
        }
        any = true;
    }
    any
}

/// Where an entry of a zip goes: `收件箱/{zip name}/{name}`.
struct Target<'a> {
    inbox: &'a Path,
    stem: &'a str,
    /// The entry's path inside the zip's folder.
    name: &'a str,
}

/// One entry of a zip into the inbox; its result line names it as the zip does.
fn unpack_one(
    tr: Tr,
    entry: &mut dyn std::io::Read,
    to: &Target<'_>,
    name: &str,
    limits: Limits,
) -> Line {
    let (inbox, stem) = (to.inbox, to.stem);
    let parts: Vec<&str> = to
        .name
        .split(['/', '\\'])
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(why) = parts.iter().find_map(|p| check_name(p).err()) {
        return line(name, "refused", tr.f("未接收：文件名{0}", &[&tr.t(why)]));
    }
    let Some((file, dirs)) = parts.split_last() else {
        return line(name, "refused", tr.f("未接收：文件名{0}", &[&tr.t("为空")]));
    };
    let mut folder = inbox.join(crate::outdir::names::safe_stem(stem));
    for d in dirs {
        folder.push(crate::outdir::names::safe_stem(d));
    }
    let written = std::fs::create_dir_all(&folder).and_then(|_| {
        let mut tmp = tempfile::Builder::new()
            .prefix(".selfeval-upload-")
            .tempfile_in(&folder)?;
        let n = std::io::copy(&mut std::io::Read::take(entry, limits.file + 1), &mut tmp)?;
        Ok((tmp, n))
    });
    match written {
        Ok((_, n)) if n > limits.file => line(
            name,
            "refused",
            tr.f(OVER_FILE_LIMIT, &[&human(tr, limits.file)]),
        ),
        Ok((tmp, _)) => match persist(tmp, &folder, file) {
            Ok(p) => line(name, "received", passed_over(tr, &p, tr.t("已接收").into())),
            Err(e) => line(name, "refused", tr.f("未接收：无法保存（{0}）", &[&e])),
        },
        Err(e) => line(name, "refused", tr.f("未接收：无法解压（{0}）", &[&e])),
    }
}

/// Renames the whole upload to its safe name in the inbox: ` (2)`, ` (3)` … when the name
/// is taken (both files kept).
fn persist(tmp: tempfile::NamedTempFile, inbox: &Path, name: &str) -> std::io::Result<PathBuf> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{}", crate::outdir::names::safe_stem(e))),
        _ => (name, String::new()),
    };
    let stem = crate::outdir::names::safe_stem(stem);
    let mut tmp = tmp;
    for k in 1..10_000 {
        let candidate = if k == 1 {
            format!("{stem}{ext}")
        } else {
            format!("{stem} ({k}){ext}")
        };
        let path = inbox.join(&candidate);
        match tmp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(std::io::Error::other("too many files of that name"))
}

/// The inbox file (relative name) with the same content, if any.
fn duplicate_of(inbox: &Path, size: u64, hash: &blake3::Hash) -> Option<String> {
    walkdir::WalkDir::new(inbox)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() == size))
        .find(|e| std::fs::read(e.path()).is_ok_and(|b| blake3::hash(&b) == *hash))
        .map(|e| {
            e.path()
                .strip_prefix(inbox)
                .unwrap_or(e.path())
                .display()
                .to_string()
        })
}

/// A byte count for people (`100 MB`).
pub fn human(tr: Tr, n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 && n % 1_000_000_000 == 0 => format!("{} GB", n / 1_000_000_000),
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{} MB", n / 1_000_000),
        n if n >= 1000 && n % 1000 == 0 => format!("{} KB", n / 1000),
        n => tr.f("{0} 字节", &[&n]),
    }
}

/// `POST /roster`: a new 单位名单.xlsx (the old one kept as `单位名单.xlsx.bak`).
pub async fn roster(State(app): State<Arc<App>>, tr: Tr, form: Multipart) -> Response {
    let dir = app.dir();
    let bytes = match roster_bytes(&app, form).await {
        Some(b) => b,
        None => return super::pages::error(tr, StatusCode::PAYLOAD_TOO_LARGE, "名单文件过大。"),
    };
    if bytes.is_empty() {
        return refuse_roster(&app, tr, "请选择单位名单工作簿（.xlsx）。");
    }
    let path = workspace::folders(&dir).roster;
    let mut tmp = path.clone().into_os_string();
    tmp.push(".upload-tmp");
    let tmp = PathBuf::from(tmp);
    let old = roster_units(&path).unwrap_or_default();
    // A workbook with no unit in it (another workbook chosen by mistake: the roster
    // reader takes it as an empty roster) is refused too: it would delete every unit.
    let new = std::fs::write(&tmp, &bytes)
        .ok()
        .and_then(|_| roster_units(&tmp));
    let Some(new) = new.filter(|n| !n.is_empty()) else {
        let _ = std::fs::remove_file(&tmp);
        return refuse_roster(
            &app,
            tr,
            "这不是可用的单位名单（需要工作表“单位名单”、“单位名称”列和至少一个单位），原名单未改动。",
        );
    };
    if !replace_roster(&tmp, &path) {
        return super::pages::error(
            tr,
            StatusCode::INTERNAL_SERVER_ERROR,
            "无法保存单位名单（文件是否在 Excel 中打开？）",
        );
    }
    app.jobs.push(Job::Run);
    if let Ok(mut n) = app.note.lock() {
        *n = Some((roster_change(tr, &old, &new), true));
    }
    axum::response::Redirect::to("/settings").into_response()
}

/// The first file of the form (empty when there is none), or `None` past the per-file
/// limit.
async fn roster_bytes(app: &App, mut form: Multipart) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Ok(Some(mut f)) = form.next_field().await {
        if f.file_name().is_none() {
            continue;
        }
        while let Ok(Some(c)) = f.chunk().await {
            if (bytes.len() + c.len()) as u64 > app.limits.file {
                return None;
            }
            bytes.extend_from_slice(&c);
        }
        break;
    }
    Some(bytes)
}

/// A file over the per-file limit: the limit, and what the officer can do about it (a
/// self-evaluation workbook is far under it; one this large is the wrong file or holds scans).
const OVER_FILE_LIMIT: &str =
    "未接收：文件超过 {0} 的上限。请确认是否选错了文件；如表中插入了扫描件或图片，请单位删去后重新报送";

/// The units of the roster workbook at `p`, if it can be read.
fn roster_units(p: &Path) -> Option<Vec<RosterUnit>> {
    Some(crate::campaign::roster::read(p).ok()?.units)
}

/// The uploaded roster `tmp` put in place of `path`, the old one copied to `.bak` first;
/// false (and `tmp` removed) when it cannot be renamed.
fn replace_roster(tmp: &Path, path: &Path) -> bool {
    if path.is_file() {
        let mut bak = path.to_path_buf().into_os_string();
        bak.push(".bak");
        let _ = std::fs::copy(path, bak);
    }
    if std::fs::rename(tmp, path).is_err() {
        let _ = std::fs::remove_file(tmp);
        return false;
    }
    true
}

/// A roster upload refused: said on the settings page, where the officer chose the file
/// (a redirect, so that going back or reloading sends nothing again).
fn refuse_roster(app: &App, tr: Tr, why: &'static str) -> Response {
    if let Ok(mut n) = app.note.lock() {
        *n = Some((tr.t(why).to_string(), false));
    }
    axum::response::Redirect::to("/settings").into_response()
}

/// What changed between two rosters, for the officer: the units that came, went, and
/// whose row changed (a contact, an alias: "the same as before" read as a lost edit).
pub fn roster_change(tr: Tr, old: &[RosterUnit], new: &[RosterUnit]) -> String {
    let named = |list: &[RosterUnit], n: &str| list.iter().any(|u| u.name == n);
    let added: Vec<&str> = new
        .iter()
        .filter(|u| !named(old, &u.name))
        .map(|u| u.name.as_str())
        .collect();
    let removed: Vec<&str> = old
        .iter()
        .filter(|u| !named(new, &u.name))
        .map(|u| u.name.as_str())
        .collect();
    let changed: Vec<&str> = new
        .iter()
        .filter(|u| old.iter().any(|o| o.name == u.name && o != *u))
        .map(|u| u.name.as_str())
        .collect();
    let mut s = tr.f("单位名单已更新，共 {0} 个单位", &[&new.len()]);
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        s.push_str(tr.t("，与原名单相同。"));
        return s;
    }
    let list = tr.t("、");
    for (names, said) in [
        (added, "；新增 {0} 个：{1}"),
        (removed, "；删除 {0} 个：{1}"),
        (changed, "；修改 {0} 个：{1}"),
    ] {
        if !names.is_empty() {
            s.push_str(&tr.f(said, &[&names.len(), &names.join(list)]));
        }
    }
    s.push_str(tr.t("。"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_leave_the_inbox_are_refused() {
        for bad in [
            "../x.xlsx",
            "a/b.xlsx",
            "a\\b.xlsx",
            "C:x.xlsx",
            "..",
            "a..b",
            "x\u{1}.xlsx",
            "  ",
            "a:b",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        for good in ["永登县教育局.xlsx", "单位 (2).xls", ".xlsx"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_roster_change_names_who_came_and_went() {
        let v = |x: &[&str]| x.iter().map(|s| unit(s, "")).collect::<Vec<_>>();
        let zh = Tr(crate::diag::Lang::Zh);
        assert_eq!(
            roster_change(zh, &v(&["甲", "乙"]), &v(&["乙", "丙"])),
            "单位名单已更新，共 2 个单位；新增 1 个：丙；删除 1 个：甲。"
        );
        assert_eq!(
            roster_change(zh, &v(&["甲"]), &v(&["甲"])),
            "单位名单已更新，共 1 个单位，与原名单相同。"
        );
        let en = Tr(crate::diag::Lang::En);
        assert_eq!(
            roster_change(en, &v(&["A", "B"]), &v(&["B", "C", "D"])),
            "Roster updated: 3 units; 2 added: C, D; 1 removed: A."
        );
    }

    fn unit(name: &str, contact: &str) -> RosterUnit {
        RosterUnit {
            name: name.into(),
            department: String::new(),
            contact: contact.into(),
            phone: String::new(),
            aliases: Vec::new(),
        }
    }

    /// trial21: a contact changed in the roster downloaded and uploaded back was said
    /// "the same as before".
    #[test]
    fn a_roster_change_names_a_unit_whose_row_changed() {
        let zh = Tr(crate::diag::Lang::Zh);
        let old = [unit("甲", "张三"), unit("乙", "李四")];
        let new = [unit("甲", "张三"), unit("乙", "李明")];
        assert_eq!(
            roster_change(zh, &old, &new),
            "单位名单已更新，共 2 个单位；修改 1 个：乙。"
        );
        let en = Tr(crate::diag::Lang::En);
        assert_eq!(
            roster_change(en, &old, &new),
            "Roster updated: 2 units; 1 changed: 乙."
        );
    }

    #[test]
    fn limits_read_as_people_say_them() {
        let zh = Tr(crate::diag::Lang::Zh);
        assert_eq!(human(zh, 100_000_000), "100 MB");
        assert_eq!(human(zh, 1_000_000_000), "1 GB");
        assert_eq!(human(zh, 1234), "1234 字节");
        assert_eq!(human(Tr(crate::diag::Lang::En), 1234), "1234 bytes");
    }
}
