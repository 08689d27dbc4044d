//! What can go wrong between khlang and a cluster, each with what the operator can do.

/// A failed exchange with the cluster.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "cannot reach the search cluster at {url}: {reason}. Check that OpenSearch is running \
         and that the address and port are right (curl {url} should answer)"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "the search cluster at {url} refused the credentials ({status}). Set \
         KHLANG_OPENSEARCH_USER and KHLANG_OPENSEARCH_PASSWORD to a user allowed to {what}"
    )]
    Auth {
        url: String,
        status: u16,
        what: &'static str,
    },
    #[error(
        "the search cluster at {url} runs {found}; khlang needs OpenSearch 2.x or later. \
         Upgrade the cluster or point khlang at another"
    )]
    Version { url: String, found: String },
    #[error(
        "the index {index} was not made by this version of khlang ({reason}). Publish into a \
         new index (--index NAME), or delete this one if nothing else uses it"
    )]
    Mapping { index: String, reason: String },
    #[error("the search cluster answered {status} to {what}: {reason}")]
    Refused {
        what: String,
        status: u16,
        reason: String,
    },
    #[error("the search cluster stayed busy ({status}) through {tries} tries of {what}; try again later")]
    Busy {
        what: String,
        status: u16,
        tries: u32,
    },
    #[error("cannot read the CA certificate {path}: {reason}")]
    Certificate { path: String, reason: String },
    #[error("{0}")]
    Setup(String),
}
