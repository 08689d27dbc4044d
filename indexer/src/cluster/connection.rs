//! One connection to a cluster: its address, credentials and certificate authority from the
//! operator, and requests retried while the cluster is busy.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::error::ClusterError;

/// How to reach a cluster. Credentials come from the environment, so they never appear in a
/// command line, a process list or a log.
#[derive(Clone)]
pub struct Settings {
    /// http(s)://host:port, no credentials in it.
    pub url: String,
    pub user: Option<String>,
    pub password: Option<String>,
    /// A PEM file of the certificate authority that signed the cluster's certificate.
    pub ca_file: Option<String>,
    /// How long one request may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl Settings {
    /// Settings for `url`, with KHLANG_OPENSEARCH_USER, KHLANG_OPENSEARCH_PASSWORD and
    /// KHLANG_OPENSEARCH_CA from the environment.
    pub fn from_env(url: &str) -> Result<Settings, ClusterError> {
        let url = url.trim_end_matches('/').to_string();
        if url.contains('@') {
            return Err(ClusterError::Setup(
                "put the cluster's user and password in KHLANG_OPENSEARCH_USER and \
                 KHLANG_OPENSEARCH_PASSWORD, not in the address (an address is shown in \
                 messages and process lists)"
                    .into(),
            ));
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ClusterError::Setup(format!(
                "{url} is not a cluster address: write it as http://host:9200 or https://host:9200"
            )));
        }
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(Settings {
            url,
            user: var("KHLANG_OPENSEARCH_USER"),
            password: var("KHLANG_OPENSEARCH_PASSWORD"),
            ca_file: var("KHLANG_OPENSEARCH_CA"),
            timeout: Duration::from_secs(60),
        })
    }
}

/// A cluster khlang talks to.
#[derive(Clone)]
pub struct Cluster {
    settings: Settings,
    client: reqwest::Client,
}

/// How many times a request is tried while the cluster answers 429 or 5xx, and how long the
/// first wait is (it doubles each time: 0.25 s … 8 s, about 16 s in all).
const TRIES: u32 = 7;
const FIRST_WAIT: Duration = Duration::from_millis(250);

impl Cluster {
    pub fn new(settings: Settings) -> Result<Cluster, ClusterError> {
        let mut builder = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(Duration::from_secs(10));
        if let Some(path) = &settings.ca_file {
            let cert_error = |reason: String| ClusterError::Certificate {
                path: path.clone(),
                reason,
            };
            let pem = std::fs::read(path).map_err(|e| cert_error(e.to_string()))?;
            let cert =
                reqwest::Certificate::from_pem(&pem).map_err(|e| cert_error(e.to_string()))?;
            builder = builder.add_root_certificate(cert);
        }
        let client = builder
            .build()
            .map_err(|e| ClusterError::Setup(format!("cannot set up HTTPS: {e}")))?;
        Ok(Cluster { settings, client })
    }

    /// The cluster's address (never with credentials).
    pub fn url(&self) -> &str {
        &self.settings.url
    }

    /// Sends a request and returns the status and JSON body of the answer, trying again with
    /// backoff while the cluster is busy (429) or failing (5xx). `what` names the request in
    /// messages ("create the index khlang").
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        what: &str,
    ) -> Result<(StatusCode, Value), ClusterError> {
        let mut wait = FIRST_WAIT;
        let mut last = StatusCode::SERVICE_UNAVAILABLE;
        for attempt in 1..=TRIES {
            let mut request = self
                .client
                .request(method.clone(), format!("{}{}", self.settings.url, path));
            if let Some(user) = &self.settings.user {
                request = request.basic_auth(user, self.settings.password.as_ref());
            }
            request = match &body {
                Some(Body::Json(v)) => request.json(v),
                Some(Body::Ndjson(text)) => request
                    .header("Content-Type", "application/x-ndjson")
                    .body(text.clone()),
                None => request,
            };
            match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
                        last = status;
                    } else if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
                    {
                        return Err(ClusterError::Auth {
                            url: self.settings.url.clone(),
                            status: status.as_u16(),
                            what: if method == Method::GET || path.contains("_search") {
                                "search"
                            } else {
                                "write to the index"
                            },
                        });
                    } else {
                        let text = response.text().await.map_err(|e| self.unreachable(&e))?;
                        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
                        return Ok((status, value));
                    }
                }
                // A connection that cannot be made at all is not busy: say so at once.
                Err(e) if e.is_connect() && attempt == 1 => return Err(self.unreachable(&e)),
                Err(e) if attempt == TRIES => return Err(self.unreachable(&e)),
                Err(_) => {}
            }
            if attempt < TRIES {
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
        }
        Err(ClusterError::Busy {
            what: what.to_string(),
            status: last.as_u16(),
            tries: TRIES,
        })
    }

    /// [`Cluster::send`], and an error unless the answer is a success.
    pub async fn ok(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        what: &str,
    ) -> Result<Value, ClusterError> {
        let (status, value) = self.send(method, path, body, what).await?;
        if status.is_success() {
            Ok(value)
        } else {
            Err(refused(what, status, &value))
        }
    }

    fn unreachable(&self, e: &reqwest::Error) -> ClusterError {
        // reqwest's message names the URL, which carries no credentials (see Settings).
        let mut reason = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            reason = format!("{reason}: {s}");
            source = s.source();
        }
        ClusterError::Unreachable {
            url: self.settings.url.clone(),
            reason,
        }
    }
}

/// A request body.
pub enum Body {
    Json(Value),
    Ndjson(String),
}

/// The error for a refused request, with the cluster's own reason.
pub fn refused(what: &str, status: StatusCode, value: &Value) -> ClusterError {
    let reason = value["error"]["reason"]
        .as_str()
        .or_else(|| value["error"].as_str())
        .unwrap_or("no reason given")
        .to_string();
    ClusterError::Refused {
        what: what.to_string(),
        status: status.as_u16(),
        reason,
    }
}
