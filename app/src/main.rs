//! khlang's search app: instant, faceted Thai search over an archive, entirely in the browser.

mod components;
mod i18n;
mod loader;
mod url_state;

fn main() {
    console_error_panic_hook::set_once();
    // The page's static "loading" line gives way to the app's own status.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(components::App);
}
