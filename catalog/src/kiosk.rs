//! The information-centre kiosk settings (ศูนย์ข้อมูลข่าวสาร, official information centre) that
//! `khlang build` writes into a site and the app reads: kiosk mode, idle reset, the staff PIN and
//! the satisfaction survey.
//!
//! The staff PIN is stored as a salted, iterated SHA-256, never in clear: the site is a folder of
//! plain files anyone at the kiosk could read. A short PIN can still be found by trying them all;
//! the hash only keeps it from being read at a glance, which is what a kiosk needs.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Seconds without input before a kiosk returns to the home screen, unless the build says otherwise.
pub const DEFAULT_IDLE_SECONDS: u32 = 120;
/// Seconds of the on-screen countdown before an idle reset (or the idle time, when shorter).
pub const COUNTDOWN_SECONDS: u32 = 15;
/// Hash rounds for a new PIN: slow enough to make guessing costly, quick enough on a kiosk.
pub const PIN_ROUNDS: u32 = 20_000;

/// What the build decided about kiosk use; everything off by default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KioskSettings {
    /// Start in kiosk mode (also possible per visit with `index.html?kiosk`).
    pub kiosk: bool,
    /// Seconds without input before the kiosk resets.
    pub idle_seconds: u32,
    /// The staff screen's PIN; without one the staff screen only shows and exports (no clearing).
    pub pin: Option<PinHash>,
    /// Offer the satisfaction survey outside kiosk mode too.
    pub survey: bool,
}

impl Default for KioskSettings {
    fn default() -> KioskSettings {
        KioskSettings {
            kiosk: false,
            idle_seconds: DEFAULT_IDLE_SECONDS,
            pin: None,
            survey: false,
        }
    }
}

impl KioskSettings {
    /// Reads settings written by [`KioskSettings::to_json`]; anything unreadable gives the defaults,
    /// because a damaged setting must not keep the archive from opening.
    pub fn from_json(json: &str) -> KioskSettings {
        let mut settings: KioskSettings = serde_json::from_str(json).unwrap_or_default();
        settings.idle_seconds = settings.idle_seconds.max(1);
        settings
    }

    /// The settings as JSON, for the site's page.
    pub fn to_json(&self) -> String {
        // Plain types only: serialization cannot fail; "{}" would mean defaults.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// Where a kiosk's quiet period (time without input) stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdlePhase {
    InUse,
    /// The countdown shows, with this many whole seconds left.
    CountingDown(u32),
    /// Time to start over for the next citizen.
    Reset,
}

impl IdlePhase {
    /// The phase after `quiet_ms` without input, when the kiosk waits `wait_ms` and then counts
    /// down `countdown_ms` (milliseconds, as the browser's clock gives them).
    pub fn after(quiet_ms: f64, wait_ms: f64, countdown_ms: f64) -> IdlePhase {
        if quiet_ms < wait_ms {
            IdlePhase::InUse
        } else if quiet_ms < wait_ms + countdown_ms {
            IdlePhase::CountingDown(((wait_ms + countdown_ms - quiet_ms) / 1000.0).ceil() as u32)
        } else {
            IdlePhase::Reset
        }
    }
}

/// A salted, iterated SHA-256 of a PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinHash {
    /// Hex salt, different for every site (see the indexer's build::kiosk).
    pub salt: String,
    pub rounds: u32,
    /// Hex digest.
    pub sha256: String,
}

impl PinHash {
    /// Hashes `pin` with `salt` (hex) over `rounds` rounds.
    pub fn new(pin: &str, salt: &str, rounds: u32) -> PinHash {
        PinHash {
            salt: salt.to_string(),
            rounds,
            sha256: digest(pin, salt, rounds),
        }
    }

    /// Whether `pin` is the PIN this hash was made from.
    pub fn verify(&self, pin: &str) -> bool {
        // Refuses absurd round counts from a tampered page instead of freezing the kiosk.
        if self.rounds == 0 || self.rounds > 1_000_000 {
            return false;
        }
        let got = digest(pin.trim(), &self.salt, self.rounds);
        // Constant-time comparison: the answer must not leak how many characters matched.
        got.len() == self.sha256.len()
            && got
                .bytes()
                .zip(self.sha256.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

fn digest(pin: &str, salt: &str, rounds: u32) -> String {
    let mut state: [u8; 32] = Sha256::new()
        .chain_update(salt.as_bytes())
        .chain_update(b":")
        .chain_update(pin.as_bytes())
        .finalize()
        .into();
    for _ in 1..rounds {
        state = Sha256::new()
            .chain_update(state)
            .chain_update(salt.as_bytes())
            .finalize()
            .into();
    }
    state.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_verifies_only_itself() {
        let hash = PinHash::new("2563", "a1b2", 50);
        let cases = [
            ("2563", true),
            (" 2563 ", true),
            ("2564", false),
            ("", false),
            ("25630", false),
        ];
        for (pin, want) in cases {
            assert_eq!(hash.verify(pin), want, "{pin:?}");
        }
        assert!(!hash.sha256.contains("2563"));
        assert_ne!(
            hash.sha256,
            PinHash::new("2563", "a1b3", 50).sha256,
            "salted"
        );
        assert_ne!(
            hash.sha256,
            PinHash::new("2563", "a1b2", 51).sha256,
            "iterated"
        );
    }

    #[test]
    fn tampered_rounds_are_refused() {
        for rounds in [0, 2_000_000] {
            let mut hash = PinHash::new("1", "s", 3);
            hash.rounds = rounds;
            assert!(!hash.verify("1"), "{rounds}");
        }
    }

    #[test]
    fn a_quiet_period_turns_into_a_countdown_then_a_reset() {
        // (quiet, wait, countdown) in ms → phase
        let table = [
            (0.0, 120_000.0, 15_000.0, IdlePhase::InUse),
            (119_999.0, 120_000.0, 15_000.0, IdlePhase::InUse),
            (120_000.0, 120_000.0, 15_000.0, IdlePhase::CountingDown(15)),
            (120_001.0, 120_000.0, 15_000.0, IdlePhase::CountingDown(15)),
            (134_001.0, 120_000.0, 15_000.0, IdlePhase::CountingDown(1)),
            (135_000.0, 120_000.0, 15_000.0, IdlePhase::Reset),
            (4_500.0, 4_000.0, 4_000.0, IdlePhase::CountingDown(4)),
            (9_000.0, 4_000.0, 4_000.0, IdlePhase::Reset),
        ];
        for (quiet, wait, countdown, want) in table {
            assert_eq!(
                IdlePhase::after(quiet, wait, countdown),
                want,
                "{quiet} {wait} {countdown}"
            );
        }
    }

    #[test]
    fn settings_round_trip_and_damaged_json_gives_defaults() {
        let settings = KioskSettings {
            kiosk: true,
            idle_seconds: 2,
            pin: Some(PinHash::new("9", "00", 2)),
            survey: true,
        };
        assert_eq!(KioskSettings::from_json(&settings.to_json()), settings);
        let cases = [
            ("", KioskSettings::default()),
            ("{not json", KioskSettings::default()),
            ("{}", KioskSettings::default()),
            (
                r#"{"kiosk":true,"idle_seconds":0}"#,
                KioskSettings {
                    kiosk: true,
                    idle_seconds: 1,
                    ..KioskSettings::default()
                },
            ),
        ];
        for (json, want) in cases {
            assert_eq!(KioskSettings::from_json(json), want, "{json:?}");
        }
    }
}
