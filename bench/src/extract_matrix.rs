//! `khlang-bench extract DIR`: how exactly khlang reads the files agencies publish.
//!
//! DIR is made by `bench/extract-matrix.sh` (real files from LibreOffice, Chromium, Ghostscript
//! and scans, each beside the Thai text it was made from). For every kind of file this prints
//! how many characters khlang's text gets wrong against the source, how many spaces it puts
//! inside words (เป็ นไป), and the same for poppler's `pdftotext` as a reference where it reads
//! the kind. Whitespace and line breaks are not characters here (a PDF breaks lines where the
//! page did); reading order is (a second column read first is a block of errors).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

/// What one reader made of one file, against its source.
#[derive(Default, Clone, Copy)]
struct Score {
    /// Characters (not whitespace) in the source.
    chars: usize,
    /// Edits (insert, delete, replace) from the source's characters to the reader's.
    wrong: usize,
    /// Spaces the reader put between two characters the source writes together.
    splits: usize,
    time: Duration,
}

impl std::ops::AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        self.chars += o.chars;
        self.wrong += o.wrong;
        self.splits += o.splits;
        self.time += o.time;
    }
}

struct Row {
    kind: String,
    file: PathBuf,
    khlang: Score,
    poppler: Option<Score>,
    /// The worst line of khlang's text, for a reader of the table to see what goes wrong.
    sample: Option<(String, String)>,
}

pub fn run(dir: &Path, verbose: bool, only: Option<&str>) -> Result<()> {
    let list = dir.join("matrix.tsv");
    let tsv = std::fs::read_to_string(&list).with_context(|| {
        format!(
            "cannot read {}: make the matrix first with bench/extract-matrix.sh",
            list.display()
        )
    })?;
    let entries: Vec<(String, PathBuf, PathBuf)> = tsv
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            match (f.next(), f.next(), f.next()) {
                (Some(k), Some(file), Some(src)) => {
                    Ok((k.to_string(), dir.join(file), dir.join(src)))
                }
                _ => bail!("{}: malformed line {l:?}", list.display()),
            }
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|(kind, _, _)| only.is_none_or(|o| kind.starts_with(o)))
        .collect();
    let have_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    let rows: Vec<Row> = entries
        .par_iter()
        .map(|(kind, file, src)| measure(kind, file, src, have_pdftotext))
        .collect::<Result<_>>()?;

    let mut kinds: BTreeMap<&str, (usize, Score, Option<Score>)> = BTreeMap::new();
    for r in &rows {
        let e = kinds.entry(&r.kind).or_default();
        e.0 += 1;
        e.1 += r.khlang;
        if let Some(p) = r.poppler {
            *e.2.get_or_insert_with(Score::default) += p;
        }
    }
    println!("| kind | files | chars | khlang wrong | khlang CER | khlang splits | khlang ms/file | pdftotext wrong | pdftotext CER | pdftotext splits |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (kind, (n, k, p)) in &kinds {
        let (pw, pc, ps) = match p {
            Some(p) => (p.wrong.to_string(), cer(p), p.splits.to_string()),
            None => ("–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {kind} | {n} | {} | {} | {} | {} | {:.0} | {pw} | {pc} | {ps} |",
            k.chars,
            k.wrong,
            cer(k),
            k.splits,
            k.time.as_secs_f64() * 1000.0 / *n as f64
        );
    }
    if verbose {
        for r in rows.iter().filter(|r| r.khlang.wrong + r.khlang.splits > 0) {
            println!(
                "\n{} ({}): {} wrong, {} splits",
                r.file.display(),
                r.kind,
                r.khlang.wrong,
                r.khlang.splits
            );
            if let Some((want, got)) = &r.sample {
                println!("  source: {want}\n  khlang: {got}");
            }
        }
    }
    Ok(())
}

fn cer(s: &Score) -> String {
    format!("{:.2} %", 100.0 * s.wrong as f64 / s.chars.max(1) as f64)
}

fn measure(kind: &str, file: &Path, src: &Path, have_pdftotext: bool) -> Result<Row> {
    let source = std::fs::read_to_string(src).with_context(|| format!("{}", src.display()))?;
    let source = normalize(&source);
    let opts = extract::Options::default();
    let t = Instant::now();
    let got = match extract::extract_file(file, &opts) {
        Ok(x) => x.text,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            String::new()
        }
    };
    let time = t.elapsed();
    let got = normalize(&got);
    let mut khlang = score(&source, &got);
    khlang.time = time;
    let sample = worst_line(&source, &got);
    let is_pdf = file.extension().is_some_and(|e| e == "pdf");
    let poppler = if is_pdf && have_pdftotext && !kind.starts_with("scan") {
        let t = Instant::now();
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(file)
            .arg("-")
            .output()
            .context("pdftotext")?;
        let time = t.elapsed();
        let mut s = score(&source, &normalize(&String::from_utf8_lossy(&out.stdout)));
        s.time = time;
        Some(s)
    } else {
        None
    };
    Ok(Row {
        kind: kind.to_string(),
        file: file.to_path_buf(),
        khlang,
        poppler,
        sample,
    })
}

/// The comparison's idea of "the same text": ◌ํ◌า is ◌ำ (LibreOffice's glyphs for it), line
/// breaks are spaces, runs of blanks one space. Nothing else is forgiven: a swapped or lost
/// mark, a Private-Use glyph or a replacement character is an error.
fn normalize(t: &str) -> String {
    let t = t.replace("\u{0E4D}\u{0E32}", "\u{0E33}");
    let mut out = String::with_capacity(t.len());
    for line in t.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

/// Characters without whitespace, and for each: was it preceded by a space (or, when
/// `breaks_separate`, by a line break)? In the source a line break separates as a space does;
/// in a reader's text it is where the page's line ended, which says nothing.
fn chars_of(t: &str, breaks_separate: bool) -> (Vec<char>, Vec<bool>) {
    let mut cs = Vec::new();
    let mut spaced = Vec::new();
    let mut space = false;
    for c in t.chars() {
        if c == '\n' {
            space = breaks_separate;
        } else if c.is_whitespace() {
            space = true;
        } else {
            cs.push(c);
            spaced.push(space);
            space = false;
        }
    }
    (cs, spaced)
}

/// Edit distance between the characters, and the spaces `got` puts between two characters
/// that follow each other unspaced in `want` (found on the alignment's diagonal).
fn score(want: &str, got: &str) -> Score {
    let (a, a_spaced) = chars_of(want, true);
    let (b, b_spaced) = chars_of(got, false);
    let (n, m) = (a.len(), b.len());
    // Full table for the backtrace; texts are about a page (≤ 3k characters).
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for (j, cell) in d.iter_mut().take(m + 1).enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        d[i * w] = i as u32;
        for j in 1..=m {
            let sub = d[(i - 1) * w + j - 1] + u32::from(a[i - 1] != b[j - 1]);
            d[i * w + j] = sub.min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
        }
    }
    let wrong = d[n * w + m] as usize;
    // Walk back; count a split where b[j] is spaced, a[i] is not, and both a[i-1]=b[j-1] and
    // a[i]=b[j] are matched pairs.
    let mut splits = 0;
    let (mut i, mut j) = (n, m);
    let mut next_matched: Option<(usize, usize)> = None;
    while i > 0 && j > 0 {
        let here = d[i * w + j];
        if a[i - 1] == b[j - 1] && here == d[(i - 1) * w + j - 1] {
            if let Some((ni, nj)) = next_matched {
                if ni == i && nj == j && b_spaced[j] && !a_spaced[i] {
                    splits += 1;
                }
            }
            next_matched = Some((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else {
            next_matched = None;
            if here == d[(i - 1) * w + j - 1] + 1 {
                i -= 1;
                j -= 1;
            } else if here == d[(i - 1) * w + j] + 1 {
                i -= 1;
            } else {
                j -= 1;
            }
        }
    }
    Score {
        chars: n,
        wrong,
        splits,
        time: Duration::ZERO,
    }
}

/// The source line whose best counterpart in `got` differs most (for the verbose listing).
fn worst_line(want: &str, got: &str) -> Option<(String, String)> {
    let got_lines: Vec<&str> = got.lines().collect();
    want.lines()
        .filter_map(|w| {
            if got.contains(w) {
                return None;
            }
            let best = got_lines
                .iter()
                .map(|g| (score(w, g).wrong, *g))
                .min_by_key(|(e, _)| *e)?;
            Some((best.0, w.to_string(), best.1.to_string()))
        })
        .max_by_key(|(e, _, _)| *e)
        .map(|(_, w, g)| (w, g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores() {
        let s = score("เป็นไป ได้", "เป็ นไป ได้");
        assert_eq!((s.wrong, s.splits), (0, 1));
        let s = score("ให้", "ใหู");
        assert_eq!((s.chars, s.wrong, s.splits), (3, 1, 0));
        assert_eq!(normalize("นํา\n\n a  b "), "นำ\na b\n");
        // A line break in the source is a separator; in the reader's text it is not one.
        let s = score("ก\nข", "ก ข");
        assert_eq!((s.wrong, s.splits), (0, 0));
        let s = score("กข", "ก\nข");
        assert_eq!((s.wrong, s.splits), (0, 0));
    }
}
