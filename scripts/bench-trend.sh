#!/usr/bin/env bash
# Whole-process timing of `zicha trend` (SPEC §8): the budget is a median of ≤ 300 ms over 1,000
# sessions, and the cost must grow linearly with the number of sessions (100 → 1,000 → 10,000).
#
# Sessions come from `examples/gen_sessions.rs`, which is deterministic: the same N gives the same
# files on every run and machine. Needs hyperfine (`apt-get install hyperfine` or `cargo install
# hyperfine`). Usage: scripts/bench-trend.sh [SIZES…]   (default: 100 1000 10000)
set -euo pipefail

cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench-trend: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
budget_ms=300
checklist=four-winds-25

cargo build --release --quiet --bin zicha --example gen_sessions
zicha="$PWD/target/release/zicha"
gen="$PWD/target/release/examples/gen_sessions"
work="${TMPDIR:-/tmp}/zicha-bench-trend"
mkdir -p "$work"

export ZICHA_NOW=2026-11-23T10:00:00+08:00
export ZICHA_LANG=en

declare -A median cpu
for n in "${sizes[@]}"; do
    dir="$work/$n"
    # Regenerate only when the set is incomplete: generation is deterministic.
    if [ "$(ls "$dir/sessions" 2>/dev/null | wc -l)" -ne "$n" ]; then
        rm -rf "$dir"
        "$gen" "$dir" "$n"
    fi
    runs=10
    [ "$n" -ge 10000 ] && runs=5
    json="$work/trend-$n.json"
    ZICHA_DATA_DIR="$dir" hyperfine --style basic -N --warmup 2 --runs "$runs" \
        --export-json "$json" "$zicha trend $checklist" >&2
    # The median in seconds, from hyperfine's JSON.
    m=$(grep -o '"median": *[0-9.e-]*' "$json" | head -1 | sed 's/.*: *//')
    median[$n]=$(awk -v s="$m" 'BEGIN { printf "%.1f", s * 1000 }')
    # Mean CPU time (user + system): what the work costs whatever else the machine is doing.
    u=$(grep -o '"user": *[0-9.e-]*' "$json" | head -1 | sed 's/.*: *//')
    y=$(grep -o '"system": *[0-9.e-]*' "$json" | head -1 | sed 's/.*: *//')
    cpu[$n]=$(awk -v u="$u" -v y="$y" 'BEGIN { printf "%.1f", (u + y) * 1000 }')
done

echo
echo "zicha trend $checklist, whole process, median of hyperfine runs:"
printf '  %8s  %10s  %14s  %12s\n' sessions "median ms" "µs / session" "cpu ms"
for n in "${sizes[@]}"; do
    printf '  %8s  %10s  %14s  %12s\n' "$n" "${median[$n]}" \
        "$(awk -v m="${median[$n]}" -v n="$n" 'BEGIN { printf "%.0f", m * 1000 / n }')" "${cpu[$n]}"
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); the reader uses every core,"
echo " so on a busy machine the wall time is well above cpu ms / cores)"

status=0
if [ -n "${median[1000]:-}" ]; then
    if awk -v m="${median[1000]}" -v b="$budget_ms" 'BEGIN { exit !(m <= b) }'; then
        echo "budget: 1,000 sessions in ${median[1000]} ms ≤ ${budget_ms} ms: ok"
    else
        echo "budget: 1,000 sessions in ${median[1000]} ms > ${budget_ms} ms: OVER"
        status=1
    fi
fi
# Linear growth: ten times the sessions may cost at most ~13× (start-up is a fixed cost, so the
# ratio is normally below 10; above 13 points at something worse than linear).
prev=""
for n in "${sizes[@]}"; do
    if [ -n "$prev" ]; then
        ratio=$(awk -v a="${median[$prev]}" -v b="${median[$n]}" 'BEGIN { printf "%.1f", b / a }')
        growth=$(awk -v a="$prev" -v b="$n" 'BEGIN { printf "%g", b / a }')
        if awk -v r="$ratio" -v g="$growth" 'BEGIN { exit !(r <= g * 1.3) }'; then
            echo "growth: $prev → $n sessions (×$growth) cost ×$ratio: linear"
        else
            echo "growth: $prev → $n sessions (×$growth) cost ×$ratio: WORSE THAN LINEAR"
            status=1
        fi
    fi
    prev=$n
done
exit $status
