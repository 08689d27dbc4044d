//! File names that every USB stick accepts: the documents copied into a site get names valid on
//! FAT32 and exFAT, because sites are handed out on sticks and opened on Windows kiosks.
//!
//! A name there may not contain `\ / : * ? " < > |` or control characters, may not end in a dot
//! or a space, may not be a DOS device name (CON, NUL, COM1…), and may be at most 255 UTF-16
//! units long; and two names that differ only in letter case are the same file. Thai names are
//! kept in NFC, so the same name typed on a Mac (NFD) and on Windows (NFC) is one file.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

/// The longest file name (one path component) FAT32 and exFAT store, in UTF-16 code units.
pub const MAX_NAME_UNITS: usize = 255;

/// The largest file FAT32 can hold: 4 GiB − 1 byte.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// Characters FAT32/exFAT (and Windows) refuse in a name, besides control characters.
const FORBIDDEN: &[char] = &['\\', '/', ':', '*', '?', '"', '<', '>', '|'];

/// An extension longer than this is treated as part of the stem when shortening a name.
const MAX_EXTENSION_CHARS: usize = 16;

/// One path component made valid: forbidden and control characters become `_`, trailing dots
/// and spaces are dropped, DOS device names get a leading `_`, and an over-long name is cut
/// (keeping its extension) to [`MAX_NAME_UNITS`].
pub fn safe_component(name: &str) -> String {
    let name: String = name
        .nfc()
        .map(|c| {
            if c.is_control() || FORBIDDEN.contains(&c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut name = name.trim_end_matches(['.', ' ']).to_string();
    if name.is_empty() {
        name.push('_');
    }
    if is_device_name(&name) {
        name.insert(0, '_');
    }
    fit(&name, "")
}

/// `stem + suffix + extension` cut to [`MAX_NAME_UNITS`]: the stem is shortened, never the
/// suffix or a short extension.
fn fit(name: &str, suffix: &str) -> String {
    let (stem, ext) = split_extension(name);
    let fixed = utf16_len(suffix) + utf16_len(ext);
    let room = MAX_NAME_UNITS.saturating_sub(fixed);
    let mut stem = cut_to_units(stem, room);
    // A cut can leave a trailing dot or space, which FAT drops silently.
    while stem.ends_with(['.', ' ']) {
        stem.pop();
    }
    if stem.is_empty() {
        stem.push('_');
    }
    format!("{stem}{suffix}{ext}")
}

/// ("name", ".ext"), or (name, "") when there is no short extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name[i..].chars().count() <= MAX_EXTENSION_CHARS => {
            (&name[..i], &name[i..])
        }
        _ => (name, ""),
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s` within `units` UTF-16 units that does not end between a Thai
/// consonant and its vowel or tone marks.
fn cut_to_units(s: &str, units: usize) -> String {
    if utf16_len(s) <= units {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + c.len_utf16() > units {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    // Drop a base character whose marks did not fit, so no mark is left dangling or cut off.
    let next = s[out.len()..].chars().next();
    if next.is_some_and(is_thai_mark) {
        while out.chars().last().is_some_and(is_thai_mark) {
            out.pop();
        }
        out.pop();
    }
    out
}

/// Thai vowel signs and tone marks written above or below a consonant.
fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an extension: Windows opens the
/// device instead of the file.
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let b = upper.as_bytes();
            b.len() == 4
                && (upper.starts_with("COM") || upper.starts_with("LPT"))
                && (b'1'..=b'9').contains(&b[3])
        }
    }
}

/// Gives each relative path (NFC, '/'-separated) a FAT-safe relative path, unique even when
/// letter case is ignored. Feed paths in a fixed order (sorted): the first of two colliding
/// names keeps it, the next becomes `name (2).ext`, so the result is deterministic.
#[derive(Debug, Default)]
pub struct Namer {
    /// Safe paths handed out, lower-cased: files and folders share one name space.
    taken: HashSet<String>,
    /// Original folder path → its safe path, so every file in a folder lands in the same one.
    folders: HashMap<String, String>,
}

impl Namer {
    /// The safe path for `rel`.
    pub fn assign(&mut self, rel: &str) -> String {
        let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        let Some((file, dirs)) = parts.split_last() else {
            return self.unique("", "_");
        };
        let mut parent = String::new();
        let mut original = String::new();
        for dir in dirs {
            if !original.is_empty() {
                original.push('/');
            }
            original.push_str(dir);
            parent = match self.folders.get(&original) {
                Some(safe) => safe.clone(),
                None => {
                    let safe = self.unique(&parent, dir);
                    self.folders.insert(original.clone(), safe.clone());
                    safe
                }
            };
        }
        self.unique(&parent, file)
    }

    /// `parent/name` made safe and not yet taken (case-insensitively).
    fn unique(&mut self, parent: &str, name: &str) -> String {
        let safe = safe_component(name);
        let join = |n: &str| {
            if parent.is_empty() {
                n.to_string()
            } else {
                format!("{parent}/{n}")
            }
        };
        let mut candidate = safe.clone();
        let mut n = 2u64;
        while self.taken.contains(&join(&candidate).to_lowercase()) {
            candidate = fit(&safe, &format!(" ({n})"));
            n += 1;
        }
        let path = join(&candidate);
        self.taken.insert(path.to_lowercase());
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_made_valid() {
        let cases = [
            ("รายงาน: ไตรมาส 1.pdf", "รายงาน_ ไตรมาส 1.pdf"),
            ("a*b?c\"d<e>f|g.txt", "a_b_c_d_e_f_g.txt"),
            ("tab\there\u{7}.txt", "tab_here_.txt"),
            ("notes. . .", "notes"),
            ("trailing.pdf. ", "trailing.pdf"),
            ("...", "_"),
            ("CON.txt", "_CON.txt"),
            ("com1", "_com1"),
            ("COM10.txt", "COM10.txt"),
            ("console.txt", "console.txt"),
            // Marks in non-canonical order (tone mark before sara u) and NFD accents become NFC.
            (
                "\u{0E01}\u{0E49}\u{0E38}.txt",
                "\u{0E01}\u{0E38}\u{0E49}.txt",
            ),
            ("caf\u{0065}\u{0301}.txt", "caf\u{00E9}.txt"),
            ("ordinary name.docx", "ordinary name.docx"),
        ];
        for (input, want) in cases {
            assert_eq!(safe_component(input), want, "{input:?}");
        }
    }

    #[test]
    fn long_names_are_cut_to_255_utf16_units_keeping_the_extension() {
        let cases = [
            ("ก".repeat(300) + ".pdf", 255),
            ("a".repeat(400), 255),
            // Astral characters take two UTF-16 units each.
            ("😀".repeat(200) + ".txt", 254),
            // Cut between a consonant and its marks: the whole cluster goes.
            ("ก".repeat(250) + "กี้" + ".pdf", 254),
        ];
        for (input, units) in cases {
            let out = safe_component(&input);
            assert_eq!(utf16_len(&out), units, "{out}");
            if input.ends_with(".pdf") {
                assert!(out.ends_with(".pdf"), "{out}");
            }
            assert!(!out.trim_end_matches(".pdf").ends_with(is_thai_mark));
        }
    }

    #[test]
    fn case_collisions_get_numbered_in_input_order() {
        let mut namer = Namer::default();
        let got: Vec<String> = [
            "Plan/a.pdf",
            "plan/A.PDF",
            "plan/b.pdf",
            "x:y.txt",
            "x_y.txt",
            "X_Y.txt",
            "กอง/แผน.pdf",
            "กอง/แผน.pdf",
        ]
        .iter()
        .map(|r| namer.assign(r))
        .collect();
        assert_eq!(
            got,
            [
                "Plan/a.pdf",
                "plan (2)/A.PDF",
                "plan (2)/b.pdf",
                "x_y.txt",
                "x_y (2).txt",
                "X_Y (3).txt",
                "กอง/แผน.pdf",
                "กอง/แผน (2).pdf",
            ]
        );
    }
}
