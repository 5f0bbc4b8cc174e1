//! The page's CSS and JavaScript, embedded in the binary: nothing is loaded from anywhere
//! else, so the page works with no network at all.

use super::pages;
use super::text::Tr;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");

/// `GET /assets/{name}`.
pub async fn send(tr: Tr, Path(name): Path<String>) -> Response {
    let (ty, body) = match name.as_str() {
        "app.css" => ("text/css; charset=utf-8", CSS),
        "app.js" => ("text/javascript; charset=utf-8", JS),
        _ => return pages::error(tr, StatusCode::NOT_FOUND, "没有这个页面。"),
    };
    ([(header::CONTENT_TYPE, ty)], body).into_response()
}
