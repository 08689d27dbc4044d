//! Turns a parsed query into a tantivy query over the words and grams fields.
//!
//! Recall comes from the grams: a clause of units u0…uk matches where those units stand
//! consecutively, which is exactly "the typed text occurs in the document" (whitespace aside).
//! Unless the clause is quoted, its last unit may be incomplete (the user is still typing), so the
//! last gram is matched as a prefix. Ranking comes from the words: a clause that is also a
//! whole-word or phrase match in the dictionary segmentation scores higher, and title matches
//! score above body matches.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};

use super::parse::{Clause, ParsedQuery};
use super::units::{clause_units, unfinished_tail};
use crate::analysis::{gram_term, Analyzer};
use crate::schema::Fields;

/// How much a title match outweighs a body match.
const TITLE_BOOST: f32 = 2.0;
/// How much a whole-word match adds over a partial (gram-only) match.
const WORDS_BOOST: f32 = 3.0;
/// How much a verbatim match of the whole query adds.
const PHRASE_BOOST: f32 = 4.0;
/// How many terms a prefix term expands to in the index being searched. The caller counts them
/// (see [`crate::engine::Engine`]) because tantivy's phrase-prefix scorer reserves room for
/// `max_expansions` postings up front, per segment and per keystroke: a fixed bound high enough
/// never to drop a matching term (1,000,000) reserved 1.86 GB each time, which on wasm32 grew
/// linear memory to its 4 GB limit. The exact count never drops a term and reserves only what
/// is used.
pub type Expansions<'a> = &'a dyn Fn(&Term) -> u32;

/// Builds the tantivy query for `parsed`. Facet filters are applied by the collector instead,
/// so that facet counts can be computed with each facet's own selection left out.
pub fn build_query(
    parsed: &ParsedQuery,
    analyzer: &Analyzer,
    fields: &Fields,
    expansions: Expansions,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for clause in parsed.required() {
        if let Some(q) = clause_query(clause, analyzer, fields, expansions) {
            clauses.push((Occur::Must, q));
        }
    }
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else if let Some(exact) = whole_query_phrase(parsed, analyzer, fields, expansions) {
        clauses.push((Occur::Should, boosted(exact, PHRASE_BOOST)));
    }
    for clause in parsed.excluded() {
        let exact = Clause {
            exact: true,
            ..clause.clone()
        };
        if let Some(q) = grams_any_field(&exact, analyzer, fields, expansions) {
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
    expansions: Expansions,
) -> Option<Box<dyn Query>> {
    let units: Vec<String> = parsed
        .required()
        .flat_map(|c| clause_units(analyzer, &c.text))
        .collect();
    if units.len() < 2 {
        return None;
    }
    Some(union(vec![
        grams_query(Text::body(fields), &units, true, expansions),
        boosted(
            grams_query(Text::title(fields), &units, true, expansions),
            TITLE_BOOST,
        ),
    ]))
}

/// The query for one required clause: grams must match; words add to the score.
fn clause_query(
    clause: &Clause,
    analyzer: &Analyzer,
    fields: &Fields,
    expansions: Expansions,
) -> Option<Box<dyn Query>> {
    let grams = grams_any_field(clause, analyzer, fields, expansions)?;
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
    expansions: Expansions,
) -> Option<Box<dyn Query>> {
    let units = clause_units(analyzer, &clause.text);
    if units.is_empty() {
        return None;
    }
    let unfinished = (!clause.exact).then(|| unfinished_tail(&units)).flatten();
    let mut queries = Vec::new();
    for units in std::iter::once(&units).chain(&unfinished) {
        queries.push(grams_query(
            Text::body(fields),
            units,
            clause.exact,
            expansions,
        ));
        queries.push(boosted(
            grams_query(Text::title(fields), units, clause.exact, expansions),
            TITLE_BOOST,
        ));
    }
    Some(union(queries))
}

/// Where one text (the title or the body) is indexed for matching units.
#[derive(Clone, Copy)]
struct Text {
    grams: Field,
    /// `None` in archives built before the unit prefixes.
    units: Option<Field>,
}

impl Text {
    fn body(fields: &Fields) -> Text {
        Text {
            grams: fields.body_grams,
            units: fields.body_units,
        }
    }

    fn title(fields: &Fields) -> Text {
        Text {
            grams: fields.title_grams,
            units: fields.title_units,
        }
    }
}

/// Matches the unit sequence `units` in a text.
fn grams_query(
    text: Text,
    units: &[String],
    exact: bool,
    expansions: Expansions,
) -> Box<dyn Query> {
    let term = |s: &str| Term::from_field_text(text.grams, s);
    if units.len() == 1 {
        // A one-unit clause has no gram of its own: it matches every gram that starts with the
        // unit (exact: the whole unit, followed by the separator), which is exactly the
        // documents whose unit prefixes hold that term. Both score a constant.
        let prefix = if exact {
            gram_term(&units[0], "")
        } else {
            units[0].clone()
        };
        if let Some(field) = text.units {
            let holds = TermQuery::new(
                Term::from_field_text(field, &prefix),
                IndexRecordOption::Basic,
            );
            return Box::new(ConstScoreQuery::new(Box::new(holds), 1.0));
        }
        return prefix_query(vec![(0, term(&prefix))], expansions);
    }
    let grams: Vec<Term> = units
        .windows(2)
        .map(|pair| term(&gram_term(&pair[0], &pair[1])))
        .collect();
    let all = grams.len();
    let grams = spaced(grams, !exact);
    let used = grams.len();
    let query = if !exact {
        prefix_query(grams, expansions)
    } else if let [(_, only)] = grams.as_slice() {
        Box::new(TermQuery::new(only.clone(), IndexRecordOption::WithFreqs)) as Box<dyn Query>
    } else {
        Box::new(PhraseQuery::new_with_offset(grams))
    };
    if used == all {
        query
    } else {
        // A phrase's score sums the idf of its terms: scaled back to about what all the grams
        // would give, leaving some out does not shift its weight against the words query.
        boosted(query, all as f32 / used as f32)
    }
}

/// The grams a phrase needs, with their offsets. Gram i holds units i and i+1 of one unbroken
/// run (a field has one value), so grams found at positions p and p + 2 fix units p … p + 3,
/// and with them the gram at p + 1: matching it too finds the same documents at the same
/// positions, for twice the term lookups and position decoding (about half of a keystroke's
/// time in the engine, in `khlang-bench profile-typing`). So every other gram is kept, counted back from the
/// last, and the first. A prefix query keeps the gram before its prefix as well:
/// tantivy's phrase-prefix scorer expects the prefix right after the phrase's last term.
fn spaced(grams: Vec<Term>, prefix: bool) -> Vec<(usize, Term)> {
    let last = grams.len().saturating_sub(1);
    let anchor = if prefix { last.saturating_sub(1) } else { last };
    grams
        .into_iter()
        .enumerate()
        .filter(|&(i, _)| i == 0 || i == last || (i <= anchor && (anchor - i) % 2 == 0))
        .collect()
}

fn prefix_query(terms: Vec<(usize, Term)>, expansions: Expansions) -> Box<dyn Query> {
    let max = terms.last().map_or(0, |(_, t)| expansions(t));
    let mut q = PhrasePrefixQuery::new_with_offset(terms);
    q.set_max_expansions(max);
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
