//! Prints what `extract` gets from files: `cargo run -p extract --example dump -- FILE...`
//! Environment: PDF_TIMEOUT_MS (default 60000), OCR=0 to disable OCR.
fn main() {
    let mut opts = extract::Options::default();
    if let Some(ms) = std::env::var("PDF_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.pdf_timeout = std::time::Duration::from_millis(ms);
    }
    opts.ocr = std::env::var("OCR").map_or(true, |v| v != "0");
    for arg in std::env::args().skip(1) {
        let start = std::time::Instant::now();
        match extract::extract_file(std::path::Path::new(&arg), &opts) {
            Ok(x) => {
                println!(
                    "== {arg}: {} title={:?} encoding={:?} ({:.2?})",
                    x.kind.label(),
                    x.title,
                    x.encoding,
                    start.elapsed()
                );
                for n in &x.notes {
                    println!("   note: {n}");
                }
                println!("{}", x.text);
            }
            Err(e) => println!("== {arg}: ERROR {e} ({:.2?})", start.elapsed()),
        }
    }
}
