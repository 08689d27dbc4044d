//! Unpacking: part scripts decoded, checked against the table of contents and added to a
//! [`Sparse`] set of files as they arrive, in whatever order a reader loads them.

use std::collections::BTreeMap;

use super::deflate::inflate;
use super::error::ArchiveError;
use super::format::{part_path, sha256_hex, SiteFile, TOC_FILE};
use super::payload;
use super::script::{parse_part_script, parse_toc_script, script_text};
use super::sparse::Sparse;
use super::toc::{PartInfo, Toc};

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

    /// Decodes and verifies part `index` from its payload (see [`super::payload`]).
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
                file: part_path(index),
                detail: "not listed in the table of contents".into(),
            })?;
        let damaged = |detail: &str| ArchiveError::BadPart {
            file: info.path.clone(),
            detail: detail.into(),
        };
        let carried = info.deflated.unwrap_or(info.bytes) as usize;
        let carried = payload::decode(payload, carried)
            .ok_or_else(|| damaged("its payload is not the encoding of a part of its size"))?;
        let bytes = match info.deflated {
            None => carried,
            Some(_) => inflate(&carried, info.bytes as usize)
                .ok_or_else(|| damaged("its deflated bytes do not inflate to the part"))?,
        };
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

/// Unpacks site files made by packing (the table of contents first), as a reader of the site's
/// scripts would: used where the archive never touches a disk (tests, benchmarks).
pub fn unpack(site: &[SiteFile]) -> Result<(Toc, BTreeMap<String, Vec<u8>>), ArchiveError> {
    let unpacker = unpack_sparse(site)?;
    let toc = unpacker.toc().clone();
    Ok((toc, unpacker.finish()?))
}

/// Like [`unpack`], but leaves the files in the [`Unpacker`]'s shared, zero-copy form.
pub fn unpack_sparse(site: &[SiteFile]) -> Result<Unpacker, ArchiveError> {
    let (toc_path, toc_bytes) = site.first().ok_or(ArchiveError::Missing {
        file: TOC_FILE.into(),
    })?;
    let toc = parse_toc_script(&script_text(toc_path, toc_bytes)?)?;
    let mut unpacker = Unpacker::new(toc);
    for (path, bytes) in &site[1..] {
        let script = script_text(path, bytes)?;
        let (index, payload) = parse_part_script(path, &script)?;
        unpacker.add_part(index, payload)?;
    }
    Ok(unpacker)
}
