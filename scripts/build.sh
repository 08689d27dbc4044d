#!/usr/bin/env bash
# Builds everything: the web app (Trunk → app/dist), then `khlang`, which embeds app/dist.
# Output: target/release/khlang
#
# A second run with nothing changed does no work. The app is rebuilt only when the content of
# what it is built from changed (its sources, catalog's, the lock file, the profiles, the tools'
# versions), never because of a timestamp; and app/dist is updated file by file, only where the
# new build's bytes differ, so an identical app never makes cargo embed it, and relink khlang,
# again. scripts/test.sh checks this on every run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh
need_build_tools

DIST=app/dist
STAMP=target/app-inputs.sha256

# One hash of everything the app's build reads. The app depends on no workspace crate but catalog (and thai, below it).
app_inputs_hash() {
  {
    # Every crate the app compiles: app, catalog and what catalog depends on.
    find app catalog thai public -type f ! -path "$DIST/*" ! -name '*.swp' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock Trunk.toml .cargo/config.toml
    rustc -vV
    trunk --version
    wasm-bindgen --version
    wasm-opt --version
    echo "RUSTFLAGS=${RUSTFLAGS-} CARGO_ENCODED_RUSTFLAGS=${CARGO_ENCODED_RUSTFLAGS-}"
  } | sha256sum | cut -d' ' -f1
}

# Makes $DIST hold exactly the files of $1, touching only the files whose bytes differ.
sync_dist() {
  local new=$1 changed=0 rel
  mkdir -p "$DIST"
  while IFS= read -r -d '' rel; do
    rel=${rel#./}
    if ! cmp -s "$new/$rel" "$DIST/$rel"; then
      mkdir -p "$(dirname "$DIST/$rel")"
      cp "$new/$rel" "$DIST/$rel.tmp" && mv -f "$DIST/$rel.tmp" "$DIST/$rel"
      changed=$((changed + 1))
    fi
  done < <(cd "$new" && find . -type f -print0)
  while IFS= read -r -d '' rel; do
    rel=${rel#./}
    if [ ! -e "$new/$rel" ]; then
      rm -f "$DIST/$rel"
      changed=$((changed + 1))
    fi
  done < <(cd "$DIST" && find . -type f -print0)
  say "app/dist: $changed file(s) changed"
}

hash="$(app_inputs_hash)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$hash" ] && [ -f "$DIST/app_bg.wasm" ]; then
  say "Web app unchanged since its last build (inputs ${hash:0:12}): not rebuilt"
else
  say "Building the web app with Trunk (app/ → app/dist)"
  staged=target/app-dist-new
  rm -rf "$staged"
  trunk build --release --offline --dist "$staged"
  sync_dist "$staged"
  rm -rf "$staged"
  echo "$hash" > "$STAMP"
fi

say "Building khlang (target/release/khlang)"
cargo build --release -p indexer --bin khlang
