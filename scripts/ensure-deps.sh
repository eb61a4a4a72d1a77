#!/usr/bin/env bash
# Installs npm dependencies when they are missing or older than package-lock.json.
# The registry mirror here can lack exact versions a lockfile names, so `npm ci` falls back to `npm install`.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.evalflow-installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt package.json ]; then exit 0; fi
echo "[evalflow] installing npm dependencies (first run takes a few minutes)…"
export SCARF_ANALYTICS=false
# npm ci's complaints about the lockfile are kept in a log: when it fails, one line says what happens instead.
log="${TMPDIR:-/tmp}/evalflow-npm-ci.log"
if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
  echo "[evalflow] the lockfile does not match this registry exactly (details: $log); resolving with npm install…"
  npm install --no-audit --no-fund --loglevel=error
fi
touch "$stamp"
