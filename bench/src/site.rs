//! Building a site with the real `khlang` binary and measuring it: build wall time, MB/s,
//! peak RSS; index and site sizes; app wasm raw and gzip; and a native profile of what the
//! browser does at start-up (decode + verify the parts, open the index, the first search).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use catalog::archive::{
    parse_part_script, parse_toc_script, script_text, Unpacker, TOC_FILE, WASM_FILE,
};
use catalog::{Engine, SearchRequest};

use crate::stats::{dir_bytes, mb};

/// What `khlang build` cost.
pub struct BuildFigures {
    pub wall_s: f64,
    pub text_bytes: u64,
    pub peak_rss_kb: Option<u64>,
}

impl BuildFigures {
    pub fn print(&self, label: &str) {
        println!(
            "build ({label}): {:.1} s wall, {:.1} MB/s of text ({}), peak RSS {}",
            self.wall_s,
            self.text_bytes as f64 / 1e6 / self.wall_s,
            mb(self.text_bytes as f64),
            self.peak_rss_kb
                .map_or("unknown (install Debian's `time`)".into(), |kb| mb(kb
                    as f64
                    * 1024.0))
        );
    }
}

/// Runs `khlang build DOCS --out SITE --cache CACHE`, timed.
pub fn build(khlang: &Path, docs: &Path, site: &Path, cache: &Path) -> Result<BuildFigures> {
    let text_bytes = dir_bytes(docs);
    let mut cmd = Command::new(khlang);
    cmd.arg("build")
        .arg(docs)
        .arg("--out")
        .arg(site)
        .arg("--cache")
        .arg(cache);
    eprintln!("building {} → {} …", docs.display(), site.display());
    let (wall_s, peak_rss_kb) =
        timed(cmd).with_context(|| format!("khlang build failed on {}", docs.display()))?;
    Ok(BuildFigures {
        wall_s,
        text_bytes,
        peak_rss_kb,
    })
}

/// Issue 7's incremental build: a full build with an empty extraction cache, then the same
/// folder with one document added, built again with the cache the first build filled.
pub fn incremental(khlang: &Path, docs: &Path, site: &Path, cache: &Path) -> Result<()> {
    // A previous run's cache and site are moved aside and deleted only after both builds: ext4
    // passes over recently freed inodes one by one when it creates files, and deleting some
    // 37,000 files just before a 17k build once made it take twice as long.
    let mut aside = Vec::new();
    for dir in [cache, site] {
        if dir.exists() {
            let to = dir.with_extension(format!("old-{}", std::process::id()));
            std::fs::rename(dir, &to)
                .with_context(|| format!("cannot move {} aside", dir.display()))?;
            aside.push(to);
        }
    }
    let measured = full_and_again(khlang, docs, site, cache);
    for dir in aside {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("cannot delete {}", dir.display()))?;
    }
    measured
}

/// The two builds of [`incremental`], into an empty `site` and `cache`.
fn full_and_again(khlang: &Path, docs: &Path, site: &Path, cache: &Path) -> Result<()> {
    let full = build(khlang, docs, site, cache)?;
    full.print("full, empty extraction cache");
    let added = docs.join("khlang-bench-added.txt");
    std::fs::write(
        &added,
        "ประกาศเทศบาลตำบลทดสอบ เรื่อง รับสมัครอาสาสมัครป้องกันภัยฝ่ายพลเรือน ประจำปีงบประมาณ 2569",
    )?;
    let again = build(khlang, docs, site, cache);
    std::fs::remove_file(&added)?;
    let again = again?;
    again.print("one document added, warm extraction cache");
    println!(
        "incremental rebuild: {:.1} s = {:.0} % of the full build (target ≤ 20 %)",
        again.wall_s,
        100.0 * again.wall_s / full.wall_s
    );
    Ok(())
}

/// Runs `cmd` to completion under /usr/bin/time -v when present (Debian package `time`), for
/// the peak RSS; returns the wall time in seconds and the peak RSS in kB.
pub fn timed(cmd: Command) -> Result<(f64, Option<u64>)> {
    let gnu_time = Path::new("/usr/bin/time");
    let mut run = if gnu_time.is_file() {
        let mut c = Command::new(gnu_time);
        c.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
        c
    } else {
        cmd
    };
    let started = Instant::now();
    let out = run
        .output()
        .with_context(|| format!("cannot run {:?}", run.get_program()))?;
    let wall_s = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!(
            "{}",
            stderr
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let peak_rss_kb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    Ok((wall_s, peak_rss_kb))
}

/// Sizes of a built site.
pub struct SiteFigures {
    pub documents: u64,
    pub data_bytes: u64,
    pub total_bytes: u64,
    pub app_bytes: u64,
    pub wasm_raw: u64,
    pub wasm_gzip: u64,
}

impl SiteFigures {
    pub fn print(&self) {
        println!(
            "site: index (data/) {}, total {}, app/ {}, {:.1} kB of index per document ({} documents)",
            mb(self.data_bytes as f64),
            mb(self.total_bytes as f64),
            mb(self.app_bytes as f64),
            self.data_bytes as f64 / 1e3 / self.documents.max(1) as f64,
            self.documents
        );
        println!(
            "app wasm: {} B raw, {} B gzip -9",
            self.wasm_raw, self.wasm_gzip
        );
    }
}

/// Measures `site`; the wasm is decoded from app/khlang_bg.wasm.js and gzipped with `gzip -9`.
pub fn measure(site: &Path) -> Result<SiteFigures> {
    let toc = read_toc(site)?;
    let wasm = wasm_bytes(site)?;
    let wasm_gzip = gzip_len(&wasm)?;
    Ok(SiteFigures {
        documents: toc.documents,
        data_bytes: dir_bytes(&site.join("data")),
        total_bytes: dir_bytes(site),
        app_bytes: dir_bytes(&site.join("app")),
        wasm_raw: wasm.len() as u64,
        wasm_gzip,
    })
}

fn read_toc(site: &Path) -> Result<catalog::archive::Toc> {
    let path = site.join(TOC_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {} (is it a khlang site?)", path.display()))?;
    Ok(parse_toc_script(&text)?)
}

/// The app's wasm module, which the site's [`WASM_FILE`] carries.
fn wasm_bytes(site: &Path) -> Result<Vec<u8>> {
    let path = site.join(WASM_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(catalog::archive::parse_wasm_script(WASM_FILE, &text)?)
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new("gzip")
        .arg("-9c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot run gzip")?;
    let mut stdin = child.stdin.take().context("gzip stdin")?;
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output()?;
    writer.join().ok();
    Ok(out.stdout.len() as u64)
}

/// Where a cold start's CPU time goes, measured natively on the same site (the browser runs the
/// same catalog code compiled to wasm, typically 1.5–3× slower).
pub struct StartProfile {
    pub read_ms: f64,
    pub decode_verify_ms: f64,
    pub assemble_ms: f64,
    pub open_ms: f64,
    pub first_search_ms: f64,
}

impl StartProfile {
    pub fn print(&self) {
        println!(
            "start-up profile, native (same catalog code as the wasm): read parts {:.0} ms, \
             decode + sha256 {:.0} ms, assemble files {:.0} ms, tantivy open {:.0} ms, \
             first (empty) search {:.0} ms",
            self.read_ms,
            self.decode_verify_ms,
            self.assemble_ms,
            self.open_ms,
            self.first_search_ms
        );
    }
}

/// Opens `site` the way the app does, timing each step.
pub fn start_profile(site: &Path) -> Result<StartProfile> {
    let toc = read_toc(site)?;
    let t = Instant::now();
    let mut scripts = Vec::new();
    for part in &toc.parts {
        let path = site.join(&part.path);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        scripts.push((part.path.clone(), script_text(&part.path, &bytes)?));
    }
    let read_ms = ms(t);
    let t = Instant::now();
    let mut unpacker = Unpacker::new(toc.clone());
    for (path, script) in &scripts {
        let (index, payload) = parse_part_script(path, script)?;
        unpacker.add_part(index, payload)?;
    }
    let decode_verify_ms = ms(t);
    drop(scripts);
    let t = Instant::now();
    let files = unpacker.finish()?;
    let assemble_ms = ms(t);
    let t = Instant::now();
    let engine = Engine::open(toc, files)?;
    let open_ms = ms(t);
    let t = Instant::now();
    engine.search(&SearchRequest::new(""))?;
    let first_search_ms = ms(t);
    Ok(StartProfile {
        read_ms,
        decode_verify_ms,
        assemble_ms,
        open_ms,
        first_search_ms,
    })
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
