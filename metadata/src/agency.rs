//! The issuing agency (หน่วยงาน): a local government named by its kind and place,
//! e.g. เทศบาลนครหาดใหญ่ or องค์การบริหารส่วนตำบลโคกทราย.
//!
//! Evidence, strongest first: the issuer header ("ประกาศเทศบาล…", "คำสั่ง…", "ข้อบัญญัติ…"), a
//! letterhead line near the top ("เทศบาลตำบล…", "ส่วนราชการ กองคลัง เทศบาล…"), a folder named
//! after an agency, and finally the agency named most often in the text (weak).

use std::collections::HashMap;

use crate::department;
use crate::text::is_thai_letter;

/// Kinds of local government, longest first so "องค์การบริหารส่วนจังหวัด" is not read as a
/// shorter kind. Full names are written without a space before the place name.
const KINDS: &[&str] = &[
    "องค์การบริหารส่วนจังหวัด",
    "องค์การบริหารส่วนตำบล",
    "เทศบาลนคร",
    "เทศบาลเมือง",
    "เทศบาลตำบล",
];

/// Special local governments whose name is the whole name.
const WHOLE_NAMES: &[&str] = &["กรุงเทพมหานคร", "เมืองพัทยา"];

/// Common abbreviations and the kind they stand for: "อบต.โคกทราย" → องค์การบริหารส่วนตำบลโคกทราย.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("อบจ.", "องค์การบริหารส่วนจังหวัด"),
    ("อบต.", "องค์การบริหารส่วนตำบล"),
    ("ทน.", "เทศบาลนคร"),
    ("ทม.", "เทศบาลเมือง"),
    ("ทต.", "เทศบาลตำบล"),
];

/// Words that open an issuer header: the document is "<word><agency>".
const ISSUER_WORDS: &[&str] = &["ประกาศ", "คำสั่ง", "ข้อบัญญัติ", "เทศบัญญัติ", "ระเบียบ", "แถลงการณ์"];

/// Mayors sign as "นายกเทศมนตรีตำบลX"; that names the เทศบาลตำบลX.
const MAYOR_TITLES: &[(&str, &str)] = &[
    ("นายกเทศมนตรีตำบล", "เทศบาลตำบล"),
    ("นายกเทศมนตรีเมือง", "เทศบาลเมือง"),
    ("นายกเทศมนตรีนคร", "เทศบาลนคร"),
];

/// Words that follow an agency name on a letterhead line: address parts and phone.
const LETTERHEAD_TAILS: &[&str] = &[
    "อำเภอ",
    "อ.",
    "จังหวัด",
    "จ.",
    "ตำบล",
    "ต.",
    "โทร",
    "เลขที่",
    "หมู่ที่",
    "(",
];

/// How the agency was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Header,
    Letterhead,
    Folder,
    Mentions,
}

/// The agency of a document, from its lines (already repaired) and folder names.
pub fn find(lines: &[&str], folders: &[&str]) -> Option<(String, Source)> {
    from_header(lines)
        .map(|a| (a, Source::Header))
        .or_else(|| from_letterhead(lines).map(|a| (a, Source::Letterhead)))
        .or_else(|| {
            folders
                .iter()
                .rev()
                .find_map(|f| agency_segment(f))
                .map(|a| (a, Source::Folder))
        })
        .or_else(|| most_mentioned(lines).map(|a| (a, Source::Mentions)))
}

/// "ประกาศเทศบาลนครหาดใหญ่", "คำสั่ง อบต.บ้านนา ที่ 12/2563", or "ประกาศ" alone with the agency on
/// the next line. Only the top of the document: later "ตามประกาศ…" lines quote other documents.
fn from_header(lines: &[&str]) -> Option<String> {
    let top: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(30)
        .collect();
    for (n, line) in top.iter().enumerate() {
        let Some(rest) = ISSUER_WORDS.iter().find_map(|w| line.strip_prefix(w)) else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("สำนักงาน").unwrap_or(rest);
        if let Some((name, _)) = agency_at(rest, Form::Loose) {
            return Some(name);
        }
        if rest.is_empty() {
            if let Some((name, _)) = top.get(n + 1).and_then(|next| agency_at(next, Form::Loose)) {
                return Some(name);
            }
        }
    }
    None
}

/// A line near the top that is (mostly) an agency name: a letterhead, the agency line of a
/// cover page or form (แบบ สขร.๑), or "ส่วนราชการ <department> <agency>" in a memo. Lines are
/// split at wide gaps because letters put the number and the agency on one line.
fn from_letterhead(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .flat_map(|l| segments(l))
        .find_map(agency_segment)
}

/// A line segment naming an agency after optional labels and a department.
fn agency_segment(segment: &str) -> Option<String> {
    let mut s = segment.trim();
    // "หน่วยงานที่รับผิดชอบ: …" and similar labels.
    if let Some(i) = s.find(':') {
        if s[..i].chars().count() <= 30 {
            s = s[i + 1..].trim_start();
        }
    }
    for label in ["ส่วนราชการ", "หน่วยงาน", "สำนักงาน"]
    {
        s = s.strip_prefix(label).unwrap_or(s).trim_start();
    }
    if let Some(len) = department::prefix_len(s) {
        s = s[len..].trim_start();
    }
    let (name, rest) = agency_at(s, Form::Loose)?;
    let rest = rest.trim_start();
    let tail_ok = rest.is_empty() || LETTERHEAD_TAILS.iter().any(|t| rest.starts_with(t));
    tail_ok.then_some(name)
}

/// True when `line` opens with an agency name ("เทศบาลตำบลท่าข้าม", "อบต.บ้านนา …").
pub(crate) fn starts_with_agency(line: &str) -> bool {
    agency_at(line.trim_start(), Form::Loose).is_some()
}

/// Splits a line at tabs and runs of two or more spaces.
pub(crate) fn segments(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    let next_is_space = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
        chars.peek().is_some_and(|&(_, n)| n.is_whitespace())
    };
    while let Some((b, c)) = chars.next() {
        if c == '\t' || (c.is_whitespace() && next_is_space(&mut chars)) {
            if b > start {
                out.push(&line[start..b]);
            }
            while next_is_space(&mut chars) {
                chars.next();
            }
            start = chars.peek().map_or(line.len(), |&(b, _)| b);
        }
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// How loosely an agency may be written where it is looked for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Headers and letterheads: abbreviations ("อบต.บ้านนา") and one space between kind and
    /// place ("เทศบาลนคร นครสวรรค์").
    Loose,
    /// Running text: full kind glued to the place.
    FullOnly,
}

/// An agency written at the start of `s`: (full name, rest of `s`).
fn agency_at(s: &str, form: Form) -> Option<(String, &str)> {
    for whole in WHOLE_NAMES {
        if let Some(rest) = s.strip_prefix(whole) {
            if !rest.starts_with(is_thai_letter) {
                return Some((whole.to_string(), rest));
            }
        }
    }
    let (kind, after) = KINDS
        .iter()
        .find_map(|k| s.strip_prefix(k).map(|r| (*k, r)))
        .or_else(|| {
            if form != Form::Loose {
                return None;
            }
            ABBREVIATIONS
                .iter()
                .find_map(|(abbr, kind)| Some((*kind, s.strip_prefix(abbr)?.trim_start())))
        })?;
    let after = match after.strip_prefix(' ') {
        Some(r) if form == Form::Loose && r.starts_with(is_thai_letter) => r,
        _ => after,
    };
    let (place, rest) = place_at(after)?;
    Some((format!("{kind}{place}"), rest))
}

/// The place name: a run of Thai letters (Thai place names have no spaces), at least two.
fn place_at(s: &str) -> Option<(&str, &str)> {
    let end = s
        .char_indices()
        .find(|&(_, c)| !is_thai_letter(c))
        .map_or(s.len(), |(i, _)| i);
    let mut place = &s[..end];
    // "…นาแซงอำเภอ…" when the address was glued on.
    for tail in ["อำเภอ", "จังหวัด"] {
        if let Some(i) = place.find(tail).filter(|&i| i > 0) {
            place = &place[..i];
        }
    }
    (place.chars().count() >= 2).then(|| (place, &s[place.len()..]))
}

/// The agency named most often anywhere in the text (signatures, body), as a last resort.
fn most_mentioned(lines: &[&str]) -> Option<String> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new(); // name → (count, first seen)
    let mut order = 0;
    // Each title and name opens with one of a few letters; other positions (nearly all of a
    // text) are passed over without trying every name there.
    let mut firsts: Vec<char> = MAYOR_TITLES
        .iter()
        .map(|(title, _)| *title)
        .chain(WHOLE_NAMES.iter().copied())
        .chain(KINDS.iter().copied())
        .filter_map(|w| w.chars().next())
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    for line in lines {
        let mut seen = |name: String| {
            let e = counts.entry(name).or_insert((0, order));
            e.0 += 1;
            order += 1;
        };
        for (i, c) in line.char_indices() {
            if !firsts.contains(&c) {
                continue;
            }
            let s = &line[i..];
            if let Some((title, kind)) = MAYOR_TITLES.iter().find(|(t, _)| s.starts_with(t)) {
                if let Some((place, _)) = place_at(&s[title.len()..]) {
                    seen(format!("{kind}{place}"));
                }
                continue;
            }
            // Thai has no spaces between words, so "ขององค์การบริหารส่วนตำบลX" is a mention too;
            // abbreviations are left out here because "ทน" also starts "ทนาย".
            if let Some((name, _)) = agency_at(s, Form::FullOnly) {
                seen(name);
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(text: &str) -> Option<String> {
        let lines: Vec<&str> = text.lines().collect();
        find(&lines, &[]).map(|(a, _)| a)
    }

    #[test]
    fn headers_name_the_issuer() {
        let cases = [
            ("ประกาศเทศบาลนครหาดใหญ่\nเรื่อง x", "เทศบาลนครหาดใหญ่"),
            ("ประกาศเทศบาลนครนครสวรรค์", "เทศบาลนครนครสวรรค์"),
            (
                "คำสั่งองค์การบริหารส่วนตำบลโคกทราย\nที่ ๑/๒๕๖๓",
                "องค์การบริหารส่วนตำบลโคกทราย",
            ),
            ("ประกาศ อบต.บ้านนา\nเรื่อง ก", "องค์การบริหารส่วนตำบลบ้านนา"),
            ("ประกาศ อบจ.ขอนแก่น", "องค์การบริหารส่วนจังหวัดขอนแก่น"),
            ("คำสั่ง ทต.ท่าข้าม ที่ 5/2563", "เทศบาลตำบลท่าข้าม"),
            (
                "ประกาศ\nองค์การบริหารส่วนตำบลโนนสูง\nเรื่อง ก",
                "องค์การบริหารส่วนตำบลโนนสูง",
            ),
            ("ประกาศสำนักงานเทศบาลเมืองชุมแพ", "เทศบาลเมืองชุมแพ"),
            ("ประกาศกรุงเทพมหานคร\nเรื่อง ก", "กรุงเทพมหานคร"),
            ("ประกาศเทศบาลนคร นครสวรรค์", "เทศบาลนครนครสวรรค์"),
        ];
        for (text, want) in cases {
            assert_eq!(agency(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn letterheads_and_memos() {
        let cases = [
            (
                "ที่ ชม ๗๘๐๐๑/ว ๑๒๓      องค์การบริหารส่วนตำบลแม่แตง\n  อำเภอแม่แตง",
                "องค์การบริหารส่วนตำบลแม่แตง",
            ),
            (
                "บันทึกข้อความ\nส่วนราชการ  กองคลัง เทศบาลตำบลบางพระ  โทร ๐๓๘",
                "เทศบาลตำบลบางพระ",
            ),
            ("แบบ สขร.๑\nสรุปผล\nเทศบาลตำบลท่าข้าม", "เทศบาลตำบลท่าข้าม"),
            (
                "คู่มือ\nหน่วยงานที่รับผิดชอบ: กองช่าง องค์การบริหารส่วนตำบลหนองบัว",
                "องค์การบริหารส่วนตำบลหนองบัว",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(agency(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn mentions_are_the_last_resort() {
        let text =
            "รายงาน\nผลการดำเนินงานของเทศบาลตำบลนาแซง ปี ๒๕๖๓\nเทศบาลตำบลนาแซง ได้ดำเนินการ\n(นายก)\nนายกเทศมนตรีตำบลนาแซง";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            find(&lines, &[]),
            Some(("เทศบาลตำบลนาแซง".to_string(), Source::Mentions))
        );
        // A generic mention ("ปลัดองค์การบริหารส่วนตำบลปฏิบัติหน้าที่") must lose to the real name.
        let text = "ก\nองค์การบริหารส่วนตำบลโคกทราย ข\nปลัดองค์การบริหารส่วนตำบลปฏิบัติหน้าที่\nนายกองค์การบริหารส่วนตำบลโคกทราย";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            find(&lines, &[]).map(|a| a.0).as_deref(),
            Some("องค์การบริหารส่วนตำบลโคกทราย")
        );
        assert_eq!(agency("ไม่มีชื่อหน่วยงาน"), None);
    }

    #[test]
    fn folders_name_agencies() {
        let lines = ["รายงาน"];
        assert_eq!(
            find(&lines, &["เทศบาลเมืองชุมแพ", "ITA"])
                .map(|a| a.0)
                .as_deref(),
            Some("เทศบาลเมืองชุมแพ")
        );
    }

    #[test]
    fn segments_split_at_wide_gaps() {
        assert_eq!(
            segments("ที่ ชม ๑/ว ๒   องค์การ\tโทร"),
            ["ที่ ชม ๑/ว ๒", "องค์การ", "โทร"]
        );
        assert_eq!(segments("  "), Vec::<&str>::new());
    }
}
