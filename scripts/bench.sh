#!/usr/bin/env bash
# Whole-process figures for the budgets of SPEC §8, measured in one run so that ratios are honest.
#
#   start to first frame (home, 1,000 sessions)   ≤ 50 ms, aim ≤ 5× `zicha --version`
#   peak memory, home with 1,000 sessions         ≤ 30 MB
#   list of 1,000 sessions                        (no budget; shows the summary index at work)
#   trend over 1,000 sessions                     ≤ 300 ms
#   growth 100 → 1,000 → 10,000 sessions          linear (first frame and trend)
#   export / diff of full 37-item sessions        ≤ 20 ms (runs scripts/bench-export.sh at the end)
#
# The first frame is drawn into a real pseudo-terminal: `script` gives zicha a tty, and
# `--bench-first-frame` makes it exit right after the first draw. Sessions come from the deterministic
# generator `examples/gen_sessions.rs`.
#
# Usage: scripts/bench.sh            (installs hyperfine from Debian's packages if it is missing)
# Env:   BENCH_RUNS (default 50), BENCH_BIG=0 to skip the 10,000-session growth point.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null
fi
command -v script >/dev/null || { apt-get update -qq && apt-get install -y -qq bsdutils >/dev/null; }

cargo build --release --quiet
cargo build --release --quiet --example gen_sessions
ZICHA=$PWD/target/release/zicha
GEN=$PWD/target/release/examples/gen_sessions
RUNS=${BENCH_RUNS:-50}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ZICHA_NOW=2026-11-23T10:00:00+08:00 NO_COLOR=1 ZICHA_LANG=zh TERM=${TERM:-xterm-256color}

sizes=(100 1000)
[[ ${BENCH_BIG:-1} == 1 ]] && sizes+=(10000)
for n in "${sizes[@]}"; do
    "$GEN" "$work/d$n" "$n" >/dev/null
    # Warm the summary index once, as any earlier run of zicha would have.
    ZICHA_DATA_DIR="$work/d$n" "$ZICHA" list >/dev/null
done

first_frame() { # DATA_DIR -> a command that draws the home screen once in a pty and exits
    printf "script -qec 'stty cols 100 rows 30; ZICHA_DATA_DIR=%s %s --bench-first-frame' /dev/null" "$1" "$ZICHA"
}

cmds=(--command-name 'version' "$ZICHA --version"
      --command-name 'script+pty floor' "script -qec 'stty cols 100 rows 30; true' /dev/null")
for n in "${sizes[@]}"; do
    cmds+=(--command-name "first frame $n" "$(first_frame "$work/d$n")"
           --command-name "list $n" "env ZICHA_DATA_DIR=$work/d$n $ZICHA list --json"
           --command-name "trend $n" "env ZICHA_DATA_DIR=$work/d$n $ZICHA trend four-winds-25")
done
cmds+=(--command-name 'diff latest two (1000)' "env ZICHA_DATA_DIR=$work/d1000 $ZICHA diff")

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/bench.json" "${cmds[@]}" >"$work/hyperfine.txt" 2>&1 ||
    { cat "$work/hyperfine.txt"; exit 1; }

python3 - "$work/bench.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = {k: v["median"] * 1000 for k, v in r.items()}
print(f"{'what':32} {'median ms':>10} {'min':>8} {'max':>8}")
for k, v in r.items():
    print(f"{k:32} {med[k]:10.2f} {v['min']*1000:8.2f} {v['max']*1000:8.2f}")
floor = med["script+pty floor"]
ff = med["first frame 1000"] - floor
print()
print(f"first frame, 1,000 sessions, less the script+pty floor: {ff:.2f} ms (budget 50 ms)")
print(f"  ratio to --version: {ff / med['version']:.1f}x (aim 5x)")
print(f"trend, 1,000 sessions: {med['trend 1000']:.2f} ms (budget 300 ms)")
for what in ("first frame", "trend", "list"):
    pts = [(int(k.split()[-1]), med[k]) for k in med if k.startswith(what + " ") and k.split()[-1].isdigit()]
    pts.sort()
    if len(pts) > 1:
        steps = ", ".join(f"{a[0]}→{b[0]}: ×{b[1]/a[1]:.1f}" for a, b in zip(pts, pts[1:]))
        print(f"growth of {what}: {steps} (sessions ×10 each step; linear means ≤ ×10)")
PY

echo
echo "peak memory (max RSS) of the home screen's first frame with 1,000 sessions:"
rss=$(script -qec "stty cols 100 rows 30; ZICHA_DATA_DIR=$work/d1000 /usr/bin/time -f 'RSS %M' $ZICHA --bench-first-frame" /dev/null | tr -d '\r' | sed -n 's/.*RSS \([0-9]*\).*/\1/p' | tail -1)
echo "  ${rss:-?} KiB (budget 30 MB = 30720 KiB)"

echo
bash scripts/bench-export.sh "$ZICHA"
