#!/usr/bin/env bash
# Installs what khlang needs, if it is missing, in two sets, so that each command installs only
# what it uses. Idempotent: a second run only checks. Sourced by the other scripts, which call:
#
#   need_build_tools   building the app and khlang, and indexing documents (build.sh, demo.sh)
#     - Rust target wasm32-unknown-unknown                      (rustup)
#     - wasm-bindgen-cli at the version Cargo.lock pins, trunk (cargo install, see install_tool)
#     - binaryen's wasm-opt at the version below                (npm, into target/tools; why below)
#     - nodejs + npm when missing; poppler-utils, tesseract-ocr(-tha) for scanned PDFs (apt;
#       the print test reads its PDF back with poppler's pdftotext)
#   need_test_tools    what only the tests use (test.sh)
#     - chromium, chromium-driver, firefox-esr (apt); geckodriver (cargo install)
#     - axe-core, the accessibility audit the browser tests run (npm, into target/tools)
#     - gcc-mingw-w64-x86-64 and the Rust target x86_64-pc-windows-gnu (khlang.exe), wine64 (apt)
#     - cargo-fuzz (cargo install)
#     - OpenSearch for the cluster tests: Java 17 and Maven (apt), the distribution from Maven
#       Central, unpacked once into the khlang-dev cache (need_opensearch, below)
#   need_rust_component NAME   rustfmt, clippy (rustup; test.sh's first checks)
#
# Run on its own (`bash scripts/tools.sh`), it installs both sets.
set -euo pipefail

TRUNK_VERSION=0.21.14   # 0.22 needs a newer rustc than Debian machines here have
# Debian's binaryen (108) corrupts the externref table that current wasm-bindgen emits (the app
# then fails with "WebAssembly.Table.set(): Argument 1 is invalid"); binaryen 132 does not.
BINARYEN_VERSION=132
AXE_VERSION=4.14.1
GECKODRIVER_VERSION=0.37.1
CARGO_FUZZ_VERSION=0.13.2
# The last OpenSearch line that runs on Java 17 (3.x needs Java 21). The cluster tests read this
# line and the next (tests/src/opensearch/distribution.rs): both are declared here only.
OPENSEARCH_VERSION=2.19.6
OPENSEARCH_USER=khlang-os   # OpenSearch refuses to run as root; the tests run it as this user
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/target/tools"

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

# rustfmt and clippy come with rustup's default profile; a minimal toolchain lacks them.
need_rust_component() {
  if ! rustup component list --installed 2>/dev/null | grep -q "^$1"; then
    say "Adding Rust component $1"
    rustup component add "$1"
  fi
}

need_rust_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$1"; then
    say "Adding Rust target $1"
    rustup target add "$1"
  fi
}

# cargo install CRATE VERSION [ARGS…]. These are tools, run for seconds at a time, so they are
# compiled without LTO and with many codegen units: a fraction of the compile time of their own
# release profiles (docs/benchmarks-log.md, "The loop"). One target folder for all of them, so the
# crates they share are compiled once and a later version bump recompiles only what changed.
install_tool() {
  local crate=$1 version=$2
  shift 2
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false \
  CARGO_TARGET_DIR="$TOOLS/cargo-target" \
    cargo install --quiet "$crate" --version "$version" "$@"
}

# npm install PACKAGE VERSION into target/tools, if that version is not there yet.
need_npm() {
  local package=$1 version=$2 why=$3
  if [ "$(node -p "require('$TOOLS/node_modules/$package/package.json').version" 2>/dev/null)" != "$version" ]; then
    command -v npm >/dev/null 2>&1 || need_apt nodejs npm
    say "Installing $package $version ($why) from the npm registry into target/tools"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent "$package@$version" >/dev/null
  fi
}

need_build_tools() {
  need_apt poppler-utils tesseract-ocr tesseract-ocr-tha
  need_rust_target wasm32-unknown-unknown

  command -v node >/dev/null 2>&1 || need_apt nodejs npm
  need_npm binaryen "$BINARYEN_VERSION.0.0" "wasm-opt, which shrinks the app"
  export PATH="$TOOLS/node_modules/.bin:$PATH"

  # The CLI must equal the wasm-bindgen crate in Cargo.lock, or the generated glue will not match.
  local wbg
  wbg="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if [ -z "$wbg" ]; then
    echo "cannot find wasm-bindgen in Cargo.lock" >&2
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
    say "Installing wasm-bindgen-cli $wbg (a few minutes, once)"
    # Not --locked: a crate its lock file pins (webpki-roots 1.0.11) is not served here.
    install_tool wasm-bindgen-cli "$wbg"
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    say "Installing trunk $TRUNK_VERSION (a few minutes, once)"
    install_tool trunk "$TRUNK_VERSION" --locked
  fi

  # Trunk must use these tools, never download its own (this machine may have no internet).
  local wasm_opt
  wasm_opt="$(wasm-opt --version | awk '{print $3}')"
  grep -q "wasm_bindgen = \"$wbg\"" "$ROOT/Trunk.toml" || {
    echo "Trunk.toml [tools] wasm_bindgen must be \"$wbg\" (Cargo.lock)" >&2; exit 1; }
  grep -q "wasm_opt = \"version_$wasm_opt\"" "$ROOT/Trunk.toml" || {
    echo "Trunk.toml [tools] wasm_opt must be \"version_$wasm_opt\" (the installed binaryen)" >&2; exit 1; }
}

need_test_tools() {
  need_apt chromium chromium-driver firefox-esr gcc-mingw-w64-x86-64 wine64
  need_rust_target x86_64-pc-windows-gnu
  need_npm axe-core "$AXE_VERSION" "the accessibility audit of the browser tests"
  if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
    say "Installing geckodriver $GECKODRIVER_VERSION, to drive Firefox in the tests (a few minutes, once)"
    install_tool geckodriver "$GECKODRIVER_VERSION" --locked
  fi
  need_cargo_fuzz
  need_opensearch
}

need_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "Installing cargo-fuzz $CARGO_FUZZ_VERSION, for the short fuzz run (a minute, once)"
    install_tool cargo-fuzz "$CARGO_FUZZ_VERSION" --locked
  fi
}

# The OpenSearch the end-to-end tests start as a two-node cluster (tests/src/opensearch.rs), made
# ready once in $KHLANG_OPENSEARCH_HOME (exported for the tests; they find the same folder without
# it). Maven Central serves the "integ-test" distribution: a runnable zip without a bundled JDK
# (Debian's OpenJDK 17 runs it) and without the analysis-common module, which Maven Central serves
# only as a jar; the custom analyzers the tests map (the whitespace tokenizer) need it, so it is
# placed in modules/ with the descriptor OpenSearch's own build would write. The jar has no
# dependencies (its POM lists none; the Lucene analyzers it wraps are in the zip's lib/).
need_opensearch() {
  need_apt openjdk-17-jre-headless maven
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/khlang-dev"
  local home="$cache/opensearch-$OPENSEARCH_VERSION"
  export KHLANG_OPENSEARCH_HOME="$home"
  if [ -f "$home/modules/analysis-common/plugin-descriptor.properties" ]; then
    say "OpenSearch $OPENSEARCH_VERSION is ready in $home (nothing to download)"
  else
    local repo="$cache/maven" partial="$home.partial" t0=$SECONDS
    local zip="$repo/org/opensearch/distribution/integ-test-zip/opensearch/$OPENSEARCH_VERSION/opensearch-$OPENSEARCH_VERSION.zip"
    local jar="$repo/org/opensearch/plugin/analysis-common/$OPENSEARCH_VERSION/analysis-common-$OPENSEARCH_VERSION.jar"
    say "Fetching OpenSearch $OPENSEARCH_VERSION (54 MB) and its analysis-common module from Maven Central into $repo"
    maven_get "$repo" "org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip"
    maven_get "$repo" "org.opensearch.plugin:analysis-common:$OPENSEARCH_VERSION"
    say "Unpacking OpenSearch $OPENSEARCH_VERSION into $home ($((SECONDS - t0)) s so far)"
    # Unpacked beside, then moved into place: an interrupted run leaves no half-made folder that
    # the check above would take for a ready one.
    need_apt unzip
    rm -rf "$partial"
    mkdir -p "$partial"
    unzip -q "$zip" -d "$partial"
    local module="$partial/opensearch-$OPENSEARCH_VERSION/modules/analysis-common"
    mkdir -p "$module"
    cp "$jar" "$module/"
    cat >"$module/plugin-descriptor.properties" <<EOF
description=Adds "built in" analyzers to OpenSearch.
version=$OPENSEARCH_VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$OPENSEARCH_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
    mv "$partial/opensearch-$OPENSEARCH_VERSION" "$home"
    rmdir "$partial"
    say "OpenSearch $OPENSEARCH_VERSION is ready in $home ($((SECONDS - t0)) s)"
  fi
  if [ "$(id -u)" = 0 ]; then need_opensearch_user "$home"; fi
}

# maven_get REPO ARTIFACT: one artifact (not its dependencies) into the Maven repository REPO, in
# batch mode (no prompt), failing on a checksum mismatch; its output only if it fails (even -q
# prints colour resets). The plugin's version is pinned: the one Maven 3.8 picks by default is older.
maven_get() {
  local out
  mkdir -p "$1"
  if ! out="$(cd "$1" && mvn -B -q -C -Dmaven.repo.local="$1" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
    -Dtransitive=false -Dartifact="$2" </dev/null 2>&1)"; then
    echo "$out" >&2
    echo "could not fetch $2 from Maven Central (is repo.maven.apache.org reachable?)" >&2
    return 1
  fi
}

# As root (the tests run as root here and in CI): the user the cluster runs as, and its way to the
# distribution. Debian's /root is closed to other users (mode 700), so each closed folder above
# the distribution lets that one user through (an ACL that grants traversal, not listing).
need_opensearch_user() {
  local home=$1 dir="" part parts
  if ! id -u "$OPENSEARCH_USER" >/dev/null 2>&1; then
    say "Adding the system user $OPENSEARCH_USER, which the cluster tests run OpenSearch as (it refuses root)"
    useradd -M -r -s /usr/sbin/nologin "$OPENSEARCH_USER"
  fi
  runuser -u "$OPENSEARCH_USER" -- test -r "$home/bin/opensearch" && return 0
  need_apt acl
  IFS=/ read -ra parts <<<"${home#/}"
  for part in "${parts[@]}"; do
    dir="$dir/$part"
    if ! runuser -u "$OPENSEARCH_USER" -- test -x "$dir"; then
      say "Letting $OPENSEARCH_USER through $dir (ACL u:$OPENSEARCH_USER:x), to reach OpenSearch"
      setfacl -m "u:$OPENSEARCH_USER:x" "$dir"
    fi
  done
  if ! runuser -u "$OPENSEARCH_USER" -- test -r "$home/bin/opensearch"; then
    echo "$OPENSEARCH_USER cannot read $home even so; the cluster tests need it to" >&2
    exit 1
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  need_build_tools
  need_test_tools
fi
