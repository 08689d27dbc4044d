//! The kiosk settings a build writes into the site's page, from `--kiosk`, `--kiosk-idle`,
//! `--kiosk-pin` and `--survey`.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use anyhow::{bail, Result};
use catalog::kiosk::{KioskSettings, PinHash, PIN_ROUNDS};

use crate::cli::KioskArgs;

/// The settings for the app; checks the PIN first so a typo fails before the long build.
pub fn settings(args: &KioskArgs) -> Result<KioskSettings> {
    let pin = match &args.kiosk_pin {
        Some(pin) => {
            check_pin(pin)?;
            Some(PinHash::new(pin, &random_salt(), PIN_ROUNDS))
        }
        None => None,
    };
    Ok(KioskSettings {
        kiosk: args.kiosk,
        idle_seconds: args.kiosk_idle,
        pin,
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

/// 128 random bits as hex. The standard library seeds every RandomState from the operating
/// system's random source, which is all a salt needs.
fn random_salt() -> String {
    (0..2)
        .map(|_| format!("{:016x}", RandomState::new().build_hasher().finish()))
        .collect()
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
            let got = settings(&args(pin));
            assert_eq!(got.is_ok(), ok, "{pin:?}");
            if let (Ok(s), Some(pin)) = (got, pin) {
                assert!(!s.to_json().contains(pin), "PIN never in clear");
                assert!(s.pin.expect("a hash").verify(pin));
            }
        }
    }

    #[test]
    fn every_build_gets_its_own_salt() {
        let a = settings(&args(Some("2563"))).unwrap().pin.unwrap();
        let b = settings(&args(Some("2563"))).unwrap().pin.unwrap();
        assert_eq!(a.salt.len(), 32);
        assert_ne!(a.salt, b.salt);
        assert_ne!(a.sha256, b.sha256);
    }
}
