//! OCR of PDF pages without a text layer: `pdftoppm -r 300` renders one page at a time into a
//! temporary directory, `tesseract <png> <out> -l tha+eng` reads it. Every child process has a
//! deadline and is killed when it overruns.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub(crate) struct Tools {
    tesseract: PathBuf,
    pdftoppm: PathBuf,
    langs: String,
}

/// Why OCR cannot run.
pub(crate) enum Unavailable {
    /// tesseract or pdftoppm is not installed: nothing to tell beyond "scanned".
    NotInstalled,
    /// Installed but unusable (e.g. no Thai data): worth a note.
    Broken(String),
}

/// Found once per process (PATH lookup and `tesseract --list-langs`).
pub(crate) fn tools() -> Result<&'static Tools, &'static Unavailable> {
    static TOOLS: OnceLock<Result<Tools, Unavailable>> = OnceLock::new();
    TOOLS.get_or_init(find_tools).as_ref()
}

fn find_tools() -> Result<Tools, Unavailable> {
    let tesseract = find_in_path("tesseract").ok_or(Unavailable::NotInstalled)?;
    let pdftoppm = find_in_path("pdftoppm").ok_or(Unavailable::NotInstalled)?;
    let out = run_capture(&tesseract, ["--list-langs"], Duration::from_secs(20))
        .map_err(|e| Unavailable::Broken(format!("tesseract does not run ({e})")))?;
    let langs: Vec<&str> = out.lines().map(str::trim).collect();
    if !langs.contains(&"tha") {
        return Err(Unavailable::Broken(
            "tesseract has no Thai language data: install tesseract-ocr-tha".into(),
        ));
    }
    let langs = if langs.contains(&"eng") {
        "tha+eng"
    } else {
        "tha"
    }
    .to_string();
    Ok(Tools {
        tesseract,
        pdftoppm,
        langs,
    })
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(&exe))
        .find(|p| p.is_file())
}

pub(crate) struct OcrOutcome {
    /// (page number, recognised text) for each page that was OCR'd.
    pub texts: Vec<(u32, String)>,
    /// Pages not reached before the budget ran out.
    pub skipped: u32,
    /// The first failure, if any page failed.
    pub error: Option<String>,
}

/// OCRs `pages` (1-based) of the PDF in `pdf`: each page gets at most `per_page`, all together
/// at most `budget`.
pub(crate) fn ocr_pages(
    tools: &Tools,
    pdf: &[u8],
    pages: &[u32],
    per_page: Duration,
    budget: Duration,
) -> OcrOutcome {
    let mut outcome = OcrOutcome {
        texts: Vec::new(),
        skipped: 0,
        error: None,
    };
    let dir = match tempfile::Builder::new().prefix("khlang-ocr-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            outcome.error = Some(format!("cannot create a temporary folder: {e}"));
            return outcome;
        }
    };
    let input = dir.path().join("input.pdf");
    if let Err(e) = std::fs::write(&input, pdf) {
        outcome.error = Some(format!("cannot write a temporary file: {e}"));
        return outcome;
    }
    let deadline = Instant::now() + budget;
    for (i, &page) in pages.iter().enumerate() {
        let now = Instant::now();
        if now >= deadline {
            outcome.skipped = (pages.len() - i) as u32;
            break;
        }
        let limit = per_page.min(deadline - now);
        match ocr_page(tools, dir.path(), &input, page, limit) {
            Ok(text) => outcome.texts.push((page, text)),
            Err(e) => {
                if outcome.error.is_none() {
                    outcome.error = Some(format!("page {page}: {e}"));
                }
                if e.starts_with("timed out") && Instant::now() >= deadline {
                    outcome.skipped = (pages.len() - i) as u32;
                    break;
                }
            }
        }
    }
    outcome
}

fn ocr_page(
    tools: &Tools,
    dir: &Path,
    input: &Path,
    page: u32,
    limit: Duration,
) -> Result<String, String> {
    let start = Instant::now();
    let png_base = dir.join("page");
    let png = dir.join("page.png");
    let p = page.to_string();
    run(
        Command::new(&tools.pdftoppm)
            .args([
                "-r",
                "300",
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                &p,
                "-l",
                &p,
            ])
            .arg(input)
            .arg(&png_base),
        dir,
        limit,
    )
    .map_err(|e| format!("pdftoppm: {e}"))?;
    let left = limit.saturating_sub(start.elapsed());
    let out_base = dir.join("out");
    let result = run(
        Command::new(&tools.tesseract)
            .arg(&png)
            .arg(&out_base)
            .args(["-l", &tools.langs])
            // One thread per tesseract: the caller already runs one extraction per core.
            .env("OMP_THREAD_LIMIT", "1"),
        dir,
        left,
    );
    let _ = std::fs::remove_file(&png);
    result.map_err(|e| format!("tesseract: {e}"))?;
    let txt = out_base.with_extension("txt");
    let text = std::fs::read(&txt).map_err(|e| format!("tesseract wrote no text: {e}"))?;
    let _ = std::fs::remove_file(&txt);
    let text = String::from_utf8_lossy(&text).replace('\u{000C}', "\n");
    Ok(text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Runs a command (stdout discarded, stderr to a file) with a deadline; kills it on overrun.
fn run(cmd: &mut Command, dir: &Path, limit: Duration) -> Result<(), String> {
    let err_path = dir.join("stderr.txt");
    let err_file = std::fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(err_file))
        .spawn()
        .map_err(|e| e.to_string())?;
    let status = wait_deadline(&mut child, limit)?;
    if status.success() {
        Ok(())
    } else {
        let err = std::fs::read_to_string(&err_path).unwrap_or_default();
        let first = err
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .to_string();
        Err(format!(
            "failed ({status}){}",
            if first.is_empty() {
                String::new()
            } else {
                format!(": {first}")
            }
        ))
    }
}

fn wait_deadline(
    child: &mut std::process::Child,
    limit: Duration,
) -> Result<std::process::ExitStatus, String> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {:.1} s", limit.as_secs_f64()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(25)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Runs a quick command and returns its stdout+stderr (tesseract prints --list-langs to
/// stdout in 4.x/5.x but to stderr in 3.x).
fn run_capture<I, S>(program: &Path, args: I, limit: Duration) -> Result<String, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let dir = tempfile::Builder::new()
        .prefix("khlang-ocr-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let out_path = dir.path().join("out.txt");
    let out = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .map_err(|e| e.to_string())?;
    let status = wait_deadline(&mut child, limit)?;
    let text = std::fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
    if status.success() {
        Ok(text)
    } else {
        Err(format!("exit {status}"))
    }
}
