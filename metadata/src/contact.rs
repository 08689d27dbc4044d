//! Whose a phone number or e-mail address is, as far as the text around it says.
//!
//! Disclosures are full of the agency's own contact lines: the switchboard after "โทร." under
//! the letterhead, a hotline (สายด่วน), saraban@…go.th. Those are published on purpose and are
//! not personal data; reporting them like a citizen's mobile number buried staff in thousands of
//! findings and taught them to ignore the report. Only what the text plainly presents as an
//! organisation's line counts as one; anything else stays [`Whose::Unclear`] for staff to judge.

use serde::Serialize;

/// Whose a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Whose {
    /// A person's, by its nature (a national ID number).
    Person,
    /// An organisation's published contact: not personal data.
    Organisation,
    /// Nothing around it says it is an organisation's.
    Unclear,
}

/// How far back on its line the words that introduce a number are looked for, in characters.
const LABEL_REACH: usize = 24;
/// How far back an organisation's name is looked for.
const NAME_REACH: usize = 80;

/// Words that introduce a contact number ("โทร." covers โทรศัพท์ and โทรสาร).
const LABELS: [&str; 7] = ["โทร", "แฟกซ์", "fax", "tel", "ติดต่อ", "หมายเลข", "เบอร์"];
/// Words that make a number an organisation's service line whoever answers it.
const HOTLINES: [&str; 3] = ["สายด่วน", "hotline", "call center"];
/// Words that name an organisation or one of its units.
const ORGANISATIONS: [&str; 22] = [
    "สำนักงาน",
    "สำนัก",
    "กรม",
    "กระทรวง",
    "กอง",
    "ฝ่าย",
    "ศูนย์",
    "เทศบาล",
    "องค์การ",
    "อบต",
    "อบจ",
    "สถาบัน",
    "สถานี",
    "โรงพยาบาล",
    "โรงเรียน",
    "มหาวิทยาลัย",
    "ธนาคาร",
    "บริษัท",
    "กลุ่มงาน",
    "ที่ว่าการ",
    "ประชาสัมพันธ์",
    "จังหวัด",
];

/// Whose the phone number `national` (0812345678, 021234567) is, given the text before it on
/// its line. A landline after a contact word is an organisation's switchboard; a mobile number
/// is one only when the line also names the organisation; a hotline always is.
pub fn phone(before: &[char], national: &str) -> Whose {
    let tail = |n: usize| -> String {
        before[before.len().saturating_sub(n)..]
            .iter()
            .collect::<String>()
            .to_lowercase()
    };
    let near = tail(LABEL_REACH);
    let line = tail(NAME_REACH);
    if HOTLINES.iter().any(|w| line.contains(w)) {
        return Whose::Organisation;
    }
    let labelled = LABELS.iter().any(|w| near.contains(w));
    let landline = national.len() == 9;
    let named = ORGANISATIONS.iter().any(|w| line.contains(w));
    if labelled && (landline || named) {
        Whose::Organisation
    } else {
        Whose::Unclear
    }
}

/// Mailboxes that belong to an office, not a person.
const ROLES: [&str; 14] = [
    "saraban",
    "info",
    "contact",
    "admin",
    "pr",
    "webmaster",
    "office",
    "service",
    "callcenter",
    "helpdesk",
    "support",
    "news",
    "complaint",
    "media",
];
/// Domains registered only to organisations (Thai registry: government, organisations,
/// academia, the military, companies).
const ORGANISATION_DOMAINS: [&str; 5] = [".go.th", ".or.th", ".ac.th", ".mi.th", ".co.th"];

/// Whose the e-mail address `address` (lower case) is: an organisation's when its domain is
/// one only organisations can register, or its mailbox names an office role (saraban@…,
/// pr.unit@…, agencynews@…).
pub fn email(address: &str) -> Whose {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Whose::Unclear;
    };
    let domain = format!(".{domain}");
    let role = local.split(['.', '_', '-']).any(|part| {
        ROLES
            .iter()
            .any(|r| part == *r || (r.len() >= 4 && part.ends_with(r)))
    });
    if role || ORGANISATION_DOMAINS.iter().any(|d| domain.ends_with(d)) {
        Whose::Organisation
    } else {
        Whose::Unclear
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_by_what_the_line_says() {
        let cases: &[(&str, &str, Whose)] = &[
            (
                "สำนักงานปลัดกระทรวงเกษตรและสหกรณ์ โทร ",
                "022810859",
                Whose::Organisation,
            ),
            (
                "ห้วยขวาง กรุงเทพฯ 10310 โทรศัพท์ ",
                "026459674",
                Whose::Organisation,
            ),
            ("งานธุรการ โทรสาร ", "042123456", Whose::Organisation),
            (
                "หรือแจ้งสายด่วนของกรมปศุสัตว์ ",
                "0632256888",
                Whose::Organisation,
            ),
            (
                "ติดต่อกองช่าง เทศบาลตำบลท่าช้าง โทร. ",
                "0812345678",
                Whose::Organisation,
            ),
            // A mobile number with no organisation named: a person's, as far as anyone can tell.
            ("นาย ก ผู้ยื่นคำร้อง โทร ", "0812345678", Whose::Unclear),
            (
                "chaninya@tcg.or.th ศรัญยู ตันติเสรี ",
                "0917712885",
                Whose::Unclear,
            ),
            // A landline with nothing introducing it.
            ("บ้านเลขที่ 12 ", "042123456", Whose::Unclear),
            ("", "0812345678", Whose::Unclear),
        ];
        for (before, number, want) in cases {
            let chars: Vec<char> = before.chars().collect();
            assert_eq!(phone(&chars, number), *want, "{before}{number}");
        }
    }

    #[test]
    fn emails_by_domain_and_mailbox() {
        let cases: &[(&str, Whose)] = &[
            ("saraban@thachang.go.th", Whose::Organisation),
            ("chaninya@tcg.or.th", Whose::Organisation),
            ("moacnews@gmail.com", Whose::Organisation),
            ("pr.diw.pa@gmail.com", Whose::Organisation),
            ("nonsung.complaint@gmail.com", Whose::Organisation),
            ("somchai.k@gmail.com", Whose::Unclear),
            ("suthasineek@gmail.com", Whose::Unclear),
            ("noatsign", Whose::Unclear),
        ];
        for (address, want) in cases {
            assert_eq!(email(address), *want, "{address}");
        }
    }
}
