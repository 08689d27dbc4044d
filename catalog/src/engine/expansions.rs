//! How many terms a prefix would expand to, counted with two seeks per segment: tantivy's
//! phrase-prefix scorer reserves room for that many postings up front, so the bound must be
//! exact and cheap (see crate::query::Expansions).

use tantivy::schema::Term;
use tantivy::termdict::TermDictionary;
use tantivy::Searcher;

/// How many terms start with `prefix` in the segment that has the most: a prefix query's
/// exact expansion bound (see [`crate::query::Expansions`]). Term ordinals are dense and
/// sorted, so the count is the distance between the first ordinal at or after the prefix and
/// the first after every term it starts: two seeks per segment, not a walk over (and a
/// decoding of) every such term, thousands for a short prefix.
pub(super) fn expansions(searcher: &Searcher, prefix: &Term) -> u32 {
    let bytes = prefix.serialized_value_bytes();
    let end = prefix_end(bytes);
    let mut most = 0u64;
    for segment in searcher.segment_readers() {
        // A field that cannot be read fails the search itself right after; 0 here only
        // means this bound adds no error of its own.
        let Ok(index) = segment.inverted_index(prefix.field()) else {
            continue;
        };
        let terms = index.terms();
        let Some(first) = first_ord_from(terms, bytes) else {
            continue;
        };
        let all = terms.num_terms() as u64;
        let stop = end
            .as_deref()
            .map_or(Some(all), |end| first_ord_from(terms, end))
            .unwrap_or(all);
        most = most.max(stop.saturating_sub(first));
    }
    u32::try_from(most).unwrap_or(u32::MAX)
}

/// The ordinal of the first term at or after `key`, if there is one.
fn first_ord_from(terms: &TermDictionary, key: &[u8]) -> Option<u64> {
    let mut stream = terms.range().ge(key).into_stream().ok()?;
    stream.advance().then(|| stream.term_ord())
}

/// The smallest key after every key that starts with `prefix`; `None` when there is none
/// (the prefix is empty or all 0xFF bytes).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn prefix_end_is_the_first_key_past_the_prefix() {
        let cases: [(&[u8], Option<&[u8]>); 5] = [
            (b"", None),
            (b"a", Some(b"b")),
            (b"a\xff", Some(b"b")),
            (b"\xff\xff", None),
            ("ก".as_bytes(), Some(b"\xe0\xb8\x82")),
        ];
        for (prefix, want) in cases {
            assert_eq!(prefix_end(prefix).as_deref(), want, "{prefix:?}");
        }
    }
}
