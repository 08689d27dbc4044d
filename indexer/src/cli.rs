//! Command-line interface of `khlang`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// khlang (คลัง): a searchable, offline archive of the documents a Thai public agency must disclose.
#[derive(Debug, Parser)]
#[command(name = "khlang", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a self-contained searchable site from a folder of documents.
    Build(BuildArgs),
    /// Search a built site from the command line (the same engine the browser runs).
    Search(SearchArgs),
    /// Serve a built site on this computer (http://127.0.0.1:PORT/).
    Serve(ServeArgs),
    /// Show how text is cut into words and grams (with a site: using its dictionary), as JSON.
    Analyze(AnalyzeArgs),
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// The text to analyze.
    pub text: String,
    /// Use the user dictionary of this site.
    #[arg(long)]
    pub site: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Folder of documents (PDF, DOCX, HTML, TXT), searched recursively.
    pub docs: PathBuf,
    /// Folder to write the site to; an existing site there is replaced only when the build succeeds.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Title shown at the top of the site.
    #[arg(long)]
    pub title: Option<String>,
    /// Fail (exit status 1) when any file is skipped or any catalogue.csv row is rejected.
    #[arg(long)]
    pub strict: bool,
    /// Largest document accepted, in MB.
    #[arg(long, default_value_t = 200)]
    pub max_file_size: u64,
    /// Time allowed for reading one PDF's text, in seconds; a PDF that takes longer is skipped
    /// and reported (OCR of scanned pages gets ten times this per file).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub pdf_timeout: u64,
    /// Do not OCR scanned PDFs even when tesseract is installed.
    #[arg(long)]
    pub no_ocr: bool,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// A site written by `khlang build`.
    pub site: PathBuf,
    /// What to search for; empty lists every document, newest first.
    #[arg(default_value = "")]
    pub query: String,
    /// Only this category (id or label); repeat for several.
    #[arg(long)]
    pub category: Vec<String>,
    /// Only this fiscal year (ปีงบประมาณ, B.E.); repeat for several.
    #[arg(long)]
    pub year: Vec<String>,
    /// Only this department; repeat for several.
    #[arg(long)]
    pub department: Vec<String>,
    /// Only this agency; repeat for several.
    #[arg(long)]
    pub agency: Vec<String>,
    /// Order: relevance, newest or oldest.
    #[arg(long, default_value = "relevance")]
    pub sort: String,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print JSON instead of a readable listing.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A site written by `khlang build`.
    pub site: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,
}
