#!/usr/bin/env bash
# The whole test suite: unit, hostile-plugin, store reliability, CLI end-to-end tests, then
# the differential suite against pref_voting and pabutools (which makes its own Python venv).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
# Every module a target imports must be declared in Package.swift (docs/architecture.md).
swift build --build-tests --explicit-target-dependency-import-check error
swift test
Tests/differential/run.sh
