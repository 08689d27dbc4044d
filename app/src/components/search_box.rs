//! The search box: every keystroke is a search.

use leptos::prelude::*;

use super::app::Ctx;
use crate::i18n::{words, Lang};

#[component]
pub fn SearchBox(lang: Memo<Lang>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let value = move || ctx.state.with(|s| s.query.clone());
    view! {
        <form class="search" role="search" on:submit=move |ev| ev.prevent_default()>
            <label for="q" class="search-label">{move || words(lang.get()).search_label}</label>
            <input id="q" class="search-input" type="search" autocomplete="off" spellcheck="false"
                enterkeyhint="search"
                placeholder=move || words(lang.get()).placeholder
                aria-controls="results"
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    ctx.replace(|s| {
                        s.query = text;
                        s.shown = catalog::search::DEFAULT_LIMIT;
                    });
                }/>
        </form>
    }
}
