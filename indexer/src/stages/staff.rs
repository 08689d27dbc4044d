//! The site's staff area (`staff/`): what the build found and the ITA coverage matrix, as pages
//! staff can open from the archive itself (on the USB stick, at the kiosk PC) and a CSV the ITA
//! assessors can open in Excel.
//!
//! The pages use the words of the build's own report (crate::documents::findings), so staff
//! read the same thing in the terminal and in the site. Personal data appears here only by
//! kind and line, never masked or whole: the site may be public.

use std::fmt::Write;

use crate::documents::coverage::Coverage;
use crate::documents::findings::{print::thousands, FileFindings, Kind, Severity};
use crate::site::app_assets::escape_html;

/// The staff area's folder in the site.
pub const FOLDER: &str = "staff";

/// The files of the staff area: (site path, bytes).
pub fn files(
    title: &str,
    findings: &[FileFindings],
    coverage: &Coverage,
) -> Result<Vec<(String, Vec<u8>)>, csv::Error> {
    Ok(vec![
        (
            format!("{FOLDER}/index.html"),
            report_page(title, findings).into_bytes(),
        ),
        (
            format!("{FOLDER}/coverage.html"),
            coverage_page(title, coverage).into_bytes(),
        ),
        (format!("{FOLDER}/coverage.csv"), coverage.csv()?),
    ])
}

/// The page's frame: plain HTML and a little CSS (prints well, works from file://).
fn page(title: &str, heading: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{heading} — {title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <nav><a href=\"../index.html\">← ค้นหาเอกสาร / search</a> · \
         <a href=\"index.html\">รายงานการตรวจ / findings</a> · \
         <a href=\"coverage.html\">หมวดตาม ITA / ITA coverage</a> · \
         <a href=\"coverage.csv\">coverage.csv</a></nav>\n<h1>{heading}</h1>\n<p class=\"site\">{title}</p>\n\
         {body}</body>\n</html>\n",
        title = escape_html(title),
        heading = escape_html(heading),
    )
}

const STYLE: &str =
    "body{font-family:system-ui,'Noto Sans Thai',sans-serif;margin:1.5rem;line-height:1.5}\n\
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.25rem .5rem}\n\
td.n{text-align:right}td.empty{background:#fde8e8;text-align:center;color:#a33}\n\
td.waiting{background:#fff6d6}.error{color:#a00}nav{margin-bottom:1rem}.site{color:#555}\n\
@media print{nav{display:none}}\n";

/// Findings: errors and warnings file by file, notes counted, likely misspellings listed.
fn report_page(title: &str, files: &[FileFindings]) -> String {
    let mut body = String::new();
    let counts = crate::documents::findings::count(files);
    let _ = writeln!(
        body,
        "<p>{} ไฟล์ / files: {}</p>",
        thousands(files.len()),
        Severity::ALL
            .iter()
            .map(|s| format!("{} {}", thousands(counts[*s as usize]), s.words()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for severity in [Severity::Error, Severity::Warning] {
        let with: Vec<&FileFindings> = files
            .iter()
            .filter(|f| f.findings.iter().any(|x| x.severity() == severity))
            .collect();
        if with.is_empty() {
            continue;
        }
        let class = if severity == Severity::Error {
            " class=\"error\""
        } else {
            ""
        };
        let _ = writeln!(body, "<h2{class}>{}</h2>\n<ul>", severity.words());
        for file in with {
            let _ = writeln!(body, "<li>{}<ul>", escape_html(&file.path));
            for f in file.findings.iter().filter(|x| x.severity() == severity) {
                let at = f.line.map(|l| format!(", line {l}")).unwrap_or_default();
                // A held-back document's detail repeats a masked ID: not for a public page.
                let personal = matches!(f.kind, Kind::NationalId | Kind::Phone | Kind::Email);
                let detail = f
                    .detail
                    .as_deref()
                    .filter(|_| !personal)
                    .map(|d| format!(": {}", escape_html(d)))
                    .unwrap_or_default();
                let _ = writeln!(
                    body,
                    "<li>{} <code>{}</code>{at}{detail}</li>",
                    escape_html(f.kind.words()),
                    f.kind.id()
                );
            }
            let _ = writeln!(body, "</ul></li>");
        }
        let _ = writeln!(body, "</ul>");
    }
    misspellings(&mut body, files);
    page(title, "รายงานการตรวจเอกสาร / what the build found", &body)
}

/// Of the notes, the likely misspellings file by file: each names the fix to make in the
/// agency's own file (crate::documents::slips), which a count alone would not.
fn misspellings(body: &mut String, files: &[FileFindings]) {
    let with: Vec<&FileFindings> = files
        .iter()
        .filter(|f| f.findings.iter().any(|x| x.kind == Kind::Misspelling))
        .collect();
    if with.is_empty() {
        return;
    }
    let _ = writeln!(
        body,
        "<h2>{}</h2>\n<ul>",
        escape_html(Kind::Misspelling.words())
    );
    for file in with {
        let _ = writeln!(body, "<li>{}<ul>", escape_html(&file.path));
        for f in file.findings.iter().filter(|x| x.kind == Kind::Misspelling) {
            let detail = f.detail.as_deref().unwrap_or_default();
            let _ = writeln!(body, "<li>{}</li>", escape_html(detail));
        }
        let _ = writeln!(body, "</ul></li>");
    }
    let _ = writeln!(body, "</ul>");
}

/// The matrix, each cell a link to the search for its category and fiscal year.
fn coverage_page(title: &str, coverage: &Coverage) -> String {
    let years = coverage.years();
    let mut body = String::new();
    if years.is_empty() {
        body.push_str("<p>ไม่มีเอกสารที่ระบุปีงบประมาณ / no document has a fiscal year</p>\n");
        return page(title, "หมวดตาม ITA / ITA coverage", &body);
    }
    body.push_str(
        "<p>จำนวนเอกสารต่อหมวดและปีงบประมาณ (ช่องสีแดง: ยังไม่มี; +n: ยังไม่ถึงวันเผยแพร่) / \
         documents per category and fiscal year (red: none yet; +n: not yet published)</p>\n\
         <table>\n<thead><tr><th>หมวด / category</th>",
    );
    for y in &years {
        let _ = write!(body, "<th>{y}</th>");
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for c in coverage.categories() {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{} <small>{}</small></th>",
            escape_html(&c.th),
            escape_html(&c.en)
        );
        for &y in &years {
            let cell = coverage.cell(y, &c.id);
            let link = format!(
                "../index.html#category={}&amp;fiscal_year={y}",
                escape_html(&c.id)
            );
            match (cell.published, cell.waiting) {
                (0, 0) => body.push_str("<td class=\"empty\">—</td>"),
                (p, 0) => {
                    let _ = write!(body, "<td class=\"n\"><a href=\"{link}\">{p}</a></td>");
                }
                (p, w) => {
                    let _ = write!(
                        body,
                        "<td class=\"n waiting\"><a href=\"{link}\">{p}</a> +{w}</td>"
                    );
                }
            }
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    page(title, "หมวดตาม ITA / ITA coverage", &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::findings::Finding;

    #[test]
    fn pages_link_each_cell_and_never_show_personal_data() {
        let mut coverage = Coverage::default();
        coverage.add(2566, "budget", false);
        coverage.add(2567, "plans", true);
        let findings = [FileFindings {
            path: "รายชื่อ<ผู้มีสิทธิ>.txt".into(),
            findings: vec![Finding {
                line: Some(2),
                masked: Some("x-xxxx-xxxxx-34-9".into()),
                ..Finding::with_detail(
                    Kind::NationalId,
                    "held back: first on line 2 (x-xxxx-xxxxx-34-9)",
                )
            }],
        }];
        let files = files("เทศบาล & co", &findings, &coverage).unwrap_or_default();
        let text = |i: usize| String::from_utf8_lossy(&files[i].1).to_string();
        let report = text(0);
        assert!(report.contains("รายชื่อ&lt;ผู้มีสิทธิ&gt;.txt"), "{report}");
        assert!(report.contains("national_id</code>, line 2"));
        assert!(!report.contains("34-9"), "no masked value in a public page");
        let matrix = text(1);
        assert!(
            matrix.contains("href=\"../index.html#category=budget&amp;fiscal_year=2566\">1</a>")
        );
        assert!(matrix.contains("+1</td>"));
        assert!(matrix.contains("<td class=\"empty\">—</td>"));
        assert_eq!(files[2].0, "staff/coverage.csv");
    }
}
