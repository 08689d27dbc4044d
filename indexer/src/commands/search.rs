//! `khlang search SITE QUERY`: the browser's search, from the command line.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};
use catalog::display::{
    facet_label, facet_value_label, format_date, format_size, ocr_notice, Lang,
};
use catalog::snippet::Snippet;
use catalog::{FacetKind, Filters, SearchRequest, SearchResponse, Sort};

use crate::cli::SearchArgs;
use crate::site::load_engine;

/// Runs `khlang search`.
pub fn run(args: &SearchArgs) -> Result<ExitCode> {
    let engine = load_engine(&args.site)?;
    let Some(sort) = Sort::from_name(&args.sort) else {
        bail!(
            "unknown --sort {:?}: use relevance, newest or oldest",
            args.sort
        );
    };
    let mut filters = Filters::default();
    let taxonomy = catalog::taxonomy::builtin();
    for c in &args.category {
        let id = taxonomy
            .resolve(c)
            .map(|cat| cat.id.clone())
            .unwrap_or_else(|| c.clone());
        filters.select(FacetKind::Category, id);
    }
    for y in &args.year {
        filters.select(FacetKind::FiscalYear, y.trim());
    }
    for d in &args.department {
        filters.select(FacetKind::Department, d.trim());
    }
    for a in &args.agency {
        filters.select(FacetKind::Agency, a.trim());
    }
    for p in &args.province {
        let p = metadata::province::parse(p).unwrap_or(p.trim());
        filters.select(FacetKind::Province, p);
    }
    let request = SearchRequest {
        query: args.query.clone(),
        filters,
        sort,
        offset: args.offset,
        limit: args.limit,
        other_spellings: args.other_spellings,
    };
    let response = engine.search(&request)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&response)?)?;
    } else {
        print_listing(&args.site, &request, &response)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The other spellings of the query's words the archive's documents use (crate::spelling in
/// catalog): offered, with what each adds, or said to be included.
fn print_spellings(
    site: &Path,
    request: &SearchRequest,
    response: &SearchResponse,
) -> Result<(), crate::output::WriteError> {
    if response.spellings.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = response
        .spellings
        .iter()
        .map(|s| format!("{} (+{})", s.other, s.adds))
        .collect();
    if request.other_spellings {
        outln!(
            "  รวมคำที่สะกดต่างแล้ว / other spellings included: {}",
            listed.join(", ")
        )?;
    } else {
        outln!(
            "  รวมคำที่สะกดต่าง / other spellings: {} — khlang search {} --other-spellings -- \"{}\"",
            listed.join(", "),
            site.display(),
            request.query.replace('"', "\\\"")
        )?;
    }
    Ok(())
}

fn print_listing(
    site: &Path,
    request: &SearchRequest,
    response: &SearchResponse,
) -> Result<(), crate::output::WriteError> {
    let shown = if request.query.trim().is_empty() {
        "ทุกเอกสาร / all documents".to_string()
    } else {
        format!("“{}”", request.query)
    };
    outln!(
        "พบ {} เอกสาร / {} documents: {shown}",
        response.total,
        response.total
    )?;
    // Offered, never searched instead: the reader runs the one meant (crate::spelling).
    for offer in &response.suggestions {
        outln!(
            "  หมายถึง / did you mean: {} — พบ {} เอกสาร / {} documents: khlang search {} -- \"{}\"",
            offer.word,
            offer.total,
            offer.total,
            site.display(),
            // Thai as it reads (a Debug string would escape its marks), quotes escaped.
            offer.query.replace('"', "\\\"")
        )?;
    }
    print_spellings(site, request, response)?;
    for (i, hit) in response.hits.iter().enumerate() {
        outln!("\n{:>3}. {}", request.offset + i + 1, hit.facts.title)?;
        if hit.other_spelling {
            outln!("     (พบจากคำที่สะกดต่าง / found through another spelling)")?;
        }
        let mut facts = Vec::new();
        facts.extend(hit.facts.agency.clone());
        facts.extend(hit.facts.department.clone());
        if let Some(c) = &hit.facts.category {
            facts.push(facet_value_label(FacetKind::Category, c, Lang::Thai));
        }
        if let Some(y) = hit.facts.fiscal_year {
            facts.push(format!("ปีงบประมาณ {y}"));
        }
        if let Some(d) = hit.facts.date {
            facts.push(format_date(d, Lang::Thai));
        }
        facts.push(format!(
            "{} {}",
            hit.facts.file_type,
            format_size(hit.facts.size)
        ));
        outln!("     {}", facts.join(" · "))?;
        let snippet = Snippet {
            text: hit.snippet.clone(),
            highlights: hit.highlights.clone(),
        };
        let marked: String = snippet
            .pieces()
            .into_iter()
            .map(|(text, hl)| {
                if hl {
                    format!("[{text}]")
                } else {
                    text.to_string()
                }
            })
            .collect();
        if !marked.is_empty() {
            outln!("     {marked}")?;
        }
        if let Some(c) = hit.facts.ocr_confidence {
            outln!("     ({})", ocr_notice(c, Lang::Thai))?;
        }
        for note in &hit.facts.notes {
            outln!("     ({note})")?;
        }
        // The copy's name may differ from the original's (made valid for USB sticks).
        let copy = percent_encoding::percent_decode_str(&hit.facts.url).decode_utf8_lossy();
        outln!("     {}", site.join(copy.as_ref()).display())?;
    }
    for kind in FacetKind::ALL {
        let Some(counts) = response.facets.get(kind.field_name()) else {
            continue;
        };
        if counts.is_empty() {
            continue;
        }
        let mut values: Vec<_> = counts.iter().collect();
        values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = values
            .iter()
            .map(|(v, n)| format!("{} ({n})", facet_value_label(kind, v, Lang::Thai)))
            .collect();
        outln!(
            "\n{} / {}: {}",
            facet_label(kind, Lang::Thai),
            facet_label(kind, Lang::English),
            listed.join(", ")
        )?;
    }
    Ok(())
}
