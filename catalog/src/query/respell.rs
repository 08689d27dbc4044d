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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn table() -> Spellings {
        Spellings::parse(
            "สุราษฎ์\tสุราษฎร์\t5\t13\n\
             สุราษฏร์ธานี\tสุราษฎร์ธานี\t28\t399\n\
             ขี้น\tขึ้น\t5\t5255\n\
             ขื้น\tขึ้น\t3\t5255\n\
             ขิ้น\tขึ้น\t2\t5255\n\
             ขึ่น\tขึ้น\t1\t5255\n",
        )
    }

    #[test]
    fn the_longest_forms_are_offered_and_a_word_s_commonest_slips() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let cases: [(&str, &[&str]); 4] = [
            // Not the slip of สุราษฎร์, which the longer form holds.
            ("สุราษฎร์ธานี", &["สุราษฏร์ธานี"]),
            ("สุราษฎร์", &["สุราษฎ์"]),
            // Several slips of one word, the commonest first, at most three.
            ("ขึ้นทะเบียน", &["ขี้น", "ขื้น", "ขิ้น"]),
            ("ทะเบียน", &[]),
        ];
        for (query, want) in cases {
            let got: Vec<String> = respellings(&table(), &parse(query), &analyzer)
                .into_iter()
                .map(|r| r.other)
                .collect();
            assert_eq!(got, want, "{query}");
        }
    }

    #[test]
    fn an_offer_that_adds_nothing_is_shown_only_once_included() {
        let offer = |adds| OtherSpelling {
            typed: "ศีรษะ".into(),
            other: "ศรีษะ".into(),
            adds,
        };
        assert_eq!(worth_showing(vec![offer(0), offer(2)], false), [offer(2)]);
        assert_eq!(worth_showing(vec![offer(0)], true), [offer(0)]);
    }
}
