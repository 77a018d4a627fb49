#!/usr/bin/env bash
# Installs the browser the HTML-report test drives: Debian's `chromium` package at
# /usr/bin/chromium (playwright-core launches it; no browser is ever downloaded by npm).
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (CI runs as root) or sudo.
set -euo pipefail

BROWSER=/usr/bin/chromium
if [ -x "$BROWSER" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "setup-browser: $BROWSER is missing and this user cannot install packages." >&2
  echo "setup-browser: run as root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: $BROWSER is missing and apt-get is not available (a Debian/Ubuntu system is expected)." >&2
  echo "setup-browser: install Chromium so that $BROWSER exists, then rerun the tests." >&2
  exit 1
fi

echo "setup-browser: installing Debian's chromium package (for tests/report/browser.test.ts)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
if [ ! -x "$BROWSER" ]; then
  echo "setup-browser: apt-get installed chromium but $BROWSER does not exist" >&2
  exit 1
fi
echo "setup-browser: $("$BROWSER" --version 2>/dev/null || echo chromium) ready" >&2
