#!/bin/sh
# Scan fixtures for OCR preprocessing (test/ocr-prep.test.ts), made with Debian tools only
# (poppler pdftoppm, ImageMagick convert, img2pdf) so no code of ours touches the pixels.
# Usage: sh scripts/make-scans-prep-fixtures.sh   (writes test/fixtures/scans-prep/)
set -eu
OUT=test/fixtures/scans-prep
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
HUBEI=test/fixtures/scanned/born-digital-source.pdf      # pdfkit-made 收入决算表 (landscape A4, 1 page)
PUTUO=test/fixtures/real/putuo-caizhengju-2024.pdf        # ONLYOFFICE-made real 决算 (portrait A4), page 8

# 1. 300 dpi bilevel, CCITT G4 (fax-like): 1 image pixel must become 1 render pixel.
pdftoppm -r 300 -mono -f 1 -l 1 "$HUBEI" "$TMP/bl"
convert "$TMP/bl-1.pbm" -density 300 -units PixelsPerInch -compress Group4 "$TMP/bl.tif"
img2pdf "$TMP/bl.tif" -o "$OUT/hubei-bilevel-300dpi-g4.pdf"

# 2. 150 dpi grey JPEG of the real page.
pdftoppm -r 150 -gray -f 8 -l 8 "$PUTUO" "$TMP/g150"
convert "$TMP/g150-08.pgm" -density 150 -units PixelsPerInch -quality 70 "$TMP/g150.jpg"
img2pdf "$TMP/g150.jpg" -o "$OUT/putuo-p8-grey-150dpi.pdf"

# 3. A red seal (ring + text) and a blue rectangular stamp over amount cells, 200 dpi RGB JPEG.
# Stamp ink is laid over the print (multiply), as a real seal is: black text under it stays black.
pdftoppm -r 200 -f 1 -l 1 -png "$HUBEI" "$TMP/c"
convert -size "$(identify -format '%wx%h' "$TMP/c-1.png")" xc:white \
  -fill none -stroke 'rgb(225,30,35)' -strokewidth 9 -draw "circle 1050,900 1050,1160" \
  -stroke none -fill 'rgb(225,30,35)' -pointsize 60 -draw "text 900,920 'SEAL-2020'" \
  -fill none -stroke 'rgb(30,60,200)' -strokewidth 7 -draw "rectangle 1150,1300 1610,1480" \
  -stroke none -fill 'rgb(30,60,200)' -pointsize 55 -draw "text 1190,1410 'RECEIVED'" "$TMP/stamp.png"
convert "$TMP/c-1.png" "$TMP/stamp.png" -compose Multiply -composite \
  -density 200 -units PixelsPerInch -quality 85 "$TMP/seal.jpg"
img2pdf "$TMP/seal.jpg" -o "$OUT/hubei-red-seal-200dpi.pdf"

# 4. Sideways (90° clockwise) and upside-down (180°) grey JPEG pages, 200 dpi.
pdftoppm -r 200 -gray -f 8 -l 8 "$PUTUO" "$TMP/g200"
convert "$TMP/g200-08.pgm" -rotate 90 -density 200 -units PixelsPerInch -quality 75 "$TMP/r90.jpg"
img2pdf "$TMP/r90.jpg" -o "$OUT/putuo-p8-rot90-200dpi.pdf"
pdftoppm -r 200 -gray -f 1 -l 1 "$HUBEI" "$TMP/h200"
convert "$TMP/h200-1.pgm" -rotate 180 -density 200 -units PixelsPerInch -quality 75 "$TMP/r180.jpg"
img2pdf "$TMP/r180.jpg" -o "$OUT/hubei-rot180-200dpi.pdf"

# 5. Skew +3° and -3° (ImageMagick's rotate: positive = clockwise), grey JPEG, 200 dpi.
convert "$TMP/h200-1.pgm" -background white -rotate 3 -density 200 -units PixelsPerInch -quality 75 "$TMP/s3.jpg"
img2pdf "$TMP/s3.jpg" -o "$OUT/hubei-skew+3-200dpi.pdf"
convert "$TMP/g200-08.pgm" -background white -rotate -3 -density 200 -units PixelsPerInch -quality 75 "$TMP/sm3.jpg"
img2pdf "$TMP/sm3.jpg" -o "$OUT/putuo-p8-skew-3-200dpi.pdf"
ls -la "$OUT"
