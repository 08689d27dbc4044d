//! `khlang verify SITE`: is this copy of a site exactly what was built, and who signed it?
//!
//! Every file is hashed and compared with manifest.json; files the manifest does not list are
//! extra. The seal (data/signature.js) must name the manifest's hash and the archive's table of
//! contents, and its signature, if any, must hold. Exit status: 0 intact, 1 not intact
//! (tampered or damaged), 2 when SITE cannot be checked at all, 3 when every file matches the
//! manifest but there is no seal: a site built by a khlang older than sealing, which staff fix by
//! rebuilding, not by distrusting the copy. The check itself is crate::site::integrity, which
//! `merge` and `publish` demand of the archives they take in; this command prints it.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::cli::VerifyArgs;
use crate::keys::{display_signer, PublicKey};
use crate::site::integrity::{self, Integrity, SealState, UNSEALED};
use catalog::signature::SIGNATURE_FILE;

/// Exit status of a site whose files match its manifest but which has no seal.
const EXIT_UNSEALED: u8 = 3;

/// The outcome of checking a site, and of the signature it was asked to carry.
struct Report {
    integrity: Integrity,
    /// Set when a signature was demanded (--require-signature, --key) and is not there or not the one.
    signature_problem: Option<String>,
}

impl Report {
    fn intact(&self) -> bool {
        self.integrity.intact() && self.signature_problem.is_none()
    }
}

/// Runs `khlang verify`.
pub fn run(args: &VerifyArgs) -> Result<ExitCode> {
    let site = &args.site;
    let expected_key = args.key.as_deref().map(PublicKey::read).transpose()?;
    let integrity = integrity::check(site)?;
    let signature_problem = integrity::signature_problem(
        &integrity.seal,
        expected_key.as_slice(),
        args.require_signature,
    );
    let report = Report {
        integrity,
        signature_problem,
    };
    if args.json {
        outln!("{}", report_json(&report))?;
    } else {
        print_report(site, &report)?;
    }
    Ok(if report.intact() {
        ExitCode::SUCCESS
    } else if report.integrity.unsealed() {
        ExitCode::from(EXIT_UNSEALED)
    } else {
        ExitCode::from(1)
    })
}

const ADVICE: &str = "copy the whole site again from the original, or rebuild it";

fn print_report(site: &Path, report: &Report) -> Result<(), crate::output::WriteError> {
    let files = &report.integrity;
    for path in &files.altered {
        outln!("altered  {path} — its contents differ from the site as built; {ADVICE}")?;
    }
    for path in &files.missing {
        outln!("missing  {path} — {ADVICE}")?;
    }
    for path in &files.extra {
        outln!("extra    {path} — not part of the site as built; delete it, or {ADVICE}")?;
    }
    match &files.seal {
        SealState::Signed(by, _) => outln!(
            "signed   by {} · key fingerprint {} — {}",
            display_signer(&by.signer),
            by.fingerprint,
            if report.intact() {
                "compare the fingerprint with the one the agency publishes"
            } else {
                "the signature holds, but the files above are not what was signed"
            }
        )?,
        SealState::Unsigned(_) => outln!(
            "unsigned the site carries no signature: its files match its manifest, but nothing says who built it"
        )?,
        SealState::Missing => outln!(
            "unsealed {SIGNATURE_FILE} is missing: {UNSEALED} (if this version built it, the seal \
             was deleted: {ADVICE})"
        )?,
        SealState::Broken(reason) => outln!("seal     {reason}; {ADVICE}")?,
    }
    if let Some(problem) = &report.signature_problem {
        outln!("signature {problem}")?;
    }
    let problems = files.altered.len() + files.missing.len() + files.extra.len();
    if report.intact() {
        outln!(
            "OK: {} intact, all {} files as built",
            site.display(),
            files.manifest.files.len()
        )?;
    } else if files.unsealed() {
        outln!(
            "NOT SEALED: {}: all {} files match its manifest, but it has no seal; {UNSEALED}",
            site.display(),
            files.manifest.files.len()
        )?;
    } else {
        outln!(
            "NOT INTACT: {}: {} altered, {} missing, {} extra{}",
            site.display(),
            files.altered.len(),
            files.missing.len(),
            files.extra.len(),
            if problems == 0 {
                "; see the signature line above"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

fn report_json(report: &Report) -> serde_json::Value {
    let files = &report.integrity;
    let signature = match &files.seal {
        SealState::Signed(by, _) => json!({
            "status": "signed",
            "signer": by.signer,
            "fingerprint": by.fingerprint,
            "public_key": by.public_key,
        }),
        SealState::Unsigned(_) => json!({ "status": "unsigned" }),
        SealState::Missing => json!({ "status": "unsealed", "problem": UNSEALED }),
        SealState::Broken(reason) => json!({ "status": "invalid", "problem": reason }),
    };
    json!({
        "intact": report.intact(),
        "unsealed": files.unsealed(),
        "files": files.manifest.files.len(),
        "altered": files.altered,
        "missing": files.missing,
        "extra": files.extra,
        "signature": signature,
        "signature_problem": report.signature_problem,
    })
}
