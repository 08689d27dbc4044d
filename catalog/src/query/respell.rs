//! Which of the archive's other spellings (crate::spelling::Spellings) a query is offered, and
//! the query with them included: one rule for every engine, so the browser, `khlang search` and
//! the OpenSearch path offer and search the same.

use super::parse::ParsedQuery;
use crate::analysis::Analyzer;
use crate::spelling::{Respelling, Spellings};

/// The most other spellings one answer offers: one line under the search box.
pub const OFFERED: usize = 3;

/// The other spellings of what `parsed`'s required clauses hold, at most [`OFFERED`].
pub fn respellings(
    spellings: &Spellings,
    parsed: &ParsedQuery,
    analyzer: &Analyzer,
) -> Vec<Respelling> {
    if spellings.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Respelling> = Vec::new();
    for clause in parsed.required() {
        for r in spellings.in_text(&analyzer.normalize(&clause.text)) {
            if !found.contains(&r) {
                found.push(r);
            }
        }
    }
    found.truncate(OFFERED);
    found
}

/// `parsed` with `respellings` included.
pub fn including(parsed: &ParsedQuery, respellings: &[Respelling]) -> ParsedQuery {
    ParsedQuery {
        spellings: respellings.to_vec(),
        ..parsed.clone()
    }
}
