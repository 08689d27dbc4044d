//! From what a person types to a tantivy query, identically in the browser and in `khlang search`.

mod build;
mod parse;
pub mod plan;
mod respell;
mod units;

pub use build::{build_query, Expansions};
pub use parse::{parse, Clause, ParsedQuery};
pub use plan::{clause_forms, heads_cut, Ends};
pub use respell::{including, respellings, worth_showing, OFFERED};
pub use units::{clause_units, cut_head, open_forms, unfinished_tail};
