#!/usr/bin/env bash
# The adoption poll benchmark (issues 11 and 14; figures in docs/benchmarks.md): VOTERS voters respond twice each, all
# at once, through the same command as the statement page, on SQLite and then on PostgreSQL, in one invocation.
#
# Builds the benchmark (Release), starts a throwaway PostgreSQL cluster of its own (removed on exit; PostgreSQL's
# default durability unless PG_FAST=1), and runs bench/StatementDrafting.PollBench RUNS times on each database (a new
# SQLite file, or a new PostgreSQL database, per run). Each prints its runs, then the medians; the last lines are:
#   sqlite: polls voters=N responses=2N seconds=X responses_per_s=X ... counted=N tally_matches=yes
#   postgres: polls voters=N responses=2N seconds=X responses_per_s=X ... counted=N tally_matches=yes
# counted must equal the voters and the tally must match every voter's last choice: nothing lost or counted twice.
#
# Usage: bash bench/polls.sh   (environment: RUNS=3 VOTERS=1000 QUIET_WAIT=120 PG_FAST=0 OUT=dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.PollBench"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.PollBench.dll"
RUNS="${RUNS:-3}"
VOTERS="${VOTERS:-1000}"
OUT="${OUT:-$(mktemp -d /tmp/sd-polls.XXXXXX)}"
mkdir -p "$OUT"

BENCH=polls
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap stop_postgres EXIT

start_postgres
build_release "$TOOL"

# The benchmark runs the app in its own process and reads the app's content files from the app's folder.
wait_quiet
(cd "$WEB" && dotnet "$TOOL_DLL" --voters "$VOTERS" --runs "$RUNS") | tee "$OUT/sqlite.log" >&2
wait_quiet
(cd "$WEB" && dotnet "$TOOL_DLL" --voters "$VOTERS" --runs "$RUNS" --postgres "$(pg_connection postgres)") | tee "$OUT/postgres.log" >&2
echo "sqlite: $(tail -n 1 "$OUT/sqlite.log" | sed 's/^polls: //')"
echo "postgres: $(tail -n 1 "$OUT/postgres.log" | sed 's/^polls: //')"
