#!/usr/bin/env bash
# `npm start`: installs what is missing, builds (cached by Nx), and runs API, worker and web on one port.
# With DATABASE_URL / REDIS_URL / SMTP_URL unset it starts embedded PostgreSQL and an SMTP sink itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx nx run-many -t build --projects=api,web --outputStyle=static >/tmp/evalflow-build.log 2>&1 || { cat /tmp/evalflow-build.log; exit 1; }
exec node apps/api/dist/main.js
