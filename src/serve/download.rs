//! Downloads by an identifier the server issued (web.md §3): a page registers each file it
//! links to and gets a random id; a request names only that id, never a path.

use super::text::Tr;
use super::{pages, App};
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A file the page links to, and the name the browser saves it under (its own name when
/// `None`).
type Entry = (PathBuf, Option<String>);

/// The ids issued so far and their files.
#[derive(Default)]
pub struct Registry {
    by_id: Mutex<HashMap<String, Entry>>,
}

impl Registry {
    /// The id of `path` (the same id each time the same file is linked), saved as `name`
    /// when given, else under its own name: every unit's letter is `审核意见书.docx` and a
    /// round's return workbook has the current one's name, so a unit's downloads are named
    /// by the page (`{单位} 第1轮审核意见书.docx`) lest they overwrite each other in the
    /// officer's Downloads folder.
    pub fn issue(&self, path: &Path, name: Option<String>) -> String {
        let Ok(mut map) = self.by_id.lock() else {
            return String::new();
        };
        let entry = (path.to_path_buf(), name);
        if let Some((id, _)) = map.iter().find(|(_, e)| **e == entry) {
            return id.clone();
        }
        let id = super::security::random_hex(16).unwrap_or_default();
        map.insert(id.clone(), entry);
        id
    }

    fn get(&self, id: &str) -> Option<Entry> {
        self.by_id.lock().ok()?.get(id).cloned()
    }
}

/// `GET /dl/{id}`: the file as an attachment under its own name.
pub async fn send(State(app): State<Arc<App>>, tr: Tr, UrlPath(id): UrlPath<String>) -> Response {
    let Some((path, saved_as)) = app.downloads.get(&id) else {
        return pages::error(
            tr,
            StatusCode::NOT_FOUND,
            "没有这个下载，请刷新页面后重试。",
        );
    };
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!("download {}: {e}", path.display());
            return pages::error(
                tr,
                StatusCode::NOT_FOUND,
                "文件已不存在（可能正在重新生成），请稍后刷新页面。",
            );
        }
    };
    let name = saved_as.unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let disposition = format!(
        "attachment; filename=\"download\"; filename*=UTF-8''{}",
        pct(&name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type(&name).to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Percent-encodes every byte but the unreserved ones (RFC 5987).
pub fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
