//! The offer under a query that found nothing: the archive's nearest words, one tap each.
//!
//! The results stay those of what was typed ("0 documents"); the offer only proposes (the
//! engine's crate::spelling decides what is near). A tap searches the offered query as if it had
//! been typed, as a new step in the history, so Back returns to the slip.

use catalog::{SearchResponse, Suggestion};
use leptos::prelude::*;

use crate::i18n::{found, words, Lang};
use crate::state::Ctx;

#[component]
pub fn Offer(lang: ReadSignal<Lang>, response: Signal<Option<SearchResponse>>) -> impl IntoView {
    let offers = move || {
        response
            .with(|r| r.as_ref().map(|r| r.suggestions.clone()))
            .unwrap_or_default()
    };
    let shown = move || response.with(|r| r.as_ref().is_some_and(|r| !r.suggestions.is_empty()));
    view! {
        <Show when=shown>
            <p id="offer" class="offer">
                <span>{move || words(lang.get()).did_you_mean}</span>
                " "
                <For each=offers key=|s| s.query.clone()
                    children=move |s| view! { <OfferButton offer=s lang=lang/> }/>
            </p>
        </Show>
    }
}

#[component]
fn OfferButton(offer: Suggestion, lang: ReadSignal<Lang>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let Suggestion { query, word, total } = offer;
    view! {
        <button type="button" class="offer-word" data-query=query.clone()
            on:click=move |_| {
                let query = query.clone();
                ctx.push(move |s| s.query = query);
            }>
            <span lang="th">{word}</span>
            " ("{move || found(lang.get(), total)}")"
        </button>
    }
}
