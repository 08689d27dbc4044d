//! One way to open an agency's published archive — a site `khlang build` wrote — for the
//! commands that take in other agencies' archives: `khlang merge` (a province's archive on one
//! USB stick or kiosk) and `khlang publish` (a search cluster). The site is checked exactly as
//! `khlang verify` checks it (crate::site::integrity) before anything is read from it; a
//! tampered site is refused, and so is an unsigned one, or one signed by an unknown key, when
//! a signature is demanded ([`Trust`]). Every document it gives back says which archive it came
//! from and who signed that archive (`catalog::Source`).
//!
//! # The archive id
//!
//! What tells archives apart, and stays the same when an agency rebuilds its archive, so that
//! a re-published archive replaces its own documents and no one else's:
//!
//! - a **signed** archive is named by its key: `ed25519:` and the key's fingerprint
//!   (catalog::signature::fingerprint) in lower-case hex without spaces, e.g.
//!   `ed25519:0ba18089b882f90750dd2a5836e07de2`. Only the holder of the secret key can make an
//!   archive with that id. An agency that makes a new key starts a new archive.
//! - an **unsigned** archive is named by the title it was built with (`khlang build --title`):
//!   `title:` and the title, e.g. `title:เทศบาลตำบลนาแซง`. Nothing proves who made it, and
//!   two unsigned archives with the same title (say, both built without `--title`) have the same
//!   id: `merge` refuses them together. Give each agency's archive its own `--title`, or sign it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Result};
use catalog::signature::{SignedBy, Statement, SIGNATURE_FILE};
use catalog::{DocRecord, Engine, Source};

use super::integrity::{self, Integrity, SealState};
use super::manifest::ManifestEntry;
use super::read::load_engine;
use crate::keys::PublicKey;

/// Prefix of the id of a signed archive.
const SIGNED_PREFIX: &str = "ed25519:";
/// Prefix of the id of an unsigned archive.
const UNSIGNED_PREFIX: &str = "title:";

/// Which archives to take in.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    /// Refuse an archive that is not signed.
    pub require_signature: bool,
    /// khlang-public-key.json files: refuse an archive signed by any other key (and an unsigned
    /// one). Empty: any valid signature will do.
    pub keys: Vec<PathBuf>,
}

/// An agency's archive, checked; its index is read whole when first needed (`publish` takes
/// in one archive at a time, and the search server needs only its id).
pub struct Published {
    site: PathBuf,
    engine: OnceLock<Engine>,
    manifest_sha256: String,
    title: String,
    source: Source,
    /// The manifest's entries, by site path.
    files: HashMap<String, ManifestEntry>,
}

/// A document's published copy inside an opened site.
pub struct PublishedCopy<'a> {
    /// Its path in the site, '/'-separated (e.g. `docs/กองคลัง/แผน.pdf`).
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its size and SHA-256 as the site's manifest lists them (checked when it was opened).
    pub entry: &'a ManifestEntry,
}

/// Opens the site at `site` after checking it as `khlang verify` does and as `trust` demands.
pub fn open(site: &Path, trust: &Trust) -> Result<Published> {
    let keys = trust
        .keys
        .iter()
        .map(|k| PublicKey::read(k))
        .collect::<Result<Vec<_>>>()?;
    let checked = integrity::check(site)?;
    if checked.unsealed() {
        bail!(
            "{} cannot be taken in: it has no seal ({SIGNATURE_FILE}), so nothing vouches for it: {}; \
             ask the agency for its archive rebuilt",
            site.display(),
            integrity::UNSEALED
        );
    }
    if !checked.intact() {
        bail!(
            "{} cannot be taken in: it is not the site its agency built ({}). Run `khlang verify {}` \
             to see which files; then copy the site again from the agency, or ask it for a new one",
            site.display(),
            damage(&checked),
            site.display()
        );
    }
    if let Some(problem) =
        integrity::signature_problem(&checked.seal, &keys, trust.require_signature)
    {
        let advice = match checked.seal {
            SealState::Signed(..) => {
                "if the agency has made a new key, add its khlang-public-key.json with another --key"
            }
            _ => "ask the agency for its archive built with `khlang build --sign`, or leave out \
                  --require-signature and --key to take it in as unsigned",
        };
        bail!("{} cannot be taken in: {problem}; {advice}", site.display());
    }
    let Integrity {
        manifest,
        manifest_sha256,
        seal,
        ..
    } = checked;
    let (statement, source) = match seal {
        SealState::Signed(by, statement) => {
            let source = signed_source(&by);
            (statement, source)
        }
        SealState::Unsigned(statement) => {
            let source = Source {
                archive: unsigned_id(&statement),
                signer: None,
            };
            (statement, source)
        }
        // `intact` said otherwise.
        SealState::Broken(reason) => bail!("{}: {reason}", site.display()),
        SealState::Missing => bail!("{}: {}", site.display(), integrity::UNSEALED),
    };
    Ok(Published {
        site: site.to_path_buf(),
        engine: OnceLock::new(),
        manifest_sha256,
        title: statement.title,
        source,
        files: manifest
            .files
            .into_iter()
            .map(|e| (e.path.clone(), e))
            .collect(),
    })
}

impl Published {
    /// The archive id (see the module's documentation).
    pub fn archive(&self) -> &str {
        &self.source.archive
    }

    /// The name of the agency whose key signed the archive, checked (the key's fingerprint when
    /// the key was made without a name); `None` when unsigned.
    pub fn signer(&self) -> Option<&str> {
        self.source.signer.as_deref()
    }

    /// The site's title (`khlang build --title`), as its seal states it.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Hex SHA-256 of the site's manifest.json: it changes whenever any file of the site
    /// changes — a document, the index, and also the app when the site is rebuilt by another
    /// khlang version — so an unchanged digest means nothing needs reading again.
    pub fn manifest_digest(&self) -> &str {
        &self.manifest_sha256
    }

    /// The archive's index, read when first asked for.
    fn engine(&self) -> Result<&Engine> {
        if let Some(engine) = self.engine.get() {
            return Ok(engine);
        }
        let engine = load_engine(&self.site)?;
        Ok(self.engine.get_or_init(|| engine))
    }

    /// The site's own dictionary words (its DOCS/dictionary.txt), one a line.
    pub fn user_words(&self) -> Result<&str> {
        Ok(self.engine()?.user_words())
    }

    /// The other spellings its build found in its documents (catalog::spelling::Spellings);
    /// empty for an archive built before them.
    pub fn spellings(&self) -> Result<catalog::spelling::Spellings> {
        let site = self.site.display();
        let table = self.engine()?.spellings().map_err(|e| {
            anyhow!("{site}: its table of other spellings cannot be read ({e}); run `khlang verify {site}`")
        })?;
        Ok(table.clone())
    }

    /// How many documents the archive holds.
    pub fn document_count(&self) -> Result<u64> {
        Ok(self.engine()?.num_docs())
    }

    /// The folder of the site.
    pub fn site(&self) -> &Path {
        &self.site
    }

    /// Every document as it went into the archive, with `facts.source` set to this archive —
    /// unless it already names one: a document of a merged archive keeps its own agency's.
    pub fn documents(&self) -> Result<impl Iterator<Item = Result<DocRecord>> + '_> {
        Ok(self.engine()?.documents().map(move |record| {
            let mut record = record.map_err(|e| {
                anyhow!(
                    "{}: a document cannot be read from the index ({e}); run `khlang verify {}`",
                    self.site.display(),
                    self.site.display()
                )
            })?;
            if record.facts.source.is_none() {
                record.facts.source = Some(self.source.clone());
            }
            Ok(record)
        }))
    }

    /// The published copy a document's `url` links to, if the site's manifest lists it.
    pub fn copy(&self, url: &str) -> Option<PublishedCopy<'_>> {
        let rel = percent_encoding::percent_decode_str(url)
            .decode_utf8()
            .ok()?
            .into_owned();
        let entry = self.files.get(&rel)?;
        Some(PublishedCopy {
            path: self.site.join(&rel),
            rel,
            entry,
        })
    }
}

/// The source of a signed archive: its id from the key, its signer's name.
fn signed_source(by: &SignedBy) -> Source {
    let digits: String = by
        .fingerprint
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let name = by.signer.trim();
    Source {
        archive: format!("{SIGNED_PREFIX}{digits}"),
        signer: Some(if name.is_empty() {
            by.fingerprint.clone()
        } else {
            name.to_string()
        }),
    }
}

/// The id of an unsigned archive: from its title.
fn unsigned_id(statement: &Statement) -> String {
    format!("{UNSIGNED_PREFIX}{}", statement.title.trim())
}

/// What `intact` found wrong, in a few words.
fn damage(checked: &Integrity) -> String {
    let mut parts = Vec::new();
    for (what, paths) in [
        ("altered", &checked.altered),
        ("missing", &checked.missing),
        ("extra", &checked.extra),
    ] {
        if let Some(first) = paths.first() {
            parts.push(format!("{} {what}, e.g. {first}", paths.len()));
        }
    }
    match &checked.seal {
        SealState::Broken(reason) => parts.push(format!("seal: {reason}")),
        SealState::Missing => parts.push(format!(
            "no seal ({SIGNATURE_FILE}): {}",
            integrity::UNSEALED
        )),
        SealState::Signed(..) | SealState::Unsigned(_) => {}
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_key_or_the_title() {
        let signed = |signer: &str| SignedBy {
            signer: signer.into(),
            fingerprint: "0BA1 8089 B882 F907 50DD 2A58 36E0 7DE2".into(),
            public_key: "irrelevant".into(),
        };
        let cases = [
            (
                signed("เทศบาลตำบลนาแซง"),
                "ed25519:0ba18089b882f90750dd2a5836e07de2",
                "เทศบาลตำบลนาแซง",
            ),
            // A key made without --name is named by its fingerprint.
            (
                signed(" "),
                "ed25519:0ba18089b882f90750dd2a5836e07de2",
                "0BA1 8089 B882 F907 50DD 2A58 36E0 7DE2",
            ),
        ];
        for (by, archive, signer) in cases {
            let source = signed_source(&by);
            assert_eq!(source.archive, archive);
            assert_eq!(source.signer.as_deref(), Some(signer));
        }
        let statement = Statement {
            format: 1,
            signer: String::new(),
            title: " อบต.โคกทราย ".into(),
            generator: "khlang".into(),
            manifest_sha256: String::new(),
            archive_toc_sha256: String::new(),
        };
        assert_eq!(unsigned_id(&statement), "title:อบต.โคกทราย");
    }
}
