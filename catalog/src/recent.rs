//! The last answers the engine gave, so a search asked again is answered at once.
//!
//! Typing goes back and forth: a backspace asks for the previous keystroke's search again, a
//! facet ticked and unticked returns to the same one, and many queries start with the same few
//! characters, which are the costliest to answer (a one-character prefix unites thousands of
//! terms). An answer depends only on the request and the archive, and an engine's archive never
//! changes, so a remembered answer is exactly what searching again would give.

use std::collections::VecDeque;

use crate::search::{SearchRequest, SearchResponse};

/// How many answers are kept. One is a few kilobytes (a page of hits, the facet counts); this
/// covers several queries typed and corrected character by character.
pub const KEPT: usize = 64;

/// The most recently used answers, newest first.
#[derive(Debug, Default)]
pub struct RecentAnswers {
    answers: VecDeque<(SearchRequest, SearchResponse)>,
    hits: u64,
    misses: u64,
}

impl RecentAnswers {
    /// The remembered answer to `request`, now the most recently used one.
    pub fn get(&mut self, request: &SearchRequest) -> Option<SearchResponse> {
        let Some(at) = self.answers.iter().position(|(r, _)| r == request) else {
            self.misses += 1;
            return None;
        };
        self.hits += 1;
        let entry = self.answers.remove(at)?;
        let answer = entry.1.clone();
        self.answers.push_front(entry);
        Some(answer)
    }

    /// Remembers `answer` to `request`, forgetting the least recently used beyond [`KEPT`].
    pub fn put(&mut self, request: SearchRequest, answer: SearchResponse) {
        self.answers.retain(|(r, _)| *r != request);
        self.answers.push_front((request, answer));
        self.answers.truncate(KEPT);
    }

    /// How many searches were answered from memory, and how many were not.
    pub fn counts(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str) -> SearchRequest {
        SearchRequest::new(query)
    }

    fn answer(total: u64) -> SearchResponse {
        SearchResponse {
            total,
            ..SearchResponse::default()
        }
    }

    #[test]
    fn remembers_the_most_recently_used() {
        let mut recent = RecentAnswers::default();
        for i in 0..KEPT as u64 {
            recent.put(request(&i.to_string()), answer(i));
        }
        // Using the oldest makes it the newest, so the next one in pushes out "1" instead.
        assert_eq!(recent.get(&request("0")).map(|a| a.total), Some(0));
        recent.put(request("new"), answer(99));
        let cases = [
            ("0", Some(0)),
            ("1", None),
            ("2", Some(2)),
            ("new", Some(99)),
        ];
        for (query, want) in cases {
            assert_eq!(
                recent.get(&request(query)).map(|a| a.total),
                want,
                "{query}"
            );
        }
        assert_eq!(recent.counts(), (4, 1));
    }

    #[test]
    fn a_request_differs_by_filters_sort_and_page() {
        let mut recent = RecentAnswers::default();
        recent.put(request("งบ"), answer(1));
        let mut other_page = request("งบ");
        other_page.limit += 10;
        let mut other_sort = request("งบ");
        other_sort.sort = crate::collect::Sort::Newest;
        let mut filtered = request("งบ");
        filtered
            .filters
            .select(crate::facets::FacetKind::FiscalYear, "2567");
        for other in [other_page, other_sort, filtered] {
            assert!(recent.get(&other).is_none(), "{other:?}");
        }
        assert_eq!(recent.get(&request("งบ")).map(|a| a.total), Some(1));
    }
}
