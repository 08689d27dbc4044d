//! How far the loaded archive can be trusted: signed and intact, unsigned, or altered — or,
//! when a khlang server answers the searches, that the browser has no archive to check.
//!
//! The chain (see catalog::signature): the seal's signature covers its statement, the statement
//! names the table of contents' hash, the table of contents names each part's hash. The
//! documents themselves cannot be hashed here, because a page opened from file:// may not read
//! them; `khlang verify` checks those.

use catalog::archive::{Toc, TOC_FILE};
use catalog::signature::{parse_seal_json, toc_digest, SIGNATURE_FILE};

/// What the trust line shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Trust {
    /// The seal has not been read yet.
    Checking,
    /// Intact and signed.
    Signed { signer: String, fingerprint: String },
    /// Intact as far as the seal tells, but nothing says who built it.
    Unsigned,
    /// `file` differs from what was built or signed.
    Altered { file: String },
    /// A khlang server answers the searches: there is no archive in the browser, so no seal to
    /// check here (the server vouches for what it was given; see `khlang publish`).
    Server,
}

impl Trust {
    /// The value of `#trust[data-trust]`.
    pub fn attribute(&self) -> &'static str {
        match self {
            Trust::Checking => "checking",
            Trust::Signed { .. } => "signed",
            Trust::Unsigned => "unsigned",
            Trust::Altered { .. } => "altered",
            Trust::Server => "server",
        }
    }

    /// The trust of an archive whose seal script handed over `seal_json` (`None`: it did not
    /// load) and whose table of contents is `toc` (`None`: it could not be read).
    pub fn assess(seal_json: Option<&str>, toc: Option<&Toc>) -> Trust {
        let altered = |file: &str| Trust::Altered {
            file: file.to_string(),
        };
        let Some(checked) = seal_json.and_then(|json| parse_seal_json(json).ok()?.check().ok())
        else {
            return altered(SIGNATURE_FILE);
        };
        match toc {
            Some(toc) if toc_digest(toc) == checked.statement.archive_toc_sha256 => {}
            _ => return altered(TOC_FILE),
        }
        match checked.signed_by {
            Some(by) => Trust::Signed {
                signer: by.signer,
                fingerprint: by.fingerprint,
            },
            None => Trust::Unsigned,
        }
    }
}
