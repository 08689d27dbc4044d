//! The HTTP contract between the app in server mode and the khlang server that answers it
//! (`khlang serve --opensearch`), declared once for both sides.
//!
//! A server sends the app's page with a `<meta name="khlang-api" content="api/search">` tag
//! ([`PAGE_META`], [`SEARCH_PATH`]); the app then searches by `POST`ing a JSON
//! [`SearchRequest`](crate::SearchRequest) to that address, relative to the page, and reads a
//! JSON [`SearchResponse`](crate::SearchResponse) — the same shapes as `khlang search --json`,
//! with `pending` always empty (a server has the whole index). Any other answer is an HTTP error
//! status with an [`ApiError`] body: 400 for a request the server will not run (a query too
//! long, a page too large), 429 when too many searches arrive at once, 502/503 when the search
//! cluster cannot be reached. A page without the tag is a built site: the app searches the
//! archive in the browser.

use serde::{Deserialize, Serialize};

/// The `name` of the page's meta tag whose `content` is the search address.
pub const PAGE_META: &str = "khlang-api";

/// Where a server answers searches, relative to its page (the tag's `content`).
pub const SEARCH_PATH: &str = "api/search";

/// The body of an error answer: `{"error": "…"}`, a message for the person at the screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_is_one_field_named_error() {
        let body = ApiError {
            error: "query too long".into(),
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"error":"query too long"}"#);
        assert_eq!(serde_json::from_str::<ApiError>(&json).unwrap(), body);
    }
}
