//! Packing: index files cut into parts and encoded as part scripts, with the table of contents
//! that names them.
//!
//! Which bytes go into the start parts is the caller's to say ([`StartRanges`]): finding them
//! takes a search engine, which sits above the archive format (see crate::start). Everything
//! else of the index goes into index parts, the stored documents into small store pages.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::directory::OwnedBytes;

use super::deflate::deflate;
use super::error::ArchiveError;
use super::format::{
    part_path, sha256_hex, SiteFile, FORMAT_VERSION, PART_BYTES, STORE_PAGE_BYTES, TOC_FILE,
};
use super::script::{part_script, toc_script};
use super::sparse;
use super::toc::{FileInfo, PartInfo, Piece, Toc};

/// Byte ranges of each file (by name) that go into the start parts.
pub type StartRanges = BTreeMap<String, Vec<Range<u64>>>;

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
/// Each part is hashed, deflated where worth it and encoded on its own ([`PlannedPart::encode`], `&self`), so a
/// build can encode them on all cores and write each script as soon as it is made: on one core,
/// packing was most of the last seven seconds of a 100,000-document `khlang build`, and
/// collecting the scripts (a third larger than the index) beside the index files was about half
/// of its peak memory. The table of contents comes last, from the parts' [`PartInfo`]s.
///
/// `Packing::plan`, which finds the start ranges by searching, is in crate::start.
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
        Ok((TOC_FILE.to_string(), toc_script(&toc)))
    }

    /// Every script, encoded in order on this thread: the table of contents first.
    pub(crate) fn collect(&self, title: &str, documents: u64, generator: &str) -> Vec<SiteFile> {
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
        let packed = deflate(&bytes);
        let info = PartInfo {
            path: part_path(self.number),
            sha256: sha256_hex(&bytes),
            bytes: bytes.len() as u64,
            deflated: packed.as_ref().map(|p| p.len() as u64),
            pieces: self.pieces.to_vec(),
        };
        (
            info,
            part_script(self.number, packed.as_deref().unwrap_or(&bytes)),
        )
    }
}

/// Stored documents, paged for on-demand loading.
fn is_store(name: &str) -> bool {
    name.ends_with(".store")
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
