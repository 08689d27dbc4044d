//! The units a query clause is matched by.

use crate::analysis::Analyzer;

/// The units of a clause, ready to match against a document's grams.
///
/// A clause may begin in the middle of a Thai character cluster (text pasted from the middle of
/// a word, "าดำเนินการ"): its first unit is then only the tail of the document's cluster and can
/// never equal it. Such a leading fragment is dropped so the rest of the clause still finds the
/// document; a clause that is nothing but a fragment is kept as it is.
pub fn clause_units(analyzer: &Analyzer, text: &str) -> Vec<String> {
    let mut units: Vec<String> = analyzer.units(text).into_iter().map(|t| t.text).collect();
    if units.len() > 1 && units[0].chars().next().is_some_and(cannot_start_cluster) {
        units.remove(0);
    }
    units
}

/// Every form a clause may stand in the text by, as typed first: cut short at the end (the last
/// cluster unfinished, [`unfinished_tail`]) and, with `heads_cut`, at the start too (the first
/// cluster begun in the middle, [`cut_head`]). The query plan matches any of them, and snippets
/// mark any of them.
pub fn open_forms(units: Vec<String>, heads_cut: bool) -> Vec<Vec<String>> {
    let mut forms = vec![units];
    if let Some(joined) = unfinished_tail(&forms[0]) {
        forms.push(joined);
    }
    if heads_cut {
        let headless: Vec<Vec<String>> = forms.iter().filter_map(|f| cut_head(f)).collect();
        forms.extend(headless);
    }
    forms
}

/// Fewest whole units after a first one that may be the tail of the text's cluster, for the
/// clause to be matched without it too: four consecutive units rarely stand together by
/// chance, so the clause stays precise. Three were too few: แผ่นงาน (a spreadsheet) without
/// แผ่ is นงาน, which แผนงาน (a plan) holds.
const UNITS_AFTER_A_CUT_HEAD: usize = 4;

/// A clause pasted from the middle of a cluster may begin with its tail — "ทย" of ไทย, "บการ" of
/// กับการ — which the text never holds as a unit of its own (a leading mark or vowel is dropped
/// by [`clause_units`]; a leading consonant cannot be told from a cluster's start). Returns the
/// units without the first, to be matched beside the units as typed, when enough remain to keep
/// the clause precise; `None` otherwise. Only tried when the query as typed finds nothing:
/// กรมการ without its ก is รมการ, which กรรมการ holds, and a department is no committee.
pub fn cut_head(units: &[String]) -> Option<Vec<String>> {
    // A leading vowel (เ แ โ ใ ไ) is written first in its cluster: a clause that begins with
    // one did not begin inside a cluster.
    let leading = units
        .first()
        .and_then(|u| u.chars().next())
        .is_some_and(|c| matches!(c, 'เ' | 'แ' | 'โ' | 'ใ' | 'ไ'));
    (!leading && units.len() > UNITS_AFTER_A_CUT_HEAD).then(|| units[1..].to_vec())
}

/// While a word is typed its last cluster may be unfinished: "ตั้", before the ง of "ตั้ง",
/// clusters as ตั + ้ where the document has the one cluster ตั้ง, and "เปิ" as เป + ิ. Returns
/// the units with such trailing fragments joined onto the unit before, to be matched as a
/// prefix beside the units as typed (which a document may hold too: เรื่อง clusters as
/// เรื + ่ + อ + ง); `None` when the last unit is no such fragment.
pub fn unfinished_tail(units: &[String]) -> Option<Vec<String>> {
    let fragments = units
        .iter()
        .rev()
        .take_while(|u| u.chars().next().is_some_and(cannot_start_cluster))
        .count();
    if fragments == 0 || fragments == units.len() {
        return None;
    }
    let keep = units.len() - fragments;
    let mut joined = units[..keep].to_vec();
    if let Some(last) = joined.last_mut() {
        units[keep..].iter().for_each(|f| last.push_str(f));
    }
    Some(joined)
}

/// Thai vowels and marks that follow a consonant and so never begin a cluster.
fn cannot_start_cluster(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_a_leading_cluster_fragment_only() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let units = |t: &str| clause_units(&analyzer, t).join("|");
        let whole = units("ดำเนินการ");
        assert_eq!(units("าดำเนินการ"), whole);
        assert_eq!(units("่ดำเนินการ"), whole);
        assert_eq!(
            units("เดินทาง"),
            analyzer
                .units("เดินทาง")
                .iter()
                .map(|t| t.text.clone())
                .collect::<Vec<_>>()
                .join("|")
        );
        assert_eq!(units("า"), "า");
    }

    #[test]
    fn a_first_unit_is_also_dropped_when_four_remain() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let cut = |t: &str| cut_head(&clause_units(&analyzer, t)).map(|u| u.join("|"));
        assert_eq!(cut("ทยรัฐบาล").as_deref(), Some("ย|รั|ฐ|บา|ล"));
        assert_eq!(cut("บการ"), None);
        assert_eq!(cut("ไทย"), None);
        assert_eq!(cut("แผ่นงานสรุป"), None, "a leading vowel begins its cluster");
    }

    #[test]
    fn an_unfinished_last_cluster_is_also_joined() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let joined = |t: &str| unfinished_tail(&clause_units(&analyzer, t)).map(|u| u.join("|"));
        for (typed, want) in [
            ("ตั้", Some("ตั้")),
            ("ครั้", Some("ค|รั้")),
            ("เกี่", Some("เกี่")),
            ("การเปิ", Some("กา|ร|เปิ")),
            ("ตั้ง", None),
            ("เรื่อ", None),
            ("่", None),
        ] {
            assert_eq!(joined(typed).as_deref(), want, "{typed}");
        }
    }
}
