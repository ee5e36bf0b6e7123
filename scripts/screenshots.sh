#!/usr/bin/env bash
# Regenerates docs/images/you-said.png and docs/images/health.png: runs the example
# consultation (scripts/quickstart.sh) at a fixed time, renders the you-said and health
# reports as HTML and photographs them with headless Chromium (Debian's `chromium`,
# installed with apt-get when missing). The HTML files are kept beside the pictures' source
# in the example workspace; the pictures go in docs/images/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "screenshots: installing chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq chromium >/dev/null
  }
fi
EXAMPLE="$(mktemp -d /tmp/coprod-screenshots.XXXXXX)"
trap 'rm -rf "$EXAMPLE"' EXIT
# A fixed clock, so the example workspace (and so the pictures) are the same every time.
COPROD_NOW="2026-09-20T10:00:00Z" COPROD_EXAMPLE_DIR="$EXAMPLE" scripts/quickstart.sh >/dev/null
WS="$EXAMPLE/housing-repairs"
mkdir -p docs/images
for report in you-said health; do
  # A tall window so the whole page fits; 1000 px wide, like a laptop browser.
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1000,"${HEIGHT:-2600}" --screenshot="$ROOT/docs/images/$report.png" "file://$WS/$report.html" 2>/dev/null
  echo "wrote docs/images/$report.png"
done
