//! OCR of PDF pages without a text layer and of image files (JPEG, PNG, TIFF): `pdftoppm -r 300`
//! renders one PDF page at a time into a temporary directory, `tesseract <image> <out> -l tha+eng
//! txt tsv` reads it. The text is tesseract's own plain-text rendering; the TSV rendering of the
//! same recognition gives each word's confidence, which is what lets the metadata refuse a date
//! whose digits were guessed. Every child process has a deadline and is killed when it overruns.

use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub(crate) struct Tools {
    tesseract: PathBuf,
    /// Only PDFs need it; images go to tesseract as they are.
    pdftoppm: Option<PathBuf>,
    langs: String,
}

impl Tools {
    /// True when PDF pages can be rendered for OCR.
    pub(crate) fn reads_pdf(&self) -> bool {
        self.pdftoppm.is_some()
    }
}

/// Why OCR cannot run.
pub(crate) enum Unavailable {
    /// tesseract is not installed: nothing to tell beyond "scanned".
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
    let pdftoppm = find_in_path("pdftoppm");
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

/// Words read with less confidence than this (tesseract's 0–100 scale) are doubtful. On the
/// committed scans (extract/tests/fixtures/make_scans.py, tesseract 5.3.0) digits read right
/// scored 92–97; specks read as digits 64–78, and ๖ read as ๐ on the 150 dpi scan 77–78. But
/// Thai ๖ ๗ ๙ read as ๒ or ๕ scored 90–97: confidence catches only some misreadings, which is
/// why the metadata also wants a date confirmed by the rest of its text.
pub const LOW_CONFIDENCE: f32 = 80.0;

/// One page (or image) as tesseract read it.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PageReading {
    /// Lines joined with '\n', no empty lines, no leading or trailing blanks: today's text.
    pub text: String,
    /// Byte ranges in `text` of words with a digit (Thai ๐–๙ or Arabic) read with less than
    /// [`LOW_CONFIDENCE`].
    pub doubtful: Vec<Range<usize>>,
    /// Sum and count of the word confidences, for the file's mean.
    pub confidence_sum: f64,
    pub words: u32,
}

pub(crate) struct OcrOutcome {
    /// (page number, what was read) for each page that was OCR'd.
    pub pages: Vec<(u32, PageReading)>,
    /// Pages not reached before the budget ran out.
    pub skipped: u32,
    /// The first failure, if any page failed.
    pub error: Option<String>,
}

/// OCRs `pages` (1-based) of the PDF in `pdf`: each page gets at most `per_page`, all together
/// at most `budget`. `tools` must read PDFs ([`Tools::reads_pdf`]).
pub(crate) fn ocr_pages(
    tools: &Tools,
    pdf: &[u8],
    pages: &[u32],
    per_page: Duration,
    budget: Duration,
) -> OcrOutcome {
    let mut outcome = OcrOutcome {
        pages: Vec::new(),
        skipped: 0,
        error: None,
    };
    let Some(pdftoppm) = tools.pdftoppm.as_deref() else {
        outcome.error = Some("pdftoppm (poppler-utils) is not installed".into());
        return outcome;
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
        match ocr_pdf_page(tools, pdftoppm, dir.path(), &input, page, limit) {
            Ok(reading) => outcome.pages.push((page, reading)),
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

fn ocr_pdf_page(
    tools: &Tools,
    pdftoppm: &Path,
    dir: &Path,
    input: &Path,
    page: u32,
    limit: Duration,
) -> Result<PageReading, String> {
    let start = Instant::now();
    let png_base = dir.join("page");
    let png = dir.join("page.png");
    let p = page.to_string();
    run(
        Command::new(pdftoppm)
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
    let result = tesseract(tools, dir, &png, left);
    let _ = std::fs::remove_file(&png);
    Ok(result?.pop().unwrap_or_default())
}

/// OCRs an image file (JPEG, PNG, or TIFF with `pages` pages) within `limit`. tesseract reads a
/// multi-page TIFF in one run, so its pages share one deadline. Returns one reading per page.
pub(crate) fn ocr_image(
    tools: &Tools,
    image: &[u8],
    ext: &str,
    limit: Duration,
) -> Result<Vec<PageReading>, String> {
    let dir = tempfile::Builder::new()
        .prefix("khlang-ocr-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let input = dir.path().join(format!("input.{ext}"));
    std::fs::write(&input, image).map_err(|e| format!("cannot write a temporary file: {e}"))?;
    tesseract(tools, dir.path(), &input, limit)
}

/// Runs tesseract on `image` with the plain-text and TSV renderers (one recognition, two
/// outputs) and pairs them: one [`PageReading`] per page.
fn tesseract(
    tools: &Tools,
    dir: &Path,
    image: &Path,
    limit: Duration,
) -> Result<Vec<PageReading>, String> {
    let out_base = dir.join("out");
    let result = run(
        Command::new(&tools.tesseract)
            .arg(image)
            .arg(&out_base)
            .args(["-l", &tools.langs, "txt", "tsv"])
            // One thread per tesseract: the caller already runs one extraction per core.
            .env("OMP_THREAD_LIMIT", "1"),
        dir,
        limit,
    );
    result.map_err(|e| format!("tesseract: {e}"))?;
    let read = |ext: &str| -> Result<String, String> {
        let path = out_base.with_extension(ext);
        let bytes = std::fs::read(&path).map_err(|e| format!("tesseract wrote no {ext}: {e}"))?;
        let _ = std::fs::remove_file(&path);
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let txt = read("txt")?;
    let tsv = read("tsv")?;
    let words = tsv_words(&tsv);
    Ok(txt
        .split('\u{000C}')
        .enumerate()
        .map(|(i, page)| {
            let page_no = i as u32 + 1;
            let page_words = words.iter().filter(|w| w.page == page_no);
            reading(page, page_words)
        })
        .filter(|r| !r.text.is_empty() || r.words > 0)
        .collect())
}

/// The file's OCR quality from the readings whose text was used; `None` when there are none.
pub(crate) fn quality<'a>(
    readings: impl Iterator<Item = &'a PageReading>,
    read: Vec<Range<usize>>,
    doubtful: Vec<Range<usize>>,
) -> Option<crate::OcrQuality> {
    let (mut pages, mut sum, mut words) = (0u32, 0f64, 0u32);
    for r in readings {
        pages += 1;
        sum += r.confidence_sum;
        words += r.words;
    }
    (pages > 0).then(|| crate::OcrQuality {
        confidence: if words == 0 {
            0
        } else {
            (sum / f64::from(words)).round().clamp(0.0, 100.0) as u8
        },
        pages,
        read,
        doubtful,
    })
}

/// A word of tesseract's TSV output (level 5).
#[derive(Debug, Clone, PartialEq)]
struct TsvWord {
    page: u32,
    conf: f32,
    text: String,
}

/// The words of a TSV rendering: `level page block par line word left top width height conf
/// text`, tab-separated, one header line. Lines that do not parse are skipped.
fn tsv_words(tsv: &str) -> Vec<TsvWord> {
    tsv.lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 12 || cols[0] != "5" {
                return None;
            }
            let text = cols[11..].join("\t").trim().to_string();
            let conf: f32 = cols[10].trim().parse().ok()?;
            if text.is_empty() || !(0.0..=100.0).contains(&conf) {
                return None;
            }
            Some(TsvWord {
                page: cols[1].trim().parse().ok()?,
                conf,
                text,
            })
        })
        .collect()
}

/// The page's text as today (lines trimmed at the end, empty lines dropped), with the words'
/// confidences laid on it: each word is found in the text after the previous one, across
/// blanks only, so a word the two renderings disagree on is left out rather than misplaced.
fn reading<'a>(page: &str, words: impl Iterator<Item = &'a TsvWord>) -> PageReading {
    let text = page
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string();
    let mut out = PageReading {
        text,
        ..PageReading::default()
    };
    let mut cursor = 0;
    for w in words {
        out.confidence_sum += f64::from(w.conf);
        out.words += 1;
        let rest = &out.text[cursor..];
        let skipped = rest.len() - rest.trim_start().len();
        let at = cursor + skipped;
        if !out.text[at..].starts_with(&w.text) {
            continue;
        }
        let range = at..at + w.text.len();
        cursor = range.end;
        let has_digit = w
            .text
            .chars()
            .any(|c| c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c));
        if has_digit && w.conf < LOW_CONFIDENCE {
            out.doubtful.push(range);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A TSV rendering of `words` (page, confidence, text), as tesseract 5 writes it.
    fn tsv(words: &[(u32, f32, &str)]) -> String {
        let mut out = String::from(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        for (i, (page, conf, text)) in words.iter().enumerate() {
            out.push_str(&format!("4\t{page}\t1\t1\t1\t0\t0\t0\t9\t9\t-1\t\n"));
            out.push_str(&format!(
                "5\t{page}\t1\t1\t1\t{i}\t0\t0\t9\t9\t{conf}\t{text}\n"
            ));
        }
        out.push_str("5\t1\tbroken line\n");
        out
    }

    #[test]
    fn confidences_are_laid_on_the_plain_text() {
        // Thai comes word by word in the TSV but unspaced in the text; one word ("xx") the
        // plain text does not have is left out, and the words after it still find their place.
        let words = [
            (1, 96.8, "ประ"),
            (1, 93.3, "กาศ"),
            (1, 92.5, "ณ"),
            (1, 40.0, "xx"),
            (1, 93.2, "วันที"),
            (1, 77.0, "๓"),
            (1, 97.0, "ตุลาคม"),
            (1, 96.9, "๒๕๒๓"),
            (2, 70.0, "หน้า"),
            (2, 60.0, "2"),
        ];
        let all = tsv_words(&tsv(&words));
        assert_eq!(all.len(), words.len());
        let page1 = reading(
            "ประกาศ ณ  \n\nวันที ๓ ตุลาคม ๒๕๒๓\n",
            all.iter().filter(|w| w.page == 1),
        );
        assert_eq!(page1.text, "ประกาศ ณ\nวันที ๓ ตุลาคม ๒๕๒๓");
        // Only the word with a digit and low confidence is doubtful.
        let spans: Vec<&str> = page1
            .doubtful
            .iter()
            .map(|r| &page1.text[r.clone()])
            .collect();
        assert_eq!(spans, ["๓"]);
        assert_eq!(page1.words, 8);
        let q = quality([page1.clone()].iter(), Vec::new(), page1.doubtful.clone());
        assert_eq!(q.map(|q| (q.confidence, q.pages)), Some((86, 1)));
        let page2 = reading("หน้า 2", all.iter().filter(|w| w.page == 2));
        let start = page2.doubtful.first().map(|r| r.start);
        assert_eq!((page2.doubtful.len(), start), (1, Some("หน้า ".len())));
        assert_eq!(quality(std::iter::empty(), Vec::new(), Vec::new()), None);
    }
}
