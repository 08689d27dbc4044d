//! Snippets: the stretch of a document that shows why it matched, with the matches marked.
//!
//! Matches are found the way the index finds them, on analyzer units, so what is highlighted is
//! exactly what matched (a query typed with Thai digits highlights the Arabic digits in the text,
//! a query without spaces highlights text that has them). The snippet keeps the original text;
//! highlights are byte ranges into it, so the app can build text nodes and never needs HTML.

use serde::{Deserialize, Serialize};

use crate::analysis::Analyzer;
use crate::query::{clause_units, ParsedQuery};

/// How many characters a snippet shows.
const SNIPPET_CHARS: usize = 200;
/// How many characters of context precede the first match.
const LEAD_CHARS: usize = 40;

/// What to look for: the units of one query clause.
#[derive(Clone, Debug)]
pub struct Needle {
    units: Vec<String>,
    /// The last unit may be incomplete (unquoted clause being typed).
    prefix_last: bool,
}

/// The needles of a query's required clauses.
pub fn needles(parsed: &ParsedQuery, analyzer: &Analyzer) -> Vec<Needle> {
    parsed
        .required()
        .map(|c| Needle {
            units: clause_units(analyzer, &c.text),
            prefix_last: !c.exact,
        })
        .filter(|n| !n.units.is_empty())
        .collect()
}

/// A snippet: text with highlighted byte ranges (non-overlapping, ascending).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The snippet as alternating plain and highlighted pieces, for rendering as text nodes.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for &(from, to) in &self.highlights {
            if let (Some(plain), Some(marked)) = (self.text.get(at..from), self.text.get(from..to))
            {
                if !plain.is_empty() {
                    out.push((plain, false));
                }
                out.push((marked, true));
                at = to;
            }
        }
        if let Some(rest) = self.text.get(at..) {
            if !rest.is_empty() {
                out.push((rest, false));
            }
        }
        out
    }
}

/// Builds the snippet of `text` for `needles`: the window with the most distinct matches.
pub fn snippet(text: &str, needles: &[Needle], analyzer: &Analyzer) -> Snippet {
    let matches = if needles.is_empty() {
        Vec::new()
    } else {
        find_matches(text, needles, analyzer)
    };
    let start = best_window_start(text, &matches);
    let start = back_up(text, start, if matches.is_empty() { 0 } else { LEAD_CHARS });
    let end = forward(text, start, SNIPPET_CHARS);
    render(text, start, end, &matches)
}

/// A match: byte range in `text` and which needle it is.
type Match = (usize, usize, usize);

fn find_matches(text: &str, needles: &[Needle], analyzer: &Analyzer) -> Vec<Match> {
    let units = analyzer.units(text);
    let mut found = Vec::new();
    for (id, needle) in needles.iter().enumerate() {
        let k = needle.units.len();
        if k == 0 || units.len() < k {
            continue;
        }
        for p in 0..=units.len() - k {
            let window = &units[p..p + k];
            let last = k - 1;
            let hit = window
                .iter()
                .zip(&needle.units)
                .enumerate()
                .all(|(i, (u, n))| {
                    if i == last && needle.prefix_last {
                        u.text.starts_with(n.as_str())
                    } else {
                        u.text == *n
                    }
                });
            if hit {
                found.push((window[0].offset_from, window[last].offset_to, id));
            }
        }
    }
    found.sort_unstable();
    found
}

/// Start of the window (byte offset of a match) that covers the most distinct needles.
fn best_window_start(text: &str, matches: &[Match]) -> usize {
    let mut best = (0usize, 0usize); // (distinct needles, start)
    for (i, &(start, _, _)) in matches.iter().enumerate() {
        let limit = forward(text, start, SNIPPET_CHARS - LEAD_CHARS);
        let mut seen: Vec<usize> = matches[i..]
            .iter()
            .take_while(|m| m.1 <= limit)
            .map(|m| m.2)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() > best.0 {
            best = (seen.len(), start);
        }
    }
    best.1
}

/// The byte offset `chars` characters before `at`, moved to a whitespace boundary when one is near.
fn back_up(text: &str, at: usize, chars: usize) -> usize {
    let before = text.get(..at).unwrap_or("");
    let mut start = at;
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        if n >= chars {
            break;
        }
        if c == '\n' {
            return i + c.len_utf8();
        }
        start = i;
    }
    start
}

/// The byte offset `chars` characters after `at`.
fn forward(text: &str, at: usize, chars: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.char_indices().nth(chars).map(|(i, _)| at + i))
        .unwrap_or(text.len())
}

/// Copies text[start..end] with whitespace runs collapsed to one space, keeping highlights aligned.
fn render(text: &str, start: usize, end: usize, matches: &[Match]) -> Snippet {
    let mut out = Snippet::default();
    let mut open: Option<usize> = None;
    let mut last_space = true;
    let mut ranges = matches
        .iter()
        .filter(|m| m.0 >= start && m.1 <= end)
        .map(|m| (m.0, m.1))
        .peekable();
    let mut current: Option<(usize, usize)> = None;
    let slice = text.get(start..end).unwrap_or("");
    for (i, c) in slice.char_indices() {
        let at = start + i;
        if current.is_none_or(|(_, to)| at >= to) {
            if let (Some(from), Some(_)) = (open.take(), current) {
                out.highlights.push((from, out.text.len()));
            }
            current = None;
            while let Some(&(from, to)) = ranges.peek() {
                if to <= at {
                    ranges.next();
                } else if from <= at {
                    current = Some((from, to));
                    ranges.next();
                    break;
                } else {
                    break;
                }
            }
            if current.is_some() {
                open = Some(out.text.len());
            }
        }
        if c.is_whitespace() {
            if !last_space {
                out.text.push(' ');
            }
            last_space = true;
        } else {
            out.text.push(c);
            last_space = false;
        }
    }
    if let Some(from) = open {
        out.highlights.push((from, out.text.len()));
    }
    let trimmed_len = out.text.trim_end().len();
    out.text.truncate(trimmed_len);
    for h in &mut out.highlights {
        h.1 = h.1.min(trimmed_len);
    }
    out.highlights.retain(|h| h.0 < h.1);
    out
}
