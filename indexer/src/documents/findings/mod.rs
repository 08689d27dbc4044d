//! What staff should look at before publishing, and how much each thing matters.
//!
//! A report that flags every file teaches staff to ignore it, and then they miss the one
//! finding that matters. So every finding has a [`Severity`]:
//!
//! * **error** — what would reach citizens wrong or harmful unless staff act: a national ID
//!   number (a private person's data), text that looks mis-extracted, a file that could not be
//!   read, a year in catalogue.csv no disclosure can carry. `check` and `build` exit 1.
//! * **warning** — metadata the ITA needs is missing, a date or year was withheld rather than
//!   published, a phone number or e-mail address that is not plainly an agency's own contact, a
//!   file or catalogue.csv row left out. `--strict` makes these fail too.
//! * **note** — a guess worth a glance (a title taken from the first line). Counted, listed
//!   with `--verbose`.
//!
//! An agency's published contact line is not a finding at all (metadata::contact, and
//! [`contacts`] for a number printed in many documents). `check`, `build` and the staff page of
//! the site all take their findings and words from here, so they say the same thing.

pub mod contacts;
pub mod print;

use serde::{Deserialize, Serialize};

use super::cache::Text;
use super::catalogue::{CatalogueRow, CATALOGUE_FILE};
use super::report::Problem;
use super::settle::Settled;

/// How much a finding matters. Ordered: errors first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Note];

    /// Thai first, English beside it: the heading of its part of the report.
    pub fn words(self) -> &'static str {
        match self {
            Severity::Error => "ต้องแก้ก่อนเผยแพร่ / errors",
            Severity::Warning => "ควรตรวจ / warnings",
            Severity::Note => "หมายเหตุ / notes",
        }
    }
}

/// What a finding is about. The snake_case name is what `--json` carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    NationalId,
    Unreadable,
    BrokenText,
    ImpossibleYear,
    MissingTitle,
    MissingAgency,
    MissingDate,
    MissingFiscalYear,
    Uncategorised,
    WithheldDate,
    WithheldFiscalYear,
    Phone,
    Email,
    Skipped,
    CatalogueRow,
    UncertainTitle,
    UncertainAgency,
    UncertainDate,
    UncertainFiscalYear,
    ExtractionNote,
    SameContent,
    Misspelling,
}

impl Kind {
    pub fn severity(self) -> Severity {
        use Kind::*;
        match self {
            NationalId | Unreadable | BrokenText | ImpossibleYear => Severity::Error,
            MissingTitle | MissingAgency | MissingDate | MissingFiscalYear | Uncategorised
            | WithheldDate | WithheldFiscalYear | Phone | Email | Skipped | CatalogueRow => {
                Severity::Warning
            }
            UncertainTitle | UncertainAgency | UncertainDate | UncertainFiscalYear
            | ExtractionNote | SameContent | Misspelling => Severity::Note,
        }
    }

    /// The name `--json` carries.
    pub fn id(self) -> &'static str {
        use Kind::*;
        match self {
            NationalId => "national_id",
            Unreadable => "unreadable",
            BrokenText => "broken_text",
            ImpossibleYear => "impossible_year",
            MissingTitle => "missing_title",
            MissingAgency => "missing_agency",
            MissingDate => "missing_date",
            MissingFiscalYear => "missing_fiscal_year",
            Uncategorised => "uncategorised",
            WithheldDate => "withheld_date",
            WithheldFiscalYear => "withheld_fiscal_year",
            Phone => "phone",
            Email => "email",
            Skipped => "skipped",
            CatalogueRow => "catalogue_row",
            UncertainTitle => "uncertain_title",
            UncertainAgency => "uncertain_agency",
            UncertainDate => "uncertain_date",
            UncertainFiscalYear => "uncertain_fiscal_year",
            ExtractionNote => "extraction_note",
            SameContent => "same_content",
            Misspelling => "misspelling",
        }
    }

    /// Thai first, English beside it, for staff.
    pub fn words(self) -> &'static str {
        use Kind::*;
        match self {
            NationalId => "เลขประจำตัวประชาชน / national ID number",
            Unreadable => "อ่านไฟล์ไม่ได้ / cannot be read",
            BrokenText => "ข้อความที่อ่านได้ผิดเพี้ยน / text looks mis-extracted",
            ImpossibleYear => "ปีใน catalogue.csv เป็นไปไม่ได้ / impossible year in catalogue.csv",
            MissingTitle => "ไม่พบชื่อเรื่อง / no title",
            MissingAgency => "ไม่พบหน่วยงาน / no agency",
            MissingDate => "ไม่พบวันที่ / no date",
            MissingFiscalYear => "ไม่พบปีงบประมาณ / no fiscal year",
            Uncategorised => "ไม่เข้าหมวดใด (อื่น ๆ) / uncategorised",
            WithheldDate => "วันที่ที่อ่านได้ไม่น่าเชื่อถือ จึงไม่เผยแพร่ / date withheld",
            WithheldFiscalYear => "ปีงบประมาณที่อ่านได้ไม่น่าเชื่อถือ จึงไม่เผยแพร่ / fiscal year withheld",
            Phone => "หมายเลขโทรศัพท์ที่อาจเป็นของบุคคล / phone number, maybe a person's",
            Email => "อีเมลที่อาจเป็นของบุคคล / e-mail address, maybe a person's",
            Skipped => "ไม่ได้นำเข้า / not published",
            CatalogueRow => "แถวใน catalogue.csv ที่ใช้ไม่ได้ / catalogue.csv row ignored",
            UncertainTitle => "ชื่อเรื่องเดาจากบรรทัดแรก ควรตรวจ / title guessed, check it",
            UncertainAgency => "หน่วยงานเดาจากเนื้อหา ควรตรวจ / agency guessed, check it",
            UncertainDate => "วันที่เดาจากเนื้อหา ควรตรวจ / date guessed, check it",
            UncertainFiscalYear => "ปีงบประมาณเดาจากวันที่ ควรตรวจ / fiscal year guessed",
            ExtractionNote => "หมายเหตุการอ่านไฟล์ / extraction note",
            SameContent => "เนื้อหาซ้ำกับไฟล์อื่น / same content as another file",
            Misspelling => "คำที่น่าจะสะกดผิด / likely misspelling",
        }
    }
}

/// One thing to look at in one document (or file, or catalogue.csv line). Its severity is its
/// kind's ([`Finding::severity`]), written beside the kind for scripts (see the Serialize impl).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Finding {
    pub kind: Kind,
    /// The line of the text, for personal data.
    pub line: Option<usize>,
    /// Personal data with all but its last characters masked: reports never repeat the data.
    pub masked: Option<String>,
    /// What exactly, and what to do, where the kind alone does not say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The same phone or address in any spelling has the same fingerprint
    /// (metadata::pii::Finding::fingerprint): [`contacts`] uses it across the folder, then
    /// clears it, so no report carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<u64>,
}

impl Finding {
    pub fn new(kind: Kind) -> Finding {
        Finding {
            kind,
            line: None,
            masked: None,
            detail: None,
            fingerprint: None,
        }
    }

    /// How much it matters: its kind's severity.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn with_detail(kind: Kind, detail: impl Into<String>) -> Finding {
        Finding {
            detail: Some(detail.into()),
            ..Finding::new(kind)
        }
    }
}

/// A finding as `--json` and the segment cache carry it: its fields, and its kind's severity.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Finding", 6)?;
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("severity", &self.severity())?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("masked", &self.masked)?;
        match &self.detail {
            Some(detail) => out.serialize_field("detail", detail)?,
            None => out.skip_field("detail")?,
        }
        match &self.fingerprint {
            Some(print) => out.serialize_field("fingerprint", print)?,
            None => out.skip_field("fingerprint")?,
        }
        out.end()
    }
}

/// The findings of one file, by path relative to the documents folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileFindings {
    pub path: String,
    pub findings: Vec<Finding>,
}

/// A file the walk left out (unsupported, a link, a khlang site) or a catalogue.csv row that
/// was ignored (its `file` starts with "catalogue.csv"): a warning either way.
pub fn left_out(p: &Problem) -> FileFindings {
    let kind = if p.file.starts_with(CATALOGUE_FILE) {
        Kind::CatalogueRow
    } else {
        Kind::Skipped
    };
    FileFindings {
        path: p.file.clone(),
        findings: vec![Finding::with_detail(kind, p.reason.clone())],
    }
}

/// Everything to look at in one readable document: its metadata as settled, what was withheld
/// or refused, what its extraction noted, and personal data unless its catalogue.csv row says
/// `reviewed`. Errors first, then warnings, then notes, each in reading order.
///
/// A field counts as uncertain while its value is still the guess from the text: a catalogue
/// cell that merely repeats the guess (as `khlang catalogue` writes it) has not been corrected.
pub fn of_document(s: &Settled, row: &CatalogueRow, text: &Text) -> Vec<Finding> {
    let mut out = metadata_findings(s, row);
    out.extend(
        s.refused
            .iter()
            .map(|r| Finding::with_detail(Kind::ImpossibleYear, r.to_string())),
    );
    out.extend(s.withheld.iter().map(|w| {
        let kind = match w.field {
            "date" => Kind::WithheldDate,
            _ => Kind::WithheldFiscalYear,
        };
        Finding::with_detail(kind, w.to_string())
    }));
    out.extend(text.notes.iter().map(|n| {
        // Text that looks mis-extracted reaches citizens wrong: staff must see it.
        let kind = match n.kind.as_str() {
            "text_looks_broken" => Kind::BrokenText,
            _ => Kind::ExtractionNote,
        };
        Finding::with_detail(kind, n.english.clone())
    }));
    if !row.reviewed {
        out.extend(personal_data(&text.text));
    }
    out.sort_by_key(Finding::severity);
    out
}

/// Personal data in `text`; an organisation's published contact line is not a finding.
pub fn personal_data(text: &str) -> Vec<Finding> {
    use metadata::contact::Whose;
    use metadata::pii;
    pii::scan(text)
        .into_iter()
        .filter(|f| f.whose != Whose::Organisation)
        .map(|f| {
            let kind = match f.kind {
                pii::Kind::NationalId => Kind::NationalId,
                pii::Kind::Phone => Kind::Phone,
                pii::Kind::Email => Kind::Email,
            };
            Finding {
                line: Some(f.line),
                masked: Some(f.masked),
                fingerprint: (kind != Kind::NationalId).then_some(f.fingerprint),
                ..Finding::new(kind)
            }
        })
        .collect()
}

/// Missing or still-guessed title, agency, date, fiscal year; no category.
fn metadata_findings(s: &Settled, row: &CatalogueRow) -> Vec<Finding> {
    let guessed = |field: &str| s.extracted.uncertain.contains(&field);
    let e = &s.extracted;
    let held = |name: &str| s.withheld.iter().any(|w| w.field == name);
    let fields = [
        (
            s.facts.title.is_empty(),
            Kind::MissingTitle,
            guessed("title") && (row.title.is_none() || row.title == e.title),
            Kind::UncertainTitle,
        ),
        (
            s.facts.agency.is_none(),
            Kind::MissingAgency,
            guessed("agency") && (row.agency.is_none() || row.agency == e.agency),
            Kind::UncertainAgency,
        ),
        (
            s.facts.date.is_none() && !held("date"),
            Kind::MissingDate,
            guessed("date") && (row.date.is_none() || row.date == e.date),
            Kind::UncertainDate,
        ),
        (
            s.facts.fiscal_year.is_none() && !held("fiscal_year"),
            Kind::MissingFiscalYear,
            guessed("fiscal_year")
                && row.date.is_none()
                && (row.fiscal_year.is_none() || row.fiscal_year == e.fiscal_year),
            Kind::UncertainFiscalYear,
        ),
    ];
    let mut out: Vec<Finding> = fields
        .into_iter()
        .filter_map(|(missing, kind, uncertain, ukind)| {
            if missing {
                Some(Finding::new(kind))
            } else if uncertain {
                Some(Finding::new(ukind))
            } else {
                None
            }
        })
        .collect();
    if s.category() == catalog::taxonomy::OTHER {
        out.push(Finding::new(Kind::Uncategorised));
    }
    out
}

/// How many findings of each severity `files` hold.
pub fn count(files: &[FileFindings]) -> [usize; 3] {
    let mut n = [0; 3];
    for f in files.iter().flat_map(|f| &f.findings) {
        n[f.severity() as usize] += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::settle::settle;

    /// A text document (no OCR) with this text.
    pub(crate) fn doc(text: &str) -> Text {
        Text {
            kind: extract::FileKind::Txt,
            text: text.into(),
            title: None,
            notes: Vec::new(),
            ocr: None,
        }
    }

    fn kinds(text: &str, row: &CatalogueRow) -> Vec<Kind> {
        let t = doc(text);
        let s = settle("x.txt", &t, row, 2569);
        of_document(&s, row, &t)
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn a_corrected_cell_silences_the_uncertain_finding_and_a_repeated_guess_does_not() {
        let text = "รายงานผลการดำเนินงาน\n\nเมื่อ ๑ มีนาคม ๒๕๖๓ แล้ว";
        let none = CatalogueRow::default();
        assert!(kinds(text, &none).contains(&Kind::UncertainDate));
        let guessed = settle("x.txt", &doc(text), &none, 2569).facts.date;
        let repeated = CatalogueRow {
            date: guessed,
            ..CatalogueRow::default()
        };
        assert!(kinds(text, &repeated).contains(&Kind::UncertainDate));
        let corrected = CatalogueRow {
            date: chrono::NaiveDate::from_ymd_opt(2020, 2, 28),
            ..CatalogueRow::default()
        };
        let k = kinds(text, &corrected);
        assert!(!k.contains(&Kind::UncertainDate) && !k.contains(&Kind::UncertainFiscalYear));
    }

    #[test]
    fn severities_put_what_harms_citizens_first() {
        // (text, catalogue fiscal year, the kinds expected with their severity)
        let id = "1101400012349"; // a valid check digit
        type Case<'a> = (String, Option<u32>, &'a [(Kind, Severity)]);
        let cases: &[Case] = &[
            (
                format!("บัญชีรายชื่อ\nนาย ก เลขประจำตัว {id}"),
                None,
                &[(Kind::NationalId, Severity::Error)],
            ),
            (
                "ประกาศเทศบาลตำบลท่าช้าง\nติดต่อกองคลัง เทศบาลตำบลท่าช้าง โทร. 042-123-456".to_string(),
                None,
                &[],
            ),
            (
                "คำร้อง\nผู้ยื่นคำร้อง นาย ข 081-234-5678".to_string(),
                None,
                &[(Kind::Phone, Severity::Warning)],
            ),
            (
                "แผนการดำเนินงาน".to_string(),
                Some(2595),
                &[(Kind::ImpossibleYear, Severity::Error)],
            ),
        ];
        for (text, year, want) in cases {
            let row = CatalogueRow {
                fiscal_year: *year,
                ..CatalogueRow::default()
            };
            let t = doc(text);
            let s = settle("x.txt", &t, &row, 2569);
            let found = of_document(&s, &row, &t);
            for (kind, severity) in *want {
                let f = found.iter().find(|f| f.kind == *kind);
                assert_eq!(
                    f.map(Finding::severity),
                    Some(*severity),
                    "{text}: {found:?}"
                );
            }
            let personal = [Kind::Phone, Kind::Email, Kind::NationalId];
            let unwanted: Vec<_> = found
                .iter()
                .filter(|f| personal.contains(&f.kind) && !want.iter().any(|w| w.0 == f.kind))
                .collect();
            assert!(unwanted.is_empty(), "{text}: {unwanted:?}");
            assert!(
                found.windows(2).all(|w| w[0].severity() <= w[1].severity()),
                "errors first: {found:?}"
            );
        }
    }

    #[test]
    fn an_impossible_catalogue_year_is_refused_not_published() {
        let row = CatalogueRow {
            fiscal_year: Some(2595),
            ..CatalogueRow::default()
        };
        let s = settle(
            "x.txt",
            &doc("แผนการดำเนินงาน ประจำปีงบประมาณ 2566"),
            &row,
            2569,
        );
        assert_eq!(s.facts.fiscal_year, Some(2566), "the text's year, not 2595");
        assert_eq!(s.refused.len(), 1);
        assert!(
            s.refused[0].to_string().contains("2595"),
            "{}",
            s.refused[0]
        );
    }
}
