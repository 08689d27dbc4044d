//! The agency's signing key files: `khlang keygen` writes them, `build --sign` reads the secret
//! one and `verify --key` the public one.
//!
//! Both are small JSON files so staff can see what they hold. The secret file is created
//! owner-readable only (0600 on unix) and never overwritten: losing a key by accident is worse
//! than an error message.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use catalog::signature::{base64, base64_array, fingerprint, public_key_of};
use serde::{Deserialize, Serialize};

/// File name of the secret key written by `khlang keygen`.
pub const SECRET_KEY_FILE: &str = "khlang-secret-key.json";
/// File name of the public key written by `khlang keygen`.
pub const PUBLIC_KEY_FILE: &str = "khlang-public-key.json";

const SECRET_WARNING: &str = "SECRET: anyone who has this file can sign archives in the name of the agency below. \
Keep it on the office PC that builds the archive (and a backup in a safe place); never put it in the documents \
folder, the site or a USB stick.";

/// The secret key file.
#[derive(Debug, Serialize, Deserialize)]
struct SecretKeyJson {
    warning: String,
    signer: String,
    fingerprint: String,
    public_key: String,
    secret_key: String,
}

/// The public key file, to hand to anyone who wants to check the agency's archives.
#[derive(Debug, Serialize, Deserialize)]
struct PublicKeyJson {
    signer: String,
    fingerprint: String,
    public_key: String,
}

/// A secret key read from its file.
pub struct SecretKey {
    /// The agency name given to `khlang keygen --name`.
    pub signer: String,
    pub secret: [u8; 32],
}

/// A public key read from its file.
pub struct PublicKey {
    pub signer: String,
    /// Base64 of the 32 key bytes.
    pub public_key: String,
    pub fingerprint: String,
}

/// A key pair just made: where its files are, and the fingerprint to publish.
pub struct NewKey {
    pub secret_path: PathBuf,
    pub public_path: PathBuf,
    pub fingerprint: String,
}

/// Makes a key pair for `signer` and writes its two files into `out`, never over existing ones.
pub fn generate(out: &Path, signer: &str) -> Result<NewKey> {
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create the folder {}", out.display()))?;
    let secret_path = out.join(SECRET_KEY_FILE);
    let public_path = out.join(PUBLIC_KEY_FILE);
    for path in [&secret_path, &public_path] {
        if path.exists() {
            bail!(
                "{} already exists; it is not overwritten, because a lost key cannot be recovered. \
                 Choose another folder with --out, or move the old key away first",
                path.display()
            );
        }
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| anyhow::anyhow!("this computer gave no random numbers for a key: {e}"))?;
    let public = public_key_of(&secret);
    let fingerprint = fingerprint(&public);
    let secret_json = SecretKeyJson {
        warning: SECRET_WARNING.to_string(),
        signer: signer.to_string(),
        fingerprint: fingerprint.clone(),
        public_key: base64(&public),
        secret_key: base64(&secret),
    };
    let public_json = PublicKeyJson {
        signer: signer.to_string(),
        fingerprint: fingerprint.clone(),
        public_key: base64(&public),
    };
    write_new(&secret_path, &to_json(&secret_json)?, true)?;
    write_new(&public_path, &to_json(&public_json)?, false)?;
    Ok(NewKey {
        secret_path,
        public_path,
        fingerprint,
    })
}

impl SecretKey {
    /// Reads a secret key file, refusing one that lies inside `forbidden` folders (the documents
    /// and the site), where it would be published.
    pub fn read(path: &Path, forbidden: &[&Path]) -> Result<SecretKey> {
        let canonical = path.canonicalize().with_context(|| {
            format!(
                "secret key {} not found (make one with `khlang keygen`)",
                path.display()
            )
        })?;
        for folder in forbidden {
            if let Ok(folder) = folder.canonicalize() {
                if canonical.starts_with(&folder) {
                    bail!(
                        "the secret key {} lies inside {}, where it would be published; move it out of that folder",
                        path.display(),
                        folder.display()
                    );
                }
            }
        }
        let json: SecretKeyJson = read_json(path, "secret key")?;
        let secret: [u8; 32] = base64_array(&json.secret_key).with_context(|| {
            format!(
                "{} is damaged: secret_key is not 32 bytes of base64",
                path.display()
            )
        })?;
        if base64(&public_key_of(&secret)) != json.public_key.trim() {
            bail!(
                "{} is damaged: its secret key does not belong to its public key",
                path.display()
            );
        }
        Ok(SecretKey {
            signer: json.signer,
            secret,
        })
    }
}

impl PublicKey {
    /// Reads a public key file (a secret key file is accepted too; only its public half is used).
    pub fn read(path: &Path) -> Result<PublicKey> {
        let json: PublicKeyJson = read_json(path, "public key")?;
        let bytes: [u8; 32] = base64_array(&json.public_key).with_context(|| {
            format!(
                "{} is damaged: public_key is not 32 bytes of base64",
                path.display()
            )
        })?;
        Ok(PublicKey {
            signer: json.signer,
            public_key: base64(&bytes),
            fingerprint: fingerprint(&bytes),
        })
    }
}

/// The agency name for messages; keys made without --name have none.
pub fn display_signer(signer: &str) -> String {
    if signer.is_empty() {
        "(no agency name given)".to_string()
    } else {
        signer.to_string()
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let bytes =
        fs::read(path).with_context(|| format!("cannot read the {what} {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{} is not a khlang {what} file (made by `khlang keygen`)",
            path.display()
        )
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Creates `path`, failing if it exists; `private` makes it readable by its owner only.
fn write_new(path: &PathBuf, bytes: &[u8], private: bool) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}
