#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks the HTML health report on a workspace with 10,000 participants and 100,000
# contributions (target: ≤ 2 s and ≤ 300 MiB). Prints wall time and peak memory (max RSS)
# per run and the median of RUNS runs (default 5), with, measured in the same run and
# alternating with it, the Markdown rendering of the same report (the baseline: everything
# but the HTML and SVG) and --dump-input (only building the workspace view the plugin reads).
#
#   scripts/bench-reports.sh                  # builds release, data in bench-data/reports
#   RUNS=9 COPROD=.build/release/coprod scripts/bench-reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
DATA=${DATA:-bench-data/reports}
COPROD=${COPROD:-.build/release/coprod}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "install GNU time: apt-get install -y time" >&2; exit 1; }
[ -x "$COPROD" ] || swift build -c release --product coprod
export COPROD_NOW=2026-06-01T09:00:00Z COPROD_ACTOR=bench
WS="$DATA/ws"

# MARK: - Data (deterministic)
if [ ! -f "$WS/coprod.json" ]; then
  rm -rf "$DATA"; mkdir -p "$DATA"
  awk 'BEGIN {
    split("resident;carer|resident|lived experience|staff|partner|resident;lived experience", ps, "|")
    print "id,name,email,perspectives,language,age_band,ethnicity"
    for (i = 1; i <= 10000; i++)
      printf "p%05d,Person %d,p%d@example.org,%s,%s,%s,%s\n", i, i, i, ps[i % 6 + 1], (i % 7 ? "en" : "cy"),
        (i % 5) * 10 + 18 "-" (i % 5) * 10 + 27, (i % 4 ? "White" : "Asian")
  }' > "$DATA/participants.csv"
  # Contributions by a skewed share of people (every third person says nothing), mixed kinds,
  # most quotable.
  awk 'BEGIN {
    split("story|idea|comment|objection", ks, "|")
    print "id,author,kind,text,quote,date"
    for (i = 1; i <= 100000; i++) {
      p = (i * 7919) % 10000 + 1; if (p % 3 == 0) p = p + 1; if (p > 10000) p = 1
      printf "c%06d,p%05d,%s,\"Contribution %d: the bins, the buses and the repairs, in my own words.\",%s,2026-03-%02d\n",
        i, p, ks[i % 4 + 1], i, (i % 5 ? "yes" : "no"), i % 28 + 1
    }
  }' > "$DATA/contributions.csv"
  "$COPROD" init "$WS" --name "Bench: 100,000 contributions" >/dev/null
  "$COPROD" consultation set --workspace "$WS" --question "What should change?" --purpose "Benchmark" \
    --ladder co-design --spectrum collaborate --opens 2026-01-05 --closes 2026-04-30 >/dev/null
  "$COPROD" participants import "$DATA/participants.csv" --workspace "$WS" >/dev/null
  "$COPROD" contributions import "$DATA/contributions.csv" --workspace "$WS" >/dev/null
  for i in $(seq 1 20); do
    "$COPROD" commitments add "Commitment $i" --owner "Team $((i % 4))" --due "2026-0$((i % 5 + 2))-1$((i % 9))" --workspace "$WS" >/dev/null
  done
  for i in $(seq 1 2 20); do
    "$COPROD" commitments update "k$i" --status done --note "Done" --evidence "Report to committee" --date 2026-05-01 --workspace "$WS" >/dev/null
  done
fi

# MARK: - Runs
measure() {  # prints "seconds maxrss_kib" for one run of the arguments
  "$TIME" -f "%e %M" -o "$DATA/time.txt" "$COPROD" "$@" >/dev/null 2>&1
  tail -1 "$DATA/time.txt"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
declare -A T M
names=(html markdown dump-input)
for run in $(seq 1 "$RUNS"); do
  for name in "${names[@]}"; do
    case $name in
      html) args=(report health --workspace "$WS" --format html --out "$DATA/health.html") ;;
      markdown) args=(report health --workspace "$WS" --format markdown --out "$DATA/health.md") ;;
      dump-input) args=(report health --workspace "$WS" --dump-input) ;;
    esac
    read -r s k <<<"$(measure "${args[@]}")"
    echo "run $run $name: ${s} s, $((k / 1024)) MiB"
    T[$name]+="$s "; M[$name]+="$k "
  done
done
echo
for name in "${names[@]}"; do
  t=$(tr ' ' '\n' <<<"${T[$name]}" | grep . | median)
  m=$(tr ' ' '\n' <<<"${M[$name]}" | grep . | median)
  echo "median $name: $t s, $((${m%.*} / 1024)) MiB peak RSS"
done
echo "html file: $(wc -c < "$DATA/health.html") bytes"
