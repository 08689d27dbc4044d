//! Running the search: every change of state is one search (results and all facet counts
//! together), and a search that waits for the backend is run again once it has what it needs.

use catalog::SearchResponse;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::loading::{Loaded, Loading};
use crate::backend::Answer;
use crate::recovery;
use crate::state::Ctx;

/// The searches of the state, as signals.
#[derive(Clone, Copy)]
pub struct Searches {
    /// What the current state's search came to; `None` until the backend is open.
    pub answer: Memo<Option<Answer>>,
    /// What is on screen: the last search that found its answer, so results stay put while the
    /// next one waits.
    pub shown: Memo<Option<SearchResponse>>,
}

/// Searches whenever the state changes or more of the archive arrives.
pub fn run(ctx: Ctx, loaded: Loaded) -> Searches {
    let Loaded {
        backend,
        arrived,
        loading,
        ..
    } = loaded;
    let answer: Memo<Option<Answer>> = Memo::new(move |_| {
        let request = ctx.request();
        arrived.track();
        backend.with(|b| {
            b.as_ref().map(|b| {
                // Should this search panic, the page reloads into this very state (recovery.rs).
                recovery::searching(ctx.state_untracked().to_fragment());
                recovery::test_panic(&request.query);
                b.search(&request)
            })
        })
    });
    // A search that needs more from the backend fetches it and runs again: one that waits, and
    // one whose hits are shown but whose snippets need pages of stored text.
    Effect::new(move |_| {
        let wanted = answer.with(|a| a.as_ref().and_then(Answer::wanted).cloned());
        if let Some(wanted) = wanted {
            let Some(b) = backend.get_untracked() else {
                return;
            };
            spawn_local(async move {
                match b.fetch(&wanted).await {
                    Ok(()) => arrived.update(|n| *n += 1),
                    Err(err) => loading.set(Loading::Failed(err)),
                }
            });
        }
    });
    let shown: Memo<Option<SearchResponse>> = Memo::new(move |previous| match answer.get() {
        Some(Answer::Found { response, .. }) => Some(response),
        Some(Answer::Waiting(_)) => previous.cloned().flatten(),
        _ => None,
    });
    Searches { answer, shown }
}
