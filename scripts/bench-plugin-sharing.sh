#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Benchmarks `coprod plugins list` in a workspace with 30 installed, signed plugins: every
# plugin's files are hashed against its signed manifest and its signature checked (the
# SIGNER column). Baselines measured in the same run, alternating command by command:
# `coprod --version` (process start) and `plugins list` in a workspace with no installed
# plugins (the bundled ones only). Prints the median wall time of RUNS runs (default 21) and
# the ratios, in wall time and in CPU time (user + system, steadier on a loaded machine).
#
#   scripts/bench-plugin-sharing.sh
#   RUNS=51 COPROD=.build/release/coprod scripts/bench-plugin-sharing.sh
#   BEFORE=/tmp/coprod-old scripts/bench-plugin-sharing.sh   # also an older binary, same run
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
COPROD=${COPROD:-.build/release/coprod}
[ -x "$COPROD" ] || swift build -c release --product coprod
COPROD="$(cd "$(dirname "$COPROD")" && pwd)/$(basename "$COPROD")"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
cd "$scratch"
"$COPROD" keys new bench >/dev/null
"$COPROD" init empty --name empty >/dev/null
"$COPROD" init ws --name ws >/dev/null
for n in $(seq -w 1 30); do
  "$COPROD" plugins new "rule$n" --kind voting-rule --id "org.bench.rule$n" --dir src >/dev/null
  "$COPROD" plugins pack "src/rule$n" --out "rule$n.zip" >/dev/null
  "$COPROD" plugins sign "rule$n.zip" --key bench >/dev/null
  "$COPROD" plugins install "rule$n.zip" --workspace ws >/dev/null
done
signed=$("$COPROD" plugins list --workspace ws | grep -c "key:")
echo "workspace ws: $signed installed plugins signed (plus the bundled ones)"

python3 - "$COPROD" "$RUNS" "${BEFORE:-}" <<'PY'
import os, resource, statistics, subprocess, sys, time
coprod, runs, before = sys.argv[1], int(sys.argv[2]), sys.argv[3]
commands = {
    "coprod --version": [coprod, "--version"],
    "plugins list (bundled only)": [coprod, "plugins", "list", "--workspace", "empty"],
    "plugins list (30 signed + bundled)": [coprod, "plugins", "list", "--workspace", "ws"],
}
if before:
    commands["BEFORE: plugins list (30 signed + bundled)"] = [before, "plugins", "list", "--workspace", "ws"]
wall = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        wall[name].append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
for name in commands:
    print(f"{name:44s} wall median {statistics.median(wall[name]):7.1f} ms   CPU (user+sys) median {statistics.median(cpu[name]):7.1f} ms   ({runs} runs)")
for kind, table in (("wall", wall), ("CPU", cpu)):
    signed, bundled = statistics.median(table["plugins list (30 signed + bundled)"]), statistics.median(table["plugins list (bundled only)"])
    print(f"{kind}: 30 signed / bundled only {signed / bundled:.2f}x; the 30 signed plugins add {signed - bundled:.1f} ms")
PY
