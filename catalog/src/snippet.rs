//! Snippets: the stretch of a document that shows why it matched, with the matches marked.
//!
//! Matches are found the way the index finds them, on analyzer units, so what is highlighted is
//! exactly what matched (a query typed with Thai digits highlights the Arabic digits in the text,
//! a query without spaces highlights text that has them). The snippet keeps the original text;
//! highlights are byte ranges into it, so the app can build text nodes and never needs HTML.

use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, Token};
use crate::query::{clause_forms, Ends, ParsedQuery};

/// How many characters a snippet shows.
const SNIPPET_CHARS: usize = 200;
/// How many characters of context precede the first match.
const LEAD_CHARS: usize = 40;

/// What to look for: one query clause, in each form the index matches it by.
#[derive(Clone, Debug)]
pub struct Needle {
    /// The clause's units as typed and in each form it may be cut short by (see
    /// [`open_forms`]): the index finds a document by any, so the snippet must mark any.
    forms: Vec<Vec<String>>,
}

/// The needles of a query's required clauses.
pub fn needles(parsed: &ParsedQuery, analyzer: &Analyzer) -> Vec<Needle> {
    parsed
        .required()
        .filter_map(|c| {
            let ends = Ends::Open {
                heads_cut: parsed.heads_cut,
            };
            let forms = clause_forms(c, parsed, ends, analyzer);
            (!forms.is_empty()).then_some(Needle { forms })
        })
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
    snippet_with(text, needles, analyzer, &mut Analyzed::default())
}

/// [`snippet`], analyzing `text` only past what `analyzed` already holds of it (and adding
/// what it analyzes). `analyzed` must come from this `text` and `analyzer`.
pub fn snippet_with(
    text: &str,
    needles: &[Needle],
    analyzer: &Analyzer,
    analyzed: &mut Analyzed,
) -> Snippet {
    if needles.is_empty() {
        return opening(text);
    }
    let matches = find_matches(text, needles, analyzer, analyzed);
    let start = best_window_start(text, &matches);
    let start = back_up(text, start, if matches.is_empty() { 0 } else { LEAD_CHARS });
    let end = forward(text, start, SNIPPET_CHARS);
    render(text, start, end, &matches)
}

/// The snippet of `text` when nothing is searched for: its opening.
pub fn opening(text: &str) -> Snippet {
    let end = forward(text, 0, SNIPPET_CHARS);
    render(text, 0, end, &[])
}

/// A match: byte range in `text` and which needle it is.
type Match = (usize, usize, usize);

/// Bytes of text analyzed at a time; a block ends at a line break.
const BLOCK_BYTES: usize = 2048;

/// A document's text analyzed a block at a time, as far as its snippets have needed.
///
/// Kept between searches ([`RecentTexts`]): analysis is most of a snippet's cost, and
/// consecutive keystrokes mostly show the same documents.
#[derive(Clone, Debug, Default)]
pub struct Analyzed {
    units: Vec<Token>,
    /// Per block analyzed: where it ends in the text, and how many units end before that.
    blocks: Vec<(usize, usize)>,
}

impl Analyzed {
    /// Analyzes the block after the last one; false once the whole text is analyzed.
    fn grow(&mut self, text: &str, analyzer: &Analyzer) -> bool {
        let start = self.blocks.last().map_or(0, |b| b.0);
        if start >= text.len() {
            return false;
        }
        let end = block_end(text, start);
        for mut unit in analyzer.units(&text[start..end]) {
            unit.offset_from += start;
            unit.offset_to += start;
            self.units.push(unit);
        }
        self.blocks.push((end, self.units.len()));
        true
    }
}

/// The analyzed texts of the documents most recently shown, newest last.
#[derive(Debug)]
pub struct RecentTexts<K> {
    entries: Vec<(K, Analyzed)>,
}

impl<K> Default for RecentTexts<K> {
    fn default() -> Self {
        RecentTexts {
            entries: Vec::new(),
        }
    }
}

/// How many documents' analyses are kept: a few pages of hits.
const RECENT_TEXTS: usize = 32;

impl<K: PartialEq> RecentTexts<K> {
    /// Takes out what was kept of `key`'s text (nothing if it was not kept).
    pub fn take(&mut self, key: &K) -> Analyzed {
        match self.entries.iter().position(|(k, _)| k == key) {
            Some(i) => self.entries.remove(i).1,
            None => Analyzed::default(),
        }
    }

    /// Keeps `analyzed` as `key`'s text, forgetting the least recently shown beyond the limit.
    pub fn put(&mut self, key: K, analyzed: Analyzed) {
        if self.entries.len() >= RECENT_TEXTS {
            self.entries.remove(0);
        }
        self.entries.push((key, analyzed));
    }
}

/// The matches of `needles` in `text`, in order. Analyzing a whole document for every hit of
/// every keystroke cost the app milliseconds, so the text is analyzed a block of lines at a
/// time, and the search stops once a window holding every needle is settled: the matches
/// beyond it cannot change the snippet. A line break ends every unit, so blocks analyze the
/// same as the whole (a test checks it on real documents).
fn find_matches(
    text: &str,
    needles: &[Needle],
    analyzer: &Analyzer,
    analyzed: &mut Analyzed,
) -> Vec<Match> {
    let mut found = Vec::new();
    let mut scanned: usize = 0;
    for block in 0.. {
        if block == analyzed.blocks.len() && !analyzed.grow(text, analyzer) {
            break;
        }
        let (block_end, units_end) = analyzed.blocks[block];
        let units = &analyzed.units[..units_end];
        for (id, needle) in needles.iter().enumerate() {
            for form in &needle.forms {
                let k = form.len();
                // Only windows that end in this block are new.
                let first = scanned.saturating_sub(k.saturating_sub(1));
                for p in first..(units.len() + 1).saturating_sub(k) {
                    if matches_at(&units[p..p + k], form) {
                        found.push((units[p].offset_from, units[p + k - 1].offset_to, id));
                    }
                }
            }
        }
        scanned = units_end;
        found.sort_unstable();
        if settled(text, &found, needles.len(), block_end) {
            break;
        }
    }
    found
}

/// Where the block starting at `from` ends: after the first line break past [`BLOCK_BYTES`],
/// or at the end of the text.
fn block_end(text: &str, from: usize) -> usize {
    let soft = from + BLOCK_BYTES;
    if soft >= text.len() {
        return text.len();
    }
    // A byte search: '\n' is never part of a multi-byte character, so the end is a boundary.
    text.as_bytes()[soft..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| soft + i + 1)
}

/// Whether `window` holds the units of `form`, its last unit only as a prefix: a clause may end
/// cut short, quoted or not (see crate::query::plan).
fn matches_at(window: &[Token], form: &[String]) -> bool {
    let last = window.len() - 1;
    window.iter().zip(form).enumerate().all(|(i, (u, n))| {
        if i == last {
            u.text.starts_with(n.as_str())
        } else {
            u.text == *n
        }
    })
}

/// Whether the text analyzed up to `analyzed` already decides the snippet: the best window
/// holds every needle, and everything it (and every earlier window) can show lies before
/// `analyzed`.
fn settled(text: &str, matches: &[Match], needles: usize, analyzed: usize) -> bool {
    if analyzed >= text.len() {
        return true;
    }
    let Some(&(start, _, _)) = matches.get(best_window_index(text, matches)) else {
        return false;
    };
    let mut seen: Vec<usize> = matches
        .iter()
        .filter(|m| m.0 >= start && m.1 <= forward(text, start, SNIPPET_CHARS - LEAD_CHARS))
        .map(|m| m.2)
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len() == needles && forward(text, start, SNIPPET_CHARS) <= analyzed
}

/// Start of the window (byte offset of a match) that covers the most distinct needles.
fn best_window_start(text: &str, matches: &[Match]) -> usize {
    matches
        .get(best_window_index(text, matches))
        .map_or(0, |m| m.0)
}

/// Index of the first match whose window covers the most distinct needles (0 when none).
fn best_window_index(text: &str, matches: &[Match]) -> usize {
    let mut best = (0usize, 0usize); // (distinct needles, index)
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
            best = (seen.len(), i);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/thaigov");

    fn documents() -> Vec<String> {
        let mut paths: Vec<_> = std::fs::read_dir(FIXTURES)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// The snippet as it was built before blocks: the whole text analyzed at once.
    fn whole_text_snippet(text: &str, needles: &[Needle], analyzer: &Analyzer) -> Snippet {
        let units = analyzer.units(text);
        let mut found = Vec::new();
        for (id, needle) in needles.iter().enumerate() {
            for form in &needle.forms {
                let k = form.len();
                for p in 0..(units.len() + 1).saturating_sub(k) {
                    if matches_at(&units[p..p + k], form) {
                        found.push((units[p].offset_from, units[p + k - 1].offset_to, id));
                    }
                }
            }
        }
        found.sort_unstable();
        let start = best_window_start(text, &found);
        let start = back_up(text, start, if found.is_empty() { 0 } else { LEAD_CHARS });
        render(text, start, forward(text, start, SNIPPET_CHARS), &found)
    }

    #[test]
    fn blocks_of_lines_analyze_as_the_whole_text() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        for text in documents() {
            let mut blocks = Vec::new();
            let mut from = 0;
            while from < text.len() {
                let to = block_end(&text, from);
                blocks.extend(
                    analyzer
                        .units(&text[from..to])
                        .into_iter()
                        .map(|u| (u.text, u.offset_from + from, u.offset_to + from)),
                );
                from = to;
            }
            let whole: Vec<_> = analyzer
                .units(&text)
                .into_iter()
                .map(|u| (u.text, u.offset_from, u.offset_to))
                .collect();
            assert_eq!(blocks, whole);
        }
    }

    #[test]
    fn snippets_equal_those_of_the_whole_text() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let docs = documents();
        let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
        let spans = crate::recall::draw_spans(&texts, 300, 7, &analyzer);
        let mut early = 0;
        let mut recent = RecentTexts::default();
        for (i, span) in spans.iter().enumerate() {
            // The span alone, the span with a word from elsewhere, a word that is not there.
            let other = &spans[(i + 1) % spans.len()].text;
            for query in [
                span.text.clone(),
                format!("{} {other}", span.text),
                format!("{} ฆฆฆฌ", span.text),
            ] {
                let needles = needles(&parse(&query), &analyzer);
                let text = texts[span.doc];
                let got = snippet(text, &needles, &analyzer);
                let whole = whole_text_snippet(text, &needles, &analyzer);
                assert_eq!(got, whole, "{query:?} in document {}", span.doc);
                // Again from what earlier queries left analyzed of the same document.
                let mut kept = recent.take(&span.doc);
                let again = snippet_with(text, &needles, &analyzer, &mut kept);
                recent.put(span.doc, kept);
                assert_eq!(again, whole, "{query:?} in document {}, kept", span.doc);
                early += usize::from(
                    find_matches(text, &needles, &analyzer, &mut Analyzed::default())
                        .last()
                        .is_some_and(|m| m.1 + BLOCK_BYTES < text.len()),
                );
            }
        }
        assert!(
            early > 100,
            "the blocks must stop early in most documents: {early}"
        );
    }
}
