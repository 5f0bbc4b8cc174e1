//! The rules of web.md §3 in one place: the token and its cookie, the exact Host check
//! (DNS rebinding), changes only by POST with a matching Origin and the CSRF token, and
//! the headers every answer carries.

use super::text::Tr;
use super::{pages, workspace, App};
use crate::diag::Lang;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The secrets of one server's life: the token printed in the address (and kept in the
/// cookie) and the CSRF token the pages put in their forms. 256 random bits each.
pub struct Keys {
    /// The token of the printed address.
    pub token: String,
    /// The token every POST must carry (`x-csrf-token` header or `csrf` query field).
    pub csrf: String,
}

impl Keys {
    /// Fresh random keys.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Keys {
            token: random_hex(32)?,
            csrf: random_hex(32)?,
        })
    }
}

/// `n` random bytes from the operating system, as hex.
pub fn random_hex(n: usize) -> anyhow::Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares secrets in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The cookie's name: one per port, so two servers on one PC do not overwrite each other's.
fn cookie_name(port: u16) -> String {
    format!("selfeval_{port}")
}

/// The cookie of the page's language: the browser's choice, for every server on this PC
/// (a preference, not a secret; it changes nothing on the server).
const LANG_COOKIE: &str = "selfeval_lang";

/// The language of a request: the browser's choice (the switch's cookie), else English
/// when `serve --lang en` or the workspace's `"语言" = "en"` asks for it, else Chinese.
pub fn language(app: &App, h: &HeaderMap) -> Tr {
    let chosen = cookies(h).find_map(|(k, v)| match (k, v) {
        (LANG_COOKIE, "en") => Some(Lang::En),
        (LANG_COOKIE, "zh") => Some(Lang::Zh),
        _ => None,
    });
    Tr(chosen.unwrap_or_else(|| {
        if app.lang == Lang::En || workspace::english(&app.dir()) {
            Lang::En
        } else {
            Lang::Zh
        }
    }))
}

/// The middleware: Host, then the token or cookie, then (for a change) Origin and CSRF;
/// the language switch; the headers on every answer, refusals included.
pub async fn guard(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let tr = language(&app, req.headers());
    req.extensions_mut().insert(tr);
    let mut res = match check(&app, &req) {
        Ok(Some(redirect)) => redirect,
        Ok(None) => match switch(&req) {
            Some(to) => to,
            None => next.run(req).await,
        },
        Err((why, log)) => {
            tracing::warn!("refused {} {}: {log}", req.method(), req.uri().path());
            // Without the token (or at a foreign Host) the overview is refused the same
            // way: a link back to it would lead the officer round in a circle.
            let back = !matches!(log, "no valid token" | "foreign Host");
            pages::error_page(tr, StatusCode::FORBIDDEN, tr.t(why), back)
        }
    };
    add_headers(res.headers_mut());
    res
}

type Refusal = (&'static str, &'static str);

/// `Ok(Some(_))`: a visit with the token, answered with the cookie and a clean address.
fn check(app: &App, req: &Request) -> Result<Option<Response>, Refusal> {
    let h = req.headers();
    let host = h.get(header::HOST).and_then(|v| v.to_str().ok());
    if !host.is_some_and(|host| allowed_hosts(app.port).iter().any(|a| a == host)) {
        return Err((
            "此页面只能通过本机地址 127.0.0.1 打开。请使用启动时显示的地址。",
            "foreign Host",
        ));
    }
    if req.method() == Method::GET {
        if let Some(t) = query_value(req.uri().query(), "token") {
            if same(&t, &app.keys.token) {
                return Ok(Some(welcome(app.port, &app.keys.token, req.uri().path())));
            }
        }
    }
    if !has_cookie(h, app.port, &app.keys.token) {
        return Err((
            "此地址已失效或不完整。请使用 selfeval 启动时显示的地址（含 token=…）打开此页面；每次启动地址都会改变，收藏或以前的地址不能再用。",
            "no valid token",
        ));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        check_change(app, req)?;
    }
    Ok(None)
}

/// A change: its Origin must be this server's own, and it must carry the CSRF token.
fn check_change(app: &App, req: &Request) -> Result<(), Refusal> {
    let h = req.headers();
    let origin = h.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let own = allowed_hosts(app.port)
        .iter()
        .any(|a| origin == Some(format!("http://{a}").as_str()));
    if !own {
        return Err(("请求来源不是本页面，已拒绝。", "foreign or missing Origin"));
    }
    let from_header = h.get("x-csrf-token").and_then(|v| v.to_str().ok());
    let from_query = query_value(req.uri().query(), "csrf");
    let token = from_header.map(str::to_string).or(from_query);
    if !token.is_some_and(|t| same(&t, &app.keys.csrf)) {
        return Err((
            "页面已过期或请求缺少校验码，请刷新页面后重试。",
            "missing or wrong CSRF token",
        ));
    }
    Ok(())
}

/// The Host values accepted: exactly these three (web.md §3).
pub fn allowed_hosts(port: u16) -> [String; 3] {
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
}

/// One field of a query string, decoded.
fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    let q = query?;
    serde_urlencoded_pairs(q)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn serde_urlencoded_pairs(q: &str) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{q}").parse().unwrap_or_default(),
    )
    .map(|axum::extract::Query(v)| v)
    .unwrap_or_default()
}

/// The cookies of a request, as (name, value).
fn cookies(h: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
}

fn has_cookie(h: &HeaderMap, port: u16, token: &str) -> bool {
    let name = cookie_name(port);
    cookies(h).any(|(k, v)| k == name && same(v, token))
}

/// The language switch: a GET with `lang=zh` or `lang=en` is answered with the cookie of
/// that language and a redirect to the same page without the query. Browser state only:
/// nothing changes on the server (web.md §3).
fn switch(req: &Request) -> Option<Response> {
    if req.method() != Method::GET {
        return None;
    }
    let lang = query_value(req.uri().query(), "lang")?;
    if lang != "zh" && lang != "en" {
        return None;
    }
    let cookie = format!("{LANG_COOKIE}={lang}; SameSite=Strict; Path=/; Max-Age=31536000");
    Some(back_with_cookie(req.uri().path(), &cookie))
}

/// The answer to a visit with the token: the cookie, and the same page without it.
fn welcome(port: u16, token: &str, path: &str) -> Response {
    let cookie = format!(
        "{}={token}; HttpOnly; SameSite=Strict; Path=/",
        cookie_name(port)
    );
    back_with_cookie(path, &cookie)
}

/// A redirect to `path` of this server (never elsewhere: `//host` would leave it) that
/// sets `cookie`.
fn back_with_cookie(path: &str, cookie: &str) -> Response {
    let local = path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\");
    let path = if local { path } else { "/" };
    let mut res = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, path.to_string())],
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// The headers of web.md §3 on every answer.
pub fn add_headers(h: &mut HeaderMap) {
    let set = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (k, v) in set {
        h.insert(k, HeaderValue::from_static(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert!(!same("", "a"));
    }

    #[test]
    fn the_token_has_256_random_bits() {
        let a = Keys::new().unwrap();
        let b = Keys::new().unwrap();
        assert_eq!(a.token.len(), 64);
        assert_ne!(a.token, b.token);
        assert_ne!(a.token, a.csrf);
    }

    #[test]
    fn query_fields_are_decoded() {
        assert_eq!(
            query_value(Some("a=1&token=x%20y"), "token").as_deref(),
            Some("x y")
        );
        assert_eq!(query_value(Some("a=1"), "token"), None);
    }
}
