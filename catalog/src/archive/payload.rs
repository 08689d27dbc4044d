//! How a part's bytes are written as the text of a JavaScript string: 15 bits per UTF-16 code
//! unit, in a script file that is UTF-16 (it starts with the byte-order mark, which browsers
//! obey before any `charset`, from `file://` and over http alike).
//!
//! base64 in a UTF-8 script spends 8 bits of file for 6 of data: the carriage alone made a
//! third of `data/`. A UTF-16 code unit is 16 bits of file; 15 of them carry data, so the
//! carriage costs a fifteenth. Each group of 15 bits `v` is the code unit `BASE + v`: the
//! range U+3000–U+AFFF holds no surrogate (which a UTF-16 file cannot hold alone), no quote,
//! backslash or line break (which a string literal cannot hold unescaped), so the literal
//! needs no escapes at all. Bits run from each byte's highest; the last unit is padded with
//! zero bits, and the table of contents gives the byte count that ends the data.
//!
//! The reader receives the string as UTF-8 (the app from wasm-bindgen, `khlang search` from
//! [`super::script`]), where each of these code units is three bytes, so [`decode`] reads
//! those bytes directly.

/// The code unit that carries the 15 bits 0.
const BASE: u32 = 0x3000;
/// Bits of data per code unit.
const BITS: u32 = 15;

/// The code units carrying `bytes`.
pub fn encode(bytes: &[u8]) -> Vec<u16> {
    let mut units = Vec::with_capacity(units_for(bytes.len()));
    let (mut acc, mut held) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        held += 8;
        if held >= BITS {
            held -= BITS;
            units.push(unit(acc >> held));
            acc &= (1 << held) - 1;
        }
    }
    if held > 0 {
        units.push(unit(acc << (BITS - held)));
    }
    units
}

/// The `len` bytes that `text` (the string [`encode`] made, as UTF-8) carries; `None` unless it
/// is exactly such a string: the right number of code units, each in range, zero padding.
pub fn decode(text: &str, len: usize) -> Option<Vec<u8>> {
    let raw = text.as_bytes();
    if raw.len() != 3 * units_for(len) {
        return None;
    }
    let mut out = Vec::with_capacity(len);
    let (mut acc, mut held) = (0u32, 0u32);
    for c in raw.chunks_exact(3) {
        // U+3000–U+AFFF in UTF-8: 1110xxxx 10xxxxxx 10xxxxxx.
        if c[0] & 0xF0 != 0xE0 || c[1] & 0xC0 != 0x80 || c[2] & 0xC0 != 0x80 {
            return None;
        }
        let code =
            (u32::from(c[0] & 0x0F) << 12) | (u32::from(c[1] & 0x3F) << 6) | u32::from(c[2] & 0x3F);
        let v = code.checked_sub(BASE).filter(|v| *v < 1 << BITS)?;
        acc = (acc << BITS) | v;
        held += BITS;
        while held >= 8 && out.len() < len {
            held -= 8;
            out.push((acc >> held) as u8);
            acc &= (1 << held) - 1;
        }
    }
    // What is left is the last unit's padding: all zero in a string `encode` made.
    (out.len() == len && acc == 0).then_some(out)
}

/// Code units that carry `len` bytes.
fn units_for(len: usize) -> usize {
    (len * 8).div_ceil(BITS as usize)
}

fn unit(v: u32) -> u16 {
    // v < 2^15, so BASE + v < 0xB000 fits.
    (BASE + v) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8(units: &[u16]) -> String {
        String::from_utf16(units).unwrap()
    }

    #[test]
    fn every_length_round_trips() {
        // Lengths around every phase of 15 bits against 8, and bytes of every value.
        for len in 0..64usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 97 + 255 * (i % 3)) as u8).collect();
            let units = encode(&bytes);
            assert_eq!(units.len(), units_for(len), "{len}");
            assert!(units.iter().all(|&u| (0x3000..0xB000).contains(&u)));
            assert_eq!(decode(&utf8(&units), len).as_deref(), Some(&bytes[..]));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&utf8(&encode(&all)), 256), Some(all));
    }

    #[test]
    fn refuses_what_encode_never_makes() {
        let units = encode(b"khlang");
        let text = utf8(&units);
        for (bad, len) in [
            // Lengths that take another number of units (7 bytes take 4 as 6 do: the table of
            // contents' length and checksum tell those apart).
            (text.clone(), 5),
            (text.clone(), 8),
            (format!("{text}A"), 6), // a character outside the range
            (utf8(&[0x2FFF; 4]), 6), // below it
            (utf8(&[0xB000; 4]), 6), // above it
            (utf8(&[0x3000, 0x3000, 0x3000, 0x3001]), 6), // padding bits set
        ] {
            assert_eq!(decode(&bad, len), None, "{bad:?} as {len} bytes");
        }
    }
}
