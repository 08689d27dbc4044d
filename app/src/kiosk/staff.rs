//! The staff screen: the usage statistics and their CSV export for the yearly report
//! (รายงานประจำปี). Behind the PIN set at build time; a kiosk built without one still lets staff
//! export what it collected (a survey must not be lost for want of a PIN), but not clear it,
//! since anyone at the kiosk can open the screen.

use catalog::kiosk::PinHash;
use catalog::usage::UsageLog;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::stats;
use super::words::kiosk_words;
use crate::i18n::Lang;

#[component]
pub fn StaffScreen(
    lang: ReadSignal<Lang>,
    pin: Option<PinHash>,
    on_close: Callback<()>,
) -> impl IntoView {
    let unlocked = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let version = RwSignal::new(0u32);
    let w = move || kiosk_words(lang.get());
    let has_pin = pin.is_some();
    let enter = move || {
        let ok = pin
            .as_ref()
            .is_some_and(|p| p.verify(&typed.get_untracked()));
        typed.set(String::new());
        wrong.set(!ok);
        unlocked.set(ok);
    };
    let enter = StoredValue::new_local(enter);
    let heading: NodeRef<leptos::html::H2> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <div id="staff" class="kiosk-dialog" role="dialog" aria-modal="true" aria-labelledby="staff-title"
            data-unlocked=move || unlocked.get().to_string() data-read-only=(!has_pin).to_string()
            on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
            <h2 id="staff-title" tabindex="-1" node_ref=heading>{move || w().stats_title}</h2>
            <Show when=move || !has_pin>
                <p id="staff-read-only" class="staff-note">
                    <strong>{move || w().no_pin}</strong>". "{move || w().read_only}
                </p>
                <Statistics lang=lang can_clear=false on_cleared=Callback::new(|()| ())/>
            </Show>
            <Show when=move || has_pin && !unlocked.get()>
                <form class="pin-form" on:submit=move |ev| { ev.prevent_default(); enter.with_value(|f| f()); }>
                    <label for="staff-pin">{move || w().pin_label}</label>
                    <input id="staff-pin" type="password" inputmode="numeric" autocomplete="off"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <div class="pin-pad" role="group" aria-label=move || w().pin_label>
                        {(1..=9).chain([0]).map(|d| view! {
                            <button type="button" class="pin-key" data-digit=d.to_string()
                                on:click=move |_| typed.update(|t| t.push_str(&d.to_string()))>
                                {d.to_string()}
                            </button>
                        }).collect_view()}
                        <button type="button" class="pin-key" aria-label=move || w().backspace
                            on:click=move |_| { typed.update(|t| { t.pop(); }); }>"⌫"</button>
                    </div>
                    <button type="submit" id="staff-enter" class="kiosk-button primary">{move || w().enter}</button>
                    <Show when=move || wrong.get()>
                        <p id="staff-error" class="staff-error" role="alert">{move || w().wrong_pin}</p>
                    </Show>
                </form>
            </Show>
            <Show when=move || unlocked.get()>
                {move || {
                    // Cleared statistics show as such at once.
                    version.track();
                    view! { <Statistics lang=lang can_clear=true
                        on_cleared=Callback::new(move |()| version.update(|v| *v += 1))/> }
                }}
            </Show>
            <div class="kiosk-actions">
                <button type="button" id="staff-close" class="kiosk-button" on:click=move |_| on_close.run(())>
                    {move || w().close}
                </button>
            </div>
        </div>
    }
}

/// The counts, survey answers and CSV link; `can_clear` adds the button that forgets them.
#[component]
fn Statistics(lang: ReadSignal<Lang>, can_clear: bool, on_cleared: Callback<()>) -> impl IntoView {
    let log = stats::load();
    let confirming = RwSignal::new(false);
    let w = move || kiosk_words(lang.get());
    let (searches, zero, opened) = log.totals();
    let answers = log.surveys.len();
    let average = (answers > 0).then(|| {
        let sum: u32 = log.surveys.iter().map(|s| u32::from(s.rating)).sum();
        format!("{:.2}", f64::from(sum) / answers as f64)
    });
    let csv_url = csv_url(&log);
    let revoke = csv_url.clone();
    on_cleanup(move || {
        if let Some(url) = &revoke {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    });
    let rows: Vec<_> = log
        .days
        .iter()
        .rev()
        .map(|(day, d)| (day.clone(), d.searches, d.zero_results, d.opened))
        .collect();
    view! {
        <table id="stats" class="stats">
            <thead>
                <tr>
                    <th scope="col">{move || w().day}</th>
                    <th scope="col">{move || w().searches}</th>
                    <th scope="col">{move || w().zero_results}</th>
                    <th scope="col">{move || w().opened}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|(day, s, z, o)| view! {
                    <tr data-day=day.clone()>
                        <th scope="row">{day.clone()}</th>
                        <td>{s}</td><td>{z}</td><td>{o}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row">"Σ"</th>
                    <td data-total="searches">{searches}</td>
                    <td data-total="zero_results">{zero}</td>
                    <td data-total="opened">{opened}</td>
                </tr>
            </tfoot>
        </table>
        <p class="stats-survey">
            {move || w().survey_answers}": "{answers}
            {average.map(|a| view! { " · "{move || w().average}": "{a.clone()} })}
        </p>
        <div class="kiosk-actions">
            {csv_url.map(|url| view! {
                <a id="export-csv" class="kiosk-button primary" href=url
                    download=format!("khlang-usage-{}.csv", stats::today())>
                    {move || w().export_csv}
                </a>
            })}
            // Two presses, so a stray touch cannot wipe a year of counts.
            {can_clear.then(|| view! {
                <button type="button" id="stats-clear" class="kiosk-button"
                    on:click=move |_| {
                        if confirming.get_untracked() {
                            stats::clear();
                            on_cleared.run(());
                        } else {
                            confirming.set(true);
                        }
                    }>
                    {move || if confirming.get() { w().confirm_clear } else { w().clear_stats }}
                </button>
            })}
        </div>
    }
}

/// A blob: URL holding the CSV: a download link that works on file:// and sends nothing anywhere.
fn csv_url(log: &UsageLog) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(&log.to_csv()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
