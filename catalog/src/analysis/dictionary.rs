//! The word list: a built-in FST compiled by `build.rs`, plus the site's user words.
//!
//! Built-in: PyThaiNLP's `words_th.txt` and khlang's own local-government words
//! (`catalog/data/dictionary/`), normalized, keyed by [`super::keys`], sorted and deduplicated
//! into an `fst::Map`. Each word's value is its frequency class
//! (⌊log2 count⌋ in the Phupha web-crawl frequencies), used only to break ties between
//! segmentations with equally many words. User words (DOCS/dictionary.txt) get a small FST of
//! their own at [`Dictionary::new`], with the highest class. Both are walked node by node
//! (`fst::raw`), so finding every dictionary word that starts at a position costs one walk along
//! the text.
//!
//! Native builds `include_bytes!` the FST (feature `embedded-dictionary`, on by default), and
//! `khlang build` writes it into every archive ([`crate::archive::WORDS_FILE`]). The web app
//! leaves it out: leaving it in cost 388 kB of the app's 1.5 MB gzipped wasm, and nothing before
//! the first results needs it, so the engine installs it from the archive ([`install_builtin`])
//! when a query is first typed, after it has loaded with the rest of the index.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use fst::raw::{Fst, Node, Output};

use super::keys::word_key;
use super::normalize::normalize_str;

/// The compiled built-in dictionary (see `build.rs`), when compiled in.
#[cfg(feature = "embedded-dictionary")]
static EMBEDDED: Option<&[u8]> = Some(include_bytes!(concat!(env!("OUT_DIR"), "/words.fst")));
#[cfg(not(feature = "embedded-dictionary"))]
static EMBEDDED: Option<&[u8]> = None;

/// The built-in FST, opened once: compiled in, or installed from an archive.
static BUILTIN: OnceLock<Option<Fst<&'static [u8]>>> = OnceLock::new();

/// Per first key byte, the node of the built-in FST reached and the output collected on the
/// way: every walk starts with that step, and decoding nodes is most of a walk's cost.
type FirstSteps = Vec<Option<(Node<'static>, Output)>>;
static FIRST_STEPS: OnceLock<FirstSteps> = OnceLock::new();

fn builtin() -> Option<&'static Fst<&'static [u8]>> {
    // Built by build.rs from files in the repository: only a broken build could fail here, and
    // then segmentation degrades to "everything unknown" rather than panicking.
    match EMBEDDED {
        Some(bytes) => BUILTIN.get_or_init(|| Fst::new(bytes).ok()).as_ref(),
        None => BUILTIN.get().and_then(Option::as_ref),
    }
}

/// The built-in dictionary's FST as compiled in (what `khlang build` writes into an archive);
/// `None` in a build without it (the web app).
pub fn embedded_builtin() -> Option<&'static [u8]> {
    EMBEDDED
}

/// Whether the built-in dictionary is available: compiled in, or installed.
pub fn builtin_ready() -> bool {
    builtin().is_some()
}

/// Installs the built-in dictionary from an archive's copy, for the rest of the program's life
/// (analyzers made before keep what they had). Does nothing if one is already available.
pub fn install_builtin(bytes: Vec<u8>) -> Result<(), fst::Error> {
    if builtin_ready() {
        return Ok(());
    }
    // Leaked once per program: analyzers hold `'static` references into it, as they do into
    // the compiled-in copy.
    let bytes: &'static [u8] = Vec::leak(bytes);
    let fst = Fst::new(bytes)?;
    let _ = BUILTIN.set(Some(fst));
    Ok(())
}

fn first_steps(fst: &'static Fst<&'static [u8]>) -> &'static FirstSteps {
    FIRST_STEPS.get_or_init(|| {
        let root = fst.root();
        (0..=255u8)
            .map(|b| {
                let t = root.transition(root.find_input(b)?);
                Some((fst.node(t.addr), t.out))
            })
            .collect()
    })
}

/// Frequency class of user words: the highest, as the site asked for them.
pub const USER_CLASS: u64 = 31;

pub struct Dictionary {
    builtin: Option<(&'static Fst<&'static [u8]>, &'static FirstSteps)>,
    user: Option<Fst<Vec<u8>>>,
}

impl Dictionary {
    /// The built-in words plus `extra_words` (one word each; surrounding whitespace trimmed;
    /// empty entries, `#` comments and entries that can never match a Thai word run — with inner
    /// spaces, Latin or digits — are ignored).
    pub fn new<I, S>(extra_words: I) -> Dictionary
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let keys: BTreeSet<Vec<u8>> = extra_words
            .into_iter()
            .filter_map(|w| {
                let w = w.as_ref().trim();
                if w.is_empty() || w.starts_with('#') {
                    return None;
                }
                word_key(&normalize_str(w))
            })
            .collect();
        let user = if keys.is_empty() {
            None
        } else {
            Fst::from_iter_map(keys.into_iter().map(|k| (k, USER_CLASS))).ok()
        };
        let builtin = builtin().map(|fst| (fst, first_steps(fst)));
        Dictionary { builtin, user }
    }

    /// Calls `found(len, class)` for every dictionary word that is a prefix of `keys` (`len` in
    /// key bytes = characters; `class` its frequency class). Lengths come in increasing order per
    /// source; both sources may report the same length.
    pub fn prefixes(&self, keys: &[u8], found: &mut impl FnMut(usize, u64)) {
        if let Some((fst, first)) = self.builtin {
            let Some(&b) = keys.first() else { return };
            if let Some((node, out)) = first[usize::from(b)] {
                walk_from(fst, node, out, 1, keys, found);
            }
        }
        if let Some(fst) = &self.user {
            walk(fst, keys, found);
        }
    }

    /// Number of words in the built-in dictionary.
    pub fn builtin_len(&self) -> usize {
        self.builtin.map_or(0, |(f, _)| f.len())
    }

    /// Size in bytes of the built-in dictionary's FST (0 when not available).
    pub fn builtin_bytes() -> usize {
        builtin().map_or(0, |f| f.as_bytes().len())
    }

    /// Whether `word` (normalized) is in the dictionary.
    pub fn contains(&self, word: &str) -> bool {
        let Some(key) = word_key(word) else {
            return false;
        };
        let mut hit = false;
        self.prefixes(&key, &mut |len, _| hit |= len == key.len());
        hit
    }
}

fn walk<D: AsRef<[u8]>>(fst: &Fst<D>, keys: &[u8], found: &mut impl FnMut(usize, u64)) {
    walk_from(fst, fst.root(), Output::zero(), 0, keys, found);
}

/// Continues a walk at `node`, reached after `depth` key bytes with output `out`.
fn walk_from<'f, D: AsRef<[u8]>>(
    fst: &'f Fst<D>,
    mut node: Node<'f>,
    mut out: Output,
    depth: usize,
    keys: &[u8],
    found: &mut impl FnMut(usize, u64),
) {
    if depth > 0 && node.is_final() {
        found(depth, out.cat(node.final_output()).value());
    }
    for (i, &b) in keys.iter().enumerate().skip(depth) {
        let Some(t) = node.find_input(b) else { return };
        let t = node.transition(t);
        out = out.cat(t.out);
        node = fst.node(t.addr);
        if node.is_final() {
            found(i + 1, out.cat(node.final_output()).value());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_pythainlp_and_khlang_words() {
        let d = Dictionary::new(Vec::<String>::new());
        assert!(d.builtin_len() > 60_000, "{}", d.builtin_len());
        for w in [
            "ข้อมูล",
            "เผยแพร่",
            "จัดซื้อจัดจ้าง",
            "ศูนย์ข้อมูลข่าวสาร",
            "กองวิชาการและแผนงาน",
            "อบต.",
            "พ.ศ.",
            "หาดใหญ่",
            "สงขลา",
            "บึงกาฬ",
        ] {
            assert!(d.contains(w), "{w}");
        }
        assert!(!d.contains("ข้อมูลล"));
        assert!(!d.contains("กข"));
    }

    #[test]
    fn user_words_are_normalized_and_filtered() {
        let d = Dictionary::new([
            "  หาดใหญ่ใน  ",
            "# comment",
            "",
            "with space",
            "ค\u{0E4D}\u{0E32}ขลังเมือง",
        ]);
        assert!(d.contains("หาดใหญ่ใน"));
        assert!(d.contains("คำขลังเมือง"), "user word normalized (ํา → ำ)");
        let plain = Dictionary::new(Vec::<&str>::new());
        assert!(!plain.contains("หาดใหญ่ใน") && !plain.contains("คำขลังเมือง"));
    }
}
