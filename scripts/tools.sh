#!/usr/bin/env bash
# Installs what khlang needs, if it is missing, in two sets, so that each command installs only
# what it uses. Idempotent: a second run only checks. Sourced by the other scripts, which call:
#
#   need_build_tools   building the app and khlang, and indexing documents (build.sh, demo.sh)
#     - Rust target wasm32-unknown-unknown                      (rustup)
#     - wasm-bindgen-cli at the version Cargo.lock pins, trunk (cargo install, see install_tool)
#     - binaryen's wasm-opt at the version below                (npm, into target/tools; why below)
#     - nodejs + npm when missing; poppler-utils, tesseract-ocr(-tha) for scanned PDFs (apt)
#   need_test_tools    what only the tests use (test.sh)
#     - chromium, chromium-driver, firefox-esr (apt); geckodriver (cargo install)
#     - axe-core, the accessibility audit the browser tests run (npm, into target/tools)
#     - gcc-mingw-w64-x86-64 and the Rust target x86_64-pc-windows-gnu (khlang.exe), wine64 (apt)
#     - cargo-fuzz (cargo install)
#   need_rust_component NAME   rustfmt, clippy (rustup; test.sh's first checks)
#
# Run on its own (`bash scripts/tools.sh`), it installs both sets.
set -euo pipefail

TRUNK_VERSION=0.21.14   # 0.22 needs a newer rustc than Debian machines here have
# Debian's binaryen (108) corrupts the externref table that current wasm-bindgen emits (the app
# then fails with "WebAssembly.Table.set(): Argument 1 is invalid"); binaryen 132 does not.
BINARYEN_VERSION=132
AXE_VERSION=4.14.1
GECKODRIVER_VERSION=0.37.1
CARGO_FUZZ_VERSION=0.13.2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/target/tools"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages given that are not installed yet.
need_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# rustfmt and clippy come with rustup's default profile; a minimal toolchain lacks them.
need_rust_component() {
  if ! rustup component list --installed 2>/dev/null | grep -q "^$1"; then
    say "Adding Rust component $1"
    rustup component add "$1"
  fi
}

need_rust_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$1"; then
    say "Adding Rust target $1"
    rustup target add "$1"
  fi
}

# cargo install CRATE VERSION [ARGS…]. These are tools, run for seconds at a time, so they are
# compiled without LTO and with many codegen units: a fraction of the compile time of their own
# release profiles (docs/benchmarks-log.md, "The loop"). One target folder for all of them, so the
# crates they share are compiled once and a later version bump recompiles only what changed.
install_tool() {
  local crate=$1 version=$2
  shift 2
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false \
  CARGO_TARGET_DIR="$TOOLS/cargo-target" \
    cargo install --quiet "$crate" --version "$version" "$@"
}

# npm install PACKAGE VERSION into target/tools, if that version is not there yet.
need_npm() {
  local package=$1 version=$2 why=$3
  if [ "$(node -p "require('$TOOLS/node_modules/$package/package.json').version" 2>/dev/null)" != "$version" ]; then
    command -v npm >/dev/null 2>&1 || need_apt nodejs npm
    say "Installing $package $version ($why) from the npm registry into target/tools"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent "$package@$version" >/dev/null
  fi
}

need_build_tools() {
  need_apt poppler-utils tesseract-ocr tesseract-ocr-tha
  need_rust_target wasm32-unknown-unknown

  command -v node >/dev/null 2>&1 || need_apt nodejs npm
  need_npm binaryen "$BINARYEN_VERSION.0.0" "wasm-opt, which shrinks the app"
  export PATH="$TOOLS/node_modules/.bin:$PATH"

  # The CLI must equal the wasm-bindgen crate in Cargo.lock, or the generated glue will not match.
  local wbg
  wbg="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if [ -z "$wbg" ]; then
    echo "cannot find wasm-bindgen in Cargo.lock" >&2
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
    say "Installing wasm-bindgen-cli $wbg (a few minutes, once)"
    # Not --locked: a crate its lock file pins (webpki-roots 1.0.11) is not served here.
    install_tool wasm-bindgen-cli "$wbg"
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    say "Installing trunk $TRUNK_VERSION (a few minutes, once)"
    install_tool trunk "$TRUNK_VERSION" --locked
  fi

  # Trunk must use these tools, never download its own (this machine may have no internet).
  local wasm_opt
  wasm_opt="$(wasm-opt --version | awk '{print $3}')"
  grep -q "wasm_bindgen = \"$wbg\"" "$ROOT/Trunk.toml" || {
    echo "Trunk.toml [tools] wasm_bindgen must be \"$wbg\" (Cargo.lock)" >&2; exit 1; }
  grep -q "wasm_opt = \"version_$wasm_opt\"" "$ROOT/Trunk.toml" || {
    echo "Trunk.toml [tools] wasm_opt must be \"version_$wasm_opt\" (the installed binaryen)" >&2; exit 1; }
}

need_test_tools() {
  need_apt chromium chromium-driver firefox-esr gcc-mingw-w64-x86-64 wine64
  need_rust_target x86_64-pc-windows-gnu
  need_npm axe-core "$AXE_VERSION" "the accessibility audit of the browser tests"
  if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
    say "Installing geckodriver $GECKODRIVER_VERSION, to drive Firefox in the tests (a few minutes, once)"
    install_tool geckodriver "$GECKODRIVER_VERSION" --locked
  fi
  need_cargo_fuzz
}

need_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "Installing cargo-fuzz $CARGO_FUZZ_VERSION, for the short fuzz run (a minute, once)"
    install_tool cargo-fuzz "$CARGO_FUZZ_VERSION" --locked
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  need_build_tools
  need_test_tools
fi
