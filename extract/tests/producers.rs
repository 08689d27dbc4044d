//! Born-digital files from the programs agencies use, read exactly: every character of the
//! source text, in order, and no space inside a word.
//!
//! The files are a handful from the extraction benchmark's matrix (`bench/extract-matrix.sh`:
//! LibreOffice in TLWG fonts, from Writer's format and from DOCX, a table, two columns;
//! Chromium's print-to-PDF; Ghostscript re-distilled), each beside the text it was made from.
//! Before the Thai repair, the LibreOffice PDFs came out with marks in drawing order (รู้ as
//! ร + ้ + ู) and ำ as ำา, Chromium's with Private-Use glyphs and "๒ ๕ ๖ ๓", the bold one with
//! "ตัวชี ้วัด".

use std::path::PathBuf;

use extract::{extract_file, Options};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/producers")
        .join(name)
}

/// The characters without whitespace, and the positions (in that sequence) before which the
/// text has a space — or, when `breaks_separate`, a line break.
fn layout(text: &str, breaks_separate: bool) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::new();
    let mut gaps = Vec::new();
    let mut gap = false;
    for c in text.chars() {
        if c == '\n' {
            gap |= breaks_separate;
        } else if c.is_whitespace() {
            gap = true;
        } else {
            if gap && !chars.is_empty() {
                gaps.push(chars.len());
            }
            gap = false;
            chars.push(c);
        }
    }
    (chars, gaps)
}

#[test]
fn born_digital_text_is_exact() {
    let cases = [
        ("libreoffice-laksaman.pdf", "source-000.txt"),
        ("libreoffice-garuda-bold.pdf", "source-004.txt"),
        ("libreoffice-from-docx-tlwgtypo.pdf", "source-003.txt"),
        ("libreoffice-table.pdf", "source-001.txt"),
        ("libreoffice-two-columns.pdf", "source-002.txt"),
        ("libreoffice.docx", "source-003.txt"),
        ("chromium.pdf", "source-000.txt"),
        ("ghostscript.pdf", "source-001.txt"),
    ];
    let opts = Options {
        ocr: false,
        ..Options::default()
    };
    for (file, source) in cases {
        let want = std::fs::read_to_string(fixture(source)).unwrap();
        let got = extract_file(&fixture(file), &opts)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .text;
        let (want_chars, want_gaps) = layout(&want, true);
        let (got_chars, got_gaps) = layout(&got, false);
        if got_chars != want_chars {
            let at = got_chars
                .iter()
                .zip(&want_chars)
                .position(|(a, b)| a != b)
                .unwrap_or(got_chars.len().min(want_chars.len()));
            let around = |v: &[char]| {
                v[at.saturating_sub(10)..(at + 10).min(v.len())]
                    .iter()
                    .collect::<String>()
            };
            panic!(
                "{file}: text differs from {source} at character {at}:\n  want …{}…\n  got  …{}…",
                around(&want_chars),
                around(&got_chars)
            );
        }
        // Every space khlang puts is a space or line break of the source (a page's own line
        // breaks are free: they say nothing about words).
        for g in got_gaps {
            assert!(
                want_gaps.binary_search(&g).is_ok(),
                "{file}: a space inside a word: …{}␣{}…",
                got_chars[g.saturating_sub(8)..g].iter().collect::<String>(),
                got_chars[g..(g + 8).min(got_chars.len())]
                    .iter()
                    .collect::<String>()
            );
        }
    }
}

/// A PDF whose producer mapped glyphs to the wrong characters (its ToUnicode says ู for the
/// glyphs of ้ and ุ for ่ — the "ให้ → ใหู"): no repair can know, so the text is
/// flagged as mis-extracted, with an example staff can find in the file.
#[test]
fn a_pdf_with_a_wrong_unicode_map_is_flagged() {
    let opts = Options {
        ocr: false,
        ..Options::default()
    };
    let x = extract_file(&fixture("../broken-tounicode.pdf"), &opts).expect("it reads");
    assert!(x.text.contains("ขูอมูล"), "the damage is there: {}", x.text);
    let broken: Vec<String> = x
        .notes
        .iter()
        .filter(|n| n.kind() == "text_looks_broken")
        .map(|n| n.to_string())
        .collect();
    assert_eq!(broken.len(), 1, "{:?}", x.notes);
    assert!(
        broken[0].contains("«") && broken[0].contains("export the PDF again"),
        "{}",
        broken[0]
    );
    // The same document, exported correctly, is not flagged.
    let good =
        extract_file(&fixture("libreoffice-from-docx-tlwgtypo.pdf"), &opts).expect("it reads");
    assert!(
        good.notes.iter().all(|n| n.kind() != "text_looks_broken"),
        "{:?}",
        good.notes
    );
}
