//! Facts of the Thai script that khlang's crates share, declared once: which characters are
//! combining marks and the order they are written in ([`marks`]), the Private-Use-Area glyph
//! codepoints PDF fonts leave for them ([`pua`]), and the repair that turns text as a PDF or
//! an old program gives it back into the text the author typed ([`repair`]), Thai digits and
//! the Buddhist-era year ([`digits`]), and the consonants that spell one sound ([`letters`]).
//!
//! No dependencies, no allocation beyond the repaired string: it is compiled into the
//! browser app (through `catalog`), into catalog's build script and into every extractor.

pub mod digits;
pub mod letters;
pub mod marks;
pub mod pua;
mod repair;

pub use digits::{digit_value, is_digit, to_arabic_digit, to_arabic_digits, BE_OFFSET};
pub use letters::{is_consonant, sound_of, SAME_SOUND};
pub use marks::{is_mark, is_tone_mark, mark_rank};
pub use pua::pua_to_thai;
pub use repair::{repair, repair_tracked, shift_offset};
