//! `khlang catalogue DOCS`: writes DOCS/catalogue.csv, one row per document with the metadata
//! read from its text, for staff to check and correct in Excel or LibreOffice.
//!
//! Staff edits are never lost: a later run keeps every row, every column (also columns khlang
//! does not know) and every non-empty cell; it only fills empty cells and appends rows for new
//! files. Rows whose file has gone stay, and are listed, because a file that was moved away for
//! a moment would otherwise take the staff's typing with it. The file is written as Excel wants
//! it to show Thai (UTF-8 with BOM, CRLF) and replaced atomically.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::cli::CatalogueArgs;
use crate::documents::catalogue::{
    self, normalize_rel_path, CatalogueRow, CATALOGUE_FILE, COLUMNS,
};
use crate::documents::settle::{settle, Settled};
use crate::documents::survey::survey;

/// A CSV table as staff keep it: their header spelling and column order, every cell as text.
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// What a run changed, for the summary.
#[derive(Default)]
struct Merge {
    added: usize,
    kept: usize,
    filled: usize,
    vanished: Vec<String>,
}

/// Runs `khlang catalogue`.
pub fn run(args: &CatalogueArgs) -> Result<ExitCode> {
    // Read (and refuse) before the long extraction, not after it.
    let path = args.read.docs.join(CATALOGUE_FILE);
    refuse_if_open(&args.read.docs)?;
    let before = read_bytes(&path)?;
    let mut table = match &before {
        Some(bytes) => {
            read_table(bytes).map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?
        }
        None => Table {
            headers: Vec::new(),
            rows: Vec::new(),
        },
    };
    // Extraction only: a row's own cells are what staff wrote and are never replaced.
    let as_of_year = metadata::thai_date::be_year(crate::documents::window::as_of(None)?);
    let found = survey(
        &args.read.docs,
        &args.read.options(),
        &args.read.cache.location(),
        |c, extracted, _row| settle(&c.rel, extracted, &CatalogueRow::default(), as_of_year),
    )?;

    // Files the walk passed over (an earlier site inside DOCS, unsupported types) get no row:
    // say which, as `check` does.
    for p in &found.skipped {
        eprintln!("skipped, no row: {p}");
    }
    let mut unreadable = Vec::new();
    let documents: Vec<(String, Option<Settled>)> = found
        .documents
        .into_iter()
        .map(|(c, result)| match result {
            Ok(settled) => (c.rel, Some(settled)),
            Err(reason) => {
                unreadable.push(format!("{}: {reason}", c.rel));
                (c.rel, None)
            }
        })
        .collect();
    let merge = merge(&mut table, &documents);
    // Staff may have saved the file from Excel while the documents were read.
    refuse_if_open(&args.read.docs)?;
    if read_bytes(&path)? != before {
        bail!(
            "{} changed while khlang was reading the documents; nothing was written, run again",
            path.display()
        );
    }
    write_atomically(&path, &render(&table)?)?;

    outln!(
        "{}: {} row(s) added, {} kept ({} empty cell(s) filled from the text)",
        path.display(),
        merge.added,
        merge.kept,
        merge.filled
    )?;
    if !merge.vanished.is_empty() {
        outln!(
            "\n{} row(s) name a file that is no longer in the folder; they were kept with your \
             values (build ignores them). Delete the rows if the files are gone for good:",
            merge.vanished.len()
        )?;
        for file in &merge.vanished {
            outln!("  {file}")?;
        }
    }
    if !unreadable.is_empty() {
        outln!(
            "\n{} file(s) could not be read; their rows have only what you typed:",
            unreadable.len()
        )?;
        for line in &unreadable {
            outln!("  {line}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// LibreOffice and Excel mark an open file with a lock file beside it. Writing then would make
/// the staff's unsaved edits overwrite ours, or ours theirs, so stop and say so.
fn refuse_if_open(docs: &Path) -> Result<()> {
    for lock in [
        format!(".~lock.{CATALOGUE_FILE}#"),
        format!("~${CATALOGUE_FILE}"),
    ] {
        if docs.join(&lock).exists() {
            bail!(
                "{} is open in a spreadsheet program ({} exists): save and close it, then run \
                 again",
                docs.join(CATALOGUE_FILE).display(),
                lock
            );
        }
    }
    Ok(())
}

/// The catalogue's bytes, `None` when there is none yet.
fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => bail!(
            "cannot read {} ({e}); if it is open in Excel, close it and run again",
            path.display()
        ),
    }
}

/// Reads an existing catalogue without interpreting its cells, so all of it can be written back.
fn read_table(bytes: &[u8]) -> Result<Table, String> {
    let text = catalogue::decode(bytes)?;
    let mut reader = catalogue::reader(&text);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    if column(&headers, "file").is_none() {
        return Err(
            "the header row has no \"file\" column; fix it or move the file away, \
                    then run again"
                .into(),
        );
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            format!("unreadable row ({e}); fix it so that no value you typed is lost")
        })?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table { headers, rows })
}

fn column(headers: &[String], name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// Adds khlang's missing columns and the rows of new documents, and fills empty cells of
/// existing rows from the text. Nothing non-empty is ever changed.
fn merge(table: &mut Table, documents: &[(String, Option<Settled>)]) -> Merge {
    let cols: Vec<usize> = COLUMNS
        .iter()
        .map(|name| {
            column(&table.headers, name).unwrap_or_else(|| {
                table.headers.push((*name).to_string());
                table.headers.len() - 1
            })
        })
        .collect();
    let width = table.headers.len();
    let file_col = cols[0];
    let by_rel: std::collections::BTreeMap<&str, Option<&Settled>> = documents
        .iter()
        .map(|(rel, s)| (rel.as_str(), s.as_ref()))
        .collect();
    let mut listed = BTreeSet::new();
    let mut merge = Merge::default();
    for row in &mut table.rows {
        row.resize(width.max(row.len()), String::new());
        let rel = normalize_rel_path(&row[file_col]);
        if rel.is_empty() {
            continue;
        }
        merge.kept += 1;
        match by_rel.get(rel.as_str()) {
            Some(settled) => {
                if let Some(settled) = settled {
                    let values = cells(&rel, settled);
                    for (col, value) in cols.iter().zip(values) {
                        if row[*col].trim().is_empty() && !value.is_empty() {
                            row[*col] = value;
                            merge.filled += 1;
                        }
                    }
                }
                listed.insert(rel);
            }
            None => merge.vanished.push(rel),
        }
    }
    for (rel, settled) in documents {
        if listed.contains(rel) {
            continue;
        }
        let mut row = vec![String::new(); width];
        let values = match settled {
            Some(s) => cells(rel, s),
            None => {
                let mut v = vec![String::new(); COLUMNS.len()];
                v[0] = rel.clone();
                v
            }
        };
        for (col, value) in cols.iter().zip(values) {
            row[*col] = value;
        }
        table.rows.push(row);
        merge.added += 1;
    }
    merge
}

/// The cells of one document in [`COLUMNS`] order, as staff read them: Thai category label,
/// ISO dates (unambiguous in every spreadsheet locale), B.E. fiscal year. The publication window
/// and `reviewed` are the staff's decisions and start empty.
fn cells(rel: &str, s: &Settled) -> Vec<String> {
    let f = &s.facts;
    let category = catalog::taxonomy::builtin()
        .get(s.category())
        .map_or_else(|| s.category().to_string(), |c| c.th.clone());
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        rel.to_string(),
        f.title.clone(),
        text(&f.agency),
        text(&f.province),
        text(&f.department),
        category,
        f.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
        f.date_text(),
        text(&f.doc_number),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// The table as Excel opens it with Thai intact: UTF-8 with BOM, CRLF line ends.
fn render(table: &Table) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    writer.write_record(&table.headers)?;
    for row in &table.rows {
        writer.write_record(row)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write the catalogue: {e}"))?;
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(body);
    Ok(bytes)
}

/// Writes `bytes` to a hidden file beside `path` and renames it over `path`, so a crash or a
/// full disk leaves either the old catalogue or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{CATALOGUE_FILE}.{}.tmp", std::process::id()));
    let written = fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", tmp.display()));
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        bail!(
            "cannot replace {} ({e}); if it is open in Excel, close it and run again — the old \
             catalogue is unchanged",
            path.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled(title: &str) -> Settled {
        let meta = metadata::DocMeta {
            title: Some(title.to_string()),
            ..Default::default()
        };
        Settled {
            extracted: meta,
            facts: catalog::Facts {
                title: title.to_string(),
                category: Some("budget".into()),
                fiscal_year: Some(2563),
                date: chrono::NaiveDate::from_ymd_opt(2020, 3, 27),
                ..catalog::Facts::default()
            },
            withheld: Vec::new(),
            refused: Vec::new(),
        }
    }

    #[test]
    fn merging_keeps_staff_cells_and_columns_and_adds_new_files() {
        let bytes = "\u{feff}file,Title,notes\r\nA.txt,แก้โดยเจ้าหน้าที่,ห้ามลบ\r\ngone.txt,,x\r\n";
        let mut table = read_table(bytes.as_bytes()).unwrap();
        let docs = vec![
            ("A.txt".to_string(), Some(settled("จากข้อความ"))),
            ("b.txt".to_string(), Some(settled("ใหม่"))),
            ("broken.pdf".to_string(), None),
        ];
        let m = merge(&mut table, &docs);
        assert_eq!((m.added, m.kept), (2, 2));
        assert_eq!(m.vanished, vec!["gone.txt"]);
        let title = column(&table.headers, "title").unwrap();
        let notes = column(&table.headers, "notes").unwrap();
        let date = column(&table.headers, "date").unwrap();
        assert_eq!(table.rows[0][title], "แก้โดยเจ้าหน้าที่");
        assert_eq!(table.rows[0][notes], "ห้ามลบ");
        assert_eq!(table.rows[0][date], "2020-03-27", "empty cells are filled");
        assert_eq!(
            table.rows[1][title], "",
            "a vanished file's row is untouched"
        );
        assert_eq!(table.rows[2][title], "ใหม่");
        assert_eq!(table.rows[3][0], "broken.pdf");
        let out = String::from_utf8(render(&table).unwrap()).unwrap();
        assert!(out.starts_with("\u{feff}file,Title,notes,agency,"));
        assert!(
            out.contains(",งบประมาณและรายงานผล,2563,2020-03-27,"),
            "{out}"
        );
        assert_eq!(out.matches("\r\n").count(), 5);
    }

    #[test]
    fn a_catalogue_that_cannot_be_read_back_is_not_rewritten() {
        assert!(read_table(b"title\nx\n").is_err());
        assert!(read_table(&[0xff, 0xfe]).is_err());
    }
}
