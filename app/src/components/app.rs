//! The root: loads the archive, keeps the search state in sync with the URL, runs every search.

use std::sync::Arc;
use std::time::Duration;

use catalog::{Engine, EngineError, FacetKind, SearchRequest, SearchResponse};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::facets::FacetPanel;
use super::recovered::RecoveredNotice;
use super::results::{ResultList, SortSelect};
use super::search_box::SearchBox;
use super::trust_line::TrustLine;
use crate::i18n::{found, search_failed, words, Lang};
use crate::kiosk::{self, KioskLayer};
use crate::loader::{self, Archive, LoadError};
use crate::recovery;
use crate::state::{Ctx, HistoryMode};
use crate::trust::Trust;
use crate::url_state::UiState;

/// Where loading the archive stands.
#[derive(Clone, Debug, PartialEq)]
enum Loading {
    Started,
    Parts(usize, usize),
    Ready,
    Failed(LoadError),
}

/// How long typing must pause before the address follows it.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// What one search came to.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Found(SearchResponse),
    /// It needs these parts of the archive first; they are being loaded.
    Waiting(Vec<usize>),
    Failed(String),
}

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new(UiState::from_fragment(&current_fragment()));
    provide_context(ctx);
    let loading = RwSignal::new(Loading::Started);
    let engine: RwSignal<Option<Arc<Engine>>> = RwSignal::new(None);
    let archive: StoredValue<Option<Archive>, LocalStorage> = StoredValue::new_local(None);
    // Bumped whenever parts of the archive arrive, so a waiting search runs again.
    let arrived = RwSignal::new(0u64);
    // The search index loading after the first results: (parts in, of how many).
    let index_progress: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    let index_loaded = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let many_agencies = RwSignal::new(false);
    let trust = RwSignal::new(Trust::Checking);

    spawn_local(async move {
        let progress = move |done, total| loading.set(Loading::Parts(done, total));
        match loader::load(progress, move |t| trust.set(t)).await {
            Ok((e, a)) => {
                title.set(e.toc().title.clone());
                set_document_title(&e.toc().title);
                let all = e.search(&SearchRequest::new("")).ok();
                let agencies = all
                    .as_ref()
                    .and_then(|r| r.facets.get(FacetKind::Agency.field_name()))
                    .map_or(0, |a| a.len());
                many_agencies.set(agencies > 1);
                let index_parts = e.missing_for_queries();
                engine.set(Some(Arc::new(e)));
                archive.set_value(Some(a.clone()));
                loading.set(Loading::Ready);
                recovery::ready();
                // The rest of the search index, once the first results are on screen.
                loader::after_paint().await;
                let progress = move |done, total| {
                    index_progress.set((done < total).then_some((done, total)));
                };
                match a.fetch(&index_parts, &progress).await {
                    Err(err) => loading.set(Loading::Failed(err)),
                    // The dictionary came with the index: make the analyzer now rather than on
                    // the first keystroke.
                    Ok(()) => {
                        if let Some(Err(err)) =
                            engine.get_untracked().map(|e| e.analyzer().map(drop))
                        {
                            loading.set(Loading::Failed(loader::LoadError::damaged(err)));
                        }
                    }
                }
                // From file://, the pages of stored text too, when they are not too many.
                arrived.update(|n| *n += 1);
                if let Err(err) = a.preload_pages(&|_, _| {}).await {
                    loading.set(Loading::Failed(err));
                }
                index_progress.set(None);
                index_loaded.set(true);
                arrived.update(|n| *n += 1);
            }
            Err(err) => loading.set(Loading::Failed(err)),
        }
    });

    // Every state change is one search: results and all facet counts together.
    let response: Memo<Option<Outcome>> = Memo::new(move |_| {
        let request = ctx.request();
        arrived.track();
        engine.with(|e| {
            e.as_ref().map(|e| {
                // Should this search panic, the page reloads into this very state (recovery.rs).
                recovery::searching(ctx.state_untracked().to_fragment());
                recovery::test_panic(&request.query);
                match e.search(&request) {
                    Ok(r) => Outcome::Found(r),
                    Err(EngineError::Missing(parts)) => Outcome::Waiting(parts),
                    Err(err) => Outcome::Failed(err.to_string()),
                }
            })
        })
    });
    // A search that needs more of the archive loads it and runs again: one that waits, and one
    // whose hits are shown but whose snippets need pages of stored text.
    Effect::new(move |_| {
        let waiting = response.with(|r| match r {
            Some(Outcome::Waiting(parts)) => Some(parts.clone()),
            Some(Outcome::Found(r)) if !r.pending.is_empty() => Some(r.pending.clone()),
            _ => None,
        });
        if let Some(parts) = waiting {
            let Some(a) = archive.get_value() else { return };
            spawn_local(async move {
                match a.fetch(&parts, &|_, _| {}).await {
                    Ok(()) => arrived.update(|n| *n += 1),
                    Err(err) => loading.set(Loading::Failed(err)),
                }
            });
        }
    });
    // What is on screen: the last search that found its answer, so results stay put while the
    // next one waits for a page of the archive.
    let shown: Memo<Option<SearchResponse>> = Memo::new(move |previous| match response.get() {
        Some(Outcome::Found(r)) => Some(r),
        Some(Outcome::Waiting(_)) => previous.cloned().flatten(),
        _ => None,
    });

    // State → URL. Typing updates the address once it pauses: a `replaceState` per keystroke
    // cost about 1 ms each in the typing profile (docs/BENCHMARKS.md).
    // A click right after typing first writes what was typed into the current entry, so that
    // Back returns to it.
    let pending_url: StoredValue<Option<(TimeoutHandle, String)>, LocalStorage> =
        StoredValue::new_local(None);
    // Its own effect, and only on a change: setting <html lang> restyles the whole page (4 ms
    // a keystroke when it ran with every state change, docs/BENCHMARKS.md).
    Effect::new(move |_| set_document_lang(ctx.lang().get()));
    Effect::new(move |_| {
        let fragment = ctx.state().to_fragment();
        let typed = pending_url
            .try_update_value(Option::take)
            .flatten()
            .map(|(handle, typed)| {
                handle.clear();
                typed
            });
        match kiosk::history_mode(ctx.history.get_value()) {
            HistoryMode::Push => {
                if let Some(typed) = typed {
                    sync_fragment(&typed, HistoryMode::Replace);
                }
                sync_fragment(&fragment, HistoryMode::Push);
            }
            HistoryMode::Replace => {
                let write = {
                    let fragment = fragment.clone();
                    move || {
                        let _ = pending_url.try_set_value(None);
                        sync_fragment(&fragment, HistoryMode::Replace);
                    }
                };
                match set_timeout_with_handle(write, TYPING_PAUSE) {
                    Ok(handle) => pending_url.set_value(Some((handle, fragment))),
                    Err(_) => sync_fragment(&fragment, HistoryMode::Replace),
                }
            }
        }
    });
    // URL → state (back/forward, edited or shared links).
    let from_url = move || {
        let parsed = UiState::from_fragment(&current_fragment());
        ctx.set(parsed);
    };
    let _ = window_event_listener(ev::popstate, move |_| from_url());
    let _ = window_event_listener(ev::hashchange, move |_| from_url());

    let lang = ctx.lang();
    let status = move || {
        let w = words(lang.get());
        match loading.get() {
            Loading::Started => w.loading.to_string(),
            Loading::Parts(done, total) => format!("{} {done}/{total}", w.loading),
            Loading::Failed(err) => match lang.get() {
                Lang::Thai => err.thai,
                Lang::English => err.english,
            },
            Loading::Ready => response.with(|r| match r {
                Some(Outcome::Found(r)) => found(lang.get(), r.total),
                Some(Outcome::Waiting(_)) => match index_progress.get() {
                    Some((done, total)) => format!("{} {done}/{total}", w.loading_index),
                    None => w.loading_index.to_string(),
                },
                Some(Outcome::Failed(e)) => search_failed(lang.get(), e),
                None => String::new(),
            }),
        }
    };
    let data_state = move || match loading.get() {
        Loading::Ready => "ready",
        Loading::Failed(_) => "error",
        _ => "loading",
    };
    let total = move || {
        response.with(|r| match r {
            Some(Outcome::Found(r)) => r.total.to_string(),
            _ => String::new(),
        })
    };
    // For tests and the benchmark: whether the search on screen waits for parts of the archive
    // ("waiting": the results on screen are the previous ones), or only its snippets do.
    let search_state = move || {
        response.with(|r| match r {
            Some(Outcome::Waiting(_)) => "waiting",
            Some(Outcome::Found(r)) if !r.pending.is_empty() => "snippets",
            _ => "done",
        })
    };
    // For tests and the benchmark: whether typed queries can run without waiting.
    let index_state = move || {
        if index_loaded.get() {
            "ready"
        } else {
            "loading"
        }
    };
    let ok_response = Signal::from(shown);

    view! {
        <div id="app" class="app" data-state=data_state data-index=index_state data-search=search_state>
            <header class="top">
                <h1 class="site-title">{move || title.get()}</h1>
                <LangSwitch/>
            </header>
            <TrustLine lang=lang trust=trust/>
            <RecoveredNotice lang=lang/>
            <SearchBox lang=lang/>
            <p id="count" class="count" role="status" aria-live="polite" data-total=total
                class:error=move || matches!(loading.get(), Loading::Failed(_)) || response.with(|r| matches!(r, Some(Outcome::Failed(_))))>
                {status}
            </p>
            <div class="layout">
                <FacetPanel lang=lang response=ok_response many_agencies=many_agencies/>
                <section class="results" aria-labelledby="count">
                    <SortSelect lang=lang/>
                    <ResultList lang=lang response=ok_response/>
                </section>
            </div>
            <KioskLayer lang=lang response=ok_response/>
        </div>
    }
}

#[component]
fn LangSwitch() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lang = move || ctx.lang().get();
    view! {
        <button id="lang" class="lang" type="button"
            aria-label=move || words(lang()).switch_label
            on:click=move |_| ctx.push(|s| s.lang = match s.lang { Lang::Thai => Lang::English, Lang::English => Lang::Thai })>
            {move || words(lang()).switch_to}
        </button>
    }
}

fn current_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_string()
}

/// Writes `fragment` into the address unless it is already there.
fn sync_fragment(fragment: &str, mode: HistoryMode) {
    if fragment != current_fragment() {
        write_fragment(fragment, mode);
    }
}

fn write_fragment(fragment: &str, mode: HistoryMode) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = format!("#{fragment}");
    let written = match (mode, window.history()) {
        (HistoryMode::Push, Ok(h)) => h.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        (HistoryMode::Replace, Ok(h)) => h.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
        (_, Err(e)) => Err(e),
    };
    if written.is_err() {
        // Some file:// contexts refuse the History API; the location hash always works.
        let _ = window.location().set_hash(fragment);
    }
}

fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let code = if lang == Lang::Thai { "th" } else { "en" };
        if root.get_attribute("lang").as_deref() != Some(code) {
            let _ = root.set_attribute("lang", code);
        }
    }
}
