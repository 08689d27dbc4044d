//! The search backend that runs entirely in the browser: catalog's tantivy index, opened from
//! the archive's parts as super::loader brings them in (from file:// as well as over http).

use std::rc::Rc;

use catalog::{Engine, EngineError, SearchRequest};
use leptos::task::spawn_local;

use super::ahead;
use super::contract::{Answer, LocalFuture, Need, Reports, SearchBackend, Wanted};
use super::error::{LoadError, SearchFailure};
use super::loader::{self, Archive};
use crate::trust::Trust;

/// The index in the browser and the archive it reads from.
pub struct LocalBackend {
    /// Shared with the searches ahead (super::ahead).
    engine: Rc<Engine>,
    archive: Archive,
    /// The parts of the index typed queries need that the start did not load, as they were
    /// when the engine opened (so background loading counts them all).
    index_parts: Vec<usize>,
}

impl LocalBackend {
    /// Loads the start of the archive and opens the index; `progress(done, total)` counts the
    /// start parts, `trust` is told how far the archive can be trusted, and again whenever that
    /// changes.
    pub async fn open(
        progress: impl Fn(usize, usize),
        trust: impl Fn(Trust) + 'static,
    ) -> Result<LocalBackend, LoadError> {
        let (engine, archive) = loader::load(progress, trust).await?;
        let index_parts = engine.missing_for_queries();
        Ok(LocalBackend {
            engine: Rc::new(engine),
            archive,
            index_parts,
        })
    }
}

impl SearchBackend for LocalBackend {
    fn title(&self) -> String {
        self.engine.toc().title.clone()
    }

    fn search(&self, request: &SearchRequest) -> Answer {
        match self.engine.search(request) {
            Ok(response) => {
                let more = (!response.pending.is_empty())
                    .then(|| Wanted(Need::Parts(response.pending.clone())));
                Answer::Found { response, more }
            }
            Err(EngineError::Missing(parts)) => Answer::Waiting(Wanted(Need::Parts(parts))),
            Err(err) => Answer::Failed(SearchFailure::damaged_index(err)),
        }
    }

    fn fetch<'a>(&'a self, wanted: &'a Wanted) -> LocalFuture<'a, Result<(), LoadError>> {
        Box::pin(async move {
            match wanted {
                Wanted(Need::Parts(parts)) => self.archive.fetch(parts, &|_, _| {}).await,
                // Never made here: only the remote backend waits for a response.
                Wanted(Need::Response(_)) => Ok(()),
            }
        })
    }

    fn load_rest<'a>(&'a self, reports: Reports<'a>) -> LocalFuture<'a, ()> {
        Box::pin(async move {
            // The rest of the search index, once the first results are on screen.
            loader::after_paint().await;
            match self
                .archive
                .fetch(&self.index_parts, reports.progress)
                .await
            {
                Err(err) => (reports.failed)(err),
                // The dictionary came with the index: make the analyzer now rather than on the
                // first keystroke.
                Ok(()) => {
                    if let Err(err) = self.engine.analyzer() {
                        (reports.failed)(LoadError::damaged(err));
                    }
                }
            }
            // From file://, the pages of stored text too, when they are not too many.
            (reports.arrived)();
            match self.archive.preload_pages(&|_, _| {}).await {
                // With the pages in, the first keystrokes' answers, ahead of them, in the idle
                // time from now on (not part of loading the index).
                Ok(true) => {
                    let engine = Rc::clone(&self.engine);
                    spawn_local(async move { ahead::answer_first_characters(&engine).await });
                }
                Ok(false) => {}
                Err(err) => (reports.failed)(err),
            }
        })
    }
}
