//! Loading an archive in parts, as the browser does: an engine opened on the start parts alone
//! shows the first results, asks for exactly the parts a search needs, and once it has them
//! answers exactly like an engine over the whole archive.

use catalog::analysis::Analyzer;
use catalog::archive::{
    parse_part_script, parse_toc_script, script_text, unpack, SiteFile, Toc, Unpacker,
};
use catalog::start::pack;
use catalog::{write_index, AnalyzedDoc, Engine, EngineError, FacetKind, SearchRequest, Sort};

mod common;

/// The committed thaigov slice (60 documents), packed as `khlang build` packs it.
fn site() -> Vec<SiteFile> {
    site_of(1)
}

/// The same with each document `copies` times (under its own path): a larger archive.
fn site_of(copies: usize) -> Vec<SiteFile> {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let docs: Vec<_> = (0..copies)
        .flat_map(|copy| {
            common::thaigov_records().into_iter().map(move |mut d| {
                if copy > 0 {
                    d.facts.path = format!("{copy}/{}", d.facts.path);
                }
                d
            })
        })
        .collect();
    let count = docs.len() as u64;
    let files =
        write_index(docs.into_iter().map(|d| AnalyzedDoc::new(d, &analyzer))).expect("index");
    pack("t", count, "test", files).expect("packed")
}

fn whole(site: &[SiteFile]) -> Engine {
    let (toc, files) = unpack(site).expect("unpacked");
    Engine::open(toc, files).expect("engine")
}

/// An unpacker holding only the start parts, and the engine opened on them.
fn started(site: &[SiteFile]) -> (Toc, Unpacker, Engine) {
    let toc = parse_toc_script(std::str::from_utf8(&site[0].1).unwrap()).unwrap();
    let mut unpacker = Unpacker::new(toc.clone());
    add(&mut unpacker, site, toc.start_parts());
    let engine = Engine::open_sparse(toc.clone(), unpacker.sparse()).expect("opens on start parts");
    (toc, unpacker, engine)
}

fn add(unpacker: &mut Unpacker, site: &[SiteFile], parts: impl IntoIterator<Item = usize>) {
    for i in parts {
        let (path, bytes) = &site[i + 1];
        let script = script_text(path, bytes).unwrap();
        let (index, payload) = parse_part_script(path, &script).unwrap();
        assert_eq!(index, i);
        unpacker.add_part(index, payload).unwrap();
    }
}

#[test]
fn the_start_parts_alone_give_the_first_results() {
    let site = site();
    let (toc, _, engine) = started(&site);
    // The fixture must exercise every group, or this test proves nothing.
    assert!(toc.index >= 1, "{} index parts", toc.index);
    assert!(toc.parts.len() - toc.start - toc.index >= 2, "store pages");
    let first = SearchRequest::new("");
    assert_eq!(
        engine.search(&first).expect("no part needed"),
        whole(&site).search(&first).unwrap()
    );
    assert_eq!(
        engine.missing_for_queries(),
        toc.index_parts().collect::<Vec<_>>()
    );
}

#[test]
fn a_search_asks_for_the_parts_it_needs_then_answers_as_the_whole_archive() {
    let site = site();
    let all = whole(&site);
    let (toc, mut unpacker, engine) = started(&site);
    let sparse = unpacker.sparse();
    let request = |query: &str, sort: Sort, offset: usize| SearchRequest {
        sort,
        offset,
        ..SearchRequest::new(query)
    };
    let requests = [
        request("", Sort::Relevance, 10),
        request("", Sort::Oldest, 0),
        request("งบประมาณ", Sort::Relevance, 0),
        request("ประกาศ", Sort::Newest, 0),
        request("กระทรวง", Sort::Relevance, 20),
        request("\"การประชุม\"", Sort::Relevance, 0),
    ];
    let pages = toc.start + toc.index..toc.parts.len();
    let loaded = || pages.clone().filter(|&p| sparse.has_part(p)).count();
    let mut shown_early = 0;
    for (i, request) in requests.into_iter().enumerate() {
        let want = all.search(&request).unwrap();
        let mut rounds = 0;
        let got = loop {
            let parts = match engine.search(&request) {
                Ok(response) if response.pending.is_empty() => break response,
                // The hits show from their cards before their pages are in: all but the
                // snippets of those whose page is missing.
                Ok(early) => {
                    assert_eq!(early.hits.len(), want.hits.len(), "{request:?}");
                    for (hit, whole) in early.hits.iter().zip(&want.hits) {
                        let without_snippet = catalog::Hit {
                            snippet: String::new(),
                            highlights: Vec::new(),
                            ..whole.clone()
                        };
                        assert!(
                            hit == whole || *hit == without_snippet,
                            "{request:?}: {hit:?}"
                        );
                    }
                    assert_eq!((early.total, &early.facets), (want.total, &want.facets));
                    shown_early += 1;
                    early.pending
                }
                Err(EngineError::Missing(parts)) => parts,
                Err(e) => panic!("{request:?}: {e}"),
            };
            assert!(!parts.is_empty(), "{request:?}");
            for &p in &parts {
                assert!(!sparse.has_part(p), "part {p} asked for twice: {request:?}");
            }
            add(&mut unpacker, &site, parts);
            rounds += 1;
            // At most: the index for a typed query, then the store pages of its hits.
            assert!(rounds <= 2, "{request:?} keeps asking for parts");
        };
        assert_eq!(got, want, "{request:?}");
        assert!(got.total > 0, "{request:?} must find something to compare");
        if i == 0 {
            // Stored documents are loaded by the page: the second page of results needs some,
            // not all.
            let n = loaded();
            assert!(
                n > 0 && n < pages.len(),
                "{n} of {} store pages",
                pages.len()
            );
        }
    }
    assert!(
        shown_early > 0,
        "no search showed its hits before their pages"
    );
}

#[test]
fn facets_and_orders_without_a_query_need_no_index_part() {
    // Large enough that its columns are loaded in pieces.
    let site = site_of(4);
    let all = whole(&site);
    let (toc, mut unpacker, engine) = started(&site);
    let browse = all.search(&SearchRequest::new("")).unwrap();
    let mut requests: Vec<SearchRequest> = [Sort::Newest, Sort::Oldest]
        .into_iter()
        .map(|sort| SearchRequest {
            sort,
            ..SearchRequest::new("")
        })
        .collect();
    for kind in FacetKind::ALL {
        // The least common value: its hits are least likely to be among the first results.
        let least = browse.facets[kind.field_name()]
            .iter()
            .min_by_key(|(_, n)| **n);
        if let Some((value, _)) = least {
            let mut request = SearchRequest::new("");
            request.filters.select(kind, value.clone());
            requests.push(request);
        }
    }
    assert!(requests.len() >= 4, "the fixture has facets: {requests:?}");
    // The columns must be split, part in the start parts and part not, or this proves nothing.
    let columns: Vec<usize> = (0..toc.files.len())
        .filter(|&f| toc.files[f].name.ends_with(".fast"))
        .collect();
    let in_start: u64 = toc.parts[toc.start_parts()]
        .iter()
        .flat_map(|p| &p.pieces)
        .filter(|piece| columns.contains(&piece.file))
        .map(|piece| piece.len)
        .sum();
    let all_columns: u64 = columns.iter().map(|&f| toc.files[f].len).sum();
    assert!(
        0 < in_start && in_start < all_columns,
        "{in_start} of {all_columns} bytes of columns in the start parts"
    );
    let index = toc.index_parts();
    for request in requests {
        let got = loop {
            match engine.search(&request) {
                Ok(response) if response.pending.is_empty() => break response,
                Ok(response) => add(&mut unpacker, &site, response.pending),
                Err(EngineError::Missing(parts)) => {
                    assert!(
                        parts.iter().all(|p| !index.contains(p)),
                        "{request:?} asked for index parts: {parts:?}"
                    );
                    add(&mut unpacker, &site, parts);
                }
                Err(e) => panic!("{request:?}: {e}"),
            }
        };
        assert_eq!(got, all.search(&request).unwrap(), "{request:?}");
    }
}
