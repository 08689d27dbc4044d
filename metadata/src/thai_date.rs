//! Thai dates (วันที่) as officials write them: "๒๗ มีนาคม พ.ศ. ๒๕๖๓", "๒๑ เดือนสิงหาคม พ.ศ. ๒๕๖๓",
//! "31 ม.ค. 2563", "๓๑ ม.ค. ๖๓", "1 ต.ค 63", and the misspellings real documents carry
//! ("กุมภาพนธ์", "พฤษจิกายน"). Years are Buddhist Era (พ.ศ., B.E. = C.E. + 543) unless marked
//! ค.ศ.; anything outside B.E. 2500–2600 is rejected as a misread number.

use chrono::{Datelike, NaiveDate};

use crate::text::{digit_value, is_thai_letter};

/// Buddhist Era offset: B.E. = C.E. + 543.
pub use thai::BE_OFFSET;

/// Years accepted as B.E.; anything else next to a month name is not a date we trust.
const BE_RANGE: std::ops::RangeInclusive<i32> = 2500..=2600;

/// Full month names (index 0 = January).
pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Official abbreviations (index 0 = January): the ones the app and `khlang search` show.
pub use catalog::display::THAI_MONTHS as MONTHS_SHORT;

/// Spoken short forms that also appear in informal notices ("๕ มีนา ๖๓").
const MONTHS_SPOKEN: [&str; 12] = [
    "มกรา",
    "กุมภา",
    "มีนา",
    "เมษา",
    "พฤษภา",
    "มิถุนา",
    "กรกฎา",
    "สิงหา",
    "กันยา",
    "ตุลา",
    "พฤศจิกา",
    "ธันวา",
];

/// How a date was written; numeric dates ("27/03/2563") are weaker evidence than named ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// With a month name or abbreviation.
    Named,
    /// Day/month/year in digits.
    Numeric,
}

/// A date found in text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
    pub form: DateForm,
}

/// The first Thai date in `s`, if any.
pub fn parse_thai_date(s: &str) -> Option<NaiveDate> {
    dates(s).next().map(|f| f.date)
}

/// "27 มี.ค. 2563": day, abbreviated month, B.E. year, Arabic digits.
pub fn format_thai_short(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS_SHORT[d.month0() as usize],
        be_year(d)
    )
}

/// "27 มีนาคม พ.ศ. 2563", the form used in announcements.
pub fn format_thai_long(d: NaiveDate) -> String {
    format!(
        "{} {} พ.ศ. {}",
        d.day(),
        MONTHS[d.month0() as usize],
        be_year(d)
    )
}

/// The Buddhist-Era year of a date.
pub fn be_year(d: NaiveDate) -> i32 {
    d.year() + BE_OFFSET
}

/// Every date in `s`, in order of appearance.
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    dates(s).collect()
}

/// The dates in `s`, in order of appearance, found as they are asked for.
pub fn dates(s: &str) -> impl Iterator<Item = FoundDate> + '_ {
    let mut after_digit = false;
    let mut resume = 0;
    s.char_indices().filter_map(move |(at, c)| {
        let digit = digit_value(c).is_some();
        let starts = digit && !after_digit && at >= resume;
        after_digit = digit;
        if !starts {
            return None;
        }
        let found = date_at(&s[at..])?;
        resume = at + found.end;
        Some(FoundDate {
            start: at,
            end: at + found.end,
            ..found
        })
    })
}

/// The date `s` begins with, if it begins with one (offsets relative to `s`).
pub fn date_at(s: &str) -> Option<FoundDate> {
    if !may_start_date(s) {
        return None;
    }
    let cs = window(s);
    let (date, e, form) = named_at(&cs, 0)
        .map(|(d, e)| (d, e, DateForm::Named))
        .or_else(|| numeric_at(&cs, 0).map(|(d, e)| (d, e, DateForm::Numeric)))?;
    // A date that takes the whole window ends where the window does.
    let window_end = cs.last().map_or(0, |&(b, c)| b + c.len_utf8());
    let end = cs.get(e).map_or(window_end, |&(b, _)| b);
    Some(FoundDate {
        date,
        start: 0,
        end,
        form,
    })
}

/// False where no date can start: a run of more than two digits (a day has at most two) or one
/// followed by something other than a space, a Thai word (the month) or a separator ("1/").
/// Most numbers in a document fail this at once.
fn may_start_date(s: &str) -> bool {
    let mut chars = s.chars();
    let mut digits = 0;
    let next = loop {
        match chars.next() {
            Some(c) if digit_value(c).is_some() => {
                digits += 1;
                if digits > 2 {
                    return false;
                }
            }
            other => break other,
        }
    };
    next.is_some_and(|c| {
        c.is_whitespace() || ('\u{0E01}'..='\u{0E4F}').contains(&c) || matches!(c, '/' | '-' | '.')
    })
}

/// The first characters of `s`, enough to read a date that starts it.
///
/// Dates used to be read from all the characters of a document, collected first: about 6 % of
/// a build's CPU time. A date spans at most about fifty characters besides its digit runs,
/// which are kept whole, with one character after them, so every parse sees what it would see
/// in the whole text.
fn window(s: &str) -> Vec<(usize, char)> {
    const SPAN: usize = 64;
    let mut cs: Vec<(usize, char)> = Vec::with_capacity(SPAN + 1);
    for (i, c) in s.char_indices() {
        let in_run = cs
            .last()
            .is_some_and(|&(_, last)| digit_value(last).is_some());
        if cs.len() > SPAN && !in_run {
            break;
        }
        cs.push((i, c));
    }
    cs
}

/// Reads a run of 1..=max digits at `i`; returns (value, digit count, next index).
fn number_at(cs: &[(usize, char)], i: usize, max: usize) -> Option<(i32, usize, usize)> {
    let mut j = i;
    let mut v: i32 = 0;
    while j < cs.len() {
        match digit_value(cs[j].1) {
            Some(d) => {
                v = v.checked_mul(10)?.checked_add(d as i32)?;
                j += 1;
            }
            None => break,
        }
    }
    let n = j - i;
    (n >= 1 && n <= max).then_some((v, n, j))
}

fn skip_ws(cs: &[(usize, char)], mut i: usize, max: usize) -> usize {
    let start = i;
    while i < cs.len() && cs[i].1.is_whitespace() && i - start < max {
        i += 1;
    }
    i
}

/// "27 มีนาคม [พ.ศ.] 2563" and its variants, starting at the day number.
fn named_at(cs: &[(usize, char)], i: usize) -> Option<(NaiveDate, usize)> {
    let (day, _, j) = number_at(cs, i, 2)?;
    let mut j = skip_ws(cs, j, 4);
    // "เดือน" (month) between day and month name: "๒๑ เดือนสิงหาคม", "๒๕ เดือน มิถุนายน".
    if let Some(k) = literal_at(cs, j, "เดือน") {
        j = skip_ws(cs, k, 4);
    }
    let (month, j) = month_at(cs, j)?;
    let j = skip_ws(cs, j, 6);
    let (era, j) = era_at(cs, j);
    let j = skip_ws(cs, j, 4);
    let (y, ndigits, j) = number_at(cs, j, 4)?;
    let year = match (ndigits, era) {
        (4, Era::Ce) => y,
        (4, Era::Be) => be_to_ce(y)?,
        (2, Era::Be) => be_to_ce(2500 + y)?,
        _ => return None,
    };
    Some((
        NaiveDate::from_ymd_opt(year, month, u32::try_from(day).ok()?)?,
        j,
    ))
}

/// "27/03/2563", "1-10-2563", "2/10/63": day, month, B.E. year. Two-digit years only with
/// slashes, because "๒.๑.๑๐" is a section number, not a date.
fn numeric_at(cs: &[(usize, char)], i: usize) -> Option<(NaiveDate, usize)> {
    let (day, _, j) = number_at(cs, i, 2)?;
    let sep = cs.get(j)?.1;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let (month, _, j) = number_at(cs, j + 1, 2)?;
    if cs.get(j)?.1 != sep {
        return None;
    }
    let (y, ndigits, j) = number_at(cs, j + 1, 4)?;
    // Not part of a longer number or path ("1/2/2563/4", "1.2.2563.5").
    if cs
        .get(j)
        .is_some_and(|&(_, c)| c == sep || c.is_ascii_alphanumeric())
    {
        return None;
    }
    let year = match ndigits {
        4 => be_to_ce(y)?,
        2 if sep == '/' => be_to_ce(2500 + y)?,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)?;
    Some((date, j))
}

fn be_to_ce(be: i32) -> Option<i32> {
    BE_RANGE.contains(&be).then_some(be - BE_OFFSET)
}

#[derive(Clone, Copy)]
enum Era {
    Be,
    Ce,
}

/// An optional era marker: "พ.ศ.", "พ. ศ.", "พศ", "พุทธศักราช" (B.E.) or "ค.ศ." (C.E.).
/// Without one the year is B.E., as in every Thai official document.
fn era_at(cs: &[(usize, char)], i: usize) -> (Era, usize) {
    if let Some(j) = literal_at(cs, i, "พุทธศักราช") {
        return (Era::Be, j);
    }
    for (first, era) in [('พ', Era::Be), ('ค', Era::Ce)] {
        if cs.get(i).map(|c| c.1) != Some(first) {
            continue;
        }
        let mut j = i + 1;
        if cs.get(j).map(|c| c.1) == Some('.') {
            j += 1;
        }
        j = skip_ws(cs, j, 2);
        if cs.get(j).map(|c| c.1) == Some('ศ') {
            j += 1;
            if cs.get(j).map(|c| c.1) == Some('.') {
                j += 1;
            }
            return (era, j);
        }
    }
    (Era::Be, i)
}

fn literal_at(cs: &[(usize, char)], i: usize, lit: &str) -> Option<usize> {
    let mut j = i;
    for l in lit.chars() {
        if cs.get(j)?.1 != l {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The month (1-based) written at `i` and the index after it.
fn month_at(cs: &[(usize, char)], i: usize) -> Option<(u32, usize)> {
    for (m, abbr) in MONTHS_SHORT.iter().enumerate() {
        if let Some(j) = abbreviation_at(cs, i, abbr) {
            return Some((m as u32 + 1, j));
        }
    }
    full_month_at(cs, i).or_else(|| {
        MONTHS_SPOKEN.iter().enumerate().find_map(|(m, w)| {
            let j = literal_at(cs, i, w)?;
            let ends_word = cs.get(j).is_none_or(|c| !is_thai_letter(c.1));
            ends_word.then_some((m as u32 + 1, j))
        })
    })
}

/// Matches an abbreviation such as "มี.ค." letting dots and single spaces vary ("มี. ค.", "ต.ค",
/// "มีค"). Without a final dot the abbreviation must end the word, so "มค" never matches
/// the start of a longer word.
fn abbreviation_at(cs: &[(usize, char)], i: usize, abbr: &str) -> Option<usize> {
    let letters: Vec<char> = abbr.chars().filter(|&c| c != '.').collect();
    let mut j = i;
    for (n, &l) in letters.iter().enumerate() {
        if n > 0 {
            // Between letters: an optional dot and an optional space.
            if cs.get(j).map(|c| c.1) == Some('.') {
                j += 1;
            }
            if cs.get(j).is_some_and(|c| c.1 == ' ') && cs.get(j + 1).map(|c| c.1) == Some(l) {
                j += 1;
            }
        }
        if cs.get(j)?.1 != l {
            return None;
        }
        j += 1;
    }
    if cs.get(j).map(|c| c.1) == Some('.') {
        return Some(j + 1);
    }
    cs.get(j).is_none_or(|c| !is_thai_letter(c.1)).then_some(j)
}

/// A full month name, allowing the small misspellings found in real documents: one edit for
/// names of up to six letters, two for longer ones. The closest month wins.
fn full_month_at(cs: &[(usize, char)], i: usize) -> Option<(u32, usize)> {
    let mut word = Vec::new();
    let mut j = i;
    while j < cs.len() && is_thai_letter(cs[j].1) && word.len() < 14 {
        word.push(cs[j].1);
        j += 1;
    }
    if word.len() < 4 {
        return None;
    }
    // (distance, length gap, month, len)
    let mut best: Option<(usize, usize, u32, usize)> = None;
    // Trailing letters must be an era marker glued on ("มีนาคมพ.ศ."), or nothing: so only a
    // length or two can be the month, and only those are compared with its name.
    let ends = |len: usize| {
        len == word.len() || (word[len] == 'พ' && cs.get(i + len + 1).map(|c| c.1) == Some('.'))
    };
    for (m, name) in MONTHS.iter().enumerate() {
        let n = name.chars().count();
        let allowed = if n <= 6 { 1 } else { 2 };
        let lo = n.saturating_sub(2).max(4);
        let hi = (n + 2).min(word.len());
        let mut chars: Option<Vec<char>> = None;
        for len in (lo..=hi).filter(|&len| ends(len)) {
            let name = chars.get_or_insert_with(|| name.chars().collect());
            let d = edit_distance(&word[..len], name);
            if d > allowed {
                continue;
            }
            let key = (d, len.abs_diff(n), m as u32 + 1, len);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, _, m, len)| (m, i + len))
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn parses_the_forms_officials_write() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("ประกาศ ณ วันที่ ๒๗ มีนาคม พ.ศ. ๒๕๖๓", Some(ymd(2020, 3, 27))),
            ("สั่ง ณ วันที่ 15 กุมภาพันธ์ พ.ศ.2564", Some(ymd(2021, 2, 15))),
            ("วันจันทร์ที่ 31 ตุลาคม 2559", Some(ymd(2016, 10, 31))),
            ("๒๑ เดือนสิงหาคม พ.ศ. ๒๕๖๓", Some(ymd(2020, 8, 21))),
            ("๒๕ เดือน มิถุนายน พ.ศ.๒๕๖๒", Some(ymd(2019, 6, 25))),
            ("๓๑ ม.ค. ๖๓", Some(ymd(2020, 1, 31))),
            ("31 ม.ค. 2563", Some(ymd(2020, 1, 31))),
            ("1 ต.ค 63", Some(ymd(2020, 10, 1))),
            ("๒๙ มี. ค. ๒๕๖๖", Some(ymd(2023, 3, 29))),
            ("๑๕ กุมภาพนธ์ ๒๕๖๔", Some(ymd(2021, 2, 15))),
            ("๒๐ พฤษจิกายน ๒๕๖๓", Some(ymd(2020, 11, 20))),
            ("๑๐ กรกฏาคม ๒๕๖๕", Some(ymd(2022, 7, 10))),
            ("๒๙   มีนาคม   พ. ศ.  ๒๕๖๖", Some(ymd(2023, 3, 29))),
            ("๕ มีนา ๖๓", Some(ymd(2020, 3, 5))),
            ("1 มกราคม ค.ศ. 2020", Some(ymd(2020, 1, 1))),
            ("๕ ธันวาคม พุทธศักราช ๒๕๕๐", Some(ymd(2007, 12, 5))),
            ("27/03/2563", Some(ymd(2020, 3, 27))),
            ("ลว. 2/10/63", Some(ymd(2020, 10, 2))),
            ("๒๗ มีนาคมพ.ศ.๒๕๖๓", Some(ymd(2020, 3, 27))),
            // Not dates.
            ("ที่ ๑๒/๒๕๖๓", None),
            ("ข้อ ๒.๑.๑๐ ของระเบียบ", None),
            ("๓๑ กุมภาพันธ์ ๒๕๖๓", None),
            ("๑๒ มีนาคม ๑๙๙๙", None),
            ("๑๒ มีนาคม", None),
            ("๕ คน ๒๕๖๓", None),
            ("๒๗ มกราคม 2700", None),
            ("12.30 น.", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_thai_date(s), *want, "{s}");
        }
    }

    #[test]
    fn finds_every_date_with_offsets() {
        let s = "ระยะเวลา ๑ ตุลาคม ๒๕๖๒ - ๓๐ กันยายน ๒๕๖๓ จบ";
        let found = find_dates(s);
        assert_eq!(
            found.iter().map(|f| f.date).collect::<Vec<_>>(),
            [ymd(2019, 10, 1), ymd(2020, 9, 30)]
        );
        assert_eq!(&s[found[0].start..found[0].end], "๑ ตุลาคม ๒๕๖๒");
        assert_eq!(found[1].form, DateForm::Named);
    }

    /// Dates are read from a window of the text after each number; what is found, and where,
    /// must not depend on it.
    #[test]
    fn dates_among_numbers_and_at_the_end() {
        let long_number = "๑๒๓๔๕๖๗๘๙๐".repeat(8);
        let cases: Vec<(String, Vec<(NaiveDate, &str)>)> = vec![
            (
                format!("เลขที่ {long_number} ลงวันที่ 1/10/2562"),
                vec![(ymd(2019, 10, 1), "1/10/2562")],
            ),
            (
                "ให้ไว้ ณ วันที่ ๑๒ เดือน พฤศจิกายน พุทธศักราช ๒๕๖๒".to_string(),
                vec![(ymd(2019, 11, 12), "๑๒ เดือน พฤศจิกายน พุทธศักราช ๒๕๖๒")],
            ),
            (format!("1/10/2562{long_number}"), vec![]),
            (format!("๑ ตุลาคม ๒๕๖๒{long_number}"), vec![]),
            (
                "1,234 บาท 12.50 บาท 3/4/2565".to_string(),
                vec![(ymd(2022, 4, 3), "3/4/2565")],
            ),
        ];
        for (s, want) in cases {
            let found: Vec<(NaiveDate, &str)> = find_dates(&s)
                .iter()
                .map(|f| (f.date, &s[f.start..f.end]))
                .collect();
            assert_eq!(found, want, "{s}");
        }
    }

    #[test]
    fn round_trips() {
        let mut d = ymd(2015, 1, 1);
        while d < ymd(2027, 1, 1) {
            assert_eq!(
                parse_thai_date(&format_thai_short(d)),
                Some(d),
                "{}",
                format_thai_short(d)
            );
            assert_eq!(
                parse_thai_date(&format_thai_long(d)),
                Some(d),
                "{}",
                format_thai_long(d)
            );
            d = d.succ_opt().unwrap_or(d);
            d = d + chrono::Days::new(6);
        }
        assert_eq!(format_thai_short(ymd(2020, 3, 27)), "27 มี.ค. 2563");
        assert_eq!(format_thai_long(ymd(2020, 3, 27)), "27 มีนาคม พ.ศ. 2563");
    }

    #[test]
    fn edit_distance_counts_edits() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("กุมภาพนธ์"), &c("กุมภาพันธ์")), 1);
        assert_eq!(edit_distance(&c("มีนาคม"), &c("มกราคม")), 2);
        assert_eq!(edit_distance(&c(""), &c("abc")), 3);
    }
}
