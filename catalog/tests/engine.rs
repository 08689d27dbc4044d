//! The whole catalog path on the sample documents: write, pack, unpack, open, search.

use std::collections::BTreeMap;

use catalog::analysis::Analyzer;
use catalog::archive::unpack;
use catalog::start::pack;
use catalog::{
    write_index, AnalyzedDoc, DocRecord, Engine, FacetKind, Filters, SearchRequest, Sort,
};

const SAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/announcements"
);

fn samples() -> Vec<DocRecord> {
    let mut names: Vec<_> = std::fs::read_dir(SAMPLES)
        .expect("samples folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let years = [Some(2563), Some(2562), Some(2563), Some(2564), None];
    names
        .iter()
        .zip(years)
        .map(|(name, year)| DocRecord {
            facts: catalog::Facts {
                path: name.clone(),
                url: format!("docs/{name}"),
                title: name.clone(),
                file_type: "TXT".into(),
                fiscal_year: year,
                ..catalog::Facts::default()
            },
            body: std::fs::read_to_string(format!("{SAMPLES}/{name}")).expect("sample text"),
        })
        .collect()
}

fn open(docs: Vec<DocRecord>) -> Engine {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let files = write_index(docs.into_iter().map(|d| AnalyzedDoc::new(d, &analyzer)))
        .expect("index written");
    let (toc, files) = unpack(&pack("t", 5, "test", files).unwrap()).unwrap();
    match Engine::open(toc, files) {
        Ok(e) => e,
        Err(e) => panic!("engine: {e}"),
    }
}

#[test]
fn index_files_are_deterministic() {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let write = || {
        write_index(
            samples()
                .into_iter()
                .map(|d| AnalyzedDoc::new(d, &analyzer)),
        )
        .unwrap()
    };
    let (a, b): (BTreeMap<_, _>, BTreeMap<_, _>) = (write(), write());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two builds");
    }
}

#[test]
fn finds_every_sample_by_a_shared_phrase_and_counts_facets() {
    let engine = open(samples());
    let res = engine.search(&SearchRequest::new("เผยแพร่ข้อมูล")).unwrap();
    assert_eq!(res.total, 5, "{res:#?}");
    for kind in FacetKind::ALL {
        let sum: u64 = res.facets[kind.field_name()].values().sum();
        assert_eq!(sum, res.total, "facet {kind:?} sums to total");
    }
    assert_eq!(res.facets["fiscal_year"]["2563"], 2);
    assert_eq!(res.facets["fiscal_year"]["ไม่ระบุ"], 1);
    assert!(
        res.hits.iter().all(|h| !h.highlights.is_empty()),
        "snippets highlight the match"
    );
}

#[test]
fn facet_counts_leave_their_own_selection_out() {
    let engine = open(samples());
    let mut req = SearchRequest::new("");
    req.filters.select(FacetKind::FiscalYear, "2563");
    let res = engine.search(&req).unwrap();
    assert_eq!(res.total, 2);
    assert_eq!(
        res.facets["fiscal_year"]["2562"], 1,
        "other years still counted"
    );
    assert_eq!(res.facets["category"]["ไม่ระบุ"], 2, "other facets filtered");
    req.filters.select(FacetKind::FiscalYear, "2562");
    assert_eq!(
        engine.search(&req).unwrap().total,
        3,
        "values of one facet OR"
    );
    let mut none = Filters::default();
    none.select(FacetKind::Agency, "nobody");
    req.filters = none;
    assert_eq!(engine.search(&req).unwrap().total, 0);
}

#[test]
fn browse_lists_everything_and_pages() {
    let engine = open(samples());
    let mut req = SearchRequest::new("");
    req.limit = 2;
    req.sort = Sort::Newest;
    let first = engine.search(&req).unwrap();
    assert_eq!(first.total, 5);
    assert_eq!(first.hits.len(), 2);
    req.offset = 4;
    let last = engine.search(&req).unwrap();
    assert_eq!(last.hits.len(), 1);
    assert!(!first
        .hits
        .iter()
        .any(|h| h.facts.path == last.hits[0].facts.path));
}

#[test]
fn exclusion_and_garbage_queries() {
    let engine = open(samples());
    let all = engine
        .search(&SearchRequest::new("เผยแพร่ข้อมูล"))
        .unwrap()
        .total;
    let without = engine
        .search(&SearchRequest::new("เผยแพร่ข้อมูล -หาดใหญ่"))
        .unwrap()
        .total;
    assert!(without < all, "{without} < {all}");
    for q in ["\"", "-", "((", "AND OR", "title:x", "*", "\u{0}", "ๆๆๆ"] {
        assert!(engine.search(&SearchRequest::new(q)).is_ok(), "{q:?}");
    }
}

/// An index put together from segments built separately answers like one built in one go:
/// same hits in the same order, same facet counts.
#[test]
fn an_index_composed_of_segments_searches_like_one_segment() {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let docs = samples();
    let segment = |range: std::ops::Range<usize>, id: &str| {
        let mut builder = catalog::IndexBuilder::new().unwrap();
        for d in &docs[range] {
            builder.add(AnalyzedDoc::new(d.clone(), &analyzer)).unwrap();
        }
        builder.finish_segment(id).unwrap()
    };
    let composed = catalog::compose([
        segment(0..2, "0000000000000000000000000000000a"),
        segment(2..3, "0000000000000000000000000000000b"),
        segment(3..5, "0000000000000000000000000000000c"),
    ])
    .unwrap();
    let (toc, files) = unpack(&pack("t", 5, "test", composed).unwrap()).unwrap();
    let parts = Engine::open(toc, files).unwrap();
    let whole = open(docs.clone());
    for query in [
        "",
        "เผยแพร่ข้อมูล",
        "ประกาศ",
        "งบประมาณ",
        "\"ข้อมูลข่าวสาร\"",
        "ก",
    ] {
        let (a, b) = (
            whole.search(&SearchRequest::new(query)).unwrap(),
            parts.search(&SearchRequest::new(query)).unwrap(),
        );
        let paths = |r: &catalog::SearchResponse| {
            r.hits
                .iter()
                .map(|h| h.facts.path.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(&a), paths(&b), "{query:?}: hits");
        assert_eq!(a.facets, b.facets, "{query:?}: facets");
        assert_eq!(a.total, b.total, "{query:?}: total");
    }
}

#[test]
fn a_document_read_by_ocr_keeps_its_confidence_on_its_card() {
    let mut docs = samples();
    docs[0].facts.ocr_confidence = Some(91);
    let first = docs[0].facts.path.clone();
    let engine = open(docs);
    let res = engine.search(&SearchRequest::new("")).unwrap();
    assert_eq!(res.total, 5);
    for hit in &res.hits {
        let want = (hit.facts.path == first).then_some(91);
        assert_eq!(hit.facts.ocr_confidence, want, "{}", hit.facts.path);
    }
}

#[test]
fn documents_come_back_as_they_went_in() {
    let mut docs = samples();
    docs[0].facts.province = Some("นครนายก".into());
    docs[0].facts.agency = Some("เทศบาลตำบลบ้านนา".into());
    docs[1].facts.source = Some(catalog::Source {
        archive: "ed25519:0011".into(),
        signer: Some("เทศบาลตำบลบ้านนา".into()),
    });
    docs[1].facts.notes = vec!["สแกน".into()];
    let engine = open(docs.clone());
    let mut back: Vec<DocRecord> = engine
        .documents()
        .collect::<Result<_, _>>()
        .expect("every document reads back");
    back.sort_by(|a, b| a.facts.path.cmp(&b.facts.path));
    assert_eq!(back, docs);
}

#[test]
fn answers_searched_ahead_are_the_answers_searched_afresh_and_stay() {
    let ahead = open(samples());
    let fresh = open(samples());
    // Each sample's first character (what a typed query starts with), and two longer queries.
    let mut requests: Vec<SearchRequest> = samples()
        .iter()
        .filter_map(|d| d.body.trim().chars().next())
        .map(|c| SearchRequest::new(c.to_string()))
        .collect();
    requests.push(SearchRequest::new("เผยแพร่ข้อมูล"));
    let mut filtered = SearchRequest::new("ข");
    filtered.filters.select(FacetKind::FiscalYear, "2563");
    requests.push(filtered);
    for request in &requests {
        assert!(ahead.answer_ahead(request).unwrap(), "{request:?} kept");
    }
    // More searches than the recent answers hold, so only what was kept for good remains.
    for n in 0..=catalog::recent::KEPT {
        ahead
            .search(&SearchRequest::new(format!("ประกาศ {n}")))
            .unwrap();
    }
    let (_, searched) = ahead.recent_counts();
    for request in &requests {
        assert_eq!(
            ahead.search(request).unwrap(),
            fresh.search(request).unwrap(),
            "{request:?}"
        );
    }
    assert_eq!(
        ahead.recent_counts().1,
        searched,
        "every request answered from the answers kept"
    );
}
