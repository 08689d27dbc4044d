//! The search state in the URL fragment (#q=…&fiscal_year=2563&sort=newest), so back/forward,
//! bookmarks and shared links restore what was on screen. The fragment never leaves the browser,
//! and it works the same on file:// and over http.

use catalog::search::DEFAULT_LIMIT;
use catalog::{FacetKind, Filters, Sort};

use crate::i18n::Lang;

/// Everything the screen shows that a link should restore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiState {
    pub query: String,
    pub filters: Filters,
    pub sort: Sort,
    /// How many hits are shown ("show more" adds a page).
    pub shown: usize,
    pub lang: Lang,
    /// Whether the archive's other spellings of the query's words are included
    /// (catalog::SearchResponse::spellings): the reader's choice for this query, which a new
    /// query starts without (crate::state::Ctx).
    pub other_spellings: bool,
}

impl Default for UiState {
    fn default() -> UiState {
        UiState {
            query: String::new(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            shown: DEFAULT_LIMIT,
            lang: Lang::Thai,
            other_spellings: false,
        }
    }
}

impl UiState {
    /// The state as a fragment, without the leading '#'.
    pub fn to_fragment(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if !self.query.is_empty() {
            pairs.push(("q".into(), self.query.clone()));
        }
        for kind in FacetKind::ALL {
            for value in self.filters.values(kind) {
                pairs.push((kind.field_name().into(), value.to_string()));
            }
        }
        if self.sort != Sort::Relevance {
            pairs.push(("sort".into(), self.sort.name().into()));
        }
        if self.shown != DEFAULT_LIMIT {
            pairs.push(("n".into(), self.shown.to_string()));
        }
        if self.other_spellings {
            pairs.push(("spellings".into(), "1".into()));
        }
        if self.lang == Lang::English {
            pairs.push(("lang".into(), "en".into()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads a fragment (with or without '#'); anything unknown or malformed is ignored.
    pub fn from_fragment(fragment: &str) -> UiState {
        let mut state = UiState::default();
        for pair in fragment.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let value = decode(value);
            match key {
                "q" => state.query = value,
                "sort" => state.sort = Sort::from_name(&value).unwrap_or_default(),
                "n" => {
                    state.shown = value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=10_000).contains(n))
                        .unwrap_or(DEFAULT_LIMIT)
                }
                "spellings" => state.other_spellings = value == "1",
                "lang" => {
                    state.lang = if value == "en" {
                        Lang::English
                    } else {
                        Lang::Thai
                    }
                }
                other => {
                    if let Some(kind) = FacetKind::from_name(other) {
                        state.filters.select(kind, value);
                    }
                }
            }
        }
        state
    }
}

fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

fn decode(value: &str) -> String {
    js_sys::decode_uri_component(value)
        .map(String::from)
        .unwrap_or_else(|_| value.to_string())
}
