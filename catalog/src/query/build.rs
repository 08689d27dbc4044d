//! Turns a parsed query into a tantivy query over the words and grams fields.
//!
//! Recall comes from the grams: a clause of units u0…uk matches where those units stand
//! consecutively, which is exactly "the typed text occurs in the document" (whitespace aside).
//! Unless the clause is quoted, its last unit may be incomplete (the user is still typing), so the
//! last gram is matched as a prefix. Ranking comes from the words: a clause that is also a
//! whole-word or phrase match in the dictionary segmentation scores higher, and title matches
//! score above body matches.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};

use super::parse::{Clause, ParsedQuery};
use super::units::clause_units;
use crate::analysis::{gram_term, Analyzer};
use crate::schema::Fields;

/// How much a title match outweighs a body match.
const TITLE_BOOST: f32 = 2.0;
/// How much a whole-word match adds over a partial (gram-only) match.
const WORDS_BOOST: f32 = 3.0;
/// How much a verbatim match of the whole query adds.
const PHRASE_BOOST: f32 = 4.0;
/// Enough expansions that a prefix never drops a matching term (a one-character prefix can expand
/// to thousands of grams); the cost is bounded by the term dictionary, not by the documents.
const MAX_EXPANSIONS: u32 = 1_000_000;

/// Builds the tantivy query for `parsed`. Facet filters are applied by the collector instead,
/// so that facet counts can be computed with each facet's own selection left out.
pub fn build_query(parsed: &ParsedQuery, analyzer: &Analyzer, fields: &Fields) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for clause in parsed.required() {
        if let Some(q) = clause_query(clause, analyzer, fields) {
            clauses.push((Occur::Must, q));
        }
    }
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else if let Some(exact) = whole_query_phrase(parsed, analyzer, fields) {
        clauses.push((Occur::Should, boosted(exact, PHRASE_BOOST)));
    }
    for clause in parsed.excluded() {
        let exact = Clause {
            exact: true,
            ..clause.clone()
        };
        if let Some(q) = grams_any_field(&exact, analyzer, fields) {
            clauses.push((Occur::MustNot, q));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Documents holding the whole query verbatim (its clauses' units consecutive, spaces aside):
/// they rank above those that only hold the clauses apart or as prefixes.
fn whole_query_phrase(
    parsed: &ParsedQuery,
    analyzer: &Analyzer,
    fields: &Fields,
) -> Option<Box<dyn Query>> {
    let units: Vec<String> = parsed
        .required()
        .flat_map(|c| clause_units(analyzer, &c.text))
        .collect();
    if units.len() < 2 {
        return None;
    }
    Some(union(vec![
        grams_query(fields.body_grams, &units, true),
        boosted(grams_query(fields.title_grams, &units, true), TITLE_BOOST),
    ]))
}

/// The query for one required clause: grams must match; words add to the score.
fn clause_query(clause: &Clause, analyzer: &Analyzer, fields: &Fields) -> Option<Box<dyn Query>> {
    let grams = grams_any_field(clause, analyzer, fields)?;
    let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, grams)];
    let words: Vec<String> = analyzer
        .words(&clause.text)
        .into_iter()
        .map(|t| t.text)
        .collect();
    if !words.is_empty() {
        let either = union(vec![
            words_query(fields.body_words, &words),
            boosted(words_query(fields.title_words, &words), TITLE_BOOST),
        ]);
        parts.push((Occur::Should, boosted(either, WORDS_BOOST)));
    }
    Some(Box::new(BooleanQuery::new(parts)))
}

fn grams_any_field(
    clause: &Clause,
    analyzer: &Analyzer,
    fields: &Fields,
) -> Option<Box<dyn Query>> {
    let units = clause_units(analyzer, &clause.text);
    if units.is_empty() {
        return None;
    }
    Some(union(vec![
        grams_query(fields.body_grams, &units, clause.exact),
        boosted(
            grams_query(fields.title_grams, &units, clause.exact),
            TITLE_BOOST,
        ),
    ]))
}

/// Matches the unit sequence `units` in a grams field.
fn grams_query(field: Field, units: &[String], exact: bool) -> Box<dyn Query> {
    let term = |text: &str| Term::from_field_text(field, text);
    if units.len() == 1 {
        // A one-unit clause has no gram of its own: match every gram that starts with the unit
        // (exact: the whole unit, followed by the separator).
        let prefix = if exact {
            gram_term(&units[0], "")
        } else {
            units[0].clone()
        };
        return prefix_query(vec![term(&prefix)]);
    }
    let grams: Vec<Term> = units
        .windows(2)
        .map(|pair| term(&gram_term(&pair[0], &pair[1])))
        .collect();
    if !exact {
        return prefix_query(grams);
    }
    if grams.len() == 1 {
        return Box::new(TermQuery::new(
            grams[0].clone(),
            IndexRecordOption::WithFreqs,
        ));
    }
    Box::new(PhraseQuery::new(grams))
}

fn prefix_query(terms: Vec<Term>) -> Box<dyn Query> {
    let mut q = PhrasePrefixQuery::new(terms);
    q.set_max_expansions(MAX_EXPANSIONS);
    Box::new(q)
}

/// Matches a word sequence in a words field.
fn words_query(field: Field, words: &[String]) -> Box<dyn Query> {
    let terms: Vec<Term> = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    if terms.len() == 1 {
        return Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqs,
        ));
    }
    Box::new(PhraseQuery::new(terms))
}

fn union(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}
