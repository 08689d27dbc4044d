//! The button that switches the interface between Thai and English.

use leptos::prelude::*;

use crate::i18n::{words, Lang};
use crate::state::Ctx;

#[component]
pub fn LangSwitch() -> impl IntoView {
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
