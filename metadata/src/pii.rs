//! Personal data (ข้อมูลส่วนบุคคล, PDPA B.E. 2562) in text that is about to be published: Thai
//! national ID numbers (เลขประจำตัวประชาชน), phone numbers and e-mail addresses.
//!
//! Local governments leak welfare-recipient lists with 13-digit IDs more than anything else, so
//! IDs are found in every way they are written (plain, 1-2345-67890-12-3, spaced, Thai digits)
//! but only with a valid check digit: a 13-digit number that fails the checksum is never
//! reported (it is a reference, account or parcel number). Findings carry a masked form only,
//! so reports and logs never repeat the data.

use serde::Serialize;

use crate::contact::{self, Whose};
use crate::text::digit_value;

/// A value found in one line: where it starts (in chars), what it is, how it is shown,
/// and its normal form (digits only, a phone's national form, an address in lower case).
struct Hit {
    start: usize,
    kind: Kind,
    masked: String,
    normal: String,
}

/// One piece of personal data found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    /// 1-based line number.
    pub line: usize,
    /// The value with all but its last few characters masked, e.g. "x-xxxx-xxxxx-12-3".
    pub masked: String,
    /// Whose the value is, as far as the text says (a national ID is always a person's).
    pub whose: Whose,
    /// The same value written any way (Thai or Arabic digits, dashes, +66, capitals) gives the
    /// same fingerprint: a caller can see one number printed in many documents, the mark of
    /// an agency's published contact line, without keeping the value itself.
    #[serde(skip)]
    pub fingerprint: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    NationalId,
    Phone,
    Email,
}

/// Every national ID, phone number and e-mail address in `text`, in reading order.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line
            .chars()
            .map(|c| {
                digit_value(c)
                    .and_then(|d| char::from_digit(d, 10))
                    .unwrap_or(c)
            })
            .collect();
        let mut found = numbers(&chars);
        found.extend(emails(&chars));
        found.sort_by_key(|h| h.start);
        out.extend(found.into_iter().map(|h| Finding {
            kind: h.kind,
            line: n + 1,
            whose: match h.kind {
                Kind::NationalId => Whose::Person,
                Kind::Phone => contact::phone(&chars[..h.start], &h.normal),
                Kind::Email => contact::email(&h.normal),
            },
            fingerprint: fingerprint(h.kind, &h.normal),
            masked: h.masked,
        }));
    }
    out
}

/// True for 13 digits (Arabic or Thai, nothing else) whose first digit is 1–8 and whose last
/// digit is the check digit: s = Σ d[i]·(13−i) for i = 0..11, check = (11 − s mod 11) mod 10.
pub fn is_valid_national_id(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().map_while(digit_value).collect();
    if d.len() != 13 || digits.chars().count() != 13 || !(1..=8).contains(&d[0]) {
        return false;
    }
    let s: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, &x)| x * (13 - i as u32))
        .sum();
    (11 - s % 11) % 10 == d[12]
}

/// How two digit groups are joined inside a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    Dash,
    Space,
}

/// A maximal run of digits, with how it is joined to the previous group.
#[derive(Debug, Clone)]
struct Group {
    start: usize,
    end: usize,
    /// Join to the previous group; `None` when this group starts a new number.
    join: Option<Join>,
    /// Part of a decimal, amount or reference ("12,400.00", "1/2564"): never an ID or phone.
    poisoned: bool,
}

/// FNV-1a over the kind and the value's normal form: stable across runs and platforms.
fn fingerprint(kind: Kind, normal: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in [kind as u8].into_iter().chain(normal.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// National IDs and phone numbers in one line (`chars` with Arabic digits).
fn numbers(chars: &[char]) -> Vec<Hit> {
    let groups = digit_groups(chars);
    let mut out = Vec::new();
    let mut a = 0;
    while a < groups.len() {
        // The whole number this group starts (groups linked by joins).
        let mut z = a;
        while z + 1 < groups.len() && groups[z + 1].join.is_some() {
            z += 1;
        }
        out.extend(in_number(chars, &groups[a..=z]));
        a = z + 1;
    }
    out
}

/// Splits a line into digit groups and records how each is joined to the one before: a dash
/// (with optional spaces around it) or one or two spaces. A decimal point or comma between
/// digits ("1,245,000.00") glues groups into one number that is neither ID nor phone.
fn digit_groups(chars: &[char]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let join = groups.last().and_then(|prev| {
            let between: String = chars[prev.end..start].iter().collect();
            let dashes = between.chars().filter(|&c| c == '-').count();
            let spaces = between.chars().filter(|&c| c == ' ').count();
            match (dashes, spaces, between.chars().count()) {
                (1, s, n) if n == s + 1 && s <= 2 => Some(Join::Dash),
                (0, s, n) if n == s && (1..=2).contains(&s) => Some(Join::Space),
                _ => None,
            }
        });
        let glued = start > 0
            && matches!(chars[start - 1], '.' | ',' | '/')
            && groups.last().is_some_and(|p| p.end + 1 == start);
        if glued {
            if let Some(prev) = groups.last_mut() {
                prev.end = i;
                prev.poisoned = true;
            }
            continue;
        }
        groups.push(Group {
            start,
            end: i,
            join,
            poisoned: false,
        });
    }
    groups
}

/// IDs and phones inside one joined number.
fn in_number(chars: &[char], groups: &[Group]) -> Vec<Hit> {
    let digits_of = |g: &Group| -> String {
        chars[g.start..g.end]
            .iter()
            .filter(|c| c.is_ascii_digit())
            .collect()
    };
    let texts: Vec<String> = groups.iter().map(digits_of).collect();
    let total: usize = texts.iter().map(String::len).sum();
    let joins: Vec<Join> = groups.iter().skip(1).filter_map(|g| g.join).collect();
    let plus_before = |g: &Group| g.start > 0 && chars[g.start - 1] == '+';

    // A 13-digit number written like an ID is an ID or nothing: a wrong checksum must not
    // turn its first ten digits into a "phone".
    let id_like = texts[0].starts_with(|c: char| ('1'..='8').contains(&c));
    if total == 13
        && id_like
        && !groups.iter().any(|g| g.poisoned)
        && id_grouping_ok(&texts, &joins)
    {
        let all: String = texts.concat();
        return if is_valid_national_id(&all) {
            vec![Hit {
                start: groups[0].start,
                kind: Kind::NationalId,
                masked: mask_id(&all),
                normal: all,
            }]
        } else {
            Vec::new()
        };
    }

    let mut out = Vec::new();
    let mut a = 0;
    while a < groups.len() {
        let mut matched = None;
        let mut digits = String::new();
        for b in a..groups.len() {
            if groups[b].poisoned {
                break;
            }
            digits.push_str(&texts[b]);
            let inner = &joins[a..b];
            if digits.len() == 13
                && id_grouping_ok(&texts[a..=b], inner)
                && is_valid_national_id(&digits)
            {
                matched = Some((b, Kind::NationalId, mask_id(&digits), digits.clone()));
                break;
            }
            let international = plus_before(&groups[a]) && texts[a] == "66";
            if let Some(national) = phone(&digits, international, &texts[a..=b], inner) {
                let original: String = chars[groups[a].start..groups[b].end].iter().collect();
                let original = if international {
                    format!("+{original}")
                } else {
                    original
                };
                matched = Some((b, Kind::Phone, mask_tail(&original, 3), national));
                break;
            }
            if digits.len() > 13 {
                break;
            }
        }
        match matched {
            Some((b, kind, masked, normal)) => {
                out.push(Hit {
                    start: groups[a].start,
                    kind,
                    masked,
                    normal,
                });
                a = b + 1;
            }
            None => a += 1,
        }
    }
    out
}

/// IDs are written 1-4-5-2-1. Dashes may group them any way (people are inconsistent), but
/// spaces between digit groups must fall on those boundaries, or unrelated numbers in a table
/// row would combine into "IDs".
fn id_grouping_ok(texts: &[String], joins: &[Join]) -> bool {
    if joins.iter().all(|&j| j == Join::Dash) {
        return true;
    }
    let mut at = 0;
    texts[..texts.len() - 1].iter().all(|t| {
        at += t.len();
        [1, 5, 10, 12].contains(&at)
    })
}

/// Thai phone numbers: mobiles 06/08/09 + 8 digits, landlines 02–07 + 7 digits, or +66 with
/// the leading 0 dropped. Spaced groups must be short, as phone groups are (0 7421 1300).
/// Returns the number in its national form (0812345678), or `None` when it is not a phone.
fn phone(digits: &str, international: bool, texts: &[String], joins: &[Join]) -> Option<String> {
    let spaced_ok = joins.iter().all(|&j| j == Join::Dash) || texts.iter().all(|t| t.len() <= 4);
    if !spaced_ok {
        return None;
    }
    let national = if international {
        match digits.strip_prefix("66") {
            Some(rest) if !rest.starts_with('0') => format!("0{rest}"),
            _ => return None,
        }
    } else {
        digits.to_string()
    };
    let b = national.as_bytes();
    matches!(
        (b.len(), b.first(), b.get(1)),
        (10, Some(b'0'), Some(b'6' | b'8' | b'9')) | (9, Some(b'0'), Some(b'2'..=b'7'))
    )
    .then_some(national)
}

/// "x-xxxx-xxxxx-12-3": the standard grouping with all but the last three digits masked.
fn mask_id(digits: &str) -> String {
    let masked: String = digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 10 { 'x' } else { c })
        .collect();
    let m: Vec<char> = masked.chars().collect();
    let part = |r: std::ops::Range<usize>| m[r].iter().collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..1),
        part(1..5),
        part(5..10),
        part(10..12),
        part(12..13)
    )
}

/// Masks every digit or letter except the last `keep`, leaving separators as written.
fn mask_tail(s: &str, keep: usize) -> String {
    let total = s.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen + keep > total {
                c
            } else {
                'x'
            }
        })
        .collect()
}

/// E-mail addresses in one line; the local part is masked, the domain (an organisation, not a
/// person) is kept so the reader can tell "saraban@agency.go.th" from a private address.
fn emails(chars: &[char]) -> Vec<Hit> {
    let local_char = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let mut out = Vec::new();
    for (at, _) in chars.iter().enumerate().filter(|(_, &c)| c == '@') {
        let mut s = at;
        while s > 0 && local_char(chars[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < chars.len() && domain_char(chars[e]) {
            e += 1;
        }
        let local: String = chars[s..at].iter().collect();
        let domain: String = chars[at + 1..e]
            .iter()
            .collect::<String>()
            .trim_end_matches(['.', '-'])
            .to_string();
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        let valid = !local.is_empty()
            && !local.starts_with('.')
            && !local.ends_with('.')
            && labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty())
            && tld_ok;
        if valid {
            out.push(Hit {
                start: s,
                kind: Kind::Email,
                masked: format!("{}@{domain}", "x".repeat(local.chars().count())),
                normal: format!("{local}@{domain}").to_lowercase(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid ID from 12 digits by appending the check digit.
    fn with_check(first12: &str) -> String {
        let s: u32 = first12
            .chars()
            .filter_map(|c| c.to_digit(10))
            .enumerate()
            .map(|(i, x)| x * (13 - i as u32))
            .sum();
        format!("{first12}{}", (11 - s % 11) % 10)
    }

    fn thai_digits(s: &str) -> String {
        s.chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(0x0E50 + d))
                    .unwrap_or(c)
            })
            .collect()
    }

    fn dashed(id: &str) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            &id[0..1],
            &id[1..5],
            &id[5..10],
            &id[10..12],
            &id[12..13]
        )
    }

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        scan(text).into_iter().map(|f| (f.kind, f.masked)).collect()
    }

    #[test]
    fn checksum() {
        let id = with_check("310100012345");
        assert!(is_valid_national_id(&id));
        assert!(is_valid_national_id(&thai_digits(&id)));
        let last = id.chars().last().and_then(|c| c.to_digit(10)).unwrap_or(0);
        let wrong = format!("{}{}", &id[..12], (last + 1) % 10);
        assert!(!is_valid_national_id(&wrong));
        assert!(
            !is_valid_national_id(&with_check("010100012345")),
            "leading 0 is a company tax ID"
        );
        assert!(
            !is_valid_national_id(&with_check("910100012345")),
            "first digit is 1–8"
        );
        assert!(!is_valid_national_id(&dashed(&id)), "digits only");
        assert!(!is_valid_national_id("123"));
    }

    #[test]
    fn valid_ids_found_in_every_format() {
        let id = with_check("110170012345");
        let masked = format!("x-xxxx-xxxxx-{}-{}", &id[10..12], &id[12..13]);
        let d = dashed(&id);
        let spaced = d.replace('-', " ");
        let formats = [
            format!("เลขประจำตัวประชาชน {id} ที่อยู่"),
            format!("เลขประจำตัว {d}"),
            format!("เลขประจำตัว {spaced} อายุ 45 ปี"),
            format!("({})", thai_digits(&d)),
            thai_digits(&spaced),
            thai_digits(&id),
            format!("ID:{id}."),
            format!(
                "{} - {} - {} - {} - {}",
                &id[0..1],
                &id[1..5],
                &id[5..10],
                &id[10..12],
                &id[12..13]
            ),
        ];
        for text in formats {
            assert_eq!(kinds(&text), [(Kind::NationalId, masked.clone())], "{text}");
        }
    }

    #[test]
    fn wrong_checksums_and_longer_runs_are_never_flagged() {
        let id = with_check("310100012345");
        let last = id.chars().last().and_then(|c| c.to_digit(10)).unwrap_or(0);
        let wrong = format!("{}{}", &id[..12], (last + 1) % 10);
        let texts = [
            wrong.clone(),
            dashed(&wrong),
            dashed(&wrong).replace('-', " "),
            thai_digits(&wrong),
            format!("{id}7"),
            format!("9{id}"),
            format!("{id}.50 บาท"),
            format!("1,{id}"),
            format!("เลขที่ {id}/2563"),
            // Thirteen digits across unrelated table cells must not be combined.
            "1 2563 150000 12 5".to_string(),
        ];
        for text in texts {
            assert!(
                scan(&text).iter().all(|f| f.kind != Kind::NationalId),
                "{text}: {:?}",
                scan(&text)
            );
        }
        assert!(
            scan(&wrong).is_empty(),
            "a wrong-checksum ID is not a phone either"
        );
    }

    #[test]
    fn phones_and_emails() {
        let cases: &[(&str, &[(Kind, &str)])] = &[
            ("โทร. 081-234-5678", &[(Kind::Phone, "xxx-xxx-x678")]),
            ("โทร 0812345678", &[(Kind::Phone, "xxxxxxx678")]),
            ("โทรศัพท์ ๐๔๒-๑๒๓-๔๕๖", &[(Kind::Phone, "xxx-xxx-456")]),
            ("โทร ๐ ๔๓๒๒ ๑๑๘๖ ต่อ ๒๑๒", &[(Kind::Phone, "x xxxx x186")]),
            ("โทร. 0-5347-1234", &[(Kind::Phone, "x-xxxx-x234")]),
            ("Tel +66 81 234 5678", &[(Kind::Phone, "+xx xx xxx x678")]),
            (
                "โทร 02 123 4567 หรือ 089-765-4321",
                &[(Kind::Phone, "xx xxx x567"), (Kind::Phone, "xxx-xxx-x321")],
            ),
            (
                "อีเมล saraban@thachang.go.th",
                &[(Kind::Email, "xxxxxxx@thachang.go.th")],
            ),
            (
                "ติดต่อ nonsung.complaint@gmail.com.",
                &[(Kind::Email, "xxxxxxxxxxxxxxxxx@gmail.com")],
            ),
            // Not phones or e-mails: amounts, dates, years, decimals, bare handles.
            ("เป็นเงิน ๑,๒๔๕,๐๐๐.๐๐ บาท", &[]),
            ("ระหว่าง 01-10-2563 ถึง 30-09-2564", &[]),
            ("เลขที่ 1/2564 ลว. 2 ต.ค. 63", &[]),
            ("@username และ a@b", &[]),
            ("1111 สายด่วน", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(Kind, String)> = want.iter().map(|(k, m)| (*k, m.to_string())).collect();
            assert_eq!(kinds(text), want, "{text}");
        }
    }

    #[test]
    fn lines_are_one_based_and_ids_beat_phones() {
        let id = with_check("510100012345");
        let text = format!(
            "หัวเรื่อง\nนาย ก {} โทร 0812345678\n\nอีเมล a.b@x.go.th",
            dashed(&id)
        );
        let found = scan(&text);
        let summary: Vec<(Kind, usize)> = found.iter().map(|f| (f.kind, f.line)).collect();
        assert_eq!(
            summary,
            [(Kind::NationalId, 2), (Kind::Phone, 2), (Kind::Email, 4)]
        );
        assert!(
            found.iter().all(|f| !f.masked.contains(&id[..10])),
            "masked output must not leak the ID"
        );
        let json = serde_json::to_string(&found[0]).unwrap_or_default();
        assert!(json.contains("\"national_id\""), "{json}");
    }
}
