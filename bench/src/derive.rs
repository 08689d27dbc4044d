//! A larger corpus derived from the thaigov one, for archive-scale figures: written to disk only
//! when asked (`--scale N`). Document i is source document i mod 17,407; copies after the first
//! have their paragraphs shuffled (deterministically) and a line naming the copy, so documents
//! differ in order and in a few terms rather than being byte-identical duplicates.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use catalog::recall::Rng;

/// Writes `count` documents derived from `docs` under `out` (once; a marker file records it).
pub fn write(docs: &[(String, String)], count: usize, out: &Path) -> Result<PathBuf> {
    let marker = out.join(format!(".derived-{count}"));
    if marker.exists() {
        return Ok(out.to_path_buf());
    }
    if docs.is_empty() {
        anyhow::bail!("the corpus has no documents to derive from");
    }
    eprintln!("writing a {count}-document corpus to {} …", out.display());
    for i in 0..count {
        let (name, text) = &docs[i % docs.len()];
        let copy = i / docs.len();
        let path = out.join(format!("copy{copy:02}")).join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let body = if copy == 0 {
            text.clone()
        } else {
            variant(text, copy, i as u64)
        };
        std::fs::write(&path, body).with_context(|| format!("cannot write {}", path.display()))?;
    }
    std::fs::write(&marker, "")?;
    Ok(out.to_path_buf())
}

/// Copy `copy` of `text`: the first line (the title) stays first, the other paragraphs are
/// shuffled, and a line naming the copy is added.
fn variant(text: &str, copy: usize, seed: u64) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let title = if lines.is_empty() {
        ""
    } else {
        lines.remove(0)
    };
    let mut rng = Rng::new(seed);
    for i in (1..lines.len()).rev() {
        let j = rng.below(i + 1);
        lines.swap(i, j);
    }
    format!(
        "{title} (สำเนาชุดที่ {copy})\n{}\nเอกสารสำเนาชุดที่ {copy} สำหรับทดสอบขนาดคลัง\n",
        lines.join("\n")
    )
}
