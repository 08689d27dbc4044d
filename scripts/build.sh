#!/usr/bin/env bash
# Builds everything: the web app (Trunk → app/dist), then `khlang`, which embeds app/dist.
# Output: target/release/khlang
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh

printf '\033[1m==> %s\033[0m\n' "Building the web app with Trunk (app/ → app/dist)" >&2
trunk build --release --offline
printf '\033[1m==> %s\033[0m\n' "Building khlang (target/release/khlang)" >&2
cargo build --release -p indexer --bin khlang
