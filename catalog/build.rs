//! Compiles the built-in Thai dictionary into an FST map (`$OUT_DIR/words.fst`), which
//! `src/analysis/dictionary.rs` embeds with `include_bytes!`: key = the word (one byte per
//! character, see `src/analysis/keys.rs`), value = its frequency class, ⌊log2(count + 1)⌋ from
//! the Phupha word frequencies, which the segmenter uses to break ties.
//!
//! Words are normalized with the very code the analyzer runs on text (the modules are included
//! here by path), so a dictionary word and the same word in a document always have the same key.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/analysis/keys.rs"]
mod keys;
#[allow(dead_code)]
#[path = "src/analysis/normalize.rs"]
mod normalize;

/// The word lists, one word a line. In khlang's own list a TAB or `#` starts a comment.
const WORD_LISTS: [(&str, u64); 2] = [
    // (path, class of a word the frequency list lacks)
    ("data/dictionary/words_th.txt", 1),
    // Our words are official terms that a web crawl undercounts: as frequent as common words.
    ("data/dictionary/khlang_words.txt", 20),
];
/// Word frequencies: `word TAB count` a line.
const FREQUENCIES: &str = "data/dictionary/phupha_word_freqs.txt";

fn main() {
    for (path, _) in WORD_LISTS {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-changed={FREQUENCIES}");
    for module in ["keys", "normalize"] {
        println!("cargo:rerun-if-changed=src/analysis/{module}.rs");
    }

    let mut class_of: HashMap<String, u64> = HashMap::new();
    for line in read(FREQUENCIES).lines() {
        let mut fields = line.split('\t');
        let (Some(word), Some(count)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Ok(count) = count.trim().parse::<u64>() else {
            continue;
        };
        let class = u64::from((count + 1).ilog2());
        let entry = class_of
            .entry(normalize::normalize_str(word.trim()))
            .or_insert(0);
        *entry = (*entry).max(class);
    }

    let mut words: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    for (path, default_class) in WORD_LISTS {
        for line in read(path).lines() {
            let word = line.split(['\t', '#']).next().unwrap_or("").trim();
            if word.is_empty() {
                continue;
            }
            let word = normalize::normalize_str(word);
            // Entries with spaces, Latin or digits can never match a Thai word run: skipped.
            if let Some(key) = keys::word_key(&word) {
                let class = class_of.get(&word).copied().unwrap_or(default_class);
                let entry = words.entry(key).or_insert(0);
                *entry = (*entry).max(class);
            }
        }
    }

    let fst = fst::Map::from_iter(words)
        .expect("keys are sorted and unique")
        .into_fst()
        .into_inner();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("words.fst");
    fs::write(&out, fst).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}
