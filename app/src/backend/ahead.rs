//! Answers searched ahead, in the idle time once the archive is in.
//!
//! The first keystroke of a query searches a one-character prefix, which unites thousands of
//! terms: the costliest search there is, and every query starts with one. There are few of
//! them, so each character a Thai query can start with is answered before it is typed, one per
//! idle moment (never in a keystroke's way), and the engine keeps those answers for good
//! (catalog's `Engine::answer_ahead`): the answer is the one searching then would give.

use std::ops::RangeInclusive;

use catalog::{Engine, SearchRequest};

use crate::idle::idle_for;

/// What a Thai query starts with: a consonant (ก–ฮ) or a vowel written before one (เ แ โ ใ ไ).
const FIRST_CHARACTERS: [RangeInclusive<char>; 2] =
    ['\u{0E01}'..='\u{0E2E}', '\u{0E40}'..='\u{0E44}'];

/// Idle time one search ahead needs, so that it never delays the next frame: a one-character
/// search takes a few to a dozen milliseconds in the browser (`khlang-bench profile-typing`).
const NEEDED_MS: f64 = 20.0;

/// A page that is never that idle still gets its answers, one this often.
const AT_LEAST_EVERY_MS: u32 = 3_000;

/// Answers every one-character query with no filters, as the page's first keystroke asks it,
/// and has the engine keep the answers. Stops at the first answer that cannot be kept whole
/// (its hits' pages of stored text are not in: over http they load only when shown).
pub async fn answer_first_characters(engine: &Engine) {
    for first in FIRST_CHARACTERS.into_iter().flatten() {
        idle_for(NEEDED_MS, AT_LEAST_EVERY_MS).await;
        match engine.answer_ahead(&SearchRequest::new(first.to_string())) {
            Ok(true) => {}
            Ok(false) | Err(_) => return,
        }
    }
}
