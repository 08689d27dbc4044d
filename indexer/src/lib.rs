//! The `khlang` program as a library: what the thin binary (src/main.rs) runs.
//!
//! ```text
//! cli        the command line: every command's flags (clap)
//! commands   one module per command: build, check, catalogue, search, serve, verify, …
//! stages     the build's stages: gather → extract → describe → index → write site → seal
//! documents  a documents folder: files, text (through the cache), catalogue.csv, metadata
//! server     the public search API in front of OpenSearch (`serve --opensearch`)
//! cluster    talking to an OpenSearch cluster (publish, the server)
//! site       a built site: its layout, writing, staging, sealing, reading back
//! keys       the agency's signing key files
//! desktop    what a double-click on khlang.exe does
//! output     printing to a pipe that may close
//! ```
//!
//! Arrows point down that list and never back: commands use stages, stages use documents and
//! site; documents and site know no command. docs/ARCHITECTURE.md has the whole picture.

#[macro_use]
pub mod output;

pub mod cli;
pub mod cluster;
pub mod commands;
pub mod desktop;
pub mod documents;
pub mod keys;
pub mod server;
pub mod site;
pub mod stages;
