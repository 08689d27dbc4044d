//! Facet filters: checkboxes with counts. Values of one facet combine with OR, facets with AND;
//! each facet's counts already leave its own selection out (see catalog::collect).

use std::collections::HashMap;

use catalog::display::{facet_label, facet_value_label};
use catalog::{FacetKind, SearchResponse, UNSPECIFIED};
use leptos::prelude::*;

use crate::i18n::{show_all, words, Lang};
use crate::state::Ctx;

#[component]
pub fn FacetPanel(
    lang: ReadSignal<Lang>,
    response: Signal<Option<SearchResponse>>,
    many_agencies: RwSignal<bool>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let any_selected = move || ctx.filters().with(|f| !f.is_empty());
    let kinds = move || {
        FacetKind::ALL
            .into_iter()
            // An agency's own archive has one agency in one province: those two facets would
            // offer one choice each, so they show only where archives are joined.
            .filter(|k| {
                !matches!(k, FacetKind::Agency | FacetKind::Province) || many_agencies.get()
            })
            .collect::<Vec<_>>()
    };
    let selected = move || {
        ctx.filters()
            .with(|f| f.0.values().map(|v| v.len()).sum::<usize>())
    };
    view! {
        <aside class="facets" aria-label=move || words(lang.get()).filters>
            // Open from the start on wide screens; on a phone the results come first and the
            // filters are one tap away.
            <details class="facets-toggle" open=wide_screen()>
                <summary class="facets-summary">
                    {move || words(lang.get()).filters}
                    {move || (selected() > 0).then(|| format!(" ({})", selected()))}
                </summary>
                <For each=kinds key=|k| *k let:kind>
                    <Facet kind=kind lang=lang response=response/>
                </For>
                <button id="clear" class="clear" type="button" disabled=move || !any_selected()
                    on:click=move |_| ctx.push(|s| s.filters = Default::default())>
                    {move || words(lang.get()).clear_all}
                </button>
            </details>
        </aside>
    }
}

/// Whether the window is wide enough to show the filters beside the results.
fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w > 760.0)
}

/// One facet's values in display order: years newest first, others by count; "unspecified" last.
fn ordered_values(
    kind: FacetKind,
    response: &SearchResponse,
    selected: &[String],
) -> Vec<(String, u64)> {
    let counts = response.facets.get(kind.field_name());
    let mut values: Vec<(String, u64)> = counts
        .map(|c| c.iter().map(|(v, n)| (v.clone(), *n)).collect())
        .unwrap_or_default();
    for s in selected {
        if !values.iter().any(|(v, _)| v == s) {
            values.push((s.clone(), 0));
        }
    }
    values.sort_by(|a, b| {
        let unspecified = (a.0 == UNSPECIFIED).cmp(&(b.0 == UNSPECIFIED));
        let order = if kind == FacetKind::FiscalYear {
            b.0.cmp(&a.0)
        } else {
            b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        };
        unspecified.then(order)
    });
    values
}

/// A facet with more values than this shows only its first [`FOLDED_ROWS`] until unfolded: on a
/// phone 248 agencies are a long scroll, and every row on screen is laid out again when its
/// count changes, on most keystrokes.
const FOLD_OVER: usize = 10;
/// How many values a folded facet shows (selected values are always shown besides).
const FOLDED_ROWS: usize = 8;

/// The values of one facet that get a row: all of them, or when folded the first
/// [`FOLDED_ROWS`] and any selected one further down.
fn visible_values(
    values: &[(String, u64)],
    selected: &[String],
    unfolded: bool,
) -> Vec<(String, u64)> {
    if unfolded || values.len() <= FOLD_OVER {
        return values.to_vec();
    }
    values
        .iter()
        .enumerate()
        .filter(|(i, (v, _))| *i < FOLDED_ROWS || selected.contains(v))
        .map(|(_, row)| row.clone())
        .collect()
}

#[component]
fn Facet(
    kind: FacetKind,
    lang: ReadSignal<Lang>,
    response: Signal<Option<SearchResponse>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // Memos down to the rows: each notifies only when its own value changes, so a keystroke
    // that leaves this facet's counts alone touches none of its rows.
    let selected = Memo::new(move |_| {
        ctx.filters()
            .with(|f| f.values(kind).map(str::to_string).collect::<Vec<_>>())
    });
    let values = Memo::new(move |_| {
        response.with(|r| {
            r.as_ref()
                .map(|r| selected.with(|s| ordered_values(kind, r, s)))
                .unwrap_or_default()
        })
    });
    let unfolded = RwSignal::new(false);
    let foldable = Memo::new(move |_| values.with(|v| v.len() > FOLD_OVER));
    let rows = Memo::new(move |_| {
        values.with(|v| selected.with(|s| visible_values(v, s, unfolded.get())))
    });
    // Rows are keyed by value alone, and each reads its count from a signal of its own that one
    // effect sets where the count changed: a changed count updates one text node instead of
    // re-creating the row. Signals rather than a memo per row, because reactive_graph marks the
    // whole subtree of a memo each time a memo above it changes (the response, then this
    // facet's values, rows...), so nodes per row below `rows` made marking the largest single
    // cost of a keystroke's script in `khlang-bench profile-typing`. A value's signal
    // lives as long as the facet: a facet has at most a few hundred values.
    let counts: StoredValue<HashMap<String, ArcRwSignal<u64>>> = StoredValue::new(HashMap::new());
    Effect::new(move |_| {
        rows.with(|rows| {
            counts.with_value(|counts| {
                for (value, n) in rows {
                    if let Some(count) = counts.get(value) {
                        if count.get_untracked() != *n {
                            count.set(*n);
                        }
                    }
                }
            })
        })
    });
    // A value shown again after a while (unfolded, or counted again) finds its old signal.
    let count_of = move |value: &str, n: u64| {
        let count = counts
            .try_update_value(|counts| {
                counts
                    .entry(value.to_string())
                    .or_insert_with(|| ArcRwSignal::new(n))
                    .clone()
            })
            .unwrap_or_else(|| ArcRwSignal::new(n));
        if count.get_untracked() != n {
            count.set(n);
        }
        count
    };
    let toggle_label = move || {
        let l = lang.get();
        if unfolded.get() {
            words(l).show_fewer.to_string()
        } else {
            show_all(l, values.with(Vec::len))
        }
    };
    let legend_id = format!("facet-{}", kind.field_name());
    let labelled_by = legend_id.clone();
    view! {
        <fieldset class="facet" data-facet=kind.field_name() aria-labelledby=labelled_by>
            <legend id=legend_id>{move || facet_label(kind, lang.get())}</legend>
            <ul>
                <For each=move || rows.get() key=|(v, _)| v.clone() let:item>
                    <FacetValue kind=kind count=count_of(&item.0, item.1) value=item.0 selected=selected lang=lang/>
                </For>
            </ul>
            <Show when=move || foldable.get()>
                <button class="facet-fold" type="button" aria-expanded=move || unfolded.get().to_string()
                    on:click=move |_| unfolded.update(|u| *u = !*u)>
                    {toggle_label}
                </button>
            </Show>
        </fieldset>
    }
}

#[component]
fn FacetValue(
    kind: FacetKind,
    value: String,
    count: ArcRwSignal<u64>,
    selected: Memo<Vec<String>>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let count = ReadSignal::from(count.read_only());
    let checked = {
        let value = value.clone();
        move || selected.with(|s| s.contains(&value))
    };
    let toggle = {
        let value = value.clone();
        move |_| {
            let value = value.clone();
            ctx.push(move |s| {
                if s.filters.is_selected(kind, &value) {
                    s.filters.deselect(kind, &value);
                } else {
                    s.filters.select(kind, value);
                }
                s.shown = catalog::search::DEFAULT_LIMIT;
            })
        }
    };
    let label = {
        let value = value.clone();
        move || facet_value_label(kind, &value, lang.get())
    };
    view! {
        <li>
            <label class="facet-value" class:empty=move || count.get() == 0>
                <input type="checkbox" value=value.clone() data-count=move || count.get().to_string()
                    prop:checked=checked on:change=toggle/>
                <span class="facet-name">{label}</span>
                <span class="facet-count">{move || count.get().to_string()}</span>
            </label>
        </li>
    }
}
