#!/usr/bin/env bash
# Runs every test: unit and integration tests of all crates, and the end-to-end tests that drive
# the real khlang binary (and khlang.exe under wine) and real headless Chromium and Firefox
# (tests/), then a short run of every fuzz target. Builds what it needs first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh
bash scripts/windows.sh
source scripts/tools.sh
need_apt wine64

printf '\033[1m==> %s\033[0m\n' "Checking that catalog/ compiles for wasm32, as the app uses it (no compiled-in dictionary)" >&2
cargo check -q -p catalog --target wasm32-unknown-unknown --no-default-features

printf '\033[1m==> %s\033[0m\n' "Running all tests (cargo test --release --workspace)" >&2
# Release: the end-to-end tests use target/release/khlang, built above; sharing the profile
# avoids compiling everything twice.
cargo test --release --workspace --exclude app

printf '\033[1m==> %s\033[0m\n' "Testing catalog as the app builds it: the dictionary read from the archive" >&2
cargo test --release -p catalog --no-default-features --test dictionary_from_archive

printf '\033[1m==> %s\033[0m\n' "Short fuzz run: every cargo-fuzz target for ${FUZZ_SECONDS:-20} s (docs/FUZZING.md)" >&2
bash scripts/fuzz.sh
