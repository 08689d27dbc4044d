//! Shared by the fixture tests: loading expectations and comparing fields.

use std::path::PathBuf;

use metadata::DocMeta;
use serde_json::Value;

/// Titles are compared after folding Thai digits to Arabic and collapsing whitespace, as the
/// expectations are written with Arabic digits and single spaces.
pub fn norm(s: &str) -> String {
    thai::to_arabic_digits(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &PathBuf) -> String {
    match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

pub fn expectations(path: &PathBuf) -> Vec<Value> {
    match serde_json::from_str::<Value>(&read(path)) {
        Ok(Value::Array(rows)) => rows,
        other => panic!("{} is not a JSON array: {other:?}", path.display()),
    }
}

/// One field's expected and actual value, as comparable strings (None = null).
pub fn field(meta: &DocMeta, want: &Value, name: &str) -> (Option<String>, Option<String>) {
    let expected = match &want[name] {
        Value::Null => None,
        Value::String(s) => Some(if name == "title" { norm(s) } else { s.clone() }),
        other => Some(other.to_string()),
    };
    let actual = match name {
        "agency" => meta.agency.clone(),
        "title" => meta.title.as_deref().map(norm),
        "date" => meta.date.map(|d| d.to_string()),
        "fiscal_year" => meta.fiscal_year.map(|y| y.to_string()),
        "department" => meta.department.clone(),
        "category" => meta.category.clone(),
        "doc_number" => meta.doc_number.clone(),
        _ => panic!("unknown field {name}"),
    };
    (expected, actual)
}

/// A field value for messages: Thai shown as Thai, null as null.
pub fn show(v: &Option<String>) -> String {
    v.as_ref()
        .map_or_else(|| "null".to_string(), |s| format!("«{s}»"))
}
