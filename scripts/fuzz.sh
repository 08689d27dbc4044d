#!/usr/bin/env bash
# Short fuzz run for CI: every cargo-fuzz target in fuzz/ for FUZZ_SECONDS (default 20) each,
# starting from the test fixtures and fuzz/seeds. Exits non-zero on the first crash; the input
# that crashed is in fuzz/artifacts/TARGET/. The long run is described in docs/FUZZING.md.
#   fuzz.sh build   only builds the targets;   fuzz.sh run   builds (if needed) and runs them;
#   fuzz.sh         both.
#
# The targets are built only when what they are built from changed (by content, never by
# timestamp: a fresh clone's files are all new), and run as the binaries they are, without
# cargo: `cargo fuzz run` asks cargo to build each target twice more, and on a fresh clone cargo
# would recompile khlang's crates because of their timestamps alone.
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

targets=$(cargo fuzz list)
# Where cargo fuzz build -O puts the targets.
bin_dir="$CARGO_TARGET_DIR/$(rustc -vV | awk '/^host:/ {print $2}')/release"
stamp="$CARGO_TARGET_DIR/khlang-fuzz-inputs.sha256"

# One hash of everything the targets are built from: the fuzz crate, every crate of this
# repository it depends on (cargo tree), the files its targets compile in with #[path], the
# checkout's own path (the query target reads its samples through CARGO_MANIFEST_DIR), the
# cargo configuration, and the tools' versions. Empty if cargo tree fails (then: build).
inputs_hash() {
    local dirs paths
    dirs=$(cargo tree -e normal,build --prefix none --format '{p}' 2>/dev/null \
        | grep -o '(/[^)]*)' | tr -d '()' | sort -u) || return 0
    [ -n "$dirs" ] || return 0
    paths=$(grep -ho '#\[path = "[^"]*"\]' fuzz_targets/*.rs | sed 's/#\[path = "\(.*\)"\]/fuzz_targets\/\1/' || true)
    {
        # shellcheck disable=SC2086 # one directory a line, none with a space
        find $dirs -type f ! -path '*/target/*' ! -path '*/corpus/*' ! -path '*/artifacts/*' \
            ! -path '*/.git/*' ! -name '*.swp' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
        # shellcheck disable=SC2086
        [ -z "$paths" ] || sha256sum $paths
        sha256sum ../.cargo/config.toml 2>/dev/null || true
        pwd
        rustc -vV
        cargo fuzz --version
        echo "RUSTFLAGS=${RUSTFLAGS-} CARGO_ENCODED_RUSTFLAGS=${CARGO_ENCODED_RUSTFLAGS-}"
    } | sha256sum | cut -d' ' -f1
}

hash=$(inputs_hash)
built=yes
for target in $targets; do [ -x "$bin_dir/$target" ] || built=no; done
if [ -n "$hash" ] && [ "$built" = yes ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    echo "fuzz.sh: the targets are built from these inputs already (${hash:0:12}): not rebuilt"
else
    rm -f "$stamp"
    cargo fuzz build -O
    [ -z "$hash" ] || echo "$hash" >"$stamp"
fi
[ "$mode" != build ] || exit 0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $targets; do
    echo "fuzz.sh: $target for ${seconds} s"
    mkdir -p "artifacts/$target"
    # What cargo fuzz run passes: the artifact folder, and AddressSanitizer's options.
    if ! ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0" \
        "$bin_dir/$target" -artifact_prefix="artifacts/$target/" \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=60 -print_final_stats=1 \
        "corpus/$target" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz.sh: $target crashed; the input is in fuzz/artifacts/$target/"
        exit 1
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
done
echo "fuzz.sh: no crash in $(wc -w <<<"$targets") targets"
