#!/usr/bin/env bash
# Builds the release archives staff download: khlang for Linux (.tar.gz) and for Windows (.zip),
# each with the Thai/English guide (packaging/README.txt) and the sample documents.
# Output: target/release-packages/khlang-VERSION-{linux-x86_64.tar.gz,windows-x86_64.zip}
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh
bash scripts/build.sh
# The shipped Linux binary: the `dist` profile (Cargo.toml), as scripts/windows.sh builds the exe.
say "Building khlang for Linux to ship (target/dist/khlang)"
cargo build --profile dist -p indexer --bin khlang
bash scripts/windows.sh

VERSION="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
OUT="$ROOT/target/release-packages"
rm -rf "$OUT"
mkdir -p "$OUT"

stage() { # stage NAME BINARY LINE_ENDING → a folder with the binary, the guide and the samples
  local dir="$OUT/$1"
  mkdir -p "$dir/samples"
  cp "$2" "$dir/"
  cp -R samples/. "$dir/samples/"
  if [ "$3" = crlf ]; then
    sed 's/$/\r/' packaging/README.txt > "$dir/README.txt"
  else
    cp packaging/README.txt "$dir/README.txt"
  fi
}

LINUX="khlang-$VERSION-linux-x86_64"
stage "$LINUX" target/dist/khlang lf
say "Packing $LINUX.tar.gz"
tar -C "$OUT" --owner=0 --group=0 --sort=name -czf "$OUT/$LINUX.tar.gz" "$LINUX"

WINDOWS="khlang-$VERSION-windows-x86_64"
stage "$WINDOWS" target/x86_64-pc-windows-gnu/dist-windows/khlang.exe crlf
say "Packing $WINDOWS.zip"
(cd "$OUT" && python3 - "$WINDOWS" <<'PY'
import os, sys, zipfile
root = sys.argv[1]
with zipfile.ZipFile(root + ".zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            z.write(os.path.join(folder, name))
PY
)
rm -rf "${OUT:?}/$LINUX" "${OUT:?}/$WINDOWS"
say "Release archives:"
ls -l "$OUT" | awk 'NR > 1 { printf "  %s  %.1f MB\n", $9, $5 / 1048576 }' >&2
