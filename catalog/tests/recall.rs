//! Verbatim recall on a committed slice of the thaigov corpus: every span a person could type,
//! drawn from a document (whole words, or starting/ending inside words), finds that document.

use catalog::analysis::Analyzer;
use catalog::archive::unpack;
use catalog::recall::{draw_spans, evaluate};
use catalog::start::pack;
use catalog::{write_index, AnalyzedDoc, DocRecord, Engine, SearchRequest};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/thaigov");

fn corpus() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = std::fs::read_dir(FIXTURES)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).expect("UTF-8 fixture");
            (name, text.trim_start_matches('\u{feff}').to_string())
        })
        .collect();
    docs.sort();
    docs
}

fn engine(docs: &[(String, String)]) -> Engine {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let records = docs.iter().map(|(name, text)| DocRecord {
        facts: catalog::Facts {
            path: name.clone(),
            title: text.lines().next().unwrap_or_default().to_string(),
            ..catalog::Facts::default()
        },
        body: text.clone(),
    });
    let files = write_index(records.map(|r| AnalyzedDoc::new(r, &analyzer))).unwrap();
    let (toc, files) = unpack(&pack("t", docs.len() as u64, "test", files).unwrap()).unwrap();
    match Engine::open(toc, files) {
        Ok(e) => e,
        Err(e) => panic!("engine: {e}"),
    }
}

#[test]
fn every_span_finds_its_source_document() {
    let docs = corpus();
    assert_eq!(docs.len(), 60);
    let engine = engine(&docs);
    let texts: Vec<&str> = docs.iter().map(|(_, t)| t.as_str()).collect();
    let spans = draw_spans(
        &texts,
        400,
        20261122,
        engine.analyzer().expect("the dictionary is compiled in"),
    );
    assert_eq!(spans.len(), 400);
    let paths: Vec<String> = docs.iter().map(|(p, _)| p.clone()).collect();
    let report = evaluate(&engine, &paths, &spans).unwrap();
    assert!(
        report.misses.is_empty(),
        "{} of {} spans missed their document: {:?}",
        report.misses.len(),
        report.spans,
        report.misses
    );
    // Ranking: a span of three or more words that occurs in one document only puts it first.
    assert!(
        report.long_unique > 50,
        "enough long spans drawn: {report:?}"
    );
    assert!(
        report.long_unique_first * 100 >= report.long_unique * 95,
        "source first for {}/{} unique spans of ≥ 3 words",
        report.long_unique_first,
        report.long_unique
    );
}

#[test]
fn typed_variants_find_the_clean_document_and_back() {
    // PUA glyphs (from PDF extraction), ํ + า, Thai digits and zero-width spaces in the document…
    let dirty = "ประกาศ\u{200B}ผลการจัดซื\u{F70B}อประจำปี ๒๕๖๓ กองคล\u{0E31}ง นํ\u{0E32}ส่ง";
    let clean = "ประกาศผลการจัดซื้อประจำปี 2563 กองคลัง นำส่ง";
    let docs = vec![
        ("dirty.txt".to_string(), dirty.to_string()),
        ("clean.txt".to_string(), clean.to_string()),
        ("wood.txt".to_string(), "ไม้สักทองคุณภาพดี".to_string()),
        ("not.txt".to_string(), "ไม่มีข้อมูล".to_string()),
    ];
    let engine = engine(&docs);
    let paths = |q: &str| -> Vec<String> {
        let mut r = SearchRequest::new(q);
        r.limit = 10;
        let mut p: Vec<String> = engine
            .search(&r)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.facts.path)
            .collect();
        p.sort();
        p
    };
    for q in [
        "ผลการจัดซื้อประจำปี 2563",
        "๒๕๖๓",
        "นำส่ง",
        "นํ\u{0E32}ส่ง",
        "ผลการ\u{200B}จัดซื้อ",
    ] {
        assert_eq!(paths(q), vec!["clean.txt", "dirty.txt"], "{q:?}");
    }
    assert_eq!(paths("ไม้"), vec!["wood.txt"]);
    assert_eq!(paths("ไม่"), vec!["not.txt"]);
}

/// A phrase cut at any code point — its last cluster unfinished, or its first begun in the middle,
/// as people type and paste — finds its source, typed or quoted: a quote promises only that the
/// text occurs, and a cut one does. Cuts like the ("ภายหลังจากคว", "เจ้าหน้าที่ส": the
/// next consonant typed, its vowel not yet) first, then spans of a line of a third of the
/// fixtures, starting at each of its first eight code points and ending at each of the next 24.
#[test]
fn cuts_at_every_code_point_find_their_source_typed_and_quoted() {
    let docs = corpus();
    let engine = engine(&docs);
    let paths: Vec<String> = docs.iter().map(|(p, _)| p.clone()).collect();
    let found = |query: &str, doc: usize| -> bool {
        let request = SearchRequest::new(query);
        matches!(engine.rank_of(&request, &paths[doc]), Ok(Some(_)))
    };
    let source = |needle: &str| -> usize {
        docs.iter()
            .position(|(_, t)| t.contains(needle))
            .unwrap_or_else(|| panic!("{needle} is in a fixture"))
    };
    for (cut, whole) in [
        ("ภายหลังการม", "ภายหลังการมอบ"),
        ("เจ้าหน้าที่ต", "เจ้าหน้าที่ตำรว"),
        ("เจ้าหน้าที่บริห", "เจ้าหน้าที่บริห"),
    ] {
        let doc = source(whole);
        for query in [cut.to_string(), format!("\"{cut}\"")] {
            assert!(found(&query, doc), "{query} finds {}", paths[doc]);
        }
    }
    let mut tried = 0;
    let mut missed = Vec::new();
    for (doc, (_, text)) in docs.iter().enumerate() {
        // The first line long enough: a title or a line of the body as it was typed.
        let Some(line) = text
            .lines()
            .map(str::trim)
            .find(|l| l.chars().count() >= 32)
            .filter(|_| doc % 3 == 0)
        else {
            continue;
        };
        let chars: Vec<char> = line.chars().take(32).collect();
        for start in 0..8 {
            // A cut starting in a cluster needs four whole clusters after it (query::units).
            for end in start + 8..=chars.len() {
                let cut: String = chars[start..end].iter().collect();
                let cut = cut.trim();
                if cut.chars().count() < 8 || cut.starts_with('-') {
                    continue;
                }
                for query in [cut.to_string(), format!("\"{cut}\"")] {
                    tried += 1;
                    if !found(&query, doc) {
                        missed.push(query);
                    }
                }
            }
        }
    }
    assert!(tried > 3000, "enough cuts tried: {tried}");
    assert!(
        missed.is_empty(),
        "{} of {tried} cuts missed their source, among them {:?}",
        missed.len(),
        &missed[..missed.len().min(12)]
    );
}

/// Whether the units of `clause` stand consecutively in `doc`, the last one possibly still
/// being typed (a prefix of the document's unit): what a clause promises to match.
fn holds(doc: &[String], clause: &[String]) -> bool {
    let Some((last, before)) = clause.split_last() else {
        return true;
    };
    doc.windows(clause.len())
        .any(|w| w[..before.len()] == *before && w[before.len()].starts_with(last.as_str()))
}

#[test]
fn every_hit_holds_what_was_typed() {
    // Precision, as recall above: the phrase queries match only some of a clause's grams (every
    // other one, see query::build), so this checks that no document matches without the text.
    let docs = corpus();
    let engine = engine(&docs);
    let analyzer = engine.analyzer().expect("the dictionary is compiled in");
    let units =
        |text: &str| -> Vec<String> { analyzer.units(text).into_iter().map(|t| t.text).collect() };
    let doc_units: std::collections::HashMap<&str, Vec<String>> = docs
        .iter()
        .map(|(path, text)| (path.as_str(), units(text)))
        .collect();
    let texts: Vec<&str> = docs.iter().map(|(_, t)| t.as_str()).collect();
    let spans = draw_spans(&texts, 200, 7, analyzer);
    // Whole spans, and every prefix of some, as they are typed.
    let mut queries: Vec<String> = spans.iter().map(|s| s.text.clone()).collect();
    for span in spans.iter().take(20) {
        let chars: Vec<char> = span.text.chars().collect();
        queries.extend((1..chars.len()).map(|n| chars[..n].iter().collect::<String>()));
    }
    let mut checked = 0;
    let mut unmarked = Vec::new();
    for query in &queries {
        let mut request = SearchRequest::new(query.as_str());
        request.limit = docs.len();
        let found = engine.search(&request).unwrap();
        assert!(found.total > 0, "{query:?} finds its own source");
        // Each clause as typed, or cut short at either end (query::units).
        let clauses: Vec<Vec<Vec<String>>> = catalog::query::parse(query)
            .required()
            .map(|c| catalog::query::clause_units(analyzer, &c.text))
            // Cut at the start too: an engine reads the query so when it finds nothing as typed.
            .map(|units| catalog::query::open_forms(units, true))
            .collect();
        for hit in &found.hits {
            let doc = &doc_units[hit.facts.path.as_str()];
            for forms in &clauses {
                assert!(
                    forms.iter().any(|f| holds(doc, f)),
                    "{query:?} matched {} without {:?}",
                    hit.facts.path,
                    forms[0]
                );
                checked += 1;
            }
            // The body holds every clause (it is the whole text), so the snippet shows one.
            if hit.highlights.is_empty() {
                unmarked.push(format!("{query:?} in {}", hit.facts.path));
            }
        }
    }
    assert!(checked > 1000, "only {checked} hits checked");
    assert!(unmarked.is_empty(), "snippets without a mark: {unmarked:?}");
}
