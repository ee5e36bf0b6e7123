#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks equal shares with Add1 (pb-mes) on every Pabulib file in DATA (default: the nine
# budgets in Tests/CoprodEngineTests/Fixtures/pabulib — the five of shared/data and the four
# larger Polish ones of issue 10). For each file it prints the median wall time of RUNS runs
# (default 3) of the bundled plugin with the DEFAULT limits; beside it, in the same run and
# alternating with it, the plugin of BASELINE (a commit; default 28d35a8, pb-mes 1.2.0:
# exact rationals for every run) with raised limits, stopped after BASELINE_TIMEOUT seconds
# (default 120; shown as ">120"); and, when PABUTOOLS_PYTHON names a Python with pabutools,
# pabutools' time for one run of method_of_equal_shares(Cost_Sat, voter_budget_increment=1)
# (stopped after PABUTOOLS_TIMEOUT seconds, default 600). "same" compares the funded projects
# with the baseline's and with pabutools' (tie-break: file order for all).
#
#   scripts/bench-mes.sh
#   RUNS=5 PABUTOOLS_PYTHON=.venv-differential/bin/python scripts/bench-mes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=${DATA:-Tests/CoprodEngineTests/Fixtures/pabulib}
COPROD=${COPROD:-.build/release/coprod}
BASELINE=${BASELINE:-28d35a8}
BASELINE_TIMEOUT=${BASELINE_TIMEOUT:-120}
PABUTOOLS_TIMEOUT=${PABUTOOLS_TIMEOUT:-600}
[ -x "$COPROD" ] || swift build -c release --product coprod
old=$(mktemp -d)
trap 'rm -rf "$old" "$cpu" "$cpu.one"' EXIT
mkdir -p "$old/pb-mes"
for f in plugin.yaml rule.lua; do git show "$BASELINE:plugins/pb-mes/$f" > "$old/pb-mes/$f"; done
old_limits=(--max-instructions 200000000000 --timeout 3600)
# the default limits, but for the wall clock: a shared machine can be many times slower than
# its CPU time (NEW_LIMITS="" for exactly the defaults)
read -r -a new_limits <<< "${NEW_LIMITS---timeout 600}"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# seconds LIMIT command…: wall time of the command, or ">LIMIT" when it did not finish in
# time; its CPU time (user + system) is appended to the file $CPU_LOG when set
cpu=$(mktemp)
seconds() {
  local limit=$1 start end
  shift
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$cpu.one" timeout "$limit" "$@" > /dev/null 2>&1 || { echo ">$limit"; return; }
  end=$(date +%s.%N)
  awk '{ print $1 + $2 }' "$cpu.one" >> "${CPU_LOG:-/dev/null}"
  echo "$end - $start" | bc
}
winners() { "$@" --format json 2> /dev/null | python3 -c 'import json, sys; print(sorted(json.load(sys.stdin)["winners"]))' || echo "-"; }
pabutools() {
  timeout "$PABUTOOLS_TIMEOUT" "$PABUTOOLS_PYTHON" - "$1" << 'EOF' || echo "- >$PABUTOOLS_TIMEOUT"
import sys, time
from pabutools.election import parse_pabulib, Cost_Sat
from pabutools.rules import method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule
path = sys.argv[1]
lines = [l.rstrip("\r") for l in open(path, encoding="utf-8-sig").read().splitlines()]
start = lines.index("PROJECTS") + 2
position = {l.split(";")[0]: i for i, l in enumerate(lines[start:lines.index("VOTES")])}
inst, prof = parse_pabulib(path)
t = time.time()
alloc = method_of_equal_shares(inst, prof, sat_class=Cost_Sat, voter_budget_increment=1,
                               tie_breaking=TieBreakingRule(lambda i, p, proj: position[proj.name]))
print(str(sorted(p.name for p in alloc)).replace(" ", ""), round(time.time() - t, 2))
EOF
}
echo "| file | pb-mes (s) | pb-mes CPU (s) | $BASELINE (s) | ratio | same as $BASELINE | pabutools (s) | same as pabutools |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for file in "$DATA"/*.pb; do
  new_times=() old_times=()
  : > "$cpu"
  for _ in $(seq "$RUNS"); do
    new_times+=("$(CPU_LOG=$cpu seconds 600 "$COPROD" tally "$file" --rule pb-mes --tie-break input-order "${new_limits[@]}")")
    if [ "${old_times[0]:-}" != ">$BASELINE_TIMEOUT" ]; then
      old_times+=("$(seconds "$BASELINE_TIMEOUT" "$COPROD" tally "$file" --rule "$old/pb-mes" --tie-break input-order "${old_limits[@]}")")
    fi
  done
  new=$(printf '%s\n' "${new_times[@]}" | median)
  new_cpu=$(median < "$cpu")
  mine=$(winners "$COPROD" tally "$file" --rule pb-mes --tie-break input-order | tr -d ' ')
  if [ "${old_times[0]}" = ">$BASELINE_TIMEOUT" ]; then
    before=">$BASELINE_TIMEOUT" ratio=">$(echo "$BASELINE_TIMEOUT / $new" | bc)x" same_old="-"
  else
    before=$(printf '%s\n' "${old_times[@]}" | median)
    ratio=$(printf '%.1fx' "$(echo "$before / $new" | bc -l)")
    theirs=$(winners "$COPROD" tally "$file" --rule "$old/pb-mes" --tie-break input-order "${old_limits[@]}" | tr -d ' ')
    same_old=$([ "$mine" = "$theirs" ] && echo yes || echo NO)
    before=$(printf '%.2f' "$before")
  fi
  pt="-" same_pt="-"
  if [ -n "${PABUTOOLS_PYTHON:-}" ]; then
    read -r reference pt <<< "$(pabutools "$file")"
    [ "$reference" = "-" ] || same_pt=$([ "$mine" = "$reference" ] && echo yes || echo NO)
  fi
  printf '| %s | %.2f | %.2f | %s | %s | %s | %s | %s |\n' "$(basename "$file")" "$new" "$new_cpu" "$before" "$ratio" "$same_old" "$pt" "$same_pt"
done
