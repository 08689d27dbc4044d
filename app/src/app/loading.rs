//! Opening the search backend when the page starts, and loading the rest in the background,
//! into signals the screen shows: how far loading is, the title, the trust line.

use std::rc::Rc;

use catalog::{FacetKind, SearchRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{self, Answer, LoadError, Reports, SearchBackend};
use crate::recovery;
use crate::trust::Trust;

/// Where loading the archive stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Loading {
    Started,
    /// The parts needed before the first search: (in, of how many).
    Parts(usize, usize),
    Ready,
    Failed(LoadError),
}

/// What loading makes known, each a signal of its own.
#[derive(Clone, Copy)]
pub struct Loaded {
    pub loading: RwSignal<Loading>,
    /// The backend, once it can answer.
    pub backend: RwSignal<Option<Rc<dyn SearchBackend>>, LocalStorage>,
    /// Bumped whenever more of the archive arrives, so a waiting search runs again.
    pub arrived: RwSignal<u64>,
    /// The search index loading after the first results: (parts in, of how many).
    pub index_progress: RwSignal<Option<(usize, usize)>>,
    /// Whether typed queries can run without waiting.
    pub index_loaded: RwSignal<bool>,
    pub title: RwSignal<String>,
    /// Whether the archive holds more than one agency (else the agency facet says nothing).
    pub many_agencies: RwSignal<bool>,
    pub trust: RwSignal<Trust>,
}

/// Starts opening the backend and returns the signals it fills in.
pub fn start() -> Loaded {
    let loaded = Loaded {
        loading: RwSignal::new(Loading::Started),
        backend: RwSignal::new_local(None),
        arrived: RwSignal::new(0),
        index_progress: RwSignal::new(None),
        index_loaded: RwSignal::new(false),
        title: RwSignal::new(String::new()),
        many_agencies: RwSignal::new(false),
        trust: RwSignal::new(Trust::Checking),
    };
    spawn_local(open(loaded));
    loaded
}

async fn open(loaded: Loaded) {
    let Loaded {
        loading,
        backend,
        arrived,
        index_progress,
        index_loaded,
        title,
        many_agencies,
        trust,
    } = loaded;
    let progress = move |done, total| loading.set(Loading::Parts(done, total));
    let opened = match backend::open(progress, move |t| trust.set(t)).await {
        Ok(opened) => opened,
        Err(err) => {
            loading.set(Loading::Failed(err));
            return;
        }
    };
    let name = opened.title();
    title.set(name.clone());
    set_document_title(&name);
    many_agencies.set(agencies(opened.as_ref()) > 1);
    backend.set(Some(Rc::clone(&opened)));
    loading.set(Loading::Ready);
    recovery::ready();
    let progress = move |done: usize, total: usize| {
        index_progress.set((done < total).then_some((done, total)));
    };
    let bump = move || arrived.update(|n| *n += 1);
    let failed = move |err: LoadError| loading.set(Loading::Failed(err));
    opened
        .load_rest(Reports {
            progress: &progress,
            arrived: &bump,
            failed: &failed,
        })
        .await;
    index_progress.set(None);
    index_loaded.set(true);
    bump();
}

/// How many agencies the whole archive holds, as far as the first search tells.
fn agencies(backend: &dyn SearchBackend) -> usize {
    match backend.search(&SearchRequest::new("")) {
        Answer::Found { response, .. } => response
            .facets
            .get(FacetKind::Agency.field_name())
            .map_or(0, |a| a.len()),
        _ => 0,
    }
}

fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}
