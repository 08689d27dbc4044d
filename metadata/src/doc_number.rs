//! The document number (เลขที่หนังสือ/คำสั่ง): "ที่ ๑๒/๒๕๖๓" for orders and announcements (numbering
//! restarts every calendar year), "ที่ ชม ๗๘๐๐๑/ว ๑๒๓" for letters (agency code / running number).

use crate::agency::segments;
use crate::text::{clean_value, is_digit, is_thai_letter};

/// The number from the "ที่ …" entry near the top, with Arabic digits.
pub fn find(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(15)
        .find_map(|line| {
            let segs = segments(line);
            segs.iter().enumerate().find_map(|(n, seg)| {
                // "ที่" alone, with the number after a wide gap ("ที่  ชบ ๕๒๑๐๒/๘๘").
                if seg.trim_end_matches([':', '.']) == "ที่" {
                    return segs.get(n + 1).and_then(|next| number_in(next));
                }
                // "ที่ …" opening a segment, or after an issuer header on the same segment
                // ("คำสั่งเทศบาลตำบลบ้านแหลม ที่ 88/2565").
                let starts = seg.match_indices("ที่").map(|(i, _)| i).filter(|&i| {
                    let before_ok = seg[..i].chars().next_back().is_none_or(char::is_whitespace);
                    let after = &seg[i + "ที่".len()..];
                    before_ok
                        && after.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '.')
                });
                starts
                    .into_iter()
                    .find_map(|i| number_in(&seg[i + "ที่".len()..]))
            })
        })
}

/// A plausible number: short, with a slash and a digit, e.g. "๑๒/๒๕๖๓" or "ชม ๗๘๐๐๑/ว ๑๒๓".
fn number_in(s: &str) -> Option<String> {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '.');
    // "๑๕๖ /๒๕๖๖" and "156/ 2566" are typing variants of "156/2566".
    let n = clean_value(s).replace(" /", "/").replace("/ ", "/");
    let plausible = n.contains('/')
        && n.chars().any(is_digit)
        && n.chars().count() <= 30
        && n.chars()
            .all(|c| c.is_alphanumeric() || is_thai_letter(c) || " /.-()".contains(c));
    plausible.then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let cases: &[(&str, Option<&str>)] = &[
            ("คำสั่งเทศบาล\nที่ ๑๒/๒๕๖๓\nเรื่อง ก", Some("12/2563")),
            (
                "ที่ ชม ๗๘๐๐๑/ว ๑๒๓          องค์การบริหารส่วนตำบลแม่แตง",
                Some("ชม 78001/ว 123"),
            ),
            (
                "บันทึกข้อความ\nที่  ชบ ๕๒๑๐๒/๘๘\t\tวันที่ ๗ กรกฎาคม ๒๕๖๔",
                Some("ชบ 52102/88"),
            ),
            ("คำสั่งเทศบาลตำบลบ้านแหลม ที่ 88/2565", Some("88/2565")),
            ("ที่ มท ๐๘๐๘.๒/ว ๑๒๓๔", Some("มท 0808.2/ว 1234")),
            ("ที่ ๑๕๖ /๒๕๖๖", Some("156/2566")),
            ("ประกาศ ณ วันที่ ๑/๒๕๖๓", None),
            ("ลำดับที่ ๑/๒", None),
            ("ที่\tกิจกรรม", None),
            ("ที่ ๕ บ้านโนน", None),
        ];
        for (text, want) in cases {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(find(&lines).as_deref(), *want, "{text}");
        }
    }
}
