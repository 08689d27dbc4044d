//! The stages of `khlang build`, in the order a document passes them:
//!
//! ```text
//! gather → extract → describe → index → write site → seal
//! ```
//!
//! - [`gather`]: the documents folder read whole — files, catalogue.csv, dictionary.txt, the
//!   publication windows, content hashes and which copies are stored once;
//! - [`extract`]: one document's text (through the extraction cache), held back when it shows
//!   national ID numbers;
//! - [`describe`]: its metadata settled and its index record made;
//! - [`index`]: documents in runs, each run a tantivy segment on a core of its own (or from the
//!   cache), extract and describe running inside each run;
//! - [`write_site`]: the documents' copies, the archive's parts and table of contents, the app;
//! - [`staff`]: the staff area's pages — the findings and the ITA coverage matrix — written with
//!   the site;
//! - [`seal`]: the manifest sealed (and signed), then the new site swapped in for the old.
//!
//! `khlang merge` runs [`join`] in place of the first four: the documents of agencies' published
//! archives, already described, joined into one index; then write site and seal as a build.
//!
//! Every stage reads the documents through crate::documents and writes through crate::site;
//! `commands::build` runs them and reports to the person.

mod dedupe;
pub mod describe;
pub mod extract;
pub mod gather;
pub mod index;
pub mod join;
pub mod kiosk;
pub mod seal;
mod segments;
pub mod staff;
pub mod write_site;
