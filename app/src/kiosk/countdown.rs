//! The warning before an idle reset: the seconds left and a button to stay, over everything
//! else on the screen (the document reader included), so whoever is still there sees it. Its
//! backdrop takes every touch, so a touch anywhere, even over a document the kiosk cannot
//! hear (super::reader), reaches the page and cancels the countdown.

use leptos::prelude::*;

use super::idle::Idle;
use super::words::kiosk_words;
use crate::i18n::Lang;

#[component]
pub fn IdleCountdown(lang: ReadSignal<Lang>, idle: Idle) -> impl IntoView {
    let w = move || kiosk_words(lang.get());
    let seconds = move || idle.countdown.get().unwrap_or_default().to_string();
    view! {
        <Show when=move || idle.countdown.get().is_some()>
            <div class="idle-backdrop">
            <div id="idle-countdown" class="kiosk-dialog idle-countdown" role="alertdialog"
                aria-modal="true" aria-labelledby="idle-warning">
                <p id="idle-warning" class="idle-warning">
                    {move || w().idle_warning}" "
                    <span id="idle-seconds" class="idle-seconds">{seconds}</span>
                    " "{move || w().seconds_left}
                </p>
                // Touching it is input like any other; the click also comes from a keyboard's Enter.
                <button type="button" id="still-here" class="kiosk-button primary"
                    on:click=move |_| idle.heard()>
                    {move || w().still_here}
                </button>
            </div>
            </div>
        </Show>
    }
}
