#!/usr/bin/env bash
# Installs what coprod needs to build on Debian when it is missing: Lua 5.4's headers and
# library, and pkg-config. Safe to run again.
set -euo pipefail
if pkg-config --exists lua5.4 2>/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "coprod: installing liblua5.4-dev and pkg-config with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq liblua5.4-dev pkg-config >/dev/null 2>&1 || {
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq liblua5.4-dev pkg-config >/dev/null
}
pkg-config --exists lua5.4
