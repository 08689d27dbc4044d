//! What every ZIP-based office format (DOCX, XLSX, ODT, ODS) shares: the check that the bytes
//! are a ZIP package at all (an old 97–2003 file under a new name gets its own message), the
//! zip-bomb budget every unpacked byte counts against ([`Options::max_unpacked_bytes`]), and
//! the parts and relationships every reader looks up.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::sniff::{self, Sniffed};
use crate::{ExtractError, FileKind, LegacyOffice, Options};

pub(crate) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens `bytes` as the package of a `kind` file, refusing it before anything is unpacked when
/// it is no ZIP package, or when its parts declare more than the budget in all.
pub(crate) fn open<'a>(
    kind: FileKind,
    bytes: &'a [u8],
    opts: &Options,
) -> Result<(Archive<'a>, Budget), ExtractError> {
    match sniff::sniff(bytes) {
        Some(Sniffed::Zip) => {}
        Some(Sniffed::Ole) if sniff::ole_is_encrypted_package(bytes) => {
            return Err(ExtractError::Encrypted { kind })
        }
        Some(Sniffed::Ole) => {
            let app = sniff::ole_app(bytes).unwrap_or(match kind {
                FileKind::Xlsx | FileKind::Ods => LegacyOffice::Excel,
                _ => LegacyOffice::Word,
            });
            return Err(ExtractError::LegacyOffice(app));
        }
        Some(s) => {
            let (actual, advice) = sniff::describe(s);
            return Err(ExtractError::WrongType {
                ext: kind.extension(),
                actual,
                advice,
            });
        }
        None => {
            return Err(ExtractError::damaged(
                kind,
                format!(
                    "it is not a ZIP package (every {kind} is one); the file is damaged or not \
                     a {kind}"
                ),
            ))
        }
    }
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(kind, "the ZIP directory", e))?;
    let limit = opts.max_unpacked_bytes;
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| zip_error(kind, "the ZIP directory", e))?;
        declared = declared.saturating_add(f.size());
    }
    if declared > limit {
        return Err(ExtractError::ZipBomb { kind, limit });
    }
    Ok((zip, Budget::new(kind, limit)))
}

/// What may still be unpacked (or written as text) before the file counts as a zip bomb.
pub(crate) struct Budget {
    pub(crate) kind: FileKind,
    left: u64,
    limit: u64,
}

impl Budget {
    pub(crate) fn new(kind: FileKind, limit: u64) -> Budget {
        Budget {
            kind,
            left: limit,
            limit,
        }
    }

    pub(crate) fn bomb(&self) -> ExtractError {
        ExtractError::ZipBomb {
            kind: self.kind,
            limit: self.limit,
        }
    }

    /// Counts `n` more bytes; the zip-bomb error once the budget is spent.
    pub(crate) fn spend(&mut self, n: usize) -> Result<(), ExtractError> {
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(self.bomb()),
        }
    }
}

pub(crate) fn zip_error(kind: FileKind, what: &str, e: ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
            ExtractError::Encrypted { kind }
        }
        ZipError::InvalidPassword => ExtractError::Encrypted { kind },
        e => ExtractError::damaged(kind, format!("{what}: {e}")),
    }
}

/// Unpacks one part, counting its bytes against the budget. `None` if there is no such part.
pub(crate) fn read_part(
    zip: &mut Archive<'_>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let kind = budget.kind;
    let name = name.trim_start_matches('/');
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(kind, name, e)),
    };
    let mut out = Vec::with_capacity(file.size().min(budget.left).min(64 << 20) as usize);
    file.take(budget.left.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::damaged(kind, format!("{name}: {e}")))?;
    budget.spend(out.len())?;
    Ok(Some(out))
}

/// Parses the part `name` with `parse` while it is unpacked, never holding it whole: a bomb
/// that lies about its size is stopped by the budget after at most its limit of XML. `None`
/// if there is no such part.
pub(crate) fn stream_part<T>(
    zip: &mut Archive<'_>,
    name: &str,
    budget: &mut Budget,
    parse: impl FnOnce(&mut dyn BufRead) -> Result<T, String>,
) -> Result<Option<T>, ExtractError> {
    let kind = budget.kind;
    let file = match zip.by_name(name.trim_start_matches('/')) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(kind, name, e)),
    };
    let mut counted = Counted {
        inner: file,
        left: budget.left,
        over: false,
    };
    let parsed = parse(&mut BufReader::new(&mut counted));
    if counted.over {
        return Err(budget.bomb());
    }
    budget.left = counted.left;
    parsed
        .map(Some)
        .map_err(|e| ExtractError::damaged(kind, format!("{name}: {e}")))
}

/// Unpacks every part without keeping it, so that a reader which unpacks parts itself
/// (calamine) is only handed a package whose parts really fit the budget, whatever their
/// headers claim.
pub(crate) fn unpack_all(zip: &mut Archive<'_>, budget: &mut Budget) -> Result<(), ExtractError> {
    for i in 0..zip.len() {
        let name = zip.name_for_index(i).unwrap_or_default().to_string();
        let file = zip
            .by_index(i)
            .map_err(|e| zip_error(budget.kind, &name, e))?;
        let mut counted = Counted {
            inner: file,
            left: budget.left,
            over: false,
        };
        let copied = std::io::copy(&mut counted, &mut std::io::sink());
        if counted.over {
            return Err(budget.bomb());
        }
        copied.map_err(|e| ExtractError::damaged(budget.kind, format!("{name}: {e}")))?;
        budget.left = counted.left;
    }
    Ok(())
}

/// A reader that fails once more than `left` bytes have come through it.
struct Counted<R> {
    inner: R,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => {
                self.over = true;
                Err(std::io::Error::other("unpacked size over the limit"))
            }
        }
    }
}

/// Whether `main`, the part a package's relationships name as its document, is another
/// format's (an XLSX's workbook in a file named .docx); `own` is this format's folder.
pub(crate) fn foreign_main(main: &str, own: &str) -> bool {
    ["word/", "xl/", "ppt/"]
        .iter()
        .any(|dir| *dir != own && main.starts_with(dir))
}

/// The refusal for a package that lacks `expected`'s main part: what it really is, when that
/// can be told, else damaged.
pub(crate) fn not_a(zip: &Archive<'_>, expected: FileKind, main: &str) -> ExtractError {
    let has = |n: &str| zip.file_names().any(|f| f == n);
    let (actual, advice) = if has("word/document.xml") {
        ("a Word document (DOCX)", "rename it to .docx")
    } else if has("xl/workbook.xml") {
        ("an Excel workbook (XLSX)", "rename it to .xlsx")
    } else if has("ppt/presentation.xml") {
        (
            "a PowerPoint presentation (PPTX)",
            "export it to PDF and publish that",
        )
    } else if has("content.xml") && has("mimetype") {
        (
            "an OpenDocument file (ODT/ODS/ODP)",
            "give it its real extension (.odt or .ods), or export it to PDF",
        )
    } else {
        return ExtractError::damaged(expected, format!("it has no main part ({main})"));
    };
    ExtractError::WrongType {
        ext: expected.extension(),
        actual,
        advice,
    }
}

pub(crate) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

pub(crate) fn text_of(t: &BytesText<'_>) -> String {
    match t.unescape() {
        Ok(s) => s.into_owned(),
        // An unknown entity: keep the raw text rather than lose the run.
        Err(_) => String::from_utf8_lossy(t.as_ref()).into_owned(),
    }
}

/// The text of the first `title` element: dc:title in docProps/core.xml (OOXML) and in
/// meta.xml (OpenDocument) alike.
pub(crate) fn title_element(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"title" => in_title = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"title" => return Some(title),
            Ok(Event::Text(t)) if in_title => title.push_str(&text_of(&t)),
            Ok(Event::CData(t)) if in_title => title.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The Target of the first relationship whose Type ends with `type_suffix`.
pub(crate) fn relationship_target(rels: &[u8], type_suffix: &str) -> Option<String> {
    let mut reader = Reader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                let ty = attr(&e, b"Type")?;
                if ty.ends_with(type_suffix) {
                    let target = attr(&e, b"Target")?;
                    return Some(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}
