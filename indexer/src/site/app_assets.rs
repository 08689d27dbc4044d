//! The web app that `khlang` carries inside itself (built by Trunk, embedded by build.rs) and
//! writes into every site.
//!
//! The browser may open a site from `file://`, where fetching the `.wasm` file is forbidden, so
//! the wasm travels base64-encoded inside a classic script that hands it to `khlang_wasm(…)`
//! (defined by the app's boot.js), like the archive parts do.

use anyhow::{Context, Result};
use catalog::kiosk::KioskSettings;

use super::write::SiteWriter;

include!(concat!(env!("OUT_DIR"), "/app_files.rs"));

/// Page template in the app's dist folder; `{{title}}` and `{{settings}}` are replaced.
const PAGE_TEMPLATE: &str = "site.html";
/// Where the app's files go inside a site.
const APP_DIR: &str = "app";
/// Site path of the wasm-bindgen glue and of the wasm script, as site.html expects them.
const GLUE: &str = "app/khlang.js";
const WASM_SCRIPT: &str = catalog::archive::WASM_FILE;

/// Writes index.html and the app into a site.
pub fn write(site: &mut SiteWriter, title: &str, settings: &KioskSettings) -> Result<()> {
    let wasm_stem = APP_FILES
        .iter()
        .find_map(|(name, _)| name.strip_suffix("_bg.wasm"))
        .context("this khlang was built without the app's wasm")?;
    for (name, bytes) in APP_FILES {
        if *name == PAGE_TEMPLATE {
            let page = String::from_utf8_lossy(bytes)
                .replace("{{title}}", &escape_html(title))
                .replace("{{settings}}", &escape_html(&settings.to_json()));
            site.write("index.html", page.as_bytes())?;
        } else if name.strip_suffix("_bg.wasm") == Some(wasm_stem) {
            site.write(WASM_SCRIPT, catalog::archive::wasm_script(bytes).as_bytes())?;
        } else if name.strip_suffix(".js") == Some(wasm_stem) {
            site.write(GLUE, bytes)?;
        } else {
            site.write(&format!("{APP_DIR}/{name}"), bytes)?;
        }
    }
    Ok(())
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
