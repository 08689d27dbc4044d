//! Which of the archive's other spellings (crate::spelling::Spellings) a query is offered, and
//! the query with them included: one rule for every engine, so the browser, `khlang search` and
//! the OpenSearch path offer and search the same.

use super::parse::ParsedQuery;
use crate::analysis::Analyzer;
use crate::search::OtherSpelling;
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
    // The longest first, and none inside another: สุราษฎร์ธานี offers สุราษฏร์ธานี, not the
    // slips of สุราษฎร์ and ราษฎร it holds, which would crowd it out. Several slips of one
    // word stay, the commonest first (Spellings::in_text); the sort keeps their order.
    found.sort_by(|a, b| {
        b.typed
            .chars()
            .count()
            .cmp(&a.typed.chars().count())
            .then_with(|| a.typed.cmp(&b.typed))
    });
    let mut kept: Vec<Respelling> = Vec::new();
    for r in found {
        let inside = |k: &Respelling| k.typed != r.typed && k.typed.contains(r.typed.as_str());
        if !kept.iter().any(inside) {
            kept.push(r);
        }
    }
    kept.truncate(OFFERED);
    kept
}

/// The offers worth showing: one that adds no document is left out unless the reader has
/// included the spellings (then the line stays, to take them out again).
pub fn worth_showing(offers: Vec<OtherSpelling>, included: bool) -> Vec<OtherSpelling> {
    offers
        .into_iter()
        .filter(|o| included || o.adds > 0)
        .collect()
}

/// `parsed` with `respellings` included.
pub fn including(parsed: &ParsedQuery, respellings: &[Respelling]) -> ParsedQuery {
    ParsedQuery {
        spellings: respellings.to_vec(),
        ..parsed.clone()
    }
}
