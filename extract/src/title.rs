//! The title a file carries in its own metadata (PDF Info, DOCX core properties, ODF meta,
//! HTML `<title>`), kept only when it is one: word processors fill the field with
//! placeholders ("Document1", "ไม่มีชื่อ"), file names and paths, which would name a
//! document worse than its text does.

/// Keeps an embedded title only if it is meaningful: whitespace collapsed, "Microsoft Word - "
/// prefixes removed, and `None` for empty/placeholder titles, file names and mojibake.
pub(crate) fn clean_title(raw: &str) -> Option<String> {
    let mut t: String = raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for prefix in [
        "Microsoft Word - ",
        "Microsoft PowerPoint - ",
        "Microsoft Excel - ",
    ] {
        if t.len() > prefix.len()
            && t.is_char_boundary(prefix.len())
            && t[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            t = t[prefix.len()..].trim().to_string();
        }
    }
    if t.is_empty() || t.contains('\u{FFFD}') || t.contains('\\') || t.starts_with('/') {
        return None;
    }
    // A title has letters: "2563" or "-1-" alone names nothing.
    if !t.chars().any(char::is_alphabetic) {
        return None;
    }
    let lower = t.to_lowercase();
    // A file name rather than a title.
    const EXTS: &[&str] = &[
        ".doc", ".docx", ".pdf", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".rtf", ".txt",
        ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".htm", ".html", ".indd", ".ai", ".pub",
    ];
    if EXTS.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    // Placeholders: exact words, optionally followed by a number ("Document1", "Untitled-3").
    let stem =
        lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_' || c == ' ');
    const PLACEHOLDERS: &[&str] = &[
        "untitled",
        "untitled document",
        "document",
        "no title",
        "title",
        "new document",
        "microsoft word",
        "presentation",
        "powerpoint presentation",
        "slide",
        "page",
        "pdf",
        "doc",
        "book",
        "sheet",
        "ไม่มีชื่อ",
        "เอกสาร",
        "เอกสารใหม่",
        "ชื่อเรื่อง",
        "untitled page",
        "home",
        "index",
        "default",
        "word",
        "scan",
        "scanned document",
        "img",
        "image",
    ];
    // "Document1", "Documents and Settings…", "document_final": a word processor's default.
    if stem.is_empty() || PLACEHOLDERS.contains(&stem) || stem.starts_with("document") {
        return None;
    }
    if t.chars().count() > 500 {
        t = t.chars().take(500).collect();
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            clean_title("  ประกาศ\n  เทศบาล "),
            Some("ประกาศ เทศบาล".into())
        );
        assert_eq!(
            clean_title("Microsoft Word - แผนพัฒนา"),
            Some("แผนพัฒนา".into())
        );
        assert_eq!(clean_title("Microsoft Word - แผน.docx"), None);
        assert_eq!(clean_title("Document1"), None);
        assert_eq!(clean_title("Untitled-3"), None);
        assert_eq!(clean_title("ไม่มีชื่อ"), None);
        assert_eq!(clean_title(" - "), None);
        assert_eq!(clean_title("C:\\Users\\x\\a"), None);
        assert_eq!(clean_title("แผน 2563"), Some("แผน 2563".into()));
        assert_eq!(clean_title("Document_final"), None);
        assert_eq!(clean_title("2563"), None);
    }
}
