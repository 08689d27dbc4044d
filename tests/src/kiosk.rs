//! What the kiosk tests (tests/tests/kiosk*.rs) share: a kiosk site of the five announcements,
//! clicking clear of the docked keyboard, typing on the on-screen keyboard, waiting for a state,
//! and reading the CSV the staff screen exports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{build_site, copy_announcements, Browser};

/// The search box's content.
pub const QUERY_VALUE: &str = "return document.getElementById('q').value;";
/// Whether the on-screen keyboard's shift is on.
pub const SHIFT_STATE: &str = "return document.getElementById('osk').getAttribute('data-shift');";
/// How many times the kiosk reset itself.
pub const RESETS: &str = "return document.getElementById('kiosk').getAttribute('data-resets');";
/// Which screen lies over the search.
pub const PANEL: &str = "return document.getElementById('kiosk').getAttribute('data-panel');";

/// The demo documents built into a site with `extra` build options.
pub fn kiosk_site(tmp: &Path, extra: &[&str]) -> PathBuf {
    let docs = tmp.join("docs");
    copy_announcements(&docs);
    let site = tmp.join("site");
    let mut args = vec!["--title", "ศูนย์ข้อมูลข่าวสารทดสอบ"];
    args.extend_from_slice(extra);
    build_site(&docs, &site, &args);
    site
}

/// Clicks the element `css` after scrolling it to the middle of the screen, clear of the
/// on-screen keyboard docked at the bottom.
pub fn click(browser: &Browser, css: &str) {
    browser
        .eval(
            "var e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center'}); return true;",
            json!([css]),
        )
        .unwrap();
    let element = browser.find(css).unwrap_or_else(|e| panic!("{css}: {e}"));
    browser.click(&element).unwrap();
}

/// Runs `script` in the page.
pub fn eval(browser: &Browser, script: &str) -> Value {
    browser.eval(script, json!([])).unwrap()
}

/// Waits until `script` returns `want`, and says what it returned instead.
pub fn wait_eq(browser: &Browser, script: &str, want: Value, what: &str) {
    let got = browser.wait_for(script, &want).unwrap();
    assert_eq!(got, want, "{what}");
}

/// Like [`wait_eq`] for states that come after an idle time: waits up to `limit`.
pub fn wait_long(browser: &Browser, script: &str, want: Value, limit: Duration, what: &str) {
    let deadline = Instant::now() + limit;
    let mut got = eval(browser, script);
    while got != want && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        got = eval(browser, script);
    }
    assert_eq!(got, want, "{what}");
}

/// Whether the keyboard currently shows a key for `c`.
fn has_key(browser: &Browser, c: char) -> bool {
    browser
        .eval(
            "return Array.from(document.querySelectorAll('#osk .osk-key[data-char]')).some(b => b.getAttribute('data-char') === arguments[0]);",
            json!([c.to_string()]),
        )
        .unwrap()
        == json!(true)
}

/// Types `text` on the on-screen keyboard; `shifted` lists the characters that need shift.
/// Each key must be on the layer the Kedmanee layout puts it on, and nowhere else.
pub fn type_on_screen(browser: &Browser, text: &str, shifted: &str) {
    for c in text.chars() {
        let needs_shift = shifted.contains(c);
        assert_eq!(
            has_key(browser, c),
            !needs_shift,
            "{c:?} on the unshifted layer"
        );
        if needs_shift {
            click(browser, "#osk-shift");
            wait_eq(browser, SHIFT_STATE, json!("true"), "shift on");
            assert!(has_key(browser, c), "{c:?} on the shifted layer");
        }
        let key = browser
            .find(&format!("#osk .osk-key[data-char=\"{c}\"]"))
            .unwrap();
        browser.click(&key).unwrap();
        // Shift holds for one character only.
        wait_eq(browser, SHIFT_STATE, json!("false"), "shift released");
    }
}

/// Keeps every blob the page makes from now on, so [`exported_csv`] can read the CSV link's
/// content (a download leaves headless Chromium for nowhere).
pub fn keep_blobs(browser: &Browser) {
    eval(
        browser,
        "window.__khlangBlobs = []; var make = URL.createObjectURL; URL.createObjectURL = function (b) { window.__khlangBlobs.push(b); return make.call(URL, b); }; return true;",
    );
}

/// The CSV the staff screen's download link holds, read from the Blob it was made from.
pub fn exported_csv(browser: &Browser) -> Vec<u8> {
    let v = eval(
        browser,
        "var b = window.__khlangBlobs; return b[b.length - 1].arrayBuffer().then(a => Array.from(new Uint8Array(a)));",
    );
    serde_json::from_value(v).unwrap()
}

/// Today on the browser's clock, as the kiosk writes days (`YYYY-MM-DD`).
pub fn browser_day(browser: &Browser) -> String {
    let day = eval(
        browser,
        "var d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');",
    );
    day.as_str().unwrap_or_default().to_string()
}
