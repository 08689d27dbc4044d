//! Printing a page to PDF in the browser (WebDriver's Print command, as a citizen's print
//! dialog would with the page's print stylesheet) and reading the PDF's text back with
//! poppler's `pdftotext`.

use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::json;

use crate::{decode_base64, Browser};

impl Browser {
    /// The page printed to an A4 PDF.
    pub fn print_pdf(&self) -> Result<Vec<u8>> {
        let b64 = self.post(
            "/print",
            json!({"orientation": "portrait", "page": {"width": 21.0, "height": 29.7}}),
        )?;
        let b64 = b64
            .as_str()
            .ok_or_else(|| anyhow!("no PDF in the answer"))?;
        decode_base64(b64)
    }
}

/// The text of `pdf`, as `pdftotext` reads it (UTF-8, reading order).
pub fn pdf_text(pdf: &[u8]) -> Result<String> {
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run pdftotext (scripts/tools.sh installs poppler-utils)")?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow!("pdftotext has no stdin"))?
        .write_all(pdf)?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}
