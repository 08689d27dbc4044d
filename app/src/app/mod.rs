//! The root: one [`App`] that wires the shared state (crate::state) to the address, the
//! backend's loading and the searches, and lays out the components. Each of those jobs has a
//! module of its own here; the components know none of them.

mod address;
mod loading;
mod screenful;
mod search;
mod status;

use leptos::prelude::*;

use crate::components::{
    FacetPanel, LangSwitch, RecoveredNotice, ResultList, SearchBox, SortSelect, TrustLine,
};
use crate::kiosk::KioskLayer;
use crate::state::Ctx;
use status::CountLine;

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new(address::current_state());
    provide_context(ctx);
    let loaded = loading::start();
    let searches = search::run(ctx, loaded);
    address::keep_in_sync(ctx);

    let lang = ctx.lang();
    let title = loaded.title;
    let trust = loaded.trust;
    let many_agencies = loaded.many_agencies;
    let response = Signal::from(searches.shown);
    let screenful = screenful::follow(response);
    view! {
        <div id="app" class="app" data-state=status::data_state(loaded)
            data-index=status::data_index(loaded) data-search=status::data_search(searches, screenful)>
            <header class="top">
                <h1 class="site-title">{move || title.get()}</h1>
                <LangSwitch/>
            </header>
            <TrustLine lang=lang trust=trust/>
            <RecoveredNotice lang=lang/>
            <SearchBox lang=lang/>
            <CountLine lang=lang loaded=loaded searches=searches/>
            <div class="layout">
                <FacetPanel lang=lang response=response many_agencies=many_agencies/>
                <section class="results" aria-labelledby="count">
                    <SortSelect lang=lang/>
                    <ResultList lang=lang response=response limit=screenful.limit
                        complete=screenful.complete/>
                </section>
            </div>
            <KioskLayer lang=lang response=response/>
        </div>
    }
}
