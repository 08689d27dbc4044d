//! The seal of a site: a statement of what the site holds, optionally signed with the agency's
//! ed25519 key, so that both `khlang verify` and the browser can tell an intact archive from an
//! altered one and say who made it.
//!
//! The statement names the SHA-256 of manifest.json (which lists every other file of the site)
//! and of the archive's table of contents (which lists the SHA-256 of every data part). It
//! travels as a classic script, like the archive, because the app opened from `file://` can
//! read nothing else:
//!
//! ```text
//! data/signature.js  khlang_signature({"statement":"<JSON text>","public_key":…,"fingerprint":…,"signature":…});
//! ```
//!
//! The signature covers the exact UTF-8 bytes of the `statement` string. An unsigned site carries
//! the statement alone; it still catches accidental damage but says nothing about who built it.
//! The chain the app follows: signature → statement → table of contents → each part.

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::archive::{call_argument, sha256_hex, Toc};

/// The seal script, relative to the site root. It is not listed in manifest.json (it names the
/// manifest's hash, so it is written after it).
pub const SIGNATURE_FILE: &str = "data/signature.js";
/// Global function the seal script calls.
pub const SIGNATURE_CALLBACK: &str = "khlang_signature";
/// Version of the statement format.
pub const STATEMENT_FORMAT: u32 = 1;
/// Bytes of SHA-256(public key) shown as the key's fingerprint: 128 bits, 8 groups of 4 hex digits.
const FINGERPRINT_BYTES: usize = 16;

/// Why a seal could not be read or does not hold.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error(
        "{SIGNATURE_FILE}: not a khlang signature script (expected a call to {SIGNATURE_CALLBACK})"
    )]
    NotAScript,
    #[error("{SIGNATURE_FILE}: damaged: {0}")]
    Damaged(String),
    #[error("{SIGNATURE_FILE}: statement format {0} is not supported by this version; rebuild the site with this khlang")]
    Version(u32),
    #[error("the signature does not match: the site was altered after it was signed, or {SIGNATURE_FILE} is damaged")]
    BadSignature,
    #[error("the key's fingerprint in {SIGNATURE_FILE} does not belong to its public key: the file was altered")]
    FingerprintMismatch,
}

/// What the builder states about a site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub format: u32,
    /// The signing agency's name as given to `khlang keygen --name`; empty when unsigned.
    pub signer: String,
    /// The site's title.
    pub title: String,
    /// The khlang version that built the site.
    pub generator: String,
    /// Hex SHA-256 of the bytes of manifest.json.
    pub manifest_sha256: String,
    /// Hex SHA-256 of the table of contents, see [`toc_digest`].
    pub archive_toc_sha256: String,
}

/// The contents of the seal script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// The statement as JSON text: the exact bytes that are signed.
    pub statement: String,
    /// Base64 ed25519 public key (32 bytes); absent when unsigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// The public key's fingerprint for people to compare, see [`fingerprint`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Base64 ed25519 signature (64 bytes) over `statement`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// Who signed a seal, once the signature has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedBy {
    /// The agency name from the signed statement.
    pub signer: String,
    /// The public key's fingerprint, recomputed from the key.
    pub fingerprint: String,
    /// The public key, base64.
    pub public_key: String,
}

/// A seal whose statement has been read and whose signature, if any, holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSeal {
    pub statement: Statement,
    /// `None` for an unsigned site.
    pub signed_by: Option<SignedBy>,
}

/// The SHA-256 of a table of contents in its canonical JSON form (as `archive::toc_script`
/// writes it), which the browser can recompute from the object the table-of-contents script hands it.
pub fn toc_digest(toc: &Toc) -> String {
    sha256_hex(serde_json::to_string(toc).unwrap_or_default().as_bytes())
}

/// "3F2A 9C1B …": the first 16 bytes of SHA-256(public key), in groups of four hex digits.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let hex = sha256_hex(public_key).to_uppercase();
    hex.as_bytes()[..FINGERPRINT_BYTES * 2]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The public key belonging to a 32-byte ed25519 secret key.
pub fn public_key_of(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

/// Base64 (standard alphabet, padded), as keys and signatures are written.
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes base64 into exactly `N` bytes.
pub fn base64_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()?
        .try_into()
        .ok()
}

impl Seal {
    /// A seal without signature.
    pub fn unsigned(statement: &Statement) -> Seal {
        Seal {
            statement: statement_text(statement),
            public_key: None,
            fingerprint: None,
            signature: None,
        }
    }

    /// A seal signed with the 32-byte ed25519 secret key `secret`.
    pub fn signed(statement: &Statement, secret: &[u8; 32]) -> Seal {
        let key = SigningKey::from_bytes(secret);
        let text = statement_text(statement);
        let signature = key.sign(text.as_bytes());
        let public = key.verifying_key().to_bytes();
        Seal {
            statement: text,
            public_key: Some(base64(&public)),
            fingerprint: Some(fingerprint(&public)),
            signature: Some(base64(&signature.to_bytes())),
        }
    }

    /// The seal script's text.
    pub fn to_script(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "null".into());
        format!("{SIGNATURE_CALLBACK}({json});\n")
    }

    /// Reads the statement and checks the signature, if there is one.
    pub fn check(&self) -> Result<CheckedSeal, SealError> {
        let statement: Statement = serde_json::from_str(&self.statement)
            .map_err(|e| SealError::Damaged(format!("statement: {e}")))?;
        if statement.format != STATEMENT_FORMAT {
            return Err(SealError::Version(statement.format));
        }
        let signed_by = match (&self.public_key, &self.signature) {
            (None, None) => None,
            (Some(key), Some(signature)) => {
                let key_bytes: [u8; 32] = base64_array(key).ok_or_else(|| {
                    SealError::Damaged("the public key is not 32 bytes of base64".into())
                })?;
                let signature: [u8; 64] = base64_array(signature).ok_or(SealError::BadSignature)?;
                let key = VerifyingKey::from_bytes(&key_bytes)
                    .map_err(|_| SealError::Damaged("the public key is not a valid key".into()))?;
                key.verify_strict(
                    self.statement.as_bytes(),
                    &ed25519_dalek::Signature::from_bytes(&signature),
                )
                .map_err(|_| SealError::BadSignature)?;
                let fingerprint = fingerprint(&key_bytes);
                if self
                    .fingerprint
                    .as_deref()
                    .is_some_and(|f| f != fingerprint)
                {
                    return Err(SealError::FingerprintMismatch);
                }
                Some(SignedBy {
                    signer: statement.signer.clone(),
                    fingerprint,
                    public_key: base64(&key_bytes),
                })
            }
            _ => {
                return Err(SealError::Damaged(
                    "a public key without a signature, or a signature without a key".into(),
                ))
            }
        };
        Ok(CheckedSeal {
            statement,
            signed_by,
        })
    }
}

/// Reads the seal from the text of `data/signature.js`.
pub fn parse_seal_script(script: &str) -> Result<Seal, SealError> {
    let json = call_argument(script, SIGNATURE_CALLBACK).ok_or(SealError::NotAScript)?;
    parse_seal_json(json)
}

/// Reads the seal from the JSON the browser hands to `khlang_signature`.
pub fn parse_seal_json(json: &str) -> Result<Seal, SealError> {
    serde_json::from_str(json).map_err(|e| SealError::Damaged(e.to_string()))
}

fn statement_text(statement: &Statement) -> String {
    serde_json::to_string(statement).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: [u8; 32] = [7; 32];

    fn statement() -> Statement {
        Statement {
            format: STATEMENT_FORMAT,
            signer: "เทศบาลตำบลนาแซง".into(),
            title: "คลัง".into(),
            generator: "khlang test".into(),
            manifest_sha256: sha256_hex(b"manifest"),
            archive_toc_sha256: sha256_hex(b"toc"),
        }
    }

    fn round_trip(seal: &Seal) -> Result<CheckedSeal, SealError> {
        parse_seal_script(&seal.to_script())?.check()
    }

    #[test]
    fn a_signed_seal_names_its_signer_and_key() {
        let checked = round_trip(&Seal::signed(&statement(), &SECRET)).unwrap();
        assert_eq!(checked.statement, statement());
        let by = checked.signed_by.unwrap();
        assert_eq!(by.signer, "เทศบาลตำบลนาแซง");
        assert_eq!(by.fingerprint, fingerprint(&public_key_of(&SECRET)));
        assert_eq!(by.fingerprint.len(), 8 * 4 + 7);
        assert!(by
            .fingerprint
            .chars()
            .all(|c| c == ' ' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn an_unsigned_seal_reads_without_signer() {
        let checked = round_trip(&Seal::unsigned(&statement())).unwrap();
        assert_eq!(checked.signed_by, None);
        assert_eq!(checked.statement, statement());
    }

    #[test]
    fn any_change_breaks_the_seal() {
        let seal = Seal::signed(&statement(), &SECRET);
        let other_key = Seal::signed(&statement(), &[9; 32]);
        let cases: Vec<(&str, Seal, SealError)> = vec![
            (
                "statement edited",
                Seal {
                    statement: seal.statement.replace("นาแซง", "นาแซ่ง"),
                    ..seal.clone()
                },
                SealError::BadSignature,
            ),
            (
                "another key swapped in",
                Seal {
                    public_key: other_key.public_key.clone(),
                    ..seal.clone()
                },
                SealError::BadSignature,
            ),
            (
                "fingerprint edited",
                Seal {
                    fingerprint: other_key.fingerprint.clone(),
                    ..seal.clone()
                },
                SealError::FingerprintMismatch,
            ),
            (
                "signature removed",
                Seal {
                    signature: None,
                    ..seal.clone()
                },
                SealError::Damaged(
                    "a public key without a signature, or a signature without a key".into(),
                ),
            ),
        ];
        for (label, altered, want) in cases {
            assert_eq!(round_trip(&altered), Err(want), "{label}");
        }
    }

    #[test]
    fn rejects_scripts_that_are_not_ours() {
        assert_eq!(parse_seal_script("alert(1)"), Err(SealError::NotAScript));
        assert!(matches!(
            parse_seal_script("khlang_signature({\"x\":1});"),
            Err(SealError::Damaged(_))
        ));
    }

    #[test]
    fn the_toc_digest_survives_a_json_round_trip() {
        let files = std::collections::BTreeMap::from([(
            "a".to_string(),
            tantivy::directory::OwnedBytes::new("ไทย".as_bytes().to_vec()),
        )]);
        let site =
            crate::archive::pack_planned("ชื่อ \"คลัง\"", 1, "test", &files, &Default::default());
        let script = std::str::from_utf8(&site[0].1).unwrap();
        let toc = crate::archive::parse_toc_script(script).unwrap();
        let json = script
            .trim()
            .trim_start_matches("khlang_archive(")
            .trim_end_matches(");");
        assert_eq!(toc_digest(&toc), sha256_hex(json.as_bytes()));
    }
}
