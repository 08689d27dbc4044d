//! The archive format: how an index travels inside a static site.
//!
//! A site must open from `file://` (a USB stick, a kiosk without network) as well as over http.
//! On `file://` browsers block fetch/XHR and module scripts but still run classic
//! `<script src>`; so the index files are packed into *parts*, each a classic script that hands
//! its base64 payload to a global callback:
//!
//! ```text
//! data/archive.js    khlang_archive({...table of contents, JSON...});
//! data/part-000.js   khlang_part(0,"<base64>");
//! ```
//!
//! The table of contents names every part with its SHA-256 and lists the *pieces* of index files
//! it holds. Parts come in three groups, so that a reader loads only what it needs
//! ([`sparse`]):
//! - **start**: every byte that opening the index and showing the first page of the empty search
//!   read, found by doing exactly that when packing ([`plan_start`]);
//! - **index**: the rest of the term dictionaries, postings and positions, and the built-in Thai
//!   dictionary ([`WORDS_FILE`]), which any typed query needs: loaded in the background after
//!   the first results;
//! - **store**: the rest of the stored documents in small pages, loaded only when a result on
//!   screen needs its snippet (its title and facts come from its card, with the index; see
//!   crate::card).
//!
//! `khlang search` reads the same scripts from disk and decodes them with the same code as the
//! browser, so both search identical bytes.

use std::collections::BTreeMap;
use std::ops::Range;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::directory::OwnedBytes;

pub mod sparse;

pub use sparse::Sparse;

use crate::search::SearchRequest;

/// Version of this format; a reader refuses archives of another version.
pub const FORMAT_VERSION: u32 = 2;
/// Folder of the archive inside a site.
pub const DATA_DIR: &str = "data";
/// The table-of-contents script, relative to the site root.
pub const TOC_FILE: &str = "data/archive.js";
/// Global function the table-of-contents script calls.
pub const TOC_CALLBACK: &str = "khlang_archive";
/// Global function each part script calls.
pub const PART_CALLBACK: &str = "khlang_part";
/// Global function the app's wasm script calls (defined by app/boot.js): the app's wasm module
/// travels base64-encoded in a classic script too, since file:// forbids fetching the `.wasm`.
pub const WASM_CALLBACK: &str = "khlang_wasm";
/// The app's wasm script, relative to the site root (the app's page loads it from there).
pub const WASM_FILE: &str = "app/khlang_bg.wasm.js";
/// Name of the user dictionary inside the archive (DOCS/dictionary.txt).
pub const DICTIONARY_FILE: &str = "dictionary.txt";
/// Name of the built-in dictionary's FST inside the archive: the web app is built without it
/// (see crate::analysis::install_builtin) and reads it from here.
pub const WORDS_FILE: &str = "words.fst";
/// Raw bytes per start or index part: small enough to show loading progress, large enough to
/// keep requests few.
pub const PART_BYTES: usize = 2 << 20;
/// Raw bytes per page of stored documents: a result's title and snippet cost one such request
/// (a tantivy store block is 16 KiB before compression, a few KiB after).
pub const STORE_PAGE_BYTES: usize = 32 << 10;

/// Why an archive could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{file}: not a khlang archive script (expected a call to {expected})")]
    NotAScript {
        file: String,
        expected: &'static str,
    },
    #[error("{file}: damaged table of contents: {detail}")]
    BadToc { file: String, detail: String },
    #[error("archive format {found} is not supported by this version (format {FORMAT_VERSION}); rebuild the site with this khlang")]
    Version { found: u32 },
    #[error("{file}: damaged data: {detail}; rebuild the site or copy it again")]
    BadPart { file: String, detail: String },
    #[error("{file}: altered or damaged (checksum mismatch); rebuild the site or copy it again")]
    Checksum { file: String },
    #[error("{file}: missing from the site; copy the whole site folder again")]
    Missing { file: String },
}

/// The table of contents of an archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toc {
    pub format: u32,
    /// The site's title, shown in the app.
    pub title: String,
    /// Number of documents in the index.
    pub documents: u64,
    /// The khlang version that built the archive.
    pub generator: String,
    /// The packed files, each with its length; pieces name them by position in this list.
    pub files: Vec<FileInfo>,
    /// Parts in order: `start` parts, then `index` parts, then store pages.
    pub parts: Vec<PartInfo>,
    /// How many parts come first and must be loaded before the index opens.
    pub start: usize,
    /// How many parts after those hold the rest of the index that typed queries need.
    pub index: usize,
}

/// One packed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub name: String,
    pub len: u64,
}

/// One part script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartInfo {
    /// Site-relative path of the script.
    pub path: String,
    /// Hex SHA-256 of the part's decoded bytes.
    pub sha256: String,
    /// Decoded length in bytes.
    pub bytes: u64,
    /// The file ranges the part holds, one after the other.
    pub pieces: Vec<Piece>,
}

/// A range of one file inside a part; serialized as `[file, offset, len]` to keep the table of
/// contents small (a large archive has thousands of store pages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(usize, u64, u64)", into = "(usize, u64, u64)")]
pub struct Piece {
    /// Position of the file in [`Toc::files`].
    pub file: usize,
    pub offset: u64,
    pub len: u64,
}

impl From<(usize, u64, u64)> for Piece {
    fn from((file, offset, len): (usize, u64, u64)) -> Piece {
        Piece { file, offset, len }
    }
}

impl From<Piece> for (usize, u64, u64) {
    fn from(p: Piece) -> (usize, u64, u64) {
        (p.file, p.offset, p.len)
    }
}

impl Toc {
    /// A table of contents for files present whole (planning, tests): no parts.
    pub fn whole(files: &BTreeMap<String, OwnedBytes>) -> Toc {
        Toc {
            format: FORMAT_VERSION,
            title: String::new(),
            documents: 0,
            generator: String::new(),
            files: files
                .iter()
                .map(|(name, b)| FileInfo {
                    name: name.clone(),
                    len: b.len() as u64,
                })
                .collect(),
            parts: Vec::new(),
            start: 0,
            index: 0,
        }
    }

    /// The start parts, loaded before the index opens.
    pub fn start_parts(&self) -> Range<usize> {
        0..self.start.min(self.parts.len())
    }

    /// The parts any typed query needs.
    pub fn index_parts(&self) -> Range<usize> {
        let start = self.start.min(self.parts.len());
        start..start.saturating_add(self.index).min(self.parts.len())
    }

    /// The pages of stored text, loaded only for results on screen.
    pub fn store_parts(&self) -> Range<usize> {
        self.index_parts().end..self.parts.len()
    }

    /// Checks that the pieces cover every file exactly once, in range; a reader can then trust
    /// offsets without bounds errors.
    fn check(&self) -> Result<(), ArchiveError> {
        let bad = |detail: String| ArchiveError::BadToc {
            file: TOC_FILE.into(),
            detail,
        };
        let mut ranges: Vec<Vec<(u64, u64)>> = vec![Vec::new(); self.files.len()];
        for part in &self.parts {
            let mut sum = 0u64;
            for p in &part.pieces {
                let file = self.files.get(p.file).ok_or_else(|| {
                    bad(format!("{} names file {}, not listed", part.path, p.file))
                })?;
                if p.offset.checked_add(p.len).is_none_or(|end| end > file.len) {
                    return Err(bad(format!(
                        "{} reaches past the end of {}",
                        part.path, file.name
                    )));
                }
                ranges[p.file].push((p.offset, p.len));
                sum = sum.saturating_add(p.len);
            }
            if sum != part.bytes {
                return Err(bad(format!(
                    "{}: pieces do not add up to its size",
                    part.path
                )));
            }
        }
        for (file, mut ranges) in self.files.iter().zip(ranges) {
            ranges.sort_unstable();
            let mut at = 0;
            for (offset, len) in ranges {
                if offset != at {
                    return Err(bad(format!("{}: pieces overlap or leave a gap", file.name)));
                }
                at += len;
            }
            if at != file.len {
                return Err(bad(format!("{}: pieces do not cover it", file.name)));
            }
        }
        Ok(())
    }
}

/// A site file produced by [`pack`]: path relative to the site root, and contents.
pub type SiteFile = (String, Vec<u8>);

/// Byte ranges of each file (by name) that go into the start parts.
pub type StartRanges = BTreeMap<String, Vec<Range<u64>>>;

/// The searches the app runs before anyone types: their bytes go into the start parts.
pub fn first_searches() -> Vec<SearchRequest> {
    vec![SearchRequest::new("")]
}

/// Finds the bytes of `files` (an index, and the dictionaries) that opening them and running
/// [`first_searches`] read: what the start parts must hold. Small files go in whole; of the
/// columns, the first searches read every facet and date column whole (counting and ordering
/// read every document's value), so that any facet click or order without a query needs no
/// index part.
pub fn plan_start(files: &BTreeMap<String, OwnedBytes>) -> Result<StartRanges, crate::EngineError> {
    let sparse = Sparse::whole(files.clone());
    sparse.record_reads();
    let engine = crate::Engine::open_sparse(Toc::whole(files), sparse.clone())?;
    for request in first_searches() {
        engine.search(&request)?;
    }
    let mut start = sparse.recorded_reads();
    for (name, bytes) in files {
        if bytes.len() <= STORE_PAGE_BYTES || !is_lazy(name) {
            // One range: the whole file (the value is a list of byte ranges).
            start.insert(
                name.clone(),
                std::iter::once(0..bytes.len() as u64).collect(),
            );
        }
    }
    Ok(start)
}

/// Files worth loading in pieces: the big ones typed queries and result pages read, and the
/// dictionary, which only typed queries need. The columns (`.fast`) hold the result cards
/// (crate::card) beside the facet and date columns: what the first searches read of them goes
/// first (every facet and date column, as counting reads them whole), the cards with the index.
fn is_lazy(name: &str) -> bool {
    name == WORDS_FILE
        || [".idx", ".pos", ".term", ".store", ".fieldnorm", ".fast"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Stored documents, paged for on-demand loading.
fn is_store(name: &str) -> bool {
    name.ends_with(".store")
}

fn owned(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, OwnedBytes> {
    files
        .into_iter()
        .map(|(name, bytes)| (name, OwnedBytes::new(bytes)))
        .collect()
}

/// Packs `files` (the index files and the dictionaries) into archive scripts, planning the start
/// parts with [`plan_start`]: the table of contents first, then the parts (tests, small sites;
/// `khlang build` encodes a [`Packing`]'s parts on all cores and writes each as it is made).
pub fn pack(
    title: &str,
    documents: u64,
    generator: &str,
    files: BTreeMap<String, Vec<u8>>,
) -> Result<Vec<SiteFile>, crate::EngineError> {
    let packing = Packing::plan(files)?;
    Ok(packing.collect(title, documents, generator))
}

/// Packs `files` with the given start ranges (anything else is loaded later); the table of
/// contents first.
pub fn pack_planned(
    title: &str,
    documents: u64,
    generator: &str,
    files: &BTreeMap<String, OwnedBytes>,
    start: &StartRanges,
) -> Vec<SiteFile> {
    Packing::with_start(files.clone(), start).collect(title, documents, generator)
}

/// An archive planned but not yet encoded: which bytes of which files each part holds.
///
/// Each part is hashed and base64-encoded on its own ([`PlannedPart::encode`], `&self`), so a
/// build can encode them on all cores and write each script as soon as it is made: on one core,
/// packing was most of the last seven seconds of a 100,000-document `khlang build`, and
/// collecting the scripts (a third larger than the index) beside the index files was about half
/// of its peak memory. The table of contents comes last, from the parts' [`PartInfo`]s.
pub struct Packing {
    files: Vec<OwnedBytes>,
    infos: Vec<FileInfo>,
    parts: Vec<Vec<Piece>>,
    /// How many parts are start parts, and how many index parts follow them (see [`Toc`]).
    start: usize,
    index: usize,
}

/// One part of a [`Packing`], ready to encode.
pub struct PlannedPart<'a> {
    number: usize,
    pieces: &'a [Piece],
    files: &'a [OwnedBytes],
}

impl Packing {
    /// Plans the archive of `files`, the start parts found with [`plan_start`].
    pub fn plan(files: BTreeMap<String, Vec<u8>>) -> Result<Packing, crate::EngineError> {
        let files = owned(files);
        let start = plan_start(&files)?;
        Ok(Packing::with_start(files, &start))
    }

    /// Plans the archive of `files` with the given start ranges.
    pub fn with_start(files: BTreeMap<String, OwnedBytes>, start: &StartRanges) -> Packing {
        let infos: Vec<FileInfo> = files
            .iter()
            .map(|(name, bytes)| FileInfo {
                name: name.clone(),
                len: bytes.len() as u64,
            })
            .collect();
        // Each file's ranges split into start and the rest.
        let mut early: Vec<Piece> = Vec::new();
        let mut index: Vec<Piece> = Vec::new();
        let mut store: Vec<Vec<Piece>> = Vec::new();
        for (file, (name, bytes)) in files.iter().enumerate() {
            let len = bytes.len() as u64;
            let wanted = sparse_merge(start.get(name).cloned().unwrap_or_default(), len);
            let mut at = 0;
            let mut rest = Vec::new();
            for r in wanted {
                if r.start > at {
                    rest.push(at..r.start);
                }
                early.push(Piece {
                    file,
                    offset: r.start,
                    len: r.end - r.start,
                });
                at = r.end;
            }
            if at < len {
                rest.push(at..len);
            }
            for r in rest {
                if is_store(name) {
                    let mut from = r.start;
                    while from < r.end {
                        let to = (from + STORE_PAGE_BYTES as u64).min(r.end);
                        store.push(vec![Piece {
                            file,
                            offset: from,
                            len: to - from,
                        }]);
                        from = to;
                    }
                } else {
                    index.push(Piece {
                        file,
                        offset: r.start,
                        len: r.end - r.start,
                    });
                }
            }
        }
        let early = fill(early, PART_BYTES);
        let index = fill(index, PART_BYTES);
        let (start, index_parts) = (early.len(), index.len());
        Packing {
            files: files.into_values().collect(),
            infos,
            parts: early.into_iter().chain(index).chain(store).collect(),
            start,
            index: index_parts,
        }
    }

    /// The parts in order, each to be encoded once.
    pub fn parts(&self) -> impl ExactSizeIterator<Item = PlannedPart<'_>> {
        self.parts
            .iter()
            .enumerate()
            .map(|(number, pieces)| PlannedPart {
                number,
                pieces,
                files: &self.files,
            })
    }

    /// The table-of-contents script, from the [`PartInfo`]s of every part in order. Fails
    /// unless they are the planned parts' entries, in order (none missing, repeated or moved).
    pub fn toc(
        &self,
        title: &str,
        documents: u64,
        generator: &str,
        parts: Vec<PartInfo>,
    ) -> Result<SiteFile, ArchiveError> {
        let in_order = parts.len() == self.parts.len()
            && parts.iter().zip(&self.parts).all(|(p, q)| p.pieces == *q);
        if !in_order {
            return Err(ArchiveError::BadToc {
                file: TOC_FILE.into(),
                detail: "the parts given are not the ones planned, in order".into(),
            });
        }
        let toc = Toc {
            format: FORMAT_VERSION,
            title: title.to_string(),
            documents,
            generator: generator.to_string(),
            files: self.infos.clone(),
            parts,
            start: self.start,
            index: self.index,
        };
        // serde_json cannot fail on these plain types; an empty object would only make the site
        // report a damaged table of contents, never crash.
        let json = serde_json::to_string(&toc).unwrap_or_else(|_| "{}".into());
        Ok((
            TOC_FILE.to_string(),
            format!("{TOC_CALLBACK}({json});\n").into_bytes(),
        ))
    }

    /// Every script, encoded in order on this thread: the table of contents first.
    fn collect(&self, title: &str, documents: u64, generator: &str) -> Vec<SiteFile> {
        let (infos, mut out): (Vec<PartInfo>, Vec<SiteFile>) = self
            .parts()
            .map(|part| {
                let (info, script) = part.encode();
                let path = info.path.clone();
                (info, (path, script))
            })
            .unzip();
        // The parts given are the ones planned, so the table of contents cannot be refused.
        if let Ok(toc) = self.toc(title, documents, generator, infos) {
            out.insert(0, toc);
        }
        out
    }
}

impl PlannedPart<'_> {
    /// The part's entry in the table of contents, and its script.
    pub fn encode(&self) -> (PartInfo, Vec<u8>) {
        let len = self.pieces.iter().map(|p| p.len as usize).sum();
        let mut bytes = Vec::with_capacity(len);
        for p in self.pieces {
            bytes.extend_from_slice(
                &self.files[p.file].as_slice()[p.offset as usize..(p.offset + p.len) as usize],
            );
        }
        let i = self.number;
        let info = PartInfo {
            path: format!("{DATA_DIR}/part-{i:03}.js"),
            sha256: sha256_hex(&bytes),
            bytes: bytes.len() as u64,
            pieces: self.pieces.to_vec(),
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        (
            info,
            format!("{PART_CALLBACK}({i},\"{b64}\");\n").into_bytes(),
        )
    }
}

/// Ranges clipped to `len`, sorted and joined.
fn sparse_merge(ranges: Vec<Range<u64>>, len: u64) -> Vec<Range<u64>> {
    let clipped = ranges
        .into_iter()
        .map(|r| r.start.min(len)..r.end.min(len))
        .collect();
    sparse::merge(clipped)
}

/// Pieces laid one after another into parts of at most `size` bytes, a piece split where a part
/// ends.
fn fill(pieces: Vec<Piece>, size: usize) -> Vec<Vec<Piece>> {
    let size = size as u64;
    let mut parts: Vec<Vec<Piece>> = Vec::new();
    let mut room = 0u64;
    for mut p in pieces {
        while p.len > 0 {
            if room == 0 {
                parts.push(Vec::new());
                room = size;
            }
            let take = p.len.min(room);
            if let Some(part) = parts.last_mut() {
                part.push(Piece { len: take, ..p });
            }
            p.offset += take;
            p.len -= take;
            room -= take;
        }
    }
    parts
}

/// Reads the table of contents from the text of `data/archive.js`.
pub fn parse_toc_script(script: &str) -> Result<Toc, ArchiveError> {
    let json = call_argument(script, TOC_CALLBACK).ok_or(ArchiveError::NotAScript {
        file: TOC_FILE.into(),
        expected: TOC_CALLBACK,
    })?;
    parse_toc_json(json)
}

/// Reads the table of contents from the JSON the browser hands to `khlang_archive`.
pub fn parse_toc_json(json: &str) -> Result<Toc, ArchiveError> {
    let bad = |e: serde_json::Error| ArchiveError::BadToc {
        file: TOC_FILE.into(),
        detail: e.to_string(),
    };
    // The version first: an archive of another format is reported as such, not as damaged.
    #[derive(Deserialize)]
    struct Format {
        format: u32,
    }
    let Format { format } = serde_json::from_str(json).map_err(bad)?;
    if format != FORMAT_VERSION {
        return Err(ArchiveError::Version { found: format });
    }
    let toc: Toc = serde_json::from_str(json).map_err(bad)?;
    toc.check()?;
    Ok(toc)
}

/// Reads (index, base64 payload) from the text of a part script.
pub fn parse_part_script<'a>(
    file: &str,
    script: &'a str,
) -> Result<(usize, &'a str), ArchiveError> {
    let not_script = || ArchiveError::NotAScript {
        file: file.into(),
        expected: PART_CALLBACK,
    };
    let args = call_argument(script, PART_CALLBACK).ok_or_else(not_script)?;
    let (index, payload) = args.split_once(',').ok_or_else(not_script)?;
    let index = index.trim().parse().map_err(|_| not_script())?;
    let payload = payload
        .trim()
        .strip_prefix('"')
        .and_then(|p| p.strip_suffix('"'));
    Ok((index, payload.ok_or_else(not_script)?))
}

/// The classic script that carries the app's wasm module `wasm` (see [`WASM_CALLBACK`]).
pub fn wasm_script(wasm: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    format!("{WASM_CALLBACK}(\"{b64}\");\n")
}

/// The wasm module a [`wasm_script`] carries; `file` names the script in errors.
pub fn parse_wasm_script(file: &str, script: &str) -> Result<Vec<u8>, ArchiveError> {
    let b64 = call_argument(script, WASM_CALLBACK)
        .and_then(|arg| arg.trim().strip_prefix('"')?.strip_suffix('"'))
        .ok_or_else(|| ArchiveError::NotAScript {
            file: file.into(),
            expected: WASM_CALLBACK,
        })?;
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| ArchiveError::BadPart {
            file: file.into(),
            detail: e.to_string(),
        })
}

/// The text between `callee(` and the closing `);` of a one-call script.
pub(crate) fn call_argument<'a>(script: &'a str, callee: &str) -> Option<&'a str> {
    let rest = script.trim().strip_prefix(callee)?.strip_prefix('(')?;
    rest.strip_suffix(';')
        .unwrap_or(rest)
        .trim_end()
        .strip_suffix(')')
}

/// Decodes and checks parts as they arrive and adds them to a [`Sparse`] set of files.
#[derive(Debug)]
pub struct Unpacker {
    toc: Toc,
    sparse: Sparse,
}

impl Unpacker {
    /// Starts unpacking the archive described by `toc`.
    pub fn new(toc: Toc) -> Unpacker {
        let sparse = Sparse::new(&toc);
        Unpacker { toc, sparse }
    }

    /// The table of contents.
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// The files as far as they have arrived (shared: later parts show up in it).
    pub fn sparse(&self) -> Sparse {
        self.sparse.clone()
    }

    /// Decodes and verifies part `index` from its base64 payload.
    pub fn add_part(&mut self, index: usize, payload: &str) -> Result<(), ArchiveError> {
        let (bytes, info) = self.decode_part(index, payload)?;
        if bytes.len() as u64 != info.bytes || sha256_hex(&bytes) != info.sha256 {
            return Err(ArchiveError::Checksum {
                file: info.path.clone(),
            });
        }
        self.insert(index, bytes)
    }

    /// Decodes part `index` and keeps it even when its checksum does not match, returning
    /// whether it does. The app uses it to warn about an altered part and still search what
    /// it can; `khlang search` refuses such a part with [`Unpacker::add_part`].
    pub fn add_part_even_if_altered(
        &mut self,
        index: usize,
        payload: &str,
    ) -> Result<bool, ArchiveError> {
        let (bytes, info) = self.decode_part(index, payload)?;
        let intact = bytes.len() as u64 == info.bytes && sha256_hex(&bytes) == info.sha256;
        self.insert(index, bytes)?;
        Ok(intact)
    }

    fn insert(&mut self, index: usize, bytes: Vec<u8>) -> Result<(), ArchiveError> {
        self.sparse
            .add_part(index, bytes)
            .map_err(|e| ArchiveError::BadPart {
                file: self.toc.parts[index].path.clone(),
                detail: e.to_string(),
            })
    }

    fn decode_part(
        &self,
        index: usize,
        payload: &str,
    ) -> Result<(Vec<u8>, &PartInfo), ArchiveError> {
        let info = self
            .toc
            .parts
            .get(index)
            .ok_or_else(|| ArchiveError::BadPart {
                file: format!("{DATA_DIR}/part-{index:03}.js"),
                detail: "not listed in the table of contents".into(),
            })?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .map_err(|e| ArchiveError::BadPart {
                file: info.path.clone(),
                detail: e.to_string(),
            })?;
        Ok((bytes, info))
    }

    /// How many parts have arrived, of how many.
    pub fn progress(&self) -> (usize, usize) {
        let all = self.toc.parts.len();
        (all - self.sparse.missing(0..all).len(), all)
    }

    /// The packed files, once every part has arrived.
    pub fn finish(self) -> Result<BTreeMap<String, Vec<u8>>, ArchiveError> {
        if let Some(&part) = self.sparse.missing(0..self.toc.parts.len()).first() {
            return Err(ArchiveError::Missing {
                file: self.toc.parts[part].path.clone(),
            });
        }
        let mut files = BTreeMap::new();
        for file in &self.toc.files {
            let bytes = self.sparse.read_all(&file.name).and_then(Result::ok);
            let bytes = bytes.ok_or_else(|| ArchiveError::BadToc {
                file: TOC_FILE.into(),
                detail: format!("{} is not complete", file.name),
            })?;
            files.insert(file.name.clone(), bytes.as_slice().to_vec());
        }
        Ok(files)
    }
}

/// Unpacks site files made by [`pack`] (the table of contents first), as a reader of the site's
/// scripts would: used where the archive never touches a disk (tests, benchmarks).
pub fn unpack(site: &[SiteFile]) -> Result<(Toc, BTreeMap<String, Vec<u8>>), ArchiveError> {
    let unpacker = unpack_sparse(site)?;
    let toc = unpacker.toc().clone();
    Ok((toc, unpacker.finish()?))
}

/// Like [`unpack`], but leaves the files in the [`Unpacker`]'s shared, zero-copy form.
pub fn unpack_sparse(site: &[SiteFile]) -> Result<Unpacker, ArchiveError> {
    let text = |file: &str, bytes: &[u8]| {
        String::from_utf8(bytes.to_vec()).map_err(|_| ArchiveError::BadPart {
            file: file.to_string(),
            detail: "not UTF-8".into(),
        })
    };
    let (toc_path, toc_bytes) = site.first().ok_or(ArchiveError::Missing {
        file: TOC_FILE.into(),
    })?;
    let toc = parse_toc_script(&text(toc_path, toc_bytes)?)?;
    let mut unpacker = Unpacker::new(toc);
    for (path, bytes) in &site[1..] {
        let script = text(path, bytes)?;
        let (index, payload) = parse_part_script(path, &script)?;
        unpacker.add_part(index, payload)?;
    }
    Ok(unpacker)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use tantivy::Directory as _;

    fn files(names: &[(&str, usize)]) -> BTreeMap<String, OwnedBytes> {
        names
            .iter()
            .enumerate()
            .map(|(i, &(name, n))| {
                let bytes: Vec<u8> = (0..n).map(|b| (b * 7 + i) as u8).collect();
                (name.to_string(), OwnedBytes::new(bytes))
            })
            .collect()
    }

    fn plain(files: &BTreeMap<String, OwnedBytes>) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(n, b)| (n.clone(), b.as_slice().to_vec()))
            .collect()
    }

    /// Start ranges: none, or each file's first 10 and last 5 bytes.
    fn starts(files: &BTreeMap<String, OwnedBytes>) -> [StartRanges; 2] {
        let ends = files
            .iter()
            .map(|(n, b)| {
                let len = b.len() as u64;
                (n.clone(), vec![0..10.min(len), len.saturating_sub(5)..len])
            })
            .collect();
        [StartRanges::new(), ends]
    }

    fn script_text(site: &[SiteFile], i: usize) -> &str {
        std::str::from_utf8(&site[i].1).unwrap()
    }

    #[test]
    fn round_trips_files_across_parts_and_pages() {
        for names in [
            vec![],
            vec![("a.idx", 0)],
            vec![("a.idx", 10), ("b.store", 20)],
            vec![
                ("a.idx", PART_BYTES + 5),
                ("b.store", 3 * STORE_PAGE_BYTES + 1),
                ("c.pos", PART_BYTES * 2),
            ],
        ] {
            let input = files(&names);
            for start in starts(&input) {
                let site = pack_planned("t", 1, "test", &input, &start);
                assert_eq!(site[0].0, TOC_FILE);
                let (toc, got) = unpack(&site).unwrap();
                assert_eq!(got, plain(&input), "files {names:?}");
                assert_eq!(
                    site,
                    pack_planned("t", 1, "test", &input, &start),
                    "deterministic"
                );
                // Stored documents come in pages, everything else in big parts.
                for part in &toc.parts[toc.start + toc.index..] {
                    assert!(part.bytes as usize <= STORE_PAGE_BYTES, "{part:?}");
                    assert!(part
                        .pieces
                        .iter()
                        .all(|p| toc.files[p.file].name.ends_with(".store")));
                }
                let start_bytes: u64 = toc.parts[toc.start_parts()].iter().map(|p| p.bytes).sum();
                let planned: u64 = start.values().flatten().map(|r| r.end - r.start).sum();
                assert!(start_bytes <= planned, "start holds only what was planned");
            }
        }
    }

    #[test]
    fn a_read_of_bytes_not_loaded_names_the_parts_that_hold_them() {
        let input = files(&[("a.idx", 100_000), ("b.store", 5 * STORE_PAGE_BYTES)]);
        let [_, start] = starts(&input);
        let site = pack_planned("t", 1, "test", &input, &start);
        let toc = parse_toc_script(script_text(&site, 0)).unwrap();
        let mut unpacker = Unpacker::new(toc.clone());
        for i in toc.start_parts() {
            let (index, payload) =
                parse_part_script(&site[i + 1].0, script_text(&site, i + 1)).unwrap();
            unpacker.add_part(index, payload).unwrap();
        }
        let sparse = unpacker.sparse();
        let store = sparse.get_file_handle(Path::new("b.store")).unwrap();
        let len = store.len();
        // The planned ranges are there at once.
        assert_eq!(
            store.read_bytes(0..10).unwrap().as_slice(),
            &input["b.store"][0..10]
        );
        assert_eq!(
            store.read_bytes(len - 5..len).unwrap().as_slice(),
            &input["b.store"][len - 5..]
        );
        assert!(sparse.take_wanted().is_empty());
        // A range across two pages needs exactly those two (pages follow the first 10 bytes).
        let boundary = 10 + 2 * STORE_PAGE_BYTES;
        let across = boundary - 3..boundary + 3;
        assert!(store.read_bytes(across.clone()).is_err());
        let wanted = sparse.take_wanted();
        assert_eq!(wanted.len(), 2, "{wanted:?}");
        assert!(wanted.iter().all(|&p| p >= toc.start + toc.index));
        for &i in &wanted {
            let (index, payload) =
                parse_part_script(&site[i + 1].0, script_text(&site, i + 1)).unwrap();
            unpacker.add_part(index, payload).unwrap();
        }
        assert_eq!(
            store.read_bytes(across.clone()).unwrap().as_slice(),
            &input["b.store"][across]
        );
        // The index file is whole once its parts are in, and reads from it do not copy.
        assert!(sparse.missing(toc.index_parts()).len() == toc.index);
        for i in toc.index_parts() {
            let (index, payload) =
                parse_part_script(&site[i + 1].0, script_text(&site, i + 1)).unwrap();
            unpacker.add_part(index, payload).unwrap();
        }
        let idx = sparse.get_file_handle(Path::new("a.idx")).unwrap();
        assert_eq!(
            idx.read_bytes(0..100_000).unwrap().as_slice(),
            input["a.idx"].as_slice()
        );
        assert!(sparse.missing(toc.index_parts()).is_empty());
    }

    #[test]
    fn pages_beyond_the_budget_are_dropped_oldest_first_and_asked_for_again() {
        let input = files(&[("b.store", 6 * STORE_PAGE_BYTES)]);
        let site = pack_planned("t", 1, "test", &input, &StartRanges::new());
        let toc = parse_toc_script(script_text(&site, 0)).unwrap();
        let mut unpacker = Unpacker::new(toc.clone());
        let sparse = unpacker.sparse();
        sparse.keep_at_most(toc.store_parts(), 3 * STORE_PAGE_BYTES as u64);
        let add = |unpacker: &mut Unpacker, i: usize| {
            let (index, payload) =
                parse_part_script(&site[i + 1].0, script_text(&site, i + 1)).unwrap();
            unpacker.add_part(index, payload).unwrap();
        };
        let pages: Vec<usize> = toc.store_parts().collect();
        assert_eq!(pages.len(), 6);
        for &p in &pages[..4] {
            add(&mut unpacker, p);
        }
        assert_eq!(
            sparse.missing(toc.store_parts()),
            vec![pages[0], pages[4], pages[5]]
        );
        let store = sparse.get_file_handle(Path::new("b.store")).unwrap();
        assert!(store.read_bytes(0..10).is_err());
        assert_eq!(sparse.take_wanted(), vec![pages[0]]);
        add(&mut unpacker, pages[0]);
        assert_eq!(
            store.read_bytes(0..10).unwrap().as_slice(),
            &input["b.store"][0..10]
        );
        assert_eq!(
            sparse.missing(toc.store_parts()),
            vec![pages[1], pages[4], pages[5]]
        );
    }

    #[test]
    fn detects_altered_and_missing_parts() {
        let input = files(&[("a.idx", 100), ("b.idx", PART_BYTES)]);
        let mut site = pack_planned("t", 1, "test", &input, &StartRanges::new());
        let text = String::from_utf8(site[1].1.clone()).unwrap();
        let flipped = text.replacen("(0,\"A", "(0,\"B", 1);
        assert_ne!(flipped, text, "fixture must start with A");
        site[1].1 = flipped.into_bytes();
        assert!(matches!(unpack(&site), Err(ArchiveError::Checksum { .. })));
        let toc = parse_toc_script(script_text(&site, 0)).unwrap();
        let mut lenient = Unpacker::new(toc);
        for (i, (path, bytes)) in site[1..].iter().enumerate() {
            let script = std::str::from_utf8(bytes).unwrap();
            let (index, payload) = parse_part_script(path, script).unwrap();
            assert_eq!(
                lenient.add_part_even_if_altered(index, payload).unwrap(),
                i != 0,
                "only part 0 was altered"
            );
        }
        assert_eq!(lenient.progress(), (2, 2), "the altered part is kept");
        let site = pack_planned("t", 1, "test", &input, &StartRanges::new());
        let toc = parse_toc_script(script_text(&site, 0)).unwrap();
        assert!(matches!(
            Unpacker::new(toc).finish(),
            Err(ArchiveError::Missing { .. })
        ));
    }

    #[test]
    fn parts_encoded_in_any_order_make_the_same_site_and_only_their_own_table_of_contents() {
        let input = files(&[
            ("a.idx", PART_BYTES + 100),
            ("b.store", 3 * STORE_PAGE_BYTES),
        ]);
        let [_, start] = starts(&input);
        let packing = Packing::with_start(input.clone(), &start);
        let planned: Vec<PlannedPart> = packing.parts().collect();
        // Encoded last to first, as threads may finish them, and put back in order.
        let mut encoded: Vec<(PartInfo, Vec<u8>)> =
            planned.iter().rev().map(|part| part.encode()).collect();
        encoded.reverse();
        let expected = pack_planned("t", 1, "test", &input, &start);
        assert_eq!(encoded.len() + 1, expected.len());
        for ((info, script), (path, bytes)) in encoded.iter().zip(&expected[1..]) {
            assert_eq!((&info.path, script), (path, bytes));
        }
        let mut infos: Vec<PartInfo> = encoded.into_iter().map(|(info, _)| info).collect();
        let toc = packing.toc("t", 1, "test", infos.clone()).unwrap();
        assert_eq!(toc, expected[0]);
        infos.swap(0, 1);
        assert!(matches!(
            packing.toc("t", 1, "test", infos.clone()),
            Err(ArchiveError::BadToc { .. })
        ));
        infos.pop();
        assert!(packing.toc("t", 1, "test", infos).is_err());
    }

    #[test]
    fn rejects_tables_of_contents_that_do_not_cover_the_files() {
        let input = files(&[("a.idx", 100)]);
        let site = pack_planned("t", 1, "test", &input, &StartRanges::new());
        let json = call_argument(script_text(&site, 0), TOC_CALLBACK).unwrap();
        assert!(parse_toc_json(json).is_ok());
        for (from, to) in [
            ("[0,0,100]", "[0,0,90]"),
            ("[0,0,100]", "[0,10,100]"),
            ("[0,0,100]", "[1,0,100]"),
        ] {
            let bad = json.replace(from, to);
            assert_ne!(bad, json);
            assert!(
                matches!(parse_toc_json(&bad), Err(ArchiveError::BadToc { .. })),
                "{to}"
            );
        }
        assert!(matches!(
            parse_toc_json(r#"{"format":1,"parts":[]}"#),
            Err(ArchiveError::Version { found: 1 })
        ));
    }

    #[test]
    fn rejects_scripts_that_are_not_ours() {
        assert!(parse_toc_script("alert(1)").is_err());
        assert!(parse_toc_script("khlang_archive({\"format\":99});").is_err());
        assert!(parse_part_script("x", "khlang_part(x,\"AA\");").is_err());
        assert!(parse_part_script("x", "khlang_part(1,AA);").is_err());
        assert_eq!(
            parse_part_script("x", "khlang_part(1,\"QQ==\");\n").unwrap(),
            (1, "QQ==")
        );
    }

    #[test]
    fn the_wasm_script_carries_the_module_both_ways() {
        let wasm = b"\0asm\x01\0\0\0 and more bytes \xff\xfe";
        let script = wasm_script(wasm);
        assert!(script.starts_with("khlang_wasm(\"AGFzbQ"), "{script}");
        assert!(script.ends_with("\");\n"), "{script}");
        assert_eq!(parse_wasm_script("w.js", &script).unwrap(), wasm.to_vec());
        for (bad, not_ours) in [
            ("khlang_part(0,\"AA==\");", true),
            ("khlang_wasm(AGFzbQ==);", true),
            ("khlang_wasm(\"AGF*bQ==\");", false),
        ] {
            let got = parse_wasm_script("w.js", bad);
            let ok = if not_ours {
                matches!(got, Err(ArchiveError::NotAScript { .. }))
            } else {
                matches!(got, Err(ArchiveError::BadPart { .. }))
            };
            assert!(ok, "{bad}: {got:?}");
        }
    }
}
