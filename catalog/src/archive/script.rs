//! The classic-script envelope every archive file travels in, written and read here alone.
//!
//! A site opened from `file://` may not fetch, but it may still run `<script src>`; so the
//! table of contents, each part and the app's wasm module are each one call of a global
//! function ([`TOC_CALLBACK`], [`PART_CALLBACK`], [`WASM_CALLBACK`]) with the data as its
//! argument. `khlang search` and the tests take the argument out of the text again with the
//! same rules the browser's JavaScript parser would apply to these one-call scripts.

use base64::Engine as _;

use super::error::ArchiveError;
use super::format::{PART_CALLBACK, TOC_CALLBACK, TOC_FILE, WASM_CALLBACK};
use super::payload;
use super::toc::{parse_toc_json, Toc};

/// The byte-order mark that makes a browser read a script as UTF-16, little-endian.
const UTF16LE_BOM: [u8; 2] = [0xFF, 0xFE];

/// The table-of-contents script for `toc`.
pub fn toc_script(toc: &Toc) -> Vec<u8> {
    // serde_json cannot fail on these plain types; an empty object would only make the site
    // report a damaged table of contents, never crash.
    let json = serde_json::to_string(toc).unwrap_or_else(|_| "{}".into());
    format!("{TOC_CALLBACK}({json});\n").into_bytes()
}

/// Reads the table of contents from the text of `data/archive.js`.
pub fn parse_toc_script(script: &str) -> Result<Toc, ArchiveError> {
    let json = call_argument(script, TOC_CALLBACK).ok_or(ArchiveError::NotAScript {
        file: TOC_FILE.into(),
        expected: TOC_CALLBACK,
    })?;
    parse_toc_json(json)
}

/// The script of part `number`, which carries `bytes`: UTF-16 with its byte-order mark, the
/// bytes 15 bits to a code unit in the string ([`super::payload`]).
pub fn part_script(number: usize, bytes: &[u8]) -> Vec<u8> {
    let head = format!("{PART_CALLBACK}({number},\"");
    let tail = "\");\n";
    let payload = payload::encode(bytes);
    let mut out = Vec::with_capacity(2 * (1 + head.len() + payload.len() + tail.len()));
    out.extend_from_slice(&UTF16LE_BOM);
    let units = head
        .encode_utf16()
        .chain(payload)
        .chain(tail.encode_utf16());
    for unit in units {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The text of a script file as a browser decodes it: UTF-16 when it starts with the UTF-16LE
/// byte-order mark (as part scripts do), else UTF-8 (without its mark, if any). `file` names
/// the script in errors.
pub fn script_text(file: &str, bytes: &[u8]) -> Result<String, ArchiveError> {
    let damaged = |detail: &str| ArchiveError::BadPart {
        file: file.into(),
        detail: detail.into(),
    };
    if let Some(rest) = bytes.strip_prefix(&UTF16LE_BOM) {
        if !rest.len().is_multiple_of(2) {
            return Err(damaged("UTF-16 text of an odd number of bytes"));
        }
        let units = rest
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]));
        return char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| damaged("not UTF-16"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| damaged("not UTF-8"))
}

/// Reads (index, payload) from the text of a part script (see [`super::payload`]).
pub fn parse_part_script<'a>(
    file: &str,
    script: &'a str,
) -> Result<(usize, &'a str), ArchiveError> {
    let not_script = || ArchiveError::NotAScript {
        file: file.into(),
        expected: PART_CALLBACK,
    };
    let args = call_argument(script, PART_CALLBACK).ok_or_else(not_script)?;
    let (index, payload) = args.split_once(',').ok_or_else(not_script)?;
    let index = index.trim().parse().map_err(|_| not_script())?;
    let payload = payload
        .trim()
        .strip_prefix('"')
        .and_then(|p| p.strip_suffix('"'));
    Ok((index, payload.ok_or_else(not_script)?))
}

/// The classic script that carries the app's wasm module `wasm` (see [`WASM_CALLBACK`]).
pub fn wasm_script(wasm: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    format!("{WASM_CALLBACK}(\"{b64}\");\n")
}

/// The wasm module a [`wasm_script`] carries; `file` names the script in errors.
pub fn parse_wasm_script(file: &str, script: &str) -> Result<Vec<u8>, ArchiveError> {
    let b64 = call_argument(script, WASM_CALLBACK)
        .and_then(|arg| arg.trim().strip_prefix('"')?.strip_suffix('"'))
        .ok_or_else(|| ArchiveError::NotAScript {
            file: file.into(),
            expected: WASM_CALLBACK,
        })?;
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| ArchiveError::BadPart {
            file: file.into(),
            detail: e.to_string(),
        })
}

/// The text between `callee(` and the closing `);` of a one-call script.
pub(crate) fn call_argument<'a>(script: &'a str, callee: &str) -> Option<&'a str> {
    let rest = script.trim().strip_prefix(callee)?.strip_prefix('(')?;
    rest.strip_suffix(';')
        .unwrap_or(rest)
        .trim_end()
        .strip_suffix(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_scripts_that_are_not_ours() {
        assert!(parse_toc_script("alert(1)").is_err());
        assert!(parse_toc_script("khlang_archive({\"format\":99});").is_err());
        assert!(parse_part_script("x", "khlang_part(x,\"AA\");").is_err());
        assert!(parse_part_script("x", "khlang_part(1,AA);").is_err());
        assert_eq!(
            parse_part_script("x", "khlang_part(1,\"QQ==\");\n").unwrap(),
            (1, "QQ==")
        );
    }

    #[test]
    fn the_wasm_script_carries_the_module_both_ways() {
        let wasm = b"\0asm\x01\0\0\0 and more bytes \xff\xfe";
        let script = wasm_script(wasm);
        assert!(script.starts_with("khlang_wasm(\"AGFzbQ"), "{script}");
        assert!(script.ends_with("\");\n"), "{script}");
        assert_eq!(parse_wasm_script("w.js", &script).unwrap(), wasm.to_vec());
        for (bad, not_ours) in [
            ("khlang_part(0,\"AA==\");", true),
            ("khlang_wasm(AGFzbQ==);", true),
            ("khlang_wasm(\"AGF*bQ==\");", false),
        ] {
            let got = parse_wasm_script("w.js", bad);
            let ok = if not_ours {
                matches!(got, Err(ArchiveError::NotAScript { .. }))
            } else {
                matches!(got, Err(ArchiveError::BadPart { .. }))
            };
            assert!(ok, "{bad}: {got:?}");
        }
    }
}
