#!/usr/bin/env bash
# The live-editing benchmark on PostgreSQL with one app node and with two (issue 14; figures in docs/benchmarks.md).
#
# Builds the app (Release) and the load tool, starts a throwaway PostgreSQL cluster (its own folder and port, PostgreSQL's
# default durability unless PG_FAST=1) and a Redis server (no persistence), both stopped and removed on exit. Then RUNS
# times (3 by default), in the same invocation:
#   (a) ONE node: a fresh database, the app as its own process on loopback (Development, so that the demo seeds the
#       consultation; Redis configured as in a deployment), CLIENTS accounts with tokens (`accounts create --postgres`),
#       the load tool as in propagation.sh (4 statements, 5 co-hosts typing per statement at RATE changes/s, WARMUP s of
#       warm-up, MEASURE s measured), the stored text read back from PostgreSQL;
#   (b) TWO nodes: another fresh database, node A started first (it migrates and seeds), then node B, both on the same
#       Redis; the same load with the clients alternating between the two nodes' URLs (typists and watchers alike), the
#       CPU of both app processes summed.
# Prints each run's figures, then one node against two; the last line is the result:
#   twonodes runs=N one_p99_ms=X two_p99_ms=X ratio_p99=X lost=N diverged=N one_app_cores=X two_app_cores=X ... target=met|missed
# The target: two-node p99 <= 1.2 x one-node p99, lost 0, diverged 0. On a 2-core machine the nodes, PostgreSQL,
# Redis and the load tool share the cores: the cores each used are printed beside the latencies.
#
# Usage: bash bench/twonodes.sh
#   (environment: RUNS=3 WARMUP=10 MEASURE=60 RATE=5 CLIENTS=1000 QUIET_WAIT=120 PG_FAST=0 OUT=dir
#    TYPISTS_BY_STATEMENT=0; 1: on two nodes, every typist of a statement on the same node, watchers still alternating,
#    an experiment that tells the cost of two nodes sequencing one statement from the rest)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.LoadTool"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.LoadTool.dll"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-10}"
MEASURE="${MEASURE:-60}"
RATE="${RATE:-5}"
CLIENTS="${CLIENTS:-1000}"
PG_FAST="${PG_FAST:-0}"
TYPISTS_PER_STATEMENT=5
TYPISTS_BY_STATEMENT="${TYPISTS_BY_STATEMENT:-0}"
OUT="${OUT:-$(mktemp -d /tmp/sd-twonodes.XXXXXX)}"
mkdir -p "$OUT"

# As in propagation.sh: the parallel session whose co-hosts co-host each cluster's statement; a fresh database holds
# only the demo consultation.
SESSIONS="1=d1-2,2=d1-5,3=d1-3,4=d1-6"
CONSULTATION=1

BENCH=twonodes
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

# One configuration of one run: nodes (1 or 2) on a fresh database, accounts, the load, the nodes stopped.
measure() { # run nodes
    local run="$1" nodes="$2" dir="$OUT/run$1-$2node" database="bench_run$1_$2node" urls=() pids n url
    mkdir -p "$dir"
    create_database "$database"
    wait_quiet
    for n in $(seq 1 "$nodes"); do
        url="http://127.0.0.1:$(free_port 5600 5799)"
        say "run $run, $nodes node(s): starting node $n at $url on database $database"
        start_node "$dir/node$n" "$url" "$database"
        urls+=("$url")
    done
    say "run $run, $nodes node(s): creating $CLIENTS accounts and tokens"
    create_accounts "$dir" "$(pg_connection "$database")"
    pids="$(IFS=,; echo "${NODE_PIDS[*]}")"
    say "run $run, $nodes node(s): load on $(IFS=' '; echo "${urls[*]}") (warm-up ${WARMUP} s, measured ${MEASURE} s)"
    dotnet "$TOOL_DLL" run --server "$(IFS=,; echo "${urls[*]}")" --tokens "$dir/tokens.csv" --postgres "$(pg_connection "$database")" \
        --warmup "$WARMUP" --measure "$MEASURE" --rate "$RATE" --server-pid "$pids" --name "run$run-${nodes}node" \
        --typists-by-statement "$TYPISTS_BY_STATEMENT" \
        --out "$dir/result.json" | tee "$dir/tool.log" >&2
    stop_nodes
}

build_release "$TOOL"
dotnet "$TOOL_DLL" selftest >&2
dotnet "$TOOL_DLL" people --sessions "$SESSIONS" --typists "$TYPISTS_PER_STATEMENT" --clients "$CLIENTS" >"$OUT/people.csv"

one=()
two=()
for run in $(seq 1 "$RUNS"); do
    measure "$run" 1
    one+=("$OUT/run$run-1node/result.json")
    measure "$run" 2
    two+=("$OUT/run$run-2node/result.json")
done

say "one node:"
dotnet "$TOOL_DLL" summary "${one[@]}" >&2
say "two nodes:"
dotnet "$TOOL_DLL" summary "${two[@]}" >&2
dotnet "$TOOL_DLL" compare --one "$(IFS=,; echo "${one[*]}")" --two "$(IFS=,; echo "${two[*]}")"
