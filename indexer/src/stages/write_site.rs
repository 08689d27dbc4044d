//! Stage 5, write site: the documents' copies, the index packed into the archive's parts and
//! table of contents (catalog::archive), and the app with its page — all into the staging
//! folder, each file recorded in the manifest.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use catalog::archive::{self, DICTIONARY_FILE as ARCHIVE_DICTIONARY};
use catalog::start::{IndexFiles, OwnedBytes};
use rayon::prelude::*;

use super::kiosk;
use crate::cli::KioskArgs;
use crate::documents::cache::Hash;
use crate::documents::walk::Candidate;
use crate::site::app_assets;
use crate::site::manifest::{Manifest, ManifestEntry};
use crate::site::{generator, SiteWriter};

/// What goes into the site besides the copies.
pub struct Contents<'a> {
    /// The index files (crate::stages::index), with the lexicon and the other spellings.
    pub index: IndexFiles,
    /// The agency's own words, carried in the archive so the app segments as the build did.
    pub user_words: &'a [String],
    pub title: &'a str,
    /// Documents published, as the table of contents counts them.
    pub documents: usize,
    pub kiosk: &'a KioskArgs,
    /// The staff area's files (crate::site::staff): (site path, bytes).
    pub staff: Vec<(String, Vec<u8>)>,
}

/// Copies the published documents (read from DOCS, or linked from the previous site at `out`)
/// on all cores, then writes the archive and the app, and returns the manifest.
pub fn write_site(
    mut site: SiteWriter,
    copies: &BTreeMap<String, (&Candidate, Hash)>,
    contents: Contents<'_>,
    out: &Path,
) -> Result<Manifest> {
    let copied: Vec<Result<ManifestEntry>> = copies
        .par_iter()
        .map(|(target, (c, hash))| site.copy(target, &c.path, hash, out))
        .collect();
    for entry in copied {
        site.record(entry?);
    }

    let mut files = contents.index;
    if !contents.user_words.is_empty() {
        files.insert(
            ARCHIVE_DICTIONARY.to_string(),
            OwnedBytes::new(contents.user_words.join("\n").into_bytes()),
        );
    }
    // The web app is built without the built-in dictionary and reads it from here.
    if let Some(words) = catalog::analysis::embedded_builtin() {
        files.insert(archive::WORDS_FILE.to_string(), OwnedBytes::new(words));
    }
    // The parts are encoded and written on all cores, each as soon as it is made (see
    // archive::Packing); the table of contents, which names them all, last.
    let packing = archive::Packing::plan(files).context("cannot pack the index into the site")?;
    let parts: Vec<_> = packing.parts().collect();
    let written: Vec<Result<(archive::PartInfo, ManifestEntry)>> = parts
        .par_iter()
        .map(|part| {
            let (info, script) = part.encode();
            let entry = site.put(&info.path, &script)?;
            Ok((info, entry))
        })
        .collect();
    let mut infos = Vec::with_capacity(written.len());
    for part in written {
        let (info, entry) = part?;
        infos.push(info);
        site.record(entry);
    }
    let (toc_path, toc) = packing
        .toc(
            contents.title,
            contents.documents as u64,
            &generator(),
            infos,
        )
        .context("cannot pack the index into the site")?;
    site.write(&toc_path, &toc)?;
    // The index files are most of the build's memory; what follows needs none of them.
    drop(parts);
    drop(packing);
    for (path, bytes) in &contents.staff {
        site.write(path, bytes)?;
    }
    let kiosk_settings = kiosk::settings(contents.kiosk, &toc)?;
    app_assets::write(&mut site, contents.title, &kiosk_settings)?;
    site.finish()
}
