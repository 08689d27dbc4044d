//! Thai-first text analysis: the one place where text becomes terms.
//!
//! Indexing (natively, in `khlang build`) and querying (natively in `khlang search` and in the
//! browser) both go through [`Analyzer`], so a query is always cut the same way as the documents.
//! Two token streams come out of one normalized text:
//! - **words**: dictionary segmentation of Thai (maximal matching on TCC boundaries) plus Latin
//!   words and numbers; used for ranking whole-word and phrase matches;
//! - **grams**: pairs of consecutive *units* (a Thai Character Cluster, or one non-Thai,
//!   non-space character), whitespace skipped; used for recall, so any typed span that occurs in a
//!   document matches it no matter how a segmenter would cut it.
