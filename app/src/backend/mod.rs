//! Where searches are answered, behind one trait.
//!
//! The app searches through [`SearchBackend`] alone and never learns which backend runs: today
//! the one in the browser (local: catalog's index, loaded from the archive's parts); a backend
//! that asks a server for the same `catalog::SearchResponse` fits the same trait (it answers
//! [`Answer::Waiting`] until its response arrives). [`open`] is the one place that picks.

mod contract;
mod error;
mod loader;
mod local;

use std::rc::Rc;

pub use contract::{Answer, Reports, SearchBackend};
pub use error::LoadError;

use crate::trust::Trust;

/// Opens the backend that answers this page's searches. `progress(done, total)` counts what
/// must arrive before the first search; `trust` is told how far the archive can be trusted,
/// and again whenever that changes.
pub async fn open(
    progress: impl Fn(usize, usize),
    trust: impl Fn(Trust) + 'static,
) -> Result<Rc<dyn SearchBackend>, LoadError> {
    let backend = local::LocalBackend::open(progress, trust).await?;
    Ok(Rc::new(backend))
}
