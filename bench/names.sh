#!/usr/bin/env bash
# Copies a built site and gives the copy an app whose wasm keeps its function names, so that
# `khlang-bench profile-typing --site COPY` names the Rust functions a keystroke spends its time
# in instead of showing `wasm-function[N]`. The shipped app is the same code: this only builds
# it again without letting wasm-opt drop the names section (`-g`), and leaves the site's index
# alone, so the copy searches exactly as the site does. Needs what scripts/build.sh installed.
#
#   bench/names.sh target/bench/site-17407 target/bench/site-names
set -euo pipefail
if [ $# -ne 2 ] || [ ! -f "$1/app/khlang_bg.wasm.js" ]; then
  echo "usage: bench/names.sh SITE COPY   (SITE: a site khlang built; COPY: a new folder)" >&2
  exit 2
fi
SITE="$1"
COPY="$2"
if [ -e "$COPY" ]; then
  echo "$COPY exists: give a new folder for the copy" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/target/tools/node_modules/.bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the app as Trunk does (profile release-wasm)"
(cd "$ROOT" && cargo build -p app --target wasm32-unknown-unknown --profile release-wasm)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
say "wasm-bindgen, then wasm-opt -Oz with -g (the names kept)"
wasm-bindgen --target no-modules --no-typescript --out-dir "$WORK" --out-name app \
  "$ROOT/target/wasm32-unknown-unknown/release-wasm/app.wasm"
# The features wasm-opt may use are the ones the release build gives it (app/index.html).
PARAMS="$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' "$ROOT/app/index.html")"
# shellcheck disable=SC2086
wasm-opt -Oz -g $PARAMS "$WORK/app_bg.wasm" -o "$WORK/app_names.wasm"
say "Copying $SITE to $COPY with the named app"
cp -r "$SITE" "$COPY"
cp "$WORK/app.js" "$COPY/app/khlang.js"
# The wasm travels base64-encoded in a classic script (app/boot.js says why), written by the
# same code as khlang's.
(cd "$ROOT" && cargo run -q --release -p bench -- wasm-script "$WORK/app_names.wasm" "$COPY/app/khlang_bg.wasm.js")
say "Done: khlang-bench profile-typing --site $COPY"
