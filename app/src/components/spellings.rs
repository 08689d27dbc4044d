//! The offer of the archive's other spellings of the query's words (ศรีษะ for ศีรษะ): a line
//! under the count whenever the archive holds some, and one tap to include them all.
//!
//! Offer, never switch: the results stay those of what was typed until the reader includes the
//! other spellings (crate::state's `other_spellings`, kept in the address), and a hit found only
//! through one says so on its card (super::results). Near misses (super::offer) are another
//! thing: they stand in for a query that found nothing; these add to whatever the query found.

use catalog::{OtherSpelling, SearchResponse};
use leptos::prelude::*;

use crate::i18n::{words, Lang};
use crate::state::Ctx;

/// "รวมคำที่สะกดต่าง: [ศรีษะ (+2)]", the words a toggle button (aria-pressed) whose name is the
/// whole line; once included, "รวมคำที่สะกดต่างแล้ว: [ศรีษะ (+2)] [ค้นเฉพาะตามที่พิมพ์]". Each
/// choice is a step in the history, so Back returns to the results before it.
#[component]
pub fn Spellings(
    lang: ReadSignal<Lang>,
    response: Signal<Option<SearchResponse>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let included = ctx.other_spellings();
    let shown = move || response.with(|r| r.as_ref().is_some_and(|r| !r.spellings.is_empty()));
    let entries = move || {
        response
            .with(|r| r.as_ref().map(|r| entries(&r.spellings)))
            .unwrap_or_default()
    };
    let lead = move || {
        let w = words(lang.get());
        if included.get() {
            w.other_spellings_included
        } else {
            w.other_spellings
        }
    };
    view! {
        <Show when=shown>
            <p id="spellings" class="spellings" data-included=move || included.get().to_string()>
                <span id="spellings-lead">{lead}</span>
                " "
                <button id="spellings-toggle" type="button" class="spellings-toggle"
                    aria-labelledby="spellings-lead spellings-toggle"
                    aria-pressed=move || included.get().to_string()
                    on:click=move |_| ctx.push(|s| s.other_spellings = !s.other_spellings)>
                    <span lang="th">{entries}</span>
                </button>
                <Show when=move || included.get()>
                    <button id="spellings-typed" type="button" class="spellings-typed"
                        on:click=move |_| ctx.push(|s| s.other_spellings = false)>
                        {move || words(lang.get()).only_as_typed}
                    </button>
                </Show>
            </p>
        </Show>
    }
}

/// "ศรีษะ (+2), ปฎิบัติ (+1)": each other spelling with the documents including it adds.
fn entries(spellings: &[OtherSpelling]) -> String {
    spellings
        .iter()
        .map(|s| format!("{} (+{})", s.other, s.adds))
        .collect::<Vec<_>>()
        .join(", ")
}
