//! Catalogue metadata from the text of Thai local-government documents: issuing agency
//! (หน่วยงาน), title (เรื่อง), date (วันที่), fiscal year (ปีงบประมาณ), department (สำนัก/กอง),
//! document number (ที่ …/…) and disclosure category; plus personal data ([`pii`]) that must not
//! be published.
//!
//! Pure functions over text: no I/O, no panics on input. Every extractor works from the evidence
//! officials themselves rely on (the issuer header, the "เรื่อง" line, the signing line
//! "ประกาศ ณ วันที่ …") and falls back to weaker evidence, naming the weakly guessed fields in
//! [`DocMeta::uncertain`] so a reviewer knows what to check.

use chrono::NaiveDate;
use serde::Serialize;

mod agency;
pub mod catalogue;
mod category;
pub mod contact;
mod department;
mod doc_date;
mod doc_number;
mod fiscal;
pub mod pii;
pub mod province;
mod text;
pub mod thai_date;
mod title;
mod withhold;

use catalog::taxonomy;

pub use fiscal::fiscal_year_of;
pub use withhold::{is_possible_year, Reading, Why, Withheld, EARLIEST_YEAR};

/// Metadata of one document. `None` means "not found", never a placeholder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocMeta {
    pub title: Option<String>,
    /// Full name of the issuing local government, e.g. "องค์การบริหารส่วนตำบลโคกทราย".
    pub agency: Option<String>,
    /// Canonical department name, e.g. "กองคลัง", "สำนักปลัด".
    pub department: Option<String>,
    /// จังหวัด (province) of the agency, as in [`province::PROVINCES`].
    pub province: Option<String>,
    /// Taxonomy id (catalog/data/taxonomy.toml); "other" when nothing matched.
    pub category: Option<String>,
    /// The document's own date (C.E.), preferring the signing date.
    pub date: Option<NaiveDate>,
    /// Fiscal year, B.E.
    pub fiscal_year: Option<u32>,
    /// "12/2563" or a letter number such as "ชม 78001/ว 123", Arabic digits.
    pub doc_number: Option<String>,
    /// Fields filled from weak evidence ("title" from the first lines, "date" as the latest
    /// date in the text…), for review.
    pub uncertain: Vec<&'static str>,
    /// Dates and fiscal years found in the text but not published (see [`Reading`]): an
    /// impossible year, or an OCR reading nothing confirms. Their fields are `None`.
    pub withheld: Vec<Withheld>,
}

/// Extracts metadata from a document's text.
///
/// `rel_path`: the path relative to the documents folder, '/'-separated; folder names carry the
/// department and category an agency filed the document under. `embedded_title`: the title from
/// the file's own metadata, if any. `reading`: the build's as-of year and, for OCR'd text, the
/// spans read with low confidence; dates and years they rule out are [`DocMeta::withheld`].
pub fn extract(
    text: &str,
    rel_path: &str,
    embedded_title: Option<&str>,
    reading: &Reading<'_>,
) -> DocMeta {
    let original = text;
    let text = text.trim_start_matches('\u{FEFF}');
    let bom = original.len() - text.len();
    let (text, dropped) = thai::repair_tracked(text);
    // The OCR'd and doubtful spans, moved to the repaired text.
    let moved = |spans: &[std::ops::Range<usize>]| -> Vec<std::ops::Range<usize>> {
        let at = |o: usize| thai::shift_offset(o.saturating_sub(bom), &dropped);
        spans.iter().map(|r| at(r.start)..at(r.end)).collect()
    };
    let (ocr_read, doubtful) = (moved(reading.ocr_read), moved(reading.ocr_doubtful));
    let reading = Reading {
        ocr_read: &ocr_read,
        ocr_doubtful: &doubtful,
        ..*reading
    };
    let lines: Vec<&str> = text.lines().collect();
    let rel_path = thai::repair(rel_path);
    let (folders, file_stem) = split_path(&rel_path);
    let embedded = embedded_title.map(thai::repair);
    let mut meta = DocMeta::default();

    if let Some((t, source)) = title::find(&lines, embedded.as_deref()) {
        if source == title::Source::FirstLines {
            meta.uncertain.push("title");
        }
        meta.title = Some(t);
    }

    if let Some((a, source)) = agency::find(&lines, &folders) {
        if source == agency::Source::Mentions {
            meta.uncertain.push("agency");
        }
        meta.agency = Some(a);
    }
    meta.province = province::find(meta.agency.as_deref(), &lines).map(str::to_string);

    let mut top_end = text.len().min(floor_char_boundary(&text, 2500));
    let mut date = None;
    if let Some((d, source, signing_at)) = doc_date::find(&text, &lines) {
        if source == doc_date::Source::Latest {
            meta.uncertain.push("date");
        }
        if let Some(at) = signing_at {
            top_end = at;
        }
        date = Some((d.date, d.start..d.end));
    }

    // A fiscal year the document names wins; the title first, then the announcement proper
    // (before its signing line), then the year the date falls in. Where the title's year is
    // written in the text is where the text names it first.
    let in_top = fiscal::explicit_at(&text[..top_end]);
    let named = match meta.title.as_deref().and_then(fiscal::explicit) {
        Some(year) => Some((
            year,
            fiscal::explicit_at(&text)
                .filter(|(y, _)| *y == year)
                .map(|(_, at)| at),
        )),
        None => in_top.map(|(year, at)| (year, Some(at))),
    };
    let named_year = named.as_ref().map(|(year, _)| *year);
    let (date, fiscal_year, withheld) = withhold::settle(&text, date, named, &reading);
    meta.date = date;
    meta.fiscal_year = fiscal_year;
    meta.withheld = withheld;
    if named_year.is_none() && meta.uncertain.contains(&"date") {
        meta.uncertain.push("fiscal_year");
    }

    if let Some((d, source)) = department::find(&lines, &folders) {
        if source == department::Source::Body {
            meta.uncertain.push("department");
        }
        meta.department = Some(d.to_string());
    }

    meta.doc_number = doc_number::find(&lines);

    let (cat, source) = category::classify(&folders, file_stem, meta.title.as_deref());
    if source == category::Source::Default {
        meta.uncertain.push("category");
    }
    meta.category = Some(cat.to_string());
    meta
}

/// Folder names and the file name without its extension.
fn split_path(rel_path: &str) -> (Vec<&str>, &str) {
    let mut parts: Vec<&str> = rel_path
        .split(['/', '\\'])
        .filter(|p| !p.trim().is_empty())
        .collect();
    let file = parts.pop().unwrap_or("");
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    (parts, stem)
}

/// The largest char boundary ≤ `at`, so slicing never splits a Thai character.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_folders_and_stem() {
        assert_eq!(
            split_path("กองคลัง/สขร1/ก.ข.pdf"),
            (vec!["กองคลัง", "สขร1"], "ก.ข")
        );
        assert_eq!(split_path("file"), (vec![], "file"));
        assert_eq!(split_path(""), (vec![], ""));
    }

    #[test]
    fn empty_and_hostile_input_do_not_panic() {
        for text in [
            "",
            "\u{FEFF}",
            "เรื่อง",
            "ประกาศ",
            "ที่ /",
            "๓๑ ก.พ. ๖๓",
            "\u{F70B}\u{0E4D}\u{0E32}",
            "@@@",
            "ที่",
        ] {
            let m = extract(text, "", None, &Reading::text(2569));
            assert_eq!(m.category.as_deref(), Some("other"), "{text:?}");
        }
        let long = "ก".repeat(5000);
        assert!(extract(&long, "a/b/c.txt", Some(""), &Reading::text(2569))
            .agency
            .is_none());
    }

    #[test]
    fn uncertain_fields_are_named() {
        let m = extract(
            "รายงานผลการดำเนินงาน\n\nเมื่อ ๑ มีนาคม ๒๕๖๓ แล้ว",
            "x.pdf",
            None,
            &Reading::text(2569),
        );
        assert_eq!(m.uncertain, ["title", "date", "fiscal_year"]);
        assert_eq!(m.fiscal_year, Some(2563));
        assert_eq!(m.category.as_deref(), Some("budget"));
    }
}
