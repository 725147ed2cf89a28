#!/usr/bin/env bash
# The manual visual check of the Word and Excel exports (not run by CI, which needs no office suite).
#
# Writes the review (.docx) and the ledger (.xlsx) of a 25-item and a 100-item session (zh and en),
# converts them to PDF with LibreOffice and the PDF pages to PNG at 60 dpi, so that someone can look at
# the title, headings, body, table, page numbers and 落款, and check that no Chinese is cut or overlaps.
#
# Usage: scripts/visual-check.sh [path/to/zicha] [OUT_DIR]   (default: target/debug/zicha, ./visual-check)
# Needs: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils
# (With only Noto CJK installed, 仿宋/楷体/黑体/小标宋 all fall back to Noto Sans CJK: the layout is what
# is checked here, the font names are checked by tests/docs.rs.)
set -euo pipefail

cd "$(dirname "$0")/.."
ZICHA=${1:-target/debug/zicha}
OUT=${2:-visual-check}
for tool in soffice pdftoppm; do
    command -v $tool >/dev/null || { echo "$tool is needed (see the header of $0)" >&2; exit 1; }
done
mkdir -p "$OUT"
for n in 25 100; do
    SAMPLES="$OUT" SAMPLES_ONLY=1 BENCH_ITEMS=$n bash scripts/bench-export.sh "$ZICHA" >/dev/null
done
for kind in docx xlsx; do
    mkdir -p "$OUT/pdf-$kind"
    soffice --headless --convert-to pdf --outdir "$OUT/pdf-$kind" "$OUT"/*."$kind" >/dev/null 2>&1
done
for pdf in "$OUT"/pdf-*/*.pdf; do
    base=${pdf%.pdf}
    pdftoppm -png -r 60 "$pdf" "$base"
    echo "$pdf: $(pdfinfo "$pdf" | sed -n 's/^Pages: *//p') pages"
done
echo "pages as PNG under $OUT/pdf-docx and $OUT/pdf-xlsx"
