//! `khlang serve SITE`: the site over http on this computer, as a web server would serve it.
//! (With `--opensearch`, the public search server in crate::server runs instead.)

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::cli::ServeArgs;
use crate::site::serving::{content_type, resolve};

/// A request's head may be at most this long; a browser's is well under 2 kB.
const MAX_HEAD: u64 = 16 << 10;
/// A connection that sends nothing for this long is dropped.
const IDLE: Duration = Duration::from_secs(30);

/// Runs `khlang serve`.
///
/// One thread per connection, one request per connection (`Connection: close`). A preview
/// server on loopback has few clients, and closing after each response means no idle
/// keep-alive connection can hold a thread while another request waits: with tiny_http, whose
/// pool threads block on idle keep-alive connections, a 100,000-document site stalled for five
/// minutes on its sixth parallel request.
pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let site = match (&args.site, &args.opensearch) {
        (_, Some(url)) => return crate::server::run(args, url),
        (Some(site), None) => site,
        (None, None) => bail!("give a site to serve, or --opensearch URL"),
    };
    let root = site
        .canonicalize()
        .with_context(|| format!("site folder {} not found", site.display()))?;
    if !root.join("index.html").is_file() {
        bail!(
            "{} has no index.html: build a site first with `khlang build DOCS --out {}`",
            root.display(),
            site.display()
        );
    }
    let listener = TcpListener::bind(("127.0.0.1", args.port)).with_context(|| {
        format!(
            "cannot listen on 127.0.0.1:{} (try another --port)",
            args.port
        )
    })?;
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    outln!(
        "Serving {} at http://127.0.0.1:{port}/  (Ctrl-C to stop)",
        root.display()
    )?;
    let root = Arc::new(root);
    for stream in listener.incoming() {
        // A connection that failed before it was accepted concerns only that client.
        let Ok(stream) = stream else { continue };
        let root = Arc::clone(&root);
        std::thread::spawn(move || {
            let _ = handle(&root, stream);
        });
    }
    Ok(ExitCode::SUCCESS)
}

/// Answers the one request on `stream`.
fn handle(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_HEAD));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut gzip_ok = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") && value.contains("gzip") {
                gzip_ok = true;
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, url) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let response = match method {
        "GET" | "HEAD" => respond(root, url, gzip_ok),
        _ => Response::text(405, "405 method not allowed"),
    };
    response.write_to(stream, method == "HEAD")
}

/// A response about to be written.
struct Response {
    status: u16,
    content_type: String,
    gzipped: bool,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8".to_string(),
            gzipped: false,
            body: body.as_bytes().to_vec(),
        }
    }

    fn write_to(self, mut stream: TcpStream, head_only: bool) -> std::io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        let mut head = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Vary: Accept-Encoding\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            &self.content_type,
            self.body.len()
        );
        if self.gzipped {
            head.push_str("Content-Encoding: gzip\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

fn respond(root: &Path, url: &str, gzip_ok: bool) -> Response {
    let found = resolve(root, url).and_then(|path| fs::read(&path).ok().map(|b| (path, b)));
    let Some((path, bytes)) = found else {
        return Response::text(404, "404 not found");
    };
    let content_type = content_type(&path, &bytes);
    let zipped = (gzip_ok && compressible(&content_type) && bytes.len() > 1024)
        .then(|| gzip(&bytes))
        .flatten();
    let gzipped = zipped.is_some();
    Response {
        status: 200,
        content_type,
        gzipped,
        body: zipped.unwrap_or(bytes),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_served_in_the_charset_it_was_read_in() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
        let tis620 = fs::read(samples.join("สำนักปลัด/ศูนย์ข้อมูลข่าวสาร/ประกาศวันเวลาทำการ.txt"))
            .expect("the demo folder's TIS-620 announcement");
        let utf8 = "ประกาศเทศบาลตำบล เรื่อง วันเวลาทำการ".as_bytes().to_vec();
        // A page that declares UTF-8 but was saved in TIS-620, as after a CMS migration.
        let mut tis620_html = b"<html><head><meta charset=\"utf-8\"></head><body>".to_vec();
        tis620_html.extend(&tis620);
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend("ประกาศ".encode_utf16().flat_map(u16::to_le_bytes));
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let cases = [
            ("tis.txt", tis620.clone(), "text/plain; charset=windows-874"),
            ("utf8.txt", utf8, "text/plain; charset=UTF-8"),
            ("bom.txt", utf16le, "text/plain; charset=UTF-16LE"),
            ("tis.html", tis620_html, "text/html; charset=windows-874"),
        ];
        for (name, bytes, want) in cases {
            fs::write(root.join(name), &bytes).unwrap();
            let response = respond(&root, &format!("/{name}"), false);
            assert_eq!(
                (response.status, response.content_type.as_str()),
                (200, want),
                "{name}"
            );
            assert_eq!(response.body, bytes, "{name}: served as it is");
        }
    }
}
