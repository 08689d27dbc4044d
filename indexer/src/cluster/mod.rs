//! Talking to an OpenSearch cluster: where `khlang publish` sends archives and
//! `khlang serve --opensearch` asks for answers.
//!
//! What to send and how to read the answer is catalog's (catalog::opensearch); this room only
//! carries it: one connection with the operator's credentials (from the environment, never
//! printed), retries with backoff when the cluster is busy, and errors that say what to do.

mod connection;
mod error;
mod index;

pub use connection::{refused, Body, Cluster, Settings};
pub use error::ClusterError;
pub use index::{ensure_index, held, last_complete, published, record_complete, Published};
