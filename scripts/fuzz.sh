#!/usr/bin/env bash
# Short fuzz run for CI: every cargo-fuzz target in fuzz/ for FUZZ_SECONDS (default 20) each,
# starting from the test fixtures and fuzz/seeds. Exits non-zero on the first crash; the input
# that crashed is in fuzz/artifacts/TARGET/. The long run is described in docs/FUZZING.md.
#   fuzz.sh build   only builds the targets;   fuzz.sh run   builds (if needed) and runs them;
#   fuzz.sh         both.
set -euo pipefail
mode="${1:-all}"
source "$(dirname "$0")/tools.sh"
need_cargo_fuzz
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-20}"

# The sanitizer build compiles every crate again with instrumentation (8 minutes on a fresh
# 2-core machine). Its target folder lives outside the checkout, so a fresh clone on a machine
# that fuzzed before (CI's, a developer's) recompiles only khlang's own crates.
export CARGO_TARGET_DIR="${KHLANG_FUZZ_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/khlang-dev/fuzz-target}"
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
seed extract_image "$fixtures"/*.jpg "$fixtures"/*.png "$fixtures"/*.tif
seed extract_docx "$fixtures"/*.docx
# The office targets also start from stored (uncompressed) copies, whose XML the fuzzer can
# mutate directly; an old .xls/.doc exercises the refusal of OLE2 files under a new name.
seed extract_xlsx "$fixtures"/*.xlsx "$fixtures"/*.xls seeds/extract_xlsx/*
seed extract_ods "$fixtures"/*.ods seeds/extract_ods/*
seed extract_odt "$fixtures"/*.odt "$fixtures"/*.doc seeds/extract_odt/*
seed extract_html "$fixtures"/*.htm "$fixtures"/*.html
seed extract_txt "$fixtures"/*.txt ../tests/fixtures/announcements/*.txt
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
