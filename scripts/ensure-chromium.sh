#!/usr/bin/env bash
# The browser tests drive Debian's chromium with Playwright (browser downloads are not
# possible here). Install it when it is missing and we may; otherwise say what to do.
set -euo pipefail
CHROMIUM="${MEEDOEN_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is needed for the browser tests: 'sudo apt-get install chromium'," >&2
echo "or point MEEDOEN_CHROMIUM at a Chromium binary." >&2
exit 1
