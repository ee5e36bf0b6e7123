#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks equal shares with Add1 (pb-mes) on every Pabulib file in DATA (default
# /work/shared/data/pabulib): the bundled plugin, which jumps straight to the next share at
# which a purchase can change, beside the one-unit-at-a-time plugin of main before the change
# (BASELINE, a commit; default 5072668, pb-mes 1.1.0 with 64-bit rationals), in the same run,
# alternating run by run. Prints the median wall time of RUNS runs (default 3) of each and
# whether both funded the same projects.
#
#   scripts/bench-mes.sh
#   RUNS=5 COPROD=.build/release/coprod scripts/bench-mes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=${DATA:-/work/shared/data/pabulib}
COPROD=${COPROD:-.build/release/coprod}
BASELINE=${BASELINE:-5072668}
[ -x "$COPROD" ] || swift build -c release --product coprod
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
mkdir -p "$old/pb-mes"
for f in plugin.yaml rule.lua rational.lua; do git show "$BASELINE:plugins/pb-mes/$f" > "$old/pb-mes/$f"; done
limits=(--max-instructions 200000000000 --timeout 3600)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
echo "| file | jump (s) | one unit at a time (s) | ratio | same projects |"
echo "| --- | --- | --- | --- | --- |"
for file in "$DATA"/*.pb; do
  new_times=() old_times=()
  for _ in $(seq "$RUNS"); do
    new_times+=("$(seconds "$COPROD" tally "$file" --rule pb-mes --tie-break input-order "${limits[@]}")")
    old_times+=("$(seconds "$COPROD" tally "$file" --rule "$old/pb-mes" --tie-break input-order "${limits[@]}")")
  done
  new=$(printf '%s\n' "${new_times[@]}" | median)
  before=$(printf '%s\n' "${old_times[@]}" | median)
  a=$("$COPROD" tally "$file" --rule pb-mes --tie-break input-order --format json "${limits[@]}" | grep -A30 '"winners"' | tr -d ' \n')
  b=$("$COPROD" tally "$file" --rule "$old/pb-mes" --tie-break input-order --format json "${limits[@]}" | grep -A30 '"winners"' | tr -d ' \n')
  same=$([ "$a" = "$b" ] && echo yes || echo NO)
  printf '| %s | %.2f | %.2f | %.1fx | %s |\n' "$(basename "$file")" "$new" "$before" "$(echo "$before / $new" | bc -l)" "$same"
done
