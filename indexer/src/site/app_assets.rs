//! The web app that `khlang` carries inside itself (built by Trunk, embedded by build.rs) and
//! writes into every site — or hands to a khlang server to send.
//!
//! The browser may open a site from `file://`, where fetching the `.wasm` file is forbidden, so
//! the wasm travels base64-encoded inside a classic script that hands it to `khlang_wasm(…)`
//! (defined by the app's boot.js), like the archive parts do. The binary carries each file
//! gzipped (build.rs), unpacked here when a site or a server needs it.
//!
//! **Server mode.** A khlang server (`khlang serve --opensearch`) sends [`server_page`] at `/`
//! and every one of [`app_files`] at its path (`app/…`), exactly where a built site has them.
//! The server page differs from a site's index.html in one line, the signal
//! `<meta name="khlang-api" content="api/search">` (catalog::api): with it the app sends each
//! search as `POST api/search`, relative to the page, with a JSON `catalog::SearchRequest`
//! body, and reads a JSON `catalog::SearchResponse` (`khlang search --json`'s shape, `pending`
//! empty), or an error status (400, 429, 502/503) with `{"error": "…"}`. Without it the app
//! loads the archive from `data/`.

use anyhow::{bail, Context, Result};
use catalog::api::{PAGE_META, SEARCH_PATH};
use catalog::kiosk::KioskSettings;

use super::write::SiteWriter;

include!(concat!(env!("OUT_DIR"), "/app_files.rs"));

/// Page template in the app's dist folder; `{{title}}`, `{{settings}}` and the line `{{api}}`
/// are replaced.
const PAGE_TEMPLATE: &str = "site.html";
/// The template's line for the server-mode signal; a built site's page leaves it out.
const API_LINE: &str = "{{api}}\n";
/// Where the app's files go inside a site.
const APP_DIR: &str = "app";
/// Site path of the wasm-bindgen glue and of the wasm script, as site.html expects them.
const GLUE: &str = "app/khlang.js";
const WASM_SCRIPT: &str = catalog::archive::WASM_FILE;

/// Writes index.html and the app into a site.
pub fn write(site: &mut SiteWriter, title: &str, settings: &KioskSettings) -> Result<()> {
    site.write("index.html", page(title, settings, "")?.as_bytes())?;
    for (path, bytes) in app_files()? {
        site.write(&path, &bytes)?;
    }
    Ok(())
}

/// The page a khlang server sends at `/` (a site's index.html with the server-mode signal):
/// the same app, searching through `api/search` instead of an archive in the browser.
pub fn server_page(title: &str) -> Result<Vec<u8>> {
    let signal = format!(
        "<meta name=\"{PAGE_META}\" content=\"{}\">\n",
        escape_html(SEARCH_PATH)
    );
    Ok(page(title, &KioskSettings::default(), &signal)?.into_bytes())
}

/// The app's files with their paths in a site (`app/…`), besides the page: what a built site
/// holds and a server sends, at the same paths.
pub fn app_files() -> Result<Vec<(String, Vec<u8>)>> {
    let wasm_stem = APP_FILES
        .iter()
        .find_map(|(name, _)| name.strip_suffix("_bg.wasm"))
        .context("this khlang was built without the app's wasm")?;
    let mut files = Vec::with_capacity(APP_FILES.len());
    for (name, packed) in APP_FILES {
        if *name == PAGE_TEMPLATE {
            continue;
        }
        let bytes = unpack(name, packed)?;
        if name.strip_suffix("_bg.wasm") == Some(wasm_stem) {
            let script = catalog::archive::wasm_script(&bytes).into_bytes();
            files.push((WASM_SCRIPT.to_string(), script));
        } else if name.strip_suffix(".js") == Some(wasm_stem) {
            files.push((GLUE.to_string(), bytes));
        } else {
            files.push((format!("{APP_DIR}/{name}"), bytes));
        }
    }
    Ok(files)
}

/// The page from the app's template, with `api_line` (empty, or the server-mode signal).
fn page(title: &str, settings: &KioskSettings, api_line: &str) -> Result<String> {
    let packed = APP_FILES
        .iter()
        .find_map(|(name, bytes)| (*name == PAGE_TEMPLATE).then_some(*bytes))
        .context("this khlang was built without the app's page (site.html)")?;
    let template = unpack(PAGE_TEMPLATE, packed)?;
    let template = String::from_utf8_lossy(&template);
    if !template.contains(API_LINE) {
        bail!("this khlang carries an app whose page has no place for the server-mode signal; rebuild it with scripts/build.sh");
    }
    // The title last, so that no text in it is taken for a placeholder.
    Ok(template
        .replace(API_LINE, api_line)
        .replace("{{settings}}", &escape_html(&settings.to_json()))
        .replace("{{title}}", &escape_html(title)))
}

/// The bytes of the embedded app file `name`, from their gzipped form.
fn unpack(name: &str, packed: &[u8]) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(packed)
        .read_to_end(&mut bytes)
        .with_context(|| {
            format!("the app file {name} carried in this khlang is damaged; reinstall khlang")
        })?;
    Ok(bytes)
}

/// Escapes text for an HTML text node or attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signal's line, as the app looks for it (backend/remote.rs).
    const SIGNAL: &str = r#"<meta name="khlang-api" content="api/search">"#;

    #[test]
    fn only_the_server_page_carries_the_signal_and_both_fill_every_placeholder() {
        // A title that looks like a placeholder stays what it is.
        let title = "คลัง <อบต.> {{settings}}";
        let server = String::from_utf8(server_page(title).unwrap()).unwrap();
        let site = page(title, &KioskSettings::default(), "").unwrap();
        assert_eq!(server.matches(SIGNAL).count(), 1, "{server}");
        assert!(!site.contains(PAGE_META), "{site}");
        for page in [&server, &site] {
            let shown = "<title>คลัง &lt;อบต.&gt; {{settings}}</title>";
            assert!(page.contains(shown), "{page}");
            assert!(
                !page.replace(shown, "").contains("{{"),
                "a placeholder left: {page}"
            );
        }
        // Apart from the signal, the two pages are the same bytes.
        assert_eq!(server.replace(&format!("{SIGNAL}\n"), ""), site);
    }

    #[test]
    fn the_app_files_sit_where_the_page_asks_for_them() {
        let server = String::from_utf8(server_page("คลัง").unwrap()).unwrap();
        let files = app_files().unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for wanted in [
            "app/boot.js",
            GLUE,
            WASM_SCRIPT,
            "app/style.css",
            "app/icon.svg",
        ] {
            assert!(
                server.contains(&format!("\"{wanted}\"")),
                "{wanted} in the page"
            );
            assert!(paths.contains(&wanted), "{wanted} in {paths:?}");
        }
        assert!(paths.iter().all(|p| p.starts_with("app/")), "{paths:?}");
        assert!(!paths.contains(&"app/site.html"));
    }
}
