//! The index a cluster keeps khlang's documents in: its settings and explicit mapping.

use serde_json::{json, Value};

use super::fields::*;
use super::{facet_field, MAX_TOKEN_BYTES, TOKENS_ANALYZER};
use crate::facets::FacetKind;

/// The version of what this module and [`super::source`] write: an index made by another
/// version is refused by `khlang publish` rather than mixed.
pub const FORMAT: u32 = 1;

/// The body of the request that creates the index: `shards` primaries, `replicas` copies of
/// each.
pub fn index_body(shards: u32, replicas: u32) -> Value {
    let tokens = |positions: bool| {
        let mut field = json!({
            "type": "text",
            "analyzer": TOKENS_ANALYZER,
            // Scores come from the words; the grams only decide what matches.
            "norms": false,
        });
        if !positions {
            field["index_options"] = json!("docs");
        }
        field
    };
    let words = json!({"type": "text", "analyzer": TOKENS_ANALYZER});
    let keyword = json!({"type": "keyword"});
    let mut properties = serde_json::Map::new();
    for (name, value) in [
        (TITLE_WORDS, words.clone()),
        (BODY_WORDS, words),
        (TITLE_GRAMS, tokens(true)),
        (BODY_GRAMS, tokens(true)),
        (TITLE_UNITS, tokens(false)),
        (BODY_UNITS, tokens(false)),
        (PATH, keyword.clone()),
        (ARCHIVE, keyword.clone()),
        (SIGNER, keyword.clone()),
        (CONTENT_HASH, keyword.clone()),
        (ARCHIVE_DIGEST, keyword.clone()),
        (DOC_NUMBER, keyword.clone()),
        (FILE_TYPE, keyword.clone()),
        (DATE, json!({"type": "date", "format": "yyyy-MM-dd"})),
        (
            PUBLISH_UNTIL,
            json!({"type": "date", "format": "yyyy-MM-dd"}),
        ),
        (SHOWN, json!({"type": "object", "enabled": false})),
    ] {
        properties.insert(name.to_string(), value);
    }
    for kind in FacetKind::ALL {
        properties.insert(facet_field(kind).to_string(), keyword.clone());
    }
    json!({
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                "tokenizer": {
                    TOKENS_ANALYZER: {"type": "whitespace", "max_token_length": MAX_TOKEN_BYTES * 2}
                },
                "analyzer": {
                    TOKENS_ANALYZER: {"type": "custom", "tokenizer": TOKENS_ANALYZER}
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"khlang": {"format": FORMAT}},
            // The token streams are indexed, not kept: the text is in `shown` once.
            "_source": {"excludes": [TITLE_WORDS, TITLE_GRAMS, TITLE_UNITS, BODY_WORDS, BODY_GRAMS, BODY_UNITS]},
            "properties": properties,
        }
    })
}
