//! The result list: title, facts, the matching passage, a link to the document.

use catalog::display::{facet_value_label, format_date, format_size, ocr_notice};
use catalog::snippet::Snippet;
use catalog::{FacetKind, Hit, SearchResponse, Sort};
use leptos::either::Either;
use leptos::prelude::*;

use super::offer::Offer;
use super::spellings::Spellings;
use crate::i18n::{signed_by, words, Lang};
use crate::state::Ctx;

#[component]
pub fn SortSelect(lang: ReadSignal<Lang>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let current = move || ctx.sort().get().name();
    let option = move |sort: Sort| {
        let label = move || {
            let w = words(lang.get());
            match sort {
                Sort::Relevance => w.sort_relevance,
                Sort::Newest => w.sort_newest,
                Sort::Oldest => w.sort_oldest,
            }
        };
        view! { <option value=sort.name() selected=move || current() == sort.name()>{label}</option> }
    };
    view! {
        <div class="sort">
            <label for="sort">{move || words(lang.get()).sort_label}</label>
            <select id="sort" prop:value=current
                on:change=move |ev| {
                    let sort = Sort::from_name(&event_target_value(&ev)).unwrap_or_default();
                    ctx.push(|s| s.sort = sort);
                }>
                {option(Sort::Relevance)}
                {option(Sort::Newest)}
                {option(Sort::Oldest)}
            </select>
        </div>
    }
}

/// The hits of `response`, the first `limit` of them (the root renders the first screenful in
/// the keystroke and the rest in the idle time after it); `complete` once all are.
#[component]
pub fn ResultList(
    lang: ReadSignal<Lang>,
    response: Signal<Option<SearchResponse>>,
    limit: Signal<usize>,
    complete: Signal<bool>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let hits = move || {
        let limit = limit.get();
        response
            .with(|r| {
                r.as_ref().map(|r| {
                    with_loading(r)
                        .take(limit)
                        .map(|(h, loading)| (h.clone(), loading))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    // Below the last hit: shown once every hit is.
    let more = move || {
        complete.get()
            && response.with(|r| r.as_ref().is_some_and(|r| (r.hits.len() as u64) < r.total))
    };
    let empty = move || response.with(|r| r.as_ref().is_some_and(|r| r.total == 0));
    view! {
        <Show when=empty>
            <p class="no-results">{move || words(lang.get()).no_results}</p>
        </Show>
        <Offer lang=lang response=response/>
        <Spellings lang=lang response=response/>
        <ol id="results" class="hits">
            <For each=hits key=|(h, loading)| hit_key(h, *loading)
                children=move |(hit, loading)| view! { <HitView hit=hit loading=loading lang=lang/> }/>
        </ol>
        <Show when=more>
            <button id="more" class="more" type="button"
                on:click=move |_| ctx.push(|s| s.shown += catalog::search::DEFAULT_LIMIT)>
                {move || words(lang.get()).more}
            </button>
        </Show>
    }
}

/// What a hit's rendering shows that can change: a hit whose key is the same keeps its DOM.
/// (path, snippet, highlights, loading, found only through another spelling)
pub type HitKey = (String, String, Vec<(usize, usize)>, bool, bool);

pub fn hit_key(hit: &Hit, loading: bool) -> HitKey {
    (
        hit.facts.path.clone(),
        hit.snippet.clone(),
        hit.highlights.clone(),
        loading,
        hit.other_spelling,
    )
}

/// Each hit of `response` with whether its snippet is still loading (its page of stored text
/// is not in).
pub fn with_loading(response: &SearchResponse) -> impl Iterator<Item = (&Hit, bool)> {
    let pending = !response.pending.is_empty();
    response
        .hits
        .iter()
        .map(move |h| (h, pending && h.snippet.is_empty()))
}

#[component]
fn HitView(hit: Hit, loading: bool, lang: ReadSignal<Lang>) -> impl IntoView {
    let snippet = Snippet {
        text: hit.snippet.clone(),
        highlights: hit.highlights.clone(),
    };
    let pieces: Vec<(String, bool)> = snippet
        .pieces()
        .into_iter()
        .map(|(t, h)| (t.to_string(), h))
        .collect();
    let facts = {
        let hit = hit.clone();
        move || {
            let l = lang.get();
            let mut facts: Vec<String> = Vec::new();
            facts.extend(hit.facts.agency.clone());
            facts.extend(hit.facts.department.clone());
            if let Some(c) = &hit.facts.category {
                facts.push(facet_value_label(FacetKind::Category, c, l));
            }
            if let Some(y) = hit.facts.fiscal_year {
                facts.push(format!("{} {y}", words(l).fiscal_year));
            }
            if let Some(d) = hit.facts.date {
                facts.push(format_date(d, l));
            }
            facts.push(format!(
                "{} {}",
                hit.facts.file_type,
                format_size(hit.facts.size)
            ));
            facts.join(" · ")
        }
    };
    let notes = hit.facts.notes.join(" · ");
    // OCR'd text says so, with tesseract's mean word confidence.
    let ocr = hit
        .facts
        .ocr_confidence
        .map(|c| move || ocr_notice(c, lang.get()));
    // In an archive that joins several agencies' (`khlang merge`), whose archive the document
    // came from was signed by, as checked when they were joined; absent in an agency's own
    // archive, whose trust line speaks for every document.
    let source = hit.facts.source.clone().map(|source| {
        let signed = if source.signer.is_some() { "yes" } else { "no" };
        let text = move || match &source.signer {
            Some(signer) => signed_by(lang.get(), signer),
            None => words(lang.get()).not_signed.to_string(),
        };
        view! { <p class="hit-source" data-signed=signed>{text}</p> }
    });
    // Found only through an included other spelling: said in words, so a screen reader says it
    // too, under the title.
    let other_spelling = hit.other_spelling.then(|| {
        view! {
            <p class="hit-spelling">{move || words(lang.get()).found_by_other_spelling}</p>
        }
    });
    view! {
        <li class="hit" data-path=hit.facts.path.clone()
            data-other-spelling=hit.other_spelling.then_some("true")>
            <h2 class="hit-title">
                <a href=hit.facts.url.clone() target="_blank" rel="noopener">{hit.facts.title.clone()}</a>
            </h2>
            {other_spelling}
            <p class="hit-facts">{facts}</p>
            <p class="hit-snippet" class:loading=loading aria-busy=loading.then_some("true")>
                // Unmarked text is a bare text node: half the nodes to create at every keystroke
                // whose hits are new, and no type-erased view per piece.
                {pieces.into_iter().map(|(text, marked)| if marked {
                    Either::Left(view! { <mark>{text}</mark> })
                } else {
                    Either::Right(text)
                }).collect_view()}
            </p>
            {source}
            {ocr.map(|ocr| view! { <p class="hit-ocr">{ocr}</p> })}
            {(!notes.is_empty()).then(|| view! { <p class="hit-notes">{notes}</p> })}
        </li>
    }
}
