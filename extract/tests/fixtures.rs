//! Table-driven tests over the committed fixtures (see tests/fixtures/README.md for how each
//! file was made), plus runtime-generated bad inputs (zip bomb, misnamed files, fuzzed PDFs).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use extract::{extract_bytes, extract_file, ExtractError, Extracted, FileKind, Note, Options};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const TITLE_THAI: &str =
    "ประกาศเทศบาลตำบลบึงสำโรง เรื่อง แนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน";

/// Thai phrases of the source text (sample 002) that every TXT fixture must contain.
const TXT_PHRASES: &[&str] = &[
    "ประกาศเทศบาลตำบลบึงสำโรง\nเรื่อง แนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน\n",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๓",
    "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐ มาตรา ๙",
    "(Government Website Standard)",
];

struct Case {
    file: &'static str,
    kind: FileKind,
    encoding: Option<&'static str>,
    title: Option<&'static str>,
    /// Must appear in the text, exactly.
    phrases: &'static [&'static str],
    /// Must not appear in the text.
    absent: &'static [&'static str],
    /// Exactly these notes.
    notes: &'static [Note],
}

const CASES: &[Case] = &[
    Case {
        file: "thai.docx",
        kind: FileKind::Docx,
        encoding: None,
        title: Some(TITLE_THAI),
        phrases: &[
            "ประกาศเทศบาลตำบลบึงสำโรง\nเรื่อง แนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน\n",
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๓",
            "พ.ศ. ๒๕๔๐ มาตรา ๙ กำหนดให้หน่วยงานของรัฐ",
            "(Government Website Standard)",
            "\n๑.\tผู้รับผิดชอบในการเผยแพร่ข้อมูล\n",
            "งบประมาณ ๑,๒๕๐,๐๐๐ บาท (1,250,000 บาท) Integrity and Transparency Assessment (ITA)",
            "\nหมวดหมู่ของข้อมูล\tรายละเอียดข้อมูล\nข้อมูลจัดซื้อจัดจ้าง\tแผนการจัดซื้อจัดจ้างประจำปี ๒๕๖๓\n",
            "ประกาศ ณ วันที่ ๒๑ เดือนสิงหาคม พ.ศ. ๒๕๖๓\nนายกเทศมนตรีตำบลบึงสำโรง",
        ],
        absent: &["\r", "\n\n"],
        notes: &[],
    },
    Case {
        file: "thai.pdf",
        kind: FileKind::Pdf,
        encoding: None,
        title: Some(TITLE_THAI),
        phrases: &[
            "ประกาศเทศบาลตำบลบึงสำโรง\nเรื่อง แนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน\n",
            // No space inside words around Thai marks, ำ not doubled (ActualText).
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๓",
            "พ.ศ. ๒๕๔๐ มาตรา ๙ กำหนด",
            "ถ้วนเป็นปัจจุบัน นั้น",
            "๑. ผู้รับผิดชอบในการเผยแพร่ข้อมูล",
            "งบประมาณ ๑,๒๕๐,๐๐๐ บาท (1,250,000 บาท) Integrity and",
            "แผนการจัดซื้อจัดจ้างประจำปี ๒๕๖๓",
            "ประกาศ ณ วันที่ ๒๑ เดือนสิงหาคม พ.ศ. ๒๕๖๓\nนายกเทศมนตรีตำบลบึงสำโรง",
        ],
        absent: &["\u{0E33}\u{0E32}", "\r", "\n\n"],
        notes: &[],
    },
    Case {
        // Only print/copy restrictions (owner password): readable without a password.
        file: "restricted.pdf",
        kind: FileKind::Pdf,
        encoding: None,
        title: Some(TITLE_THAI),
        phrases: &["ประกาศเทศบาลตำบลบึงสำโรง", "พ.ศ. ๒๕๔๐ มาตรา ๙"],
        absent: &[],
        notes: &[],
    },
    Case {
        // Private-Use-Area glyphs (U+F70A/U+F70B = low mai ek/tho) come out as the marks they
        // draw, in typing order.
        file: "thai-pua.pdf",
        kind: FileKind::Pdf,
        encoding: None,
        title: None,
        phrases: &[
            "ผู้บริหารท้องถิ่น ป่ายประกาศ",
            "เจ่าหน่าที่",
            "๒๕๖๓",
            "ประกาศองค์การบริหารส่วนตำบลโคกทราย",
        ],
        absent: &[],
        notes: &[],
    },
    Case {
        file: "tis620.txt",
        kind: FileKind::Txt,
        encoding: Some("windows-874"),
        title: None,
        phrases: TXT_PHRASES,
        absent: &["\r", "\u{FFFD}"],
        notes: &[],
    },
    Case {
        file: "utf8-bom.txt",
        kind: FileKind::Txt,
        encoding: Some("UTF-8"),
        title: None,
        phrases: TXT_PHRASES,
        absent: &["\r", "\u{FEFF}"],
        notes: &[],
    },
    Case {
        file: "utf8.txt",
        kind: FileKind::Txt,
        encoding: Some("UTF-8"),
        title: None,
        phrases: TXT_PHRASES,
        absent: &["\r"],
        notes: &[],
    },
    Case {
        file: "utf16le.txt",
        kind: FileKind::Txt,
        encoding: Some("UTF-16LE"),
        title: None,
        phrases: TXT_PHRASES,
        absent: &["\r", "\u{FEFF}"],
        notes: &[],
    },
    Case {
        file: "utf16be.txt",
        kind: FileKind::Txt,
        encoding: Some("UTF-16BE"),
        title: None,
        phrases: TXT_PHRASES,
        absent: &["\u{FEFF}"],
        notes: &[],
    },
    Case {
        file: "page.html",
        kind: FileKind::Html,
        encoding: Some("UTF-8"),
        title: Some("ประกาศ & มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"),
        phrases: &[
            "ประกาศองค์การบริหารส่วนตำบลโคกทราย\nเรื่อง มาตรการเผยแพร่ข้อมูลต่อสาธารณะ\n",
            "งบประมาณ\u{A0}๑๐๐,๐๐๐\u{A0}บาท <ร่าง> ได้รับ \"อนุมัติ\"\n",
            "\nข้อ ๑ สำนักปลัด\nข้อ ๒ กองคลัง\n",
            "\nหมวดหมู่ของข้อมูล\tรายละเอียดข้อมูล\n",
            "ประกาศ ณ วันที่ ๓ ตุลาคม พ.ศ. ๒๕๖๓\nปลัดองค์การบริหารส่วนตำบล",
        ],
        absent: &[
            "ไม่ควรเห็น",
            "font-family",
            "JavaScript",
            "var hidden",
            "&amp;",
            "&nbsp;",
            "&#",
        ],
        notes: &[],
    },
    Case {
        file: "win874.htm",
        kind: FileKind::Html,
        encoding: Some("windows-874"),
        title: Some("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๔"),
        phrases: &["เทศบาลตำบลนาแซง\nแผนการจัดซื้อจัดจ้างประจำปี วงเงิน ๕๐๐,๐๐๐ บาท"],
        absent: &["\u{FFFD}", "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ"],
        notes: &[],
    },
    Case {
        file: "nocharset.html",
        kind: FileKind::Html,
        encoding: Some("windows-874"),
        title: None,
        phrases: &["ประกาศเทศบาลตำบลนาแซง\nเรื่อง มาตรการในการเผยแพร่ข้อมูล"],
        absent: &["\u{FFFD}"],
        notes: &[],
    },
];

fn check(case: &Case, x: &Extracted) {
    let f = case.file;
    assert_eq!(x.kind, case.kind, "{f}: kind");
    assert_eq!(x.encoding, case.encoding, "{f}: encoding");
    assert_eq!(x.title.as_deref(), case.title, "{f}: title");
    let text = &x.text;
    for p in case.phrases {
        assert!(text.contains(p), "{f}: missing {p:?} in:\n{}", x.text);
    }
    for a in case.absent {
        assert!(!x.text.contains(a), "{f}: unexpected {a:?} in:\n{}", x.text);
    }
    assert_eq!(x.notes, case.notes, "{f}: notes");
}

#[test]
fn good_fixtures() {
    let opts = Options::default();
    for case in CASES {
        let x = extract_file(&fixture(case.file), &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", case.file));
        check(case, &x);
        // extract_bytes gives the same result.
        let bytes = std::fs::read(fixture(case.file)).unwrap();
        assert_eq!(
            extract_bytes(case.kind, &bytes, &opts).unwrap(),
            x,
            "{}: extract_bytes",
            case.file
        );
    }
}

/// Expected failure, and words its message must contain (what is wrong + what to do).
fn expect_err(r: Result<Extracted, ExtractError>, what: &str, words: &[&str]) -> ExtractError {
    let e = match r {
        Ok(x) => panic!("{what}: expected an error, got {:?}", x),
        Err(e) => e,
    };
    let msg = e.to_string();
    for w in words {
        assert!(msg.contains(w), "{what}: message {msg:?} lacks {w:?}");
    }
    e
}

#[test]
fn bad_fixtures() {
    let opts = Options::default();
    let cases: &[(&str, &[&str])] = &[
        ("corrupt.pdf", &["damaged PDF", "re-export"]),
        (
            "password.pdf",
            &["password-protected PDF", "unprotected copy"],
        ),
        (
            "empty.txt",
            &["the file is empty (0 bytes)", "remove it or replace it"],
        ),
        ("blank.txt", &["only blank space", "replace it"]),
        (
            "binary.txt",
            &["not a text file: it looks binary (NUL bytes) though named .txt"],
        ),
        (
            "budget.xlsx",
            &[
                "damaged XLSX: the ZIP directory",
                "open it in Excel or LibreOffice Calc",
            ],
        ),
    ];
    for (file, words) in cases {
        expect_err(extract_file(&fixture(file), &opts), file, words);
    }
    assert!(matches!(
        extract_file(&fixture("corrupt.pdf"), &opts),
        Err(ExtractError::DamagedPdf(_))
    ));
    assert!(matches!(
        extract_file(&fixture("password.pdf"), &opts),
        Err(ExtractError::Encrypted {
            kind: FileKind::Pdf
        })
    ));
    assert!(matches!(
        extract_file(&fixture("empty.txt"), &opts),
        Err(ExtractError::Empty)
    ));
    assert!(matches!(
        extract_file(&fixture("binary.txt"), &opts),
        Err(ExtractError::Binary { .. })
    ));
}

fn tesseract_with_thai() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| {
            let all = [o.stdout, o.stderr].concat();
            String::from_utf8_lossy(&all)
                .lines()
                .any(|l| l.trim() == "tha")
        })
        .unwrap_or(false)
        && Command::new("pdftoppm").arg("-v").output().is_ok()
}

#[test]
fn scanned_pdf() {
    let ocr_available = tesseract_with_thai();
    let x = extract_file(&fixture("scanned.pdf"), &Options::default()).unwrap();
    assert_eq!(x.kind, FileKind::Pdf);
    assert_eq!(x.title, None);
    if ocr_available {
        assert_eq!(x.notes, vec![Note::OcrUsed], "text: {}", x.text);
        // OCR is imperfect (it drops some marks, writes ำ as ํ+า): check robust phrases only.
        for p in ["ประกาศองค์การบริหารส่วน", "โคกทราย", "สาธารณะ", "ตุลาคม"]
        {
            assert!(x.text.contains(p), "OCR text lacks {p:?}:\n{}", x.text);
        }
    } else {
        eprintln!("tesseract with Thai data not found: checking the no-OCR path only");
        // tesseract installed without Thai data adds an OcrFailed note saying so.
        assert_eq!(
            x.notes.last(),
            Some(&Note::ScannedNotSearchable),
            "{:?}",
            x.notes
        );
        assert!(x.notes[..x.notes.len() - 1]
            .iter()
            .all(|n| matches!(n, Note::OcrFailed { .. })));
        assert_eq!(x.text, "");
    }
    // Without OCR it is always "scanned, not searchable", still Ok.
    let x = extract_file(
        &fixture("scanned.pdf"),
        &Options {
            ocr: false,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(x.notes, vec![Note::ScannedNotSearchable]);
    assert_eq!(x.text, "");
}

#[test]
fn mixed_pdf_text_page_and_scanned_pages() {
    let x = extract_file(
        &fixture("mixed.pdf"),
        &Options {
            ocr: false,
            ..Options::default()
        },
    )
    .unwrap();
    assert!(
        x.text
            .starts_with("ประกาศเทศบาลตำบลบึงสำโรง\nเรื่อง แนวทางการเผยแพร่"),
        "{}",
        x.text
    );
    assert_eq!(
        x.notes,
        vec![Note::LowText {
            empty_pages: 3,
            pages: 4
        }]
    );
    assert_eq!(x.ocr, None, "OCR off: no OCR quality");
    if tesseract_with_thai() {
        let x = extract_file(&fixture("mixed.pdf"), &Options::default()).unwrap();
        assert_eq!(x.notes, vec![Note::OcrUsed]);
        assert!(
            x.text.starts_with("ประกาศเทศบาลตำบลบึงสำโรง\n"),
            "{}",
            x.text
        );
        assert_eq!(x.text.matches("โคกทราย").count(), 3, "{}", x.text);
        // The three scanned pages were OCR'd; the text page was not.
        let q = x.ocr.expect("OCR quality");
        assert_eq!(q.pages, 3);
        // Where each OCR'd page is: after the text page, each one holding the scan's words.
        assert_eq!(q.read.len(), 3);
        assert!(x.text[..q.read[0].start].starts_with("ประกาศเทศบาลตำบลบึงสำโรง"));
        for r in &q.read {
            assert!(x.text[r.clone()].contains("โคกทราย"), "{r:?}");
        }
        assert!((50..=100).contains(&q.confidence), "{q:?}");
        for d in &q.doubtful {
            let word = x.text.get(d.clone()).unwrap_or_default();
            assert!(
                word.chars()
                    .any(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)),
                "{word:?}"
            );
        }
    }
}

/// A DOCX whose document.xml is `mb` MB of repeated paragraphs: small compressed, big expanded.
fn bomb_docx(mb: usize) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", o).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        zip.start_file("word/document.xml", o).unwrap();
        zip.write_all(b"<w:document xmlns:w=\"w\"><w:body>")
            .unwrap();
        let para = "<w:p><w:r><w:t>ระเบิด</w:t></w:r></w:p>".repeat(1000);
        let mut written = 0;
        while written < mb << 20 {
            zip.write_all(para.as_bytes()).unwrap();
            written += para.len();
        }
        zip.write_all(b"</w:body></w:document>").unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn zip_bomb_docx() {
    let bomb = bomb_docx(24);
    assert!(bomb.len() < 1 << 20, "compressed {} bytes", bomb.len());
    let opts = Options {
        max_unpacked_bytes: 16 << 20,
        ..Options::default()
    };
    let e = expect_err(
        extract_bytes(FileKind::Docx, &bomb, &opts),
        "bomb",
        &["DOCX expands to more than", "zip bomb?"],
    );
    assert!(matches!(e, ExtractError::ZipBomb { .. }));

    // Lying sizes: the central directory and local header claim 100 bytes; the streaming
    // budget must still stop it (as a bomb, or as damaged when the CRC/size check fires first).
    let mut lying = bomb.clone();
    let name = b"word/document.xml";
    let mut i = 0;
    while let Some(p) = find(&lying[i..], name) {
        let at = i + p;
        // Local header (PK\3\4): name at +30, uncompressed size at +22. Central (PK\1\2): name
        // at +46, size at +24.
        if at >= 30 && lying[at - 30..at - 26] == *b"PK\x03\x04" {
            lying[at - 30 + 22..at - 30 + 26].copy_from_slice(&100u32.to_le_bytes());
        } else if at >= 46 && lying[at - 46..at - 42] == *b"PK\x01\x02" {
            lying[at - 46 + 24..at - 46 + 28].copy_from_slice(&100u32.to_le_bytes());
        }
        i = at + name.len();
    }
    let start = Instant::now();
    let r = extract_bytes(FileKind::Docx, &lying, &opts);
    assert!(
        matches!(
            r,
            Err(ExtractError::ZipBomb { .. }) | Err(ExtractError::Damaged { .. })
        ),
        "{r:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(30));

    // The same document under the limit is fine.
    let small = bomb_docx(1);
    let x = extract_bytes(FileKind::Docx, &small, &opts).unwrap();
    assert!(x.text.starts_with("ระเบิด\nระเบิด\n"));
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn misnamed_and_damaged_inputs() {
    let opts = Options::default();
    let html_error_page = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>";
    expect_err(
        extract_bytes(FileKind::Pdf, html_error_page, &opts),
        "html as pdf",
        &["not a real .pdf file", "HTML page"],
    );
    let ole = [
        &[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
        &[0u8; 504][..],
    ]
    .concat();
    expect_err(
        extract_bytes(FileKind::Docx, &ole, &opts),
        "doc as docx",
        &["old Word 97–2003 file", "save it as DOCX", "ไฟล์ Word รุ่นเก่า"],
    );
    let mut encrypted = ole.clone();
    encrypted.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let e = expect_err(
        extract_bytes(FileKind::Docx, &encrypted, &opts),
        "encrypted docx",
        &["password-protected DOCX"],
    );
    assert!(matches!(
        e,
        ExtractError::Encrypted {
            kind: FileKind::Docx
        }
    ));
    let pdf = std::fs::read(fixture("thai.pdf")).unwrap();
    expect_err(
        extract_bytes(FileKind::Txt, &pdf, &opts),
        "pdf as txt",
        &["it is a PDF", "rename it to .pdf"],
    );
    expect_err(
        extract_bytes(FileKind::Docx, &pdf, &opts),
        "pdf as docx",
        &["it is a PDF"],
    );
    let docx = std::fs::read(fixture("thai.docx")).unwrap();
    expect_err(
        extract_bytes(FileKind::Docx, &docx[..docx.len() / 2], &opts),
        "truncated docx",
        &["damaged DOCX", "save it again"],
    );
    expect_err(
        extract_bytes(FileKind::Docx, b"just some text", &opts),
        "text as docx",
        &["damaged DOCX", "not a ZIP"],
    );
    expect_err(
        extract_bytes(FileKind::Pdf, b"%PDF-1.7\n%garbage\n", &opts),
        "garbage pdf",
        &["damaged PDF"],
    );
    // An XLSX renamed .docx.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"<workbook/>").unwrap();
        zip.finish().unwrap();
    }
    expect_err(
        extract_bytes(FileKind::Docx, &buf.into_inner(), &opts),
        "xlsx as docx",
        &["Excel workbook", "rename it to .xlsx"],
    );
}

#[test]
fn limits_and_io() {
    let tiny = Options {
        max_file_bytes: 1000,
        ..Options::default()
    };
    expect_err(
        extract_file(&fixture("thai.pdf"), &tiny),
        "too large",
        &["too large", "exceeds the", "(--max-file-size)"],
    );
    // MB = 2^20 bytes, as `khlang build --max-file-size` counts them.
    assert_eq!(Options::default().max_file_bytes, 200 << 20);
    let e = ExtractError::TooLarge {
        size: 250 << 20,
        limit: Options::default().max_file_bytes,
    };
    assert_eq!(
        e.to_string(),
        "too large: 250 MB exceeds the 200 MB limit (--max-file-size)"
    );

    let zero = Options {
        pdf_timeout: Duration::ZERO,
        ..Options::default()
    };
    let e = expect_err(
        extract_file(&fixture("thai.pdf"), &zero),
        "timeout",
        &["PDF extraction took longer than 0 s"],
    );
    assert!(matches!(e, ExtractError::PdfTimeout(_)));

    let e = expect_err(
        extract_file(&fixture("no-such-file.pdf"), &Options::default()),
        "missing",
        &["cannot read: file not found"],
    );
    assert!(matches!(e, ExtractError::Io(_)));
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.pdf");
    std::fs::create_dir(&folder).unwrap();
    expect_err(
        extract_file(&folder, &Options::default()),
        "dir",
        &["cannot read", "folder"],
    );
    expect_err(
        extract_file(Path::new("README"), &Options::default()),
        "no ext",
        &["unsupported file type (no extension)"],
    );

    // Permission denied (meaningless as root, who may read anything).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked.txt");
        std::fs::write(&locked, "ข้อความ").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_err() {
            expect_err(
                extract_file(&locked, &Options::default()),
                "locked",
                &["cannot read: permission denied"],
            );
        }
    }
}

#[test]
fn uppercase_extension_and_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ANNOUNCEMENT.HTM");
    std::fs::copy(fixture("win874.htm"), &p).unwrap();
    assert_eq!(
        extract_file(&p, &Options::default()).unwrap().kind,
        FileKind::Html
    );
    assert_eq!(
        FileKind::from_path(Path::new("x.DocX")),
        Some(FileKind::Docx)
    );
    assert_eq!(FileKind::Txt.label(), "TXT");
}

/// Never a panic: truncations and byte flips of a real PDF end in Ok or Err.
#[test]
fn damaged_pdfs_never_panic() {
    let pdf = std::fs::read(fixture("thai.pdf")).unwrap();
    let opts = Options {
        ocr: false,
        pdf_timeout: Duration::from_secs(20),
        ..Options::default()
    };
    let mut seed: u64 = 0x5eed;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut ok = 0;
    for i in 0..120 {
        let mut b = pdf.clone();
        if i % 3 == 0 {
            b.truncate(rand() as usize % b.len());
        } else {
            for _ in 0..(1 + i % 25) {
                let at = rand() as usize % b.len();
                b[at] = rand() as u8;
            }
        }
        match extract_bytes(FileKind::Pdf, &b, &opts) {
            Ok(_) => ok += 1,
            Err(ExtractError::PdfTimeout(_)) => panic!("variant {i} timed out"),
            Err(_) => {}
        }
    }
    eprintln!("damaged PDFs: {ok} of 120 still read");
    assert!(ok > 0, "some lightly damaged variants should still read");
}

/// Like the build pipeline: many files on several threads at once.
#[test]
fn concurrent_extraction() {
    let opts = Options {
        ocr: false,
        ..Options::default()
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    for case in CASES {
                        let x = extract_file(&fixture(case.file), &opts).unwrap();
                        check(case, &x);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}

#[test]
fn notes_have_english_and_thai() {
    let notes = [
        Note::ScannedNotSearchable,
        Note::OcrUsed,
        Note::OcrFailed { reason: "x".into() },
        Note::Truncated {
            pages_done: 1,
            pages_total: 2,
        },
        Note::LowText {
            empty_pages: 1,
            pages: 2,
        },
        Note::DamagedPages {
            failed: 1,
            pages: 2,
        },
        Note::NoText,
        Note::CharsetMismatch {
            declared: "UTF-8",
            used: "windows-874",
        },
        Note::InvalidBytes { count: 3 },
    ];
    for n in notes {
        assert!(n.to_string().len() > 10);
        assert!(n
            .thai()
            .chars()
            .any(|c| ('\u{0E01}'..='\u{0E5B}').contains(&c)));
    }
}

/// The committed scans (made by make_scans.py): images go through the same OCR as scanned PDF
/// pages, their words are found, and the word confidences come out with the text.
#[test]
fn images_are_read_by_ocr() {
    // (file, pages OCR'd, phrases in the text)
    let cases: &[(&str, u32, &[&str])] = &[
        (
            "scan-announcement.jpg",
            1,
            &["แผนการจัดซื้อจัดจ้าง", "ประกาศ ณ วันที่ 15 มกราคม พ.ศ. 2567"],
        ),
        (
            "scan-two-pages.tif",
            2,
            &["ผลการพิจารณาจัดซื้อ", "ห้างหุ้นส่วนจำกัดนาแซงพาณิชย์"],
        ),
        (
            "scan-year-2599.png",
            1,
            &["รายงานผลการด", "มีนาคม พ.ศ. 2599"],
        ),
    ];
    for &(file, pages, phrases) in cases {
        // Without OCR: published with its metadata, and a note that says what to install.
        let off = extract_file(
            &fixture(file),
            &Options {
                ocr: false,
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            (off.kind, off.text.as_str(), &off.notes[..], off.ocr),
            (FileKind::Image, "", &[Note::ImageNotSearchable][..], None),
            "{file}"
        );
        if !tesseract_with_thai() {
            eprintln!("tesseract with Thai data not found: {file} checked without OCR only");
            continue;
        }
        let x = extract_file(&fixture(file), &Options::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(x.notes, vec![Note::OcrUsed], "{file}");
        for p in phrases {
            assert!(x.text.contains(p), "{file} lacks {p:?}:\n{}", x.text);
        }
        let q = x.ocr.unwrap_or_else(|| panic!("{file}: no OCR quality"));
        assert_eq!(q.pages, pages, "{file}");
        assert!((50..=100).contains(&q.confidence), "{file}: {q:?}");
        for d in &q.doubtful {
            let word = x.text.get(d.clone()).unwrap_or_default();
            assert!(
                word.chars()
                    .any(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)),
                "{file}: {word:?}"
            );
        }
    }
}

#[test]
fn a_mislabelled_image_says_what_it_is() {
    let pdf = std::fs::read(fixture("thai.pdf")).unwrap_or_default();
    let err = extract_bytes(FileKind::Image, &pdf, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a real .jpg/.png/.tif file: it is a PDF: rename it to .pdf"
    );
    let png = std::fs::read(fixture("scan-year-2599.png")).unwrap_or_default();
    let err = extract_bytes(FileKind::Image, &png[..20], &Options::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("damaged image: the file ends inside its header"),
        "{err}"
    );
}
