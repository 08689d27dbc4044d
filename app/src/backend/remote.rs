//! The search backend that asks a khlang server (`khlang serve --opensearch`) instead of
//! searching in the browser: one `POST` of the request per search, answered with the same
//! `catalog::SearchResponse` (the contract is catalog::api).
//!
//! A search answers at once from the answers kept here, keyed by the request's JSON body, or
//! waits ([`Need::Response`]) while the app fetches that very request. An answer is kept under
//! its own request, so one that arrives late never stands in for a newer search; and the app
//! only ever asks for the answer to the request it shows. Failures that may pass (too many
//! searches, the cluster down, the network gone) are answered only until the app searches
//! something else, so asking again retries; a refusal of the request itself is kept like an
//! answer.

use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};

use catalog::api::{ApiError, PAGE_META};
use catalog::{SearchRequest, SearchResponse};
use gloo_net::http::Request;

use super::contract::{Answer, LocalFuture, Need, Reports, SearchBackend, Wanted};
use super::error::{LoadError, SearchFailure};
use crate::trust::Trust;

/// Answers kept; a response with thousands of agencies in its facets runs to a few hundred kB.
const ANSWERS_KEPT: usize = 32;

/// The search address the page names (its `khlang-api` meta tag), if it names one: then a
/// server sent the page and answers its searches.
pub fn address_in_page() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name={PAGE_META}]"))
        .ok()??
        .get_attribute("content")
        .filter(|address| !address.trim().is_empty())
}

/// A khlang server's search, and the answers it gave.
pub struct RemoteBackend {
    /// Where to `POST` a search, relative to the page.
    address: String,
    title: String,
    answers: RefCell<VecDeque<Kept>>,
    /// Request bodies on their way, so the same request is never sent twice at once.
    in_flight: RefCell<BTreeSet<String>>,
}

/// One request's answer.
struct Kept {
    body: String,
    result: Result<SearchResponse, Trouble>,
}

/// Why the server gave no response to a request.
#[derive(Clone, Debug)]
enum Trouble {
    /// The request did not reach the server, or its answer did not come back.
    Unreachable(String),
    /// The server answered with this HTTP status and this message instead of a response.
    Refused { status: u16, detail: String },
}

impl Trouble {
    /// Whether asking again later could give a response: too many searches, the cluster
    /// down, the network gone — but not a request the server will never run.
    fn may_pass(&self) -> bool {
        match self {
            Trouble::Unreachable(_) => true,
            Trouble::Refused { status, .. } => *status == 429 || *status >= 500,
        }
    }

    fn failure(&self) -> SearchFailure {
        match self {
            Trouble::Unreachable(detail) => SearchFailure::unreachable(detail),
            Trouble::Refused { status, detail } => SearchFailure::refused(*status, detail),
        }
    }

    fn load_error(&self) -> LoadError {
        match self {
            Trouble::Unreachable(detail) => LoadError::no_server(detail),
            Trouble::Refused { status, detail } => LoadError::no_search(*status, detail),
        }
    }
}

impl RemoteBackend {
    /// Asks `address` for the whole archive (the first screen, and what tells the app how many
    /// agencies there are), so a server that does not answer stops the page here with a
    /// message. `trust` learns at once that answers come from the server.
    pub async fn open(
        address: String,
        trust: impl Fn(Trust) + 'static,
    ) -> Result<RemoteBackend, LoadError> {
        let title = web_sys::window()
            .and_then(|w| w.document())
            .map(|d| d.title())
            .unwrap_or_default();
        let backend = RemoteBackend {
            address,
            title,
            answers: RefCell::new(VecDeque::new()),
            in_flight: RefCell::new(BTreeSet::new()),
        };
        trust(Trust::Server);
        let body = request_body(&SearchRequest::new(""));
        let result = backend.ask(&body).await;
        if let Err(trouble) = &result {
            return Err(trouble.load_error());
        }
        backend.keep(Kept { body, result });
        Ok(backend)
    }

    /// Sends one request and reads what comes back.
    async fn ask(&self, body: &str) -> Result<SearchResponse, Trouble> {
        let request = Request::post(&self.address)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(body.to_string())
            .map_err(|e| Trouble::Unreachable(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| Trouble::Unreachable(e.to_string()))?;
        let status = response.status();
        if response.ok() {
            return response
                .json::<SearchResponse>()
                .await
                .map_err(|e| Trouble::Refused {
                    status,
                    detail: format!("the response is not a search response: {e}"),
                });
        }
        // A server's error body says why; a proxy in between may send a page of its own.
        let detail = match response.text().await {
            Ok(text) => serde_json::from_str::<ApiError>(&text)
                .map(|e| e.error)
                .unwrap_or_else(|_| response.status_text()),
            Err(err) => err.to_string(),
        };
        Err(Trouble::Refused { status, detail })
    }

    /// Keeps `kept` as the newest answer, in place of an older answer to the same request.
    fn keep(&self, kept: Kept) {
        let mut answers = self.answers.borrow_mut();
        answers.retain(|k| k.body != kept.body);
        answers.push_back(kept);
        while answers.len() > ANSWERS_KEPT {
            answers.pop_front();
        }
    }
}

impl SearchBackend for RemoteBackend {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn search(&self, request: &SearchRequest) -> Answer {
        let body = request_body(request);
        let mut answers = self.answers.borrow_mut();
        // A failure that may pass is answered for its own search only: searching for it again
        // later asks the server again.
        answers.retain(|k| k.body == body || !k.result.as_ref().is_err_and(Trouble::may_pass));
        let Some(at) = answers.iter().position(|k| k.body == body) else {
            return Answer::Waiting(Wanted(Need::Response(body)));
        };
        // The most recently used answer is the last to go.
        let Some(kept) = answers.remove(at) else {
            return Answer::Waiting(Wanted(Need::Response(body)));
        };
        let answer = match &kept.result {
            Ok(response) => Answer::Found {
                response: response.clone(),
                more: None,
            },
            Err(trouble) => Answer::Failed(trouble.failure()),
        };
        answers.push_back(kept);
        answer
    }

    fn fetch<'a>(&'a self, wanted: &'a Wanted) -> LocalFuture<'a, Result<(), LoadError>> {
        Box::pin(async move {
            let Wanted(Need::Response(body)) = wanted else {
                // Parts are the in-browser backend's; there are none here.
                return Ok(());
            };
            // Already on its way: its arrival runs the search again.
            if !self.in_flight.borrow_mut().insert(body.clone()) {
                return Ok(());
            }
            let result = self.ask(body).await;
            self.in_flight.borrow_mut().remove(body);
            self.keep(Kept {
                body: body.clone(),
                result,
            });
            Ok(())
        })
    }

    fn load_rest<'a>(&'a self, _reports: Reports<'a>) -> LocalFuture<'a, ()> {
        // The server holds the whole index: nothing more to load.
        Box::pin(async {})
    }
}

/// A request as the server reads it; also the key its answer is kept under. Serializing plain
/// strings, numbers and maps with string keys cannot fail.
fn request_body(request: &SearchRequest) -> String {
    serde_json::to_string(request).unwrap_or_default()
}
