//! The search box: every keystroke is a search.

use leptos::prelude::*;

use crate::i18n::{words, Lang};
use crate::state::Ctx;

#[component]
pub fn SearchBox(lang: ReadSignal<Lang>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let value = move || ctx.query().get();
    // `input` follows every keystroke; `change` and `search` also catch what bypasses it (a
    // cleared field on some platforms, the search field's own ✕ button, an automated clear).
    let set_query = move |text: String| {
        if ctx.query().with_untracked(|q| *q != text) {
            ctx.replace(|s| {
                s.query = text;
                s.shown = catalog::search::DEFAULT_LIMIT;
            });
        }
    };
    view! {
        <form class="search" role="search" on:submit=move |ev| ev.prevent_default()>
            <label for="q" class="search-label">{move || words(lang.get()).search_label}</label>
            <input id="q" class="search-input" type="search" autocomplete="off" spellcheck="false"
                enterkeyhint="search"
                placeholder=move || words(lang.get()).placeholder
                aria-controls="results"
                prop:value=value
                on:input=move |ev| set_query(event_target_value(&ev))
                on:change=move |ev| set_query(event_target_value(&ev))
                on:search=move |ev: web_sys::Event| set_query(event_target_value(&ev))/>
        </form>
    }
}
