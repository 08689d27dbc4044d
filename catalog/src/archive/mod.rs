//! The archive format: how an index travels inside a static site.
//!
//! A site must open from `file://` (a USB stick, a kiosk without network) as well as over http.
//! On `file://` browsers block fetch/XHR and module scripts but still run classic
//! `<script src>`; so the index files are packed into *parts*, each a classic script that hands
//! its payload, a string, to a global callback:
//!
//! ```text
//! data/archive.js    khlang_archive({...table of contents, JSON...});
//! data/part-000.js   khlang_part(0,"<15 bits per UTF-16 code unit>");   (a UTF-16 file)
//! ```
//!
//! The payload is not base64, which would add a third to every byte: see [`payload`]; and a
//! part whose bytes shrink deflated travels deflated (the stored documents): see [`deflate`].
//!
//! The table of contents names every part with its SHA-256 and lists the *pieces* of index files
//! it holds. Parts come in three groups, so that a reader loads only what it needs
//! ([`sparse`]):
//! - **start**: every byte that opening the index and showing the first page of the empty search
//!   read, found by doing exactly that when packing (crate::start, above the engine: the format
//!   itself knows nothing of searching);
//! - **index**: the rest of the term dictionaries, postings and positions, and the built-in Thai
//!   dictionary ([`WORDS_FILE`]), which any typed query needs: loaded in the background after
//!   the first results;
//! - **store**: the rest of the stored documents in small pages, loaded only when a result on
//!   screen needs its snippet (its title and facts come from its card, with the index; see
//!   crate::card).
//!
//! `khlang search` reads the same scripts from disk and decodes them with the same code as the
//! browser, so both search identical bytes.
//!
//! One module per concern: `format` (fixed names and sizes), `error`, `toc` (the table of
//! contents), `script` (the classic-script envelope), `payload` (bytes as the envelope's
//! string), `deflate` (parts that travel deflated), `pack`, `unpack`, and [`sparse`] (the
//! files as far as they have arrived). Their items are used by the names re-exported here
//! (`catalog::archive::Toc`, …): one path for each.

mod deflate;
mod error;
mod format;
mod pack;
mod payload;
mod script;
pub mod sparse;
mod toc;
mod unpack;

#[cfg(test)]
mod tests;

pub use error::ArchiveError;
pub use format::{
    sha256_hex, SiteFile, DATA_DIR, DICTIONARY_FILE, FORMAT_VERSION, LEXICON_FILE, PART_BYTES,
    PART_CALLBACK, SPELLINGS_FILE, STORE_PAGE_BYTES, TOC_CALLBACK, TOC_FILE, WASM_CALLBACK,
    WASM_FILE, WORDS_FILE,
};
pub use pack::{pack_planned, Packing, PlannedPart, StartRanges};
pub(crate) use script::call_argument;
pub use script::{
    parse_part_script, parse_toc_script, parse_wasm_script, script_text, toc_script, wasm_script,
};
pub use sparse::Sparse;
pub use toc::{parse_toc_json, FileInfo, PartInfo, Piece, Toc};
pub use unpack::{unpack, unpack_sparse, Unpacker};
