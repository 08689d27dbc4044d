//! The disclosure category (taxonomy id) of a document, from the taxonomy's keywords matched
//! against folder names (deepest first: the most specific filing decision), then the file name,
//! then the title. Within one name the longest matching keyword wins, so
//! "สรุปผลการจัดซื้อจัดจ้าง" (procurement results) beats "จัดซื้อจัดจ้าง" (announcements).

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::department;
use crate::taxonomy::{self, Taxonomy};
use crate::text::{collapse_ws, strip_ws, to_arabic_digits};

/// Where the category came from; `Default` means no keyword matched (category "other").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Folder,
    FileName,
    Title,
    Default,
}

/// One keyword prepared for matching.
struct Keyword {
    /// Thai keywords: lowercase, no whitespace, Arabic digits. Latin: lowercase, single spaces.
    text: String,
    latin: bool,
    /// Length in chars of the prepared text; longer is more specific.
    weight: usize,
    category: usize,
}

/// The taxonomy's keywords, with one automaton over the Thai ones.
struct Keywords {
    all: Vec<Keyword>,
    /// Finds every Thai keyword in a name in one pass: testing each of the hundreds of keywords
    /// with `str::contains` took about 3 % of a build's CPU time. `None` if it could not be built (then
    /// each keyword is tested on its own).
    thai: Option<AhoCorasick>,
    /// Pattern id in `thai` → index in `all`.
    thai_ids: Vec<usize>,
}

fn keywords(t: &'static Taxonomy) -> &'static Keywords {
    static KEYWORDS: OnceLock<Keywords> = OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let mut all = Vec::new();
        for (category, c) in t.categories.iter().enumerate() {
            for k in &c.keywords {
                let latin = k.is_ascii();
                let text = if latin { latin_form(k) } else { thai_form(k) };
                if !text.is_empty() {
                    all.push(Keyword {
                        weight: text.chars().count(),
                        text,
                        latin,
                        category,
                    });
                }
            }
        }
        let thai_ids: Vec<usize> = (0..all.len()).filter(|&i| !all[i].latin).collect();
        let thai = AhoCorasick::new(thai_ids.iter().map(|&i| &all[i].text)).ok();
        Keywords {
            all,
            thai,
            thai_ids,
        }
    })
}

fn thai_form(s: &str) -> String {
    strip_ws(&to_arabic_digits(s)).to_lowercase()
}

fn latin_form(s: &str) -> String {
    collapse_ws(&s.to_lowercase())
}

/// The category id for a document, and where it came from.
pub fn classify(folders: &[&str], file_stem: &str, title: Option<&str>) -> (&'static str, Source) {
    let t = taxonomy::builtin();
    let names = folders
        .iter()
        .rev()
        .map(|f| (*f, Source::Folder))
        .chain(std::iter::once((file_stem, Source::FileName)))
        .chain(title.map(|t| (t, Source::Title)));
    for (name, source) in names {
        if let Some(c) = best_match(t, name) {
            return (c, source);
        }
    }
    (taxonomy::OTHER, Source::Default)
}

/// The category of the longest keyword found in `name`, ties going to the earlier category.
fn best_match(t: &'static Taxonomy, name: &str) -> Option<&'static str> {
    let thai = thai_form(&without_noise(name));
    let latin = latin_form(&to_arabic_digits(name));
    let keywords = keywords(t);
    let mut found = vec![false; keywords.all.len()];
    if let Some(ac) = &keywords.thai {
        for m in ac.find_overlapping_iter(&thai) {
            found[keywords.thai_ids[m.pattern().as_usize()]] = true;
        }
    }
    let mut best: Option<&Keyword> = None;
    for (k, found) in keywords.all.iter().zip(found) {
        let hit = if k.latin {
            contains_word(&latin, &k.text)
        } else if keywords.thai.is_some() {
            found
        } else {
            thai.contains(&k.text)
        };
        if hit && best.is_none_or(|b| k.weight > b.weight) {
            best = Some(k);
        }
    }
    best.and_then(|k| t.categories.get(k.category))
        .map(|c| c.id.as_str())
}

/// Removes what says nothing about the kind of document: department names (a folder named
/// "กองวิชาการและแผนงาน" is not about plans) and fiscal-year phrases ("ประจำปีงบประมาณ พ.ศ. 2565"
/// appears in every kind of title and would otherwise read as "budget").
fn without_noise(name: &str) -> String {
    let s = department::remove_all(&strip_ws(&to_arabic_digits(name)));
    // After whitespace removal: "ประจำปีงบประมาณพ.ศ.2565", "ปีงบประมาณ2565".
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("ปีงบประมาณ") {
        let mut cut = &rest[..i];
        cut = cut.strip_suffix("ประจำ").unwrap_or(cut);
        out.push_str(cut);
        let after = &rest[i + "ปีงบประมาณ".len()..];
        let after = after.strip_prefix("พ.ศ.").unwrap_or(after);
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        if digits == 0 && !after.starts_with("พ.ศ") {
            // "งบประมาณ" used on its own meaning (e.g. "ปีงบประมาณที่ผ่านมา"): keep it.
            out.push_str("ปีงบประมาณ");
        }
        out.push(' ');
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// `word` occurs in `s` not inside a longer Latin word ("ita" must not match "digital").
fn contains_word(s: &str, word: &str) -> bool {
    s.match_indices(word).any(|(i, _)| {
        let before = s[..i].chars().next_back();
        let after = s[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (folders, file stem, title, expected).
    type Case<'a> = (&'a [&'a str], &'a str, Option<&'a str>, (&'a str, Source));

    #[test]
    fn classification_priority_and_specificity() {
        let cases: &[Case] = &[
            (
                &["จัดซื้อจัดจ้าง", "สขร1"],
                "x",
                None,
                ("procurement-results", Source::Folder),
            ),
            (
                &["สขร1", "2564"],
                "x",
                None,
                ("procurement-results", Source::Folder),
            ),
            (
                &["กองวิชาการและแผนงาน"],
                "x",
                Some("คู่มือการปฏิบัติงาน"),
                ("manuals", Source::Title),
            ),
            (
                &[],
                "แผนการจัดซื้อจัดจ้าง 2565",
                Some("ประกาศ"),
                ("procurement-plan", Source::FileName),
            ),
            (
                &[],
                "scan001",
                Some("ประกาศผู้ชนะการเสนอราคา จ้างเหมา"),
                ("procurement-announcements", Source::Title),
            ),
            (
                &[],
                "x",
                Some("รายงานผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2565"),
                ("procurement-results", Source::Title),
            ),
            (
                &[],
                "x",
                Some("ประกาศรายชื่อผู้มีสิทธิ์ ประจำปีงบประมาณ พ.ศ. 2565"),
                ("other", Source::Default),
            ),
            (
                &[],
                "x",
                Some("เทศบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2566"),
                ("budget", Source::Title),
            ),
            (
                &[],
                "x",
                Some("เทศบัญญัติ เรื่อง การควบคุมการเลี้ยงสัตว์"),
                ("laws", Source::Title),
            ),
            (
                &[],
                "x",
                Some("แผนพัฒนาศูนย์ข้อมูลข่าวสารของราชการ"),
                ("info-centre", Source::Title),
            ),
            (
                &[],
                "x",
                Some("มาตรการ กลไกการเผยแพร่ข้อมูลต่อสาธารณะ"),
                ("integrity", Source::Title),
            ),
            (
                &["ITA", "O20"],
                "digital-capital",
                None,
                ("other", Source::Default),
            ),
            (&["E-Service"], "x", None, ("e-service", Source::Folder)),
            (
                &[],
                "x",
                Some("No Gift Policy"),
                ("integrity", Source::Title),
            ),
            (
                &[],
                "x",
                Some("รายงาน รอบ ๖ เดือน"),
                ("budget", Source::Title),
            ),
        ];
        for (folders, stem, title, want) in cases {
            assert_eq!(
                classify(folders, stem, *title),
                *want,
                "{folders:?} {stem} {title:?}"
            );
        }
    }
}
