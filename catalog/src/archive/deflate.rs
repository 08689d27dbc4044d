//! Parts that travel deflated.
//!
//! tantivy packs postings tightly but leaves much for an entropy coder: deflated, the term
//! dictionaries and doc lists lose a third, the columns (result cards, facets) three quarters,
//! the stored documents (LZ4 blocks of Thai, three bytes a character) a fifth, the positions
//! (bit-packed) a fifteenth — about 40 MB of the 196 MB index at 17k documents. So each part is
//! deflated when that saves at least [`WORTH`] of it; its table-of-contents entry says so and
//! how many bytes its script carries, and its checksum stays that of the bytes the index reads.
//! Level 1: the higher levels save under 1 % more here and cost the build several times the
//! time. Pure Rust (miniz_oxide), so the web app inflates with the same code.

/// Deflate level (see above).
const LEVEL: u8 = 1;
/// A part travels deflated only when that saves at least this share of its bytes: below it,
/// inflating costs the reader more than the bytes are worth.
const WORTH: f64 = 0.05;

/// The deflated bytes of `bytes`, when worth it.
pub fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let packed = miniz_oxide::deflate::compress_to_vec(bytes, LEVEL);
    ((packed.len() as f64) <= (1.0 - WORTH) * bytes.len() as f64).then_some(packed)
}

/// The `len` bytes `packed` inflates to; `None` if it does not hold exactly that many.
pub fn inflate(packed: &[u8], len: usize) -> Option<Vec<u8>> {
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(packed, len).ok()?;
    (bytes.len() == len).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_text_shrinks_and_comes_back() {
        let text = "ประกาศสำนักงานปลัดสำนักนายกรัฐมนตรี เรื่อง การจัดซื้อจัดจ้าง ".repeat(40);
        let packed = deflate(text.as_bytes()).expect("Thai text is worth deflating");
        assert!(
            packed.len() < text.len() / 4,
            "{} of {}",
            packed.len(),
            text.len()
        );
        assert_eq!(
            inflate(&packed, text.len()).as_deref(),
            Some(text.as_bytes())
        );
        // A wrong length is refused, not cut or padded.
        assert_eq!(inflate(&packed, text.len() - 1), None);
        assert_eq!(inflate(&packed, text.len() + 1), None);
        assert_eq!(inflate(b"not deflate at all", 10), None);
    }

    #[test]
    fn bytes_that_do_not_shrink_stay_as_they_are() {
        // A pseudo-random sequence, as bit-packed postings look.
        let noise = super::super::tests::noise(4096, &mut 0x2545F4914F6CDD1Du64);
        assert_eq!(deflate(&noise), None);
    }
}
