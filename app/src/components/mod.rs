//! The app's components. Each reads the shared state (crate::state) from context and is given
//! what else it shows; none knows another's internals.

mod app;
mod facets;
mod recovered;
mod results;
mod search_box;
mod trust_line;

pub use app::App;
