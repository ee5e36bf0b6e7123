#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Differential suite: compares the bundled voting rules with pref_voting and pabutools.
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
exec "$venv/bin/python" "$root/Tests/differential/differential.py" "$@"
