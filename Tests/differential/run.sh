#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Differential suite: compares the bundled voting rules with pref_voting and pabutools, and
# sortition (coprod panel select) with sortition-algorithms.
# Creates .venv-differential in the repo root (pinned versions from requirements.txt) on first
# run. Environment: COPROD (binary, default .build/debug/coprod), COPROD_DRIVER (binary|mock;
# mock runs the rules on the Lua mock host with lua5.4), COPROD_DATA (real data folder; default
# Tests/CoprodEngineTests/Fixtures, else /work/shared/data), DIFFERENTIAL_PROFILES (random
# ranked profiles, default 200). Ends with "N passed, N failed"; exits 1 on any failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-differential"
req="$root/Tests/differential/requirements.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$venv/requirements.txt"
fi
export COPROD="${COPROD:-$root/.build/debug/coprod}"
if [ "${COPROD_DRIVER:-binary}" = binary ] && [ ! -x "$COPROD" ]; then
  echo "run.sh: $COPROD not found; build with 'swift build' or set COPROD (or COPROD_DRIVER=mock)" >&2
  exit 1
fi
status=0
"$venv/bin/python" "$root/Tests/differential/differential.py" "$@" || status=1
# Sortition against sortition-algorithms (needs coprod-bench beside coprod for the pools).
if [ -x "$COPROD" ]; then
  "$venv/bin/python" "$root/Tests/differential/sortition_differential.py" || status=1
else
  echo "sortition: skipped ($COPROD not built)"
fi
exit $status
