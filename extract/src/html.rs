//! HTML/HTM: charset from BOM / `<meta>` / detection, parsed with html5ever (via `scraper`),
//! visible body text with block elements on their own lines, `<title>` as the title.

use encoding_rs::{Encoding, UTF_8, WINDOWS_874};
use scraper::{Html, Node};

use crate::sniff::{self, Sniffed};
use crate::text;
use crate::{clean_title, ExtractError, Extracted, FileKind, Note};

pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut notes = Vec::new();
    let (enc, body) = match text::bom(bytes) {
        Some((enc, len)) => (enc, &bytes[len..]),
        None => {
            if let Some(s) = sniff::sniff(bytes) {
                if s != Sniffed::Html {
                    let (actual, advice) = sniff::describe(s);
                    return Err(ExtractError::WrongType {
                        ext: "html",
                        actual,
                        advice,
                    });
                }
            }
            if bytes[..bytes.len().min(64 * 1024)].contains(&0) {
                return Err(ExtractError::Binary {
                    ext: "html",
                    reason: "NUL bytes",
                });
            }
            (choose_encoding(bytes, &mut notes), bytes)
        }
    };
    let (decoded, errors) = text::decode(enc, body);
    if errors > 0 {
        notes.push(Note::InvalidBytes { count: errors });
    }
    let doc = Html::parse_document(&decoded);
    let (text, title) = walk(&doc);
    if text.is_empty() {
        notes.push(Note::NoText);
    }
    Ok(Extracted {
        kind: FileKind::Html,
        text,
        title: title.as_deref().and_then(clean_title),
        encoding: Some(enc.name()),
        notes,
        ocr: None,
    })
}

/// The encoding an HTML file's bytes are read in: a BOM's, else the declared charset checked
/// against the bytes ([`choose_encoding`]).
pub(crate) fn encoding(bytes: &[u8]) -> &'static Encoding {
    match text::bom(bytes) {
        Some((enc, _)) => enc,
        None => choose_encoding(bytes, &mut Vec::new()),
    }
}

/// The declared charset, checked against the bytes: a page that declares a legacy charset
/// but is valid UTF-8 (with non-ASCII) is UTF-8; one that declares UTF-8 but is TIS-620 is
/// windows-874. Both are common on Thai sites after a CMS migration.
fn choose_encoding(b: &[u8], notes: &mut Vec<Note>) -> &'static Encoding {
    let declared = match prescan_charset(b) {
        Some(e) => e,
        None => return text::guess_8bit(b),
    };
    let valid_utf8 = std::str::from_utf8(b).is_ok();
    if declared == UTF_8 {
        if !valid_utf8 && text::looks_tis620(b) {
            notes.push(Note::CharsetMismatch {
                declared: UTF_8.name(),
                used: WINDOWS_874.name(),
            });
            return WINDOWS_874;
        }
        return UTF_8;
    }
    if valid_utf8 && !b.is_ascii() {
        notes.push(Note::CharsetMismatch {
            declared: declared.name(),
            used: UTF_8.name(),
        });
        return UTF_8;
    }
    declared
}

/// A simplified version of the HTML "prescan a byte stream to determine its encoding":
/// the first `<meta … charset=LABEL …>` (either `charset` or `http-equiv`+`content` form) in
/// the first 4 KB.
fn prescan_charset(b: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = b[..b.len().min(4096)]
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut pos = 0;
    while let Some(i) = sniff::find(&head[pos..], b"<meta") {
        let start = pos + i + 5;
        let end = head[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(j) = sniff::find(tag, b"charset") {
            let mut k = j + 7;
            while k < tag.len() && tag[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < tag.len() && tag[k] == b'=' {
                k += 1;
                while k < tag.len()
                    && (tag[k].is_ascii_whitespace() || tag[k] == b'"' || tag[k] == b'\'')
                {
                    k += 1;
                }
                let label_end = tag[k..]
                    .iter()
                    .position(|c| {
                        !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
                    })
                    .map_or(tag.len(), |e| k + e);
                if let Some(enc) = Encoding::for_label(&tag[k..label_end]) {
                    // HTML: a meta-declared UTF-16 means UTF-8; x-user-defined means windows-1252.
                    return Some(
                        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                            UTF_8
                        } else if enc == encoding_rs::X_USER_DEFINED {
                            encoding_rs::WINDOWS_1252
                        } else {
                            enc
                        },
                    );
                }
            }
        }
        pos = end;
    }
    None
}

/// Elements whose content is never visible text.
const SKIP: &[&str] = &[
    "head", "title", "script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
    "canvas", "audio", "video", "select", "textarea", "button",
];

/// Elements that start and end a line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

struct Out {
    buf: String,
    /// > 0 inside a table cell: line breaks become spaces so a row stays on one line.
    cell_depth: usize,
    pre_depth: usize,
    /// Per open `<tr>`: whether a cell was already written (so the next one gets a '\t').
    rows: Vec<bool>,
}

impl Out {
    fn newline(&mut self) {
        if self.cell_depth > 0 {
            self.space();
        } else {
            trim_end_spaces(&mut self.buf);
            if !self.buf.is_empty() && !self.buf.ends_with('\n') {
                self.buf.push('\n');
            }
        }
    }

    fn space(&mut self) {
        if !self.buf.is_empty() && !self.buf.ends_with([' ', '\n', '\t']) {
            self.buf.push(' ');
        }
    }

    fn text(&mut self, t: &str) {
        if self.pre_depth > 0 {
            let t = text::unify_newlines(t);
            if self.cell_depth > 0 {
                self.buf.push_str(&t.replace('\n', " "));
            } else {
                self.buf.push_str(&t);
            }
            return;
        }
        // Collapse HTML (ASCII) whitespace; NBSP is kept as is.
        for (i, word) in t.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 {
                self.space();
            }
            self.buf.push_str(word);
        }
    }
}

fn trim_end_spaces(s: &mut String) {
    let n = s.trim_end_matches([' ', '\t']).len();
    s.truncate(n);
}

fn walk(doc: &Html) -> (String, Option<String>) {
    let mut out = Out {
        buf: String::new(),
        cell_depth: 0,
        pre_depth: 0,
        rows: Vec::new(),
    };
    // The first <title>, wherever the parser put it (normally in <head>, which is skipped below).
    let title = doc.tree.root().descendants().find_map(|n| match n.value() {
        Node::Element(el) if el.name() == "title" => Some(
            n.children()
                .filter_map(|c| match c.value() {
                    Node::Text(t) => Some(&**t),
                    _ => None,
                })
                .collect::<String>(),
        ),
        _ => None,
    });
    // Iterative depth-first walk: deeply nested (hostile) markup cannot overflow the stack.
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        let el = match node.value() {
            Node::Text(t) => {
                if !closing {
                    out.text(t);
                }
                continue;
            }
            Node::Element(el) => el,
            _ => {
                if !closing {
                    stack.extend(node.children().rev().map(|c| (c, false)));
                }
                continue;
            }
        };
        let name = el.name();
        if !closing {
            if SKIP.contains(&name) || el.attr("hidden").is_some() {
                continue;
            }
            match name {
                "br" => {
                    out.newline();
                    continue;
                }
                "tr" => {
                    out.newline();
                    out.rows.push(false);
                }
                "td" | "th" => {
                    if let Some(had_cell) = out.rows.last_mut() {
                        if *had_cell {
                            trim_end_spaces(&mut out.buf);
                            out.buf.push('\t');
                        }
                        *had_cell = true;
                    }
                    out.cell_depth += 1;
                }
                "pre" | "listing" | "plaintext" | "xmp" => {
                    out.newline();
                    out.pre_depth += 1;
                }
                _ if BLOCK.contains(&name) => out.newline(),
                _ => {}
            }
            stack.push((node, true));
            stack.extend(node.children().rev().map(|c| (c, false)));
        } else {
            match name {
                "td" | "th" => {
                    out.cell_depth = out.cell_depth.saturating_sub(1);
                    trim_end_spaces(&mut out.buf);
                }
                "tr" => {
                    out.rows.pop();
                    out.newline();
                }
                "pre" | "listing" | "plaintext" | "xmp" => {
                    out.pre_depth = out.pre_depth.saturating_sub(1);
                    out.newline();
                }
                _ if BLOCK.contains(&name) => out.newline(),
                _ => {}
            }
        }
    }
    // Lines trimmed, empty lines dropped.
    let text = out
        .buf
        .lines()
        .map(|l| {
            l.trim_matches(|c: char| c.is_ascii_whitespace() && c != '\t')
                .trim_end_matches('\t')
        })
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (text, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure() {
        let html = "<html><head><title>T</title><style>x</style></head><body>\
            <div>ก <span>ข</span>\n   ค</div><p>ง<br>จ</p>\
            <table><tr><td><p>a</p><p>b</p></td><td>c</td></tr><tr><th>d</th></tr></table>\
            <pre>  x\n  y</pre><div hidden>no</div></body></html>";
        let x = extract(html.as_bytes()).unwrap();
        assert_eq!(x.text, "ก ข ค\nง\nจ\na b\tc\nd\nx\ny");
        assert_eq!(x.title.as_deref(), Some("T"));
        assert_eq!(x.encoding, Some("UTF-8"));
    }

    #[test]
    fn charset() {
        let mut notes = Vec::new();
        let tis = b"<meta charset=\"tis-620\"><p>\xbb\xc3\xd0\xa1\xd2\xc8</p>";
        assert_eq!(choose_encoding(tis, &mut notes), WINDOWS_874);
        assert!(notes.is_empty());
        // Declared windows-874 but really UTF-8.
        let utf = "<meta http-equiv=Content-Type content='text/html; charset=windows-874'>ประกาศ";
        assert_eq!(choose_encoding(utf.as_bytes(), &mut notes), UTF_8);
        assert_eq!(notes.len(), 1);
        // Declared UTF-8 but really TIS-620.
        let mut notes = Vec::new();
        let lie = b"<meta charset=utf-8><p>\xbb\xc3\xd0\xa1\xd2\xc8 \xbb\xc3\xd0\xa1\xd2\xc8</p>";
        assert_eq!(choose_encoding(lie, &mut notes), WINDOWS_874);
        assert_eq!(
            notes,
            vec![Note::CharsetMismatch {
                declared: "UTF-8",
                used: "windows-874"
            }]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n: usize = std::env::var("NEST")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2_000);
        let html = "<div>".repeat(n) + "ลึก" + &"</div>".repeat(n);
        let x = extract(html.as_bytes()).unwrap();
        assert_eq!(x.text, "ลึก");
    }
}
