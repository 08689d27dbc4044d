//! The archive's fixed names and sizes: the contract that `khlang build` writes, and that
//! `khlang search` and the web app read. Changing any of them changes the format, so
//! [`FORMAT_VERSION`] changes with them.

use sha2::{Digest, Sha256};

/// Version of this format; a reader refuses archives of another version.
/// 3: part scripts carry their bytes 15 bits to a UTF-16 code unit instead of base64, most of
/// them deflated.
pub const FORMAT_VERSION: u32 = 3;
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
/// Name of the archive's lexicon inside the archive: its dictionary words with the documents
/// holding each, one `word<TAB>documents` a line, what a query that finds nothing is offered
/// from (crate::spelling::Lexicon). Written by [`crate::start`] when the archive is packed.
pub const LEXICON_FILE: &str = "lexicon.txt";
/// Name of the archive's table of other spellings inside the archive: the slips its build found
/// in its documents, each beside its word (crate::spelling::Spellings). Written by `khlang
/// build` and `khlang merge`; an archive without it offers none.
pub const SPELLINGS_FILE: &str = "spellings.txt";
/// Raw bytes per start or index part: small enough to show loading progress, large enough to
/// keep requests few.
pub const PART_BYTES: usize = 2 << 20;
/// Raw bytes per page of stored documents: a result's title and snippet cost one such request
/// (a tantivy store block is 16 KiB before compression, a few KiB after).
pub const STORE_PAGE_BYTES: usize = 32 << 10;

/// A file of the archive as a site holds it: path relative to the site root, and contents.
pub type SiteFile = (String, Vec<u8>);

/// Site-relative path of part `number`'s script.
pub fn part_path(number: usize) -> String {
    format!("{DATA_DIR}/part-{number:03}.js")
}

/// Lower-case hex SHA-256: the checksum of every part, and of the table of contents in a seal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}
