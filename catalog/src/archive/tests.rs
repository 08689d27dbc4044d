//! The archive round trip: files packed, then read back part by part as the app and
//! `khlang search` read them, checked for exactness, laziness and tampering.

use std::collections::BTreeMap;
use std::path::Path;

use tantivy::directory::OwnedBytes;
use tantivy::Directory as _;

use super::*;

fn files(names: &[(&str, usize)]) -> BTreeMap<String, OwnedBytes> {
    names
        .iter()
        .enumerate()
        .map(|(i, &(name, n))| {
            let bytes: Vec<u8> = (0..n).map(|b| (b * 7 + i) as u8).collect();
            (name.to_string(), OwnedBytes::new(bytes))
        })
        .collect()
}

fn plain(files: &BTreeMap<String, OwnedBytes>) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|(n, b)| (n.clone(), b.as_slice().to_vec()))
        .collect()
}

/// Start ranges: none, or each file's first 10 and last 5 bytes.
fn starts(files: &BTreeMap<String, OwnedBytes>) -> [StartRanges; 2] {
    let ends = files
        .iter()
        .map(|(n, b)| {
            let len = b.len() as u64;
            (n.clone(), vec![0..10.min(len), len.saturating_sub(5)..len])
        })
        .collect();
    [StartRanges::new(), ends]
}

/// `n` pseudo-random bytes (xorshift from `seed`): they do not shrink deflated, as bit-packed
/// postings do not.
pub(super) fn noise(n: usize, seed: &mut u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed as u8
        })
        .collect()
}

/// Files of [`noise`], so parts carry them as they are.
fn noise_files(names: &[(&str, usize)]) -> BTreeMap<String, OwnedBytes> {
    let mut seed = 0x2545F4914F6CDD1Du64;
    names
        .iter()
        .map(|&(name, n)| (name.to_string(), OwnedBytes::new(noise(n, &mut seed))))
        .collect()
}

/// The table of contents' text (UTF-8).
fn toc_text(site: &[SiteFile]) -> &str {
    std::str::from_utf8(&site[0].1).unwrap()
}

/// Adds site file `i` (a part script) to `unpacker`, read as `khlang search` reads it.
fn add_part(unpacker: &mut Unpacker, site: &[SiteFile], i: usize) {
    let (path, bytes) = &site[i];
    let text = script_text(path, bytes).unwrap();
    let (index, payload) = parse_part_script(path, &text).unwrap();
    unpacker.add_part(index, payload).unwrap();
}

/// A UTF-16 part script with one code unit of its payload changed to another in range.
fn altered_script(path: &str, bytes: &[u8], unit: usize) -> Vec<u8> {
    let text = script_text(path, bytes).unwrap();
    let (_, payload) = parse_part_script(path, &text).unwrap();
    let at = text.find(payload).unwrap();
    let mut units: Vec<u16> = text.encode_utf16().collect();
    let head = text[..at].encode_utf16().count();
    units[head + unit] ^= 1;
    let mut out = vec![0xFF, 0xFE];
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

#[test]
fn round_trips_files_across_parts_and_pages() {
    for names in [
        vec![],
        vec![("a.idx", 0)],
        vec![("a.idx", 10), ("b.store", 20)],
        vec![
            ("a.idx", PART_BYTES + 5),
            ("b.store", 3 * STORE_PAGE_BYTES + 1),
            ("c.pos", PART_BYTES * 2),
        ],
    ] {
        let input = files(&names);
        for start in starts(&input) {
            let site = pack_planned("t", 1, "test", &input, &start);
            assert_eq!(site[0].0, TOC_FILE);
            let (toc, got) = unpack(&site).unwrap();
            assert_eq!(got, plain(&input), "files {names:?}");
            assert_eq!(
                site,
                pack_planned("t", 1, "test", &input, &start),
                "deterministic"
            );
            // Stored documents come in pages, everything else in big parts.
            for part in &toc.parts[toc.start + toc.index..] {
                assert!(part.bytes as usize <= STORE_PAGE_BYTES, "{part:?}");
                assert!(part
                    .pieces
                    .iter()
                    .all(|p| toc.files[p.file].name.ends_with(".store")));
            }
            let start_bytes: u64 = toc.parts[toc.start_parts()].iter().map(|p| p.bytes).sum();
            let planned: u64 = start.values().flatten().map(|r| r.end - r.start).sum();
            assert!(start_bytes <= planned, "start holds only what was planned");
        }
    }
}

#[test]
fn a_read_of_bytes_not_loaded_names_the_parts_that_hold_them() {
    let input = files(&[("a.idx", 100_000), ("b.store", 5 * STORE_PAGE_BYTES)]);
    let [_, start] = starts(&input);
    let site = pack_planned("t", 1, "test", &input, &start);
    let toc = parse_toc_script(toc_text(&site)).unwrap();
    let mut unpacker = Unpacker::new(toc.clone());
    for i in toc.start_parts() {
        add_part(&mut unpacker, &site, i + 1);
    }
    let sparse = unpacker.sparse();
    let store = sparse.get_file_handle(Path::new("b.store")).unwrap();
    let len = store.len();
    // The planned ranges are there at once.
    assert_eq!(
        store.read_bytes(0..10).unwrap().as_slice(),
        &input["b.store"][0..10]
    );
    assert_eq!(
        store.read_bytes(len - 5..len).unwrap().as_slice(),
        &input["b.store"][len - 5..]
    );
    assert!(sparse.take_wanted().is_empty());
    // A range across two pages needs exactly those two (pages follow the first 10 bytes).
    let boundary = 10 + 2 * STORE_PAGE_BYTES;
    let across = boundary - 3..boundary + 3;
    assert!(store.read_bytes(across.clone()).is_err());
    let wanted = sparse.take_wanted();
    assert_eq!(wanted.len(), 2, "{wanted:?}");
    assert!(wanted.iter().all(|&p| p >= toc.start + toc.index));
    for &i in &wanted {
        add_part(&mut unpacker, &site, i + 1);
    }
    assert_eq!(
        store.read_bytes(across.clone()).unwrap().as_slice(),
        &input["b.store"][across]
    );
    // The index file is whole once its parts are in, and reads from it do not copy.
    assert!(sparse.missing(toc.index_parts()).len() == toc.index);
    for i in toc.index_parts() {
        add_part(&mut unpacker, &site, i + 1);
    }
    let idx = sparse.get_file_handle(Path::new("a.idx")).unwrap();
    assert_eq!(
        idx.read_bytes(0..100_000).unwrap().as_slice(),
        input["a.idx"].as_slice()
    );
    assert!(sparse.missing(toc.index_parts()).is_empty());
}

#[test]
fn pages_beyond_the_budget_are_dropped_oldest_first_and_asked_for_again() {
    let input = files(&[("b.store", 6 * STORE_PAGE_BYTES)]);
    let site = pack_planned("t", 1, "test", &input, &StartRanges::new());
    let toc = parse_toc_script(toc_text(&site)).unwrap();
    let mut unpacker = Unpacker::new(toc.clone());
    let sparse = unpacker.sparse();
    sparse.keep_at_most(toc.store_parts(), 3 * STORE_PAGE_BYTES as u64);
    let add = |unpacker: &mut Unpacker, i: usize| add_part(unpacker, &site, i + 1);
    let pages: Vec<usize> = toc.store_parts().collect();
    assert_eq!(pages.len(), 6);
    for &p in &pages[..4] {
        add(&mut unpacker, p);
    }
    assert_eq!(
        sparse.missing(toc.store_parts()),
        vec![pages[0], pages[4], pages[5]]
    );
    let store = sparse.get_file_handle(Path::new("b.store")).unwrap();
    assert!(store.read_bytes(0..10).is_err());
    assert_eq!(sparse.take_wanted(), vec![pages[0]]);
    add(&mut unpacker, pages[0]);
    assert_eq!(
        store.read_bytes(0..10).unwrap().as_slice(),
        &input["b.store"][0..10]
    );
    assert_eq!(
        sparse.missing(toc.store_parts()),
        vec![pages[1], pages[4], pages[5]]
    );
}

#[test]
fn detects_altered_and_missing_parts() {
    let input = noise_files(&[("a.idx", 100), ("b.idx", PART_BYTES)]);
    let mut site = pack_planned("t", 1, "test", &input, &StartRanges::new());
    site[1].1 = altered_script(&site[1].0, &site[1].1, 0);
    assert!(matches!(unpack(&site), Err(ArchiveError::Checksum { .. })));
    let toc = parse_toc_script(toc_text(&site)).unwrap();
    let mut lenient = Unpacker::new(toc);
    for (i, (path, bytes)) in site[1..].iter().enumerate() {
        let script = script_text(path, bytes).unwrap();
        let (index, payload) = parse_part_script(path, &script).unwrap();
        assert_eq!(
            lenient.add_part_even_if_altered(index, payload).unwrap(),
            i != 0,
            "only part 0 was altered"
        );
    }
    assert_eq!(lenient.progress(), (2, 2), "the altered part is kept");
    let site = pack_planned("t", 1, "test", &input, &StartRanges::new());
    let toc = parse_toc_script(toc_text(&site)).unwrap();
    assert!(matches!(
        Unpacker::new(toc).finish(),
        Err(ArchiveError::Missing { .. })
    ));
}

#[test]
fn parts_that_shrink_travel_deflated_and_an_altered_one_is_refused() {
    let input = files(&[("a.idx", PART_BYTES), ("b.store", 2 * STORE_PAGE_BYTES)]);
    let noise = noise_files(&[("c.pos", 1000)]);
    let mut both = input.clone();
    both.extend(noise);
    let site = pack_planned("t", 1, "test", &both, &StartRanges::new());
    let (toc, got) = unpack(&site).unwrap();
    assert_eq!(got, plain(&both));
    for part in &toc.parts {
        let noisy = part
            .pieces
            .iter()
            .all(|p| toc.files[p.file].name == "c.pos");
        assert_eq!(part.deflated.is_none(), noisy, "{part:?}");
        if let Some(carried) = part.deflated {
            assert!(carried < part.bytes / 4, "{part:?}");
        }
    }
    // Deflated or not, a part's script is a fifteenth larger than what it carries: the mark,
    // `khlang_part(N,"` and `");` and a line break, and 16 bits of script for 15 carried.
    for (info, (_, script)) in toc.parts.iter().zip(&site[1..]) {
        let carried = info.deflated.unwrap_or(info.bytes) as usize;
        assert_eq!(
            script.len(),
            2 + 2 * (19 + (carried * 8).div_ceil(15)),
            "{info:?}"
        );
    }
    for unit in [0, 1, 100] {
        let mut altered = site.clone();
        altered[1].1 = altered_script(&site[1].0, &site[1].1, unit);
        assert!(
            matches!(
                unpack(&altered),
                Err(ArchiveError::Checksum { .. } | ArchiveError::BadPart { .. })
            ),
            "unit {unit}"
        );
    }
}

#[test]
fn parts_encoded_in_any_order_make_the_same_site_and_only_their_own_table_of_contents() {
    let input = files(&[
        ("a.idx", PART_BYTES + 100),
        ("b.store", 3 * STORE_PAGE_BYTES),
    ]);
    let [_, start] = starts(&input);
    let packing = Packing::with_start(input.clone(), &start);
    let planned: Vec<PlannedPart> = packing.parts().collect();
    // Encoded last to first, as threads may finish them, and put back in order.
    let mut encoded: Vec<(PartInfo, Vec<u8>)> =
        planned.iter().rev().map(|part| part.encode()).collect();
    encoded.reverse();
    let expected = pack_planned("t", 1, "test", &input, &start);
    assert_eq!(encoded.len() + 1, expected.len());
    for ((info, script), (path, bytes)) in encoded.iter().zip(&expected[1..]) {
        assert_eq!((&info.path, script), (path, bytes));
    }
    let mut infos: Vec<PartInfo> = encoded.into_iter().map(|(info, _)| info).collect();
    let toc = packing.toc("t", 1, "test", infos.clone()).unwrap();
    assert_eq!(toc, expected[0]);
    infos.swap(0, 1);
    assert!(matches!(
        packing.toc("t", 1, "test", infos.clone()),
        Err(ArchiveError::BadToc { .. })
    ));
    infos.pop();
    assert!(packing.toc("t", 1, "test", infos).is_err());
}

#[test]
fn rejects_tables_of_contents_that_do_not_cover_the_files() {
    let input = files(&[("a.idx", 100)]);
    let site = pack_planned("t", 1, "test", &input, &StartRanges::new());
    let json = call_argument(toc_text(&site), TOC_CALLBACK).unwrap();
    assert!(parse_toc_json(json).is_ok());
    for (from, to) in [
        ("[0,0,100]", "[0,0,90]"),
        ("[0,0,100]", "[0,10,100]"),
        ("[0,0,100]", "[1,0,100]"),
    ] {
        let bad = json.replace(from, to);
        assert_ne!(bad, json);
        assert!(
            matches!(parse_toc_json(&bad), Err(ArchiveError::BadToc { .. })),
            "{to}"
        );
    }
    assert!(matches!(
        parse_toc_json(r#"{"format":1,"parts":[]}"#),
        Err(ArchiveError::Version { found: 1 })
    ));
}
