//! No search reserves memory out of proportion to the index. tantivy's phrase-prefix scorer
//! reserves room for `max_expansions` postings up front; with a fixed bound of 1,000,000 every
//! keystroke that ended in a partial unit reserved 1.86 GB (natively untouched, so RSS hid it; in
//! the browser it grew wasm linear memory to its 4 GB limit). This test counts the largest single
//! allocation while queries are typed one character at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use catalog::analysis::Analyzer;
use catalog::archive::unpack;
use catalog::start::pack;
use catalog::{write_index, AnalyzedDoc, DocRecord, Engine, SearchRequest};

struct Largest;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only records sizes.
unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOC: Largest = Largest;

const SAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/announcements"
);

/// The sample index is under 1 MB; a search needs a small multiple of that at most.
const MOST_ONE_ALLOCATION: usize = 16 << 20;

fn engine() -> Engine {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let mut names: Vec<_> = std::fs::read_dir(SAMPLES)
        .expect("samples folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let docs = names.iter().map(|name| DocRecord {
        facts: catalog::Facts {
            path: name.clone(),
            title: name.clone(),
            ..catalog::Facts::default()
        },
        body: std::fs::read_to_string(format!("{SAMPLES}/{name}")).expect("sample text"),
    });
    let files = write_index(docs.map(|d| AnalyzedDoc::new(d, &analyzer))).expect("index written");
    let (toc, files) =
        unpack(&pack("t", names.len() as u64, "test", files).expect("packed")).expect("unpacked");
    Engine::open(toc, files).expect("engine")
}

#[test]
fn typing_never_reserves_more_than_the_index_needs() {
    let engine = engine();
    // Text from the samples (agency names, subjects) and a Latin prefix: every prefix of each is
    // searched, as the app does per keystroke.
    let queries = [
        "ประกาศเทศบาลนครนครสวรรค์",
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        "องค์การบริหารส่วนตำบลโคกทราย",
        "ศูนย์ข้อมูลข่าวสาร",
        "แผนพัฒนา 2563",
    ];
    for query in queries {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            LARGEST.store(0, Ordering::Relaxed);
            let response = engine
                .search(&SearchRequest::new(typed.clone()))
                .expect("search");
            let largest = LARGEST.load(Ordering::Relaxed);
            assert!(
                largest <= MOST_ONE_ALLOCATION,
                "searching {typed:?} allocated {largest} bytes at once"
            );
            if typed.trim() == query.split_whitespace().next().unwrap_or_default() {
                assert!(response.total > 0, "{typed:?} found nothing");
            }
        }
        // The complete text is in the samples, so the prefixes were really searched.
        let response = engine.search(&SearchRequest::new(query)).expect("search");
        assert!(response.total > 0, "{query:?} found nothing");
    }
}
