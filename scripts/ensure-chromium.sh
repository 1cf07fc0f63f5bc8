#!/usr/bin/env bash
# Playwright cannot download its own browser here: the end-to-end tests use Debian's
# Chromium at /usr/bin/chromium. Installs it when missing and we are root with apt-get.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the end-to-end tests..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
cat >&2 <<MSG
The end-to-end tests need Chromium at $CHROMIUM and it is not installed.
Install it as root, then run the tests again:
  apt-get update && apt-get install -y chromium
MSG
exit 1
