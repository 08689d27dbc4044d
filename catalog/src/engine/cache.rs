//! What an engine remembers between searches, so that nothing costly is done twice: answers
//! given, answers searched ahead, a search waiting for its pages, the card columns opened, and
//! the texts analyzed for snippets.
//!
//! Each sits behind its own lock, as the engine is shared. A lock poisoned by a panic elsewhere
//! never fails a search: what it holds is then not used (searching or analyzing afresh is never
//! wrong), except the card columns, which are whole whenever they are there.

use std::sync::Mutex;

use tantivy::columnar::BytesColumn;
use tantivy::DocAddress;

use crate::collect::Collected;
use crate::recent::RecentAnswers;
use crate::search::{SearchRequest, SearchResponse};
use crate::snippet::{Analyzed, RecentTexts};

/// The engine's memory between searches.
#[derive(Default)]
pub(super) struct Cache {
    answers: Mutex<RecentAnswers>,
    /// Answers searched ahead and kept for as long as the engine lives, which typing never
    /// pushes out (see `Engine::answer_ahead`); a few dozen, looked through in order.
    kept: Mutex<Vec<(SearchRequest, SearchResponse)>>,
    /// A search that found its hits but waits for their stored text: asked again once the
    /// pages have arrived, it only reads the documents instead of searching again.
    waiting: Mutex<Option<(SearchRequest, Collected)>>,
    /// Each segment's card column once opened (see [`Cache::card_column`]).
    card_columns: Mutex<Vec<Option<BytesColumn>>>,
    /// The recent hits' texts as far as their snippets analyzed them.
    texts: Mutex<RecentTexts<DocAddress>>,
}

impl Cache {
    /// The answer given to `request` before, if it is still remembered.
    pub(super) fn answer(&self, request: &SearchRequest) -> Option<SearchResponse> {
        let kept = self.kept.lock().ok().and_then(|kept| {
            kept.iter()
                .find(|(r, _)| r == request)
                .map(|(_, answer)| answer.clone())
        });
        kept.or_else(|| self.answers.lock().ok().and_then(|mut r| r.get(request)))
    }
    /// Whether an answer to `request` is kept for good (see [`Cache::keep_for_good`]).
    pub(super) fn is_kept(&self, request: &SearchRequest) -> bool {
        self.kept
            .lock()
            .is_ok_and(|k| k.iter().any(|(r, _)| r == request))
    }

    /// Keeps `answer` to `request` for as long as the engine lives if it is complete; whether
    /// it was. For the few answers searched ahead (super::search, `Engine::answer_ahead`).
    pub(super) fn keep_for_good(&self, request: &SearchRequest, answer: SearchResponse) -> bool {
        if !answer.pending.is_empty() {
            return false;
        }
        match self.kept.lock() {
            Ok(mut kept) => {
                if !kept.iter().any(|(r, _)| r == request) {
                    kept.push((request.clone(), answer));
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Remembers `answer` to `request` if it is complete: one still waiting for pages would be
    /// out of date as soon as they arrive.
    pub(super) fn keep_answer(&self, request: &SearchRequest, answer: &SearchResponse) {
        if answer.pending.is_empty() {
            if let Ok(mut answers) = self.answers.lock() {
                answers.put(request.clone(), answer.clone());
            }
        }
    }

    /// How many searches were answered from the remembered answers, and how many were not.
    pub(super) fn answer_counts(&self) -> (u64, u64) {
        self.answers.lock().map_or((0, 0), |r| r.counts())
    }

    /// The hits found for `request` by a search that then waited for pages; any other waiting
    /// search is forgotten.
    pub(super) fn take_waiting(&self, request: &SearchRequest) -> Option<Collected> {
        self.waiting
            .lock()
            .ok()
            .and_then(|mut w| w.take())
            .filter(|(r, _)| r == request)
            .map(|(_, collected)| collected)
    }

    /// Keeps the hits `collected` for `request` while its pages load.
    pub(super) fn wait(&self, request: &SearchRequest, collected: &Collected) {
        if let Ok(mut waiting) = self.waiting.lock() {
            *waiting = Some((request.clone(), collected.clone()));
        }
    }

    /// The card column of segment `segment`, opened with `open` only the first time: opening
    /// reads (and, across parts of the archive, copies) the whole column, megabytes in a large
    /// archive. A segment without one is asked again next time.
    pub(super) fn card_column(
        &self,
        segment: u32,
        open: impl FnOnce() -> tantivy::Result<Option<BytesColumn>>,
    ) -> tantivy::Result<Option<BytesColumn>> {
        let mut columns = self.card_columns.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(Some(column)) = columns.get(segment as usize) {
            return Ok(Some(column.clone()));
        }
        let column = open()?;
        if columns.len() <= segment as usize {
            columns.resize(segment as usize + 1, None);
        }
        columns[segment as usize] = column.clone();
        Ok(column)
    }

    /// Runs `snippet` with what was kept of the analysis of the text at `address` (nothing if
    /// it was not kept), and keeps what it leaves for next time.
    pub(super) fn with_text<R>(
        &self,
        address: DocAddress,
        snippet: impl FnOnce(&mut Analyzed) -> R,
    ) -> R {
        // A poisoned lock only loses what was kept: the text is analyzed afresh.
        let mut texts = self.texts.lock().ok();
        let mut analyzed = texts.as_mut().map(|t| t.take(&address)).unwrap_or_default();
        let made = snippet(&mut analyzed);
        if let Some(texts) = texts.as_mut() {
            texts.put(address, analyzed);
        }
        made
    }
}
