//! The app's components. State lives in signals owned by [`App`]; components receive what they
//! show and the signal they change.

mod app;
mod facets;
mod recovered;
mod results;
mod search_box;
mod trust_line;

pub use app::{App, Ctx, HistoryMode};
