//! จังหวัด (province): which of Thailand's 76 provinces and Bangkok an agency is in.
//!
//! One agency's archive never needs it; a province's or the country's search narrows by it
//! (issue: one search for a whole province). Local agencies write their province in the
//! letterhead and the signature block ("อำเภอเมือง จังหวัดนครนายก", "จ.นครนายก"), and the
//! name of a province is also common in the body of a text about somewhere else. So only a
//! name from the fixed list counts, and the first lines are read before the rest.

/// The provinces as agencies write them after จังหวัด, and Bangkok.
pub const PROVINCES: [&str; 77] = [
    "กรุงเทพมหานคร",
    "กระบี่",
    "กาญจนบุรี",
    "กาฬสินธุ์",
    "กำแพงเพชร",
    "ขอนแก่น",
    "จันทบุรี",
    "ฉะเชิงเทรา",
    "ชลบุรี",
    "ชัยนาท",
    "ชัยภูมิ",
    "ชุมพร",
    "เชียงราย",
    "เชียงใหม่",
    "ตรัง",
    "ตราด",
    "ตาก",
    "นครนายก",
    "นครปฐม",
    "นครพนม",
    "นครราชสีมา",
    "นครศรีธรรมราช",
    "นครสวรรค์",
    "นนทบุรี",
    "นราธิวาส",
    "น่าน",
    "บึงกาฬ",
    "บุรีรัมย์",
    "ปทุมธานี",
    "ประจวบคีรีขันธ์",
    "ปราจีนบุรี",
    "ปัตตานี",
    "พระนครศรีอยุธยา",
    "พะเยา",
    "พังงา",
    "พัทลุง",
    "พิจิตร",
    "พิษณุโลก",
    "เพชรบุรี",
    "เพชรบูรณ์",
    "แพร่",
    "ภูเก็ต",
    "มหาสารคาม",
    "มุกดาหาร",
    "แม่ฮ่องสอน",
    "ยโสธร",
    "ยะลา",
    "ร้อยเอ็ด",
    "ระนอง",
    "ระยอง",
    "ราชบุรี",
    "ลพบุรี",
    "ลำปาง",
    "ลำพูน",
    "เลย",
    "ศรีสะเกษ",
    "สกลนคร",
    "สงขลา",
    "สตูล",
    "สมุทรปราการ",
    "สมุทรสงคราม",
    "สมุทรสาคร",
    "สระแก้ว",
    "สระบุรี",
    "สิงห์บุรี",
    "สุโขทัย",
    "สุพรรณบุรี",
    "สุราษฎร์ธานี",
    "สุรินทร์",
    "หนองคาย",
    "หนองบัวลำภู",
    "อ่างทอง",
    "อำนาจเจริญ",
    "อุดรธานี",
    "อุตรดิตถ์",
    "อุทัยธานี",
    "อุบลราชธานี",
];

/// How many lines from the top count as the letterhead.
const LETTERHEAD_LINES: usize = 15;

/// The province named in `text` after จังหวัด or จ. (or Bangkok by name): in an agency's
/// name given by staff or found in the text, or in the first lines, else the province named
/// most often in the whole text (ties: the first named).
pub fn find(agency: Option<&str>, lines: &[&str]) -> Option<&'static str> {
    if let Some(p) = agency.and_then(|a| named_in(a).next()) {
        return Some(p);
    }
    let top = lines.iter().take(LETTERHEAD_LINES);
    if let Some(p) = top.flat_map(|l| named_in(l)).next() {
        return Some(p);
    }
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for p in lines.iter().flat_map(|l| named_in(l)) {
        match counts.iter_mut().find(|(q, _)| *q == p) {
            Some((_, n)) => *n += 1,
            None => counts.push((p, 1)),
        }
    }
    // max_by_key keeps the last of equals: reversed, the first named wins a tie.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p)
}

/// The province of an agency as staff wrote it ("นครนายก", "จังหวัดนครนายก", "จ.นครนายก"),
/// spelled as in [`PROVINCES`]; `None` when it names none.
pub fn parse(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let v = v
        .strip_prefix("จังหวัด")
        .or_else(|| v.strip_prefix("จ."))
        .unwrap_or(v)
        .trim();
    PROVINCES
        .iter()
        .copied()
        .find(|p| *p == v)
        .or_else(|| (v == "กรุงเทพฯ" || v == "กทม." || v == "กทม").then_some(PROVINCES[0]))
}

/// Every province `line` names, in order.
fn named_in(line: &str) -> impl Iterator<Item = &'static str> + '_ {
    let bangkok = line
        .match_indices(PROVINCES[0])
        .map(|(at, _)| (at, PROVINCES[0]));
    let marked = ["จังหวัด", "จ."].into_iter().flat_map(move |mark| {
        line.match_indices(mark).filter_map(move |(at, _)| {
            let rest = line[at + mark.len()..].trim_start();
            // The longest name that starts here: นครราชสีมา, not a shorter one it begins with.
            PROVINCES
                .iter()
                .copied()
                .filter(|p| {
                    // Not when a mark follows: the name was only the start of a longer word.
                    rest.starts_with(p) && !rest[p.len()..].starts_with(thai::is_mark)
                })
                .max_by_key(|p| p.len())
                .map(|p| (at, p))
        })
    });
    let mut all: Vec<(usize, &'static str)> = bangkok.chain(marked).collect();
    all.sort_by_key(|(at, _)| *at);
    all.into_iter().map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_agency_province() {
        let cases: [(Option<&str>, &str, Option<&str>); 7] = [
            (
                None,
                "เทศบาลตำบลบ้านนา\nอำเภอบ้านนา จังหวัดนครนายก\nเรื่อง ประกาศ",
                Some("นครนายก"),
            ),
            (None, "อบต.โคกทราย อ.ปะทิว จ.ชุมพร", Some("ชุมพร")),
            (
                Some("องค์การบริหารส่วนจังหวัดเชียงใหม่"),
                "จังหวัดลำพูน",
                Some("เชียงใหม่"),
            ),
            (None, "สำนักงานเขตบางรัก กรุงเทพมหานคร", Some("กรุงเทพมหานคร")),
            (None, "ไปราชการที่จังหวัดนครราชสีมา", Some("นครราชสีมา")),
            (None, "ประกาศ\nข้อความ\nจังหวัดไม่มีชื่อ", None),
            (None, "", None),
        ];
        for (agency, text, want) in cases {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(find(agency, &lines), want, "{text}");
        }
    }

    #[test]
    fn the_body_counts_when_the_top_is_silent() {
        let mut text = vec!["ประกาศ"; LETTERHEAD_LINES];
        text.extend(["จังหวัดตาก", "จังหวัดลำปาง", "จังหวัดลำปาง"]);
        assert_eq!(find(None, &text), Some("ลำปาง"));
    }

    #[test]
    fn staff_values_are_read_in_every_usual_form() {
        for (value, want) in [
            ("นครนายก", Some("นครนายก")),
            ("จังหวัดนครนายก", Some("นครนายก")),
            ("จ. นครนายก", Some("นครนายก")),
            ("กทม.", Some("กรุงเทพมหานคร")),
            ("Nakhon Nayok", None),
        ] {
            assert_eq!(parse(value), want, "{value}");
        }
    }
}
