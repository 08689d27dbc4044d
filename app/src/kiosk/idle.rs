//! Idle detection: after a set time without input the kiosk counts down on screen, then resets,
//! once per period of use. Any input, or the countdown's own button, cancels the countdown: a
//! citizen still reading never loses the page without a warning they could answer.

use std::time::Duration;

use catalog::kiosk::{IdlePhase, COUNTDOWN_SECONDS};
use leptos::prelude::*;

/// Events that mean someone is using the kiosk. Not "scroll" on the kiosk page: the reset
/// scrolls to the top itself, and a person scrolls with a wheel, a finger or a key anyway.
/// (Inside a document the reader shows, scrolling does count: see super::reader.)
pub const INPUT_EVENTS: [&str; 5] = ["pointerdown", "keydown", "input", "wheel", "touchstart"];

/// How often the idle time is checked; short, so a reset comes close to the configured time.
const CHECK_EVERY: Duration = Duration::from_millis(250);

/// How many idle times the kiosk waits while a document is open whose reading it cannot hear
/// (a PDF, or any document the browser keeps the page from seeing into; super::reader says
/// which). The countdown still comes, shown over the document.
pub const READING_IDLE_TIMES: u32 = 3;

/// The kiosk's sense of being used: what the countdown shows, and a way for input the page's
/// own listeners cannot hear (inside the reader's frame) to count.
#[derive(Clone, Copy)]
pub struct Idle {
    last_input: StoredValue<f64>,
    /// Whether anything happened since the last reset (an unused kiosk is not reset again and again).
    armed: StoredValue<bool>,
    /// Whether a finger or button is down on the page: the countdown stays until it is lifted,
    /// so the rest of the touch that cancelled it lands on the countdown, not on what lay
    /// beneath (a result, a key of the on-screen keyboard).
    pressing: StoredValue<bool>,
    /// Seconds left before the reset while the countdown shows.
    pub countdown: RwSignal<Option<u32>>,
}

impl Idle {
    /// Someone did something: the quiet period starts over, and a countdown goes at the next
    /// check (once nothing is pressed).
    pub fn heard(&self) {
        self.last_input.set_value(js_sys::Date::now());
        self.armed.set_value(true);
    }
}

/// Watches the kiosk's input: after `idle` without any (or [`READING_IDLE_TIMES`] that while
/// `unheard_reading` says an open document's reading cannot be heard) the countdown
/// ([`COUNTDOWN_SECONDS`]) shows, and when it runs out `reset` is called.
pub fn watch(
    idle: Duration,
    armed: bool,
    unheard_reading: impl Fn() -> bool + 'static,
    reset: impl Fn() + 'static,
) -> Idle {
    let watch = Idle {
        last_input: StoredValue::new(js_sys::Date::now()),
        armed: StoredValue::new(armed),
        pressing: StoredValue::new(false),
        countdown: RwSignal::new(None),
    };
    for name in INPUT_EVENTS {
        let _ = window_event_listener_untyped(name, move |_| watch.heard());
    }
    let _ = window_event_listener_untyped("pointerdown", move |_| watch.pressing.set_value(true));
    for name in ["pointerup", "pointercancel"] {
        let _ = window_event_listener_untyped(name, move |_| watch.pressing.set_value(false));
    }
    let idle_ms = idle.as_millis() as f64;
    let countdown = Duration::from_secs(COUNTDOWN_SECONDS.into()).min(idle);
    let countdown_ms = countdown.as_millis() as f64;
    let _ = set_interval_with_handle(
        move || {
            if !watch.armed.get_value() {
                return;
            }
            let limit = if unheard_reading() {
                idle_ms * f64::from(READING_IDLE_TIMES)
            } else {
                idle_ms
            };
            let quiet = js_sys::Date::now() - watch.last_input.get_value();
            let shown = match IdlePhase::after(quiet, limit, countdown_ms) {
                IdlePhase::InUse => None,
                IdlePhase::CountingDown(left) => Some(left),
                IdlePhase::Reset => {
                    watch.armed.set_value(false);
                    watch.countdown.set(None);
                    reset();
                    return;
                }
            };
            let lifted = !watch.pressing.get_value();
            if watch.countdown.get_untracked() != shown && (shown.is_some() || lifted) {
                watch.countdown.set(shown);
            }
        },
        CHECK_EVERY,
    );
    watch
}
