//! Information-centre kiosk mode (ศูนย์ข้อมูลข่าวสาร): a touch layout with an on-screen keyboard,
//! documents read inside the kiosk, a reset after idle time (announced by a countdown) so the
//! next citizen sees nothing of the previous one, usage statistics and a satisfaction survey
//! kept on the kiosk, and a staff screen (behind a PIN when the build set one).
//!
//! Turned on by `khlang build --kiosk` (settings in the page's `khlang-settings` meta tag) or
//! per visit with `index.html?kiosk` (`?kiosk=0` turns a kiosk build off, for staff).

mod countdown;
mod idle;
mod keyboard;
mod links;
mod reader;
mod staff;
mod stats;
mod survey;
mod words;

use std::cell::Cell;
use std::time::Duration;

use catalog::kiosk::KioskSettings;
use catalog::SearchResponse;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state::{Ctx, HistoryMode};
use crate::url_state::UiState;
use countdown::IdleCountdown;
use keyboard::{apply, Key, KeyboardState, OnScreenKeyboard};
use links::LinkClick;
use reader::{DocumentReader, Reader};
use staff::StaffScreen;
use stats::Recorder;
use survey::Survey;
use words::kiosk_words;

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// How a state change enters the history: on a kiosk always in place, so Back never brings
/// back an earlier citizen's search.
pub fn history_mode(mode: HistoryMode) -> HistoryMode {
    if ACTIVE.with(Cell::get) {
        HistoryMode::Replace
    } else {
        mode
    }
}

/// The settings the build wrote into the page; defaults when there are none.
fn page_settings() -> KioskSettings {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=khlang-settings]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .map(|json| KioskSettings::from_json(&json))
        .unwrap_or_default()
}

/// `?kiosk` or `?kiosk=1` asks for kiosk mode, `?kiosk=0` refuses it; None when not mentioned.
fn kiosk_in_url() -> Option<bool> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            None if pair == "kiosk" => Some(true),
            Some(("kiosk", v)) => Some(!matches!(v, "0" | "false" | "no")),
            _ => None,
        })
}

/// Which screen lies over the search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Search,
    Survey,
    Staff,
}

/// The kiosk's controls, keyboard, dialogs and background duties; nothing in normal mode unless
/// the build enabled the survey or a staff PIN.
#[component]
pub fn KioskLayer(
    lang: ReadSignal<Lang>,
    response: Signal<Option<SearchResponse>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let settings = page_settings();
    let active = kiosk_in_url().unwrap_or(settings.kiosk);
    ACTIVE.with(|a| a.set(active));
    let survey_offered = active || settings.survey;
    let staff_offered = active || settings.pin.is_some();
    // Statistics are for a service point; a citizen's own browser counts nothing.
    let counting = active || settings.pin.is_some();

    let panel = RwSignal::new(Panel::Search);
    let resets = RwSignal::new(0u32);
    let notice: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let comment = RwSignal::new(String::new());
    let keyboard = KeyboardState::new();
    let recorder = Recorder::new();
    let reader = Reader::new();

    let reset = move || {
        recorder.flush();
        recorder.forget();
        reader.close();
        panel.set(Panel::Search);
        comment.set(String::new());
        notice.set(None);
        keyboard.reset();
        ctx.replace(|s| *s = UiState::default());
        clear_url();
        resets.update(|n| *n += 1);
    };

    // The idle watch and the reader are a kiosk's; in normal mode documents open as links do.
    let idle_watch = active.then(|| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.class_list().add_1("kiosk");
        }
        // The on-screen keyboard types; a touch screen must not also pop up its own.
        Effect::new(move |_| {
            if let Some(q) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("q"))
            {
                let _ = q.set_attribute("inputmode", "none");
            }
        });
        let used = ctx.state_untracked() != UiState::default();
        let idle = Duration::from_secs(u64::from(settings.idle_seconds));
        idle::watch(idle, used, move || reader.unheard_open(), reset)
    });
    if counting {
        Effect::new(move |_| {
            let query = ctx.query().get();
            if let Some(total) = response.with(|r| r.as_ref().map(|r| r.total)) {
                recorder.typed(&query, total);
            }
        });
    }
    links::watch(active, move |click| match click {
        LinkClick::Document(path, reading) => {
            if let Some(reading) = reading {
                reader.show(reading);
            }
            if counting {
                recorder.flush();
                let day = stats::today();
                stats::update(|log| log.record_open(&day, &path));
            }
        }
        LinkClick::Blocked => notice.set(Some(kiosk_words(lang.get_untracked()).link_blocked)),
    });

    let on_key = Callback::new(move |key: Key| {
        if panel.get_untracked() == Panel::Survey {
            comment.update(|c| apply(c, &key));
        } else {
            ctx.replace(|s| {
                apply(&mut s.query, &key);
                s.shown = catalog::search::DEFAULT_LIMIT;
            });
        }
    });
    let survey_done = Callback::new(move |answer: Option<(u8, String)>| {
        let answered = answer.is_some();
        if let Some((rating, text)) = answer {
            let day = stats::today();
            stats::update(|log| {
                let _ = log.record_survey(&day, rating, &text);
            });
        }
        if active {
            reset();
        } else {
            panel.set(Panel::Search);
            comment.set(String::new());
        }
        if answered {
            notice.set(Some(kiosk_words(lang.get_untracked()).thanks));
        }
    });
    let finish = move |_| {
        recorder.flush();
        if survey_offered {
            panel.set(Panel::Survey);
        } else {
            reset();
        }
    };
    let open_staff = move |_| {
        recorder.flush();
        panel.set(Panel::Staff);
    };
    let close_staff = Callback::new(move |()| panel.set(Panel::Search));
    let pin = settings.pin.clone();
    let w = move || kiosk_words(lang.get());
    // On a kiosk the buttons sit on the keyboard dock, always in reach; otherwise below the results.
    let bar = move || {
        view! {
            <div class="kiosk-bar" role="toolbar">
                <p id="kiosk-notice" class="kiosk-notice" role="status" aria-live="polite">
                    {move || notice.get()}
                </p>
                {active.then(|| view! {
                    <button type="button" id="print" class="kiosk-button" on:click=move |_| links::print_page()>
                        {move || w().print}
                    </button>
                    <button type="button" id="finish" class="kiosk-button primary" on:click=finish>
                        {move || w().finish}
                    </button>
                })}
                {(!active && survey_offered).then(|| view! {
                    <button type="button" id="rate" class="kiosk-button"
                        on:click=move |_| panel.set(Panel::Survey)>
                        {move || w().rate}
                    </button>
                })}
                {staff_offered.then(|| view! {
                    <button type="button" id="staff-open" class="kiosk-button staff-open" on:click=open_staff>
                        {move || w().staff}
                    </button>
                })}
            </div>
        }
    };

    view! {
        <div id="kiosk" class="kiosk-layer" data-active=active.to_string()
            data-resets=move || resets.get().to_string()
            data-panel=move || format!("{:?}", panel.get()).to_lowercase()>
            {(!active).then(bar)}
            <Show when=move || panel.get() == Panel::Survey>
                <Survey lang=lang comment=comment on_done=survey_done/>
            </Show>
            {move || (panel.get() == Panel::Staff).then(|| view! {
                <StaffScreen lang=lang pin=pin.clone() on_close=close_staff/>
            })}
            {idle_watch.map(|idle| view! {
                <Show when=move || reader.open.with(Option::is_some)>
                    <DocumentReader lang=lang reader=reader idle=idle/>
                </Show>
                <IdleCountdown lang=lang idle=idle/>
            })}
            {active.then(|| view! {
                <div class="kiosk-dock">
                    {bar()}
                    <Show when=move || panel.get() != Panel::Staff>
                        <OnScreenKeyboard state=keyboard lang=lang on_key=on_key/>
                    </Show>
                </div>
            })}
        </div>
    }
}

/// Drops the fragment from the address in place: no history entry, nothing to go back to.
fn clear_url() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let cleared = window
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)));
    if cleared.is_err() {
        let _ = location.replace(&url);
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
    if let Some(focused) = window
        .document()
        .and_then(|d| d.active_element())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = focused.blur();
    }
}
