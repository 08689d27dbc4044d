//! The search engine over one archive: open the packed index, answer
//! [`SearchRequest`](crate::search::SearchRequest)s.
//!
//! This is the only search code; the browser app and `khlang search` both call it with the same
//! archive bytes, so they return the same hits in the same order.
//!
//! One module per concern: `open` (the [`Engine`] and how an archive becomes one), `search`
//! (a request answered step by step), `cache` (what is remembered between searches),
//! `expansions` (the bound of a prefix query), `near` (what to offer when nothing is found), `spellings` (the
//! archive's other spellings of the query's words, offered and included on request) and `error`.

mod cache;
mod documents;
mod error;
mod expansions;
mod near;
mod open;
mod search;
mod spellings;

pub use error::EngineError;
pub use open::Engine;
