//! The first screenful of hits in the keystroke, the rest in the idle time after it.
//!
//! At nearly every short keystroke the hits are new, and building and laying out ten new Thai
//! titles and passages was the largest cost of the page (docs/benchmarks-log.md, runs of
//! 2026-12-04 and 2026-12-05), while a 1280 × 900 window shows three of them. So a new list of
//! hits is rendered as far as the screen reaches, and the rest once the browser is idle after
//! painting it; the next keystroke cancels what is still waiting. Hits on screen that stay as
//! they are (same document, same passage) keep their place: after "more", the first page
//! stays and the next one is added.
//!
//! How far the screen reaches is measured, not guessed: in the idle time the list's top and its
//! shortest hit are read from the page (already laid out then, so reading them costs no extra
//! layout), and the next keystroke renders enough of the shortest hits to fill the window.

use catalog::SearchResponse;
use leptos::prelude::*;

use crate::components::{hit_key, with_loading, HitKey};
use crate::idle::Idle;
use wasm_bindgen::JsCast;

/// How many hits of the response on screen are rendered, and whether that is all of them.
#[derive(Clone, Copy)]
pub struct Screenful {
    /// Hits to render now, from the first (`usize::MAX`: all).
    pub limit: Signal<usize>,
    /// Whether every hit of the response is rendered (`#app[data-search]` says "rest" until
    /// then: crate::app::status).
    pub complete: Signal<bool>,
}

/// One response's hits as rendering them is planned.
#[derive(Clone, PartialEq)]
struct Listing {
    /// Counts the responses, so the idle time can say which one it completed.
    generation: u64,
    /// Each hit's key (crate::components::hit_key): hits whose key is unchanged keep their DOM.
    keys: Vec<HitKey>,
    /// How many hits to render at once.
    at_once: usize,
}

/// Where the list sits on the page and how short a hit can be, as measured last.
#[derive(Clone, Copy)]
struct Geometry {
    /// The top of `#results` from the top of the page, in CSS pixels.
    list_top: f64,
    /// The height of the shortest hit on screen, in CSS pixels.
    shortest_hit: f64,
}

/// Before anything is measured: a list at the top of the page and short hits, so the first
/// search renders more rather than less.
const UNMEASURED: Geometry = Geometry {
    list_top: 0.0,
    shortest_hit: 100.0,
};

/// The idle callback's deadline: the rest is rendered within this even on a page that is
/// never idle (a browser busy loading the archive's parts).
const REST_WITHIN_MS: u32 = 200;

/// Follows the response on screen and plans how much of it each change renders at once.
pub fn follow(response: Signal<Option<SearchResponse>>) -> Screenful {
    let geometry = StoredValue::new(UNMEASURED);
    // The generation whose every hit is rendered.
    let whole: RwSignal<Option<u64>> = RwSignal::new(None);
    let listing = Memo::new(move |previous: Option<&Listing>| {
        let keys: Vec<HitKey> = response.with(|r| {
            r.as_ref()
                .map(|r| with_loading(r).map(|(h, l)| hit_key(h, l)).collect())
                .unwrap_or_default()
        });
        // What the previous response left on screen stays there.
        let kept = previous.map_or(0, |p| {
            let rendered = if whole.get_untracked() == Some(p.generation) {
                p.keys.len()
            } else {
                p.at_once.min(p.keys.len())
            };
            p.keys[..rendered]
                .iter()
                .zip(&keys)
                .take_while(|(a, b)| a == b)
                .count()
        });
        Listing {
            generation: previous.map_or(0, |p| p.generation + 1),
            at_once: kept.max(hits_on_screen(geometry.get_value())),
            keys,
        }
    });
    // The idle callback waiting to render the rest; replacing it cancels it.
    let waiting: StoredValue<Option<Idle>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let generation = listing.with(|l| l.generation);
        let idle = Idle::schedule(REST_WITHIN_MS, move || {
            if let Some(measured) = measure() {
                geometry.set_value(measured);
            }
            whole.set(Some(generation));
        });
        waiting.set_value(idle);
    });
    let limit = Signal::derive(move || {
        listing.with(|l| {
            if whole.get() == Some(l.generation) {
                usize::MAX
            } else {
                l.at_once
            }
        })
    });
    let complete = Signal::derive(move || {
        listing.with(|l| whole.get() == Some(l.generation) || l.at_once >= l.keys.len())
    });
    Screenful { limit, complete }
}

/// How many hits of `geometry`'s shortest fill the window from the list's top down to the
/// window's bottom (at least one). Reading the window's size and scroll lays nothing out.
fn hits_on_screen(geometry: Geometry) -> usize {
    let Some(window) = web_sys::window() else {
        return usize::MAX;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(1000.0);
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let below_top = (scrolled + height - geometry.list_top).max(0.0);
    ((below_top / geometry.shortest_hit.max(1.0)).ceil() as usize).max(1)
}

/// The list's top and its shortest hit as the page lays them out now; `None` with no hits.
fn measure() -> Option<Geometry> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let list = document.get_element_by_id("results")?;
    let hits = list.query_selector_all(":scope > li.hit").ok()?;
    let shortest_hit = (0..hits.length())
        .filter_map(|i| hits.item(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|hit| hit.get_bounding_client_rect().height())
        .filter(|h| *h > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !shortest_hit.is_finite() {
        return None;
    }
    let list_top = list.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0);
    Some(Geometry {
        list_top,
        shortest_hit,
    })
}
