#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks workspace imports: 100,000 participants, 1,000,000 contributions and a Pol.is
# export with 1,000,000 votes. Prints wall time and peak memory (max RSS) per run and the
# median of RUNS runs (default 3). The baseline, measured in the same run just before each
# import, is the same command with --dry-run: every row is read, checked and written inside
# the transaction, which is then rolled back. So "import / check" is what making the import
# durable costs (the commit and its WAL checkpoint).
#
#   scripts/bench-store.sh                # builds release, data in bench-data/store
#   RUNS=5 COPROD=.build/release/coprod scripts/bench-store.sh
#
# Before and after a change, in the same run: BEFORE=path/to/old/coprod measures the old
# binary too, alternating old and new run by run, and prints both medians and new / old.
# STEPS chooses the steps (default: all of them, in this order), e.g.
#   BEFORE=/tmp/coprod-main STEPS="participants contributions verify" scripts/bench-store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=${DATA:-bench-data/store}
COPROD=${COPROD:-.build/release/coprod}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "install GNU time: apt-get install -y time" >&2; exit 1; }
[ -x "$COPROD" ] || swift build -c release --product coprod
mkdir -p "$DATA"

# MARK: - Data (deterministic)
if [ ! -f "$DATA/participants.csv" ]; then
  awk 'BEGIN {
    split("resident;carer|resident|lived experience|staff|partner|resident;lived experience", ps, "|")
    print "id,name,email,perspectives,language,age_band,ethnicity"
    for (i = 1; i <= 100000; i++)
      printf "p%06d,Person %d,p%d@example.org,%s,%s,%s,%s\n", i, i, i, ps[i % 6 + 1], (i % 7 ? "en" : "cy"),
        (i % 5) * 10 + 18 "-" (i % 5) * 10 + 27, (i % 4 ? "White" : "Asian")
  }' > "$DATA/participants.csv"
  awk 'BEGIN {
    print "id,author,kind,text,quote,date"
    for (i = 1; i <= 1000000; i++)
      printf "c%07d,p%06d,%s,\"Contribution %d: the bins, the buses and the repairs, in my own words.\",%s,2026-03-%02d\n",
        i, (i * 7919) % 100000 + 1, (i % 10 ? "story" : "idea"), i, (i % 3 ? "yes" : "no"), i % 28 + 1
  }' > "$DATA/contributions.csv"
  mkdir -p "$DATA/polis"
  awk 'BEGIN {
    print "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body" > "'"$DATA"'/polis/comments.csv"
    for (c = 0; c < 1000; c++)
      printf "%d,x,%d,%d,,,1,Statement %d about local services\n", 1700000000000 + c, c, c % 5000, c >> "'"$DATA"'/polis/comments.csv"
    print "timestamp,datetime,comment-id,voter-id,vote"
    for (i = 0; i < 1000000; i++) {
      v = (i * 31) % 100000; c = (i * 17 + int(i / 100000)) % 1000
      printf "%d,x,%d,%d,%d\n", 1700001000000 + i, c, v, (i % 3) - 1
    }
  }' > "$DATA/polis/votes.csv"
fi

# MARK: - Runs
measure() {  # the command; prints "wall_seconds max_rss_kb cpu_seconds" (cpu = user + system)
  local log; log=$(mktemp)
  "$TIME" -v "$@" > /dev/null 2> "$log" || { cat "$log" >&2; exit 1; }
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
  rm -f "$log"
  echo "$wall $rss $cpu"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

STEPS=${STEPS:-participants-check participants contributions-check contributions polis-check polis verify}
BINARIES="new"
[ -n "${BEFORE:-}" ] && BINARIES="old new"
declare -A walls rsses cpus
for run in $(seq 1 "$RUNS"); do
  for binary in $BINARIES; do
    bin=$COPROD
    [ "$binary" = old ] && bin=$BEFORE
    ws=$(mktemp -d)/ws
    "$bin" init "$ws" > /dev/null
    for step in $STEPS; do
      case $step in
        participants-check) r=$(measure "$bin" participants import "$DATA/participants.csv" --dry-run --workspace "$ws") ;;
        participants) r=$(measure "$bin" participants import "$DATA/participants.csv" --workspace "$ws") ;;
        contributions-check) r=$(measure "$bin" contributions import "$DATA/contributions.csv" --dry-run --workspace "$ws") ;;
        contributions) r=$(measure "$bin" contributions import "$DATA/contributions.csv" --workspace "$ws") ;;
        polis-check) r=$(measure "$bin" polis import "$DATA/polis" --agree-sign positive --dry-run --workspace "$ws") ;;
        polis) r=$(measure "$bin" polis import "$DATA/polis" --agree-sign positive --workspace "$ws") ;;
        verify) r=$(measure "$bin" verify --workspace "$ws") ;;
      esac
      read -r wall rss cpu <<< "$r"
      echo "run $run $binary $step: $wall s wall, $cpu s CPU, $(( rss / 1024 )) MiB max RSS"
      walls[$binary-$step]+="$wall "
      rsses[$binary-$step]+="$rss "
      cpus[$binary-$step]+="$cpu "
    done
    echo "run $run $binary database: $(du -sh "$(dirname "$ws")" | cut -f1)"
    rm -rf "$(dirname "$ws")"
  done
done

echo
echo "median of $RUNS runs:"
declare -A medians cpumedians
for binary in $BINARIES; do
  for step in $STEPS; do
    w=$(echo "${walls[$binary-$step]}" | tr ' ' '\n' | grep . | median)
    r=$(echo "${rsses[$binary-$step]}" | tr ' ' '\n' | grep . | median)
    c=$(echo "${cpus[$binary-$step]}" | tr ' ' '\n' | grep . | median)
    medians[$binary-$step]=$w
    cpumedians[$binary-$step]=$c
    echo "  $binary $step: $w s wall, $c s CPU, $(( r / 1024 )) MiB max RSS"
  done
done
echo "import / check (--dry-run) ratios:"
for step in participants contributions polis; do
  [ -n "${medians[new-$step-check]:-}" ] && [ -n "${medians[new-$step]:-}" ] || continue
  awk -v a="${medians[new-$step]}" -v b="${medians[new-$step-check]}" -v s="$step" 'BEGIN { printf "  %s: %.2fx\n", s, a / b }'
done
if [ -n "${BEFORE:-}" ]; then
  echo "new / old (wall, CPU):"
  for step in $STEPS; do
    awk -v a="${medians[new-$step]}" -v b="${medians[old-$step]}" -v c="${cpumedians[new-$step]}" -v d="${cpumedians[old-$step]}" \
      -v s="$step" 'BEGIN { printf "  %s: %.2fx wall, %.2fx CPU\n", s, a / b, c / d }'
  done
fi
