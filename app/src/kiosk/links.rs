//! Clicks on links: documents opened from the results are counted; on a kiosk they open in the
//! kiosk's own reader (super::reader) instead of a window, and links leaving the site do nothing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::reader::Reading;

/// What a click on a link meant.
pub enum LinkClick {
    /// A result's document: its site path, and on a kiosk what the reader shows (the browser
    /// opens it otherwise).
    Document(String, Option<Reading>),
    /// A link out of the site, refused on a kiosk.
    Blocked,
}

/// Listens to every click on the page (capture phase, before the browser follows the link).
pub fn watch(kiosk: bool, on_click: impl Fn(LinkClick) + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = js_sys::Reflect::get(&link, &"href".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        // The staff screen's CSV export is a blob: link made by the app itself.
        if href.starts_with("blob:") {
            return;
        }
        if !inside_site(&href) {
            if kiosk {
                ev.prevent_default();
                on_click(LinkClick::Blocked);
            }
            return;
        }
        let Some(path) = link
            .closest("#results li.hit")
            .ok()
            .flatten()
            .and_then(|li| li.get_attribute("data-path"))
        else {
            return;
        };
        let reading = kiosk.then(|| {
            ev.prevent_default();
            Reading {
                href,
                title: link.text_content().unwrap_or_default(),
            }
        });
        on_click(LinkClick::Document(path, reading));
    });
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        handler.as_ref().unchecked_ref(),
        true,
    );
    handler.forget();
}

/// Whether `href` (absolute) lies in the site's folder: the page's URL up to its last '/'.
fn inside_site(href: &str) -> bool {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let page = page.split(['#', '?']).next().unwrap_or_default();
    let base = page.rsplit_once('/').map_or(page, |(dir, _)| dir);
    !base.is_empty() && href.starts_with(&format!("{base}/"))
}

/// Prints what the screen shows; the print stylesheet leaves out the controls.
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
