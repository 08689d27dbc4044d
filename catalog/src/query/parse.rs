//! The user's query syntax: words and "quoted phrases" that must all occur, `-word` to exclude.
//!
//! Anything is accepted: an unbalanced quote runs to the end, a lone `-` is ignored. A query is
//! never an error, because a citizen typing into a search box must never see one.

use crate::spelling::Respelling;

/// One clause of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The text as typed (not normalized).
    pub text: String,
    /// A quoted phrase: its words kept together as one clause, spaces and all. Like any clause
    /// its end may be cut short (see crate::query::plan).
    pub quoted: bool,
    /// `-word`: documents containing it are excluded.
    pub negated: bool,
}

/// A parsed query: its clauses in typed order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<Clause>,
    /// Whether a clause may also begin inside a cluster of the text (pasted from the middle of
    /// a word): tried only when the query as typed finds nothing (see crate::query::heads_cut).
    pub heads_cut: bool,
    /// Other spellings the reader chose to include (crate::spelling::Spellings): each clause
    /// also matches with a `typed` form it holds replaced by the `other`.
    pub spellings: Vec<Respelling>,
}

impl ParsedQuery {
    /// Clauses that must match.
    pub fn required(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.negated)
    }

    /// Clauses that exclude.
    pub fn excluded(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| c.negated)
    }

    /// Whether the query asks for nothing (browse mode).
    pub fn is_empty(&self) -> bool {
        self.required().next().is_none()
    }
}

/// Parses query text. Quotes may be ASCII or typographic (“ ” are common from phones).
pub fn parse(input: &str) -> ParsedQuery {
    let mut clauses = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut negated = false;
        if first == '-' {
            chars.next();
            negated = true;
        }
        if chars.peek().is_some_and(|c| is_quote(*c)) {
            chars.next();
            let mut text = String::new();
            for c in chars.by_ref() {
                if is_quote(c) {
                    break;
                }
                text.push(c);
            }
            push(&mut clauses, text, true, negated);
        } else {
            let mut text = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || is_quote(c) {
                    break;
                }
                text.push(c);
                chars.next();
            }
            push(&mut clauses, text, false, negated);
        }
    }
    ParsedQuery {
        clauses,
        spellings: Vec::new(),
        heads_cut: false,
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

fn push(clauses: &mut Vec<Clause>, text: String, quoted: bool, negated: bool) {
    let text = text.trim().to_string();
    if !text.is_empty() {
        clauses.push(Clause {
            text,
            quoted,
            negated,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str, quoted: bool, negated: bool) -> Clause {
        Clause {
            text: text.into(),
            quoted,
            negated,
        }
    }

    #[test]
    fn parses_the_query_language() {
        let cases: &[(&str, Vec<Clause>)] = &[
            ("", vec![]),
            ("   ", vec![]),
            ("จัดซื้อ", vec![c("จัดซื้อ", false, false)]),
            (
                "งบประมาณ 2563",
                vec![c("งบประมาณ", false, false), c("2563", false, false)],
            ),
            (
                "\"ศูนย์ข้อมูล ข่าวสาร\" -ประกวด",
                vec![c("ศูนย์ข้อมูล ข่าวสาร", true, false), c("ประกวด", false, true)],
            ),
            ("-\"ราคา กลาง\"", vec![c("ราคา กลาง", true, true)]),
            ("\"ไม่ปิด", vec![c("ไม่ปิด", true, false)]),
            ("- -", vec![]),
            ("“แผน”", vec![c("แผน", true, false)]),
            ("a\"b\"", vec![c("a", false, false), c("b", true, false)]),
        ];
        for (input, want) in cases {
            assert_eq!(&parse(input).clauses, want, "input {input:?}");
        }
    }

    #[test]
    fn negation_only_is_browse() {
        assert!(parse("-ประกาศ").is_empty());
        assert!(!parse("ประกาศ").is_empty());
    }
}
