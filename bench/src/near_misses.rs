//! `khlang-bench near-misses`: slips of common agency words, made by the rules readers slip by
//! (a mark dropped, a tone mark for another, a letter of the same sound), searched in a built
//! site: of those that find nothing as typed, how often the word meant is offered first or
//! among the offers, and what an answer with offers costs.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use catalog::analysis::Analyzer;
use catalog::SearchRequest;

use crate::search_memory;

/// Words of agencies' disclosures, all in the dictionary.
const WORDS: &[&str] = &[
    "ศูนย์",
    "งบประมาณ",
    "เจ้าหน้าที่",
    "ประชาสัมพันธ์",
    "สาธารณสุข",
    "เศรษฐกิจ",
    "ยุทธศาสตร์",
    "ผู้บริหาร",
    "คณะกรรมการ",
    "ค่าใช้จ่าย",
    "จัดซื้อ",
    "ท้องถิ่น",
    "การศึกษา",
    "สิ่งแวดล้อม",
    "ประกาศ",
    "ข้อบัญญัติ",
    "ภาษี",
    "ก่อสร้าง",
    "ซ่อมแซม",
    "สุขภาพ",
    "ผู้สูงอายุ",
    "พัฒนา",
    "โครงการ",
    "รายงาน",
    "ติดตาม",
    "ประเมินผล",
    "ทรัพย์สิน",
    "ร้องเรียน",
    "ทุจริต",
    "คู่มือ",
    "บริการ",
    "ประชาชน",
    "ศาสนา",
    "สวัสดิการ",
    "เกษตร",
    "อาสาสมัคร",
    "ป้องกัน",
    "น้ำท่วม",
    "ภัยแล้ง",
    "ศีรษะ",
    "กฎหมาย",
    "ข้าราชการ",
    "สถานการณ์",
    "นโยบาย",
    "ความร่วมมือ",
    "ประสิทธิภาพ",
    "รัฐมนตรี",
    "ผู้ว่าราชการ",
    "เครือข่าย",
    "ส่งเสริม",
];

/// The slips of `word` by each rule, each once, none of them a dictionary word.
fn slips(word: &str, analyzer: &Analyzer) -> Vec<(&'static str, String)> {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut add = |kind: &'static str, s: String| {
        if s != word && !analyzer.is_word(&s) && !out.iter().any(|(_, o)| *o == s) {
            out.push((kind, s));
        }
    };
    let with = |i: usize, c: Option<char>| -> String {
        let mut v = chars.clone();
        match c {
            Some(c) => v[i] = c,
            None => {
                v.remove(i);
            }
        }
        v.into_iter().collect()
    };
    for (i, &c) in chars.iter().enumerate() {
        if thai::is_mark(c) {
            add("mark dropped", with(i, None));
        }
        let tone = match c {
            '่' => Some('้'),
            '้' => Some('่'),
            _ => None,
        };
        if let Some(t) = tone {
            add("tone mark swapped", with(i, Some(t)));
        }
        let sound = match c {
            'ศ' | 'ษ' => Some('ส'),
            'ส' => Some('ศ'),
            'ณ' => Some('น'),
            'น' => Some('ณ'),
            'ค' => Some('ฅ'),
            'ฎ' => Some('ฏ'),
            _ => None,
        };
        if let Some(s) = sound {
            add("same-sound letter", with(i, Some(s)));
        }
    }
    out
}

/// One slip searched: its rule, whether it found nothing, and where the word meant was offered.
struct Row {
    kind: &'static str,
    nothing: bool,
    first: bool,
    among: bool,
}

pub fn run(site: &Path) -> Result<()> {
    let engine = search_memory::open(site)?;
    let analyzer = engine.analyzer()?.clone();
    let mut rows: Vec<Row> = Vec::new();
    let mut times = Vec::new();
    let mut first_answer = None;
    for word in WORDS {
        for (kind, slip) in slips(word, &analyzer) {
            let started = Instant::now();
            let answer = engine.search(&SearchRequest::new(slip.as_str()))?;
            let took = started.elapsed().as_secs_f64() * 1e3;
            if answer.total > 0 {
                rows.push(Row {
                    kind,
                    nothing: false,
                    first: false,
                    among: false,
                });
                continue;
            }
            if first_answer.is_none() {
                first_answer = Some(took);
            } else {
                times.push(took);
            }
            let offered: Vec<&str> = answer.suggestions.iter().map(|s| s.word.as_str()).collect();
            let first = offered.first() == Some(word);
            let among = offered.contains(word);
            if !first {
                println!("{kind}\t{slip}\tmeant {word}\toffered {offered:?}");
            }
            rows.push(Row {
                kind,
                nothing: true,
                first,
                among,
            });
        }
    }
    println!("kind\tslips\tfind nothing\tword offered first\tamong the offers");
    for kind in [
        "mark dropped",
        "tone mark swapped",
        "same-sound letter",
        "all",
    ] {
        let of: Vec<&Row> = rows
            .iter()
            .filter(|r| kind == "all" || r.kind == kind)
            .collect();
        let n = |f: fn(&Row) -> bool| of.iter().filter(|r| f(r)).count();
        println!(
            "{kind}\t{}\t{}\t{}\t{}",
            of.len(),
            n(|r| r.nothing),
            n(|r| r.first),
            n(|r| r.among)
        );
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    eprintln!(
        "an answer with offers: the first (reading the archive's words) {:.1} ms, then median {median:.1} ms over {}",
        first_answer.unwrap_or(0.0),
        times.len()
    );
    Ok(())
}
