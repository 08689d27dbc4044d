//! The search API: a request checked and bounded, asked of the cluster in catalog's terms, and
//! answered in the shape the app and `khlang search --json` know.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use catalog::analysis::Analyzer;
use catalog::api::ApiError;
use catalog::opensearch::{read_response_read, search_body_read};
use catalog::query::{heads_cut, parse, respellings, ParsedQuery};
use catalog::spelling::{Respelling, Spellings};
use catalog::SearchRequest;
use reqwest::Method;
use serde_json::json;

use super::rate::Rate;
use crate::cluster::{Body, Cluster, ClusterError};
use crate::site::app_assets;
use crate::site::published::{self, Trust};

/// The longest query accepted, in characters: a pasted paragraph, not a document.
const MAX_QUERY_CHARS: usize = 1000;
/// The most hits in one page: the app's "show more" asks again from the top with a larger
/// page (10, 20, 30, …), so fifty presses of it.
const MAX_LIMIT: usize = 500;
/// How deep paging may go (the cluster's own window is 10,000).
const MAX_DEPTH: usize = 10_000;

/// What every request shares.
pub struct App {
    cluster: Cluster,
    index: String,
    analyzer: Analyzer,
    /// The other spellings the archives given with the command found in their documents
    /// (catalog::spelling::Spellings), offered and included as each archive's own app does.
    spellings: Spellings,
    pub rate: Rate,
    /// The page and the app's files, by path.
    pub files: HashMap<String, Vec<u8>>,
    /// Where the documents of the archives given with --documents are, by archive id.
    pub documents: HashMap<String, PathBuf>,
}

impl App {
    pub fn new(
        cluster: Cluster,
        index: &str,
        title: &str,
        sites: &[PathBuf],
        behind_proxy: bool,
    ) -> Result<App> {
        let mut files: HashMap<String, Vec<u8>> = app_assets::app_files()?.into_iter().collect();
        files.insert("index.html".into(), app_assets::server_page(title)?);
        let mut documents = HashMap::new();
        let mut tables = Vec::new();
        let trust = Trust {
            require_signature: false,
            keys: Vec::new(),
        };
        for site in sites {
            let archive = published::open(site, &trust)?;
            tables.push(archive.spellings()?);
            // resolve() keeps a document inside its site by its real (canonical) path.
            let root = site.canonicalize()?;
            documents.insert(archive.archive().to_string(), root);
        }
        Ok(App {
            cluster,
            index: index.to_string(),
            // The words only rank; which documents match depends on units alone, which no
            // dictionary changes (see catalog::opensearch).
            analyzer: Analyzer::new(Vec::<String>::new()),
            spellings: Spellings::merged(tables),
            rate: Rate::new(behind_proxy),
            files,
            documents,
        })
    }

    /// Fails unless the cluster answers and holds the index.
    pub async fn check(&self) -> Result<()> {
        let path = format!("/{}/_count", self.index);
        let what = format!("count the documents in {}", self.index);
        let (status, value) = self.cluster.send(Method::GET, &path, None, &what).await?;
        if status == StatusCode::NOT_FOUND {
            anyhow::bail!(
                "the cluster at {} has no index {}: publish archives into it first with \
                 `khlang publish SITE... --opensearch {} --index {}`",
                self.cluster.url(),
                self.index,
                self.cluster.url(),
                self.index
            );
        }
        if !status.is_success() {
            return Err(crate::cluster::refused(&what, status, &value).into());
        }
        println!(
            "{} documents in {} at {}.",
            value["count"].as_u64().unwrap_or(0),
            self.index,
            self.cluster.url()
        );
        Ok(())
    }
}

/// An error answer: `{"error": message}`.
fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = ApiError {
        error: message.into(),
    };
    (status, Json(body)).into_response()
}

/// The cluster's answer to `request` read as `parsed`, with `offered` other spellings.
async fn ask(
    app: &App,
    request: &SearchRequest,
    parsed: &ParsedQuery,
    offered: &[Respelling],
) -> Result<serde_json::Value, ClusterError> {
    let body = search_body_read(request, parsed, offered, &app.analyzer);
    let path = format!("/{}/_search", app.index);
    app.cluster
        .ok(Method::POST, &path, Some(Body::Json(body)), "search")
        .await
}

/// `POST /api/search`.
pub async fn search(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let request: SearchRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("not a search request: {e}"),
            )
        }
    };
    if request.query.chars().count() > MAX_QUERY_CHARS {
        return error(
            StatusCode::BAD_REQUEST,
            format!("คำค้นยาวเกินไป (a query may be at most {MAX_QUERY_CHARS} characters)"),
        );
    }
    if request.limit > MAX_LIMIT || request.offset.saturating_add(request.limit) > MAX_DEPTH {
        return error(
            StatusCode::BAD_REQUEST,
            format!("a page may hold at most {MAX_LIMIT} hits, at most {MAX_DEPTH} deep"),
        );
    }
    let mut parsed = parse(&request.query);
    let offered = respellings(&app.spellings, &parsed, &app.analyzer);
    let mut answer = ask(&app, &request, &parsed, &offered).await;
    // Read as the archive's engine reads it: cut at the start when nothing is found as typed
    // (and no other spelling is offered, which says the words are the archive's).
    let found_nothing = matches!(&answer, Ok(v) if v["hits"]["total"]["value"].as_u64() == Some(0));
    let retry = found_nothing && offered.is_empty();
    if let Some(cut) = heads_cut(&parsed, &app.analyzer).filter(|_| retry) {
        let retried = ask(&app, &request, &cut, &[]).await;
        if matches!(&retried, Ok(v) if v["hits"]["total"]["value"].as_u64() != Some(0)) {
            (answer, parsed) = (retried, cut);
        }
    }
    let value = match answer {
        Ok(v) => v,
        Err(e) => {
            let status = match e {
                ClusterError::Unreachable { .. } | ClusterError::Busy { .. } => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                _ => StatusCode::BAD_GATEWAY,
            };
            eprintln!("search failed: {e}");
            return error(
                status,
                "ค้นหาไม่ได้ในขณะนี้ กรุณาลองใหม่ (the search service is not answering; try again)",
            );
        }
    };
    match read_response_read(&request, &parsed, &offered, &value, &app.analyzer) {
        Ok(mut response) => {
            for hit in &mut response.hits {
                hit.facts.url = match &hit.facts.source {
                    Some(source) if app.documents.contains_key(&source.archive) => {
                        format!("archive/{}/{}", source.archive, hit.facts.url)
                    }
                    // No copy here: the result shows no link rather than a broken one.
                    _ => String::new(),
                };
            }
            Json(response).into_response()
        }
        Err(e) => {
            eprintln!("search answer unreadable: {e}");
            error(StatusCode::BAD_GATEWAY, e.to_string())
        }
    }
}

/// `GET /api/health`: whether the cluster answers, and how.
pub async fn health(State(app): State<Arc<App>>) -> Response {
    match app
        .cluster
        .ok(
            Method::GET,
            "/_cluster/health",
            None,
            "ask the cluster's health",
        )
        .await
    {
        Ok(v) => {
            Json(json!({"cluster": v["status"], "nodes": v["number_of_nodes"]})).into_response()
        }
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    }
}

/// What tower's limits answer when the server has all the searches it can take at once.
pub async fn overloaded(_: tower::BoxError) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "มีผู้ค้นหาจำนวนมาก กรุณาลองใหม่ (too many searches at once; try again)",
    )
}
