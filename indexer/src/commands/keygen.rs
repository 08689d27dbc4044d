//! `khlang keygen`: makes the agency's signing key (crate::keys) and tells staff how to keep
//! it and what to publish.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::KeygenArgs;
use crate::keys::{display_signer, generate, PUBLIC_KEY_FILE};

/// Runs `khlang keygen`.
pub fn run(args: &KeygenArgs) -> Result<ExitCode> {
    let signer = args.name.clone().unwrap_or_default().trim().to_string();
    let key = generate(&args.out, &signer)?;
    let (secret_path, public_path, fingerprint) =
        (&key.secret_path, &key.public_path, &key.fingerprint);
    outln!("Made a signing key for {}", display_signer(&signer))?;
    outln!("  key fingerprint: {fingerprint}")?;
    outln!("  secret key: {}", secret_path.display())?;
    outln!("  public key: {}", public_path.display())?;
    outln!()?;
    outln!(
        "Sign a site with:  khlang build DOCS --out SITE --sign {}",
        secret_path.display()
    )?;
    outln!("Publish the fingerprint (website, letterhead) so recipients can compare it with what")?;
    outln!("`khlang verify SITE` and the site itself show; give them {PUBLIC_KEY_FILE} for `verify --key`.")?;
    eprintln!();
    eprintln!(
        "WARNING: keep {} secret. Never copy it into the documents folder, the site or a USB stick:",
        secret_path.display()
    );
    eprintln!(
        "anyone who has it can sign archives in your agency's name. Keep a backup in a safe place."
    );
    Ok(ExitCode::SUCCESS)
}
