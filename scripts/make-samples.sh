#!/usr/bin/env bash
# Makes samples/, the demo documents: a small folder as an agency really has it — department
# folders holding born-digital PDFs and DOCX from LibreOffice, a scanned announcement, an Excel
# procurement plan, a legacy TIS-620 text file, and a catalogue.csv row for one file.
#
#   scripts/make-samples.sh
#
# The files are committed; this script is how they were made, so ./scripts/demo.sh needs no
# LibreOffice. Sources: the five announcements in tests/fixtures/announcements/ (real texts
# published by Thai local governments). Needs (Debian): libreoffice-writer-nogui,
# libreoffice-calc-nogui, fonts-thai-tlwg, poppler-utils, imagemagick, img2pdf.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in soffice pdftoppm convert img2pdf iconv python3; do
  command -v "$tool" >/dev/null || {
    echo "make-samples: $tool is missing: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-thai-tlwg poppler-utils imagemagick img2pdf" >&2
    exit 1
  }
done

SRC=tests/fixtures/announcements
OUT=samples
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" # LibreOffice's profile, not the user's

# A Writer document (flat ODT) in Laksaman 16 pt — TH Sarabun New's metric twin, the font
# Thai government documents are set in. Blank lines of the source become paragraph gaps.
fodt() { # source.txt out.fodt [max_chars]
  python3 - "$@" <<'PY'
import sys
from xml.sax.saxutils import escape
src, out = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
lines = [l.strip() for l in open(src, encoding="utf-8").read().split("\n")]
lines = [l for l in lines if l]
if limit:
    # One page: the first lines, then the signing lines (date and signature) from the end.
    head, n = [], 0
    for l in lines[:-4]:
        head.append(l)
        n += len(l)
        if n > limit:
            break
    lines = head + lines[-4:]
ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
props = ('style:font-name="F" style:font-name-complex="F" fo:font-size="16pt" '
         'style:font-size-complex="16pt" fo:language="th" fo:country="TH" '
         'style:language-complex="th" style:country-complex="TH"')
body = "".join(f"<text:p>{escape(l)}</text:p>" for l in lines)
open(out, "w", encoding="utf-8").write(f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="Laksaman"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties {props}/></style:default-style></office:styles>
<office:body><office:text>{body}</office:text></office:body></office:document>''')
PY
}

convert_to() { # format outdir file...
  local fmt="$1" dir="$2"
  shift 2
  soffice --headless --norestore --convert-to "$fmt" --outdir "$dir" "$@" >/dev/null 2>&1
}

rm -rf "$OUT"
mkdir -p "$OUT/กองวิชาการและแผนงาน" "$OUT/สำนักปลัด/ศูนย์ข้อมูลข่าวสาร" "$OUT/กองคลัง"

fodt "$SRC/000_dfee500fb0e96cd9.txt" "$WORK/000.fodt"
fodt "$SRC/001_7a4414329ae0e9c7.txt" "$WORK/001.fodt"
fodt "$SRC/002_66fb336bfd662de8.txt" "$WORK/002.fodt"
fodt "$SRC/003_9eaef1ed089199ae.txt" "$WORK/003.fodt"
fodt "$SRC/004_f9bf8a10744368c9.txt" "$WORK/004.fodt" 1300
echo "make-samples: LibreOffice → PDF and DOCX"
convert_to pdf "$WORK" "$WORK/000.fodt" "$WORK/004.fodt"
convert_to docx "$WORK" "$WORK/001.fodt" "$WORK/002.fodt" "$WORK/003.fodt"
# 001 goes the way many agencies' PDFs go: typed in Word format, exported to PDF from it.
mkdir -p "$WORK/from-docx"
convert_to pdf "$WORK/from-docx" "$WORK/001.docx"

cp "$WORK/000.pdf" "$OUT/กองวิชาการและแผนงาน/แผนพัฒนาศูนย์ข้อมูลข่าวสาร 2563.pdf"
cp "$WORK/from-docx/001.pdf" "$OUT/สำนักปลัด/มาตรการ กลไกการเผยแพร่ข้อมูลผ่านเว็บไซต์.pdf"
cp "$WORK/002.docx" "$OUT/สำนักปลัด/แนวทางการเผยแพร่ข้อมูลต่อสาธารณะ.docx"
cp "$WORK/003.docx" "$OUT/สำนักปลัด/มาตรการเผยแพร่ข้อมูลต่อสาธารณะ.docx"

echo "make-samples: a scanned announcement (150 dpi, slightly rotated, noisy, JPEG)"
pdftoppm -r 150 -gray -png -f 1 -l 1 "$WORK/004.pdf" "$WORK/004-page"
convert "$WORK"/004-page-*.png -rotate 0.6 -attenuate 0.3 +noise Gaussian -background white \
  -flatten -colorspace Gray -quality 55 "$WORK/004-scan.jpg"
img2pdf --pagesize A4 -o "$OUT/กองวิชาการและแผนงาน/มาตรการเผยแพร่ข้อมูลผ่านเว็บไซต์ (สแกน).pdf" "$WORK/004-scan.jpg"

echo "make-samples: a procurement plan (แผนการจัดซื้อจัดจ้าง) in Excel"
cat > "$WORK/plan.csv" <<'CSV'
แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567,,,,
เทศบาลตำบลนาแซง กองคลัง,,,,
ลำดับ,รายการ,วงเงินงบประมาณ (บาท),วิธีจัดหา,ระยะเวลาจัดหา
1,จัดซื้อครุภัณฑ์คอมพิวเตอร์ สำหรับศูนย์ข้อมูลข่าวสาร,"85,000",เฉพาะเจาะจง,ธันวาคม 2566
2,จ้างเหมาซ่อมแซมถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3,"498,000",เฉพาะเจาะจง,มกราคม 2567
3,จัดซื้อวัสดุสำนักงาน,"60,000",เฉพาะเจาะจง,ตุลาคม 2566
4,จ้างก่อสร้างรางระบายน้ำ คสล. หมู่ที่ 7,"1,250,000",ประกวดราคาอิเล็กทรอนิกส์ (e-bidding),มีนาคม 2567
5,จัดซื้ออาหารเสริม (นม) โรงเรียน,"742,500",เฉพาะเจาะจง,ตุลาคม 2566
CSV
# 44 = comma, 34 = double quote, 76 = UTF-8.
soffice --headless --norestore --infilter=CSV:44,34,76 --convert-to xlsx --outdir "$WORK" "$WORK/plan.csv" >/dev/null 2>&1
cp "$WORK/plan.xlsx" "$OUT/กองคลัง/แผนการจัดซื้อจัดจ้าง 2567.xlsx"

echo "make-samples: a legacy text file in TIS-620"
iconv -f UTF-8 -t TIS-620 > "$OUT/สำนักปลัด/ศูนย์ข้อมูลข่าวสาร/ประกาศวันเวลาทำการ.txt" <<'TXT'
ประกาศเทศบาลตำบลนาแซง
เรื่อง วันและเวลาเปิดให้บริการศูนย์ข้อมูลข่าวสารของราชการ

ตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐ มาตรา ๙ กำหนดให้หน่วยงานของรัฐจัดให้มีข้อมูลข่าวสารของราชการไว้ให้ประชาชนเข้าตรวจดูได้ เทศบาลตำบลนาแซงจึงประกาศวันและเวลาเปิดให้บริการศูนย์ข้อมูลข่าวสาร ดังนี้
วันจันทร์ถึงวันศุกร์ เวลา ๐๘.๓๐ - ๑๖.๓๐ น. เว้นวันหยุดราชการ
ณ อาคารสำนักงานเทศบาลตำบลนาแซง ชั้น ๑

จึงประกาศให้ทราบโดยทั่วกัน
ประกาศ ณ วันที่ ๑๕ มกราคม พ.ศ. ๒๕๖๖
TXT

cat > "$OUT/catalogue.csv" <<'CSV'
file,title,agency,department,category,fiscal_year,date,doc_number,publish_from,publish_until,reviewed
กองคลัง/แผนการจัดซื้อจัดจ้าง 2567.xlsx,แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567,เทศบาลตำบลนาแซง,กองคลัง,procurement-plan,2567,2023-10-05,,,,
CSV

echo "make-samples: $(find "$OUT" -type f | wc -l) files, $(du -sh "$OUT" | cut -f1) in $OUT/"
