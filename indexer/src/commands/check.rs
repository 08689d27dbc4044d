//! `khlang check DOCS [--json]`: what staff should look at before publishing — per document,
//! metadata that is missing, was guessed from weak evidence or was held back (an impossible
//! year, an OCR'd date nothing confirms), and personal data (PDPA); for the
//! whole folder, which disclosure categories (ITA) have documents in each fiscal year and which
//! are still empty.
//!
//! Metadata is settled exactly as `build` settles it (catalogue.csv over the text), so a
//! document `check` passes is published with the metadata `check` saw.

use std::process::ExitCode;

use std::collections::HashMap;
use std::sync::Mutex;

use anyhow::Result;
use catalog::analysis::Analyzer;
use catalog::spelling::{self, Miner, Spellings};
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::CheckArgs;
use crate::documents::cache::Cache;
use crate::documents::catalogue::CATALOGUE_FILE;
use crate::documents::coverage::{Coverage, YearCoverage};
use crate::documents::dictionary;
use crate::documents::findings::{self, contacts, FileFindings, Finding, Kind, Severity};
use crate::documents::folder::docs_folder;
use crate::documents::report::Problem;
use crate::documents::settle::settle;
use crate::documents::slips;
use crate::documents::survey::survey;
use crate::documents::window::{self, Window};

#[derive(Debug, Serialize)]
struct Report {
    files: Vec<FileFindings>,
    /// Fiscal year (B.E., as a string key) → coverage.
    coverage: std::collections::BTreeMap<String, YearCoverage>,
}

/// Runs `khlang check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    // The year a document may carry at most is judged on the same day a build today would use.
    let as_of = window::as_of(None)?;
    let as_of_year = metadata::thai_date::be_year(as_of);
    // Slips are told from the words of the whole folder (crate::documents::slips), as a
    // build tells them: each document's words counted here, its candidates kept.
    let docs = docs_folder(&args.read.docs)?;
    let analyzer = Analyzer::new(dictionary::read(&docs, &mut Vec::new()));
    let words = Mutex::new(Miner::default());
    let found = survey(
        &args.read.docs,
        &args.read.options(),
        &args.read.cache.location(),
        |c, extracted, row| {
            let settled = settle(&c.rel, extracted, row, as_of_year);
            let found = findings::of_document(&settled, row, extracted);
            let waiting = matches!(Window::of(row, as_of), Window::NotYet(_));
            let filed = settled
                .facts
                .fiscal_year
                .map(|year| (year, settled.category().to_string(), waiting));
            let mut forms = spelling::forms(&settled.facts.title, &analyzer);
            let body = spelling::forms(&extracted.text, &analyzer);
            forms.words.extend(body.words);
            for (c, named) in body.candidates {
                *forms.candidates.entry(c).or_default() |= named;
            }
            let mut candidates: Vec<(String, bool)> = forms.candidates.drain().collect();
            candidates.sort();
            if let Ok(mut miner) = words.lock() {
                miner.add(forms);
            }
            (found, filed, candidates)
        },
    )?;
    let mut miner = words.into_inner().unwrap_or_default();
    let rows = found.catalogue.problems.iter().map(|p| {
        Problem::new(
            format!("{CATALOGUE_FILE} line {}", p.line),
            format!("{}: {} (build ignores this row)", p.file, p.reason),
        )
    });
    let mut files: Vec<FileFindings> = rows
        .chain(found.skipped.iter().cloned())
        .map(|p| findings::left_out(&p))
        .collect();
    let mut coverage = Coverage::default();
    let mut candidates = Vec::new();
    for (c, result) in found.documents {
        match result {
            Ok((findings, filed, slips)) => {
                if let Some((year, category, waiting)) = filed {
                    coverage.add(year, &category, waiting);
                }
                miner.add_candidates(slips.iter().cloned());
                candidates.push((c.rel.clone(), slips));
                files.push(FileFindings {
                    path: c.rel,
                    findings,
                });
            }
            Err(reason) => files.push(FileFindings {
                path: c.rel,
                findings: vec![Finding::with_detail(Kind::Unreadable, reason)],
            }),
        }
    }
    let spellings = Spellings::new(miner.variants());
    let held = holding(&spellings, &candidates, args, &analyzer);
    let spellings = slips::confirmed(spellings, |v| {
        Ok(held.get(&v.slip).copied().unwrap_or((0, 0)))
    })?;
    slips::add_notes(&mut files, &spellings.slips, &candidates);
    let contact_lines = contacts::drop_published_lines(&mut files);
    let [errors, warnings, _] = findings::count(&files);
    if args.json {
        let report = Report {
            files,
            coverage: coverage.by_year(),
        };
        outln!("{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        out!("{}", findings::print::render(&files, args.verbose))?;
        outln!("\nหมวดตาม ITA ต่อปีงบประมาณ / ITA coverage by fiscal year:")?;
        out!("{}", coverage.table(100))?;
        summary(&files, contact_lines, args.strict)?;
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// For each slip, how many documents hold its letters anywhere in their text, and how many of
/// them do not hold its word's (see crate::documents::slips::confirmed): the folder's texts
/// read again, through the cache.
fn holding(
    spellings: &Spellings,
    documents: &[(String, Vec<(String, bool)>)],
    args: &CheckArgs,
    analyzer: &Analyzer,
) -> HashMap<String, (u64, u64)> {
    // Slips at 2i, their words at 2i + 1.
    let forms: Vec<&str> = spellings
        .pairs()
        .iter()
        .flat_map(|v| [v.slip.as_str(), v.word.as_str()])
        .collect();
    let Ok(automaton) = aho_corasick::AhoCorasick::new(&forms) else {
        return HashMap::new();
    };
    let Ok(docs) = docs_folder(&args.read.docs) else {
        return HashMap::new();
    };
    let options = args.read.options();
    let cache = Cache::open(&args.read.cache.location(), &options);
    let found: Vec<Vec<bool>> = documents
        .par_iter()
        .map(|(rel, _)| {
            let mut held = vec![false; forms.len()];
            if let Ok((_, text)) = cache.extract(&docs.join(rel), &options) {
                let text = analyzer.normalize(&text.text);
                for m in automaton.find_overlapping_iter(text.as_str()) {
                    held[m.pattern().as_usize()] = true;
                }
            }
            held
        })
        .collect();
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for held in found {
        for (i, v) in spellings.pairs().iter().enumerate() {
            if held[2 * i] {
                let n = counts.entry(v.slip.clone()).or_default();
                n.0 += 1;
                n.1 += u64::from(!held[2 * i + 1]);
            }
        }
    }
    counts
}

/// The last lines: how many files, findings of each severity, and what the exit status means.
fn summary(
    files: &[FileFindings],
    contact_lines: usize,
    strict: bool,
) -> Result<(), crate::output::WriteError> {
    use findings::print::thousands;
    let [errors, warnings, notes] = findings::count(files);
    outln!(
        "\n{} ไฟล์ / files: {} {}, {} {}, {} {}",
        thousands(files.len()),
        thousands(errors),
        Severity::Error.words(),
        thousands(warnings),
        Severity::Warning.words(),
        thousands(notes),
        Severity::Note.words(),
    )?;
    if let Some(line) = contacts::summary(contact_lines) {
        outln!("{line}")?;
    }
    let verdict = match (errors, warnings, strict) {
        (0, 0, _) | (0, _, false) => "nothing stops publishing / ไม่มีสิ่งที่ต้องแก้ก่อนเผยแพร่",
        (0, _, true) => "--strict: warnings stop publishing",
        _ => "fix the errors before publishing / แก้ข้อผิดพลาดก่อนเผยแพร่",
    };
    outln!("{verdict}")?;
    Ok(())
}

/// `check` over the committed scans (extract/tests/fixtures/scan-*, made by make_scans.py),
/// extracted for real: tesseract with Thai data must be installed (scripts/tools.sh does).
#[cfg(test)]
mod scans {
    use super::*;

    use crate::documents::catalogue::CatalogueRow;
    use crate::documents::settle::Settled;

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
        let found = findings::of_document(&settled, &row, &text);
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
            let withheld = found.iter().find(|f| f.kind == Kind::WithheldDate);
            assert_eq!(withheld.map(|f| f.kind.id()), kind, "{name}: {found:?}");
            if let Some(f) = withheld {
                let d = f.detail.as_deref().unwrap_or_default();
                assert!(d.contains(detail), "{name}: {d}");
            }
        }
    }

    #[test]
    fn a_date_set_in_the_catalogue_settles_a_withheld_one() {
        let (_, found) = checked("scan-disagrees.png");
        assert!(found.iter().any(|f| f.kind == Kind::WithheldDate));
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
        let found = findings::of_document(&s, &row, &text);
        assert!(
            !found.iter().any(|f| f.kind == Kind::WithheldDate),
            "{found:?}"
        );
        assert_eq!(s.facts.date, row.date);
    }
}
