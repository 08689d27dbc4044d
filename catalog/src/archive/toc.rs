//! The table of contents: which files an archive holds, which parts hold which of their bytes,
//! and how the parts fall into the start, index and store groups (see [`super`]).
//!
//! A reader trusts it for every offset it reads, so [`parse_toc_json`] checks that the pieces
//! cover each file exactly once before anything is read.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tantivy::directory::OwnedBytes;

use super::error::ArchiveError;
use super::format::{FORMAT_VERSION, TOC_FILE};

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
    /// When the script carries the part deflated ([`super::deflate`]): how many bytes it
    /// carries. Absent when it carries the bytes as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deflated: Option<u64>,
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
