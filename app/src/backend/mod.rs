//! Where searches are answered, behind one trait.
//!
//! The app searches through [`SearchBackend`] alone and never learns which backend runs: the
//! one in the browser (local: catalog's index, loaded from the archive's parts), or the one
//! that asks the khlang server that sent the page (remote: the same `catalog::SearchResponse`,
//! answered [`Answer::Waiting`] until it arrives). [`open`] is the one place that picks: a page
//! whose `khlang-api` meta tag names a search address came from a server (catalog::api), any
//! other page is a built site.

mod ahead;
mod contract;
mod error;
mod loader;
mod local;
mod remote;

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
    if let Some(address) = remote::address_in_page() {
        let backend = remote::RemoteBackend::open(address, trust).await?;
        return Ok(Rc::new(backend));
    }
    let backend = local::LocalBackend::open(progress, trust).await?;
    Ok(Rc::new(backend))
}
