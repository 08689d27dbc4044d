//! The search state every part of the screen shares, and the one way to change it.
//!
//! The root ([`crate::app`]) makes one [`Ctx`] from the address and provides it as context;
//! components and the kiosk read its parts and change it through [`Ctx::push`] or
//! [`Ctx::replace`], which also say how the change enters the browser history. Nothing here
//! knows how a search runs or where the state is written: this module is what the components
//! depend on, so that they never depend on each other or on the root.

use catalog::{Filters, SearchRequest, Sort};
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::url_state::UiState;

/// How a state change should enter the browser history.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HistoryMode {
    /// Typing: replace the current entry, so back does not step through every keystroke.
    Replace,
    /// A click (facet, sort, more): a new entry, so back undoes it.
    Push,
}

/// The search state, one signal per part, and how components change it.
///
/// A keystroke changes the query alone. Were the state one signal, every memo reading any part
/// of it would be checked on every keystroke, and through the language and filters every facet
/// row and label below them. Apart, what depends only on the filters, sort or language is not
/// visited while typing: script per keystroke 11.4 → 8.1 ms at 17k documents in the typing
/// profile (`khlang-bench profile-typing`).
#[derive(Clone, Copy)]
pub struct Ctx {
    query: RwSignal<String>,
    filters: RwSignal<Filters>,
    sort: RwSignal<Sort>,
    shown: RwSignal<usize>,
    lang: RwSignal<Lang>,
    other_spellings: RwSignal<bool>,
    /// How the last change asked to enter the history (read by crate::app::address).
    pub history: StoredValue<HistoryMode>,
}

impl Ctx {
    pub fn new(state: UiState) -> Ctx {
        Ctx {
            query: RwSignal::new(state.query),
            filters: RwSignal::new(state.filters),
            sort: RwSignal::new(state.sort),
            shown: RwSignal::new(state.shown),
            lang: RwSignal::new(state.lang),
            other_spellings: RwSignal::new(state.other_spellings),
            history: StoredValue::new(HistoryMode::Replace),
        }
    }

    /// The typed query. Read-only: changes go through [`Ctx::push`] or [`Ctx::replace`].
    pub fn query(&self) -> ReadSignal<String> {
        self.query.read_only()
    }

    /// The chosen facet values. Read-only: changes go through [`Ctx::push`] or [`Ctx::replace`].
    pub fn filters(&self) -> ReadSignal<Filters> {
        self.filters.read_only()
    }

    /// The result order. Read-only: changes go through [`Ctx::push`] or [`Ctx::replace`].
    pub fn sort(&self) -> ReadSignal<Sort> {
        self.sort.read_only()
    }

    /// The interface language. Read-only: changes go through [`Ctx::push`] or [`Ctx::replace`].
    pub fn lang(&self) -> ReadSignal<Lang> {
        self.lang.read_only()
    }

    /// Whether the archive's other spellings of the query's words are included. Read-only:
    /// changes go through [`Ctx::push`] or [`Ctx::replace`].
    pub fn other_spellings(&self) -> ReadSignal<bool> {
        self.other_spellings.read_only()
    }

    /// The search the state asks for, tracking every part but the language, which changes no
    /// search.
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            query: self.query.get(),
            filters: self.filters.get(),
            sort: self.sort.get(),
            offset: 0,
            limit: self.shown.get(),
            other_spellings: self.other_spellings.get(),
        }
    }

    /// The whole state, tracking every part.
    pub fn state(&self) -> UiState {
        UiState {
            query: self.query.get(),
            filters: self.filters.get(),
            sort: self.sort.get(),
            shown: self.shown.get(),
            lang: self.lang.get(),
            other_spellings: self.other_spellings.get(),
        }
    }

    /// The whole state, tracking nothing.
    pub fn state_untracked(&self) -> UiState {
        untrack(|| self.state())
    }

    /// Writes the parts of `new` that differ from the current state, leaving the history mode
    /// as it is (the address itself changed: back/forward, an edited or shared link).
    pub fn set(&self, new: UiState) {
        fn write<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
            if signal.with_untracked(|v| *v != value) {
                signal.set(value);
            }
        }
        write(self.query, new.query);
        write(self.filters, new.filters);
        write(self.sort, new.sort);
        write(self.shown, new.shown);
        write(self.lang, new.lang);
        write(self.other_spellings, new.other_spellings);
    }

    /// Changes the state with a history entry of its own.
    pub fn push(&self, change: impl FnOnce(&mut UiState)) {
        self.history.set_value(HistoryMode::Push);
        self.change(change);
    }

    /// Changes the state in place (typing).
    pub fn replace(&self, change: impl FnOnce(&mut UiState)) {
        self.history.set_value(HistoryMode::Replace);
        self.change(change);
    }

    /// A change that gives a new query (typed, or a near miss taken) also takes the other
    /// spellings out: including them was the choice for the query it was made for, and the new
    /// query's offer line then shows its own. An address (a shared link, Back) restores both as
    /// they were, through [`Ctx::set`].
    fn change(&self, change: impl FnOnce(&mut UiState)) {
        let mut state = self.state_untracked();
        let query = state.query.clone();
        change(&mut state);
        if state.query != query {
            state.other_spellings = false;
        }
        self.set(state);
    }
}
