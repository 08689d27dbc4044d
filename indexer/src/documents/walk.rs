//! Finding the documents in a folder tree.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::catalogue::{normalize_rel_path, CATALOGUE_FILE};
use super::dictionary::DICTIONARY_FILE;
use super::report::Problem;
use crate::site::fat_name::Namer;
use crate::site::manifest::is_khlang_site;
use crate::site::DOCS_DIR;

/// A file to index.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub path: PathBuf,
    /// Path relative to the documents folder: NFC, '/'-separated.
    pub rel: String,
    /// Where its copy goes in the site: under `docs/`, with a name valid on USB sticks.
    pub site: String,
    pub size: u64,
}

/// Lists the files under `docs`, sorted by relative path, and the ones that cannot be indexed.
/// Symbolic links are not followed (a link loop cannot hang the build); the site folder itself
/// is skipped if it lies inside `docs`, and so is any other khlang site found there (an earlier
/// build into a subfolder): its copies and pages are not documents, one line says so.
pub fn discover(docs: &Path, skip: &[PathBuf]) -> (Vec<Candidate>, Vec<Problem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut sites = Vec::new();
    let walker = WalkDir::new(docs)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if skip.iter().any(|s| e.path() == s) || is_hidden(e.file_name()) {
                return false;
            }
            if e.file_type().is_dir() && is_khlang_site(e.path()) {
                sites.push(site_inside(docs, e.path()));
                return false;
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .and_then(|p| p.strip_prefix(docs).ok())
                    .map(|p| normalize_rel_path(&p.to_string_lossy()))
                    .unwrap_or_default();
                problems.push(Problem::new(rel, walk_error(&err)));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = match entry.path().strip_prefix(docs) {
            Ok(p) => normalize_rel_path(&p.to_string_lossy()),
            Err(_) => continue,
        };
        if entry.path_is_symlink() {
            // A link to a folder may loop back to its parent; links are never followed.
            let reason = if entry.path().is_dir() {
                "symbolic link to a folder, not followed (links can loop): copy the real folder in"
            } else {
                "symbolic link, not followed: copy the real file into the folder"
            };
            problems.push(Problem::new(rel, reason.into()));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if entry.depth() == 1 && (rel == CATALOGUE_FILE || rel == DICTIONARY_FILE) {
            continue;
        }
        // An old .doc/.xls gets its own message (save it as DOCX/XLSX), the rest "unsupported".
        if let Err(why) = extract::kind_of(entry.path()) {
            problems.push(Problem::new(rel, why.to_string()));
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        found.push(Candidate {
            path: entry.path().to_path_buf(),
            rel,
            site: String::new(),
            size,
        });
    }
    problems.extend(sites);
    found.sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.path.cmp(&b.path)));
    // Names are handed out in sorted order, so collisions resolve the same way every build.
    let mut namer = Namer::default();
    for c in &mut found {
        c.site = format!("{DOCS_DIR}/{}", namer.assign(&c.rel));
    }
    (found, problems)
}

/// The line for a khlang site found at `dir` inside `docs`: which folder, what it is, and that
/// none of it was indexed.
fn site_inside(docs: &Path, dir: &Path) -> Problem {
    let rel = dir
        .strip_prefix(docs)
        .map(|p| normalize_rel_path(&p.to_string_lossy()))
        .unwrap_or_default();
    let folder = if rel.is_empty() { ".".into() } else { rel };
    Problem::new(
        format!("{folder}/"),
        "a khlang site built earlier (it has khlang's manifest.json), not indexed: its files are \
         copies and pages of a site, not documents (เว็บไซต์ที่ khlang สร้างไว้ ไม่นำมาทำดัชนี)"
            .into(),
    )
}

/// What went wrong opening a folder (or an entry in it), and what to do.
fn walk_error(err: &walkdir::Error) -> String {
    use std::io::ErrorKind as K;
    match err.io_error().map(|e| e.kind()) {
        Some(K::PermissionDenied) => "cannot open it: permission denied; give the build read \
                                      access to it (its contents were skipped)"
            .into(),
        Some(K::NotFound) => "it disappeared while building; run the build again".into(),
        _ => match err.io_error() {
            Some(e) => format!("cannot read it ({e}); its contents were skipped"),
            None => format!("cannot read it ({err}); its contents were skipped"),
        },
    }
}

/// Hidden and system files that are never documents (.DS_Store, Thumbs.db, Office lock files).
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}
