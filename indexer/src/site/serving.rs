//! How a site's files are served over http: which file a URL names (never one outside the
//! site) and what content type, with what charset, it goes out with. The preview server
//! (`khlang serve SITE`) and the search server's documents (crate::server) both serve this way.

use std::path::{Component, Path, PathBuf};

/// Maps a request URL to a file under `root`, refusing anything that would leave it.
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
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

/// The content type of the file at `path` holding `bytes`. A text or HTML document is
/// published as the agency saved it, often TIS-620 from an old program: it goes out with the
/// charset its text was read in (extract::text_encoding), so the browser shows Thai, not
/// mojibake.
pub fn content_type(path: &Path, bytes: &[u8]) -> String {
    let kind = extract::FileKind::from_path(path);
    match kind.and_then(|k| extract::text_encoding(k, bytes).map(|enc| (k, enc))) {
        Some((extract::FileKind::Html, enc)) => format!("text/html; charset={enc}"),
        Some((_, enc)) => format!("text/plain; charset={enc}"),
        None => mime_type(path).to_string(),
    }
}

/// Content type by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // Documents khlang publishes, by the kind their extension names.
    // (An image's type is its extension's, below.)
    if let Some(kind) =
        extract::FileKind::from_path(path).filter(|k| *k != extract::FileKind::Image)
    {
        return kind.mime_type();
    }
    match ext.as_str() {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "tif" | "tiff" => "image/tiff",
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
    use std::fs;

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

    #[test]
    fn originals_get_their_content_type() {
        let cases = [
            (
                "docs/แผน.XLSX",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                "docs/สถิติ.ods",
                "application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("docs/ประกาศ.odt", "application/vnd.oasis.opendocument.text"),
            (
                "docs/a.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("docs/a.pdf", "application/pdf"),
            ("index.html", "text/html; charset=utf-8"),
            ("app.wasm", "application/wasm"),
            ("docs/old.doc", "application/octet-stream"),
        ];
        for (path, want) in cases {
            assert_eq!(mime_type(Path::new(path)), want, "{path}");
        }
    }
}
