//! `khlang serve --opensearch`: the search page for many agencies' archives, answered by an
//! OpenSearch cluster, for the public.
//!
//! The browser gets the same app as in an agency's archive, which asks `POST /api/search`
//! instead of searching an index of its own (app/src/backend/). The server translates each
//! request with catalog (catalog::opensearch: the same query plan, analysis and snippets as
//! the archive in the browser) and never lets the browser reach the cluster. It faces the
//! public, so it stands on axum/hyper/tokio with tower's limits: a bounded request body, a
//! time limit per request, a cap on searches at once (more are refused with 503 rather than
//! queued), and a per-address rate limit (429).
//!
//! Routes: `GET /` the page, `GET /app/…` and `GET /data/…` the app's files, `POST
//! /api/search` (a catalog::SearchRequest as JSON → a catalog::SearchResponse as JSON, or
//! `{"error": "…"}` with 400, 429, 502 or 503), `GET /api/health`, and with `--documents`,
//! `GET /archive/ID/…` the documents of the archives given.

mod api;
mod documents;
mod rate;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::cli::ServeArgs;
use crate::cluster::{Cluster, Settings};

/// The largest request body: a search request is a few hundred bytes.
const BODY_LIMIT: usize = 16 << 10;
/// The longest any request may take, the cluster's answer included.
const REQUEST_TIME: Duration = Duration::from_secs(15);
/// Searches answered at once; more wait briefly in the rate limit, then get 503.
const CONCURRENT_SEARCHES: usize = 64;

/// Runs the server until Ctrl-C.
pub fn run(args: &ServeArgs, url: &str) -> Result<ExitCode> {
    let cluster = Cluster::new(Settings::from_env(url)?)?;
    let app = api::App::new(
        cluster,
        &args.index,
        &args.title,
        &args.documents,
        args.behind_proxy,
    )?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(Arc::new(app), SocketAddr::new(args.bind, args.port)))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(app: Arc<api::App>, address: SocketAddr) -> Result<()> {
    app.check().await?;
    let limits = ServiceBuilder::new()
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::GATEWAY_TIMEOUT,
            REQUEST_TIME,
        ));
    let api = Router::new()
        .route(
            &format!("/{}", catalog::api::SEARCH_PATH),
            post(api::search),
        )
        .layer(
            ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(api::overloaded))
                .load_shed()
                .concurrency_limit(CONCURRENT_SEARCHES),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            app.rate.clone(),
            rate::limit,
        ));
    let router = Router::new()
        .merge(api)
        .route("/api/health", get(api::health))
        .route("/", get(documents::page))
        .route("/index.html", get(documents::page))
        .route("/{*path}", get(documents::file))
        .layer(limits)
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}: is the port in use? Try --port 0"))?;
    let bound = listener.local_addr().unwrap_or(address);
    println!("Serving the search at http://{bound}/ (Ctrl-C stops it)");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("the server stopped")?;
    Ok(())
}
