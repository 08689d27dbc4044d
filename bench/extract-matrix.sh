#!/usr/bin/env bash
# Makes the extraction benchmark's matrix: real files, made by the programs agencies use, from
# Thai source texts whose exact characters are known. `khlang-bench extract DIR` then measures
# how many Thai characters khlang (and poppler's pdftotext, as a reference) gets wrong per kind.
#
#   bench/extract-matrix.sh [OUT_DIR] [SOURCE.txt ...]
#
# OUT_DIR defaults to target/extract-matrix; the sources default to the five announcements in
# tests/fixtures/announcements/, each cut to
# its first ~1,400 characters (about one page, as an announcement is). Every file in OUT_DIR is
# listed in OUT_DIR/matrix.tsv as: kind <TAB> file <TAB> source text file.
#
# Needs (Debian): libreoffice-writer-nogui, fonts-thai-tlwg, chromium, ghostscript, imagemagick,
# img2pdf, poppler-utils. Nothing here is committed; only this script is.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/target/extract-matrix}"
shift || true
SOURCES=("$@")
if [ ${#SOURCES[@]} -eq 0 ]; then
  SOURCES=("$ROOT"/tests/fixtures/announcements/*.txt)
fi

for tool in soffice chromium gs convert img2pdf pdftoppm fc-list python3; do
  command -v "$tool" >/dev/null || {
    echo "extract-matrix: $tool is missing: apt-get install libreoffice-writer-nogui fonts-thai-tlwg chromium ghostscript imagemagick img2pdf poppler-utils" >&2
    exit 1
  }
done

# Every Thai TLWG family Debian ships, regular weight.
FONTS=(Garuda Kinnari Laksaman Loma Norasi Purisa Sawasdee TlwgMono TlwgTypewriter TlwgTypist TlwgTypo Umpush Waree)
for f in "${FONTS[@]}"; do
  fc-list ":family=$f" | grep -q . || { echo "extract-matrix: font $f not installed (fonts-thai-tlwg)" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT/src" "$OUT/work"
: > "$OUT/matrix.tsv"
row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$OUT/matrix.tsv"; }

# Source texts: the first lines of each sample up to ~1,400 characters, blank runs collapsed.
names=()
for s in "${SOURCES[@]}"; do
  name="$(basename "$s" .txt)"
  name="${name%%_*}"
  python3 - "$s" "$OUT/src/$name.txt" <<'PY'
import sys, re
text = open(sys.argv[1], encoding="utf-8").read().replace("\r\n", "\n")
out, n = [], 0
for line in text.split("\n"):
    line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
    if not line:
        continue
    out.append(line)
    n += len(line)
    if n > 1400:
        break
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
  names+=("$name")
done

# A Writer document (flat ODT) of a source text in one font; layout: plain, bold, columns or table.
fodt() { # src font layout out
  python3 - "$@" <<'PY'
import sys
from xml.sax.saxutils import escape
src, font, layout, out = sys.argv[1:5]
lines = open(src, encoding="utf-8").read().split("\n")
lines = [l for l in lines if l]
ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
# "bold": an announcement's heading style, 16 pt bold throughout; otherwise 14 pt regular.
size, weight = ("16pt", "bold") if layout == "bold" else ("14pt", "normal")
props = (f'style:font-name="F" style:font-name-complex="F" fo:font-size="{size}" '
         f'style:font-size-complex="{size}" fo:font-weight="{weight}" '
         f'style:font-weight-complex="{weight}" fo:language="th" fo:country="TH" '
         f'style:language-complex="th" style:country-complex="TH"')
p = lambda t: f"<text:p>{escape(t)}</text:p>"
if layout == "columns":
    body = ('<text:section text:style-name="Cols" text:name="Cols">'
            + "".join(p(l) for l in lines) + "</text:section>")
elif layout == "table":
    # Two columns per row: consecutive lines side by side, read row by row.
    rows = [lines[i:i + 2] for i in range(0, len(lines), 2)]
    cells = lambda r: "".join(
        f"<table:table-cell>{p(c)}</table:table-cell>" for c in r + [""] * (2 - len(r)))
    body = ('<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/>'
            + "".join(f"<table:table-row>{cells(r)}</table:table-row>" for r in rows)
            + "</table:table>")
else:
    body = "".join(p(l) for l in lines)
doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="{font}"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties {props}/></style:default-style></office:styles>
<office:automatic-styles><style:style style:name="Cols" style:family="section"><style:section-properties>
<style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties></style:style></office:automatic-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>'''
open(out, "w", encoding="utf-8").write(doc)
PY
}

# LibreOffice converts a batch per call (starting it costs seconds).
soffice_to() { # format outdir files...
  local fmt="$1" dir="$2"
  shift 2
  HOME="$OUT/work/lo-home" soffice --headless --norestore --convert-to "$fmt" --outdir "$dir" "$@" >/dev/null 2>&1
}

echo "extract-matrix: Writer documents in ${#FONTS[@]} fonts (regular 14 pt, bold 16 pt) × ${#names[@]} texts"
mkdir -p "$OUT/work/fodt" "$OUT/work/docx"
for font in "${FONTS[@]}"; do
  for n in "${names[@]}"; do
    fodt "$OUT/src/$n.txt" "$font" plain "$OUT/work/fodt/$n-$font.fodt"
    fodt "$OUT/src/$n.txt" "$font" bold "$OUT/work/fodt/$n-$font-bold.fodt"
  done
done
for n in "${names[@]}"; do
  fodt "$OUT/src/$n.txt" Laksaman columns "$OUT/work/fodt/$n-Laksaman-columns.fodt"
  fodt "$OUT/src/$n.txt" Laksaman table "$OUT/work/fodt/$n-Laksaman-table.fodt"
done

mkdir -p "$OUT/lo-pdf" "$OUT/lo-docx"
echo "extract-matrix: LibreOffice → PDF (from Writer's format) and → DOCX"
soffice_to pdf "$OUT/lo-pdf" "$OUT"/work/fodt/*.fodt
soffice_to docx "$OUT/lo-docx" "$OUT"/work/fodt/*.fodt
echo "extract-matrix: LibreOffice DOCX → PDF"
mkdir -p "$OUT/lo-docx-pdf"
soffice_to pdf "$OUT/lo-docx-pdf" "$OUT"/lo-docx/*-*.docx

for font in "${FONTS[@]}"; do
  for n in "${names[@]}"; do
    row "lo-pdf/$font" "lo-pdf/$n-$font.pdf" "src/$n.txt"
    row "lo-docx-pdf/$font" "lo-docx-pdf/$n-$font.pdf" "src/$n.txt"
    row "lo-pdf-bold/$font" "lo-pdf/$n-$font-bold.pdf" "src/$n.txt"
  done
done
for n in "${names[@]}"; do
  row "lo-docx" "lo-docx/$n-Laksaman.docx" "src/$n.txt"
  row "lo-pdf/two-column" "lo-pdf/$n-Laksaman-columns.pdf" "src/$n.txt"
  row "lo-pdf/table" "lo-pdf/$n-Laksaman-table.pdf" "src/$n.txt"
done

echo "extract-matrix: Chromium print-to-PDF (Skia)"
mkdir -p "$OUT/chromium"
for n in "${names[@]}"; do
  python3 - "$OUT/src/$n.txt" "$OUT/work/$n.html" <<'PY'
import sys
from xml.sax.saxutils import escape
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
body = "".join(f"<p>{escape(l)}</p>" for l in lines)
open(sys.argv[2], "w", encoding="utf-8").write(
    f'<!doctype html><html lang="th"><meta charset="utf-8"><title>ประกาศ</title>'
    f'<body style="font-family: Laksaman; font-size: 14pt">{body}</body></html>')
PY
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$OUT/chromium/$n.pdf" "file://$OUT/work/$n.html" >/dev/null 2>&1
  row "chromium" "chromium/$n.pdf" "src/$n.txt"
done

echo "extract-matrix: Ghostscript pdfwrite (re-distilled LibreOffice PDFs)"
mkdir -p "$OUT/gs"
for n in "${names[@]}"; do
  gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -o "$OUT/gs/$n.pdf" "$OUT/lo-pdf/$n-Laksaman.pdf"
  row "gs-pdfwrite" "gs/$n.pdf" "src/$n.txt"
done

echo "extract-matrix: scans at 150 and 300 dpi, slightly rotated and noisy"
mkdir -p "$OUT/scan"
for dpi in 150 300; do
  for n in "${names[@]}"; do
    pdftoppm -r "$dpi" -gray -png "$OUT/lo-pdf/$n-Laksaman.pdf" "$OUT/work/$n-$dpi"
    pages=()
    for png in "$OUT/work/$n-$dpi"-*.png; do
      convert "$png" -rotate 0.7 -attenuate 0.4 +noise Gaussian -background white -flatten \
        -colorspace Gray -depth 8 "${png%.png}-scan.png"
      pages+=("${png%.png}-scan.png")
    done
    img2pdf --pagesize A4 -o "$OUT/scan/$n-$dpi.pdf" "${pages[@]}"
    row "scan-$dpi" "scan/$n-$dpi.pdf" "src/$n.txt"
  done
done

echo "extract-matrix: $(wc -l < "$OUT/matrix.tsv") files in $OUT (list: matrix.tsv)"
