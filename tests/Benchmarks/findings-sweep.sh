#!/usr/bin/env bash
# The Findings SLA sweep over many open findings on SQLite (ADR 083): the sweep query's plan with and without its
# index (EXPLAIN QUERY PLAN), the query's time, and one full sweep round over the due findings.
# Environment: OPEN (default 1000000), DUE (default 1000), DB (default /tmp/findings-bench.db).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet run -c Release --project "$repo/tests/Benchmarks/Findings.Benchmarks" -- \
  --open "${OPEN:-1000000}" --due "${DUE:-1000}" --db "${DB:-/tmp/findings-bench.db}"
