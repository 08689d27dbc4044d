//! Near misses: a query that finds nothing offers the archive's nearest words — Thai-aware, so a
//! forgotten mark or a letter of the same sound is near — and never offers one dictionary word
//! for another (ไก่ is not a slip of ไข่).

mod common;

use catalog::analysis::Analyzer;
use catalog::archive::unpack;
use catalog::start::pack;
use catalog::{write_index, AnalyzedDoc, DocRecord, Engine, SearchRequest};

fn engine(records: Vec<DocRecord>) -> Engine {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let count = records.len() as u64;
    let files =
        write_index(records.into_iter().map(|r| AnalyzedDoc::new(r, &analyzer))).expect("index");
    let (toc, files) = unpack(&pack("t", count, "test", files).expect("pack")).expect("unpack");
    Engine::open(toc, files).expect("engine")
}

fn offers(engine: &Engine, query: &str) -> (u64, Vec<(String, String, u64)>) {
    let answer = engine.search(&SearchRequest::new(query)).expect("search");
    let offers = answer
        .suggestions
        .into_iter()
        .map(|s| (s.word, s.query, s.total))
        .collect();
    (answer.total, offers)
}

/// Real slips of words the thaigov slice holds: a mark forgotten, a letter of the same sound,
/// a consonant dropped; each finds nothing and offers the word first, with what it finds.
#[test]
fn a_slip_that_finds_nothing_offers_the_word_it_meant() {
    let engine = engine(common::thaigov_records());
    for (typed, meant, offered) in [
        ("ศนย", "ศูนย์", "ศูนย์"),
        ("สาธารนสุข", "สาธารณสุข", "สาธารณสุข"),
        ("เศรษกิจ", "เศรษฐกิจ", "เศรษฐกิจ"),
        ("ยุทศาสตร์", "ยุทธศาสตร์", "ยุทธศาสตร์"),
        ("รัฐมนตี", "รัฐมนตรี", "รัฐมนตรี"),
        ("ผู้บิหาร", "ผู้บริหาร", "ผู้บริหาร"),
        ("เจ้าหนาที่", "เจ้าหน้าที่", "เจ้าหน้าที่"),
        ("งบประมาน", "งบประมาณ", "งบประมาณ"),
        // A slip inside a longer clause: only the stretch that is no word is replaced.
        ("ศนยราชการ", "ศูนย์", "ศูนย์ราชการ"),
    ] {
        let (total, offers) = offers(&engine, typed);
        assert_eq!(total, 0, "{typed} finds nothing as typed");
        let Some((word, query, found)) = offers.first() else {
            panic!("{typed}: no offer");
        };
        assert_eq!(word, meant, "{typed}: {offers:?}");
        assert_eq!(query, offered, "{typed}: the query offered");
        let (direct, _) = self::offers(&engine, query);
        assert_eq!(*found, direct, "{typed}: the offer's count is its search's");
        assert!(direct > 0);
    }
}

/// Minimal pairs: words that differ by one mark or letter and mean different things. Typing one
/// where the archive holds only the other offers nothing; a real slip beside them still does.
#[test]
fn a_dictionary_word_is_never_offered_another() {
    let texts = [
        "ขายไข่ที่ตลาดทุกวัน",
        "ป้าไปตลาดตอนเช้า",
        "คณะกรรมการประชุมประจำเดือน",
        "ผิดนัดชำระหนี้",
        "ศูนย์ราชการจังหวัด",
        "กรมการปกครองจังหวัด",
    ];
    let records = texts
        .iter()
        .enumerate()
        .map(|(i, text)| DocRecord {
            facts: catalog::Facts {
                path: format!("{i}.txt"),
                title: format!("เอกสาร {i}"),
                ..catalog::Facts::default()
            },
            body: text.to_string(),
        })
        .collect();
    let engine = engine(records);
    // (กรม/กรรม below: the archive holds กรมการ.)
    for typed in ["ไก่", "ป่า", "ปา", "ผิว"] {
        let (total, offers) = offers(&engine, typed);
        assert_eq!(total, 0, "{typed} is not in the archive");
        assert!(offers.is_empty(), "{typed} offered {offers:?}");
    }
    let (_, offers) = offers(&engine, "ศนย");
    assert_eq!(offers.first().map(|o| o.0.as_str()), Some("ศูนย์"));
    // A query is read as pasted from the middle of a word only when it finds nothing as typed:
    // กรมการ without its ก is in กรรมการ, but the department is found, not the committee.
    let answer = engine
        .search(&SearchRequest::new("กรมการ"))
        .expect("search");
    let paths: Vec<&str> = answer.hits.iter().map(|h| h.facts.path.as_str()).collect();
    assert_eq!(paths, ["5.txt"]);
}
