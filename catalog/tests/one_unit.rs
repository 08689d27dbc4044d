//! A query of one unit reads the unit-prefix fields (one term) where archives built before them
//! read a range of grams: both must find the same documents with the same scores.

mod common;

use std::path::Path;

use catalog::analysis::{register_tokenizers, Analyzer};
use catalog::query::{build_query, parse};
use catalog::schema::Fields;
use catalog::{write_index, AnalyzedDoc};
use tantivy::collector::TopDocs;
use tantivy::directory::RamDirectory;
use tantivy::{Directory, DocAddress, Index, Score};

#[test]
fn one_unit_queries_find_what_the_gram_range_finds() {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let records = common::thaigov_records();
    let files = write_index(records.into_iter().map(|r| AnalyzedDoc::new(r, &analyzer)))
        .expect("index of the fixtures");
    let dir = RamDirectory::create();
    for (name, bytes) in files {
        dir.atomic_write(Path::new(&name), &bytes)
            .expect("RAM write");
    }
    let index = Index::open(dir).expect("index opens");
    register_tokenizers(index.tokenizers(), &analyzer);
    let searcher = index.reader().expect("reader").searcher();
    let fields = Fields::from_schema(&index.schema()).expect("fields");
    assert!(fields.body_units.is_some() && fields.title_units.is_some());
    let before = Fields {
        title_units: None,
        body_units: None,
        ..fields.clone()
    };
    let search = |query: &str, fields: &Fields| -> Vec<(Score, DocAddress)> {
        let query = build_query(&parse(query), &analyzer, fields, &|_| 100_000);
        searcher
            .search(query.as_ref(), &TopDocs::with_limit(1_000).order_by_score())
            .expect("search")
    };
    // (query, how many of the 60 documents it finds): one unit, typed or quoted (the same: a
    // quote may end cut short), Thai and not; one unit that also begins longer units (เก:
    // เกี่ยว, เกิด); a rare one; an unfinished cluster (ตั้, one unit once joined); an exclusion
    // of one unit (taken whole); a unit no document has.
    let cases = [
        ("ก", 60),
        ("กา", 60),
        ("เก", 56),
        ("\"เก\"", 56),
        ("โค", 27),
        ("ฎ", 22),
        ("ฬ", 4),
        ("ตั้", 24),
        ("x", 3),
        ("2", 60),
        ("การ -ฬ", 58),
        ("ฦ", 0),
    ];
    for (query, expected) in cases {
        let now = search(query, &fields);
        let then = search(query, &before);
        assert_eq!(now, then, "{query}");
        assert_eq!(now.len(), expected, "{query}");
    }
}
