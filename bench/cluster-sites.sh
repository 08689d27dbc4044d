#!/usr/bin/env bash
# The sites `khlang-bench cluster` publishes (docs/benchmarks-log.md, 2026-12-06, issue 28):
# each copyNN folder of the derived corpus (`khlang-bench derive --scale 100000`: copy00 is the
# 17,407 thaigov texts, copy01–copy05 derived from them) built as one agency's archive with a
# title of its own (an unsigned archive's id comes from its title), and the six merged.
# usage: bench/cluster-sites.sh CORPUS_100000_FOLDER OUT_FOLDER   (KHLANG: the binary)
set -euo pipefail
corpus=$1 out=$2
khlang=${KHLANG:-target/release/khlang}
mkdir -p "$out"
sites=()
for copy in "$corpus"/copy*; do
  name=$(basename "$copy")
  site="$out/site-$name"
  if [ ! -f "$site/manifest.json" ]; then
    /usr/bin/time -f "$name: %e s wall, %M kB peak RSS" \
      "$khlang" build "$copy" --out "$site" --as-of 2026-12-01 --cache "$out/cache" \
      --title "หน่วยงานทดสอบ $name" > "$out/build-$name.log" 2>&1
    tail -1 "$out/build-$name.log"
  fi
  sites+=("$site")
done
if [ ! -f "$out/merged/manifest.json" ]; then
  /usr/bin/time -f "merge: %e s wall, %M kB peak RSS" \
    "$khlang" merge "${sites[@]}" --out "$out/merged" --title "ทดสอบรวม 6 หน่วยงาน" > "$out/merge.log" 2>&1
  tail -1 "$out/merge.log"
fi
