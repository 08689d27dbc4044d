//! From what a person types to a tantivy query, identically in the browser and in `khlang search`.

mod build;
mod parse;

pub use build::build_query;
pub use parse::{parse, Clause, ParsedQuery};
