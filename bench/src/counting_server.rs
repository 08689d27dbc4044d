//! A minimal static file server that counts the bytes it sends: Pagefind 1.x fetches its index
//! from a Web Worker, whose requests the page's resource timing does not see.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Result;

/// Bytes of response bodies sent and requests answered so far.
#[derive(Default)]
pub struct Counter {
    pub bytes: AtomicU64,
    pub requests: AtomicU64,
}

/// Serves `root` on 127.0.0.1 (a free port) in background threads; returns the base URL.
pub fn start(root: &Path) -> Result<(String, Arc<Counter>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/", listener.local_addr()?);
    let counter = Arc::new(Counter::default());
    let root = root.to_path_buf();
    let shared = Arc::clone(&counter);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let counter = Arc::clone(&shared);
            std::thread::spawn(move || {
                let _ = respond(stream, &root, &counter);
            });
        }
    });
    Ok((url, counter))
}

fn respond(mut stream: TcpStream, root: &Path, counter: &Counter) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Headers are read and ignored: every response closes the connection.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let file: PathBuf = if rel.is_empty() || rel.ends_with('/') {
        root.join(rel).join("index.html")
    } else {
        root.join(rel)
    };
    let safe = !rel.split('/').any(|c| c == "..");
    match std::fs::read(&file) {
        Ok(body) if safe => {
            let mime = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                Some("json") => "application/json",
                Some("wasm") => "application/wasm",
                _ => "application/octet-stream",
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)?;
            counter.bytes.fetch_add(body.len() as u64, Ordering::SeqCst);
        }
        _ => {
            write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
        }
    }
    counter.requests.fetch_add(1, Ordering::SeqCst);
    Ok(())
}
