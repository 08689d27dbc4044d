//! `khlang check DOCS [--json]`: what staff should look at before publishing — per document,
//! metadata that is missing, was guessed from weak evidence or was held back (an impossible
//! year, an OCR'd date nothing confirms), and personal data (PDPA); for the
//! whole folder, which disclosure categories (ITA) have documents in each fiscal year and which
//! are still empty.
//!
//! Metadata is settled exactly as `build` settles it (catalogue.csv over the text), so a
//! document `check` passes is published with the metadata `check` saw.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Result;
use metadata::pii;
use serde::Serialize;

use crate::cli::CheckArgs;
use crate::documents::catalogue::CatalogueRow;
use crate::documents::settle::{settle, Settled};
use crate::documents::survey::survey;

/// One thing to look at in one document. `line` and `masked` are set for personal data only;
/// `detail` for values held back (what was read, why, what to do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: &'static str,
    pub line: Option<usize>,
    pub masked: Option<String>,
    /// What exactly, and what to do, where the kind alone does not say it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Finding {
    fn metadata(kind: &'static str) -> Finding {
        Finding {
            kind,
            line: None,
            masked: None,
            detail: None,
        }
    }
}

#[derive(Debug, Serialize)]
struct FileReport {
    path: String,
    findings: Vec<Finding>,
    /// Why the file could not be read; only in the readable report.
    #[serde(skip)]
    unreadable: Option<String>,
}

/// Categories with documents (id → count) and the taxonomy's categories without any.
#[derive(Debug, Default, Serialize)]
struct YearCoverage {
    present: BTreeMap<String, usize>,
    empty: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    files: Vec<FileReport>,
    /// Fiscal year (B.E., as a string key) → coverage.
    coverage: BTreeMap<String, YearCoverage>,
}

/// Runs `khlang check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    // The year a document may carry at most is judged on the same day a build today would use.
    let as_of_year = metadata::thai_date::be_year(crate::documents::window::as_of(None)?);
    let found = survey(
        &args.read.docs,
        &args.read.options(),
        &args.read.cache.location(),
        |c, extracted, row| {
            let settled = settle(&c.rel, extracted, row, as_of_year);
            // Staff who marked a document reviewed have checked its personal data.
            let personal = if row.reviewed {
                Vec::new()
            } else {
                pii::scan(&extracted.text)
            };
            let mut found = findings(&settled, row, personal);
            // Text that looks mis-extracted reaches citizens wrong: staff must see it here.
            found.extend(
                extracted
                    .notes
                    .iter()
                    .filter(|n| n.kind == "text_looks_broken")
                    .map(|n| Finding {
                        kind: "broken_text",
                        line: None,
                        masked: None,
                        detail: Some(n.english.clone()),
                    }),
            );
            (found, settled)
        },
    )?;
    for p in &found.catalogue.problems {
        eprintln!(
            "catalogue.csv line {}: {}: {} (build ignores this row)",
            p.line, p.file, p.reason
        );
    }
    for p in &found.skipped {
        eprintln!("not a document khlang can read, skipped: {p}");
    }
    let mut files = Vec::new();
    let mut years: BTreeMap<u32, BTreeMap<String, usize>> = BTreeMap::new();
    for (c, result) in found.documents {
        match result {
            Ok((findings, settled)) => {
                if let Some(year) = settled.facts.fiscal_year {
                    *years
                        .entry(year)
                        .or_default()
                        .entry(settled.category().to_string())
                        .or_default() += 1;
                }
                files.push(FileReport {
                    path: c.rel,
                    findings,
                    unreadable: None,
                });
            }
            Err(reason) => files.push(FileReport {
                path: c.rel,
                findings: vec![Finding::metadata("unreadable")],
                unreadable: Some(reason),
            }),
        }
    }
    let report = Report {
        files,
        coverage: coverage(years),
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print_readable(&report)?;
    }
    let any = report.files.iter().any(|f| !f.findings.is_empty());
    Ok(if any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Metadata findings, then personal data in reading order.
///
/// A field counts as uncertain while its value is still the guess from the text: a catalogue
/// cell that merely repeats the guess (as `khlang catalogue` writes it) has not been corrected.
fn findings(s: &Settled, row: &CatalogueRow, personal: Vec<pii::Finding>) -> Vec<Finding> {
    let guessed = |field: &str| s.extracted.uncertain.contains(&field);
    let mut out = Vec::new();
    let mut field = |missing: bool, kind: &'static str, uncertain: bool, ukind: &'static str| {
        if missing {
            out.push(Finding::metadata(kind));
        } else if uncertain {
            out.push(Finding::metadata(ukind));
        }
    };
    let e = &s.extracted;
    let held = |name: &str| s.withheld.iter().find(|w| w.field == name);
    field(
        s.facts.title.is_empty(),
        "missing_title",
        guessed("title") && (row.title.is_none() || row.title == e.title),
        "uncertain_title",
    );
    field(
        s.facts.agency.is_none(),
        "missing_agency",
        guessed("agency") && (row.agency.is_none() || row.agency == e.agency),
        "uncertain_agency",
    );
    field(
        s.facts.date.is_none() && held("date").is_none(),
        "missing_date",
        guessed("date") && (row.date.is_none() || row.date == e.date),
        "uncertain_date",
    );
    field(
        s.facts.fiscal_year.is_none() && held("fiscal_year").is_none(),
        "missing_fiscal_year",
        guessed("fiscal_year")
            && row.date.is_none()
            && (row.fiscal_year.is_none() || row.fiscal_year == e.fiscal_year),
        "uncertain_fiscal_year",
    );
    field(
        s.category() == catalog::taxonomy::OTHER,
        "uncategorised",
        false,
        "",
    );
    out.extend(s.withheld.iter().map(|w| Finding {
        kind: match w.field {
            "date" => "withheld_date",
            _ => "withheld_fiscal_year",
        },
        line: None,
        masked: None,
        detail: Some(w.to_string()),
    }));
    out.extend(personal.into_iter().map(|f| Finding {
        kind: match f.kind {
            pii::Kind::NationalId => "national_id",
            pii::Kind::Phone => "phone",
            pii::Kind::Email => "email",
        },
        line: Some(f.line),
        masked: Some(f.masked),
        detail: None,
    }));
    out
}

/// For each fiscal year with documents: the counts per category, and every category of the
/// taxonomy (but `other`) that has none.
fn coverage(years: BTreeMap<u32, BTreeMap<String, usize>>) -> BTreeMap<String, YearCoverage> {
    let taxonomy = catalog::taxonomy::builtin();
    years
        .into_iter()
        .map(|(year, present)| {
            let empty = taxonomy
                .categories
                .iter()
                .filter(|c| c.id != catalog::taxonomy::OTHER && !present.contains_key(&c.id))
                .map(|c| c.id.clone())
                .collect();
            (year.to_string(), YearCoverage { present, empty })
        })
        .collect()
}

/// Thai first, the JSON kind in brackets so staff and scripts speak of the same thing.
fn label(kind: &str) -> &'static str {
    match kind {
        "missing_title" => "ไม่พบชื่อเรื่อง / no title",
        "missing_agency" => "ไม่พบหน่วยงาน / no agency",
        "missing_date" => "ไม่พบวันที่ / no date",
        "missing_fiscal_year" => "ไม่พบปีงบประมาณ / no fiscal year",
        "uncertain_title" => "ชื่อเรื่องเดาจากบรรทัดแรก ควรตรวจ / title guessed, check it",
        "uncertain_agency" => "หน่วยงานเดาจากเนื้อหา ควรตรวจ / agency guessed, check it",
        "uncertain_date" => "วันที่เดาจากเนื้อหา ควรตรวจ / date guessed, check it",
        "uncertain_fiscal_year" => "ปีงบประมาณเดาจากวันที่ ควรตรวจ / fiscal year guessed",
        "uncategorised" => "ไม่เข้าหมวดใด (อื่น ๆ) / uncategorised",
        "withheld_date" => "วันที่ที่อ่านได้ไม่น่าเชื่อถือ จึงไม่เผยแพร่ / date withheld",
        "withheld_fiscal_year" => "ปีงบประมาณที่อ่านได้ไม่น่าเชื่อถือ จึงไม่เผยแพร่ / fiscal year withheld",
        "national_id" => "เลขประจำตัวประชาชน / national ID number",
        "phone" => "หมายเลขโทรศัพท์ / phone number",
        "email" => "อีเมล / e-mail address",
        "unreadable" => "อ่านไฟล์ไม่ได้ / cannot be read",
        "broken_text" => "ข้อความที่อ่านได้ผิดเพี้ยน / text looks mis-extracted",
        _ => "",
    }
}

fn print_readable(report: &Report) -> Result<(), crate::output::WriteError> {
    let taxonomy = catalog::taxonomy::builtin();
    let flagged: Vec<&FileReport> = report
        .files
        .iter()
        .filter(|f| !f.findings.is_empty())
        .collect();
    for file in &flagged {
        outln!("{}", file.path)?;
        for f in &file.findings {
            let at = f.line.map(|l| format!(" line {l}")).unwrap_or_default();
            let masked = f
                .masked
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            let detail = f
                .detail
                .as_deref()
                .or(file.unreadable.as_deref())
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            outln!("  {} ({}){at}{masked}{detail}", label(f.kind), f.kind)?;
        }
    }
    let personal = |kind: &str| {
        report
            .files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.kind == kind)
            .count()
    };
    outln!(
        "\n{} ไฟล์ / files, {} มีเรื่องต้องตรวจ / with findings; personal data: {} national ID, \
         {} phone, {} e-mail",
        report.files.len(),
        flagged.len(),
        personal("national_id"),
        personal("phone"),
        personal("email"),
    )?;
    outln!("\nหมวดตาม ITA ต่อปีงบประมาณ / ITA coverage by fiscal year:")?;
    if report.coverage.is_empty() {
        outln!("  (no document has a fiscal year)")?;
    }
    let name = |id: &str| {
        taxonomy
            .get(id)
            .map_or_else(|| id.to_string(), |c| format!("{} ({id})", c.th))
    };
    for (year, cov) in &report.coverage {
        let total: usize = cov.present.values().sum();
        outln!("  ปีงบประมาณ / fiscal year {year}: {total} document(s)")?;
        let present: Vec<String> = cov
            .present
            .iter()
            .map(|(id, n)| format!("{} {n}", name(id)))
            .collect();
        outln!("    มีเอกสาร / present: {}", present.join(", "))?;
        if !cov.empty.is_empty() {
            let empty: Vec<String> = cov.empty.iter().map(|id| name(id)).collect();
            outln!("    ยังไม่มี / empty: {}", empty.join(", "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text document (no OCR) with this text.
    fn doc(text: &str) -> crate::documents::cache::Text {
        crate::documents::cache::Text {
            kind: extract::FileKind::Txt,
            text: text.into(),
            title: None,
            notes: Vec::new(),
            ocr: None,
        }
    }

    #[test]
    fn a_corrected_cell_silences_the_uncertain_finding_and_a_repeated_guess_does_not() {
        let text = "รายงานผลการดำเนินงาน\n\nเมื่อ ๑ มีนาคม ๒๕๖๓ แล้ว";
        let kinds = |row: &CatalogueRow| -> Vec<&'static str> {
            let s = settle("x.txt", &doc(text), row, 2569);
            findings(&s, row, Vec::new())
                .into_iter()
                .map(|f| f.kind)
                .collect()
        };
        let none = CatalogueRow::default();
        assert!(
            kinds(&none).contains(&"uncertain_date"),
            "{:?}",
            kinds(&none)
        );
        let guessed = settle("x.txt", &doc(text), &none, 2569).facts.date;
        let repeated = CatalogueRow {
            date: guessed,
            ..CatalogueRow::default()
        };
        assert!(kinds(&repeated).contains(&"uncertain_date"));
        let corrected = CatalogueRow {
            date: chrono::NaiveDate::from_ymd_opt(2020, 2, 28),
            ..CatalogueRow::default()
        };
        let k = kinds(&corrected);
        assert!(!k.contains(&"uncertain_date") && !k.contains(&"uncertain_fiscal_year"));
    }

    #[test]
    fn coverage_lists_every_category_without_documents() {
        let mut years = BTreeMap::new();
        years.insert(2566, BTreeMap::from([("budget".to_string(), 2)]));
        let cov = coverage(years);
        let y = &cov["2566"];
        assert_eq!(y.present["budget"], 2);
        assert!(y.empty.contains(&"structure".to_string()));
        assert!(!y.empty.contains(&"budget".to_string()));
        assert!(!y.empty.contains(&"other".to_string()));
    }
}

/// `check` over the committed scans (extract/tests/fixtures/scan-*, made by make_scans.py),
/// extracted for real: tesseract with Thai data must be installed (scripts/tools.sh does).
#[cfg(test)]
mod scans {
    use super::*;

    fn checked(name: &str) -> (Settled, Vec<Finding>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../extract/tests/fixtures")
            .join(name);
        let (hash_cache, options) = (
            crate::documents::cache::Cache::open(
                &crate::documents::cache::Location::Off,
                &extract::Options::default(),
            ),
            extract::Options::default(),
        );
        let (_, text) = hash_cache
            .extract(&path, &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            text.ocr.is_some(),
            "{name} was not OCR'd: is tesseract-ocr-tha installed?"
        );
        let row = CatalogueRow::default();
        let settled = settle(name, &text, &row, 2569);
        let found = findings(&settled, &row, Vec::new());
        (settled, found)
    }

    #[test]
    fn scans_publish_only_dates_they_can_vouch_for() {
        // (file, date published, fiscal year published, withheld finding, words in its detail)
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            Option<u32>,
            Option<&'a str>,
            &'a str,
        );
        let cases: &[Case] = &[
            (
                "scan-announcement.jpg",
                Some("2024-01-15"),
                Some(2567),
                None,
                "",
            ),
            (
                "scan-year-2599.png",
                None,
                None,
                Some("withheld_date"),
                "date 3 มี.ค. 2599 (2056-03-03) not published: no disclosure can carry that year",
            ),
            (
                "scan-disagrees.png",
                None,
                None,
                Some("withheld_date"),
                "date 20 ต.ค. 2505 (1962-10-20) not published: OCR read it, and it disagrees",
            ),
        ];
        for &(name, date, fiscal_year, kind, detail) in cases {
            let (s, found) = checked(name);
            assert_eq!(
                s.facts.date.map(|d| d.to_string()).as_deref(),
                date,
                "{name}"
            );
            assert_eq!(s.facts.fiscal_year, fiscal_year, "{name}");
            let withheld = found.iter().find(|f| f.kind.starts_with("withheld_date"));
            assert_eq!(withheld.map(|f| f.kind), kind, "{name}: {found:?}");
            if let Some(f) = withheld {
                let d = f.detail.as_deref().unwrap_or_default();
                assert!(d.contains(detail), "{name}: {d}");
            }
        }
    }

    #[test]
    fn a_date_set_in_the_catalogue_settles_a_withheld_one() {
        let (_, found) = checked("scan-disagrees.png");
        assert!(found.iter().any(|f| f.kind == "withheld_date"));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../extract/tests/fixtures/scan-disagrees.png");
        let cache = crate::documents::cache::Cache::open(
            &crate::documents::cache::Location::Off,
            &extract::Options::default(),
        );
        let (_, text) = cache
            .extract(&path, &extract::Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let row = CatalogueRow {
            date: chrono::NaiveDate::from_ymd_opt(2023, 10, 20),
            ..CatalogueRow::default()
        };
        let s = settle("scan-disagrees.png", &text, &row, 2569);
        let found = findings(&s, &row, Vec::new());
        assert!(
            !found.iter().any(|f| f.kind == "withheld_date"),
            "{found:?}"
        );
        assert_eq!(s.facts.date, row.date);
    }
}
