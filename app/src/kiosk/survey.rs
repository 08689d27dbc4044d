//! The satisfaction survey (แบบประเมินความพึงพอใจ): a rating from 1 to 5 and an optional comment.

use leptos::prelude::*;

use super::words::kiosk_words;
use crate::i18n::Lang;

/// The survey dialog. `comment` is owned by the kiosk so the on-screen keyboard can type into it;
/// `on_done(Some((rating, comment)))` sends, `on_done(None)` skips.
#[component]
pub fn Survey(
    lang: ReadSignal<Lang>,
    comment: RwSignal<String>,
    on_done: Callback<Option<(u8, String)>>,
) -> impl IntoView {
    let rating = RwSignal::new(0u8);
    let w = move || kiosk_words(lang.get());
    let send = move |_| {
        let r = rating.get_untracked();
        if r > 0 {
            on_done.run(Some((r, comment.get_untracked())));
        }
    };
    // Focus moves into the dialog, so keyboard and screen-reader users start there.
    let heading: NodeRef<leptos::html::H2> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <div id="survey" class="kiosk-dialog" role="dialog" aria-modal="true" aria-labelledby="survey-title"
            on:keydown=move |ev| if ev.key() == "Escape" { on_done.run(None) }>
            <h2 id="survey-title" tabindex="-1" node_ref=heading>{move || w().survey_title}</h2>
            <fieldset class="survey-rating">
                <legend>{move || w().survey_question}</legend>
                {(1..=5u8).map(|n| view! {
                    <label class="survey-choice">
                        <input type="radio" name="survey-rating" value=n.to_string()
                            prop:checked=move || rating.get() == n
                            on:change=move |_| rating.set(n)/>
                        <span>{move || w().ratings[usize::from(n) - 1]}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label for="survey-comment" class="survey-comment-label">{move || w().comment}</label>
            <textarea id="survey-comment" class="survey-comment" rows="3" maxlength="1000"
                prop:value=move || comment.get()
                on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <div class="kiosk-actions">
                <button type="button" id="survey-submit" class="kiosk-button primary"
                    disabled=move || rating.get() == 0 on:click=send>
                    {move || w().send}
                </button>
                <button type="button" id="survey-skip" class="kiosk-button"
                    on:click=move |_| on_done.run(None)>
                    {move || w().skip}
                </button>
            </div>
        </div>
    }
}
