#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks table mixing and sortition (docs/performance.md, "Table mixing and sortition"):
# a World Café of 200 people x 4 rounds of tables of 5 over SEEDS seeds against random tables,
# and a maximin draw of 50 from 5,000 with 5 features (RUNS runs), with sortition-algorithms'
# legacy (estimated from LEGACY_DRAWS draws) and maximin (SORTITION_MAXIMIN=1, slow) on the
# same pool.
#
#   scripts/bench-assign.sh                       # SEEDS=100 RUNS=5 LEGACY_DRAWS=200
#   SORTITION_MAXIMIN=1 scripts/bench-assign.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-100}
RUNS=${RUNS:-5}
LEGACY_DRAWS=${LEGACY_DRAWS:-200}
BIN=.build/release
DATA=bench-data/sortition-5000
swift build -c release --product coprod-bench > /dev/null
$BIN/coprod-bench world-cafe --people 200 --size 5 --rounds 4 --seeds "$SEEDS"
echo
$BIN/coprod-bench sortition --people 5000 --features 5 --size 50 --seed 1 --runs "$RUNS" --write "$DATA"
venv=.venv-differential
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sortition_algorithms" 2> /dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r Tests/differential/requirements.txt
fi
"$venv/bin/python" - "$DATA" 50 "$LEGACY_DRAWS" << 'PY'
import os, sys, time
from pathlib import Path
sys.path.insert(0, "Tests/differential")
import sortition_differential as d
folder, size, draws = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
features, people, types = d.library_inputs(folder, size)
start = time.process_time()
p, error, done = d.legacy_minimum(features, people, types, size, draws)
print(f"sortition-algorithms legacy: minimum selection probability {p:.6f} ± {error:.6f} ({done} draws, {time.process_time() - start:.1f} s CPU)")
if os.environ.get("SORTITION_MAXIMIN") == "1":
    start = time.process_time()
    print(f"sortition-algorithms maximin: minimum selection probability {d.maximin_minimum(features, people, size):.6f} ({time.process_time() - start:.1f} s CPU)")
PY
