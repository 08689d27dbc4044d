//! The state in the address bar, both ways: the state is written into the URL fragment as it
//! changes (history entries as [`HistoryMode`] asks, in place on a kiosk), and read back on
//! back/forward and on edited or shared links. The fragment's format is crate::url_state's.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::Lang;
use crate::kiosk;
use crate::state::{Ctx, HistoryMode};
use crate::url_state::UiState;

/// How long typing must pause before the address follows it.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// The state the address holds now.
pub fn current_state() -> UiState {
    UiState::from_fragment(&current_fragment())
}

/// Keeps the address, and the page's language, in step with `ctx`.
pub fn keep_in_sync(ctx: Ctx) {
    // State → URL. Typing updates the address once it pauses: a `replaceState` per keystroke
    // cost about 1 ms each in the typing profile (`khlang-bench profile-typing`).
    // A click right after typing first writes what was typed into the current entry, so that
    // Back returns to it.
    let pending_url: StoredValue<Option<(TimeoutHandle, String)>, LocalStorage> =
        StoredValue::new_local(None);
    // Its own effect, and only on a change: setting <html lang> restyles the whole page (4 ms
    // a keystroke when it ran with every state change, in the typing profile).
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
    let from_url = move || ctx.set(current_state());
    let _ = window_event_listener(ev::popstate, move |_| from_url());
    let _ = window_event_listener(ev::hashchange, move |_| from_url());
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
