//! Word segmentation: dictionary maximal matching on TCC boundaries (as PyThaiNLP's newmm).
//!
//! The normalized text is split into runs:
//! - **Thai word runs** (Thai letters, vowels, marks, ฯ, and `.`) are segmented with the
//!   dictionary, cutting only at cluster boundaries ([`super::tcc`]): among all segmentations,
//!   the one with the fewest characters outside dictionary words, then the fewest words, then
//!   the most frequent words (largest sum of frequency classes ≈ log-frequencies, a unigram
//!   model: การ|เผยแพร่ *the act of | publishing* rather than
//!   การเผย|แพร่), then the longest first word. A backward
//!   dynamic programme over boundaries, so the choice is global rather than greedy. A stretch that no dictionary word covers becomes one token
//!   reaching to the next boundary where a dictionary word can start (newmm's rule, including
//!   its detail that bare 1–2-consonant words don't count as a restart) or to the next `.`;
//!   a `.` not inside a dictionary abbreviation (อบต. *SAO*, พ.ศ. *B.E.*) separates and makes no token;
//! - **other letters and digits** (Latin, numbers, other scripts): each maximal run is one token
//!   (`covid-19` → `covid`, `19`);
//! - everything else (whitespace, punctuation, symbols, ๆ *repetition mark*) separates and makes no token.

use super::dictionary::Dictionary;
use super::keys::{is_consonant_key, is_word_run_char, key_byte};
use super::normalize::NormChar;
use super::{span_of, Token};

/// How the best segmentation leaves a boundary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Word,
    Unknown,
    /// A `.` outside any dictionary word: no token.
    Skip,
}

/// Reusable buffers for one call.
#[derive(Default)]
pub struct Segmenter {
    keys: Vec<u8>,
    cut: Vec<bool>,
    unknown: Vec<u32>,
    words: Vec<u32>,
    rarity: Vec<u32>,
    next: Vec<usize>,
    step: Vec<Step>,
    ends: Vec<(usize, u32)>,
}

/// Rarity of a word: the complement of its frequency class, so smaller sums mean more frequent
/// words. An unknown stretch counts as the rarest word.
const MAX_RARITY: u32 = 32;

fn rarity(class: u64) -> u32 {
    MAX_RARITY - u32::try_from(class.min(u64::from(MAX_RARITY))).unwrap_or(MAX_RARITY)
}

impl Segmenter {
    /// Word tokens of `norm` appended to `out`. `cluster_start[i]` says whether a cluster starts
    /// at `norm[i]` (the end of the text and the edges of runs are always boundaries).
    pub fn words(
        &mut self,
        dict: &Dictionary,
        norm: &[NormChar],
        cluster_start: &[bool],
        out: &mut Vec<Token>,
    ) {
        let mut i = 0;
        while i < norm.len() {
            let c = norm[i].c;
            let start = i;
            if is_word_run_char(c) {
                while i < norm.len() && is_word_run_char(norm[i].c) {
                    i += 1;
                }
                self.thai_run(dict, &norm[start..i], &cluster_start[start..i], out);
            } else if is_other_word_char(c) {
                while i < norm.len() && is_other_word_char(norm[i].c) {
                    i += 1;
                }
                push_token(&norm[start..i], out);
            } else {
                i += 1;
            }
        }
    }

    fn thai_run(
        &mut self,
        dict: &Dictionary,
        run: &[NormChar],
        cluster_start: &[bool],
        out: &mut Vec<Token>,
    ) {
        let n = run.len();
        self.keys.clear();
        self.keys
            .extend(run.iter().map(|m| key_byte(m.c).unwrap_or(0)));
        self.cut.clear();
        self.cut
            .extend((0..=n).map(|i| i == 0 || i == n || cluster_start[i]));
        for v in [&mut self.unknown, &mut self.words, &mut self.rarity] {
            v.clear();
            v.resize(n + 1, 0);
        }
        self.next.clear();
        self.next.resize(n + 1, n);
        self.step.clear();
        self.step.resize(n + 1, Step::Skip);

        // Backward: best (unknown chars, words, rarity) from each boundary to the end of the run.
        let mut next_restart = n; // nearest boundary after i where a real word starts
        let mut next_dot = n; // nearest `.` after i
        for i in (0..n).rev() {
            if !self.cut[i] {
                continue;
            }
            let mut best: Option<((u32, u32, u32), usize, Step)> = None;
            let mut consider = |cost: (u32, u32, u32), to: usize, step: Step| {
                if best.is_none_or(|(b, _, _)| cost < b) {
                    best = Some((cost, to, step));
                }
            };
            self.ends.clear();
            let (cut, ends) = (&self.cut, &mut self.ends);
            dict.prefixes(&self.keys[i..], &mut |len, class| {
                if cut[i + len] {
                    ends.push((i + len, rarity(class)));
                }
            });
            // Longest first (wins remaining ties); of a word in both sources, the commoner.
            self.ends
                .sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.ends.dedup_by_key(|e| e.0);
            for &(e, r) in &self.ends {
                consider(
                    (
                        self.unknown[e],
                        self.words[e].saturating_add(1),
                        self.rarity[e].saturating_add(r),
                    ),
                    e,
                    Step::Word,
                );
            }
            let is_dot = self.keys[i] == b'.';
            if is_dot {
                consider(
                    (self.unknown[i + 1], self.words[i + 1], self.rarity[i + 1]),
                    i + 1,
                    Step::Skip,
                );
            } else {
                let u = next_restart.min(next_dot);
                let len = u32::try_from(u - i).unwrap_or(u32::MAX);
                let cost = (
                    self.unknown[u].saturating_add(len),
                    self.words[u].saturating_add(1),
                    self.rarity[u].saturating_add(MAX_RARITY),
                );
                consider(cost, u, Step::Unknown);
            }
            if let Some(((unknown, words, rarity), to, step)) = best {
                self.unknown[i] = unknown;
                self.words[i] = words;
                self.rarity[i] = rarity;
                self.next[i] = to;
                self.step[i] = step;
            }
            if is_dot {
                next_dot = i;
            }
            let keys = &self.keys;
            if self
                .ends
                .iter()
                .any(|&(e, _)| e - i > 2 || keys[i..e].iter().any(|&b| !is_consonant_key(b)))
            {
                next_restart = i;
            }
        }

        // Forward: emit the chosen steps.
        let mut i = 0;
        while i < n {
            let to = self.next[i].clamp(i + 1, n);
            if self.step[i] != Step::Skip {
                push_token(&run[i..to], out);
            }
            i = to;
        }
    }
}

/// Letters and digits outside Thai (Latin, numbers, other scripts), one token per run.
fn is_other_word_char(c: char) -> bool {
    c.is_alphanumeric() && !('\u{0E00}'..='\u{0E7F}').contains(&c)
}

fn push_token(chars: &[NormChar], out: &mut Vec<Token>) {
    let (offset_from, offset_to) = span_of(chars);
    // Sized to the bytes at once: collected from the chars, a Thai word grew by reallocation.
    let mut text = String::with_capacity(chars.iter().map(|m| m.c.len_utf8()).sum());
    text.extend(chars.iter().map(|m| m.c));
    out.push(Token {
        text,
        offset_from,
        offset_to,
        position: out.len(),
    });
}
