#!/usr/bin/env bash
# Whole-process budgets of SPEC §8: `zicha export` of a full 37-item session, ≤ 20 ms (median);
# docx / xlsx of the same session ≤ 50 ms.
#
# Builds a 37-item session with long multi-line CJK notes and 2 actions per item (as the JSON that
# `zicha export --format json` writes), imports it into a throw-away data dir, then times
# `zicha export` in each format with hyperfine (median of many runs, after warm-up) next to
# `zicha --version`, the floor of any run of the binary.
#
# Usage: scripts/bench-export.sh [path/to/zicha]   (default: target/release/zicha, built if missing)
# BENCH_ITEMS=N sets the number of items (default 37). SAMPLES=DIR also writes the review and the
# ledger there as .docx/.xlsx (zh and en), for the visual check (scripts/visual-check.sh).
# Needs: bash, hyperfine (apt-get install -y hyperfine).
set -euo pipefail

cd "$(dirname "$0")/.."
ZICHA=${1:-target/release/zicha}
if [[ $# -eq 0 ]]; then
    cargo build --release --quiet
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ZICHA_DATA_DIR="$work/data" ZICHA_NOW=2026-11-23T10:00:00+08:00 NO_COLOR=1

# One paragraph of a realistic note: about 120 Han characters, with ASCII punctuation that the
# Markdown export must escape.
note='本季度共召开各类会议十四次,其中五次可以合并;下发文件二十三份,有的文件照搬上级 | 未结合实际。*重部署、轻落实*的问题依然存在,<调研>多停留在听汇报、看材料,与群众面对面交流不够,对基层反映的问题跟踪督办不到位。'

items=${BENCH_ITEMS:-37}
groups=4
{
    printf '{"format":1,"id":"20261123-bench-37","label":"2026年第四季度","name":"张三","unit":"某某局",'
    printf '"preface":"根据上级统一部署,本人对照%d条问题逐项查摆,现将有关情况报告如下。",' "$items"
    printf '"created":"%s","updated":"%s","checklist":{"id":"bench-37","version":1,' "$ZICHA_NOW" "$ZICHA_NOW"
    printf '"title":{"zh":"三十七条问题对照检查","en":"Thirty-seven items"},"source":"benchmark fixture",'
    printf '"scale":[{"value":0,"label":{"zh":"不存在","en":"Not present"}},{"value":1,"label":{"zh":"轻微","en":"Minor"}},'
    printf '{"value":2,"label":{"zh":"一般","en":"Moderate"}},{"value":3,"label":{"zh":"较突出","en":"Notable"}},'
    printf '{"value":4,"label":{"zh":"突出","en":"Serious"}}],'
    printf '"sources":[{"id":"masses","label":{"zh":"群众提","en":"Raised by the public"}},{"id":"self","label":{"zh":"自己找","en":"Found by oneself"}}],'
    printf '"causes":[{"id":"ideals","prompt":{"zh":"理想信念","en":"Ideals"}},{"id":"purpose","prompt":{"zh":"宗旨意识","en":"Purpose"}}],'
    printf '"groups":['
    n=0
    for ((g = 1; g <= groups; g++)); do
        ((g > 1)) && printf ','
        printf '{"id":"g%d","title":{"zh":"第%d类问题","en":"Group %d"},"items":[' "$g" "$g" "$g"
        per=$(((items - n + groups - g) / (groups - g + 1)))
        for ((i = 1; i <= per; i++)); do
            n=$((n + 1))
            ((i > 1)) && printf ','
            printf '{"id":"i%d","text":{"zh":"第%d条:在工作作风方面存在的具体问题表现","en":"Item %d: a concrete problem of work style"}}' "$n" "$n" "$n"
        done
        printf ']}'
    done
    printf ']},"answers":['
    for ((n = 1; n <= items; n++)); do
        ((n > 1)) && printf ','
        printf '{"item":"i%d","rating":%d,"manifestation":"%s\\n%s\\n\\n%s","sources":["masses","self"],"actions":[' \
            "$n" $((n % 5)) "$note" "$note" "$note"
        printf '{"text":"制定整改方案,明确责任人和完成时限 | 第%d条","due":"2026-12-%02d","status":"open","done_on":null,"note":""},' "$n" $(((n % 28) + 1))
        printf '{"text":"建立长效机制,每月对照检查一次","due":"2027-03-31","status":"done","done_on":"2026-11-20","note":"已在支部会上通报"}]}'
    done
    printf '],"causes":[{"prompt":"ideals","text":"%s"},{"prompt":"purpose","text":"%s"}]}\n' "$note" "$note"
} >"$work/session.json"

"$ZICHA" import "$work/session.json" >/dev/null
# A second copy to diff against (SPEC §8 budgets `diff` of full 37-item sessions too), under its own
# id: the same file imported again is "already here" and would not make a second session.
sed 's/"id":"20261123-bench-37"/"id":"20261123-bench-37-2"/' "$work/session.json" >"$work/session-2.json"
"$ZICHA" import "$work/session-2.json" >/dev/null
bytes=$("$ZICHA" export 20261123-bench-37 | wc -c)
echo "session: $items items, review $bytes bytes of Markdown"
if [[ -n ${SAMPLES:-} ]]; then
    mkdir -p "$SAMPLES"
    for lang in zh en; do
        for f in docx xlsx; do
            "$ZICHA" --lang $lang export 20261123-bench-37 --format $f --force -o "$SAMPLES/review-$items-$lang.$f" >/dev/null
        done
    done
    rm -rf "$SAMPLES/data-$items" && cp -r "$ZICHA_DATA_DIR" "$SAMPLES/data-$items"
    echo "samples (and the data dir, data-$items) in $SAMPLES"
    [[ -n ${SAMPLES_ONLY:-} ]] && exit 0
fi

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 1; }
hyperfine --shell=none --warmup "${BENCH_WARMUP:-20}" --min-runs "${BENCH_RUNS:-200}" --export-json "$work/bench.json" \
    --command-name 'zicha --version' "$ZICHA --version" \
    --command-name 'export md' "$ZICHA export 20261123-bench-37" \
    --command-name 'export md en' "$ZICHA --lang en export 20261123-bench-37" \
    --command-name 'export csv' "$ZICHA export 20261123-bench-37 --format csv" \
    --command-name 'export json' "$ZICHA export 20261123-bench-37 --format json" \
    --command-name 'export docx' "$ZICHA export 20261123-bench-37 --format docx" \
    --command-name 'export xlsx' "$ZICHA export 20261123-bench-37 --format xlsx" \
    --command-name 'diff 37 items' "$ZICHA diff 20261123-bench-37 20261123-bench-37-2" \
    >"$work/hyperfine.txt" || { cat "$work/hyperfine.txt"; exit 1; }

echo "medians (budget: export and diff ≤ 20 ms; docx and xlsx ≤ 50 ms):"
# hyperfine's JSON holds one result per command, each with "command" and "median" (seconds).
{ tr -d '\n' <"$work/bench.json"; echo; } | sed 's/"command"/\n&/g' |
    sed -n 's/^"command": *"\([^"]*\)".*"median": *\([0-9.e-]*\).*/\1|\2/p' |
    while IFS='|' read -r name median; do
        awk -v n="$name" -v m="$median" 'BEGIN { printf "  %-16s %7.2f ms\n", n, m * 1000 }'
    done
