//! Thai digits (๐–๙, U+0E50–U+0E59) beside Arabic ones: agencies write years, numbers and dates
//! in either, often both in one document, and khlang folds them to Arabic wherever values are
//! compared, so "๒๕๖๓" and "2563" are one year.

/// The value of an Arabic (0–9) or Thai (๐–๙) digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0E50}'..='\u{0E59}' => Some(c as u32 - 0x0E50),
        _ => None,
    }
}

/// True for Arabic and Thai digits.
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// `c` with a Thai digit made Arabic; every other character as it is.
pub fn to_arabic_digit(c: char) -> char {
    match c {
        '\u{0E50}'..='\u{0E59}' => char::from(b'0' + (c as u32 - 0x0E50) as u8),
        _ => c,
    }
}

/// Thai digits become Arabic; everything else is kept.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars().map(to_arabic_digit).collect()
}

/// The year of the Buddhist era (พุทธศักราช, B.E.) is the Common Era's plus this: 2568 B.E. is
/// 2025 C.E. Thai documents, fiscal years (ปีงบประมาณ) and catalogue.csv use B.E.
pub const BE_OFFSET: i32 = 543;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_fold_to_arabic() {
        assert_eq!(to_arabic_digits("ที่ ๑๒/๒๕๖๓ and 7"), "ที่ 12/2563 and 7");
        assert_eq!(to_arabic_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
        assert_eq!(digit_value('๙'), Some(9));
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('ก'), None);
        assert!(is_digit('๕') && !is_digit('x'));
    }
}
