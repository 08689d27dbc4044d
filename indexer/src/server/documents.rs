//! The page, the app's files and, for archives given with `--documents`, their documents.

use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::api::App;
use crate::site::serving::{content_type, mime_type, resolve};

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

/// `GET /PATH`: one of the app's files, or a document of a known archive, served as the
/// preview server serves a site's files (crate::site::serving: inside the site only, and a
/// text in the charset it was read in).
pub async fn file(State(app): State<Arc<App>>, uri: Uri) -> Response {
    // The path as sent: resolve() decodes it once, as the preview server does.
    let path = uri.path().trim_start_matches('/');
    if let Some(bytes) = app.files.get(path) {
        let mime = mime_type(Path::new(path));
        return ([(header::CONTENT_TYPE, mime)], bytes.clone()).into_response();
    }
    let Some((archive, inside)) = path
        .strip_prefix("archive/")
        .and_then(|rest| rest.split_once('/'))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only the site's published copies: the rest of a site (its index) is not for the public here.
    let archive = percent_encoding::percent_decode_str(archive).decode_utf8_lossy();
    let (Some(root), true) = (
        app.documents.get(archive.as_ref()),
        inside.starts_with("docs/"),
    ) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(found) = resolve(root, inside) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(&found).await {
        Ok(bytes) => {
            let mime = content_type(&found, &bytes);
            ([(header::CONTENT_TYPE, mime)], bytes).into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
