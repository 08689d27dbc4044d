//! Thai Character Clusters (TCC): the smallest pieces Thai text can be cut into without
//! separating a consonant from its vowels and marks (Theeramunkong et al. 2000).
//!
//! This reproduces PyThaiNLP's `pythainlp/tokenize/tcc.py` (5.4.0, Apache-2.0; grammar by
//! Wittawat Jitkrittum, code by Korakot Chaovavanich): a list of patterns tried in order at the
//! current position, the first that matches wins (Python `re` alternation, leftmost-first, with
//! backtracking inside a pattern); if none matches, the cluster is one character. Then the scan
//! moves on from the end of the cluster.
//!
//! The patterns are kept in PyThaiNLP's own notation: `c` is a consonant ก–ฮ, `t` an optional
//! tone mark, `k` an optional silent final `(c c? [ุ ู ิ]? ์)?`. One deliberate deviation:
//! PyThaiNLP writes the lower vowels of `k` as `[d|ิ]`, where the `|` is a literal pipe inside a
//! character class (a slip); here the class is `[ุูิ]`.
//!
//! How it runs: the patterns only have optional parts (no alternation, no repetition), so each
//! expands into a fixed list of plain character-class sequences, in the order Python's
//! backtracking would try them (an optional part taken before left out); with the patterns in
//! priority order this gives 244 *alternatives*, and the cluster is the first alternative that
//! matches. They are matched all at once, bit-parallel: for each offset j from the current
//! position and each character, a precomputed bit set says which alternatives accept that
//! character there; AND-ing the sets for the next characters leaves the matching alternatives,
//! and the lowest bit is the winner. That is ~40 word operations a cluster, with no regex engine
//! in the wasm. A straightforward backtracking matcher (test-only) checks it.
//!
//! Properties the index relies on (tested on the sample texts):
//! - **suffix**: a cluster depends only on the text from its start onwards, so cutting a text
//!   at a cluster boundary and clustering the rest gives the same clusters;
//! - **prefix**: clustering text cut *after* a cluster boundary gives the same clusters too,
//!   except in one pattern: `เccีtย(?=[เ-ไก-ฮ]|$)k` accepts the end of the text where the full
//!   text has no consonant next. So เ + 2 consonants + ี + (tone) + ย cut right before a
//!   character that is neither a consonant nor เ–ไ (a digit, punctuation, Latin, ๆ) clusters as
//!   one unit, whereas in the full text it splits (เก|รี|ย). Whitespace does not trigger it, as
//!   units are clustered with whitespace removed. (`เc[ิีุู]tย(?=…)k` has the same lookahead,
//!   but where it fails `เcีtยะ?k` or `เctา?ะ?k` produce the same ending, so it is harmless.)

/// PyThaiNLP's `_RE_TCC`, in order. Priority matters: earlier patterns win.
const PATTERNS: [&str; 30] = [
    "c[ั]([่-๋]c)?",
    "c[ั]([่-๋]c)?k",
    "เc็ck",
    "เcctาะk",
    "เccีtยะk",
    "เccีtย(?=[เ-ไก-ฮ]|$)k",
    "เc[ิีุู]tย(?=[เ-ไก-ฮ]|$)k",
    "เcc็ck",
    "เcิc์ck",
    "เcิtck",
    "เcีtยะ?k",
    "เcืtอะk",
    "เcื",
    "เctา?ะ?k",
    "c[ึื]tck",
    "c[ะ-ู]tk",
    "c[ิุู]์",
    "cรรc์",
    "c็",
    "ct[ะาำ]?k",
    "แc็ck",
    "แcc์k",
    "แctะk",
    "แcc็ck",
    "แccc์k",
    "โctะk",
    "[เ-ไ]ctk",
    "ก็",
    "อึ",
    "หึ",
];

/// A set of characters of the Thai block U+0E00–U+0E7F, one bit each (all the patterns need).
type Class = u128;

/// The class of the characters in the ranges.
fn class_of(ranges: &[(char, char)]) -> Class {
    let mut class = 0;
    for &(lo, hi) in ranges {
        for c in lo..=hi {
            if let Some(bit) = thai_offset(c) {
                class |= 1u128 << bit;
            }
        }
    }
    class
}

/// Offset of `c` in the Thai block, if it is in it.
fn thai_offset(c: char) -> Option<u32> {
    (c as u32).checked_sub(0x0E00).filter(|&o| o < 0x80)
}

fn consonant() -> Class {
    class_of(&[('ก', 'ฮ')])
}

/// A pattern, parsed.
#[derive(Debug, Clone)]
enum Item {
    /// One character from the class.
    Char(Class),
    /// The items, or nothing (greedy: the items are tried first).
    Opt(Vec<Item>),
    /// The next character is in the class, or this is the end of the text; consumes nothing.
    LookAhead(Class),
}

/// `k`: an optional silent final consonant cluster with ์ THANTHAKHAT (การันต์).
fn silent_final() -> Item {
    Item::Opt(vec![
        Item::Char(consonant()),
        Item::Opt(vec![Item::Char(consonant())]),
        Item::Opt(vec![Item::Char(class_of(&[
            ('\u{0E38}', '\u{0E39}'),
            ('\u{0E34}', '\u{0E34}'),
        ]))]),
        Item::Char(class_of(&[('\u{0E4C}', '\u{0E4C}')])),
    ])
}

/// Parses PyThaiNLP's notation (see the module doc). The input is a constant of this module;
/// every group in it is followed by `?`, and the only lookahead is `(?=[…]|$)`.
fn parse(src: &[char], pos: &mut usize) -> Vec<Item> {
    let mut items = Vec::new();
    while *pos < src.len() {
        let ch = src[*pos];
        *pos += 1;
        let item = match ch {
            'c' => Item::Char(consonant()),
            't' => Item::Opt(vec![Item::Char(class_of(&[('\u{0E48}', '\u{0E4B}')]))]),
            'k' => silent_final(),
            '[' => Item::Char(parse_class(src, pos)),
            '(' if src.get(*pos..*pos + 2) == Some(&['?', '=']) => {
                *pos += 3; // "?=["
                let class = parse_class(src, pos);
                *pos += 3; // "|$)"
                Item::LookAhead(class)
            }
            '(' => Item::Opt(parse(src, pos)), // made optional by the `?` that follows
            ')' => return items,
            '?' => {
                if let Some(prev) = items.pop() {
                    items.push(match prev {
                        Item::Opt(inner) => Item::Opt(inner),
                        other => Item::Opt(vec![other]),
                    });
                }
                continue;
            }
            literal => Item::Char(class_of(&[(literal, literal)])),
        };
        items.push(item);
    }
    items
}

/// Parses a class body after `[` up to and including `]`.
fn parse_class(src: &[char], pos: &mut usize) -> Class {
    let mut ranges = Vec::new();
    while *pos < src.len() && src[*pos] != ']' {
        let lo = src[*pos];
        if src.get(*pos + 1) == Some(&'-') && src.get(*pos + 2).is_some_and(|&c| c != ']') {
            ranges.push((lo, src[*pos + 2]));
            *pos += 3;
        } else {
            ranges.push((lo, lo));
            *pos += 1;
        }
    }
    *pos += 1; // ']'
    class_of(&ranges)
}

fn parsed_patterns() -> Vec<Vec<Item>> {
    PATTERNS
        .iter()
        .map(|p| parse(&p.chars().collect::<Vec<_>>(), &mut 0))
        .collect()
}

/// One alternative: what the character at each offset must be, and how many it consumes.
struct Alternative {
    /// Per offset: allowed characters, and whether the end of the text is allowed there.
    slots: Vec<(Class, bool)>,
    consumed: usize,
}

/// Expands `items` into plain sequences in Python's backtracking order (depth first, an
/// optional part taken before left out). `prefix` holds the items fixed so far.
fn expand(items: &[Item], prefix: &mut Vec<Item>, out: &mut Vec<Vec<Item>>) {
    let Some((first, rest)) = items.split_first() else {
        out.push(prefix.clone());
        return;
    };
    match first {
        Item::Opt(inner) => {
            let with: Vec<Item> = inner.iter().chain(rest).cloned().collect();
            expand(&with, prefix, out);
            expand(rest, prefix, out);
        }
        plain => {
            prefix.push(plain.clone());
            expand(rest, prefix, out);
            prefix.pop();
        }
    }
}

/// Turns a plain sequence into per-offset constraints: a lookahead constrains the offset of
/// the next character (or allows the end of the text, if nothing follows).
fn alternative(seq: &[Item]) -> Alternative {
    let mut slots = Vec::new();
    let mut pending: Option<Class> = None;
    for item in seq {
        match item {
            Item::Char(class) => slots.push((class & pending.take().unwrap_or(Class::MAX), false)),
            Item::LookAhead(class) => pending = Some(pending.unwrap_or(Class::MAX) & class),
            Item::Opt(_) => {} // expanded away
        }
    }
    let consumed = slots.len();
    if let Some(class) = pending {
        slots.push((class, true));
    }
    Alternative { slots, consumed }
}

/// Bit-set words per offset: 244 alternatives fit in 4 × 64 bits.
const WORDS: usize = 4;
type Set = [u64; WORDS];
/// Character categories: 0–127 the Thai block, then any other character, then end of text.
const OTHER: usize = 128;
const END: usize = 129;
const CATEGORIES: usize = 130;

fn category(c: Option<&char>) -> usize {
    match c {
        None => END,
        Some(&c) => thai_offset(c).map_or(OTHER, |o| o as usize),
    }
}

/// The compiled patterns (see the module doc for how they run).
pub struct Tcc {
    /// `accept[j][category]`: the alternatives that accept that category at offset j (an
    /// alternative shorter than j accepts anything there).
    accept: Vec<[Set; CATEGORIES]>,
    /// Per alternative: number of offsets it constrains, and characters it consumes.
    slots: Vec<usize>,
    consumed: Vec<usize>,
    all: Set,
}

impl Tcc {
    pub fn new() -> Tcc {
        let mut alternatives = Vec::new();
        for items in parsed_patterns() {
            let mut seqs = Vec::new();
            expand(&items, &mut Vec::new(), &mut seqs);
            alternatives.extend(seqs.iter().map(|s| alternative(s)));
        }
        // A constant of this module: more alternatives than bits is a programming error.
        assert!(
            alternatives.len() <= WORDS * 64,
            "{} TCC alternatives",
            alternatives.len()
        );
        let width = alternatives
            .iter()
            .map(|a| a.slots.len())
            .max()
            .unwrap_or(0);
        let mut accept = vec![[[0u64; WORDS]; CATEGORIES]; width];
        let mut all = [0u64; WORDS];
        for (k, alt) in alternatives.iter().enumerate() {
            let (word, bit) = (k / 64, 1u64 << (k % 64));
            all[word] |= bit;
            for (j, sets) in accept.iter_mut().enumerate() {
                for (cat, set) in sets.iter_mut().enumerate() {
                    let ok = match alt.slots.get(j) {
                        None => true,
                        Some(&(class, end_ok)) => match cat {
                            END => end_ok,
                            OTHER => false,
                            thai => class & (1u128 << thai) != 0,
                        },
                    };
                    if ok {
                        set[word] |= bit;
                    }
                }
            }
        }
        Tcc {
            accept,
            slots: alternatives.iter().map(|a| a.slots.len()).collect(),
            consumed: alternatives.iter().map(|a| a.consumed).collect(),
            all,
        }
    }

    /// Length in characters of the cluster starting at `pos` (1 if no pattern matches; 0 only
    /// at the end of the text).
    pub fn cluster_len(&self, text: &[char], pos: usize) -> usize {
        let Some(&c) = text.get(pos) else { return 0 };
        if !('\u{0E01}'..='\u{0E4E}').contains(&c) {
            return 1; // every pattern starts with a Thai letter or leading vowel
        }
        let mut alive = self.all;
        for (j, sets) in self.accept.iter().enumerate() {
            let set = &sets[category(text.get(pos + j))];
            let mut any = 0;
            for w in 0..WORDS {
                alive[w] &= set[w];
                any |= alive[w];
            }
            if any == 0 {
                return 1;
            }
            // The lowest alternative still alive wins once all its offsets are checked.
            let first = lowest(&alive);
            if self.slots[first] <= j + 1 {
                return self.consumed[first].max(1);
            }
        }
        self.consumed[lowest(&alive)].max(1)
    }

    /// Cluster boundaries of `text`: the start index of every cluster, in order (nothing for
    /// empty text). Appends to `out`.
    pub fn cluster_starts(&self, text: &[char], out: &mut Vec<usize>) {
        let mut pos = 0;
        while pos < text.len() {
            out.push(pos);
            pos += self.cluster_len(text, pos).max(1);
        }
    }
}

/// Index of the lowest set bit (the set is not empty).
fn lowest(set: &Set) -> usize {
    set.iter()
        .enumerate()
        .find(|(_, &w)| w != 0)
        .map_or(0, |(i, w)| i * 64 + w.trailing_zeros() as usize)
}

impl Default for Tcc {
    fn default() -> Self {
        Tcc::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn clusters(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut starts = Vec::new();
        Tcc::new().cluster_starts(&chars, &mut starts);
        starts.push(chars.len());
        starts
            .windows(2)
            .map(|w| chars[w[0]..w[1]].iter().collect())
            .collect()
    }

    /// PyThaiNLP 5.4.0 tests/core/test_tokenize.py `test_tcc`, plus outputs of its `tcc.segment`
    /// recorded for patterns those tests don't reach.
    #[test]
    fn pythainlp_cases() {
        let cases: &[(&str, &str)] = &[
            ("ประเทศไทย", "ป|ระ|เท|ศ|ไท|ย"),
            ("พิสูจน์ได้ค่ะ", "พิ|สูจน์|ได้|ค่ะ"),
            ("หอมรดกไทย", "ห|อ|ม|ร|ด|ก|ไท|ย"),
            ("เรือน้อยลอยอยู่", "เรื|อ|น้|อ|ย|ล|อ|ย|อ|ยู่"),
            ("ประสานงานกับลูกค้า", "ป|ระ|สา|น|งา|น|กั|บ|ลู|ก|ค้า"),
            ("ประกันภัยสัมพันธ์", "ป|ระ|กั|น|ภั|ย|สั|ม|พั|นธ์"),
            ("ตากลม", "ตา|ก|ล|ม"),
            ("เครื่องมือสื่อสารมีหลายชนิด", "เค|รื่อ|ง|มือ|สื่อ|สา|ร|มี|ห|ลา|ย|ช|นิ|ด"),
            ("ข้อมูล", "ข้|อ|มู|ล"),
            ("เผยแพร่ข้อมูล", "เผ|ย|แพ|ร่|ข้|อ|มู|ล"),
            ("เปลี่ยน", "เปลี่ย|น"),
            ("เปลี่ย", "เปลี่ย"),
            ("แม่น้ำ", "แม่|น้ำ"),
            ("ก็ได้", "ก็|ได้"),
            ("ab1", "a|b|1"),
        ];
        for (text, expected) in cases {
            assert_eq!(clusters(text).join("|"), *expected, "{text}");
        }
    }

    fn in_class(class: Class, c: char) -> bool {
        thai_offset(c).is_some_and(|bit| class & (1u128 << bit) != 0)
    }

    /// The rest of a pattern to match after the current item list (backtracking out of `Opt`).
    struct Cont<'a> {
        items: &'a [Item],
        next: Option<&'a Cont<'a>>,
    }

    /// Reference matcher: backtracking as Python's `re` does it; end of the first successful
    /// path (an optional part taken before left out).
    fn match_items(
        items: &[Item],
        cont: Option<&Cont<'_>>,
        text: &[char],
        pos: usize,
    ) -> Option<usize> {
        let Some((item, rest)) = items.split_first() else {
            return match cont {
                Some(c) => match_items(c.items, c.next, text, pos),
                None => Some(pos),
            };
        };
        match item {
            Item::Char(class) => match text.get(pos) {
                Some(&c) if in_class(*class, c) => match_items(rest, cont, text, pos + 1),
                _ => None,
            },
            Item::LookAhead(class) => match text.get(pos) {
                Some(&c) if !in_class(*class, c) => None,
                _ => match_items(rest, cont, text, pos),
            },
            Item::Opt(inner) => {
                let after = Cont {
                    items: rest,
                    next: cont,
                };
                match_items(inner, Some(&after), text, pos)
                    .or_else(|| match_items(rest, cont, text, pos))
            }
        }
    }

    fn reference_len(patterns: &[Vec<Item>], text: &[char], pos: usize) -> usize {
        patterns
            .iter()
            .find_map(|p| match_items(p, None, text, pos))
            .map_or(1, |end| (end - pos).max(1))
    }

    #[test]
    fn bit_parallel_matcher_equals_backtracking() {
        let tcc = Tcc::new();
        assert_eq!(tcc.consumed.len(), 244);
        let patterns = parsed_patterns();
        // Random strings over consonants (incl. ร ย อ ว), leading vowels, all vowels and marks,
        // and a few others; a fixed-seed xorshift makes it reproducible.
        let alphabet: Vec<char> = "กขคงรยอวนมเแโใไะัาำิีึืฺุู็่้๊๋์ํๆ.a ".chars().collect();
        let mut state = 0x7463_6321_u64;
        let mut checked = 0;
        for _ in 0..20_000 {
            let text: Vec<char> = (0..14)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            for pos in 0..text.len() {
                let got = tcc.cluster_len(&text, pos);
                let want = reference_len(&patterns, &text, pos);
                assert_eq!(got, want, "{:?} at {pos}", text.iter().collect::<String>());
                checked += 1;
            }
        }
        assert_eq!(checked, 280_000);
    }

    #[test]
    fn empty_and_lone_marks() {
        assert!(clusters("").is_empty());
        assert_eq!(clusters("\u{0E48}ก"), vec!["\u{0E48}", "ก"]);
    }
}
