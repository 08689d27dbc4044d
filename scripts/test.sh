#!/usr/bin/env bash
# Runs every check and test: formatting (first: it takes seconds), clippy with warnings as
# errors (the workspace, and the app for wasm32), unit and integration tests of all crates, and
# the end-to-end tests that drive the real khlang binary (and khlang.exe under wine) and real
# headless Chromium and Firefox and a real two-node OpenSearch cluster (tests/), then a short
# run of every fuzz target. Installs and builds what it needs first, and ends with the time each
# phase took (docs/BENCHMARKS.md has the current figures; docs/benchmarks-log.md, "The loop",
# how they were taken).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh

PHASES=()
STARTED=$SECONDS

# phase NAME COMMAND…: runs COMMAND as one timed phase.
phase() {
  local name=$1 t0=$SECONDS
  shift
  say "$name"
  "$@"
  PHASES+=("$(printf '%4d:%02d  %s' $(((SECONDS - t0) / 60)) $(((SECONDS - t0) % 60)) "$name")")
}

report() {
  local status=$? total=$((SECONDS - STARTED)) line
  {
    echo
    echo "test.sh: time per phase (min:s)"
    for line in "${PHASES[@]}"; do echo "  $line"; done
    printf '  %4d:%02d  total' $((total / 60)) $((total % 60))
    [ "$status" = 0 ] || printf ' (stopped by a failure, status %s)' "$status"
    echo
  } >&2
}
trap report EXIT

# The second build.sh must find nothing to do: the app not rebuilt, khlang not relinked.
second_build_does_no_work() {
  local before after log
  before="$(stat -c '%y %s' target/release/khlang app/dist/*)"
  if ! log="$(bash scripts/build.sh 2>&1)"; then
    echo "$log" >&2
    return 1
  fi
  after="$(stat -c '%y %s' target/release/khlang app/dist/*)"
  if ! grep -q "Web app unchanged" <<<"$log" || grep -q "Compiling" <<<"$log" \
    || [ "$before" != "$after" ]; then
    echo "$log" >&2
    echo "test.sh: a second scripts/build.sh with nothing changed did work (above); it must not" >&2
    return 1
  fi
}

# The workspace and the fuzz crate (a project of its own) formatted as rustfmt would.
check_format() {
  need_rust_component rustfmt
  cargo fmt --all --check
  (cd fuzz && cargo fmt --check)
}

# Clippy, warnings as errors, in the profiles the code ships in: release for the workspace,
# release-wasm for the app. What clippy makes of the dependencies (type-checked metadata, no
# code) no build can use, and it depends on no file of the checkout; so it is kept between runs
# in a target folder of its own outside the checkout, as the fuzz build is (docs/FUZZING.md),
# and a fresh clone on a machine that ran this before checks only the workspace's own crates.
# It is only a cache: delete it at any time.
CLIPPY_TARGET="${KHLANG_CLIPPY_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/khlang-dev/clippy-target}"
clippy_workspace() {
  need_rust_component clippy
  CARGO_TARGET_DIR="$CLIPPY_TARGET" \
    cargo clippy --release --workspace --all-targets --exclude app -- -D warnings
}
clippy_app() {
  need_rust_component clippy
  CARGO_TARGET_DIR="$CLIPPY_TARGET" \
    cargo clippy --profile release-wasm -p app --target wasm32-unknown-unknown -- -D warnings
}

# --no-fail-fast: one run shows every failing test, not only those of the first failing binary.
CARGO_TEST=(cargo test --release --workspace --exclude app --no-fail-fast)

phase "Formatting (cargo fmt --check)" check_format
phase "Tools for building (scripts/tools.sh)" need_build_tools
phase "Tools for testing: browsers, drivers, wine, cargo-fuzz, OpenSearch" need_test_tools
phase "Building the app and khlang (scripts/build.sh)" bash scripts/build.sh
phase "Building again with nothing changed: no work" second_build_does_no_work
phase "Clippy on the app for wasm32 (-D warnings)" clippy_app
phase "Clippy on the workspace, every target (-D warnings)" clippy_workspace
phase "Building khlang.exe for Windows (scripts/windows.sh)" bash scripts/windows.sh
# Release: the end-to-end tests use target/release/khlang, built above; sharing the profile
# (and, since the tests add no feature to any shared crate, every compiled crate) means only the
# test code itself is compiled here.
phase "Compiling the tests (cargo test --release --no-run)" "${CARGO_TEST[@]}" --no-run
phase "Running all tests (cargo test --release --workspace)" "${CARGO_TEST[@]}"
phase "Testing catalog as the app builds it: the dictionary read from the archive" \
  cargo test --release -p catalog --no-default-features --test dictionary_from_archive
phase "Building the fuzz targets (scripts/fuzz.sh build)" bash scripts/fuzz.sh build
phase "Short fuzz run: every target for ${FUZZ_SECONDS:-20} s (docs/FUZZING.md)" bash scripts/fuzz.sh run
