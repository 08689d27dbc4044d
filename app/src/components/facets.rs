//! Facet filters: checkboxes with counts. Values of one facet combine with OR, facets with AND;
//! each facet's counts already leave its own selection out (see catalog::collect).

use catalog::display::{facet_label, facet_value_label};
use catalog::{FacetKind, SearchResponse, UNSPECIFIED};
use leptos::prelude::*;

use super::app::Ctx;
use crate::i18n::{words, Lang};

#[component]
pub fn FacetPanel(
    lang: Memo<Lang>,
    response: Signal<Option<SearchResponse>>,
    many_agencies: RwSignal<bool>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let any_selected = move || ctx.state.with(|s| !s.filters.is_empty());
    let kinds = move || {
        FacetKind::ALL
            .into_iter()
            .filter(|k| *k != FacetKind::Agency || many_agencies.get())
            .collect::<Vec<_>>()
    };
    let selected = move || {
        ctx.state
            .with(|s| s.filters.0.values().map(|v| v.len()).sum::<usize>())
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

#[component]
fn Facet(
    kind: FacetKind,
    lang: Memo<Lang>,
    response: Signal<Option<SearchResponse>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let values = Memo::new(move |_| {
        let selected: Vec<String> = ctx
            .state
            .with(|s| s.filters.values(kind).map(str::to_string).collect());
        response
            .get()
            .map(|r| ordered_values(kind, &r, &selected))
            .unwrap_or_default()
    });
    let legend_id = format!("facet-{}", kind.field_name());
    let labelled_by = legend_id.clone();
    view! {
        <fieldset class="facet" data-facet=kind.field_name() aria-labelledby=labelled_by>
            <legend id=legend_id>{move || facet_label(kind, lang.get())}</legend>
            <ul>
                <For each=move || values.get() key=|(v, n)| (v.clone(), *n) let:item>
                    <FacetValue kind=kind value=item.0 count=item.1 lang=lang/>
                </For>
            </ul>
        </fieldset>
    }
}

#[component]
fn FacetValue(kind: FacetKind, value: String, count: u64, lang: Memo<Lang>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let checked = {
        let value = value.clone();
        move || ctx.state.with(|s| s.filters.is_selected(kind, &value))
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
            <label class="facet-value" class:empty=count == 0>
                <input type="checkbox" value=value.clone() data-count=count.to_string()
                    prop:checked=checked on:change=toggle/>
                <span class="facet-name">{label}</span>
                <span class="facet-count">{count.to_string()}</span>
            </label>
        </li>
    }
}
