#!/usr/bin/env bash
# The Redis outage benchmark (issue 14; figures in docs/benchmarks.md): how long after Redis returns every client has
# caught up, with two app nodes on PostgreSQL.
#
# Builds the app (Release) and the load tool, starts a throwaway PostgreSQL cluster and a Redis server of its own (both
# removed on exit), then RUNS times (3 by default): a fresh database, node A (it migrates and seeds) and node B on the
# same Redis, CLIENTS accounts with tokens, and the load of bench/twonodes.sh with the clients alternating between the
# two nodes. OUTAGE_AFTER s into the measured window the tool stops Redis (SHUTDOWN NOSAVE), waits OUTAGE_FOR s, and
# starts it again on the same port; from the moment it answers again, it reads each statement's stored revision and
# times until every client has reached it. Typing goes on throughout. At the end, as in every load run, acknowledged
# changes missing from the database (lost) and clients whose text differs from it (diverged) are counted.
# The last line:
#   outage runs=N converged_s_median=X converged_s_max=X never=N lost=N diverged=N target=met|missed
# The target: every client converged within 5 s of Redis's return in every run, lost 0, diverged 0.
#
# Usage: bash bench/outage.sh
#   (environment: RUNS=3 WARMUP=10 MEASURE=40 OUTAGE_AFTER=10 OUTAGE_FOR=10 RATE=5 CLIENTS=1000 QUIET_WAIT=120 PG_FAST=0 OUT=dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.LoadTool"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.LoadTool.dll"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-10}"
MEASURE="${MEASURE:-40}"
OUTAGE_AFTER="${OUTAGE_AFTER:-10}"
OUTAGE_FOR="${OUTAGE_FOR:-10}"
RATE="${RATE:-5}"
CLIENTS="${CLIENTS:-1000}"
TYPISTS_PER_STATEMENT=5
OUT="${OUT:-$(mktemp -d /tmp/sd-outage.XXXXXX)}"
mkdir -p "$OUT"
SESSIONS="1=d1-2,2=d1-5,3=d1-3,4=d1-6"
CONSULTATION=1

BENCH=outage
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
    stop_nodes
    stop_redis
    stop_postgres
}
trap cleanup EXIT

start_postgres
start_redis

build_release "$TOOL"
dotnet "$TOOL_DLL" people --sessions "$SESSIONS" --typists "$TYPISTS_PER_STATEMENT" --clients "$CLIENTS" >"$OUT/people.csv"

# The tool stops and starts Redis through these (the lib's functions, in a shell of their own).
redis_command() { printf 'source %q; OUT=%q; REDIS_PORT=%q; BENCH=outage; %s' "$ROOT/bench/lib.sh" "$OUT" "$REDIS_PORT" "$1"; }

results=()
for run in $(seq 1 "$RUNS"); do
    dir="$OUT/run$run"
    database="bench_outage_run$run"
    mkdir -p "$dir"
    create_database "$database"
    wait_quiet
    urls=()
    for n in 1 2; do
        url="http://127.0.0.1:$(free_port 5800 5899)"
        say "run $run: starting node $n at $url"
        start_node "$dir/node$n" "$url" "$database"
        urls+=("$url")
    done
    say "run $run: creating $CLIENTS accounts and tokens"
    create_accounts "$dir" "$(pg_connection "$database")"
    say "run $run: load on ${urls[*]}; Redis stopped ${OUTAGE_AFTER} s into the measured window for ${OUTAGE_FOR} s"
    dotnet "$TOOL_DLL" run --server "$(IFS=,; echo "${urls[*]}")" --tokens "$dir/tokens.csv" --postgres "$(pg_connection "$database")" \
        --warmup "$WARMUP" --measure "$MEASURE" --rate "$RATE" --server-pid "$(IFS=,; echo "${NODE_PIDS[*]}")" --name "run$run" \
        --outage-after "$OUTAGE_AFTER" --outage-for "$OUTAGE_FOR" \
        --outage-stop "$(redis_command redis_down)" --outage-start "$(redis_command redis_up)" \
        --out "$dir/result.json" | tee "$dir/tool.log" >&2
    stop_nodes
    results+=("$dir/result.json")
done

dotnet "$TOOL_DLL" summary "${results[@]}"
