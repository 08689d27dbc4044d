//! Idle detection: after a set time without any input the kiosk resets, once per period of use.

use std::time::Duration;

use leptos::prelude::*;

/// Events that mean someone is using the kiosk. Not "scroll": the reset scrolls to the top itself,
/// and a person scrolls with a wheel, a finger or a key anyway.
const INPUT_EVENTS: [&str; 5] = ["pointerdown", "keydown", "input", "wheel", "touchstart"];

/// How often the idle time is checked; short, so a reset comes close to the configured time.
const CHECK_EVERY: Duration = Duration::from_millis(250);

/// How many idle times the kiosk waits while a document it opened is still open. Reading a
/// document (scrolling a PDF in its own window) sends no input to the kiosk's page, so the
/// plain idle time would close it under a reader's eyes; the document is still closed in the
/// end, so the next citizen does not find it.
pub const READING_IDLE_TIMES: u32 = 3;

/// Calls `reset` when `idle` has passed since the last input, or [`READING_IDLE_TIMES`] that
/// while `reading` says a document is open. `armed` says whether anything happened since the
/// last reset (an unused kiosk is not reset again and again).
pub fn watch(
    idle: Duration,
    armed: bool,
    reading: impl Fn() -> bool + 'static,
    reset: impl Fn() + 'static,
) {
    let last_input = StoredValue::new(js_sys::Date::now());
    let armed = StoredValue::new(armed);
    for name in INPUT_EVENTS {
        let _ = window_event_listener_untyped(name, move |_| {
            last_input.set_value(js_sys::Date::now());
            armed.set_value(true);
        });
    }
    let idle_ms = idle.as_millis() as f64;
    let _ = set_interval_with_handle(
        move || {
            let limit = if reading() {
                idle_ms * f64::from(READING_IDLE_TIMES)
            } else {
                idle_ms
            };
            if armed.get_value() && js_sys::Date::now() - last_input.get_value() >= limit {
                armed.set_value(false);
                reset();
            }
        },
        CHECK_EVERY,
    );
}
