//! The disclosure taxonomy (หมวดหมู่การเปิดเผยข้อมูล): stable categories for the documents a Thai
//! local government must disclose, kept as data in `catalog/data/taxonomy.toml`.
//!
//! Why data and not an enum: the NACC renumbers its ITA checklist (ITA, การประเมินคุณธรรมและความ
//! โปร่งใส) almost every assessment year, and agencies file documents under those codes. A stable
//! slug (`procurement-announcements`) survives renumbering; the per-year code lists in the TOML
//! are updated instead of the code. Works in the browser too (wasm32): no file system, the TOML
//! is compiled in.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The id of the catch-all category; every taxonomy must have it.
pub const OTHER: &str = "other";

/// The built-in taxonomy source, checked by this module's tests.
const BUILTIN_TOML: &str = include_str!("../data/taxonomy.toml");

/// All categories, in display order (`other` last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Taxonomy {
    pub categories: Vec<Category>,
}

/// One category of disclosed documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Stable ASCII slug; used in URLs, facets and saved filters, so it never changes.
    pub id: String,
    /// Thai label.
    pub th: String,
    /// English label.
    pub en: String,
    /// ITA item codes ("O20") per assessment year (B.E., e.g. 2566).
    pub ita: BTreeMap<u32, Vec<String>>,
    /// Phrases that classify a document into this category when found in its folder names,
    /// file name or title (see the comment at the top of the TOML for the matching rules).
    pub keywords: Vec<String>,
}

/// Why a taxonomy source was rejected.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("taxonomy is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("category {id:?}: ITA year {year:?} is not a Buddhist-Era year such as 2566")]
    BadYear { id: String, year: String },
    #[error("category id {0:?} is not a lowercase ASCII slug")]
    BadId(String),
    #[error("category id {0:?} appears twice")]
    DuplicateId(String),
    #[error("category {0:?} has an empty Thai or English label")]
    EmptyLabel(String),
    #[error("ITA {year} code {code} is mapped to both {first:?} and {second:?}")]
    DuplicateItaCode {
        year: u32,
        code: String,
        first: String,
        second: String,
    },
    #[error("the taxonomy has no \"other\" category")]
    MissingOther,
}

/// The TOML as written; `ita` keys are strings there because TOML keys always are.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    category: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    th: String,
    en: String,
    #[serde(default)]
    ita: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    keywords: Vec<String>,
}

/// The taxonomy compiled into khlang, parsed on first use.
pub fn builtin() -> &'static Taxonomy {
    static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        // The source is a compile-time constant validated by `tests::builtin_parses`, so a
        // failure here is a build defect, not bad input.
        Taxonomy::from_toml(BUILTIN_TOML)
            .expect("catalog/data/taxonomy.toml is invalid; run the catalog tests")
    })
}

impl Taxonomy {
    /// Parses and validates a taxonomy in the format of `catalog/data/taxonomy.toml`.
    pub fn from_toml(source: &str) -> Result<Taxonomy, TaxonomyError> {
        let raw: RawTaxonomy = toml::from_str(source)?;
        let mut categories = Vec::with_capacity(raw.category.len());
        for c in raw.category {
            let mut ita = BTreeMap::new();
            for (year, codes) in c.ita {
                let parsed = year
                    .parse::<u32>()
                    .ok()
                    .filter(|y| (2500..=2600).contains(y))
                    .ok_or_else(|| TaxonomyError::BadYear {
                        id: c.id.clone(),
                        year: year.clone(),
                    })?;
                ita.insert(parsed, codes);
            }
            categories.push(Category {
                id: c.id,
                th: c.th,
                en: c.en,
                ita,
                keywords: c.keywords,
            });
        }
        let taxonomy = Taxonomy { categories };
        taxonomy.validate()?;
        Ok(taxonomy)
    }

    fn validate(&self) -> Result<(), TaxonomyError> {
        let mut ids = std::collections::BTreeSet::new();
        let mut codes: BTreeMap<(u32, &str), &str> = BTreeMap::new();
        for c in &self.categories {
            let slug = !c.id.is_empty()
                && c.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !slug {
                return Err(TaxonomyError::BadId(c.id.clone()));
            }
            if !ids.insert(c.id.as_str()) {
                return Err(TaxonomyError::DuplicateId(c.id.clone()));
            }
            if c.th.trim().is_empty() || c.en.trim().is_empty() {
                return Err(TaxonomyError::EmptyLabel(c.id.clone()));
            }
            for (&year, list) in &c.ita {
                for code in list {
                    if let Some(first) = codes.insert((year, code.as_str()), c.id.as_str()) {
                        return Err(TaxonomyError::DuplicateItaCode {
                            year,
                            code: code.clone(),
                            first: first.to_string(),
                            second: c.id.clone(),
                        });
                    }
                }
            }
        }
        if !ids.contains(OTHER) {
            return Err(TaxonomyError::MissingOther);
        }
        Ok(())
    }

    /// The category with this exact id.
    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The category named by `text`: its id, Thai label or English label, ignoring case and
    /// whitespace (users type "อื่นๆ" for "อื่น ๆ" and "e-service" for "E-Service").
    pub fn resolve(&self, text: &str) -> Option<&Category> {
        let wanted = fold(text);
        if wanted.is_empty() {
            return None;
        }
        self.categories
            .iter()
            .find(|c| fold(&c.id) == wanted || fold(&c.th) == wanted || fold(&c.en) == wanted)
    }

    /// The category holding ITA item `code` (e.g. "O20", case-insensitive) of assessment `year`.
    pub fn by_ita(&self, year: u32, code: &str) -> Option<&Category> {
        let code = code.trim();
        self.categories.iter().find(|c| {
            c.ita
                .get(&year)
                .is_some_and(|codes| codes.iter().any(|k| k.eq_ignore_ascii_case(code)))
        })
    }
}

/// Lowercase without whitespace, for label comparison.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ITA 2564 and 2566 codes (O1–O43 both years), as the NACC's (ป.ป.ช.) ITA assessment manuals
    /// for those years list the OIT items.
    const ITA_2564: &[(&str, &str)] = &[
        ("O1", "โครงสร้าง"),
        ("O2", "ข้อมูลผู้บริหาร"),
        ("O3", "อำนาจหน้าที่"),
        ("O4", "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"),
        ("O5", "ข้อมูลการติดต่อ"),
        ("O6", "กฎหมายที่เกี่ยวข้อง"),
        ("O7", "ข่าวประชาสัมพันธ์"),
        ("O8", "Q&A"),
        ("O9", "Social Network"),
        ("O10", "แผนดำเนินงานประจำปี"),
        ("O11", "รายงานการกำกับติดตามการดำเนินงาน รอบ ๖ เดือน"),
        ("O12", "รายงานผลการดำเนินงานประจำปี"),
        ("O13", "คู่มือหรือมาตรฐานการปฏิบัติงาน"),
        ("O14", "คู่มือหรือมาตรฐานการให้บริการ"),
        ("O15", "ข้อมูลเชิงสถิติการให้บริการ"),
        ("O16", "รายงานผลการสำรวจความพึงพอใจการให้บริการ"),
        ("O17", "E-Service"),
        ("O18", "แผนการใช้จ่ายงบประมาณประจำปี"),
        ("O19", "รายงานการกำกับติดตามการใช้จ่ายงบประมาณ รอบ ๖ เดือน"),
        ("O20", "รายงานผลการใช้จ่ายงบประมาณประจำปี"),
        ("O21", "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ"),
        ("O22", "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"),
        ("O23", "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"),
        ("O24", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"),
        ("O25", "นโยบายการบริหารทรัพยากรบุคคล"),
        ("O26", "การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล"),
        ("O27", "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล"),
        ("O28", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี"),
        ("O29", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต"),
        ("O30", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต"),
        ("O31", "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริต"),
        ("O32", "ช่องทางการรับฟังความคิดเห็น"),
        ("O33", "การเปิดโอกาสให้เกิดการมีส่วนร่วม"),
        ("O34", "เจตจำนงสุจริตของผู้บริหาร"),
        ("O35", "การมีส่วนร่วมของผู้บริหาร"),
        ("O36", "การประเมินความเสี่ยงการทุจริตประจำปี"),
        ("O37", "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต"),
        ("O38", "การเสริมสร้างวัฒนธรรมองค์กร"),
        ("O39", "แผนปฏิบัติการป้องกันการทุจริต"),
        (
            "O40",
            "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต รอบ ๖ เดือน",
        ),
        ("O41", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี"),
        ("O42", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
        ("O43", "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"),
    ];

    const ITA_2566: &[(&str, &str)] = &[
        ("O1", "โครงสร้าง"),
        ("O2", "ข้อมูลผู้บริหาร"),
        ("O3", "อำนาจหน้าที่"),
        ("O4", "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"),
        ("O5", "ข้อมูลการติดต่อ"),
        ("O6", "กฎหมายที่เกี่ยวข้อง"),
        ("O7", "ข่าวประชาสัมพันธ์"),
        ("O8", "Q&A"),
        ("O9", "Social Network"),
        ("O10", "นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
        ("O11", "แผนดำเนินงานและการใช้งบประมาณประจำปี"),
        (
            "O12",
            "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ รอบ ๖ เดือน",
        ),
        ("O13", "รายงานผลการดำเนินงานประจำปี"),
        ("O14", "คู่มือหรือมาตรฐานการปฏิบัติงาน"),
        ("O15", "คู่มือหรือมาตรฐานการให้บริการ"),
        ("O16", "ข้อมูลเชิงสถิติการให้บริการ"),
        ("O17", "รายงานผลการสำรวจความพึงพอใจการให้บริการ"),
        ("O18", "E-Service"),
        ("O19", "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ"),
        ("O20", "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"),
        ("O21", "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"),
        ("O22", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"),
        ("O23", "นโยบายหรือแผนการบริหารทรัพยากรบุคคล"),
        ("O24", "การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล"),
        ("O25", "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล"),
        ("O26", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี"),
        ("O27", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
        ("O28", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
        ("O29", "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
        ("O30", "การเปิดโอกาสให้เกิดการมีส่วนร่วม"),
        ("O31", "ประกาศเจตนารมณ์นโยบาย No Gift Policy"),
        ("O32", "การสร้างวัฒนธรรม No Gift Policy"),
        ("O33", "รายงานผลตามนโยบาย No Gift Policy"),
        ("O34", "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี"),
        ("O35", "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ"),
        ("O36", "แผนปฏิบัติการป้องกันการทุจริต"),
        (
            "O37",
            "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต รอบ ๖ เดือน",
        ),
        ("O38", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี"),
        ("O39", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"),
        ("O40", "การขับเคลื่อนจริยธรรม"),
        ("O41", "การประเมินจริยธรรมของเจ้าหน้าที่ของรัฐ"),
        ("O42", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
        ("O43", "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"),
    ];

    /// ITA 2568 codes that disclosure.md names (O2 and O5–O7 were not found).
    const ITA_2568: &[&str] = &[
        "O1", "O3", "O4", "O8", "O9", "O10", "O11", "O12", "O13", "O14", "O15", "O16", "O17",
        "O18", "O19", "O20", "O21", "O22", "O23", "O24", "O25", "O26",
    ];

    #[test]
    fn builtin_parses() {
        let t = Taxonomy::from_toml(BUILTIN_TOML).map_err(|e| e.to_string());
        assert!(t.is_ok(), "{t:?}");
        assert_eq!(
            builtin().categories.last().map(|c| c.id.as_str()),
            Some(OTHER)
        );
    }

    #[test]
    fn ids_unique_and_labels_non_empty() {
        let t = builtin();
        let mut seen = std::collections::BTreeSet::new();
        for c in &t.categories {
            assert!(seen.insert(&c.id), "duplicate id {}", c.id);
            assert!(
                !c.th.trim().is_empty() && !c.en.trim().is_empty(),
                "empty label in {}",
                c.id
            );
            assert!(
                c.id != OTHER || c.keywords.is_empty(),
                "`other` must not claim documents by keyword"
            );
            assert!(
                c.keywords.iter().all(|k| !k.trim().is_empty()),
                "empty keyword in {}",
                c.id
            );
        }
        assert!(t.categories.len() >= 20, "the issue lists 21 categories");
    }

    #[test]
    fn every_ita_code_is_mapped_once() {
        let t = builtin();
        for (year, table) in [(2564, ITA_2564), (2566, ITA_2566)] {
            for (code, name) in table {
                let c = t.by_ita(year, code);
                assert!(c.is_some(), "ITA {year} {code} ({name}) has no category");
            }
        }
        for code in ITA_2568 {
            assert!(
                t.by_ita(2568, code).is_some(),
                "ITA 2568 {code} has no category"
            );
        }
        // Codes not in the tables must not be invented.
        assert!(t.by_ita(2564, "O44").is_none());
        assert!(t.by_ita(2568, "O2").is_none());
    }

    /// Spot checks that the mapping means what the checklist says, across renumbering.
    #[test]
    fn ita_codes_land_in_the_right_category() {
        let t = builtin();
        let cases = [
            (2564, "O22", "procurement-announcements"),
            (2566, "O20", "procurement-announcements"),
            (2564, "O23", "procurement-results"),
            (2566, "O21", "procurement-results"),
            (2564, "O21", "procurement-plan"),
            (2566, "O19", "procurement-plan"),
            (2566, "O10", "personal-data"),
            (2564, "O42", "integrity"),
            (2566, "O43", "integrity"),
            (2564, "O17", "e-service"),
            (2566, "O18", "e-service"),
            (2566, "o28", "complaints"),
        ];
        for (year, code, id) in cases {
            assert_eq!(
                t.by_ita(year, code).map(|c| c.id.as_str()),
                Some(id),
                "ITA {year} {code}"
            );
        }
    }

    #[test]
    fn get_and_resolve() {
        let t = builtin();
        assert_eq!(
            t.get("budget").map(|c| c.en.as_str()),
            Some("Budget, spending and performance reports")
        );
        assert!(t.get("Budget").is_none(), "get is exact");
        let cases = [
            ("procurement-plan", Some("procurement-plan")),
            ("  PROCUREMENT-PLAN ", Some("procurement-plan")),
            ("แผนการจัดซื้อจัดจ้าง", Some("procurement-plan")),
            ("e-service", Some("e-service")),
            ("Human Resources", Some("hr")),
            ("อื่นๆ", Some(OTHER)),
            ("ศูนย์ข้อมูลข่าวสาร", Some("info-centre")),
            ("", None),
            ("nonsense", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                t.resolve(text).map(|c| c.id.as_str()),
                want,
                "resolve({text:?})"
            );
        }
    }

    #[test]
    fn invalid_sources_are_rejected() {
        let cases = [
            ("category = 3", "TOML"),
            ("[[category]]\nid = \"a\"\nth = \"ก\"\nen = \"A\"\n", "other"),
            ("[[category]]\nid = \"Bad Id\"\nth = \"ก\"\nen = \"A\"\n", "slug"),
            (
                "[[category]]\nid = \"other\"\nth = \"ก\"\nen = \"A\"\n[[category]]\nid = \"other\"\nth = \"ข\"\nen = \"B\"\n",
                "twice",
            ),
            ("[[category]]\nid = \"other\"\nth = \" \"\nen = \"A\"\n", "label"),
            ("[[category]]\nid = \"other\"\nth = \"ก\"\nen = \"A\"\nita = { FY66 = [\"O1\"] }\n", "year"),
            (
                "[[category]]\nid = \"a\"\nth = \"ก\"\nen = \"A\"\nita = { 2566 = [\"O1\"] }\n[[category]]\nid = \"other\"\nth = \"ข\"\nen = \"B\"\nita = { 2566 = [\"O1\"] }\n",
                "both",
            ),
        ];
        for (source, needle) in cases {
            match Taxonomy::from_toml(source) {
                Ok(_) => panic!("accepted {source:?}"),
                Err(e) => assert!(e.to_string().contains(needle), "{source:?}: {e}"),
            }
        }
    }
}
