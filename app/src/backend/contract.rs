//! What every search backend promises the app, and the answers it gives.
//!
//! A keystroke needs its answer at once, while what a backend searches may not be there yet:
//! parts of the archive still loading in the browser, or (for a backend that asks a server) the
//! response still on its way. So [`SearchBackend::search`] answers at once with what it has, and
//! an [`Answer`] that waits says so with a [`Wanted`]; the app hands that back to
//! [`SearchBackend::fetch`] and searches again when it resolves. The app never looks inside a
//! [`Wanted`]: only the backend that made it knows what it stands for.

use std::future::Future;
use std::pin::Pin;

use catalog::{SearchRequest, SearchResponse};

use super::error::{LoadError, SearchFailure};

/// A future that runs on the page's one thread (backends hold browser objects).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A way to search the archive: the index in the browser (super::local), or a khlang server
/// (super::remote).
pub trait SearchBackend {
    /// The archive's title, for the page's heading and tab.
    fn title(&self) -> String;

    /// Answers `request` with what the backend has now, without waiting.
    fn search(&self, request: &SearchRequest) -> Answer;

    /// Gets what an answer waits for; once this resolves, searching again goes further. An
    /// error here is shown as a failure to load (the page says so in place of the count); a
    /// search that got what it needed but cannot be answered answers [`Answer::Failed`].
    fn fetch<'a>(&'a self, wanted: &'a Wanted) -> LocalFuture<'a, Result<(), LoadError>>;

    /// Once the first results are on screen, loads what lets every later search answer without
    /// waiting, telling the app how it goes through `reports`; resolves when it is done.
    fn load_rest<'a>(&'a self, reports: Reports<'a>) -> LocalFuture<'a, ()>;
}

/// What one search came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The response. With `more`, its hits are whole but their snippets wait for it: fetch it
    /// and search again for them.
    Found {
        response: SearchResponse,
        more: Option<Wanted>,
    },
    /// No response yet: fetch what it waits for and search again.
    Waiting(Wanted),
    /// The search failed; the message says why and what to do.
    Failed(SearchFailure),
}

impl Answer {
    /// What to fetch before searching again, if anything.
    pub fn wanted(&self) -> Option<&Wanted> {
        match self {
            Answer::Found { more, .. } => more.as_ref(),
            Answer::Waiting(wanted) => Some(wanted),
            Answer::Failed(_) => None,
        }
    }
}

/// What an [`Answer`] waits for, to hand back to [`SearchBackend::fetch`]. Opaque outside the
/// backends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted(pub(super) Need);

/// What a backend may wait for; a backend of another kind adds its own variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Need {
    /// Parts of the archive, by position in its table of contents.
    Parts(Vec<usize>),
    /// The server's response to this request (its JSON body, which is also its key).
    Response(String),
}

/// How a backend tells the app what loading in the background comes to.
pub struct Reports<'a> {
    /// `(done, total)` as parts arrive.
    pub progress: &'a dyn Fn(usize, usize),
    /// More has arrived: a search that waited can run again.
    pub arrived: &'a dyn Fn(),
    /// Something could not be loaded; loading carries on with the rest.
    pub failed: &'a dyn Fn(LoadError),
}
