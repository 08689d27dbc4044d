//! The office formats agencies publish besides DOCX, over real files LibreOffice made
//! (tests/fixtures/make-office.sh): exact text and title of each XLSX, ODS and ODT; the old
//! 97–2003 .doc/.xls refused with the save-as message in English and Thai, under their own
//! names and under new ones; zip bombs, damage and misnaming refused with clear messages.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use extract::{extract_bytes, extract_file, ExtractError, FileKind, LegacyOffice, Options};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// File, kind, title, exact text.
const CASES: &[(&str, FileKind, Option<&str>, &str)] = &[
    (
        "plan.xlsx",
        FileKind::Xlsx,
        Some("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568"),
        "แผ่นงาน: แผนจัดซื้อ 2568\n\
         แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568\n\
         ลำดับ\tรายการ\tวงเงิน (บาท)\tวิธีจัดหา\tระยะเวลา\tวันที่ประกาศ\n\
         1\tจัดซื้อครุภัณฑ์คอมพิวเตอร์\t1,500,000.00\tวิธีประกาศเชิญชวนทั่วไป\tต.ค. - ธ.ค. 2567\t1/10/2567\n\
         2\tจ้างเหมาซ่อมแซมถนนลูกรัง หมู่ที่ 4\t480,000.00\tวิธีเฉพาะเจาะจง\t90 วัน\t15/1/2568\n\
         3\tจัดซื้อวัสดุสำนักงาน\t52,500.50\tวิธีเฉพาะเจาะจง\tทั้งปี\n\
         แผ่นงาน: สรุป\n\
         รวมวงเงิน\t2,032,500.50\n\
         งบประมาณทั้งปี\t12000000",
    ),
    (
        "stats.ods",
        FileKind::Ods,
        Some("สถิติการให้บริการข้อมูลข่าวสาร ปีงบประมาณ 2567"),
        "แผ่นงาน: สถิติ\n\
         เดือน\tจำนวนคำขอ\tร้อยละที่ตอบภายในกำหนด\tปรับปรุงเมื่อ\n\
         ตุลาคม 2566\t12\t91.67%\t1/11/2023\n\
         พฤศจิกายน 2566\t1,250.00\t100.00%",
    ),
    (
        "notice.odt",
        FileKind::Odt,
        Some("ประกาศรับฟังความคิดเห็นร่างขอบเขตของงาน"),
        "ประกาศเทศบาลตำบลหนองบัว\n\
         เรื่อง รับฟังความคิดเห็น (ประชาพิจารณ์) ร่างขอบเขตของงานก่อสร้างรางระบายน้ำ\n\
         ๑.\tผู้มีส่วนได้เสียแสดงความคิดเห็นได้ภายใน ๗ วัน\n\
         ทางไปรษณีย์อิเล็กทรอนิกส์\n\
         หรือยื่นด้วยตนเองที่กองช่าง\n\
         รายการ\tราคากลาง\n\
         ก่อสร้างรางระบายน้ำ คสล.\t๒,๓๕๐,๐๐๐ บาท\n\
         ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ. ๒๕๖๘\n\
         นับแต่วันที่ประกาศ",
    ),
];

#[test]
fn office_files_give_their_exact_text_and_title() {
    let opts = Options::default();
    for &(file, kind, title, text) in CASES {
        let x = extract_file(&fixture(file), &opts).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(x.kind, kind, "{file}");
        assert_eq!(x.title.as_deref(), title, "{file}: title");
        assert_eq!(x.text, text, "{file}: text");
        assert_eq!(x.notes, [], "{file}: notes");
        assert_eq!(x.encoding, None, "{file}");
        assert_eq!(
            extract_bytes(kind, &read(file), &opts).unwrap(),
            x,
            "{file}: extract_bytes"
        );
    }
}

/// The message for an old 97–2003 file, in English and in Thai.
fn assert_legacy(e: &ExtractError, app: &str, save_as: &str, what: &str) {
    let msg = e.to_string();
    for words in [
        format!("an old {app} 97–2003 file"),
        format!("save it as {save_as}"),
        "publish that".to_string(),
        format!("ไฟล์ {app} รุ่นเก่า (97–2003)"),
        format!("บันทึกเป็น {save_as}"),
    ] {
        assert!(msg.contains(&words), "{what}: {msg:?} lacks {words:?}");
    }
}

#[test]
fn old_doc_and_xls_are_refused_with_the_save_as_message() {
    let opts = Options::default();
    // By extension, before anything is read.
    for (file, app, save_as, legacy) in [
        ("notice.doc", "Word", "DOCX", LegacyOffice::Word),
        ("plan.xls", "Excel", "XLSX", LegacyOffice::Excel),
    ] {
        let e = extract_file(&fixture(file), &opts).unwrap_err();
        assert!(
            matches!(e, ExtractError::LegacyOffice(l) if l == legacy),
            "{file}: {e:?}"
        );
        assert_legacy(&e, app, save_as, file);
        assert!(!e.to_string().contains("unsupported"), "{file}: {e}");
        assert!(matches!(
            extract::kind_of(&fixture(file)),
            Err(ExtractError::LegacyOffice(l)) if l == legacy
        ));
    }
    // The same bytes under a new format's name: told apart by their streams.
    for (file, kind, app, save_as) in [
        ("plan.xls", FileKind::Xlsx, "Excel", "XLSX"),
        ("plan.xls", FileKind::Odt, "Excel", "XLSX"),
        ("notice.doc", FileKind::Docx, "Word", "DOCX"),
        ("notice.doc", FileKind::Ods, "Word", "DOCX"),
    ] {
        let e = extract_bytes(kind, &read(file), &opts).unwrap_err();
        assert_legacy(&e, app, save_as, &format!("{file} as {kind}"));
    }
}

#[test]
fn damaged_and_misnamed_office_files_are_refused_clearly() {
    let opts = Options::default();
    let cases: &[(&str, FileKind, &[&str])] = &[
        (
            "stats.ods",
            FileKind::Odt,
            &[
                "not a real .odt file",
                "Calc spreadsheet (ODS)",
                "rename it to .ods",
            ],
        ),
        (
            "notice.odt",
            FileKind::Ods,
            &["not a real .ods file", "Writer document (ODT)"],
        ),
        (
            "plan.xlsx",
            FileKind::Docx,
            &[
                "not a real .docx file",
                "Excel workbook",
                "rename it to .xlsx",
            ],
        ),
        (
            "thai.docx",
            FileKind::Xlsx,
            &[
                "not a real .xlsx file",
                "Word document",
                "rename it to .docx",
            ],
        ),
        (
            "notice.odt",
            FileKind::Xlsx,
            &["not a real .xlsx file", "OpenDocument"],
        ),
        (
            "thai.pdf",
            FileKind::Ods,
            &["not a real .ods file", "it is a PDF"],
        ),
    ];
    for &(file, kind, words) in cases {
        let msg = extract_bytes(kind, &read(file), &opts)
            .unwrap_err()
            .to_string();
        for w in words {
            assert!(msg.contains(w), "{file} as {kind}: {msg:?} lacks {w:?}");
        }
    }
    for (file, kind, editor) in [
        ("plan.xlsx", FileKind::Xlsx, "Excel or LibreOffice Calc"),
        ("stats.ods", FileKind::Ods, "LibreOffice Calc"),
        ("notice.odt", FileKind::Odt, "LibreOffice Writer"),
    ] {
        let bytes = read(file);
        let e = extract_bytes(kind, &bytes[..bytes.len() / 2], &opts).unwrap_err();
        assert!(
            matches!(e, ExtractError::Damaged { kind: k, .. } if k == kind),
            "truncated {file}: {e:?}"
        );
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!("damaged {kind}: "))
                && msg.ends_with(&format!("open it in {editor} and save it again")),
            "{msg}"
        );
    }
}

/// `bytes`' package with the part `name` (added, or in place of the one there) an XML element
/// holding `mb` MB of spaces: a few KB compressed.
fn with_bomb(bytes: &[u8], name: &str, mb: usize) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        for i in 0..src.len() {
            let f = src.by_index_raw(i).unwrap();
            if f.name() != name {
                zip.raw_copy_file(f).unwrap();
            }
        }
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"<x>").unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..mb {
            zip.write_all(&chunk).unwrap();
        }
        zip.write_all(b"</x>").unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// The same package with `name`'s sizes in both its headers claiming 100 bytes.
fn lying_about(mut bytes: Vec<u8>, name: &str) -> Vec<u8> {
    let name = name.as_bytes();
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(name.len()).position(|w| w == name) {
        let at = i + p;
        if at >= 30 && bytes[at - 30..at - 26] == *b"PK\x03\x04" {
            bytes[at - 30 + 22..at - 30 + 26].copy_from_slice(&100u32.to_le_bytes());
        } else if at >= 46 && bytes[at - 46..at - 42] == *b"PK\x01\x02" {
            bytes[at - 46 + 24..at - 46 + 28].copy_from_slice(&100u32.to_le_bytes());
        }
        i = at + name.len();
    }
    bytes
}

#[test]
fn zip_bombs_are_refused_whatever_their_headers_say() {
    let opts = Options {
        max_unpacked_bytes: 16 << 20,
        ..Options::default()
    };
    for (file, kind, part) in [
        ("plan.xlsx", FileKind::Xlsx, "xl/media/filler.bin"),
        ("stats.ods", FileKind::Ods, "content.xml"),
        ("notice.odt", FileKind::Odt, "content.xml"),
    ] {
        let bomb = with_bomb(&read(file), part, 24);
        assert!(bomb.len() < 1 << 20, "{file}: {} bytes", bomb.len());
        let e = extract_bytes(kind, &bomb, &opts).unwrap_err();
        assert!(
            matches!(e, ExtractError::ZipBomb { kind: k, limit } if k == kind && limit == 16 << 20),
            "{file}: {e:?}"
        );
        assert!(
            e.to_string().starts_with(&format!(
                "{kind} expands to more than 16 MB when unpacked (zip bomb?)"
            )),
            "{e}"
        );
        // Headers that lie are caught while unpacking (or by the ZIP reader's own size check).
        let lying = lying_about(bomb, part);
        let r = extract_bytes(kind, &lying, &opts);
        assert!(
            matches!(
                r,
                Err(ExtractError::ZipBomb { .. } | ExtractError::Damaged { .. })
            ),
            "{file} lying: {r:?}"
        );
    }
    // Under the limit, the same file is read as before.
    let fine = with_bomb(&read("plan.xlsx"), "xl/media/filler.bin", 4);
    let x = extract_bytes(FileKind::Xlsx, &fine, &opts).unwrap();
    assert!(x.text.contains("จัดซื้อครุภัณฑ์คอมพิวเตอร์"), "{}", x.text);
}

/// A minimal workbook by hand: one sheet of `cells` cells, each showing the one shared string,
/// `long` characters long.
fn shared_string_workbook(cells: usize, long: usize) -> Vec<u8> {
    let parts = [
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="ซ้ำ" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
                "ก".repeat(long)
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>"#,
                (0..cells)
                    .map(|i| format!(r#"<row r="{}"><c r="A{}" t="s"><v>0</v></c></row>"#, i + 1, i + 1))
                    .collect::<String>()
            ),
        ),
    ];
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, xml) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn a_shared_string_repeated_in_every_cell_counts_against_the_budget() {
    let opts = Options {
        max_unpacked_bytes: 16 << 20,
        ..Options::default()
    };
    // 3 cells: read as they are.
    let x = extract_bytes(FileKind::Xlsx, &shared_string_workbook(3, 4), &opts).unwrap();
    assert_eq!(x.text, "แผ่นงาน: ซ้ำ\nกกกก\nกกกก\nกกกก");
    // 2,000 cells of one 10,000-letter string: 60 MB of text from a package of a few KB.
    let bomb = shared_string_workbook(2_000, 10_000);
    assert!(bomb.len() < 64 << 10, "{} bytes", bomb.len());
    let e = extract_bytes(FileKind::Xlsx, &bomb, &opts).unwrap_err();
    assert!(
        matches!(
            e,
            ExtractError::ZipBomb {
                kind: FileKind::Xlsx,
                ..
            }
        ),
        "{e:?}"
    );
}

/// Damaged copies (truncations, byte flips) end in Ok or Err, never a panic or an abort.
#[test]
fn damaged_office_files_never_panic() {
    let opts = Options::default();
    let mut seed: u64 = 0x0ff1ce;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (file, kind) in [
        ("plan.xlsx", FileKind::Xlsx),
        ("stats.ods", FileKind::Ods),
        ("notice.odt", FileKind::Odt),
    ] {
        let good = read(file);
        for _ in 0..40 {
            let mut b = good.clone();
            if rand() % 4 == 0 {
                b.truncate((rand() as usize) % b.len());
            }
            for _ in 0..1 + rand() % 8 {
                let at = (rand() as usize) % b.len().max(1);
                if let Some(x) = b.get_mut(at) {
                    *x = rand() as u8;
                }
            }
            if let Err(e) = extract_bytes(kind, &b, &opts) {
                assert!(!e.to_string().is_empty());
            }
        }
    }
    // Stored (uncompressed) parts flip text, not just compressed bits.
    let mut stored = Cursor::new(Vec::new());
    {
        let mut src = zip::ZipArchive::new(Cursor::new(read("stats.ods"))).unwrap();
        let mut zip = zip::ZipWriter::new(&mut stored);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..src.len() {
            let mut f = src.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            zip.start_file(f.name().to_string(), o).unwrap();
            zip.write_all(&data).unwrap();
        }
        zip.finish().unwrap();
    }
    let stored = stored.into_inner();
    assert_eq!(
        extract_bytes(FileKind::Ods, &stored, &opts).unwrap().text,
        CASES[1].3
    );
    for _ in 0..60 {
        let mut b = stored.clone();
        let at = (rand() as usize) % b.len();
        b[at] = b"<>\"&;x\x00"[(rand() % 7) as usize];
        let _ = extract_bytes(FileKind::Ods, &b, &opts);
    }
}
