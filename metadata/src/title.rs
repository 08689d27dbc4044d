//! The title (ชื่อเรื่อง) of a document.
//!
//! Official documents state their subject on a "เรื่อง …" line under the issuer header; it often
//! wraps onto a second line ("…ผ่านเว็บไซต์ของหน่วยงาน / ประจำปีงบประมาณ พ.ศ. ๒๕๖๓"). Without
//! one, the title stored in the file's own metadata is used, and failing that the first
//! meaningful lines (a cover or form heading), which is a guess the caller marks uncertain.

use crate::text::{clean_value, is_thai_letter};
use crate::{agency, department, thai_date};

/// Where the title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Subject,
    Embedded,
    FirstLines,
}

/// Continuation lines of a wrapped "เรื่อง" are short; body paragraphs are long.
const MAX_CONTINUATION_CHARS: usize = 90;

/// Openings of the lines that follow a subject line but are not part of it: salutation,
/// references, and the first words of a body paragraph. "ด้วยวิธี…" is not among them: e-GP
/// titles wrap as "…ด้วยวิธี / ประกวดราคาอิเล็กทรอนิกส์" or "… / ด้วยวิธีประกวดราคา…".
const NOT_CONTINUATION: &[&str] = &[
    "เรียน",
    "ที่ ",
    "ที่\t",
    "วันที่",
    "ประกาศ ณ",
    "สั่ง ณ",
    "อ้างถึง",
    "สิ่งที่ส่งมาด้วย",
    "ตามที่",
    "ตามประกาศ",
    "ตามระเบียบ",
    "ตามพระราชบัญญัติ",
    "ตามหนังสือ",
    "ตามคำสั่ง",
    "อาศัย",
    "เพื่อให้",
    "โดยที่",
    "ข้อ ",
    "ทั้งนี้",
    "บัดนี้",
    "จึง",
    "เนื่องจาก",
    "ด้วยเหตุ",
    "๑.",
    "1.",
    "(๑)",
    "(1)",
];

/// An announcement that adopts a document ("เรื่อง ให้ใช้แผนพัฒนา…", "เรื่อง ประกาศใช้เทศบัญญัติ…")
/// is catalogued under the adopted document's name, which is also what its cover says.
const ADOPTING_PREFIXES: &[&str] = &["ให้ใช้", "ประกาศใช้"];

/// Lines at the top that are labels, not titles.
const LABEL_LINES: &[&str] = &[
    "บันทึกข้อความ",
    "สำเนา",
    "สำเนาคู่ฉบับ",
    "ด่วน",
    "ด่วนมาก",
    "ด่วนที่สุด",
    "ลับ",
    "ลับมาก",
    "ปกปิด",
    "เอกสารแนบ",
    "เอกสารแนบท้าย",
];

/// The title and where it came from.
pub fn find(lines: &[&str], embedded: Option<&str>) -> Option<(String, Source)> {
    from_subject(lines)
        .map(|t| (t, Source::Subject))
        .or_else(|| {
            embedded
                .and_then(from_embedded)
                .map(|t| (t, Source::Embedded))
        })
        .or_else(|| from_first_lines(lines).map(|t| (t, Source::FirstLines)))
}

/// The first "เรื่อง …" line near the top, with its wrapped continuation.
fn from_subject(lines: &[&str]) -> Option<String> {
    let nonblank_seen = |upto: usize| {
        lines[..upto]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .count()
    };
    let (at, first) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| subject_of(l).map(|s| (i, s)))?;
    if nonblank_seen(at) > 60 {
        return None;
    }
    let mut parts = vec![first.to_string()];
    let mut i = at + 1;
    // "เรื่อง" alone on its line: the subject is on the next one.
    if first.is_empty() {
        let next = lines.get(i).map(|l| l.trim()).filter(|l| !l.is_empty())?;
        parts = vec![next.to_string()];
        i += 1;
    }
    for line in lines.iter().skip(i).take(2) {
        let line = line.trim();
        if !is_continuation(line) {
            break;
        }
        parts.push(line.to_string());
    }
    let joined = parts.join(" ");
    let title = strip_decoration(&joined);
    let title = ADOPTING_PREFIXES
        .iter()
        .find_map(|p| {
            title
                .strip_prefix(p)
                .filter(|rest| rest.chars().filter(|&c| is_thai_letter(c)).count() >= 4)
        })
        .unwrap_or(title);
    let title = clean_value(title);
    (!title.is_empty()).then_some(title)
}

/// The subject after "เรื่อง" when `line` is a subject line ("เรื่อง ก", "เรื่อง: ก", "เรื่อง").
fn subject_of(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("เรื่อง")?;
    let boundary = rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c == ':');
    boundary.then(|| {
        rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':')
            .trim_end()
    })
}

fn is_continuation(line: &str) -> bool {
    if line.is_empty() || is_separator(line) || line.chars().count() > MAX_CONTINUATION_CHARS {
        return false;
    }
    if NOT_CONTINUATION.iter().any(|p| line.starts_with(p)) {
        return false;
    }
    // "ด้วยเทศบาล…" opens a body paragraph; "ด้วยวิธีประกวดราคา…" continues an e-GP title.
    if line.starts_with("ด้วย") && !line.starts_with("ด้วยวิธี") {
        return false;
    }
    // A body paragraph that opens with the agency's name ("เทศบาลนครขอนแก่น มีความประสงค์จะ…").
    !(line.chars().count() > 60 && agency::starts_with_agency(line))
}

/// Lines of dashes, dots, stars or underscores that rule off a header.
pub(crate) fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '.' | '*' | '=' | '~' | '─' | '…' | ' '))
}

/// Quotes and trailing rules around a title.
fn strip_decoration(s: &str) -> &str {
    s.trim()
        .trim_end_matches(|c: char| matches!(c, '-' | '_' | '.' | '*' | '=') || c.is_whitespace())
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\''))
        .trim()
}

/// The file's embedded title, as the extractor kept it. Whether an embedded title is one at
/// all (not a placeholder such as "Document1", a file name or a path) is judged once, by the
/// extractor (extract/src/title.rs); here only a word processor's prefix and extension are
/// taken off and digits and spaces made as in every other value.
fn from_embedded(title: &str) -> Option<String> {
    let t = title.trim();
    let t = t.strip_prefix("Microsoft Word - ").unwrap_or(t);
    let t = [".docx", ".doc", ".pdf"]
        .iter()
        .find_map(|ext| t.strip_suffix(ext))
        .unwrap_or(t);
    let t = clean_value(t);
    (!t.is_empty()).then_some(t)
}

/// The first meaningful lines: a cover or form heading, joined until a blank line, a table row
/// (cells separated by tabs: a sheet's column headings) or a line that names the agency, a
/// department or a date (those follow a heading; they are not part of it).
fn from_first_lines(lines: &[&str]) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for line in lines.iter().map(|l| l.trim()) {
        if parts.is_empty() {
            if is_heading_start(line) {
                parts.push(line);
            }
            continue;
        }
        let stop = line.is_empty()
            || line.contains('\t')
            || parts.len() >= 4
            || is_separator(line)
            || agency::starts_with_agency(line)
            || department::prefix_len(line).is_some()
            || thai_date::dates(line).next().is_some()
            || line.chars().count() > MAX_CONTINUATION_CHARS;
        if stop {
            break;
        }
        parts.push(line);
    }
    let title = clean_value(strip_decoration(&parts.join(" ")));
    (!title.is_empty()).then_some(title)
}

/// A line that can open a heading: some Thai or Latin words, not a page number, form code,
/// label, reference number, date or letterhead.
fn is_heading_start(line: &str) -> bool {
    // Counting stops at four: a long line's letters need not all be looked up.
    let letters = line.chars().filter(|c| c.is_alphabetic()).take(4).count();
    if letters < 4 || is_separator(line) {
        return false;
    }
    let compact: String = line.split_whitespace().collect();
    let form_code = (compact.starts_with("แบบ") || compact.starts_with("(แบบ"))
        && compact.chars().count() <= 16;
    let label = LABEL_LINES.iter().any(|l| compact == *l);
    let page = compact.starts_with("หน้า") && compact.chars().count() <= 8;
    let reference = line.starts_with("ที่ ") || line.starts_with("ที่\t");
    !(form_code
        || label
        || page
        || reference
        || agency::starts_with_agency(line)
        || thai_date::dates(line).next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str, embedded: Option<&str>) -> Option<(String, Source)> {
        let lines: Vec<&str> = text.lines().collect();
        find(&lines, embedded)
    }

    #[test]
    fn subject_lines() {
        let cases: &[(&str, &str)] = &[
            (
                "ประกาศ ก\nเรื่อง มาตรการเผยแพร่ข้อมูล\n\nด้วย",
                "มาตรการเผยแพร่ข้อมูล",
            ),
            ("เรื่อง: ขอเชิญประชุม", "ขอเชิญประชุม"),
            (
                "เรื่อง  แนวทางการเผยแพร่ข้อมูล\nประจำปีงบประมาณ พ.ศ. ๒๕๖๓\n\nตาม",
                "แนวทางการเผยแพร่ข้อมูล ประจำปีงบประมาณ พ.ศ. 2563",
            ),
            (
                "เรื่อง ให้ใช้แผนพัฒนาศูนย์ข้อมูล ประจำปีงบประมาณ พ.ศ.๒๕๖๓",
                "แผนพัฒนาศูนย์ข้อมูล ประจำปีงบประมาณ พ.ศ. 2563",
            ),
            (
                "เรื่อง ประกาศใช้เทศบัญญัติงบประมาณรายจ่าย",
                "เทศบัญญัติงบประมาณรายจ่าย",
            ),
            (
                "เรื่อง ประกวดราคาจ้างก่อสร้างถนน\nด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)\n-----\nเทศบาล",
                "ประกวดราคาจ้างก่อสร้างถนน ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
            ),
            ("เรื่อง แต่งตั้งคณะกรรมการ\nเรียน นายก", "แต่งตั้งคณะกรรมการ"),
            (
                "เรื่อง แต่งตั้งคณะกรรมการ\nด้วยเทศบาลตำบลก มีความจำเป็น",
                "แต่งตั้งคณะกรรมการ",
            ),
            ("เรื่อง\nรายงานผลการดำเนินงาน\n\n", "รายงานผลการดำเนินงาน"),
            ("เรื่อง “มาตรการ” ------", "มาตรการ"),
        ];
        for (text, want) in cases {
            assert_eq!(
                title(text, None),
                Some((want.to_string(), Source::Subject)),
                "{text}"
            );
        }
        // "เรื่องร้องเรียน" opens a body sentence, not a subject line.
        assert_ne!(
            title("เรื่องร้องเรียนทั้งหมด", None).map(|t| t.1),
            Some(Source::Subject)
        );
    }

    #[test]
    fn fallbacks() {
        assert_eq!(
            title(
                "\n\nรายงานผล\n",
                Some("Microsoft Word - แผนการจัดซื้อจัดจ้าง ปี ๒๕๖๔.docx")
            ),
            Some(("แผนการจัดซื้อจัดจ้าง ปี 2564".to_string(), Source::Embedded))
        );
        let cases: &[(&str, &str)] = &[
            (
                "แบบ สขร.๑\nสรุปผลการจัดซื้อจัดจ้าง เดือน ตุลาคม ๒๕๖๓\nเทศบาลตำบลท่าข้าม\nวันที่ ๕ พ.ย. ๖๓",
                "สรุปผลการจัดซื้อจัดจ้าง เดือน ตุลาคม 2563",
            ),
            (
                "- ๑ -\nรายงานการกำกับติดตาม\nรอบ ๖ เดือน\n(๑ ตุลาคม ๒๕๖๕ - ๓๑ มีนาคม ๒๕๖๖)",
                "รายงานการกำกับติดตาม รอบ 6 เดือน",
            ),
            ("บันทึกข้อความ\nคู่มือการปฏิบัติงาน\nกองคลัง", "คู่มือการปฏิบัติงาน"),
            (
                "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568\nลำดับ\tรายการ\tวงเงิน (บาท)",
                "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                title(text, None),
                Some((want.to_string(), Source::FirstLines)),
                "{text}"
            );
        }
        assert_eq!(title("\n  \n๑๒\n", None), None);
    }
}
