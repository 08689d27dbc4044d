//! The query plan ([`super::plan`]) as a tantivy query over the words, grams and unit-prefix
//! fields: how the browser and `khlang search` answer it.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};

use super::parse::ParsedQuery;
use super::plan::{plan, Matcher, Plan, Text};
use crate::analysis::{gram_term, Analyzer};
use crate::schema::Fields;

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
    render(&plan(parsed, analyzer), fields, expansions)
}

fn render(plan: &Plan, fields: &Fields, expansions: Expansions) -> Box<dyn Query> {
    match plan {
        Plan::All => Box::new(AllQuery),
        Plan::Match(text, matcher) => {
            matcher_query(TextFields::of(*text, fields), matcher, expansions)
        }
        Plan::Bool {
            must,
            should,
            must_not,
        } => {
            let clauses = [
                (Occur::Must, must),
                (Occur::Should, should),
                (Occur::MustNot, must_not),
            ]
            .into_iter()
            .flat_map(|(occur, plans)| {
                plans
                    .iter()
                    .map(move |p| (occur, render(p, fields, expansions)))
            })
            .collect();
            Box::new(BooleanQuery::new(clauses))
        }
        Plan::Boost(plan, boost) => {
            Box::new(BoostQuery::new(render(plan, fields, expansions), *boost))
        }
    }
}

/// Where one text (the title or the body) is indexed.
#[derive(Clone, Copy)]
struct TextFields {
    words: Field,
    grams: Field,
    /// `None` in archives built before the unit prefixes.
    units: Option<Field>,
}

impl TextFields {
    fn of(text: Text, fields: &Fields) -> TextFields {
        match text {
            Text::Body => TextFields {
                words: fields.body_words,
                grams: fields.body_grams,
                units: fields.body_units,
            },
            Text::Title => TextFields {
                words: fields.title_words,
                grams: fields.title_grams,
                units: fields.title_units,
            },
        }
    }
}

fn matcher_query(text: TextFields, matcher: &Matcher, expansions: Expansions) -> Box<dyn Query> {
    match matcher {
        Matcher::Unit { unit, exact } => unit_query(text, unit, *exact, expansions),
        Matcher::Units { units, prefix } => grams_query(text.grams, units, *prefix, expansions),
        Matcher::Words(words) => words_query(text.words, words),
    }
}

/// A one-unit clause has no gram of its own: it matches every gram that starts with the unit
/// (exact: the whole unit, followed by the separator), which is exactly the documents whose
/// unit prefixes hold that term. Both score a constant.
fn unit_query(text: TextFields, unit: &str, exact: bool, expansions: Expansions) -> Box<dyn Query> {
    let prefix = if exact {
        gram_term(unit, "")
    } else {
        unit.to_string()
    };
    if let Some(field) = text.units {
        let holds = TermQuery::new(
            Term::from_field_text(field, &prefix),
            IndexRecordOption::Basic,
        );
        return Box::new(ConstScoreQuery::new(Box::new(holds), 1.0));
    }
    prefix_query(
        vec![(0, Term::from_field_text(text.grams, &prefix))],
        expansions,
    )
}

/// Matches the unit sequence `units` (two or more) in a grams field.
fn grams_query(
    field: Field,
    units: &[String],
    prefix: bool,
    expansions: Expansions,
) -> Box<dyn Query> {
    let grams: Vec<Term> = units
        .windows(2)
        .map(|pair| Term::from_field_text(field, &gram_term(&pair[0], &pair[1])))
        .collect();
    let all = grams.len();
    let grams = spaced(grams, prefix);
    let used = grams.len();
    let query = if prefix {
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
        Box::new(BoostQuery::new(query, all as f32 / used as f32))
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
