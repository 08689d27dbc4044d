//! khlang's search app: instant, faceted Thai search over an archive, entirely in the browser.

mod app;
mod backend;
mod components;
mod i18n;
mod idle;
mod kiosk;
mod recovery;
mod state;
mod trust;
mod url_state;

fn main() {
    // First of all, so that any panic logs to the console and restarts the search (recovery.rs).
    recovery::install();
    // The page's static "loading" line gives way to the app's own status.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    expose_analyzer();
    leptos::mount::mount_to_body(app::App);
}

/// `khlang_analyze(text)` returns the analysis JSON of `khlang analyze`, computed by the wasm
/// analyzer, so tests (and curious staff, from the console) can compare the two. The built-in
/// dictionary comes with the search index (see catalog::analysis::install_builtin): until it
/// has loaded (`data-index="ready"`), the answer is `{"error": …}`.
fn expose_analyzer() {
    use std::cell::OnceCell;

    use catalog::analysis::{analysis_json, builtin_ready, Analyzer};
    use wasm_bindgen::prelude::*;
    let analyzer: OnceCell<Analyzer> = OnceCell::new();
    let analyze = Closure::<dyn Fn(String) -> String>::new(move |text: String| {
        if !builtin_ready() {
            return r#"{"error":"the dictionary has not loaded yet"}"#.to_string();
        }
        let analyzer = analyzer.get_or_init(|| Analyzer::new(Vec::<String>::new()));
        analysis_json(analyzer, &text)
    });
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"khlang_analyze".into(), analyze.as_ref());
    }
    analyze.forget();
}
