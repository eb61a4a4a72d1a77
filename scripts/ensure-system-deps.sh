#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: redis-server (the production queue
# backend, tested for real) and chromium with a CJK font (browser end-to-end tests, and the final report's PDF when
# LibreOffice is absent). Optional: `libreoffice` (the final report's PDF from the .docx by LibreOffice headless,
# with Noto CJK fonts; not needed by the suites). Needs root or sudo for apt.
set -euo pipefail
missing=()
for want in "$@"; do
  case "$want" in
    redis) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    chromium)
      command -v chromium >/dev/null 2>&1 || missing+=(chromium)
      fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || missing+=(fonts-wqy-microhei) ;;
    libreoffice)
      command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
      fc-list 2>/dev/null | grep -qi 'noto sans cjk\|noto serif cjk' || missing+=(fonts-noto-cjk) ;;
    *) echo "unknown system dependency: $want" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "[evalflow] installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "[evalflow] please install as root: apt-get install -y ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
