//! The page, the app's files and, for archives given with `--documents`, their documents.

use std::path::{Component, Path};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::App;

/// `GET /`: the search page in server mode.
pub async fn page(State(app): State<Arc<App>>) -> Response {
    match app.files.get("index.html") {
        Some(bytes) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /PATH`: one of the app's files, or a document of a known archive.
pub async fn file(State(app): State<Arc<App>>, UrlPath(path): UrlPath<String>) -> Response {
    if let Some(bytes) = app.files.get(&path) {
        return ([(header::CONTENT_TYPE, content_type(&path))], bytes.clone()).into_response();
    }
    let Some(rest) = path.strip_prefix("archive/") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some((archive, inside)) = rest.split_once('/') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (Some(site), Some(relative)) = (app.documents.get(archive), safe(inside)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only the site's published copies: the rest of a site (its index) is not for the public here.
    if !relative.starts_with("docs") {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(site.join(relative)).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(inside))], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `path` when it stays inside the folder it is joined to.
fn safe(path: &str) -> Option<&Path> {
    let p = Path::new(path);
    p.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(p)
}

fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}
