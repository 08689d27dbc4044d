//! Writing an archive's index: documents in, canonical index files out.
//!
//! Analysis is the expensive part, so callers run [`AnalyzedDoc::new`] on all cores; the index
//! itself is written by tantivy's single-segment writer, in document order, without threads.
//! Together with canonical segment naming this makes the files a pure function of the input:
//! the same documents give byte-identical archives.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use chrono::NaiveDate;
use tantivy::directory::RamDirectory;
use tantivy::tokenizer::{Tokenizer, TokenizerManager};
use tantivy::{Directory, Index, SingleSegmentIndexWriter, TantivyDocument};

use crate::analysis::{
    unit_prefixes, Analyzer, Token, VecTokenStream, GRAMS_TOKENIZER, UNITS_TOKENIZER,
    WORDS_TOKENIZER,
};
use crate::facets::FacetKind;
use crate::facts::Facts;
use crate::schema::{build_schema, Fields};
use crate::spelling::candidates_of;

/// Memory the writer may use before it must flush. A single segment never flushes early, so this
/// only bounds the initial arena; tantivy grows it as needed.
const WRITER_MEMORY: usize = 256 << 20;
/// The name every archive's one segment gets, so file names do not depend on a random UUID.
const CANONICAL_SEGMENT: &str = "00000000000000000000000000000001";

/// One document as it goes into the index: its facts and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocRecord {
    pub facts: Facts,
    pub body: String,
}

/// A document with its text already analyzed (the part worth running in parallel).
pub struct AnalyzedDoc {
    record: DocRecord,
    title_words: Vec<Token>,
    title_grams: Vec<Token>,
    title_units: Vec<Token>,
    body_words: Vec<Token>,
    body_grams: Vec<Token>,
    body_units: Vec<Token>,
}

impl AnalyzedDoc {
    /// Analyzes the title and body of `record`.
    pub fn new(record: DocRecord, analyzer: &Analyzer) -> AnalyzedDoc {
        let title = analyzer.analyze(&record.facts.title);
        let body = analyzer.analyze(&record.body);
        AnalyzedDoc {
            record,
            title_units: unit_prefixes(&title.grams),
            title_words: title.words,
            title_grams: title.grams,
            body_units: unit_prefixes(&body.grams),
            body_words: body.words,
            body_grams: body.grams,
        }
    }

    /// The document's candidate slips (crate::spelling::candidates_of), title and body, each
    /// once with whether it stood after a title, sorted: what a build keeps to find the
    /// archive's slips once every document is read.
    pub fn slip_candidates(&self, analyzer: &Analyzer) -> Vec<(String, bool)> {
        let mut found = candidates_of(&self.body_words, analyzer);
        for (c, named) in candidates_of(&self.title_words, analyzer) {
            *found.entry(c).or_default() |= named;
        }
        let mut found: Vec<(String, bool)> = found.into_iter().collect();
        found.sort();
        found
    }

    fn into_document(self, fields: &Fields) -> TantivyDocument {
        let DocRecord { facts: r, body } = self.record;
        let mut doc = TantivyDocument::default();
        for kind in FacetKind::ALL {
            doc.add_text(fields.facet(kind), r.facet_value(kind));
        }
        // The tokens go to the replay tokenizers (see `Pending`); the field values themselves
        // are empty, since the display copy lives in its own stored field.
        let units = [fields.title_units, fields.body_units];
        for field in [
            fields.title_words,
            fields.title_grams,
            fields.body_words,
            fields.body_grams,
        ]
        .into_iter()
        .chain(units.into_iter().flatten())
        {
            doc.add_text(field, "");
        }
        PENDING.with(|p| {
            let mut p = p.borrow_mut();
            p.words = VecDeque::from([self.title_words, self.body_words]);
            p.grams = VecDeque::from([self.title_grams, self.body_grams]);
            p.units = VecDeque::from([self.title_units, self.body_units]);
        });
        doc.add_text(fields.title, &r.title);
        doc.add_text(fields.body, &body);
        doc.add_text(fields.path, &r.path);
        doc.add_text(fields.url, &r.url);
        doc.add_text(fields.file_type, &r.file_type);
        doc.add_u64(fields.size, r.size);
        if let (Some(field), Some(c)) = (fields.ocr_confidence, r.ocr_confidence) {
            doc.add_u64(field, u64::from(c));
        }
        if let Some(date) = r.date {
            doc.add_text(fields.date, r.date_text());
            let days = date.signed_duration_since(NaiveDate::default()).num_days();
            doc.add_i64(fields.date_days, days);
        }
        if let Some(number) = &r.doc_number {
            doc.add_text(fields.doc_number, number);
        }
        for note in &r.notes {
            doc.add_text(fields.notes, note);
        }
        if let (Some(field), Some(until)) = (fields.publish_until, r.publish_until) {
            doc.add_text(field, crate::facts::date_text(until));
        }
        if let (Some(field), Some(source)) = (fields.source, &r.source) {
            // Serializing two strings into memory cannot fail.
            doc.add_text(field, serde_json::to_string(source).unwrap_or_default());
        }
        if let Some(card) = fields.card {
            let value = crate::card::encode(&crate::card::from_doc(&doc, fields));
            doc.add_bytes(card, &value);
        }
        doc
    }
}

/// The analyzed tokens of the document being added, handed to tantivy by [`Replay`].
///
/// tantivy 0.27 keeps a pre-tokenized field value inside its document as JSON and parses it back
/// to index it: a fifth of a large build went to that round trip. Instead each token field gets
/// an empty value and a tokenizer that replays what [`AnalyzedDoc::new`] computed (on all
/// cores). tantivy indexes a document's fields in field order on the calling thread, so for each
/// tokenizer the title's tokens come first, then the body's.
#[derive(Default)]
struct Pending {
    words: VecDeque<Vec<Token>>,
    grams: VecDeque<Vec<Token>>,
    units: VecDeque<Vec<Token>>,
}

thread_local! {
    static PENDING: RefCell<Pending> = RefCell::new(Pending::default());
}

/// A tokenizer that ignores its text and replays the pending tokens of its stream.
#[derive(Clone, Copy)]
enum Replay {
    Words,
    Grams,
    Units,
}

impl Tokenizer for Replay {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, _text: &'a str) -> VecTokenStream {
        let tokens = PENDING.with(|p| {
            let mut p = p.borrow_mut();
            let queue = match self {
                Replay::Words => &mut p.words,
                Replay::Grams => &mut p.grams,
                Replay::Units => &mut p.units,
            };
            queue.pop_front().unwrap_or_default()
        });
        VecTokenStream::new(tokens)
    }
}

/// Builds an archive's index from documents added in a fixed order.
pub struct IndexBuilder {
    writer: SingleSegmentIndexWriter,
    fields: Fields,
    dir: RamDirectory,
}

impl IndexBuilder {
    /// Starts an empty index. Its documents come analyzed ([`AnalyzedDoc::new`]); the index
    /// records only the tokenizer names, which readers map to the archive's analyzer.
    pub fn new() -> tantivy::Result<IndexBuilder> {
        let (schema, fields) = build_schema();
        let dir = RamDirectory::create();
        // The writer resolves each field's tokenizer by name; here the names replay the tokens
        // analyzed up front.
        let tokenizers = TokenizerManager::default();
        tokenizers.register(WORDS_TOKENIZER, Replay::Words);
        tokenizers.register(GRAMS_TOKENIZER, Replay::Grams);
        tokenizers.register(UNITS_TOKENIZER, Replay::Units);
        let writer = Index::builder()
            .schema(schema)
            .tokenizers(tokenizers)
            .single_segment_index_writer(dir.clone(), WRITER_MEMORY)?;
        Ok(IndexBuilder {
            writer,
            fields,
            dir,
        })
    }

    /// Adds the next document.
    pub fn add(&mut self, doc: AnalyzedDoc) -> tantivy::Result<()> {
        let added = self.writer.add_document(doc.into_document(&self.fields));
        // Nothing may be left for the next document, whatever tantivy did with this one.
        PENDING.with(|p| *p.borrow_mut() = Pending::default());
        added
    }

    /// Finishes the index and returns its files: name → bytes.
    pub fn finish(self) -> tantivy::Result<BTreeMap<String, Vec<u8>>> {
        self.finish_segment(CANONICAL_SEGMENT)
    }

    /// Finishes a one-segment index whose segment is named `id` (32 hex digits), to be put
    /// together with others by [`compose`]. Naming segments after what went into them keeps
    /// the files a pure function of the input.
    pub fn finish_segment(self, id: &str) -> tantivy::Result<BTreeMap<String, Vec<u8>>> {
        let index = self.writer.finalize()?;
        canonical_files(&index, &self.dir, id)
    }
}

/// One index from one-segment indexes (see [`IndexBuilder::finish_segment`]), their documents
/// in the order given. Segments built separately can be built on separate cores, and one that
/// was built before from the same documents can be reused as it is.
pub fn compose(
    segments: impl IntoIterator<Item = BTreeMap<String, Vec<u8>>>,
) -> tantivy::Result<BTreeMap<String, Vec<u8>>> {
    let bad_meta = |e: serde_json::Error| {
        tantivy::TantivyError::InvalidArgument(format!("a segment's meta.json: {e}"))
    };
    let mut files = BTreeMap::new();
    let mut meta: Option<serde_json::Value> = None;
    for segment in segments {
        for (name, bytes) in segment {
            if name != "meta.json" {
                files.insert(name, bytes);
                continue;
            }
            let next: serde_json::Value = serde_json::from_slice(&bytes).map_err(bad_meta)?;
            let Some(meta) = meta.as_mut() else {
                meta = Some(next);
                continue;
            };
            if let (Some(all), Some(more)) = (
                meta.get_mut("segments").and_then(|s| s.as_array_mut()),
                next.get("segments").and_then(|s| s.as_array()),
            ) {
                all.extend(more.iter().cloned());
            }
            let opstamp = |m: &serde_json::Value| m.get("opstamp").and_then(|o| o.as_u64());
            if let (Some(a), Some(b)) = (opstamp(meta), opstamp(&next)) {
                meta["opstamp"] = a.max(b).into();
            }
        }
    }
    let meta = meta.ok_or_else(|| {
        tantivy::TantivyError::InvalidArgument("an index needs at least one segment".into())
    })?;
    files.insert(
        "meta.json".to_string(),
        serde_json::to_vec(&meta).map_err(bad_meta)?,
    );
    Ok(files)
}

/// Writes `docs`, in the order given, into index files: file name → bytes.
pub fn write_index(
    docs: impl IntoIterator<Item = AnalyzedDoc>,
) -> tantivy::Result<BTreeMap<String, Vec<u8>>> {
    let mut builder = IndexBuilder::new()?;
    for doc in docs {
        builder.add(doc)?;
    }
    builder.finish()
}

/// Reads the index files back with the segment renamed to `id`.
fn canonical_files(
    index: &Index,
    dir: &RamDirectory,
    id: &str,
) -> tantivy::Result<BTreeMap<String, Vec<u8>>> {
    let metas = index.load_metas()?;
    let mut files = BTreeMap::new();
    for path in metas.list_segment_files() {
        if !dir.exists(&path)? {
            continue;
        }
        let bytes = dir.atomic_read(&path)?;
        let mut name = path.to_string_lossy().into_owned();
        for segment in &metas.segments {
            name = name.replace(&segment.id().uuid_string(), id);
        }
        files.insert(name, bytes);
    }
    let renames: Vec<String> = metas
        .segments
        .iter()
        .map(|s| s.id().uuid_string())
        .collect();
    let mut meta_json =
        String::from_utf8_lossy(&dir.atomic_read(Path::new("meta.json"))?).into_owned();
    // meta.json spells segment ids hyphenated; file names do not.
    for uuid in renames {
        meta_json = meta_json
            .replace(&uuid, id)
            .replace(&hyphenated(&uuid), &hyphenated(id));
    }
    files.insert("meta.json".to_string(), meta_json.into_bytes());
    Ok(files)
}

/// A 32-hex-digit UUID in its 8-4-4-4-12 form.
fn hyphenated(simple: &str) -> String {
    let mut out = String::with_capacity(36);
    for (i, c) in simple.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}
