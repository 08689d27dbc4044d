#!/usr/bin/env bash
# Short fuzz run for CI: every cargo-fuzz target in fuzz/ for FUZZ_SECONDS (default 20) each,
# starting from the test fixtures and fuzz/seeds. Exits non-zero on the first crash; the input
# that crashed is in fuzz/artifacts/TARGET/. The long run is described in docs/FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-20}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz (cargo install cargo-fuzz)"
    cargo install cargo-fuzz --locked
fi
# cargo fuzz passes nightly-only flags (-Z sanitizer, -C passes=sancov); RUSTC_BOOTSTRAP lets
# the stable toolchain accept them, so no nightly toolchain is needed.
export RUSTC_BOOTSTRAP=1

# Seed each target's corpus from the real fixtures (copies; corpus/ is not committed).
seed() {
    local target=$1
    shift
    mkdir -p "corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] && cp -n "$f" "corpus/$target/" || true
    done
}
fixtures=../extract/tests/fixtures
seed extract_pdf "$fixtures"/*.pdf
seed extract_docx "$fixtures"/*.docx "$fixtures"/*.xlsx
seed extract_html "$fixtures"/*.htm "$fixtures"/*.html
seed extract_txt "$fixtures"/*.txt ../samples/*.txt
seed catalogue_csv seeds/catalogue_csv/*
seed query seeds/query/*

cargo fuzz build -O
[ "$mode" != build ] || exit 0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $(cargo fuzz list); do
    echo "fuzz.sh: $target for ${seconds} s"
    if ! cargo fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=60 -print_final_stats=1 \
        >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz.sh: $target crashed; the input is in fuzz/artifacts/$target/"
        exit 1
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
done
echo "fuzz.sh: no crash in $(cargo fuzz list | wc -l) targets"
