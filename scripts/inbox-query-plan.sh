#!/usr/bin/env bash
# Writes docs/inbox-query-plan.md: EXPLAIN (ANALYZE, BUFFERS) of 我的待办 over 30,000 generated evaluations, on the
# embedded test PostgreSQL (the integration suite's global setup starts it).
set -euo pipefail
cd "$(dirname "$0")/.."
WRITE_INBOX_PLAN=1 npx jest --selectProjects integration --runInBand tests/integration/inbox-query-plan.test.ts "$@"
echo "wrote docs/inbox-query-plan.md"
