//! The findings as staff read them in a terminal: errors one by one, first; then warnings and
//! notes by kind, each listed when there are few of its kind and otherwise counted with a few
//! files for example. `--verbose` lists every finding. On the 17k-text corpus this is one
//! screen; the full list would be tens of thousands of lines.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{FileFindings, Finding, Kind, Severity};
use crate::documents::report::columns;

/// Errors listed one by one before the rest are counted (`--verbose` lists them all).
const MAX_ERROR_LINES: usize = 60;
/// Files named as examples of a kind that is counted.
const EXAMPLES: usize = 3;
/// A kind with at most this many findings is listed, not counted.
const LISTED: usize = 3;
/// The columns a line with examples may take.
const WIDTH: usize = 100;

/// The report of `files`' findings, errors first.
pub fn render(files: &[FileFindings], verbose: bool) -> String {
    let mut out = String::new();
    for severity in Severity::ALL {
        let with: Vec<(&str, Vec<&Finding>)> = files
            .iter()
            .map(|f| {
                let of: Vec<&Finding> = f
                    .findings
                    .iter()
                    .filter(|x| x.severity() == severity)
                    .collect();
                (f.path.as_str(), of)
            })
            .filter(|(_, of)| !of.is_empty())
            .collect();
        if with.is_empty() {
            continue;
        }
        let total: usize = with.iter().map(|(_, of)| of.len()).sum();
        let _ = writeln!(
            out,
            "{}: {} in {} file(s)",
            severity.words(),
            thousands(total),
            thousands(with.len())
        );
        if verbose || (severity == Severity::Error && total <= MAX_ERROR_LINES) {
            list(&mut out, &with);
        } else if severity == Severity::Error {
            list(&mut out, &with[..with.len().min(MAX_ERROR_LINES)]);
            let _ = writeln!(out, "  … and more: --verbose or --json lists every one");
        } else {
            by_kind(&mut out, &with);
        }
    }
    out
}

/// Every finding, a line each, naming its file.
fn list(out: &mut String, with: &[(&str, Vec<&Finding>)]) {
    for (path, of) in with {
        for f in of {
            let _ = writeln!(out, "  {path}: {}", line(f));
        }
    }
}

/// One finding: its words, its kind for scripts, where, and what to do.
pub fn line(f: &Finding) -> String {
    format!("{} ({}){}", f.kind.words(), f.kind.id(), where_and_why(f))
}

/// Kind by kind: a line saying how many (with as many files for example as fit on it), then
/// each finding when there are few.
fn by_kind(out: &mut String, with: &[(&str, Vec<&Finding>)]) {
    let mut kinds: BTreeMap<Kind, Vec<(&str, &Finding)>> = BTreeMap::new();
    for (path, of) in with {
        for f in of {
            kinds.entry(f.kind).or_default().push((path, f));
        }
    }
    let mut counted = false;
    for (kind, found) in &kinds {
        let mut paths: Vec<&str> = found.iter().map(|(p, _)| *p).collect();
        paths.dedup();
        let mut head = format!(
            "  {} ({}): {} in {} file(s)",
            kind.words(),
            kind.id(),
            thousands(found.len()),
            thousands(paths.len())
        );
        if found.len() <= LISTED {
            let _ = writeln!(out, "{head}");
            for (path, f) in found {
                let _ = writeln!(out, "    {path}{}", where_and_why(f));
            }
            continue;
        }
        counted = true;
        for (i, path) in paths.iter().take(EXAMPLES).enumerate() {
            let more = format!("{}{path}", if i == 0 { ", e.g. " } else { ", " });
            if columns(&head) + columns(&more) > WIDTH {
                break;
            }
            head.push_str(&more);
        }
        let _ = writeln!(out, "{head}");
    }
    if counted {
        let _ = writeln!(out, "  (--verbose lists every one)");
    }
}

/// ": line 4: xxx-xxx-x678: what to do", as much of it as the finding has.
fn where_and_why(f: &Finding) -> String {
    let mut s = String::new();
    if let Some(l) = f.line {
        let _ = write!(s, ": line {l}");
    }
    for part in [&f.masked, &f.detail].into_iter().flatten() {
        let _ = write!(s, ": {part}");
    }
    s
}

/// 17407 → "17,407".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, kinds: &[Kind]) -> FileFindings {
        FileFindings {
            path: path.into(),
            findings: kinds.iter().map(|&k| Finding::new(k)).collect(),
        }
    }

    #[test]
    fn errors_come_first_few_are_listed_and_many_are_counted() {
        let mut files = vec![
            file("a.txt", &[Kind::UncertainTitle]),
            file("c.pdf", &[Kind::BrokenText, Kind::UncertainTitle]),
        ];
        files.extend((0..6).map(|i| file(&format!("n{i}.txt"), &[Kind::MissingAgency])));
        let text = render(&files, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "ต้องแก้ก่อนเผยแพร่ / errors: 1 in 1 file(s)",
                "  c.pdf: ข้อความที่อ่านได้ผิดเพี้ยน / text looks mis-extracted (broken_text)",
                "ควรตรวจ / warnings: 6 in 6 file(s)",
                "  ไม่พบหน่วยงาน / no agency (missing_agency): 6 in 6 file(s), e.g. n0.txt, n1.txt, \
                 n2.txt",
                "  (--verbose lists every one)",
                "หมายเหตุ / notes: 2 in 2 file(s)",
                "  ชื่อเรื่องเดาจากบรรทัดแรก ควรตรวจ / title guessed, check it (uncertain_title): \
                 2 in 2 file(s)",
                "    a.txt",
                "    c.pdf",
            ]
        );
        let verbose = render(&files, true);
        assert!(verbose.contains("\n  n5.txt: ไม่พบหน่วยงาน"), "{verbose}");
        assert_eq!(render(&[file("d.txt", &[])], false), "");
    }

    #[test]
    fn thousands_are_grouped() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (17407, "17,407"),
            (1234567, "1,234,567"),
        ];
        for (n, want) in cases {
            assert_eq!(thousands(n), want);
        }
    }
}
