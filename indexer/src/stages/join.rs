//! The stage of `khlang merge` that stands where gather → extract → describe → index stand in a
//! build: the documents of several agencies' published archives (crate::site::published) joined
//! into one index. Nothing is extracted or settled again — each document goes in with the facts
//! and text its agency's archive gave it — but each is moved under a folder of its own archive,
//! so two agencies' `docs/plan.pdf` stay two documents with two working links.
//!
//! The archives come in the order of their ids and each archive's documents in its index's
//! order; segments are cut by count and named after their documents. The same archives
//! therefore give the same bytes, in whatever order they were named.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use catalog::analysis::Analyzer;
use catalog::{AnalyzedDoc, DocRecord, IndexBuilder};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::segments::{segment_id, segment_size};
use crate::documents::cache::Hash;
use crate::documents::progress::Progress;
use crate::documents::walk::Candidate;
use crate::site::fat_name::Namer;
use crate::site::published::Published;
use crate::site::{url_of, DOCS_DIR};

/// Documents analyzed per parallel batch, as in a build (crate::stages::index).
const CHUNK: usize = 64;
/// Bumped when what goes into a merged segment changes in a way its documents do not show.
const SEGMENT_FORMAT: &str = "merge segment v1";

/// One archive's place in the joined one.
pub struct Placed {
    /// The folder under docs/ that holds its documents, also the first part of their paths.
    pub folder: String,
    pub documents: usize,
}

/// The joined archives, ready for crate::stages::write_site.
pub struct Joined {
    /// The index files, segments composed.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every archive's dictionary words, sorted, without repeats.
    pub user_words: Vec<String>,
    /// The copies to make, by site path: where each comes from and its SHA-256 as its archive's
    /// manifest lists it.
    pub copies: BTreeMap<String, (Candidate, Hash)>,
    pub documents: usize,
    /// Per archive, in the order given.
    pub placed: Vec<Placed>,
}

/// The folder under docs/ of each archive (in this order): its signer's name, else its title,
/// made valid on USB sticks and unique among them (a second archive of the same name gets
/// `name (2)`).
pub fn folders(archives: &[Published]) -> Vec<String> {
    let mut namer = Namer::default();
    archives
        .iter()
        .map(|a| {
            let name = a.signer().unwrap_or(a.title()).replace(['/', '\\'], "_");
            namer.assign(&name)
        })
        .collect()
}

/// The words of every archive's dictionary.
pub fn user_words(archives: &[Published]) -> Result<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    for archive in archives {
        words.extend(
            archive
                .user_words()?
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !w.starts_with('#'))
                .map(str::to_string),
        );
    }
    words.sort();
    words.dedup();
    Ok(words)
}

/// Joins `archives` (each with its folder from [`folders`]) into one index.
pub fn join(archives: &[Published], folders: &[String], progress: &Progress) -> Result<Joined> {
    let user_words = user_words(archives)?;
    let analyzer = Analyzer::new(&user_words);
    let total: u64 = archives
        .iter()
        .map(Published::document_count)
        .sum::<Result<u64>>()?;
    let mut segments = Segments::new(segment_size(total as usize));
    let mut joined = Joined {
        files: BTreeMap::new(),
        user_words: Vec::new(),
        copies: BTreeMap::new(),
        documents: 0,
        placed: Vec::new(),
    };
    for (archive, folder) in archives.iter().zip(folders) {
        progress.starting(folder);
        let mut batch = Vec::with_capacity(CHUNK);
        let mut count = 0;
        for record in archive.documents()? {
            let record = rehome(archive, folder, record?, &mut joined.copies)?;
            progress.finished(record.facts.size);
            batch.push(record);
            count += 1;
            if batch.len() == CHUNK {
                segments.add(std::mem::take(&mut batch), &analyzer)?;
            }
        }
        segments.add(batch, &analyzer)?;
        joined.documents += count;
        joined.placed.push(Placed {
            folder: folder.clone(),
            documents: count,
        });
    }
    progress.done();
    joined.files = catalog::compose(segments.finish()?).context("cannot put the index together")?;
    joined.user_words = user_words;
    Ok(joined)
}

/// `record` of `archive` moved under `folder`: its path and its link, and its copy noted in
/// `copies` (once, however many documents link to it).
fn rehome(
    archive: &Published,
    folder: &str,
    mut record: DocRecord,
    copies: &mut BTreeMap<String, (Candidate, Hash)>,
) -> Result<DocRecord> {
    let facts = &mut record.facts;
    let Some(copy) = archive.copy(&facts.url) else {
        bail!(
            "{}: the document {} links to {}, which the site's manifest does not list; rebuild \
             that site with this khlang",
            archive.site().display(),
            facts.path,
            facts.url
        );
    };
    let inside = copy
        .rel
        .strip_prefix(DOCS_DIR)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(&copy.rel);
    let target = format!("{DOCS_DIR}/{folder}/{inside}");
    let hash = hex_hash(&copy.entry.sha256).with_context(|| {
        format!(
            "{}: manifest.json is damaged at {}",
            archive.site().display(),
            copy.rel
        )
    })?;
    copies.entry(target.clone()).or_insert_with(|| {
        (
            Candidate {
                path: copy.path.clone(),
                rel: target.clone(),
                site: target.clone(),
                size: copy.entry.size,
            },
            hash,
        )
    });
    facts.url = url_of(&target);
    facts.path = format!("{folder}/{}", facts.path);
    Ok(record)
}

/// Segments being filled, each with about `size` documents.
struct Segments {
    size: usize,
    builder: Option<IndexBuilder>,
    /// Names the segment after its documents.
    hasher: Sha256,
    count: usize,
    done: Vec<BTreeMap<String, Vec<u8>>>,
}

impl Segments {
    fn new(size: usize) -> Segments {
        Segments {
            size: size.max(1),
            builder: None,
            hasher: Sha256::new(),
            count: 0,
            done: Vec::new(),
        }
    }

    /// Analyzes `records` on all cores and adds them in order, finishing a segment when full.
    fn add(&mut self, records: Vec<DocRecord>, analyzer: &Analyzer) -> Result<()> {
        for record in &records {
            self.hasher.update(SEGMENT_FORMAT.as_bytes());
            self.hasher.update(serde_json::to_vec(&record.facts)?);
            self.hasher.update([0]);
            self.hasher.update(record.body.as_bytes());
            self.hasher.update([0]);
        }
        let analyzed: Vec<AnalyzedDoc> = records
            .into_par_iter()
            .map(|r| AnalyzedDoc::new(r, analyzer))
            .collect();
        for doc in analyzed {
            let builder = match &mut self.builder {
                Some(b) => b,
                None => self
                    .builder
                    .insert(IndexBuilder::new().context("cannot start the index")?),
            };
            builder
                .add(doc)
                .context("cannot add a document to the index")?;
            self.count += 1;
            if self.count >= self.size {
                self.cut()?;
            }
        }
        Ok(())
    }

    /// Finishes the segment being filled, if any.
    fn cut(&mut self) -> Result<()> {
        if let Some(builder) = self.builder.take() {
            let hasher = std::mem::take(&mut self.hasher);
            let key: String = hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let files = builder
                .finish_segment(&segment_id(&key))
                .context("cannot finish the index")?;
            self.done.push(files);
            self.count = 0;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<BTreeMap<String, Vec<u8>>>> {
        self.cut()?;
        if self.done.is_empty() {
            // No document at all: an empty index, as a build of an empty folder writes.
            let empty = IndexBuilder::new().context("cannot start the index")?;
            self.done
                .push(empty.finish().context("cannot finish the index")?);
        }
        Ok(self.done)
    }
}

/// 64 hex digits as 32 bytes.
fn hex_hash(text: &str) -> Option<Hash> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut hash = [0u8; 32];
    for (i, pair) in bytes.chunks(2).enumerate() {
        hash[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_hashes_read_as_bytes() {
        let hex = "00ff10".repeat(10) + "abcd";
        let hash = hex_hash(&hex).unwrap();
        assert_eq!(&hash[..3], &[0x00, 0xff, 0x10]);
        assert_eq!(&hash[30..], &[0xab, 0xcd]);
        assert_eq!(hex_hash("abc"), None);
        assert_eq!(hex_hash(&"zz".repeat(32)), None);
    }
}
