//! `khlang merge SITE... --out SITE`: several agencies' published archives joined into one
//! static archive, for a province's USB stick or information-centre kiosk.
//!
//! Every input is checked as `khlang verify` checks it and opened whole
//! (crate::site::published); its documents are joined into one index with the facts and text
//! they were published with (crate::stages::join), each under a folder of its archive and each
//! saying which archive it came from and who signed it; then the site is written and sealed
//! exactly as `khlang build` writes it, in a staging folder that replaces OUT only at the end.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use catalog::archive::SPELLINGS_FILE;
use catalog::spelling::Spellings;
use catalog::start::OwnedBytes;

use crate::cli::MergeArgs;
use crate::documents::folder::absolute;
use crate::documents::progress::Progress;
use crate::documents::report::human_bytes;
use crate::keys::SecretKey;
use crate::site::published::{self, Published, Trust};
use crate::site::staging::Staging;
use crate::site::{self, generator, SiteWriter};
use crate::stages::{join, kiosk, seal, write_site};

/// Runs `khlang merge`.
pub fn run(args: &MergeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    kiosk::check(&args.kiosk)?;
    let out = absolute(&args.out)?;
    let sites = args
        .sites
        .iter()
        .map(|s| absolute(s))
        .collect::<Result<Vec<PathBuf>>>()?;
    for site in &sites {
        if out.starts_with(site) || site.starts_with(&out) {
            bail!(
                "--out {} and the input {} overlap: the merge would replace what it reads; choose \
                 an --out folder outside every input",
                out.display(),
                site.display()
            );
        }
    }
    let forbidden: Vec<&Path> = sites
        .iter()
        .map(PathBuf::as_path)
        .chain([out.as_path()])
        .collect();
    let signing_key = args
        .sign
        .as_deref()
        .map(|key| SecretKey::read(key, &forbidden))
        .transpose()?;
    let trust = Trust {
        require_signature: args.require_signature,
        keys: args.key.clone(),
    };

    // Every input checked before anything is written.
    let mut archives = Vec::with_capacity(sites.len());
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for site in &sites {
        eprintln!("Checking {} …", site.display());
        let archive = published::open(site, &trust)?;
        if let Some(first) = seen.insert(archive.archive().to_string(), site.clone()) {
            bail!(
                "{} and {} are the same archive ({}). Two copies of one archive: give one. Two \
                 agencies' unsigned archives with the same title: rebuild one with its own \
                 `khlang build --title`, or sign both with `--sign`",
                first.display(),
                site.display(),
                archive.archive()
            );
        }
        archives.push(archive);
    }
    // The order of the inputs on the command line does not change the result.
    archives.sort_by(|a, b| a.archive().cmp(b.archive()));

    let staging = Staging::begin(&out)?;
    let total = archives
        .iter()
        .map(Published::document_count)
        .sum::<Result<u64>>()?;
    let progress = Progress::counting(total, "documents");
    let folders = join::folders(&archives);
    let joined = join::join(&archives, &folders, &progress)?;
    let copies: BTreeMap<String, (&_, _)> = joined
        .copies
        .iter()
        .map(|(target, (c, hash))| (target.clone(), (c, *hash)))
        .collect();
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| crate::site::DEFAULT_MERGED_TITLE.to_string());
    // A slip one agency's documents hold is one of the merged archive's too (its lexicon is made
    // from the joined index when packed).
    let spellings = Spellings::merged(
        archives
            .iter()
            .map(Published::spellings)
            .collect::<Result<Vec<_>>>()?,
    );
    let mut index = catalog::start::index_files(joined.files);
    index.insert(
        SPELLINGS_FILE.to_string(),
        OwnedBytes::new(spellings.text().into_bytes()),
    );
    let contents = write_site::Contents {
        index,
        user_words: &joined.user_words,
        title: &title,
        documents: joined.documents,
        kiosk: &args.kiosk,
        // Findings and coverage belong to each agency's own archive (its staff/ pages).
        staff: Vec::new(),
    };
    let writer = SiteWriter::new(staging.path(), &generator())?;
    let manifest = write_site::write_site(writer, &copies, contents, &out)?;
    check_copies(&manifest, &joined.copies)?;
    seal::seal(&staging, &title, signing_key.as_ref())?;
    seal::commit(staging)?;

    print_archives(&archives, &joined.placed);
    eprintln!(
        "\nMerged {}: {} documents from {} archives, site {} in {:.1} s",
        out.display(),
        joined.documents,
        archives.len(),
        human_bytes(manifest.total_bytes()),
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "  open:  file://{}",
        site::file_url_path(&out.join("index.html"))
    );
    eprintln!("  serve: khlang serve {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Every copy must be the file its archive's manifest listed: one changed after it was checked
/// would be published under its agency's name.
fn check_copies(
    manifest: &site::Manifest,
    copies: &BTreeMap<String, (crate::documents::walk::Candidate, [u8; 32])>,
) -> Result<()> {
    let written: HashMap<&str, &str> = manifest
        .files
        .iter()
        .map(|e| (e.path.as_str(), e.sha256.as_str()))
        .collect();
    for (target, (c, hash)) in copies {
        let want: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        if written.get(target.as_str()) != Some(&want.as_str()) {
            bail!(
                "{} changed while it was being merged; run the merge again",
                c.path.display()
            );
        }
    }
    Ok(())
}

/// One line per archive: its id, who signed it, its title, what it gave and where it went.
fn print_archives(archives: &[Published], placed: &[join::Placed]) {
    eprintln!("\nArchives ({}):", archives.len());
    for (archive, place) in archives.iter().zip(placed) {
        let signed = match archive.signer() {
            Some(signer) => format!("signed by {signer}"),
            None => "unsigned".to_string(),
        };
        eprintln!(
            "  {} · {signed} · {} · {} documents in {}/{}/",
            archive.archive(),
            archive.title(),
            place.documents,
            site::DOCS_DIR,
            place.folder
        );
    }
}
