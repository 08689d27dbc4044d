//! Spelling: what a reader means when the letters are not quite the archive's.
//!
//! Thai is typed by hand, on keyboards people do not know, and agencies' documents carry the
//! usual slips. khlang never changes a query behind the reader's back; it *offers*: when a query
//! finds nothing, the nearest words the archive does hold ([`Lexicon::nearest`]). Nearness is
//! Thai-aware ([`distance`]): a forgotten vowel or tone mark, marks in the wrong order or a letter
//! of the same sound cost far less than a wrong consonant. A typed dictionary word is never
//! offered another: ไก่ and ไข่, ป่า and ป้า, กรม and กรรม are different words, not slips.

mod distance;
mod lexicon;

pub use distance::{distance, skeleton};
pub use lexicon::{Lexicon, Near};
