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
    /// Join several agencies' built sites into one archive (a province's USB stick or kiosk):
    /// every document keeps its agency, province and signature status.
    Merge(MergeArgs),
    /// Search a built site from the command line (the same engine the browser runs).
    Search(SearchArgs),
    /// Serve a built site on this computer (http://127.0.0.1:PORT/).
    Serve(ServeArgs),
    /// Show how text is cut into words and grams (with a site: using its dictionary), as JSON.
    Analyze(AnalyzeArgs),
    /// Check that a site is exactly as built: every file, and who signed it.
    Verify(VerifyArgs),
    /// Send built archives into an OpenSearch index, for one search over many agencies
    /// (`serve --opensearch` answers from it). Only what changed is sent.
    Publish(PublishArgs),
    /// Make the agency's signing key pair for `build --sign`.
    Keygen(KeygenArgs),
    /// Write DOCS/catalogue.csv listing every document with its metadata, for staff to edit;
    /// run again after adding files: new rows are added, edited values are kept.
    Catalogue(CatalogueArgs),
    /// Report what to fix before publishing (errors), what to check (warnings) and guesses
    /// (notes), and the ITA coverage matrix. Exit status: 0 no errors, 1 errors (with --strict
    /// also warnings), 2 the check could not run.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 intact; 1 not intact (a file altered, missing or extra, a broken \
seal, or a signature demanded by --require-signature or --key that is not there); 2 when SITE \
cannot be checked (not a site); 3 every file matches the manifest but there is no seal: built by \
an older khlang, rebuild with this version to seal it."
)]
pub struct VerifyArgs {
    /// A site written by `khlang build`.
    pub site: PathBuf,
    /// Fail unless the site is signed.
    #[arg(long)]
    pub require_signature: bool,
    /// Fail unless the site is signed with this public key (khlang-public-key.json from the agency).
    #[arg(long, value_name = "PUBLIC_KEY_FILE")]
    pub key: Option<PathBuf>,
    /// Print JSON instead of a readable report.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Folder for the two key files (keep it off the USB stick and out of the documents folder).
    #[arg(long, short, default_value = ".")]
    pub out: PathBuf,
    /// The agency's name, shown with every site signed with this key.
    #[arg(long)]
    pub name: Option<String>,
}

/// Reading documents, shared by `catalogue` and `check`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Folder of documents (PDF, DOCX, XLSX, ODT, ODS, HTML, TXT; JPEG, PNG, TIFF images by
    /// OCR), searched recursively.
    pub docs: PathBuf,
    /// Largest document accepted, in MB.
    #[arg(long, default_value_t = 200)]
    pub max_file_size: u64,
    /// Do not OCR scanned PDFs and images even when tesseract is installed.
    #[arg(long)]
    pub no_ocr: bool,
    #[command(flatten)]
    pub cache: CacheArgs,
}

impl ReadArgs {
    /// The extraction options these flags ask for.
    pub fn options(&self) -> extract::Options {
        extract::Options {
            max_file_bytes: self.max_file_size.saturating_mul(1 << 20),
            ocr: !self.no_ocr,
            ..extract::Options::default()
        }
    }
}

/// Where extraction results are kept between runs.
#[derive(Debug, clap::Args)]
pub struct CacheArgs {
    /// Keep extracted text here between runs, so a rebuild reads only new and changed documents
    /// [default: $KHLANG_CACHE_DIR, else the user's cache folder, e.g. ~/.cache/khlang or
    /// %LOCALAPPDATA%\khlang\cache]. Safe to delete at any time.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Extract every document afresh and keep nothing.
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    /// Where the cache is, as asked.
    pub fn location(&self) -> crate::documents::cache::Location {
        use crate::documents::cache::Location;
        match (&self.cache, self.no_cache) {
            (_, true) => Location::Off,
            (Some(dir), false) => Location::At(dir.clone()),
            (None, false) => Location::Default,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CatalogueArgs {
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Errors: personal data of a private person (a national ID number), text that \
looks mis-extracted, a file that cannot be read, a year in catalogue.csv no disclosure can carry. \
Warnings: metadata the ITA needs is missing, a date or year withheld, a phone number or e-mail \
address that is not plainly the agency's own, a file or catalogue.csv row left out. Notes: guesses \
worth a glance.\n\nExit status: 0 when there are no errors (with --strict: no warnings either), \
1 when there are, 2 when the check could not run (e.g. DOCS missing, catalogue.csv unreadable)."
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Print {"files": [{"path", "findings": [{"kind", "severity", "line", "masked", "detail"?}]}],
    /// "coverage": {"2566": {"present", "empty", "waiting"?}}}.
    #[arg(long)]
    pub json: bool,
    /// List every warning and note, not only their counts.
    #[arg(long, short)]
    pub verbose: bool,
    /// Exit with status 1 for warnings too, not only for errors.
    #[arg(long)]
    pub strict: bool,
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
    /// Folder of documents (PDF, DOCX, XLSX, ODT, ODS, HTML, TXT; JPEG, PNG, TIFF images by
    /// OCR), searched recursively.
    pub docs: PathBuf,
    /// Folder to write the site to; an existing site there is replaced only when the build succeeds.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Title shown at the top of the site.
    #[arg(long)]
    pub title: Option<String>,
    /// Fail on warnings too (a file or catalogue.csv row left out, metadata the ITA needs
    /// missing, a date withheld, a phone that may be a person's): exit status 1 and SITE left
    /// as it was. Without it, only errors give status 1, and the site is still built without
    /// the documents that have them.
    #[arg(long)]
    pub strict: bool,
    /// List every warning and note in the report, not only their counts.
    #[arg(long, short)]
    pub verbose: bool,
    /// Largest document accepted, in MB.
    #[arg(long, default_value_t = 200)]
    pub max_file_size: u64,
    /// Time allowed for reading one PDF's text, in seconds; a PDF that takes longer is skipped
    /// and reported (OCR of scanned pages gets ten times this per file).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub pdf_timeout: u64,
    /// Do not OCR scanned PDFs and images even when tesseract is installed.
    #[arg(long)]
    pub no_ocr: bool,
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Sign the site with this secret key file (made by `khlang keygen`).
    #[arg(long, value_name = "SECRET_KEY_FILE")]
    pub sign: Option<PathBuf>,
    /// Apply catalogue.csv's publish_from / publish_until as on this day (2026-11-23 or
    /// 23/11/2569) instead of today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub kiosk: KioskArgs,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each SITE is checked as `khlang verify` checks it; a tampered one stops the \
merge. Documents go under docs/<agency>/ in OUT, so equal names from two agencies do not collide. \
An archive is known by its key when signed (ed25519:<fingerprint>), else by its title \
(title:<--title it was built with>): two inputs with the same id are refused."
)]
pub struct MergeArgs {
    /// Sites written by `khlang build` (or `khlang merge`), one per agency.
    #[arg(required = true, value_name = "SITE")]
    pub sites: Vec<PathBuf>,
    /// Folder to write the joined site to; an existing site there is replaced only when the
    /// merge succeeds.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Title shown at the top of the joined site.
    #[arg(long)]
    pub title: Option<String>,
    /// Sign the joined site with this secret key file (made by `khlang keygen`).
    #[arg(long, value_name = "SECRET_KEY_FILE")]
    pub sign: Option<PathBuf>,
    /// Refuse any SITE that is not signed.
    #[arg(long)]
    pub require_signature: bool,
    /// Refuse any SITE not signed with one of these public keys (khlang-public-key.json from
    /// each agency); repeat for several.
    #[arg(long, value_name = "PUBLIC_KEY_FILE")]
    pub key: Vec<PathBuf>,
    #[command(flatten)]
    pub kiosk: KioskArgs,
}

/// Information-centre kiosk options of `khlang build`.
#[derive(Debug, Default, clap::Args)]
pub struct KioskArgs {
    /// Open the site in kiosk mode: touch layout, on-screen keyboard, idle reset, usage statistics.
    #[arg(long)]
    pub kiosk: bool,
    /// Seconds without input before the kiosk clears everything and returns to the home screen.
    #[arg(long, value_name = "SECONDS", default_value_t = catalog::kiosk::DEFAULT_IDLE_SECONDS,
          value_parser = clap::value_parser!(u32).range(1..=86_400))]
    pub kiosk_idle: u32,
    /// PIN (4–12 digits) of the staff screen that shows and exports the usage statistics.
    #[arg(long, value_name = "PIN")]
    pub kiosk_pin: Option<String>,
    /// Offer the satisfaction survey in normal mode too (kiosk mode always offers it).
    #[arg(long)]
    pub survey: bool,
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
    /// Only this province (จังหวัด); repeat for several.
    #[arg(long)]
    pub province: Vec<String>,
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
    /// Include the other spellings the archive's documents use for the query's words (ศรีษะ
    /// for ศีรษะ), as the app's "รวมคำที่สะกดต่าง" does; hits found only so are marked.
    #[arg(long)]
    pub other_spellings: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A site written by `khlang build` (not with --opensearch).
    #[arg(required_unless_present = "opensearch")]
    pub site: Option<PathBuf>,
    /// Port; 0 picks a free one.
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,
    /// Serve the search page for an OpenSearch index filled by `khlang publish`, answering
    /// searches through this cluster (http(s)://host:9200; user, password and CA file from
    /// KHLANG_OPENSEARCH_USER, KHLANG_OPENSEARCH_PASSWORD, KHLANG_OPENSEARCH_CA).
    #[arg(long, value_name = "URL", conflicts_with = "site")]
    pub opensearch: Option<String>,
    /// The index to search (with --opensearch).
    #[arg(long, default_value = "khlang", requires = "opensearch")]
    pub index: String,
    /// Address to listen on (with --opensearch); 0.0.0.0 to serve the public.
    #[arg(long, default_value = "127.0.0.1", requires = "opensearch")]
    pub bind: std::net::IpAddr,
    /// Title of the search page (with --opensearch).
    #[arg(long, default_value = "ค้นหาเอกสารเผยแพร่", requires = "opensearch")]
    pub title: String,
    /// Sites whose documents this server also serves, so results link to them (with
    /// --opensearch); results from other archives link nowhere.
    #[arg(long = "documents", value_name = "SITE", requires = "opensearch")]
    pub documents: Vec<PathBuf>,
    /// The server stands behind a reverse proxy that adds the client's address to
    /// X-Forwarded-For: limit searches per client, not per proxy (with --opensearch).
    #[arg(long, requires = "opensearch")]
    pub behind_proxy: bool,
}

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Sites written by `khlang build` (or `khlang merge`).
    #[arg(required = true)]
    pub sites: Vec<PathBuf>,
    /// The cluster: http(s)://host:9200. User, password and CA file come from
    /// KHLANG_OPENSEARCH_USER, KHLANG_OPENSEARCH_PASSWORD and KHLANG_OPENSEARCH_CA.
    #[arg(long, value_name = "URL")]
    pub opensearch: String,
    /// The index to publish into; made when missing.
    #[arg(long, default_value = "khlang")]
    pub index: String,
    /// Primary shards of a new index.
    #[arg(long, default_value_t = 2)]
    pub shards: u32,
    /// Copies of each shard in a new index.
    #[arg(long, default_value_t = 1)]
    pub replicas: u32,
    /// Refuse any site that is not signed.
    #[arg(long)]
    pub require_signature: bool,
    /// Accept only sites signed with one of these public keys (khlang-public-key.json from
    /// each agency); implies --require-signature.
    #[arg(long, value_name = "PUBLIC_KEY_FILE")]
    pub key: Vec<PathBuf>,
    /// Largest bulk request, in MB of text.
    #[arg(long, default_value_t = 5)]
    pub batch_mb: usize,
    /// Most documents in one bulk request.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_docs: u64,
}
