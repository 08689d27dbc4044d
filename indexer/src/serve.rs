//! `khlang serve SITE`: the site over http on this computer, as a web server would serve it.

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use tiny_http::{Header, Request, Response, Server};

use crate::cli::ServeArgs;

/// Requests handled at once; a browser opens a handful of connections.
const WORKERS: usize = 4;

/// Runs `khlang serve`.
pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let root = args
        .site
        .canonicalize()
        .with_context(|| format!("site folder {} not found", args.site.display()))?;
    if !root.join("index.html").is_file() {
        bail!(
            "{} has no index.html: build a site first with `khlang build DOCS --out {}`",
            root.display(),
            args.site.display()
        );
    }
    let server = Server::http(("127.0.0.1", args.port)).map_err(|e| {
        anyhow!(
            "cannot listen on 127.0.0.1:{}: {e} (try another --port)",
            args.port
        )
    })?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    println!(
        "Serving {} at http://127.0.0.1:{port}/  (Ctrl-C to stop)",
        root.display()
    );
    let server = Arc::new(server);
    let root = Arc::new(root);
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let server = Arc::clone(&server);
            let root = Arc::clone(&root);
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    respond(&root, request);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    Ok(ExitCode::SUCCESS)
}

fn respond(root: &Path, request: Request) {
    let url = request.url().to_string();
    let gzip_ok = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
    let result = match resolve(root, &url) {
        Some(path) => fs::read(&path).map(|bytes| (path, bytes)),
        None => Err(std::io::ErrorKind::NotFound.into()),
    };
    let response = match result {
        Ok((path, bytes)) => {
            let mime = mime_type(&path);
            let (body, gzipped) = if gzip_ok && compressible(mime) && bytes.len() > 1024 {
                match gzip(&bytes) {
                    Some(z) => (z, true),
                    None => (bytes, false),
                }
            } else {
                (bytes, false)
            };
            let mut r = Response::from_data(body).with_header(header("Content-Type", mime));
            if gzipped {
                r = r.with_header(header("Content-Encoding", "gzip"));
            }
            r.with_header(header("Vary", "Accept-Encoding"))
                .with_header(header("X-Content-Type-Options", "nosniff"))
        }
        Err(_) => Response::from_data(b"404 not found".to_vec())
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    };
    let _ = request.respond(response);
}

/// Maps a request URL to a file under `root`, refusing anything that would leave it.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut full = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => full.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if full.is_dir() {
        full.push("index.html");
    }
    // Symbolic links could point outside the site.
    let real = full.canonicalize().ok()?;
    real.starts_with(root)
        .then_some(real)
        .filter(|p| p.is_file())
}

fn header(name: &str, value: &str) -> Header {
    // Both parts are ASCII constants chosen here, so this cannot fail; a failure would only
    // drop the header.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("ASCII header"))
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).ok()?;
    enc.finish().ok()
}

fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.contains("javascript")
        || mime.contains("json")
        || mime.contains("wasm")
        || mime.contains("svg")
}

/// Content type by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("index.html"), "x").unwrap();
        fs::write(root.join("docs/แผน 1.txt"), "x").unwrap();
        fs::write(tmp.path().join("secret"), "x").unwrap();
        let root = root.canonicalize().unwrap();
        let cases = [
            ("/", Some("index.html")),
            ("/index.html?x=1", Some("index.html")),
            (
                "/docs/%E0%B9%81%E0%B8%9C%E0%B8%99%201.txt",
                Some("docs/แผน 1.txt"),
            ),
            ("/../secret", None),
            ("/%2e%2e/secret", None),
            ("/docs/../../secret", None),
            ("/missing", None),
        ];
        for (url, want) in cases {
            let got = resolve(&root, url);
            assert_eq!(got, want.map(|w| root.join(w)), "{url}");
        }
    }
}
