//! The kiosk settings a build writes into the site's page, from `--kiosk`, `--kiosk-idle`,
//! `--kiosk-pin` and `--survey`.

use anyhow::{bail, Result};
use catalog::archive::sha256_hex;
use catalog::kiosk::{KioskSettings, PinHash, PIN_ROUNDS};

use crate::cli::KioskArgs;

/// Checks the options before the long part of a build, so a mistyped PIN fails at once.
pub fn check(args: &KioskArgs) -> Result<()> {
    match &args.kiosk_pin {
        Some(pin) => check_pin(pin),
        None => Ok(()),
    }
}

/// The settings for the app. The PIN's salt is taken from the archive's table of contents, which
/// holds the checksum of every part: each site gets its own salt, and the same input still gives
/// a byte-identical site.
pub fn settings(args: &KioskArgs, toc: &[u8]) -> Result<KioskSettings> {
    check(args)?;
    let salt = &sha256_hex(toc)[..32];
    Ok(KioskSettings {
        kiosk: args.kiosk,
        idle_seconds: args.kiosk_idle,
        pin: args
            .kiosk_pin
            .as_ref()
            .map(|pin| PinHash::new(pin, salt, PIN_ROUNDS)),
        survey: args.survey,
    })
}

/// Staff type the PIN on the kiosk's on-screen number pad, so digits only.
fn check_pin(pin: &str) -> Result<()> {
    let len = pin.chars().count();
    if !pin.chars().all(|c| c.is_ascii_digit()) || !(4..=12).contains(&len) {
        bail!("--kiosk-pin must be 4 to 12 digits (0–9), typed on the kiosk's number pad; got {len} character(s)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pin: Option<&str>) -> KioskArgs {
        KioskArgs {
            kiosk: true,
            kiosk_idle: 30,
            kiosk_pin: pin.map(str::to_string),
            survey: false,
        }
    }

    #[test]
    fn pins_table() {
        let cases = [
            (Some("2563"), true),
            (Some("123456789012"), true),
            (Some("123"), false),
            (Some("1234567890123"), false),
            (Some("12a4"), false),
            (Some("๑๒๓๔"), false),
            (None, true),
        ];
        for (pin, ok) in cases {
            assert_eq!(check(&args(pin)).is_ok(), ok, "{pin:?}");
            let got = settings(&args(pin), b"khlang_archive({});");
            assert_eq!(got.is_ok(), ok, "{pin:?}");
            if let (Ok(s), Some(pin)) = (got, pin) {
                assert!(!s.to_json().contains(pin), "PIN never in clear");
                assert!(s.pin.expect("a hash").verify(pin));
            }
        }
    }

    #[test]
    fn the_salt_follows_the_sites_content() {
        let pin = |toc: &str| {
            settings(&args(Some("2563")), toc.as_bytes())
                .unwrap()
                .pin
                .unwrap()
        };
        let a = pin("khlang_archive({\"title\":\"a\"});");
        assert_eq!(a.salt.len(), 32);
        assert_eq!(a, pin("khlang_archive({\"title\":\"a\"});"), "reproducible");
        let b = pin("khlang_archive({\"title\":\"b\"});");
        assert_ne!(a.salt, b.salt);
        assert_ne!(a.sha256, b.sha256);
    }
}
