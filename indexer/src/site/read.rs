//! Opening a built site's archive from disk, with the same decoding the browser uses.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use catalog::archive::{parse_part_script, parse_toc_script, script_text, Unpacker, TOC_FILE};
use catalog::Engine;

/// Loads the search engine of the site at `site`.
pub fn load_engine(site: &Path) -> Result<Engine> {
    let toc_path = site.join(TOC_FILE);
    if !toc_path.is_file() {
        bail!(
            "{} is not a khlang site: {} is missing (build one with `khlang build DOCS --out {}`)",
            site.display(),
            TOC_FILE,
            site.display()
        );
    }
    let toc_text = read_text(&toc_path)?;
    let toc = parse_toc_script(&toc_text)?;
    let mut unpacker = Unpacker::new(toc.clone());
    for part in &toc.parts {
        let path = site.join(&part.path);
        let text = read_text(&path)?;
        let (index, payload) = parse_part_script(&part.path, &text)?;
        unpacker.add_part(index, payload)?;
    }
    let files = unpacker.finish()?;
    Ok(Engine::open(toc, files)?)
}

/// A script's text, decoded as a browser decodes it (part scripts are UTF-16).
fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    script_text(&path.display().to_string(), &bytes)
        .with_context(|| format!("{} is damaged", path.display()))
}
