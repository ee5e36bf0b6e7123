#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks the Lua runtime and `coprod tally` at national scale (docs/performance.md):
# `coprod plugins list` start-up, the Lua bridge (coprod-bench lua-calls), and IRV, Schulze
# and STV (3 seats) on 1,000,000 ranked ballots over 10 candidates (PrefLib .soi, Mallows
# 0.8, truncated), against a native Swift IRV and pref_voting. Prints Markdown tables of
# medians of RUNS runs (wall time and peak RSS from /usr/bin/time -v).
#
#   scripts/bench.sh                  # RUNS=5, PV_RUNS=5; builds release; data in bench-data/
#   RUNS=7 PV_RUNS=3 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
PV_RUNS=${PV_RUNS:-5}
DATA=bench-data
FILE=$DATA/ballots-1m.soi
BIN=.build/release

# MARK: - Tools
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v hyperfine > /dev/null || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ]; then
  apt-get install -y "${need[@]}" > /dev/null 2>&1 || echo "note: could not install ${need[*]}" >&2
fi
[ -x /usr/bin/time ] || { echo "GNU time is required: apt-get install -y time" >&2; exit 1; }
swift build -c release > /dev/null
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q pref_voting
fi
mkdir -p "$DATA"
[ -f "$FILE" ] || $BIN/coprod-bench generate "$FILE" --voters 1000000 --candidates 10 --seed 2026 --culture mallows >&2

# MARK: - Measuring
# measure NAME RUNS COMMAND...: runs COMMAND RUNS times; prints "NAME|median s|median MiB|runs".
measure() {
  local name=$1 runs=$2; shift 2
  local log times=() rss=()
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" > /dev/null 2> "$log" || { cat "$log" >&2; exit 1; }
    times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")")
  done
  rm -f "$log"
  printf '%s|%s|%s|%s\n' "$name" \
    "$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')" \
    "$(printf '%s\n' "${rss[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.0f", ((NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) / 1024 }')" \
    "$(IFS=' '; echo "${times[*]}")"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $FILE ($(wc -c < "$FILE") bytes, $(grep -vc '^#' "$FILE") distinct ballot lines)"
echo

# MARK: - Start-up
echo "## coprod plugins list (start-up, bundled plugins)"
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 3 --runs $((RUNS * 4)) --export-json "$DATA/startup.json" "$BIN/coprod plugins list" > /dev/null 2>&1
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("median %.1f ms (min %.1f, max %.1f, %d runs, hyperfine)" % (r["median"] * 1e3, r["min"] * 1e3, r["max"] * 1e3, len(r["times"])))' "$DATA/startup.json"
else
  for _ in $(seq $((RUNS * 4))); do
    start=$(date +%s%N); $BIN/coprod plugins list > /dev/null; echo $(( ($(date +%s%N) - start) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "median %.1f ms (%d runs, date loop)\n", a[int((NR + 1) / 2)] / 1000, NR }'
fi
echo

# MARK: - Lua bridge
echo "## Lua bridge (in-process, medians)"
$BIN/coprod-bench lua-calls --runs "$RUNS"
echo

# MARK: - Tally
echo "## 1,000,000 ballots, 10 candidates (median of $RUNS runs; pref_voting: $PV_RUNS)"
rows=$(
  measure "native Swift IRV (floor)" "$RUNS" $BIN/coprod-bench native-irv "$FILE"
  measure "coprod tally --rule irv" "$RUNS" $BIN/coprod tally "$FILE" --rule irv --format json
  measure "coprod tally --rule schulze" "$RUNS" $BIN/coprod tally "$FILE" --rule schulze --format json
  measure "coprod tally --rule stv --seats 3" "$RUNS" $BIN/coprod tally "$FILE" --rule stv --seats 3 --format json
  measure "pref_voting instant_runoff" "$PV_RUNS" .venv-bench/bin/python scripts/bench-pref-voting.py "$FILE" irv
  measure "pref_voting beat_path (Schulze)" "$PV_RUNS" .venv-bench/bin/python scripts/bench-pref-voting.py "$FILE" schulze
  measure "pref_voting stv_scottish, 3 seats" "$PV_RUNS" .venv-bench/bin/python scripts/bench-pref-voting.py "$FILE" stv 3
)
echo "| command | wall (s) | peak RSS (MiB) | runs (s) |"
echo "|---|---:|---:|---|"
echo "$rows" | awk -F'|' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
echo
floor=$(echo "$rows" | awk -F'|' 'NR == 1 { print $2 }')
echo "| ratio | value |"
echo "|---|---:|"
echo "$rows" | awk -F'|' -v floor="$floor" '
  { t[NR] = $2 }
  END {
    printf "| coprod irv / native floor | %.2f× |\n", t[2] / floor
    printf "| pref_voting irv / coprod irv | %.0f× |\n", t[5] / t[2]
    printf "| pref_voting schulze / coprod schulze | %.0f× |\n", t[6] / t[3]
    printf "| pref_voting stv / coprod stv | %.1f× |\n", t[7] / t[4]
  }'
echo
echo "parse split (one run): $($BIN/coprod-bench native-irv "$FILE" | tail -1)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
