//! The web app is built without the compiled-in dictionary (feature `embedded-dictionary` off)
//! and reads the archive's copy, which `khlang build` packs among the index parts: the first
//! results must not wait for it, and a typed query must. This only compiles without the
//! feature, as the app is built: `cargo test -p catalog --no-default-features --test
//! dictionary_from_archive` (scripts/test.sh runs it).
#![cfg(not(feature = "embedded-dictionary"))]

use catalog::analysis::{builtin_ready, Analyzer};
use catalog::archive::{
    parse_part_script, parse_toc_script, script_text, SiteFile, Unpacker, WORDS_FILE,
};
use catalog::start::pack;
use catalog::{write_index, AnalyzedDoc, Engine, EngineError, SearchRequest};

mod common;

/// What `build.rs` compiles and a default build embeds.
const WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));

/// The committed thaigov slice packed with the dictionary, as `khlang build` packs it.
fn site() -> Vec<SiteFile> {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let docs = common::thaigov_records();
    let count = docs.len() as u64;
    let mut files =
        write_index(docs.into_iter().map(|d| AnalyzedDoc::new(d, &analyzer))).expect("index");
    files.insert(WORDS_FILE.to_string(), WORDS.to_vec());
    pack("t", count, "test", files).expect("packed")
}

fn add(unpacker: &mut Unpacker, site: &[SiteFile], parts: impl IntoIterator<Item = usize>) {
    for i in parts {
        let (path, bytes) = &site[i + 1];
        let script = script_text(path, bytes).unwrap();
        let (index, payload) = parse_part_script(path, &script).unwrap();
        unpacker.add_part(index, payload).unwrap();
    }
}

fn words(analyzer: &Analyzer, text: &str) -> Vec<String> {
    analyzer.words(text).into_iter().map(|t| t.text).collect()
}

#[test]
fn the_first_results_come_without_the_dictionary_and_typing_waits_for_it() {
    let site = site();
    let toc = parse_toc_script(std::str::from_utf8(&site[0].1).unwrap()).unwrap();
    let words_file = toc.files.iter().position(|f| f.name == WORDS_FILE).unwrap();
    let holds_words = |p: usize| toc.parts[p].pieces.iter().any(|x| x.file == words_file);
    assert!(
        !toc.start_parts().any(holds_words),
        "no start part holds it"
    );
    assert!(
        toc.index_parts().any(holds_words),
        "it comes with the index"
    );

    let mut unpacker = Unpacker::new(toc.clone());
    add(&mut unpacker, &site, toc.start_parts());
    let engine = Engine::open_sparse(toc.clone(), unpacker.sparse()).expect("opens");
    let bare = Analyzer::new(Vec::<String>::new());

    let browse = engine
        .search(&SearchRequest::new(""))
        .expect("no part needed");
    assert!(browse.total > 0 && !browse.hits.is_empty());
    assert!(!builtin_ready(), "browsing installed the dictionary");

    let typed = SearchRequest::new("ประกาศ");
    let Err(EngineError::Missing(parts)) = engine.search(&typed) else {
        panic!("a typed query ran without the index and the dictionary");
    };
    assert!(parts.iter().any(|&p| holds_words(p)), "{parts:?}");
    add(&mut unpacker, &site, parts);
    let found = loop {
        match engine.search(&typed) {
            Ok(found) => break found,
            Err(EngineError::Missing(pages)) => add(&mut unpacker, &site, pages),
            Err(e) => panic!("{e}"),
        }
    };
    assert!(found.total > 0);
    assert!(builtin_ready());

    // The engine's analyzer segments with the dictionary; one made before it arrived did not.
    let text = "ศูนย์ข้อมูลข่าวสารขององค์การบริหารส่วนตำบล";
    let with = words(engine.analyzer().expect("installed"), text);
    let without = words(&bare, text);
    assert_eq!(with, ["ศูนย์ข้อมูลข่าวสาร", "ของ", "องค์การบริหารส่วนตำบล"]);
    assert_ne!(with, without);
}
