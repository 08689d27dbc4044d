//! What the page says about itself: the count line (`#count`: loading, found, failed) and the
//! `data-*` attributes tests and the benchmark wait on.

use leptos::prelude::*;

use super::loading::{Loaded, Loading};
use super::screenful::Screenful;
use super::search::Searches;
use crate::backend::Answer;
use crate::i18n::{found, words, Lang};

/// `<p id="count" role="status">`: how loading stands, then how many documents were found.
#[component]
pub fn CountLine(lang: ReadSignal<Lang>, loaded: Loaded, searches: Searches) -> impl IntoView {
    let Loaded {
        loading,
        index_progress,
        index_loaded,
        ..
    } = loaded;
    let answer = searches.answer;
    let status = move || {
        let w = words(lang.get());
        match loading.get() {
            Loading::Started => w.loading.to_string(),
            Loading::Parts(done, total) => format!("{} {done}/{total}", w.loading),
            Loading::Failed(err) => match lang.get() {
                Lang::Thai => err.thai,
                Lang::English => err.english,
            },
            Loading::Ready => answer.with(|a| match a {
                Some(Answer::Found { response, .. }) => found(lang.get(), response.total),
                // With everything loaded, a search waits only for its own answer (a server's).
                Some(Answer::Waiting(_)) if index_loaded.get() => w.searching.to_string(),
                Some(Answer::Waiting(_)) => match index_progress.get() {
                    Some((done, total)) => format!("{} {done}/{total}", w.loading_index),
                    None => w.loading_index.to_string(),
                },
                Some(Answer::Failed(f)) => match lang.get() {
                    Lang::Thai => f.thai.clone(),
                    Lang::English => f.english.clone(),
                },
                None => String::new(),
            }),
        }
    };
    let total = move || {
        answer.with(|a| match a {
            Some(Answer::Found { response, .. }) => response.total.to_string(),
            _ => String::new(),
        })
    };
    let failed = move || {
        matches!(loading.get(), Loading::Failed(_))
            || answer.with(|a| matches!(a, Some(Answer::Failed(_))))
    };
    view! {
        <p id="count" class="count" role="status" aria-live="polite" data-total=total
            class:error=failed>
            {status}
        </p>
    }
}

/// `#app[data-state]`: whether the archive opened ("ready"), failed ("error") or is loading.
pub fn data_state(loaded: Loaded) -> impl Fn() -> &'static str + Copy {
    let loading = loaded.loading;
    move || match loading.get() {
        Loading::Ready => "ready",
        Loading::Failed(_) => "error",
        _ => "loading",
    }
}

/// `#app[data-search]`: whether the search on screen waits for the backend ("waiting": the
/// results on screen are the previous ones), or only its snippets do, or only the hits below
/// the first screenful, which render in the idle time after it ("rest", super::screenful).
pub fn data_search(searches: Searches, screenful: Screenful) -> impl Fn() -> &'static str + Copy {
    let answer = searches.answer;
    move || {
        answer.with(|a| match a {
            Some(Answer::Waiting(_)) => "waiting",
            Some(Answer::Found { more: Some(_), .. }) => "snippets",
            _ if !screenful.complete.get() => "rest",
            _ => "done",
        })
    }
}

/// `#app[data-index]`: whether typed queries can run without waiting.
pub fn data_index(loaded: Loaded) -> impl Fn() -> &'static str + Copy {
    let index_loaded = loaded.index_loaded;
    move || {
        if index_loaded.get() {
            "ready"
        } else {
            "loading"
        }
    }
}
