//! A documents folder as khlang reads it: the files in it, their text (through the extraction
//! cache), catalogue.csv and dictionary.txt beside them, the metadata settled for each, and the
//! problems found on the way.
//!
//! Every command that reads documents — `build`, `check`, `catalogue` — reads them here, so
//! they find the same files, the same text and the same metadata. Nothing here writes a site or
//! knows a command.

pub mod cache;
pub mod catalogue;
pub mod coverage;
pub mod dictionary;
pub mod findings;
pub mod folder;
pub mod progress;
pub mod report;
pub mod settle;
pub mod slips;
pub mod survey;
pub mod walk;
pub mod window;
