//! `catalogue.csv`: metadata the staff keep in Excel or LibreOffice, one row per document.
//!
//! Columns: [`COLUMNS`], all but `file` optional and in any order; other columns are the staff's
//! own and are ignored (and kept by `khlang catalogue`). Excel saves UTF-8 with a BOM and CRLF line ends,
//! staff write paths with `\` and dates either ISO (2020-03-27) or Thai style (27/3/2563).
//! A row that cannot be used is reported and skipped; the document is still built from what its
//! text says.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// File name of the catalogue inside the documents folder.
pub const CATALOGUE_FILE: &str = "catalogue.csv";

/// The columns khlang reads, in the order `khlang catalogue` writes them.
pub const COLUMNS: [&str; 12] = [
    "file",
    "title",
    "agency",
    "province",
    "department",
    "category",
    "fiscal_year",
    "date",
    "doc_number",
    "publish_from",
    "publish_until",
    "reviewed",
];

/// Staff-entered metadata for one document. `None` means the cell was empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogueRow {
    pub title: Option<String>,
    pub category: Option<String>,
    /// ปีงบประมาณ, B.E.
    pub fiscal_year: Option<u32>,
    pub department: Option<String>,
    pub agency: Option<String>,
    /// จังหวัด (province), as staff wrote it; [`crate::province::parse`] reads it.
    pub province: Option<String>,
    pub date: Option<NaiveDate>,
    /// เลขที่หนังสือ, e.g. "12/2563".
    pub doc_number: Option<String>,
    pub publish_from: Option<NaiveDate>,
    pub publish_until: Option<NaiveDate>,
    /// Staff checked the document for personal data and publish it anyway.
    pub reviewed: bool,
}

impl CatalogueRow {
    /// A row with every cell empty: what a document without a row is settled against.
    pub const EMPTY: CatalogueRow = CatalogueRow {
        title: None,
        category: None,
        fiscal_year: None,
        department: None,
        agency: None,
        province: None,
        date: None,
        doc_number: None,
        publish_from: None,
        publish_until: None,
        reviewed: false,
    };
}

/// A problem with one row (line number is 1-based, as a spreadsheet shows it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub file: String,
    pub reason: String,
}

/// The usable rows, keyed by normalized relative path, and the rejected ones.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub rows: BTreeMap<String, CatalogueRow>,
    pub problems: Vec<RowProblem>,
}

/// Normalizes a path as written in the catalogue or found on disk: NFC, '/' separators, no "./".
pub fn normalize_rel_path(path: &str) -> String {
    let path: String = path.trim().nfc().collect();
    let path = path.replace('\\', "/");
    path.trim_start_matches("./")
        .trim_start_matches('/')
        .to_string()
}

/// The catalogue's text without BOM and with LF line ends, or why it cannot be read.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "not UTF-8: save it from Excel as \"CSV UTF-8 (Comma delimited)\"".to_string()
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Excel ends lines with CRLF, for which the csv crate reports record lines one short.
    Ok(text.replace("\r\n", "\n"))
}

/// A CSV reader over decoded catalogue text, as staff files need it (ragged rows, spaces).
pub fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// Parses catalogue text (the file's bytes; a UTF-8 BOM is allowed).
pub fn parse(bytes: &[u8]) -> Result<Catalogue, String> {
    let text = decode(bytes)?;
    let mut reader = reader(&text);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let file_col = col("file").ok_or("the header row has no \"file\" column")?;
    let cols = Columns {
        title: col("title"),
        category: col("category"),
        fiscal_year: col("fiscal_year"),
        department: col("department"),
        agency: col("agency"),
        province: col("province"),
        date: col("date"),
        doc_number: col("doc_number"),
        publish_from: col("publish_from"),
        publish_until: col("publish_until"),
        reviewed: col("reviewed"),
    };
    let mut catalogue = Catalogue::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                catalogue.problems.push(RowProblem {
                    line,
                    file: String::new(),
                    reason: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let Some(file) = record
            .get(file_col)
            .map(normalize_rel_path)
            .filter(|f| !f.is_empty())
        else {
            continue; // blank lines and rows without a file name are not rows
        };
        match cols.row(&record) {
            Ok(row) => {
                catalogue.rows.insert(file, row);
            }
            Err(reason) => catalogue.problems.push(RowProblem { line, file, reason }),
        }
    }
    Ok(catalogue)
}

struct Columns {
    title: Option<usize>,
    category: Option<usize>,
    fiscal_year: Option<usize>,
    department: Option<usize>,
    agency: Option<usize>,
    province: Option<usize>,
    date: Option<usize>,
    doc_number: Option<usize>,
    publish_from: Option<usize>,
    publish_until: Option<usize>,
    reviewed: Option<usize>,
}

impl Columns {
    fn row(&self, record: &csv::StringRecord) -> Result<CatalogueRow, String> {
        let cell = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(|v| v.nfc().collect::<String>())
                .filter(|v| !v.trim().is_empty())
        };
        let date = |name: &str, col: Option<usize>| -> Result<Option<NaiveDate>, String> {
            cell(col)
                .map(|v| {
                    parse_date(&v).ok_or_else(|| {
                        format!("bad {name} {v:?}: write it as 2020-03-27 or 27/3/2563")
                    })
                })
                .transpose()
        };
        let fiscal_year = cell(self.fiscal_year)
            .map(|v| {
                parse_fiscal_year(&v).ok_or_else(|| {
                    format!("bad fiscal_year {v:?}: write the Buddhist-era year, e.g. 2563")
                })
            })
            .transpose()?;
        Ok(CatalogueRow {
            title: cell(self.title),
            category: cell(self.category),
            fiscal_year,
            department: cell(self.department),
            agency: cell(self.agency),
            province: cell(self.province)
                .map(|v| {
                    crate::province::parse(&v)
                        .map(str::to_string)
                        .ok_or_else(|| {
                            format!(
                                "bad province {v:?}: write the province's Thai name, e.g. นครนายก"
                            )
                        })
                })
                .transpose()?,
            date: date("date", self.date)?,
            doc_number: cell(self.doc_number),
            publish_from: date("publish_from", self.publish_from)?,
            publish_until: date("publish_until", self.publish_until)?,
            reviewed: cell(self.reviewed).is_some_and(|v| is_yes(&v)),
        })
    }
}

/// A "yes" as staff write it in a spreadsheet cell.
fn is_yes(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "x" | "ใช่" | "ตรวจแล้ว"
    )
}

/// A fiscal year (ปีงบประมาณ) as B.E.: "2563", "๒๕๖๓", or a C.E. year (2020 → 2563).
pub fn parse_fiscal_year(value: &str) -> Option<u32> {
    let value = thai::to_arabic_digits(value.trim());
    let value = value.trim_start_matches("พ.ศ.").trim();
    let year: u32 = value.parse().ok()?;
    match year {
        2400..=2700 => Some(year),
        1900..=2157 => Some(year + thai::BE_OFFSET as u32),
        _ => None,
    }
}

/// A date as ISO (2020-03-27), or day/month/year with a B.E. or C.E. year (27/3/2563, 27-03-2020).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = thai::to_arabic_digits(value.trim());
    let parts: Vec<&str> = value.split(['-', '/', '.']).map(str::trim).collect();
    if parts.len() != 3 {
        return None;
    }
    let nums: Vec<i32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else {
        (nums[2], nums[1], nums[0])
    };
    let y = if y > 2400 { y - thai::BE_OFFSET } else { y };
    if !(1900..=2157).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_dates_staff_write() {
        let cases = [
            ("2020-03-27", Some(d(2020, 3, 27))),
            ("27/3/2563", Some(d(2020, 3, 27))),
            ("๒๗/๐๓/๒๕๖๓", Some(d(2020, 3, 27))),
            ("27-03-2020", Some(d(2020, 3, 27))),
            ("2563-03-27", Some(d(2020, 3, 27))),
            ("31/02/2563", None),
            ("yesterday", None),
            ("27/3", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want, "{input}");
        }
    }

    #[test]
    fn parses_fiscal_years() {
        let cases = [
            ("2563", Some(2563)),
            ("๒๕๖๓", Some(2563)),
            ("พ.ศ. 2563", Some(2563)),
            ("2020", Some(2563)),
            ("63", None),
            ("abc", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_fiscal_year(input), want, "{input}");
        }
    }

    #[test]
    fn reads_an_excel_csv() {
        let csv = "\u{feff}file,title,fiscal_year,date,department,reviewed\r\n\
                   plans\\แผน.pdf,แผนพัฒนา,2563,27/3/2563,กองคลัง,ใช่\r\n\
                   bad.pdf,,25x3,,\r\n\
                   ,,,,\r\n\
                   ok.txt,,,,\r\n";
        let cat = parse(csv.as_bytes()).unwrap();
        let row = &cat.rows["plans/แผน.pdf"];
        assert_eq!(row.title.as_deref(), Some("แผนพัฒนา"));
        assert_eq!(row.fiscal_year, Some(2563));
        assert_eq!(row.date, Some(d(2020, 3, 27)));
        assert_eq!(row.department.as_deref(), Some("กองคลัง"));
        assert!(row.reviewed);
        assert_eq!(cat.rows["ok.txt"], CatalogueRow::default());
        assert_eq!(cat.problems.len(), 1);
        assert_eq!(cat.problems[0].file, "bad.pdf");
        assert_eq!(cat.problems[0].line, 3);
        assert!(cat.problems[0].reason.contains("fiscal_year"));
    }

    #[test]
    fn rejects_a_catalogue_without_file_column() {
        assert!(parse(b"title,date\nx,2020-01-01\n").is_err());
        assert!(parse(&[0xff, 0xfe, 0x00]).is_err());
    }
}
