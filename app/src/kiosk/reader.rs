//! The kiosk's document reader: a document opened from the results shows in a frame inside the
//! kiosk page, not in a window of its own, so the idle countdown appears over it, and the
//! reader's scrolling, keys and touches count as use whenever the browser lets the page see
//! into the frame.
//!
//! What the page can see (tried in Chromium 156 and Firefox ESR 153):
//! - a text or HTML document served by `khlang serve`: everything (same origin);
//! - from file://: in Firefox everything; in Chromium nothing, every file being an origin of its
//!   own, unless the kiosk browser runs with `--allow-file-access-from-files`;
//! - a PDF: nothing, in either. Chromium's viewer runs in a process of its own (the frame holds
//!   only its placeholder) and Firefox's pdf.js gives the frame an origin of its own.
//!
//! What it cannot see it does not guess: the first touch into such a frame (it takes the focus)
//! counts, then the kiosk waits idle::READING_IDLE_TIMES idle times before its countdown.

use gloo_events::{EventListener, EventListenerOptions};
use leptos::prelude::*;

use super::idle::{Idle, INPUT_EVENTS};
use super::words::kiosk_words;
use crate::i18n::Lang;

/// A document open in the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The document's address (the result's link).
    pub href: String,
    pub title: String,
}

/// The open document and whether its use reaches the kiosk.
#[derive(Clone, Copy)]
pub struct Reader {
    pub open: RwSignal<Option<Reading>>,
    /// Whether the page could listen inside the document's frame; None until it has loaded.
    pub heard: RwSignal<Option<bool>>,
}

impl Reader {
    pub fn new() -> Reader {
        Reader {
            open: RwSignal::new(None),
            heard: RwSignal::new(None),
        }
    }

    /// Whether a document is open whose reading the kiosk cannot hear.
    pub fn unheard_open(&self) -> bool {
        self.open.with_untracked(Option::is_some) && self.heard.get_untracked() != Some(true)
    }

    pub fn show(&self, reading: Reading) {
        self.heard.set(None);
        self.open.set(Some(reading));
    }

    pub fn close(&self) {
        self.open.set(None);
        self.heard.set(None);
    }
}

/// Whether `href` names an HTML page (.html, .htm), ignoring a query or fragment.
fn is_html(href: &str) -> bool {
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    path.ends_with(".html") || path.ends_with(".htm")
}

/// Scrolling counts inside a document (unlike on the kiosk page, see super::idle).
const DOCUMENT_EVENTS: [&str; 1] = ["scroll"];

#[component]
pub fn DocumentReader(lang: ReadSignal<Lang>, reader: Reader, idle: Idle) -> impl IntoView {
    let w = move || kiosk_words(lang.get());
    let frame: NodeRef<leptos::html::Iframe> = NodeRef::new();
    // The listeners inside the document on show; replacing them (a new document, or none)
    // removes the old ones.
    let listening = StoredValue::new_local(Vec::<EventListener>::new());
    let on_load = move |_| {
        // A PDF's frame may be readable (Chromium's placeholder, same origin) and still never
        // hear the viewer's scrolling: only other documents count as heard.
        let document = frame
            .get_untracked()
            .and_then(|f| f.content_document())
            .filter(|d| d.content_type() != "application/pdf");
        reader.heard.set(Some(document.is_some()));
        let listeners = document
            .map(|document| {
                INPUT_EVENTS
                    .iter()
                    .chain(&DOCUMENT_EVENTS)
                    .map(|&name| {
                        // Capture: a document that stops its events from bubbling is still heard.
                        EventListener::new_with_options(
                            &document,
                            name,
                            EventListenerOptions::run_in_capture_phase(),
                            move |_| idle.heard(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        listening.set_value(listeners);
    };
    // A touch into a frame the page cannot see into still moves the focus there, once (the
    // page's focus has moved by the time the task after its blur runs).
    let focus = window_event_listener_untyped("blur", move |_| {
        set_timeout(
            move || {
                let into_frame = document()
                    .active_element()
                    .is_some_and(|e| e.id() == "reader-frame");
                if into_frame {
                    idle.heard();
                }
            },
            std::time::Duration::ZERO,
        );
    });
    on_cleanup(move || focus.remove());
    let title = move || reader.open.with(|r| r.as_ref().map(|r| r.title.clone()));
    let href = move || reader.open.with(|r| r.as_ref().map(|r| r.href.clone()));
    // An agency's HTML page may carry scripts; inside the kiosk's own origin they could reach
    // the kiosk (its statistics, its survey). Framed without scripts it still reads, and the
    // kiosk still hears it. Other types are not sandboxed: Chromium shows no PDF in a sandbox.
    let sandbox = move || {
        reader.open.with(|r| {
            r.as_ref()
                .filter(|r| is_html(&r.href))
                .map(|_| "allow-same-origin")
        })
    };
    view! {
        <div id="reader" class="kiosk-reader" role="dialog" aria-modal="true"
            aria-labelledby="reader-title" data-heard=move || reader.heard.get().map_or("loading", |h| if h { "true" } else { "false" })
            on:keydown=move |ev| if ev.key() == "Escape" { reader.close() }>
            <div class="reader-bar">
                <button type="button" id="reader-close" class="kiosk-button primary"
                    on:click=move |_| reader.close()>
                    {move || w().back_to_list}
                </button>
                <h2 id="reader-title" class="reader-title">{title}</h2>
            </div>
            <iframe id="reader-frame" class="reader-frame" node_ref=frame src=href
                sandbox=sandbox title=title on:load=on_load></iframe>
        </div>
    }
}
