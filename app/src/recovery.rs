//! Recovery from internal errors: a Rust panic restarts the search instead of freezing the page.
//!
//! The app is built with `panic = "abort"`, so a panic ends in a wasm `unreachable` trap; after it
//! nothing in the app answers any more and the page freezes without a word. The hook installed by
//! [`install`] runs just before that trap. It
//! - logs the panic to the console, exactly as `console_error_panic_hook` does;
//! - says in Thai and English what is happening, in an element of its own outside the Leptos tree
//!   (`<div id="crash" role="alert" data-recovery="reload|reset|stopped">`);
//! - writes a [`Record`] (time, the state fragment being searched, the step) into sessionStorage;
//! - reloads the page. The search state lives in the URL fragment (crate::url_state) and `?kiosk`
//!   in the query string, so the new page shows what the person was doing, and the app's
//!   `#recovered` notice (crate::components) says that it restarted.
//!
//! Loop guard: a panic within [`LOOP_WINDOW_MS`] of the restarted app becoming ready (or before it
//! became ready) is the same error again. The second time the page is reloaded with the fragment
//! cleared, so the archive opens in its plain state; the third time it is not reloaded at all,
//! and the message asks the person to close and reopen the page or tell the staff. Without
//! sessionStorage a loop could not be recognised, so then the page is never reloaded.
//!
//! The hook uses only web_sys and js_sys, never Leptos signals: the panic may have happened while
//! a signal or any other RefCell was borrowed.
//!
//! Test switch (documented in README.md): `?test-panic` panics once per browser session, in the
//! real search path, on the first non-empty search; `?test-panic=always` on every non-empty
//! search, which exercises the loop guard.

use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// A panic this soon (ms) after a restart counts as the same error again.
pub const LOOP_WINDOW_MS: f64 = 10_000.0;

/// sessionStorage key of the [`Record`]. Per tab: another tab or a new visit starts afresh.
const RECORD_KEY: &str = "khlang-recovery";
/// sessionStorage key set once `?test-panic` has panicked in this session.
const TEST_PANIC_KEY: &str = "khlang-test-panic";

/// What the last recovery did, kept in sessionStorage across the reload.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Record {
    /// When the panic happened, in ms since the epoch.
    at: f64,
    /// The state fragment (without '#') whose search was running, or the URL's.
    fragment: String,
    /// 1: reloaded into the same state; 2: reloaded in the plain state; 3 and more: stopped.
    step: u32,
    /// True from the reload until the restarted app has loaded the archive again.
    restarting: bool,
    /// When the restarted app had loaded the archive again, in ms since the epoch.
    ready_at: Option<f64>,
}

/// What the hook does after a panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// Reload into the same state.
    Reload,
    /// Reload with the fragment cleared: the plain state.
    Reset,
    /// Do not reload: it keeps happening, a person has to step in.
    Stop,
    /// Do not reload: without a record the next start could not recognise a loop.
    Halt,
}

impl Action {
    fn for_step(step: u32) -> Action {
        match step {
            0 | 1 => Action::Reload,
            2 => Action::Reset,
            _ => Action::Stop,
        }
    }

    /// The `data-recovery` value of the hook's message.
    fn attribute(self) -> &'static str {
        match self {
            Action::Reload => "reload",
            Action::Reset => "reset",
            Action::Stop | Action::Halt => "stopped",
        }
    }

    /// The hook's message, Thai then English: the app's language is behind a borrowed signal.
    fn message(self) -> &'static str {
        match self {
            Action::Reload => {
                "เกิดข้อผิดพลาดภายใน กำลังเริ่มโปรแกรมค้นหาใหม่… / An internal error occurred; restarting the search…"
            }
            Action::Reset => {
                "เกิดข้อผิดพลาดภายในซ้ำ กำลังเริ่มโปรแกรมค้นหาใหม่โดยล้างคำค้น… / The internal error happened again; restarting the search with the query cleared…"
            }
            Action::Stop => {
                "เกิดข้อผิดพลาดภายในซ้ำหลายครั้ง โปรแกรมค้นหาจึงหยุดทำงาน โปรดปิดหน้านี้แล้วเปิดใหม่ หรือแจ้งเจ้าหน้าที่ / The internal error keeps happening, so the search has stopped. Please close this page and open it again, or tell the staff."
            }
            Action::Halt => {
                "เกิดข้อผิดพลาดภายใน และโปรแกรมค้นหาเริ่มใหม่เองไม่ได้ โปรดปิดหน้านี้แล้วเปิดใหม่ หรือแจ้งเจ้าหน้าที่ / An internal error occurred and the search cannot restart itself. Please close this page and open it again, or tell the staff."
            }
        }
    }
}

/// The step of a panic at `now`, given the record of the previous recovery in this session.
fn next_step(previous: Option<&Record>, now: f64) -> u32 {
    let Some(previous) = previous else {
        return 1;
    };
    let again = match previous.ready_at {
        Some(ready) => now - ready < LOOP_WINDOW_MS,
        // It never got back to ready: the restart itself panicked.
        None if previous.restarting => true,
        // Stopped (no reload); a manual reload that panics again soon is still the same error.
        None => now - previous.at < LOOP_WINDOW_MS,
    };
    if again {
        previous.step.saturating_add(1)
    } else {
        1
    }
}

/// The `?test-panic` switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TestPanic {
    Off,
    /// `?test-panic`: the first non-empty search of the browser session panics.
    Once,
    /// `?test-panic=always`: every non-empty search panics.
    Always,
}

thread_local! {
    /// The state fragment of the search running now, so that the hook reloads into the state
    /// whose search panicked even before the state→URL effect has written it. None before the
    /// first search: then the URL's fragment is the state.
    static SEARCHING: RefCell<Option<String>> = const { RefCell::new(None) };
    static TEST_PANIC: Cell<TestPanic> = const { Cell::new(TestPanic::Off) };
    /// Set by the first panic of this page. After it the wasm instance is dead, and callbacks
    /// still due (a part of the archive arriving, a timer) fail in turn; those are echoes of
    /// the first error, not a second one, and must not count towards the loop guard.
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the panic hook (in place of `console_error_panic_hook::set_once`, whose logging it
/// keeps) and reads the `?test-panic` switch.
pub fn install() {
    std::panic::set_hook(Box::new(on_panic));
    TEST_PANIC.with(|t| t.set(test_panic_in_url()));
}

/// Notes the state fragment of the search about to run, which a panic reloads into.
pub fn searching(fragment: String) {
    SEARCHING.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = Some(fragment);
        }
    });
}

/// The test switch, called in the real search path just before a search for `query`: panics
/// when `?test-panic` asks for it (see the module documentation).
pub fn test_panic(query: &str) {
    if query.trim().is_empty() {
        return;
    }
    match TEST_PANIC.with(Cell::get) {
        TestPanic::Off => {}
        TestPanic::Always => panic!("test-panic=always: a deliberate panic in the search"),
        TestPanic::Once => {
            let Some(storage) = session_storage() else {
                // Without sessionStorage "once" cannot be kept: never panic rather than always.
                return;
            };
            if storage.get_item(TEST_PANIC_KEY).ok().flatten().is_none()
                && storage.set_item(TEST_PANIC_KEY, "done").is_ok()
            {
                panic!("test-panic: a deliberate panic in the search, once per session");
            }
        }
    }
}

/// How this start of the app came about, when it is a restart after an internal error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Restarted into the state the person was in.
    Restored,
    /// Restarted in the plain state: the same error came back right after a restart.
    Reset,
}

impl Restart {
    /// The `data-recovery` value of the `#recovered` notice.
    pub fn attribute(self) -> &'static str {
        match self {
            Restart::Restored => "restored",
            Restart::Reset => "reset",
        }
    }
}

/// Whether this start is a restart by the hook; read once, when the app starts.
pub fn restart() -> Option<Restart> {
    let record = read(&session_storage()?)?;
    if !record.restarting {
        return None;
    }
    match Action::for_step(record.step) {
        Action::Reload => Some(Restart::Restored),
        Action::Reset => Some(Restart::Reset),
        Action::Stop | Action::Halt => None,
    }
}

/// Marks a restart complete once the archive is loaded again: from now on a panic is a new error
/// only after [`LOOP_WINDOW_MS`].
pub fn ready() {
    let Some(storage) = session_storage() else {
        return;
    };
    if let Some(mut record) = read(&storage).filter(|r| r.restarting) {
        record.restarting = false;
        record.ready_at = Some(js_sys::Date::now());
        let _ = write(&storage, &record);
    }
}

fn on_panic(info: &PanicHookInfo) {
    console_error_panic_hook::hook(info);
    if PANICKED.with(|p| p.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = js_sys::Date::now();
    let storage = session_storage();
    let previous = storage.as_ref().and_then(read);
    let fragment = SEARCHING
        .with(|s| s.try_borrow().ok().and_then(|s| s.clone()))
        .unwrap_or_else(|| {
            window
                .location()
                .hash()
                .unwrap_or_default()
                .trim_start_matches('#')
                .to_string()
        });
    let step = next_step(previous.as_ref(), now);
    let mut action = Action::for_step(step);
    let record = Record {
        at: now,
        fragment: fragment.clone(),
        step,
        restarting: action == Action::Reload || action == Action::Reset,
        ready_at: None,
    };
    let recorded = storage.is_some_and(|s| write(&s, &record).is_ok());
    if !recorded {
        // The next start could not tell a loop from a first error, so there must be none.
        action = Action::Halt;
    }
    show(&window, action);
    let location = window.location();
    let page = location
        .href()
        .map(|href| href.split('#').next().unwrap_or_default().to_string());
    match (action, page) {
        (Action::Reload, Ok(page)) => {
            // The search that panicked may be newer than the URL: write its state first. Only
            // the history entry changes (no event, no navigation), then the page reloads.
            let url = if fragment.is_empty() {
                page
            } else {
                format!("{page}#{fragment}")
            };
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
            let _ = location.reload();
        }
        // A URL without a fragment is a real navigation, never a jump within the page.
        (Action::Reset, Ok(page)) => {
            let _ = location.replace(&page);
        }
        _ => {}
    }
}

/// Shows the hook's message in `#crash`, outside the Leptos tree, and makes the app, which can no
/// longer respond, inert.
fn show(window: &web_sys::Window, action: Action) {
    let Some(document) = window.document() else {
        return;
    };
    let element = match document.get_element_by_id("crash") {
        Some(element) => element,
        None => {
            let Ok(element) = document.create_element("div") else {
                return;
            };
            element.set_id("crash");
            let parent = document
                .body()
                .map(web_sys::Element::from)
                .or_else(|| document.document_element());
            if let Some(parent) = parent {
                let _ = parent.append_child(&element);
            }
            element
        }
    };
    element.set_class_name("crash");
    let _ = element.set_attribute("role", "alert");
    let _ = element.set_attribute("data-recovery", action.attribute());
    element.set_text_content(Some(action.message()));
    if let Some(app) = document.get_element_by_id("app") {
        let _ = app.set_attribute("inert", "");
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read(storage: &web_sys::Storage) -> Option<Record> {
    let text = storage.get_item(RECORD_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn write(storage: &web_sys::Storage, record: &Record) -> Result<(), JsValue> {
    let text = serde_json::to_string(record).map_err(|e| JsValue::from_str(&e.to_string()))?;
    storage.set_item(RECORD_KEY, &text)
}

/// `?test-panic` (any value but `always`, `0`, `false`, `no`) or `?test-panic=always`.
fn test_panic_in_url() -> TestPanic {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return TestPanic::Off;
    };
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            None if pair == "test-panic" => Some(TestPanic::Once),
            Some(("test-panic", "always")) => Some(TestPanic::Always),
            Some(("test-panic", "0" | "false" | "no")) => Some(TestPanic::Off),
            Some(("test-panic", _)) => Some(TestPanic::Once),
            _ => None,
        })
        .unwrap_or(TestPanic::Off)
}
