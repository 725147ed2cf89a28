#!/usr/bin/env bash
# The manual visual check of the Word and Excel exports (not run by CI, which needs no office suite).
#
# Writes the review (.docx) and the ledger (.xlsx) of a 25-item and a 100-item session (zh and en),
# the review of the next quarter carried forward from each (opening with last time's measures), and
# the unit summary (.docx, .xlsx) of 12 members with a roster of 14 (two missing);
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
# The review of a session carried forward from the 25-item one (it opens with last time's measures):
# the next quarter, half of the open measures done since, one item rated worse.
for n in 25 100; do
    data="$OUT/data-$n"
    export ZICHA_DATA_DIR="$data" ZICHA_NOW=2027-03-01T10:00:00+08:00
    "$ZICHA" export 20261123-bench-37 --format json | python3 -c '
import json, sys
s = json.load(sys.stdin)
s.update(id="20270301-bench-37", label="2027年第一季度", created="2027-03-01T10:00:00+08:00",
         updated="2027-03-01T10:00:00+08:00")
s["from"] = "20261123-bench-37"
for i, a in enumerate(s["answers"]):
    a["actions"] = [x for x in a["actions"] if x["status"] == "open"]
    for x in a["actions"]:
        if i % 2 == 0:
            x.update(status="done", done_on="2027-02-20")
    a["rating"] = 3 if i == 0 else a["rating"]
json.dump(s, sys.stdout, ensure_ascii=False)' >"$OUT/next-$n.json"
    "$ZICHA" import "$OUT/next-$n.json" >/dev/null
    for lang in zh en; do
        "$ZICHA" --lang $lang export 20270301-bench-37 --format docx --force -o "$OUT/carried-$n-$lang.docx" >/dev/null
    done
done
# The unit summary of 12 members (examples/gen_sessions) with a roster of 14: the draft and the matrix.
unit="$OUT/data-unit"
rm -rf "$unit"
cargo run --quiet --example gen_sessions -- "$unit" 12 four-winds-25 12
{ for k in $(seq 0 11); do printf '成员%04d\n' "$k"; done; printf '张未交\n李未交\n'; } >"$OUT/members.txt"
export ZICHA_DATA_DIR="$unit" ZICHA_NOW=2026-11-23T10:00:00+08:00
for lang in zh en; do
    for f in docx xlsx; do
        "$ZICHA" --lang $lang unit four-winds-25 --roster "$OUT/members.txt" --format $f --force -o "$OUT/unit-12-$lang.$f" >/dev/null
    done
done
for kind in docx xlsx; do
    mkdir -p "$OUT/pdf-$kind"
    soffice --headless --convert-to pdf --outdir "$OUT/pdf-$kind" "$OUT"/*."$kind" >/dev/null 2>&1
done
rm -f "$OUT"/pdf-*/*.png
for pdf in "$OUT"/pdf-*/*.pdf; do
    base=${pdf%.pdf}
    pdftoppm -png -r 60 "$pdf" "$base"
    echo "$pdf: $(pdfinfo "$pdf" | sed -n 's/^Pages: *//p') pages"
done
echo "pages as PNG under $OUT/pdf-docx and $OUT/pdf-xlsx"
