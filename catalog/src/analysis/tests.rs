//! Cross-module tests on real Thai text (the five announcements in `tests/fixtures/announcements/`).

use std::fs;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::normalize::normalize_str;
use super::tcc::Tcc;
use super::*;

/// The sample documents, sorted by name: (file name, text).
fn samples() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/announcements");
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, fs::read_to_string(&p).expect("sample is UTF-8"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 5, "samples missing in {}", dir.display());
    out
}

fn analyzer() -> Analyzer {
    Analyzer::new(Vec::<String>::new())
}

fn texts(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

/// The normalized text with whitespace removed: what units are clustered from.
fn compact(text: &str) -> Vec<char> {
    normalize_str(text)
        .chars()
        .filter(|&c| !is_space(c))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Word segmentation

#[test]
fn word_segmentation_table() {
    let a = analyzer();
    // publish|information; the official-information centre|of|government; procurement;
    // announcement|procurement|annual|budget; … SAO|village|new|district|Hat Yai; wood|not.
    let cases: &[(&str, &str)] = &[
        ("เผยแพร่ข้อมูล", "เผยแพร่|ข้อมูล"),
        ("ศูนย์ข้อมูลข่าวสารของราชการ", "ศูนย์ข้อมูลข่าวสาร|ของ|ราชการ"),
        ("จัดซื้อจัดจ้าง", "จัดซื้อจัดจ้าง"),
        (
            "ประกาศจัดซื้อจัดจ้างประจำปีงบประมาณ",
            "ประกาศ|จัดซื้อจัดจ้าง|ประจำปี|งบประมาณ",
        ),
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๓", "ประจำปี|งบประมาณ|พ.ศ.|2563"),
        ("ประจำปีงบประมาณ พ.ศ.2563", "ประจำปี|งบประมาณ|พ.ศ.|2563"),
        ("องค์การบริหารส่วนตำบลบ้านใหม่", "องค์การบริหารส่วนตำบล|บ้าน|ใหม่"),
        ("อบต.บ้านใหม่ อำเภอหาดใหญ่", "อบต.|บ้าน|ใหม่|อำเภอ|หาดใหญ่"),
        ("กองวิชาการและแผนงาน", "กองวิชาการและแผนงาน"),
        ("ไม้ ไม่", "ไม้|ไม่"),
        ("เทศบาลนครหาดใหญ่ จังหวัดสงขลา", "เทศบาลนคร|หาดใหญ่|จังหวัด|สงขลา"),
        ("ITA 2566 (O12) covid-19", "ita|2566|o12|covid|19"),
        ("ต่างๆ ฯลฯ", "ต่าง|ฯลฯ"),
        // A dot outside any abbreviation separates; the PUA glyph is read as its mark.
        ("ข้อมูล.ข่าวสาร", "ข้อมูล|ข่าวสาร"),
        ("ข\u{F70B}อมูล", "ข้อมูล"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, expected)| {
            let got = texts(&a.words(text)).join("|");
            (got != *expected).then(|| format!("{text}: got {got}, expected {expected}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Whether `needle` occurs in `hay` as consecutive tokens.
fn has_run(hay: &[&str], needle: &[&str]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_phrase_alone_and_inside_a_sample_sentence_segments_the_same() {
    let a = analyzer();
    let samples = samples();
    // (phrase, a stretch of a sample containing it)
    let cases = [
        (
            "เผยแพร่ข้อมูล",
            "กลไกการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์เทศบาลนครสวรรค์",
        ),
        ("เผยแพร่ข้อมูล", "ได้ตระหนักถึงความสำคัญในการเผยแพร่ข้อมูลต่อสาธารณะ"),
        (
            "ศูนย์ข้อมูลข่าวสารของราชการ",
            "ได้ดำเนินการจัดทำแผนพัฒนาศูนย์ข้อมูลข่าวสารของราชการ",
        ),
        ("จัดซื้อจัดจ้าง", "ประกาศการจัดซื้อจัดจ้างต่างๆของโรงเรียนเทศบาล"),
    ];
    for (phrase, sentence) in cases {
        assert!(
            samples.iter().any(|(_, t)| t.contains(sentence)),
            "not in the samples: {sentence}"
        );
        let alone = a.words(phrase);
        let inside = a.words(sentence);
        assert!(
            has_run(&texts(&inside), &texts(&alone)),
            "{phrase} ({}) not in {sentence} ({})",
            texts(&alone).join("|"),
            texts(&inside).join("|")
        );
    }
    assert_eq!(texts(&a.words("เผยแพร่ข้อมูล")), vec!["เผยแพร่", "ข้อมูล"]);
}

#[test]
fn user_dictionary_word_changes_segmentation() {
    let text = "ระบบคลังข้อมูลท้องถิ่น";
    let plain = texts(&analyzer().words(text)).join("|");
    assert_ne!(plain, "ระบบ|คลังข้อมูลท้องถิ่น");
    let with_user = Analyzer::new(["คลังข้อมูลท้องถิ่น"]);
    assert_eq!(texts(&with_user.words(text)).join("|"), "ระบบ|คลังข้อมูลท้องถิ่น");
}

#[test]
fn unknown_stretches_are_grouped() {
    let a = analyzer();
    // "ฆฮฒญ" is no word: one unknown token up to where a real word starts.
    assert_eq!(texts(&a.words("ฌฬฑฎข้อมูล")).join("|"), "ฌฬฑฎ|ข้อมูล");
    // Fewest unknown characters wins over a greedy longest first word.
    let words = a.words("ข้อมูลข่าวสาร");
    assert_eq!(texts(&words), vec!["ข้อมูลข่าวสาร"]);
}

#[test]
fn word_offsets_and_positions() {
    let a = analyzer();
    for (_, text) in samples() {
        let words = a.words(&text);
        assert!(words.len() > 500);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(w.position, i);
            let slice = text
                .get(w.offset_from..w.offset_to)
                .expect("offsets on char boundaries");
            let norm: String = normalize_str(slice)
                .chars()
                .filter(|&c| !is_space(c))
                .collect();
            assert_eq!(norm, w.text, "{slice:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Units and grams

#[test]
fn units_skip_whitespace() {
    let a = analyzer();
    assert_eq!(texts(&a.units("ข้อ มูล")), texts(&a.units("ข้อมูล")));
    assert_eq!(texts(&a.units("ข้อมู\nล")), vec!["ข้", "อ", "มู", "ล"]);
    assert_eq!(texts(&a.units(" ITA ๒๕ ")), vec!["i", "t", "a", "2", "5"]);
    assert_eq!(a.units(" \n\t "), vec![]);
}

#[test]
fn grams_pair_units_and_end_with_the_last_unit() {
    let a = analyzer();
    let text = "ข้อ มูล";
    let grams = a.grams(text);
    assert_eq!(texts(&grams), vec!["ข้ อ", "อ มู", "มู ล", "ล "]);
    assert_eq!(
        grams.iter().map(|g| g.position).collect::<Vec<_>>(),
        vec![0, 1, 2, 3]
    );
    assert_eq!(&text[grams[1].offset_from..grams[1].offset_to], "อ มู");
    assert_eq!(&text[grams[3].offset_from..grams[3].offset_to], "ล");
    assert_eq!(texts(&a.grams("ก")), vec!["ก "]);
    assert!(a.grams("").is_empty());
    assert_eq!(gram_term("ข้", "อ"), "ข้ อ");
    assert_eq!(gram_term("ล", ""), "ล ");
}

#[test]
fn unit_prefixes_hold_each_prefix_of_each_unit_once() {
    let a = analyzer();
    for (text, want) in [
        // Units กา, ร, ก: ก is a unit and a prefix of กา, listed once.
        ("การ ก", vec!["ก", "ก ", "กา", "กา ", "ร", "ร "]),
        (
            "ข้อ มูล",
            vec!["ข", "ข้", "ข้ ", "ม", "มู", "มู ", "ล", "ล ", "อ", "อ "],
        ),
        ("ab a", vec!["a", "a ", "b", "b "]),
        ("", vec![]),
    ] {
        let prefixes = unit_prefixes(&a.grams(text));
        assert_eq!(texts(&prefixes), want, "{text}");
        let positions: Vec<usize> = prefixes.iter().map(|t| t.position).collect();
        assert_eq!(positions, (0..want.len()).collect::<Vec<_>>(), "{text}");
    }
    // A gram starts with a prefix exactly when its first unit does: what lets one term
    // stand for the range.
    let text = "ประกาศ การจัดซื้อ";
    let prefixes = unit_prefixes(&a.grams(text));
    for gram in a.grams(text) {
        for (end, _) in gram.text.char_indices().skip(1) {
            let head = &gram.text[..end];
            if !head.ends_with(' ') && head.contains(' ') {
                break;
            }
            assert!(prefixes.iter().any(|p| p.text == head), "{head:?}");
        }
    }
}

#[test]
fn unit_and_gram_offsets_map_into_the_original() {
    let a = analyzer();
    let mut inputs: Vec<String> = samples().into_iter().map(|(_, t)| t).collect();
    inputs.push("น\u{F70B}\u{0E4D}\u{0E32} ข้อ\u{200B}มูล\u{00AD}ข่าว เเผน ＩＴＡ Café".to_string());
    for text in &inputs {
        let units = a.units(text);
        for u in &units {
            let slice = text
                .get(u.offset_from..u.offset_to)
                .expect("offsets on char boundaries");
            let norm: String = normalize_str(slice)
                .chars()
                .filter(|&c| !is_space(c))
                .collect();
            assert_eq!(norm, u.text, "{slice:?}");
        }
        let grams = a.grams(text);
        assert_eq!(grams.len(), units.len());
        for (i, g) in grams.iter().enumerate() {
            let slice = text
                .get(g.offset_from..g.offset_to)
                .expect("offsets on char boundaries");
            let norm: String = normalize_str(slice)
                .chars()
                .filter(|&c| !is_space(c))
                .collect();
            let next = units.get(i + 1).map_or("", |u| u.text.as_str());
            assert_eq!(norm, format!("{}{}", units[i].text, next));
            assert_eq!(g.text, gram_term(&units[i].text, next));
        }
    }
}

#[test]
fn analyze_equals_the_separate_streams() {
    let a = analyzer();
    for (_, text) in samples() {
        let both = a.analyze(&text);
        assert_eq!(both.words, a.words(&text));
        assert_eq!(both.grams, a.grams(&text));
    }
}

/// A fixed-seed xorshift PRNG, enough to pick substrings reproducibly.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// The property the index relies on: any span of a document cut at unit boundaries, analyzed
/// on its own (as a query is), gives grams that are a consecutive run of the document's grams
/// at positions p, p+1, …, the query's last gram `"u "` being a prefix of the document's gram
/// at that position.
#[test]
fn recall_property_on_samples() {
    let a = analyzer();
    let mut rng = Rng(0x6b68_6c61_6e67);
    let mut checked = 0;
    for (name, text) in samples() {
        let units = a.units(&text);
        let doc = a.grams(&text);
        for _ in 0..1500 {
            let start = rng.below(units.len());
            let len = 1 + rng.below(16.min(units.len() - start));
            let query = &text[units[start].offset_from..units[start + len - 1].offset_to];
            let q = a.grams(query);
            assert_eq!(
                q.len(),
                len,
                "{name}: {query:?} has {} units, not {len}",
                q.len()
            );
            for (j, g) in q.iter().enumerate() {
                let d = &doc[start + j];
                let ok = if j + 1 < len {
                    g.text == d.text
                } else {
                    d.text.starts_with(&g.text)
                };
                assert!(
                    ok,
                    "{name}: {query:?}: query gram {j} {:?} vs document {:?}",
                    g.text, d.text
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 1500 * samples().len());
}

// ---------------------------------------------------------------------------------------------
// TCC on the samples

/// Cluster starts of `chars`.
fn starts(tcc: &Tcc, chars: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    tcc.cluster_starts(chars, &mut out);
    out
}

#[test]
fn tcc_suffix_property_on_samples() {
    let tcc = Tcc::new();
    for (name, text) in samples() {
        let chars = compact(&text);
        let full = starts(&tcc, &chars);
        for (k, &b) in full.iter().enumerate() {
            let suffix: Vec<usize> = starts(&tcc, &chars[b..])
                .into_iter()
                .map(|s| s + b)
                .collect();
            assert_eq!(suffix, full[k..], "{name}: cut at {b}");
        }
    }
}

/// Clusters of the samples agree with PyThaiNLP 5.4.0's `tcc.segment` run on the same
/// (normalized, whitespace-free) text: SHA-256 of the clusters joined by `|`, recorded with
/// Python in `testdata/tcc_pythainlp.txt` (see `testdata/tcc_pythainlp.py` to redo it).
#[test]
fn tcc_matches_pythainlp_on_samples() {
    let golden = include_str!("testdata/tcc_pythainlp.txt");
    let tcc = Tcc::new();
    let samples = samples();
    let mut compared = 0;
    for line in golden
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut f = line.split_whitespace();
        let (Some(name), Some(count), Some(hash)) = (f.next(), f.next(), f.next()) else {
            panic!("bad line {line:?}")
        };
        let text = &samples
            .iter()
            .find(|(n, _)| n == name)
            .expect("sample named in the golden file")
            .1;
        let chars = compact(text);
        let mut bounds = starts(&tcc, &chars);
        bounds.push(chars.len());
        let clusters: Vec<String> = bounds
            .windows(2)
            .map(|w| chars[w[0]..w[1]].iter().collect())
            .collect();
        assert_eq!(clusters.len().to_string(), count, "{name}");
        let digest = Sha256::digest(clusters.join("|").as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, hash, "{name}");
        compared += 1;
    }
    assert_eq!(compared, samples.len());
}

/// Writes each sample's normalized, whitespace-free text to `$TMPDIR/khlang-compact/` for
/// `testdata/tcc_pythainlp.py`.
#[test]
#[ignore]
fn write_compact_samples() {
    let dir = std::env::temp_dir().join("khlang-compact");
    fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in samples() {
        fs::write(
            dir.join(name),
            compact(&text).into_iter().collect::<String>(),
        )
        .expect("write");
    }
}

// ---------------------------------------------------------------------------------------------
// Normalization on the samples

#[test]
fn normalization_is_idempotent_on_samples() {
    for (name, text) in samples() {
        let once = normalize_str(&text);
        assert_eq!(normalize_str(&once), once, "{name}");
        assert!(
            !once.chars().any(|c| ('\u{0E50}'..='\u{0E59}').contains(&c)),
            "{name}: Thai digit left"
        );
    }
}

#[test]
fn dictionary_is_compact() {
    let (words, bytes) = analyzer().builtin_dictionary_stats();
    assert!(words > 60_000, "{words}");
    assert!(bytes < 700_000, "{bytes}");
}

/// Throughput of `analyze` (and of its parts) on the samples. Run with
/// `cargo test --release -p catalog --lib analysis::tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let a = analyzer();
    let texts: Vec<String> = samples().into_iter().map(|(_, t)| t).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let rounds = 40;
    let mb = (bytes * rounds) as f64 / 1e6;
    let measure = |what: &str, f: &dyn Fn(&str) -> usize| {
        let start = std::time::Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            for t in &texts {
                n += f(t);
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{what:>10}: {mb:.1} MB in {secs:.2} s = {:>6.1} MB/s ({n} items)",
            mb / secs
        );
    };
    measure("normalize", &|t| a.normalize(t).len());
    measure("units", &|t| a.units(t).len());
    measure("words", &|t| a.words(t).len());
    measure("analyze", &|t| {
        let an = a.analyze(t);
        an.words.len() + an.grams.len()
    });
}

#[test]
fn analyzer_is_shareable() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Analyzer>();
    shareable::<WordsTokenizer>();
    shareable::<GramsTokenizer>();
    // Clones share one dictionary.
    let a = Analyzer::new(["คำขลังเมือง"]);
    let b = a.clone();
    assert!(Arc::ptr_eq(&a.inner, &b.inner));
    assert_eq!(texts(&b.words("คำขลังเมือง")), vec!["คำขลังเมือง"]);
}
