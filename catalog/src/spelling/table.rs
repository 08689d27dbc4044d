//! The archive's other spellings: the slips its build found in its own documents
//! ([`super::Miner`]), each beside the word it misspells, kept in the archive
//! (crate::archive::SPELLINGS_FILE) so that every engine reads the same table.
//!
//! A reader who types ศีรษะ is offered ศรีษะ, the spelling 29 documents of the 17k corpus use
//! instead; one who types the slip is offered the word. Taking the offer adds the other
//! spelling to the query (crate::query::ParsedQuery::spellings); the typed spelling's results
//! never change without it.

use std::collections::BTreeMap;

use super::variants::Variant;

/// One spelling in place of another, in a query.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Respelling {
    /// What the query holds (ศีรษะ).
    pub typed: String,
    /// The archive's other spelling of it (ศรีษะ).
    pub other: String,
}

/// The table: each slip once, with its word and both document counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spellings {
    pairs: Vec<Variant>,
}

impl Spellings {
    pub fn new(mut pairs: Vec<Variant>) -> Spellings {
        pairs.sort_by(|a, b| a.slip.cmp(&b.slip));
        pairs.dedup_by(|a, b| a.slip == b.slip);
        Spellings { pairs }
    }

    /// The table of its text (`slip<TAB>word<TAB>slip's documents<TAB>word's documents` a
    /// line); a line that is not so is skipped.
    pub fn parse(text: &str) -> Spellings {
        let pairs = text
            .lines()
            .filter_map(|line| {
                let mut f = line.split('\t');
                let (slip, word) = (f.next()?, f.next()?);
                let (slip_docs, word_docs) = (f.next()?.parse().ok()?, f.next()?.parse().ok()?);
                let distance = super::distance(slip, word);
                Some(Variant {
                    word: word.to_string(),
                    slip: slip.to_string(),
                    word_docs,
                    slip_docs,
                    distance,
                })
            })
            .collect();
        Spellings::new(pairs)
    }

    /// The table's text, as [`Spellings::parse`] reads it.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for v in &self.pairs {
            let line = format!("{}\t{}\t{}\t{}\n", v.slip, v.word, v.slip_docs, v.word_docs);
            text.push_str(&line);
        }
        text
    }

    /// One table of several archives' (`khlang merge`): a slip one archive holds is a slip of
    /// the merged archive too, its documents added up. A slip another archive's table pairs with
    /// a different word keeps the pair with more documents.
    pub fn merged(tables: impl IntoIterator<Item = Spellings>) -> Spellings {
        let mut by_slip: BTreeMap<String, Variant> = BTreeMap::new();
        for table in tables {
            for v in table.pairs {
                match by_slip.get_mut(&v.slip) {
                    Some(have) if have.word == v.word => {
                        have.slip_docs += v.slip_docs;
                        have.word_docs += v.word_docs;
                    }
                    Some(have) if have.word_docs < v.word_docs => *have = v,
                    Some(_) => {}
                    None => {
                        by_slip.insert(v.slip.clone(), v);
                    }
                }
            }
        }
        Spellings::new(by_slip.into_values().collect())
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// The pairs, by slip.
    pub fn pairs(&self) -> &[Variant] {
        &self.pairs
    }

    /// The word `slip` misspells, if the table holds it.
    pub fn word_of(&self, slip: &str) -> Option<&Variant> {
        self.pairs
            .binary_search_by(|v| v.slip.as_str().cmp(slip))
            .ok()
            .map(|at| &self.pairs[at])
    }

    /// The other spellings of what `text` (normalized) holds: for each pair whose word or slip
    /// stands in it, that form and the other, each once, the slips in most documents first.
    pub fn in_text(&self, text: &str) -> Vec<Respelling> {
        let mut found: Vec<(u32, Respelling)> = Vec::new();
        for v in &self.pairs {
            let (typed, other) = if text.contains(v.word.as_str()) {
                (&v.word, &v.slip)
            } else if text.contains(v.slip.as_str()) {
                (&v.slip, &v.word)
            } else {
                continue;
            };
            let respelling = Respelling {
                typed: typed.clone(),
                other: other.clone(),
            };
            if !found.iter().any(|(_, r)| *r == respelling) {
                found.push((v.slip_docs, respelling));
            }
        }
        found.sort_by_key(|(docs, _)| std::cmp::Reverse(*docs));
        found.into_iter().map(|(_, r)| r).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Spellings {
        Spellings::parse("ศรีษะ\tศีรษะ\t29\t82\nปฎิบัติ\tปฏิบัติ\t174\t9000\nnot a line\n")
    }

    #[test]
    fn the_text_is_read_back_as_written() {
        let t = table();
        assert_eq!(t.len(), 2);
        assert_eq!(Spellings::parse(&t.text()), t);
        assert_eq!(t.word_of("ศรีษะ").map(|v| v.word.as_str()), Some("ศีรษะ"));
        assert_eq!(t.word_of("ศีรษะ"), None);
    }

    #[test]
    fn a_query_holding_either_spelling_is_offered_the_other() {
        let cases: [(&str, &[(&str, &str)]); 5] = [
            ("ปวดศีรษะ", &[("ศีรษะ", "ศรีษะ")]),
            ("ศรีษะ", &[("ศรีษะ", "ศีรษะ")]),
            ("การปฏิบัติงาน ศีรษะ", &[("ปฏิบัติ", "ปฎิบัติ"), ("ศีรษะ", "ศรีษะ")]),
            ("ศีร", &[]),
            ("ไข่ไก่", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, String)> = table()
                .in_text(text)
                .into_iter()
                .map(|r| (r.typed, r.other))
                .collect();
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn merged_tables_add_up_the_same_pair() {
        let a = Spellings::parse("ศรีษะ\tศีรษะ\t2\t5\n");
        let b = Spellings::parse("ศรีษะ\tศีรษะ\t3\t4\nกฏหมาย\tกฎหมาย\t1\t9\n");
        let m = Spellings::merged([a, b]);
        assert_eq!(m.text(), "กฏหมาย\tกฎหมาย\t1\t9\nศรีษะ\tศีรษะ\t5\t9\n");
    }
}
