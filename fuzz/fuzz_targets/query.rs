//! Any text typed into the search box: analysis, query parsing, query building and search over
//! a small index of Thai documents, never a panic.
#![no_main]

use std::sync::OnceLock;

use catalog::analysis::{analysis_json, Analyzer};
use catalog::archive::unpack;
use catalog::start::pack;
use catalog::{write_index, AnalyzedDoc, DocRecord, Engine, Filters, SearchRequest, Sort};
use libfuzzer_sys::fuzz_target;

const SAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/announcements"
);

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let analyzer = Analyzer::new(["นาแซง"]);
        let mut docs = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(SAMPLES)
            .expect("the announcements")
            .map(|e| e.expect("entry").path())
            .collect();
        names.sort();
        for (i, path) in names.iter().enumerate() {
            let body = std::fs::read_to_string(path).expect("sample text");
            docs.push(AnalyzedDoc::new(
                DocRecord {
                    facts: catalog::Facts {
                        path: format!("{i}.txt"),
                        url: format!("docs/{i}.txt"),
                        title: body.lines().next().unwrap_or_default().to_string(),
                        file_type: "TXT".into(),
                        fiscal_year: Some(2563 + i as u32 % 3),
                        ..catalog::Facts::default()
                    },
                    body,
                },
                &analyzer,
            ));
        }
        let files = write_index(docs).expect("index");
        let (toc, files) =
            unpack(&pack("fuzz", names.len() as u64, "fuzz", files).expect("packed"))
                .expect("pack");
        Engine::open(toc, files).expect("engine")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let engine = engine();
    let analyzer = engine.analyzer().expect("the dictionary is compiled in");
    let _ = analysis_json(analyzer, &text);
    for (sort, other_spellings) in [(Sort::Relevance, false), (Sort::Newest, true)] {
        let request = SearchRequest {
            query: text.to_string(),
            filters: Filters::default(),
            sort,
            offset: 0,
            limit: 10,
            other_spellings,
        };
        if let Ok(response) = engine.search(&request) {
            assert!(response.hits.len() as u64 <= response.total);
        }
    }
});
