//! The department (ส่วนราชการ: สำนัก/กอง) inside the agency that owns a document.
//!
//! Evidence, strongest first: a folder named after a department (agencies file by department),
//! the "ส่วนราชการ" line of a memo (บันทึกข้อความ), a department line on the cover or letterhead,
//! a department line in the closing/signature block, and last a body line that gives a single
//! department a role ("…สำนักปลัด มีหน้าที่…", "สอบถามได้ที่ กองคลัง"), which is weaker and
//! reported as uncertain. Lines naming several departments are lists, not owners, and are
//! skipped.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::text::strip_ws;

/// Canonical department names and the spellings that mean them. Matching ignores whitespace,
/// and "สำนักปลัด" also covers "สำนักปลัดเทศบาล" and "สำนักปลัดองค์การบริหารส่วนตำบล".
/// Sources: disclosure.md ("Departments of a local government") plus the common อบจ./เทศบาลนคร
/// units (กองการเจ้าหน้าที่, กองแผนและงบประมาณ, สำนักการ…).
const DEPARTMENTS: &[(&str, &[&str])] = &[
    ("สำนักปลัด", &["สำนักปลัด"]),
    ("กองคลัง", &["กองคลัง"]),
    ("กองช่าง", &["กองช่าง"]),
    ("กองการศึกษา", &["กองการศึกษา"]),
    ("กองสวัสดิการสังคม", &["กองสวัสดิการสังคม"]),
    (
        "กองสาธารณสุขและสิ่งแวดล้อม",
        &["กองสาธารณสุขและสิ่งแวดล้อม", "กองสาธารณสุข"],
    ),
    ("กองวิชาการและแผนงาน", &["กองวิชาการและแผนงาน"]),
    ("กองการประปา", &["กองการประปา", "กองประปา"]),
    ("กองยุทธศาสตร์และงบประมาณ", &["กองยุทธศาสตร์และงบประมาณ"]),
    ("กองแผนและงบประมาณ", &["กองแผนและงบประมาณ"]),
    ("กองการเจ้าหน้าที่", &["กองการเจ้าหน้าที่"]),
    ("กองส่งเสริมการเกษตร", &["กองส่งเสริมการเกษตร"]),
    ("กองพัสดุและทรัพย์สิน", &["กองพัสดุและทรัพย์สิน"]),
    ("กองป้องกันและบรรเทาสาธารณภัย", &["กองป้องกันและบรรเทาสาธารณภัย"]),
    ("กองกิจการสภา", &["กองกิจการสภา"]),
    ("กองการแพทย์", &["กองการแพทย์"]),
    (
        "หน่วยตรวจสอบภายใน",
        &["หน่วยตรวจสอบภายใน", "หน่วยงานตรวจสอบภายใน"],
    ),
    ("สำนักการคลัง", &["สำนักการคลัง", "สำนักคลัง"]),
    ("สำนักการช่าง", &["สำนักการช่าง", "สำนักช่าง"]),
    ("สำนักการศึกษา", &["สำนักการศึกษา"]),
    (
        "สำนักการสาธารณสุขและสิ่งแวดล้อม",
        &[
            "สำนักการสาธารณสุขและสิ่งแวดล้อม",
            "สำนักสาธารณสุขและสิ่งแวดล้อม",
            "สำนักการสาธารณสุข",
        ],
    ),
    ("สำนักยุทธศาสตร์และงบประมาณ", &["สำนักยุทธศาสตร์และงบประมาณ"]),
    ("สำนักการประปา", &["สำนักการประปา"]),
    ("สำนักสวัสดิการสังคม", &["สำนักสวัสดิการสังคม"]),
];

/// Words that give the department on the same line a role in this document.
const ROLE_CUES: &[&str] = &["รับผิดชอบ", "มีหน้าที่", "ติดต่อ", "สอบถาม", "สังกัด", "ได้ที่", " ณ "];

/// Titles that may precede a department in a signature ("ผู้อำนวยการกองคลัง").
const SIGNER_TITLES: &[&str] = &[
    "ผู้อำนวยการ",
    "หัวหน้า",
    "รักษาราชการแทนผู้อำนวยการ",
    "ปฏิบัติหน้าที่ผู้อำนวยการ",
];

/// How the department was found; `Body` is a weak guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Folder,
    Memo,
    Top,
    Closing,
    Body,
}

/// The department of a document from its lines and folder names.
pub fn find(lines: &[&str], folders: &[&str]) -> Option<(&'static str, Source)> {
    let nonblank: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(d) = folders.iter().rev().find_map(|f| single(f)) {
        return Some((d, Source::Folder));
    }
    let top = &nonblank[..nonblank.len().min(12)];
    if let Some(d) = top
        .iter()
        .find_map(|l| l.strip_prefix("ส่วนราชการ").and_then(first))
    {
        return Some((d, Source::Memo));
    }
    if let Some(d) = top.iter().find_map(|l| starts_line(l)) {
        return Some((d, Source::Top));
    }
    let closing = &nonblank[nonblank.len().saturating_sub(8)..];
    if let Some(d) = closing.iter().find_map(|l| signer_line(l)) {
        return Some((d, Source::Closing));
    }
    nonblank
        .iter()
        .filter(|l| ROLE_CUES.iter().any(|c| l.contains(c)))
        .find_map(|l| single(l))
        .map(|d| (d, Source::Body))
}

/// Byte length of a department name at the very start of `s` (as written, spaces included),
/// so callers can skip it: "กองช่าง องค์การบริหารส่วนตำบลหนองบัว" → the length of "กองช่าง".
pub fn prefix_len(s: &str) -> Option<usize> {
    let mut best = None;
    for (_, aliases) in DEPARTMENTS {
        for alias in *aliases {
            if let Some(len) = prefix_ignoring_ws(s, alias) {
                best = best.max(Some(len));
            }
        }
    }
    // Extend over the rest of a longer official name ("กองการศึกษา ศาสนาและวัฒนธรรม") is not
    // attempted: the agency after it is found by the caller either way.
    best
}

/// If `s` starts with `alias` when whitespace is ignored, the byte length consumed.
fn prefix_ignoring_ws(s: &str, alias: &str) -> Option<usize> {
    let mut want = alias.chars().peekable();
    for (i, c) in s.char_indices() {
        let Some(&w) = want.peek() else {
            return Some(i);
        };
        if c.is_whitespace() {
            continue;
        }
        if c != w {
            return None;
        }
        want.next();
    }
    want.peek().is_none().then_some(s.len())
}

/// Every canonical department named in `s`, in order, without repeats.
pub fn all_in(s: &str) -> Vec<&'static str> {
    let s = strip_ws(s);
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    match aliases() {
        Some(aliases) => {
            for m in aliases.automaton.find_overlapping_iter(&s) {
                let canon = aliases.canon[m.pattern().as_usize()];
                match found.iter_mut().find(|(_, c)| *c == canon) {
                    Some(first) => first.0 = first.0.min(m.start()),
                    None => found.push((m.start(), canon)),
                }
            }
        }
        None => {
            for (canon, aliases) in DEPARTMENTS {
                if let Some(pos) = aliases.iter().filter_map(|a| s.find(a)).min() {
                    found.push((pos, canon));
                }
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, c)| c).collect()
}

/// `s` with every department name replaced by a space, so that a folder called
/// "กองวิชาการและแผนงาน" does not classify its files as plans (แผนงาน) when categories are matched.
pub fn remove_all(s: &str) -> String {
    if aliases().is_some_and(|a| !a.automaton.is_match(s)) {
        return s.to_string();
    }
    let mut out = s.to_string();
    for (_, aliases) in DEPARTMENTS {
        for alias in *aliases {
            out = out.replace(alias, " ");
        }
    }
    out
}

/// Every alias of every department in one automaton: looking for each alias in turn with
/// `str::find` took a tenth of the metadata's time, most of it in building the searches.
struct Aliases {
    automaton: AhoCorasick,
    /// Pattern id → the department's name.
    canon: Vec<&'static str>,
}

/// The automaton, or `None` if it could not be built (then each alias is looked for in turn).
fn aliases() -> Option<&'static Aliases> {
    static ALIASES: OnceLock<Option<Aliases>> = OnceLock::new();
    ALIASES
        .get_or_init(|| {
            let pairs = DEPARTMENTS
                .iter()
                .flat_map(|(canon, aliases)| aliases.iter().map(move |a| (*canon, *a)));
            let canon = pairs.clone().map(|(c, _)| c).collect();
            let automaton = AhoCorasick::new(pairs.map(|(_, a)| a)).ok()?;
            Some(Aliases { automaton, canon })
        })
        .as_ref()
}

/// The department when `s` names exactly one.
fn single(s: &str) -> Option<&'static str> {
    match all_in(s).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn first(s: &str) -> Option<&'static str> {
    all_in(s).first().copied()
}

/// A line that starts with a department (a cover or letterhead line), naming only that one.
fn starts_line(line: &str) -> Option<&'static str> {
    prefix_len(line)?;
    single(line)
}

/// A closing-block line: a department alone, or after a signer's title.
fn signer_line(line: &str) -> Option<&'static str> {
    let rest = SIGNER_TITLES
        .iter()
        .find_map(|t| line.strip_prefix(t))
        .unwrap_or(line)
        .trim_start();
    starts_line(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(text: &str, folders: &[&str]) -> Option<(&'static str, Source)> {
        let lines: Vec<&str> = text.lines().collect();
        find(&lines, folders)
    }

    /// (text, folders, expected).
    type Case<'a> = (&'a str, &'a [&'a str], Option<(&'a str, Source)>);

    #[test]
    fn evidence_in_order_of_strength() {
        let cases: &[Case] = &[
            ("ก", &["กองคลัง", "ประกาศ"], Some(("กองคลัง", Source::Folder))),
            ("ก", &["งานพัสดุ กองคลัง"], Some(("กองคลัง", Source::Folder))),
            ("บันทึกข้อความ\nส่วนราชการ กองช่าง เทศบาลตำบลก โทร ๑", &[], Some(("กองช่าง", Source::Memo))),
            ("แผน\nฝ่ายบริการ\nกองวิชาการ และแผนงาน\nประกาศ", &[], Some(("กองวิชาการและแผนงาน", Source::Top))),
            (
                "เรื่อง ก\n\nเนื้อหา\n(นาย ก)\nผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม",
                &[],
                Some(("กองสาธารณสุขและสิ่งแวดล้อม", Source::Closing)),
            ),
            (
                "เรื่อง ก\nข\nค\nง\nจ\nฉ\nช\nซ\nฌ\nญ\nฎ\nฏ\n๑. สำนักปลัด มีหน้าที่เผยแพร่\nฐ\nฑ\nฒ\nณ\nด\nต\nถ\nท\nธ",
                &[],
                Some(("สำนักปลัด", Source::Body)),
            ),
            ("สอบถามได้ที่ กองคลัง งานพัสดุ โทร ๐", &[], Some(("กองคลัง", Source::Body))),
            ("ยื่นได้ ณ กองการเจ้าหน้าที่", &[], Some(("กองการเจ้าหน้าที่", Source::Body))),
            // Lists of departments and unknown units are not owners.
            ("หน่วยงาน ได้แก่ สำนักปลัด กองคลัง กองช่าง มีหน้าที่", &[], None),
            ("ติดต่อ หัวหน้าหน่วยงานระดับกอง", &[], None),
            ("สำนักงานคลัง มีหน้าที่", &[], None),
            ("สำนักงานปลัดสำนักนายกรัฐมนตรี", &[], None),
        ];
        for (text, folders, want) in cases {
            assert_eq!(dept(text, folders), *want, "{text} {folders:?}");
        }
    }

    #[test]
    fn aliases_become_canonical() {
        assert_eq!(
            all_in("สำนักปลัดเทศบาล และ กองการศึกษา ศาสนาและวัฒนธรรม"),
            ["สำนักปลัด", "กองการศึกษา"]
        );
        assert_eq!(all_in("สำนักการ คลัง"), ["สำนักการคลัง"]);
        assert_eq!(prefix_len("กองช่าง องค์การ"), Some("กองช่าง".len()));
        assert_eq!(
            prefix_len("กองวิชาการ และแผนงาน x"),
            Some("กองวิชาการ และแผนงาน".len())
        );
        assert_eq!(prefix_len("องค์การ"), None);
    }
}
