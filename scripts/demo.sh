#!/usr/bin/env bash
# Builds everything, indexes the demo documents in samples/ into site/, and serves it.
# Prints the http URL and the file:// path; Ctrl-C stops the server. PORT=8080 to change port.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh

printf '\033[1m==> %s\033[0m\n' "Indexing samples/ into site/" >&2
./target/release/khlang build samples --out site --title "คลังเอกสารเผยแพร่ (ตัวอย่าง)"

echo
echo "Open from disk (no server needed):  file://$ROOT/site/index.html"
./target/release/khlang serve site --port "${PORT:-8000}"
