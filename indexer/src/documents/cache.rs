//! The extraction cache: what each document's bytes gave last time, keyed by their SHA-256, so
//! a rebuild after adding one document reads the new one and not the ten thousand others
//! (PDF parsing and OCR are the slow part of a build on real archives).
//!
//! One small JSON file per entry under `DIR/v1/<2 hex>/<62 hex>.json`, written to a temporary
//! name and renamed, so two builds at once or a killed build only ever leave whole entries. The
//! key covers the bytes, the file kind, the extraction options and the khlang binary itself, so
//! a new khlang never trusts what an older one extracted. A damaged entry is a miss.
//!
//! The cache never decides what is published: a wrong or missing entry costs time, not
//! content. That is why a cache that cannot be used (read-only disk, full disk) is reported
//! once and the build goes on without it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use extract::{FileKind, Options};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// SHA-256 of a file's contents.
pub type Hash = [u8; 32];

/// Entries not used for this long are removed after a build.
const UNUSED_FOR: Duration = Duration::from_secs(90 * 24 * 60 * 60);
/// Bumped when the entry format changes.
const FORMAT: &str = "v1";
/// The folder of bundles (whole index segments, see `build::segments`).
const BUNDLES: &str = "segments";
/// Each bundle's list of files and their checksums; written last.
const BUNDLE_LIST: &str = "files.json";

/// What a document's text extraction gave, in the form the commands use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub kind: FileKind,
    pub text: String,
    pub title: Option<String>,
    pub notes: Vec<NoteText>,
    /// How far the text read by OCR can be trusted; `None` when none was.
    #[serde(default)]
    pub ocr: Option<extract::OcrQuality>,
}

/// A non-fatal remark about an extraction, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteText {
    /// The note's name ([`extract::Note::kind`]), for commands that pick notes out.
    pub kind: String,
    /// For the build report.
    pub english: String,
    /// Shown with the document in the app.
    pub thai: String,
}

impl Text {
    fn of(x: extract::Extracted) -> Text {
        Text {
            kind: x.kind,
            title: x.title,
            notes: x
                .notes
                .iter()
                .map(|n| NoteText {
                    kind: n.kind().to_string(),
                    english: n.to_string(),
                    thai: n.thai().to_string(),
                })
                .collect(),
            text: x.text,
            ocr: x.ocr,
        }
    }
}

/// One cache entry: the text, or why the bytes cannot give any.
#[derive(Serialize, Deserialize)]
enum Entry {
    Text(Text),
    Failed(String),
}

/// Where the cache lives, as the command line asks.
#[derive(Clone, Debug)]
pub enum Location {
    /// `--no-cache`.
    Off,
    /// `--cache DIR`.
    At(PathBuf),
    /// `$KHLANG_CACHE_DIR`, else the user's cache folder (see [`default_dir`]).
    Default,
}

/// The extraction cache of one run; shared by the worker threads.
pub struct Cache {
    dir: Option<PathBuf>,
    salt: Hash,
    settings: Hash,
    hits: AtomicUsize,
    misses: AtomicUsize,
    /// The first reason the cache could not be written; later ones are the same story.
    trouble: Mutex<Option<String>>,
}

impl Cache {
    /// Opens the cache at `location` for extractions with `options`. Never fails: a cache that
    /// cannot be created is reported by [`Cache::trouble`] and not used.
    pub fn open(location: &Location, options: &Options) -> Cache {
        let dir = match location {
            Location::Off => None,
            Location::At(dir) => Some(dir.clone()),
            Location::Default => default_dir(),
        };
        let mut cache = Cache {
            dir: None,
            salt: salt(options),
            settings: settings(options),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            trouble: Mutex::new(None),
        };
        if let Some(dir) = dir {
            let versioned = dir.join(FORMAT);
            match fs::create_dir_all(&versioned) {
                Ok(()) => cache.dir = Some(versioned),
                Err(e) => cache.note_trouble(format!("cannot create {}: {e}", dir.display())),
            }
        }
        cache
    }

    /// Reads and extracts the document at `path`, or takes what its bytes gave last time.
    /// Returns the content hash (for finding duplicates) with the text; an error message a
    /// person can act on when the file cannot be read or gives no text.
    pub fn extract(&self, path: &Path, options: &Options) -> Result<(Hash, Text), String> {
        let (kind, bytes) = extract::read_file(path, options).map_err(|e| e.to_string())?;
        let hash: Hash = Sha256::digest(&bytes).into();
        let key = self.key(kind, &hash);
        if let Some(entry) = self.get(&key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return match entry {
                Entry::Text(text) => Ok((hash, text)),
                Entry::Failed(why) => Err(why),
            };
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        match extract::extract_owned(kind, bytes, options) {
            Ok(extracted) => {
                let lasting = extracted.notes.iter().all(extract::Note::is_lasting);
                let text = Text::of(extracted);
                if lasting {
                    self.put(&key, &Entry::Text(text.clone()));
                }
                Ok((hash, text))
            }
            Err(e) => {
                let why = e.to_string();
                if e.is_lasting() {
                    self.put(&key, &Entry::Failed(why.clone()));
                }
                Err(why)
            }
        }
    }

    /// Documents whose extraction was taken from the cache, and documents extracted afresh.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// What besides the bytes decides an extraction (options, program): part of every key
    /// derived from extractions.
    pub fn salt(&self) -> &Hash {
        &self.salt
    }

    /// What decides an extraction but the program's own bytes: the format, the version and
    /// the options. What a build names after its inputs (index segments) uses this, so the
    /// same documents give the same site from any build of the same khlang version.
    pub fn settings(&self) -> &Hash {
        &self.settings
    }

    /// The folder in use, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Why the cache could not be (fully) used, if it could not.
    pub fn trouble(&self) -> Option<String> {
        self.trouble.lock().ok().and_then(|t| t.clone())
    }

    /// Removes entries no build has used for [`UNUSED_FOR`], so the cache of an office PC that
    /// builds every week does not grow without end. Errors are ignored: an entry left behind
    /// only takes space.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let Some(cutoff) = SystemTime::now().checked_sub(UNUSED_FOR) else {
            return;
        };
        let Ok(shards) = fs::read_dir(dir) else {
            return;
        };
        for shard in shards.flatten() {
            let Ok(entries) = fs::read_dir(shard.path()) else {
                continue;
            };
            if shard.file_name() == BUNDLES {
                for bundle in entries.flatten() {
                    let old = fs::metadata(bundle.path().join(BUNDLE_LIST))
                        .and_then(|m| m.modified())
                        .map_or(true, |t| t < cutoff);
                    if old {
                        let _ = fs::remove_dir_all(bundle.path());
                    }
                }
                continue;
            }
            for entry in entries.flatten() {
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < cutoff);
                if old {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }

    /// The files stored under `key` by [`Cache::put_bundle`], each checked against the
    /// checksum it was stored with; `None` when missing or damaged.
    pub fn get_bundle(&self, key: &str) -> Option<BTreeMap<String, Vec<u8>>> {
        let dir = self.dir.as_ref()?.join(BUNDLES).join(key);
        let list = fs::read(dir.join(BUNDLE_LIST)).ok()?;
        let list: BTreeMap<String, String> = serde_json::from_slice(&list).ok()?;
        let mut files = BTreeMap::new();
        for (name, sum) in list {
            let bytes = fs::read(dir.join(&name)).ok()?;
            if hex(&Sha256::digest(&bytes)) != sum {
                return None;
            }
            files.insert(name, bytes);
        }
        if let Ok(file) = fs::File::options().append(true).open(dir.join(BUNDLE_LIST)) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(files)
    }

    /// Stores `files` (plain names, no folders) under `key`, whole or not at all.
    pub fn put_bundle(&self, key: &str, files: &[(&str, &[u8])]) {
        let Some(dir) = &self.dir else { return };
        let bundles = dir.join(BUNDLES);
        if let Err(e) = write_bundle(&bundles, key, files) {
            self.note_trouble(format!("cannot write to {}: {e}", bundles.display()));
        }
    }

    fn key(&self, kind: FileKind, content: &Hash) -> String {
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(kind.label().as_bytes());
        h.update(content);
        hex(&h.finalize())
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        Some(dir.join(&key[..2]).join(format!("{}.json", &key[2..])))
    }

    fn get(&self, key: &str) -> Option<Entry> {
        let path = self.path_of(key)?;
        let bytes = fs::read(&path).ok()?;
        let entry = serde_json::from_slice(&bytes).ok()?;
        // The modification time says when an entry was last used (see `prune`).
        if let Ok(file) = fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(entry)
    }

    fn put(&self, key: &str, entry: &Entry) {
        let Some(path) = self.path_of(key) else {
            return;
        };
        if let Err(e) = write_entry(&path, entry) {
            self.note_trouble(format!("cannot write to {}: {e}", path.display()));
        }
    }

    fn note_trouble(&self, why: String) {
        if let Ok(mut trouble) = self.trouble.lock() {
            trouble.get_or_insert(why);
        }
    }
}

fn write_bundle(bundles: &Path, key: &str, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    let target = bundles.join(key);
    if target.join(BUNDLE_LIST).is_file() {
        return Ok(());
    }
    fs::create_dir_all(bundles)?;
    // Written in a temporary folder and renamed, so a reader never sees half a bundle.
    let tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempdir_in(bundles)?;
    let mut list = BTreeMap::new();
    for &(name, bytes) in files {
        fs::write(tmp.path().join(name), bytes)?;
        list.insert(name.to_string(), hex(&Sha256::digest(bytes)));
    }
    fs::write(tmp.path().join(BUNDLE_LIST), serde_json::to_vec(&list)?)?;
    let tmp = tmp.keep();
    if target.exists() {
        // A damaged bundle from an earlier build: replace it.
        let _ = fs::remove_dir_all(&target);
    }
    if let Err(e) = fs::rename(&tmp, &target) {
        let _ = fs::remove_dir_all(&tmp);
        // Another build stored the same bundle first: that one is as good.
        if !target.join(BUNDLE_LIST).is_file() {
            return Err(e);
        }
    }
    Ok(())
}

fn write_entry(path: &Path, entry: &Entry) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("entry path without a folder"))?;
    fs::create_dir_all(dir)?;
    let bytes = serde_json::to_vec(entry)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What besides the bytes decides an extraction: the options, and the program that extracts.
/// The binary's own hash stands for "the program", so an upgraded khlang (or a rebuilt one)
/// extracts afresh instead of trusting an older extractor's output.
fn salt(options: &Options) -> Hash {
    let mut h = Sha256::new();
    h.update(settings(options));
    if let Some(bytes) = std::env::current_exe().ok().and_then(|p| fs::read(p).ok()) {
        h.update(&bytes);
    }
    h.finalize().into()
}

/// The salt without the program's bytes: see [`Cache::settings`].
fn settings(options: &Options) -> Hash {
    let mut h = Sha256::new();
    h.update(FORMAT.as_bytes());
    h.update(crate::site::generator().as_bytes());
    h.update(format!(
        "ocr={} pdf_timeout={} max_unpacked={}",
        options.ocr,
        options.pdf_timeout.as_millis(),
        options.max_unpacked_bytes
    ));
    h.finalize().into()
}

/// `$KHLANG_CACHE_DIR`, else the platform's cache folder: `%LOCALAPPDATA%\khlang\cache` on
/// Windows, `~/Library/Caches/khlang` on macOS, `$XDG_CACHE_HOME/khlang` or `~/.cache/khlang`
/// elsewhere. `None` when none of these is known.
pub fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("KHLANG_CACHE_DIR") {
        return Some(dir);
    }
    if cfg!(windows) {
        return var("LOCALAPPDATA").map(|d| d.join("khlang").join("cache"));
    }
    if cfg!(target_os = "macos") {
        return var("HOME").map(|h| h.join("Library/Caches/khlang"));
    }
    var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".cache")))
        .map(|d| d.join("khlang"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_second_read_of_the_same_bytes_comes_from_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let options = Options::default();
        let cache = Cache::open(&Location::At(tmp.path().join("cache")), &options);
        let a = write(tmp.path(), "a.txt", "ประกาศเทศบาล");
        let b = write(tmp.path(), "b.txt", "ประกาศเทศบาล");
        let empty = write(tmp.path(), "c.txt", "   \n");
        let html = write(tmp.path(), "a.html", "ประกาศเทศบาล");

        let first = cache.extract(&a, &options).unwrap();
        assert_eq!(cache.counts(), (0, 1));
        // Same bytes under another name: a hit, same hash, same text.
        assert_eq!(cache.extract(&b, &options).unwrap(), first);
        assert_eq!(cache.counts(), (1, 1));
        // A lasting failure is cached too, with its message.
        let why = cache.extract(&empty, &options).unwrap_err();
        assert_eq!(cache.extract(&empty, &options).unwrap_err(), why);
        assert_eq!(cache.counts(), (2, 2));
        // Same bytes, another kind: extracted afresh.
        let (hash, text) = cache.extract(&html, &options).unwrap();
        assert_eq!((hash, text.kind), (first.0, FileKind::Html));
        assert_eq!(cache.counts(), (2, 3));
        // One more character: another hash.
        let changed = write(tmp.path(), "d.txt", "ประกาศเทศบาล.");
        assert_ne!(cache.extract(&changed, &options).unwrap().0, first.0);
        assert_eq!(cache.trouble(), None);
    }

    #[test]
    fn damaged_entries_and_other_options_are_misses() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let options = Options::default();
        let a = write(tmp.path(), "a.txt", "งบประมาณ");
        let cache = Cache::open(&Location::At(dir.clone()), &options);
        let first = cache.extract(&a, &options).unwrap();
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                fs::write(entry.path(), b"{not json").unwrap();
            }
        }
        let again = Cache::open(&Location::At(dir.clone()), &options);
        assert_eq!(again.extract(&a, &options).unwrap(), first);
        assert_eq!(again.counts(), (0, 1), "a damaged entry is a miss");
        let no_ocr = Options {
            ocr: false,
            ..Options::default()
        };
        let other = Cache::open(&Location::At(dir), &no_ocr);
        other.extract(&a, &no_ocr).unwrap();
        assert_eq!(other.counts(), (0, 1), "other options, other key");
    }

    #[test]
    fn a_cache_that_cannot_be_created_is_reported_and_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let blocker = write(
            tmp.path(),
            "blocker",
            "a file where the cache folder should be",
        );
        let options = Options::default();
        let a = write(tmp.path(), "a.txt", "แผนพัฒนาท้องถิ่น");
        let cache = Cache::open(&Location::At(blocker.join("cache")), &options);
        assert!(cache.trouble().is_some());
        assert_eq!(cache.dir(), None);
        assert!(cache.extract(&a, &options).is_ok());
        assert!(cache.extract(&a, &options).is_ok());
        assert_eq!(cache.counts(), (0, 2));
    }
}
