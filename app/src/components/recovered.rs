//! The notice after a restart by the panic hook (crate::recovery): an internal error happened,
//! the search was restarted, and whether it was reset. Polite (a status, not an alert: the person
//! can carry on) and dismissible.

use leptos::prelude::*;

use crate::i18n::{words, Lang};
use crate::recovery::{self, Restart};

/// `<div id="recovered" role="status" data-recovery="restored|reset">`, only after a restart.
#[component]
pub fn RecoveredNotice(lang: ReadSignal<Lang>) -> impl IntoView {
    let restart = RwSignal::new(recovery::restart());
    let dismiss = move |_| {
        restart.set(None);
        // The button that had the focus is gone; the search box is where the person goes next.
        if let Some(q) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("q"))
        {
            if let Ok(q) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(q) {
                let _ = q.focus();
            }
        }
    };
    move || {
        restart.get().map(|r| {
            let text = move || {
                let w = words(lang.get());
                match r {
                    Restart::Restored => w.recovered_restored,
                    Restart::Reset => w.recovered_reset,
                }
            };
            view! {
                <div id="recovered" class="recovered" role="status" data-recovery=r.attribute()>
                    <p class="recovered-text">{text}</p>
                    <button type="button" class="recovered-dismiss" on:click=dismiss>
                        {move || words(lang.get()).dismiss}
                    </button>
                </div>
            }
        })
    }
}
