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
//! The table of contents names every part with its SHA-256 and says where each index file lies
//! inside the concatenated parts. `khlang search` reads the same scripts from disk and decodes
//! them with the same code as the browser, so both search identical bytes.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Version of this format; a reader refuses archives of another major version.
pub const FORMAT_VERSION: u32 = 1;
/// Folder of the archive inside a site.
pub const DATA_DIR: &str = "data";
/// The table-of-contents script, relative to the site root.
pub const TOC_FILE: &str = "data/archive.js";
/// Global function the table-of-contents script calls.
pub const TOC_CALLBACK: &str = "khlang_archive";
/// Global function each part script calls.
pub const PART_CALLBACK: &str = "khlang_part";
/// Name of the user dictionary inside the archive (DOCS/dictionary.txt).
pub const DICTIONARY_FILE: &str = "dictionary.txt";
/// Raw bytes per part: small enough to show loading progress, large enough to keep requests few.
pub const PART_BYTES: usize = 2 << 20;

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
    /// Parts in order; their concatenation holds every file.
    pub parts: Vec<PartInfo>,
    /// Where each packed file lies in the concatenated parts.
    pub files: BTreeMap<String, Span>,
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
}

/// A byte range in the concatenated parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub offset: u64,
    pub len: u64,
}

/// A site file produced by [`pack`]: path relative to the site root, and contents.
pub type SiteFile = (String, Vec<u8>);

/// Packs `files` (name → bytes, e.g. the index files and the dictionary) into archive scripts.
/// The output depends only on the input, so identical input gives identical scripts.
pub fn pack(
    title: &str,
    documents: u64,
    generator: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> Vec<SiteFile> {
    let mut blob = Vec::new();
    let mut spans = BTreeMap::new();
    for (name, bytes) in files {
        spans.insert(
            name.clone(),
            Span {
                offset: blob.len() as u64,
                len: bytes.len() as u64,
            },
        );
        blob.extend_from_slice(bytes);
    }
    let mut out = Vec::new();
    let mut parts = Vec::new();
    for (i, chunk) in blob.chunks(PART_BYTES).enumerate() {
        let path = format!("{DATA_DIR}/part-{i:03}.js");
        parts.push(PartInfo {
            path: path.clone(),
            sha256: sha256_hex(chunk),
            bytes: chunk.len() as u64,
        });
        let b64 = base64::engine::general_purpose::STANDARD.encode(chunk);
        out.push((
            path,
            format!("{PART_CALLBACK}({i},\"{b64}\");\n").into_bytes(),
        ));
    }
    let toc = Toc {
        format: FORMAT_VERSION,
        title: title.to_string(),
        documents,
        generator: generator.to_string(),
        parts,
        files: spans,
    };
    // serde_json cannot fail on these plain types; an empty object would only make the site
    // report a damaged table of contents, never crash.
    let json = serde_json::to_string(&toc).unwrap_or_else(|_| "{}".into());
    out.insert(
        0,
        (
            TOC_FILE.to_string(),
            format!("{TOC_CALLBACK}({json});\n").into_bytes(),
        ),
    );
    out
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
    let toc: Toc = serde_json::from_str(json).map_err(|e| ArchiveError::BadToc {
        file: TOC_FILE.into(),
        detail: e.to_string(),
    })?;
    if toc.format != FORMAT_VERSION {
        return Err(ArchiveError::Version { found: toc.format });
    }
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

/// The text between `callee(` and the closing `);` of a one-call script.
pub(crate) fn call_argument<'a>(script: &'a str, callee: &str) -> Option<&'a str> {
    let rest = script.trim().strip_prefix(callee)?.strip_prefix('(')?;
    rest.strip_suffix(';')
        .unwrap_or(rest)
        .trim_end()
        .strip_suffix(')')
}

/// Collects decoded parts and hands out the files once all have arrived.
#[derive(Debug)]
pub struct Unpacker {
    toc: Toc,
    parts: Vec<Option<Vec<u8>>>,
}

impl Unpacker {
    /// Starts unpacking the archive described by `toc`.
    pub fn new(toc: Toc) -> Unpacker {
        let parts = vec![None; toc.parts.len()];
        Unpacker { toc, parts }
    }

    /// The table of contents.
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// Decodes and verifies part `index` from its base64 payload.
    pub fn add_part(&mut self, index: usize, payload: &str) -> Result<(), ArchiveError> {
        let (bytes, info) = self.decode_part(index, payload)?;
        if bytes.len() as u64 != info.bytes || sha256_hex(&bytes) != info.sha256 {
            return Err(ArchiveError::Checksum {
                file: info.path.clone(),
            });
        }
        self.parts[index] = Some(bytes);
        Ok(())
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
        self.parts[index] = Some(bytes);
        Ok(intact)
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
        (
            self.parts.iter().filter(|p| p.is_some()).count(),
            self.parts.len(),
        )
    }

    /// The packed files, once every part has arrived.
    pub fn finish(self) -> Result<BTreeMap<String, Vec<u8>>, ArchiveError> {
        let mut blob = Vec::new();
        for (info, part) in self.toc.parts.iter().zip(self.parts) {
            let part = part.ok_or_else(|| ArchiveError::Missing {
                file: info.path.clone(),
            })?;
            blob.extend_from_slice(&part);
        }
        let mut files = BTreeMap::new();
        for (name, span) in self.toc.files {
            let range = span.offset as usize..(span.offset + span.len) as usize;
            let bytes = blob.get(range).ok_or_else(|| ArchiveError::BadToc {
                file: TOC_FILE.into(),
                detail: format!("{name} lies outside the data"),
            })?;
            files.insert(name, bytes.to_vec());
        }
        Ok(files)
    }
}

/// Unpacks site files made by [`pack`] (the table of contents first), as a reader of the site's
/// scripts would: used where the archive never touches a disk (tests, benchmarks).
pub fn unpack(site: &[SiteFile]) -> Result<(Toc, BTreeMap<String, Vec<u8>>), ArchiveError> {
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
    let mut unpacker = Unpacker::new(toc.clone());
    for (path, bytes) in &site[1..] {
        let script = text(path, bytes)?;
        let (index, payload) = parse_part_script(path, &script)?;
        unpacker.add_part(index, payload)?;
    }
    Ok((toc, unpacker.finish()?))
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

    fn files(sizes: &[usize]) -> BTreeMap<String, Vec<u8>> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| (format!("f{i}"), (0..n).map(|b| (b * 7 + i) as u8).collect()))
            .collect()
    }

    fn files_of(site: &[SiteFile]) -> Result<BTreeMap<String, Vec<u8>>, ArchiveError> {
        unpack(site).map(|(_, files)| files)
    }

    #[test]
    fn round_trips_files_across_parts() {
        for sizes in [
            vec![],
            vec![0],
            vec![10, 20],
            vec![PART_BYTES + 5, 3, PART_BYTES * 2],
        ] {
            let input = files(&sizes);
            let site = pack("t", 1, "test", &input);
            assert_eq!(site[0].0, TOC_FILE);
            assert_eq!(files_of(&site).unwrap(), input, "sizes {sizes:?}");
            assert_eq!(site, pack("t", 1, "test", &input), "deterministic");
        }
    }

    #[test]
    fn detects_altered_and_missing_parts() {
        let input = files(&[100, PART_BYTES]);
        let mut site = pack("t", 1, "test", &input);
        let text = String::from_utf8(site[1].1.clone()).unwrap();
        let flipped = text.replacen("(0,\"A", "(0,\"B", 1);
        assert_ne!(flipped, text, "fixture must start with A");
        site[1].1 = flipped.into_bytes();
        assert!(matches!(
            files_of(&site),
            Err(ArchiveError::Checksum { .. })
        ));
        let toc = parse_toc_script(std::str::from_utf8(&site[0].1).unwrap()).unwrap();
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
        let site = pack("t", 1, "test", &input);
        let toc = parse_toc_script(std::str::from_utf8(&site[0].1).unwrap()).unwrap();
        assert!(matches!(
            Unpacker::new(toc).finish(),
            Err(ArchiveError::Missing { .. })
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
}
