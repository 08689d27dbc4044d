//! Stage 6, seal: the site's seal written (hashes of the manifest and the archive, signed with
//! the agency's key when one is given), then the staging folder swapped in for the previous
//! site — the only moment the previous site changes.

use anyhow::Result;

use crate::keys::SecretKey;
use crate::site::generator;
use crate::site::seal;
use crate::site::staging::Staging;

/// Seals the staged site. It is not yet in place: see [`commit`].
pub fn seal(staging: &Staging, title: &str, key: Option<&SecretKey>) -> Result<()> {
    seal::write(staging.path(), title, &generator(), key)
}

/// Puts the sealed site in place of the previous one.
pub fn commit(staging: Staging) -> Result<()> {
    staging.commit()
}
