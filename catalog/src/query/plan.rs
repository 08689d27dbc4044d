//! What a parsed query asks of a document, decided once for every engine that answers it.
//!
//! The browser and `khlang search` answer with tantivy ([`super::build_query`]); a province's
//! or the country's search answers with OpenSearch (`crate::opensearch`). Both render this one
//! plan, so which documents match can never differ between them:
//!
//! - Recall comes from the grams: a clause of units u0…uk matches where those units stand
//!   consecutively, which is exactly "the typed text occurs in the document" (whitespace
//!   aside). Its last unit may be incomplete — the user is still typing, or pasted a cut — so
//!   the last gram is matched as a prefix; and a clause whose last cluster is unfinished (ตั้,
//!   before the ง) also matches with that fragment joined onto the unit before. Quoted or not:
//!   a quoted phrase cut in the middle of a word ("ภายหลังจากคว") still occurs in the text.
//!   A clause of one unit matches the documents whose unit prefixes hold it. Only an excluded
//!   clause (-ข่าว) is taken whole: it leaves out the documents holding that very unit.
//! - Ranking comes from the words: a clause that is also a whole-word or phrase match in the
//!   dictionary segmentation scores higher, the whole query verbatim higher still, and title
//!   matches score above body matches. How much is up to each engine's scoring; the boosts are
//!   shared.

use super::parse::{Clause, ParsedQuery};
use super::units::{clause_units, cut_head, open_forms};
use crate::analysis::Analyzer;

/// How much a title match outweighs a body match.
pub const TITLE_BOOST: f32 = 2.0;
/// How much a whole-word match adds over a partial (gram-only) match.
pub const WORDS_BOOST: f32 = 3.0;
/// How much a verbatim match of the whole query adds.
pub const PHRASE_BOOST: f32 = 4.0;

/// Which text of a document a match is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Title,
    Body,
}

/// One condition on one text of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    /// The text holds a unit that begins with `unit` (`exact`: that whole unit).
    Unit { unit: String, exact: bool },
    /// The text holds these units (two or more) consecutively; with `prefix`, the last one
    /// only needs to begin the text's unit.
    Units { units: Vec<String>, prefix: bool },
    /// The text holds these dictionary words consecutively (one or more).
    Words(Vec<String>),
}

/// A query plan: a tree of matchers.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Every document.
    All,
    /// A matcher on one text.
    Match(Text, Matcher),
    /// Every `must`, none of `must_not`; `should` adds to the score only (when there is a
    /// `must`) or, alone, at least one of them must match.
    Bool {
        must: Vec<Plan>,
        should: Vec<Plan>,
        must_not: Vec<Plan>,
    },
    /// The plan, its score scaled.
    Boost(Box<Plan>, f32),
}

impl Plan {
    fn any(plans: Vec<Plan>) -> Plan {
        Plan::Bool {
            must: Vec::new(),
            should: plans,
            must_not: Vec::new(),
        }
    }

    fn boosted(self, boost: f32) -> Plan {
        Plan::Boost(Box::new(self), boost)
    }
}

/// The plan for `parsed`. Facet filters are not part of it: each engine applies them so that
/// each facet's counts leave its own selection out (see crate::collect).
pub fn plan(parsed: &ParsedQuery, analyzer: &Analyzer) -> Plan {
    let mut must: Vec<Plan> = parsed
        .required()
        .filter_map(|clause| clause_plan(clause, parsed, analyzer))
        .collect();
    let mut should = Vec::new();
    if must.is_empty() {
        must.push(Plan::All);
    } else if let Some(exact) = whole_query(parsed, analyzer) {
        should.push(exact.boosted(PHRASE_BOOST));
    }
    let must_not = parsed
        .excluded()
        .filter_map(|clause| in_either_text(clause, parsed, Ends::Whole, analyzer))
        .collect();
    Plan::Bool {
        must,
        should,
        must_not,
    }
}

/// Documents holding the whole query verbatim (its clauses' units consecutive, spaces aside):
/// they rank above those that only hold the clauses apart or as prefixes.
fn whole_query(parsed: &ParsedQuery, analyzer: &Analyzer) -> Option<Plan> {
    let units: Vec<String> = parsed
        .required()
        .flat_map(|c| clause_units(analyzer, &c.text))
        .collect();
    if units.len() < 2 {
        return None;
    }
    let matcher = Matcher::Units {
        units,
        prefix: false,
    };
    Some(either_text(matcher))
}

/// One required clause: its units must match; its words add to the score.
fn clause_plan(clause: &Clause, parsed: &ParsedQuery, analyzer: &Analyzer) -> Option<Plan> {
    let ends = Ends::Open {
        heads_cut: parsed.heads_cut,
    };
    let units = in_either_text(clause, parsed, ends, analyzer)?;
    let words: Vec<String> = analyzer
        .words(&clause.text)
        .into_iter()
        .map(|t| t.text)
        .collect();
    let should = if words.is_empty() {
        Vec::new()
    } else {
        vec![either_text(Matcher::Words(words)).boosted(WORDS_BOOST)]
    };
    Some(Plan::Bool {
        must: vec![units],
        should,
        must_not: Vec::new(),
    })
}

/// How a clause's last unit is matched.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// It may be cut short: matched as a prefix, and with an unfinished cluster joined; with
    /// `heads_cut`, its first unit may be cut too.
    Open { heads_cut: bool },
    /// It is the whole unit (an excluded clause).
    Whole,
}

/// The clause's units in the title or the body, in every form it may stand in ([`clause_forms`]);
/// `None` for a clause with no units (only spaces).
fn in_either_text(
    clause: &Clause,
    parsed: &ParsedQuery,
    ends: Ends,
    analyzer: &Analyzer,
) -> Option<Plan> {
    let forms = clause_forms(clause, parsed, ends, analyzer);
    if forms.is_empty() {
        return None;
    }
    let mut plans = Vec::new();
    for units in forms {
        let matcher = units_matcher(units, ends);
        plans.push(Plan::Match(Text::Body, matcher.clone()));
        plans.push(Plan::Match(Text::Title, matcher).boosted(TITLE_BOOST));
    }
    Some(Plan::any(plans))
}

/// Every form of a clause's units a document may hold it in, as typed first: with `Ends::Open`
/// cut short ([`open_forms`]), and, for each other spelling the query includes
/// ([`ParsedQuery::spellings`]) whose typed form the clause holds, the same with the other
/// spelling in its place. Empty for a clause with no units. Snippets mark the same forms.
pub fn clause_forms(
    clause: &Clause,
    parsed: &ParsedQuery,
    ends: Ends,
    analyzer: &Analyzer,
) -> Vec<Vec<String>> {
    let mut texts = vec![clause.text.clone()];
    if !parsed.spellings.is_empty() {
        let normalized = analyzer.normalize(&clause.text);
        for r in &parsed.spellings {
            if normalized.contains(r.typed.as_str()) {
                texts.push(normalized.replace(r.typed.as_str(), &r.other));
            }
        }
    }
    let mut forms = Vec::new();
    for text in texts {
        let units = clause_units(analyzer, &text);
        if units.is_empty() {
            continue;
        }
        match ends {
            Ends::Open { heads_cut } => forms.extend(open_forms(units, heads_cut)),
            Ends::Whole => forms.push(units),
        }
    }
    forms
}

fn units_matcher(mut units: Vec<String>, ends: Ends) -> Matcher {
    if units.len() == 1 {
        Matcher::Unit {
            unit: units.remove(0),
            exact: matches!(ends, Ends::Whole),
        }
    } else {
        Matcher::Units {
            units,
            prefix: !matches!(ends, Ends::Whole),
        }
    }
}

/// A matcher in the body, or in the title with the title's boost.
fn either_text(matcher: Matcher) -> Plan {
    Plan::any(vec![
        Plan::Match(Text::Body, matcher.clone()),
        Plan::Match(Text::Title, matcher).boosted(TITLE_BOOST),
    ])
}

/// `parsed` read as pasted from the middle of the text, each clause's first cluster possibly
/// begun before the paste ([`super::units::cut_head`]): what an engine searches when `parsed`
/// as typed finds nothing. `None` when no clause is long enough to be read so.
pub fn heads_cut(parsed: &ParsedQuery, analyzer: &Analyzer) -> Option<ParsedQuery> {
    let any = !parsed.heads_cut
        && parsed
            .required()
            .any(|c| cut_head(&clause_units(analyzer, &c.text)).is_some());
    any.then(|| ParsedQuery {
        heads_cut: true,
        ..parsed.clone()
    })
}
