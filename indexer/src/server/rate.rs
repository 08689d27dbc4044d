//! A per-address limit on searches: a token bucket for each client, so one address typing
//! (a search a keystroke) is never slowed, while one flooding the API gets 429.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use catalog::api::ApiError;

/// Searches an address may make at once before it must wait: minutes of typing (a search a
/// keystroke, facet clicks, "show more").
const BURST: f64 = 200.0;
/// Searches per second an address may keep up: more than anyone types.
const PER_SECOND: f64 = 20.0;
/// Addresses remembered before the idle ones are forgotten.
const REMEMBERED: usize = 100_000;

/// The buckets, by client address.
#[derive(Clone, Default)]
pub struct Rate {
    buckets: Arc<Mutex<HashMap<IpAddr, (f64, Instant)>>>,
    /// Whether the server stands behind a reverse proxy that names the client in
    /// X-Forwarded-For (`serve --behind-proxy`); else every client would share the proxy's
    /// bucket.
    behind_proxy: bool,
}

impl Rate {
    pub fn new(behind_proxy: bool) -> Rate {
        Rate {
            behind_proxy,
            ..Rate::default()
        }
    }

    /// Takes one search from `ip`'s bucket; `false` when it is empty.
    fn take(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return true; // a panic elsewhere poisoned it: serve rather than refuse everyone
        };
        if buckets.len() >= REMEMBERED {
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * PER_SECOND < BURST
            });
        }
        let (tokens, at) = buckets.entry(ip).or_insert((BURST, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * PER_SECOND).min(BURST);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The middleware: 429 with Retry-After for an address over its limit.
pub async fn limit(
    State(rate): State<Rate>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let client = if rate.behind_proxy {
        // The proxy appends the address it saw: the last entry is the one it vouches for.
        request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse().ok())
            .unwrap_or(peer.ip())
    } else {
        peer.ip()
    };
    if rate.take(client) {
        return next.run(request).await;
    }
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "1")],
        Json(ApiError {
            error: "ค้นหาถี่เกินไป กรุณารอสักครู่ (too many searches; wait a moment)".into(),
        }),
    )
        .into_response()
}
