#!/usr/bin/env bash
# The propagation benchmark of the live editor (issue 4; figures in docs/benchmarks.md).
#
# Builds the app (Release) and the load tool, then RUNS times (3 by default): starts the app as its own process on
# loopback (real Kestrel, a fresh SQLite file, the Development environment so that the demo seeds the consultation
# and its five statements), creates 200 accounts with tokens with `accounts create`, runs the load tool against
# /hubs/drafting (4 statements, 50 clients each, 5 co-hosts typing per statement at 5 changes/s, 10 s warm-up, 60 s
# measured), and stops the app. Prints each run's figures, then the medians; the last line is the result:
#   propagation p50_ms=X p95_ms=X p99_ms=X changes_per_s=X lost=N diverged=N clients=N floor_p50_ms=X floor_p99_ms=X ratio_p99=X
#
# Usage: bash bench/propagation.sh   (environment: RUNS=3 WARMUP=10 MEASURE=60 RATE=5 CLIENTS=200 QUIET_WAIT=120 OUT=dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.LoadTool"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.LoadTool.dll"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-10}"
MEASURE="${MEASURE:-60}"
RATE="${RATE:-5}"
CLIENTS="${CLIENTS:-200}"
TYPISTS_PER_STATEMENT=5
OUT="${OUT:-$(mktemp -d /tmp/sd-propagation.XXXXXX)}"
mkdir -p "$OUT"

# Which parallel session makes its co-hosts co-hosts of each cluster's statement (the demo agenda,
# Infrastructure/Demo/fifth-consultation.json: a cluster's sessions on day 1 and day 2 have the same co-hosts;
# one of them is enough). Cluster 1: d1-2, cluster 2: d1-5, cluster 3: d1-3, cluster 4: d1-6.
SESSIONS="1=d1-2,2=d1-5,3=d1-3,4=d1-6"
# A fresh database holds only the demo consultation.
CONSULTATION=1

BENCH=propagation
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

build_release "$TOOL"
dotnet "$TOOL_DLL" selftest >&2
dotnet "$TOOL_DLL" people --sessions "$SESSIONS" --typists "$TYPISTS_PER_STATEMENT" --clients "$CLIENTS" >"$OUT/people.csv"

results=()
for run in $(seq 1 "$RUNS"); do
    dir="$OUT/run$run"
    mkdir -p "$dir"
    wait_quiet
    url="http://127.0.0.1:$(free_port 5400 5599)"
    say "run $run: starting the app at $url on $dir/app.db"
    start_server "$dir" "$url"
    say "run $run: creating $CLIENTS accounts and tokens"
    create_accounts "$dir"

    say "run $run: load (warm-up ${WARMUP} s, measured ${MEASURE} s)"
    dotnet "$TOOL_DLL" run --server "$url" --tokens "$dir/tokens.csv" --database "$dir/app.db" \
        --warmup "$WARMUP" --measure "$MEASURE" --rate "$RATE" --server-pid "$SERVER_PID" --name "run$run" --out "$dir/result.json" | tee "$dir/tool.log" >&2
    stop_server
    results+=("$dir/result.json")
done

dotnet "$TOOL_DLL" summary "${results[@]}"
