//! Normalization: the same canonical text at index and at query time, with a map back to the
//! original bytes.
//!
//! Every normalized character carries the byte span of the original characters it came from, so
//! tokens made from normalized text can point into the original text (for snippets).
//!
//! Steps, in order (each explained where it is done):
//! 1. per character: drop invisible characters (zero-width, bidi controls, soft hyphen, BOM); map
//!    PDF-extraction PUA glyphs to Thai marks ([`super::pua`]); Thai digits ๐–๙ → 0–9; full-width
//!    ASCII → ASCII; lowercase;
//! 2. NFC (never NFKC: it decomposes ำ SARA AM into ํ + า) for stretches of text outside ASCII and
//!    Thai, then Latin letters lose their diacritics (é → e). Thai has no canonical compositions;
//!    the one reordering NFC does in Thai (lower vowel before tone mark) is part of step 3;
//! 3. Thai spelling variants that look identical on screen are made one:
//!    - ํ NIKHAHIT followed (after any marks) by า SARA AA → ำ SARA AM;
//!    - each run of combining marks after a base letter in the canonical order
//!      PHINTHU < lower vowel (ุ ู) < upper vowel (ั ิ ี ึ ื ็) < tone mark (่ ้ ๊ ๋) < ์ ํ ๎, and a
//!      tone mark typed after ำ moves before it (น + ำ + ้ → น้ำ, the usual encoding);
//!    - the same mark twice in a run once (ก่่ → ก่);
//!    - เเ (two SARA E) → แ SARA AE.
//!
//! Nothing is ever dropped from Thai text: tone marks and vowels stay (ไม้ *wood* and ไม่ *not*
//! are different words). The whole function is idempotent (tested).

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use thai::{is_tone_mark, mark_rank, pua_to_thai};

use thai::is_mark as is_thai_mark;

/// One normalized character and the byte range `from..to` of the original text it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormChar {
    pub c: char,
    pub from: usize,
    pub to: usize,
}

const NIKHAHIT: char = '\u{0E4D}';
const SARA_AA: char = '\u{0E32}';
const SARA_AM: char = '\u{0E33}';
const SARA_E: char = '\u{0E40}';
const SARA_AE: char = '\u{0E41}';

/// The normalized form of `text` as a string (what [`super::Analyzer::normalize`] returns).
pub fn normalize_str(text: &str) -> String {
    let mut chars = Vec::with_capacity(text.len());
    normalize_into(text, &mut chars);
    chars.iter().map(|n| n.c).collect()
}

/// Normalizes `text` into `out` (cleared first), keeping each character's original byte span.
pub fn normalize_into(text: &str, out: &mut Vec<NormChar>) {
    out.clear();
    let mut needs_nfc = false;
    for (from, c) in text.char_indices() {
        let to = from + c.len_utf8();
        needs_nfc |= map_char(c, &mut |m| out.push(NormChar { c: m, from, to }));
    }
    if needs_nfc {
        nfc_and_fold_latin(out);
    }
    compose_thai(out);
    reorder_thai_marks(out);
}

/// Step 1 for one character: calls `push` for each output character. Returns true when the
/// character is outside ASCII and Thai, so the NFC pass is needed.
fn map_char(c: char, push: &mut impl FnMut(char)) -> bool {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return false;
    }
    if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
        match c {
            // Thai digits ๐–๙ → 0–9: documents mix both, people type either.
            '\u{0E50}'..='\u{0E59}' => push(thai::to_arabic_digit(c)),
            _ => push(c),
        }
        return false;
    }
    if is_invisible(c) {
        return false;
    }
    if let Some(thai) = pua_to_thai(c) {
        push(thai);
        return false;
    }
    match c {
        // Full-width ASCII (U+FF01–U+FF5E) → ASCII.
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            push(ascii.to_ascii_lowercase());
            false
        }
        '\u{3000}' => {
            push(' ');
            false
        }
        _ => {
            c.to_lowercase().for_each(&mut *push);
            true
        }
    }
}

/// Characters that have no visible form and only split what a reader sees as one word:
/// zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings, word joiner and invisible
/// operators, BOM / zero-width no-break space, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}')
}

/// Step 2: NFC over each stretch that starts at a stable starter, then Latin diacritics off.
///
/// ASCII and Thai characters are treated as stable boundaries (Thai ordering is step 3's job),
/// so text that is all ASCII and Thai never gets here. All characters coming out of one
/// stretch get the span of the whole stretch.
fn nfc_and_fold_latin(chars: &mut Vec<NormChar>) {
    let src = std::mem::take(chars);
    let mut seg = String::new();
    let mut composed: Vec<char> = Vec::new();
    let mut start = 0;
    while start < src.len() {
        let mut end = start + 1;
        while end < src.len() && !is_stable_starter(src[end].c) {
            end += 1;
        }
        let (from, to) = (src[start].from, src[end - 1].to);
        if end - start == 1 && is_fast(src[start].c) {
            chars.push(src[start]);
        } else {
            seg.clear();
            seg.extend(src[start..end].iter().map(|n| n.c));
            composed.clear();
            composed.extend(seg.nfc());
            let mut base = None;
            if let Some(&first) = composed.first() {
                decompose_canonical(first, |d| {
                    base.get_or_insert(d);
                });
            }
            match base {
                // Latin: the base letter, then whatever is not a diacritic.
                Some(b) if b.is_ascii_alphabetic() => {
                    chars.push(NormChar { c: b, from, to });
                    for &c in &composed[1..] {
                        if !('\u{0300}'..='\u{036F}').contains(&c) {
                            chars.push(NormChar { c, from, to });
                        }
                    }
                }
                _ => chars.extend(composed.iter().map(|&c| NormChar { c, from, to })),
            }
        }
        start = end;
    }
}

fn is_fast(c: char) -> bool {
    c.is_ascii() || ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// A character NFC never reorders or composes with what precedes it.
fn is_stable_starter(c: char) -> bool {
    is_fast(c)
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

/// Step 3a: ํ (+ marks) + า → (marks +) ำ, and เเ → แ.
fn compose_thai(chars: &mut Vec<NormChar>) {
    let n = chars.len();
    let mut w = 0;
    let mut i = 0;
    while i < n {
        let cur = chars[i];
        if cur.c == NIKHAHIT {
            let mut j = i + 1;
            while j < n && is_thai_mark(chars[j].c) && chars[j].c != NIKHAHIT {
                j += 1;
            }
            if j < n && chars[j].c == SARA_AA {
                for k in i + 1..j {
                    chars[w] = chars[k];
                    w += 1;
                }
                chars[w] = NormChar {
                    c: SARA_AM,
                    from: cur.from.min(chars[j].from),
                    to: cur.to.max(chars[j].to),
                };
                w += 1;
                i = j + 1;
                continue;
            }
        } else if cur.c == SARA_E && i + 1 < n && chars[i + 1].c == SARA_E {
            chars[w] = NormChar {
                c: SARA_AE,
                from: cur.from,
                to: chars[i + 1].to,
            };
            w += 1;
            i += 2;
            continue;
        }
        chars[w] = cur;
        w += 1;
        i += 1;
    }
    chars.truncate(w);
}

/// Step 3b: each run of Thai marks in canonical order without repeats; tone marks typed after
/// ำ moved before it. When a run changes, all its characters get the span of the whole run
/// (the original order is lost, so no finer mapping is honest).
fn reorder_thai_marks(chars: &mut Vec<NormChar>) {
    let n = chars.len();
    let mut run: Vec<NormChar> = Vec::new();
    let mut w = 0;
    let mut i = 0;
    while i < n {
        let am_then_tone = chars[i].c == SARA_AM && i + 1 < n && is_tone_mark(chars[i + 1].c);
        if !is_thai_mark(chars[i].c) && !am_then_tone {
            chars[w] = chars[i];
            w += 1;
            i += 1;
            continue;
        }
        // The region: marks, then optionally ำ followed by tone marks (which move before it).
        run.clear();
        let start = i;
        while i < n && is_thai_mark(chars[i].c) {
            run.push(chars[i]);
            i += 1;
        }
        let mut sara_am = None;
        if i + 1 < n && chars[i].c == SARA_AM && is_tone_mark(chars[i + 1].c) {
            sara_am = Some(chars[i]);
            i += 1;
            while i < n && is_tone_mark(chars[i].c) {
                run.push(chars[i]);
                i += 1;
            }
        }
        let original_len = i - start;
        run.sort_by_key(|m| mark_rank(m.c)); // stable
        run.dedup_by(|b, a| a.c == b.c);
        let changed = sara_am.is_some()
            || run.len() != original_len
            || run.iter().zip(&chars[start..i]).any(|(a, b)| a.c != b.c);
        let (from, to) = chars[start..i]
            .iter()
            .fold((usize::MAX, 0), |(f, t), m| (f.min(m.from), t.max(m.to)));
        for m in run.iter().chain(sara_am.iter()) {
            chars[w] = if changed {
                NormChar { c: m.c, from, to }
            } else {
                *m
            };
            w += 1;
        }
    }
    chars.truncate(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_str(s)
    }

    #[test]
    fn normalization_table() {
        let cases: &[(&str, &str, &str)] = &[
            // (what, input, expected)
            ("PUA Windows mai tho (น้ำ from a PDF)", "น\u{F70B}ำ", "น้ำ"),
            ("PUA Mac mai ek", "ป\u{F88A}า", "ป่า"),
            (
                "PUA Windows sara i + mai ek shifted left",
                "ป\u{F701}\u{F713}น",
                "ปิ่น",
            ),
            ("PUA tho than without descender", "\u{F700}าน", "ฐาน"),
            ("PUA yo ying without descender", "\u{F70F}ู", "ญู"),
            ("nikhahit + sara aa", "น\u{0E4D}\u{0E32}", "นำ"),
            ("tone, nikhahit, sara aa", "น\u{0E49}\u{0E4D}\u{0E32}", "น้ำ"),
            ("nikhahit, tone, sara aa", "น\u{0E4D}\u{0E49}\u{0E32}", "น้ำ"),
            (
                "sara am typed before the tone mark",
                "น\u{0E33}\u{0E49}",
                "น้ำ",
            ),
            ("PUA nikhahit + sara aa", "ท\u{F711}า", "ทำ"),
            ("Thai digits", "พ.ศ. ๒๕๖๓", "พ.ศ. 2563"),
            ("all Thai digits", "๐๑๒๓๔๕๖๗๘๙", "0123456789"),
            ("zero-width space", "ข้อ\u{200B}มูล", "ข้อมูล"),
            (
                "zero-width joiner, word joiner, BOM",
                "\u{FEFF}ข้\u{200D}อ\u{2060}มูล",
                "ข้อมูล",
            ),
            ("soft hyphen", "ประ\u{00AD}กาศ", "ประกาศ"),
            ("two sara e", "\u{0E40}\u{0E40}ผน", "แผน"),
            (
                "tone mark typed before upper vowel",
                "ก\u{0E48}\u{0E35}",
                "กี่",
            ),
            (
                "tone mark typed before lower vowel",
                "ก\u{0E49}\u{0E38}ง",
                "กุ้ง",
            ),
            ("doubled tone mark", "ไม\u{0E48}\u{0E48}", "ไม่"),
            ("doubled upper vowel", "ก\u{0E34}\u{0E34}น", "กิน"),
            ("doubled and misordered", "ท\u{0E48}\u{0E35}\u{0E48}", "ที่"),
            ("full-width Latin", "ＩＴＡ　２０２３", "ita 2023"),
            (
                "Latin lowercased, diacritics off",
                "Café ÉCOLE",
                "cafe ecole",
            ),
            ("decomposed Latin", "Cafe\u{0301}", "cafe"),
            ("non-Latin NFC kept", "\u{0939}\u{093C}", "\u{0939}\u{093C}"),
            ("ไม้ and ไม่ stay apart", "ไม้", "ไม้"),
            ("sara am kept (no NFKC)", "ทำ", "ทำ"),
            ("whitespace kept", "ก ข\nค", "ก ข\nค"),
        ];
        for (what, input, expected) in cases {
            assert_eq!(norm(input), *expected, "{what}: {input:?}");
        }
        assert_ne!(norm("ไม้"), norm("ไม่"));
        assert_ne!(norm("ไม้"), norm("ไม"));
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "น\u{0E4D}\u{0E32}ก"; // น ํ า ก
        let mut out = Vec::new();
        normalize_into(text, &mut out);
        let got: String = out.iter().map(|n| n.c).collect();
        assert_eq!(got, "นำก");
        // ำ spans both source characters.
        assert_eq!((out[1].from, out[1].to), (3, 9));
        for n in &out {
            assert!(text.is_char_boundary(n.from) && text.is_char_boundary(n.to) && n.from < n.to);
        }
        // A dropped character leaves a gap, nothing points at it.
        normalize_into("a\u{200B}b", &mut out);
        assert_eq!(
            out,
            vec![
                NormChar {
                    c: 'a',
                    from: 0,
                    to: 1
                },
                NormChar {
                    c: 'b',
                    from: 4,
                    to: 5
                }
            ]
        );
    }

    #[test]
    fn idempotent_on_tricky_input() {
        let inputs = [
            "ก\u{0E4D}\u{0E38}\u{0E32}",
            "น\u{0E33}\u{0E49}\u{0E48}",
            "\u{0E40}\u{0E40}\u{0E40}",
            "ก\u{0E48}\u{0E35}\u{0E48}\u{0E4D}\u{0E32}",
            "ÅÉ\u{0301}x\u{0303}ﬁ",
            "\u{0E48}\u{0E48}ก",
        ];
        for s in inputs {
            let once = norm(s);
            assert_eq!(norm(&once), once, "{s:?}");
        }
    }
}
