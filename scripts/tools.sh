#!/usr/bin/env bash
# Installs what building and testing khlang needs, if it is missing. Idempotent: a second run
# only checks. Sourced by build.sh, demo.sh and test.sh; safe to run on its own.
#   - Rust target wasm32-unknown-unknown            (rustup)
#   - wasm-bindgen-cli at the version Cargo.lock pins (cargo install)
#   - trunk at the version below                      (cargo install)
#   - binaryen's wasm-opt at the version below        (npm, into target/tools; see why below)
#   - axe-core, the accessibility audit the browser tests run (npm, into target/tools)
#   - geckodriver at the version below, to drive Firefox in the browser tests (cargo install)
#   - chromium, chromium-driver, firefox-esr, poppler-utils, tesseract-ocr(-tha), nodejs + npm  (apt)
set -euo pipefail

TRUNK_VERSION=0.21.14   # 0.22 needs a newer rustc than Debian machines here have
# Debian's binaryen (108) corrupts the externref table that current wasm-bindgen emits (the app
# then fails with "WebAssembly.Table.set(): Argument 1 is invalid"); binaryen 132 does not.
BINARYEN_VERSION=132
AXE_VERSION=4.14.1
GECKODRIVER_VERSION=0.37.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

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

need_apt chromium chromium-driver firefox-esr poppler-utils tesseract-ocr tesseract-ocr-tha

command -v npm >/dev/null 2>&1 || need_apt nodejs npm

TOOLS="$ROOT/target/tools"
if [ "$("$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  say "Installing binaryen $BINARYEN_VERSION (wasm-opt) from the npm registry into target/tools"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" >/dev/null
fi
export PATH="$TOOLS/node_modules/.bin:$PATH"

if [ "$(node -p "require('$TOOLS/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
  say "Installing axe-core $AXE_VERSION (accessibility audit for the browser tests) into target/tools"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
fi

if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
  say "Installing geckodriver $GECKODRIVER_VERSION, to drive Firefox in the tests (a few minutes, once)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "Adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock, or the generated glue will not match.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ -z "$WBG_VERSION" ]; then
  echo "cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  say "Installing wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "Installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# Trunk must use these tools, never download its own (this machine may have no internet).
WASM_OPT_VERSION="$(wasm-opt --version | awk '{print $3}')"
grep -q "wasm_bindgen = \"$WBG_VERSION\"" "$ROOT/Trunk.toml" || {
  echo "Trunk.toml [tools] wasm_bindgen must be \"$WBG_VERSION\" (Cargo.lock)" >&2; exit 1; }
grep -q "wasm_opt = \"version_$WASM_OPT_VERSION\"" "$ROOT/Trunk.toml" || {
  echo "Trunk.toml [tools] wasm_opt must be \"version_$WASM_OPT_VERSION\" (the installed binaryen)" >&2; exit 1; }
