//! Embeds the built web app (app/dist, made by Trunk) into the `khlang` binary, so that
//! `khlang build` writes a complete site on a machine with no Rust, Trunk or Node.
//!
//! Each file is embedded gzip-compressed (src/site/app_assets.rs unpacks it): the app's wasm is
//! 2.9 MB as built and 1.1 MB gzipped, a good part of a binary staff copy by USB stick.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=KHLANG_APP_DIST");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = env::var_os("KHLANG_APP_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../app/dist"));
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    collect(&dist, &dist, &mut files);
    files.sort();
    let has = |suffix: &str| files.iter().any(|(rel, _)| rel.ends_with(suffix));
    if !(has("_bg.wasm") && has(".js") && has(".css")) {
        panic!(
            "\n\nkhlang carries the built web app inside itself, but {} holds no built app.\n\
             Build the app first, then build khlang again:\n\n    ./scripts/build.sh\n\n\
             (or, by hand: trunk build --release, at the repository root)\n\n",
            dist.display()
        );
    }
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap_or_default());
    let mut code =
        String::from("/// The built app: (path relative to app/dist, its bytes gzipped).\n");
    code.push_str("pub static APP_FILES: &[(&str, &[u8])] = &[\n");
    for (i, (rel, abs)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", abs.display());
        let packed = out_dir.join(format!("app-{i}.gz"));
        gzip(abs, &packed);
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            packed.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = out_dir.join("app_files.rs");
    if let Err(e) = fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// Writes `from` gzipped (best compression) to `to`.
fn gzip(from: &Path, to: &Path) {
    let bytes = fs::read(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let packed = encoder
        .write_all(&bytes)
        .and_then(|()| encoder.finish())
        .unwrap_or_else(|e| panic!("cannot compress {}: {e}", from.display()));
    if let Err(e) = fs::write(to, packed) {
        panic!("cannot write {}: {e}", to.display());
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            // Trunk's own index.html loads the app in a way file:// forbids; khlang writes its own.
            if rel != "index.html" {
                out.push((rel, path.canonicalize().unwrap_or(path)));
            }
        }
    }
}
