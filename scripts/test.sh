#!/usr/bin/env bash
# The whole test suite: unit, hostile-plugin, store reliability, CLI end-to-end tests, then
# the differential suite against pref_voting and pabutools (which makes its own Python venv).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
# A target that imports a module of this package it does not depend on fails the build
# (docs/architecture.md). SwiftPM prints the error but may go on building, so look for it.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee "$log"
if grep -q "imports another target" "$log"; then
  echo "scripts/test.sh: declare every module each target imports in Package.swift" >&2
  exit 1
fi
swift test
Tests/differential/run.sh
