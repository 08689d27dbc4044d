#!/usr/bin/env bash
# Cross-builds khlang.exe for Windows (x86_64-pc-windows-gnu) with Debian's mingw-w64, carrying
# the app already built into app/dist (run scripts/build.sh first), in the profile it ships in
# (Cargo.toml's `dist-windows`: fat LTO, one codegen unit, no symbols, optimized for size), so
# the end-to-end tests run under wine the very exe staff download.
# Output: target/x86_64-pc-windows-gnu/dist-windows/khlang.exe
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh
need_apt gcc-mingw-w64-x86-64
need_rust_target x86_64-pc-windows-gnu
say "Building khlang.exe for Windows (target/x86_64-pc-windows-gnu/dist-windows/khlang.exe)"
cargo build --profile dist-windows -p indexer --bin khlang --target x86_64-pc-windows-gnu
