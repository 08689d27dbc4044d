//! Usage statistics in the browser's localStorage (never sent anywhere), counted with the rules
//! of catalog::usage. A search counts once the citizen pauses or acts on it, not per keystroke.

use std::time::Duration;

use catalog::usage::UsageLog;
use leptos::prelude::*;

/// A query counts after this long without typing.
pub const SEARCH_PAUSE: Duration = Duration::from_millis(1500);

/// The storage key, per site folder: every site opened from file:// shares one localStorage.
fn storage_key() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    format!("khlang-usage:{folder}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored log (empty when there is none or storage is off).
pub fn load() -> UsageLog {
    storage()
        .and_then(|s| s.get_item(&storage_key()).ok().flatten())
        .map(|json| UsageLog::from_json(&json))
        .unwrap_or_default()
}

/// Changes the stored log. Storage may be full or refused (private windows): the kiosk then
/// keeps working and simply does not count.
pub fn update(change: impl FnOnce(&mut UsageLog)) {
    let mut log = load();
    change(&mut log);
    if let Some(s) = storage() {
        let _ = s.set_item(&storage_key(), &log.to_json());
    }
}

/// Forgets every count and survey answer (after the yearly export).
pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(&storage_key());
    }
}

/// Today on the kiosk's clock, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Counts searches once typing pauses: [`Recorder::typed`] on every change, [`Recorder::flush`]
/// when the citizen acts (opens a document, finishes) or the kiosk resets.
#[derive(Clone, Copy)]
pub struct Recorder {
    /// The query waiting for its pause, and the number of documents it found.
    pending: StoredValue<Option<(String, u64)>>,
    /// The last query counted, so filtering or paging the same query is not a new search.
    last: StoredValue<String>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder {
            pending: StoredValue::new(None),
            last: StoredValue::new(String::new()),
            timer: StoredValue::new(None),
        }
    }

    /// The search box now holds `query`, which found `total` documents.
    pub fn typed(&self, query: &str, total: u64) {
        let query = query.trim().to_string();
        if query.is_empty() || query == self.last.get_value() {
            self.cancel();
            return;
        }
        self.pending.set_value(Some((query, total)));
        self.cancel_timer();
        let this = *self;
        self.timer
            .set_value(set_timeout_with_handle(move || this.flush(), SEARCH_PAUSE).ok());
    }

    /// Counts the waiting query now.
    pub fn flush(&self) {
        self.cancel_timer();
        let Some((query, total)) = self.pending.try_update_value(Option::take).flatten() else {
            return;
        };
        let day = today();
        update(|log| log.record_search(&day, &query, total));
        self.last.set_value(query);
    }

    /// Forgets what was typed (a reset): the next citizen's first query is new again.
    pub fn forget(&self) {
        self.cancel();
        self.last.set_value(String::new());
    }

    fn cancel(&self) {
        self.cancel_timer();
        self.pending.set_value(None);
    }

    fn cancel_timer(&self) {
        if let Some(t) = self.timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    }
}
