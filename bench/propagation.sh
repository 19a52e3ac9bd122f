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

say() { printf '[propagation] %s\n' "$*" >&2; }

# The benchmark shares the machine only between the app and the load tool. Before each run, wait (up to QUIET_WAIT
# seconds) until nothing else keeps the CPUs busy; the tool reports the cores used by anything else during the
# measured window ("other=" on the detail line) so that a disturbed run shows.
QUIET_WAIT="${QUIET_WAIT:-120}"
wait_quiet() {
    local start=$SECONDS b1 i1 b2 i2 busy
    while (( SECONDS - start < QUIET_WAIT )); do
        read -r b1 i1 < <(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
        sleep 3
        read -r b2 i2 < <(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
        busy=$(( (b2 - b1) / 3 ))   # hundredths of a core
        if (( busy < 15 )); then return 0; fi
    done
    say "the machine is still busy (${busy}% of a core used by others) after ${QUIET_WAIT} s; running anyway"
}

free_port() {
    local port
    for port in $(seq 5400 5599); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    say "no free port between 5400 and 5599"
    exit 1
}

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 150); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT

say "building the app and the load tool (Release)"
dotnet build "$WEB" -c Release -nologo -v q >"$OUT/build-web.log" 2>&1 || { cat "$OUT/build-web.log"; exit 1; }
dotnet build "$TOOL" -c Release -nologo -v q >"$OUT/build-tool.log" 2>&1 || { cat "$OUT/build-tool.log"; exit 1; }
dotnet "$TOOL_DLL" selftest >&2
dotnet "$TOOL_DLL" people --sessions "$SESSIONS" --typists "$TYPISTS_PER_STATEMENT" --clients "$CLIENTS" >"$OUT/people.csv"

results=()
for run in $(seq 1 "$RUNS"); do
    dir="$OUT/run$run"
    mkdir -p "$dir"
    [[ -r /proc/stat ]] && wait_quiet
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    say "run $run: starting the app at $url on $dir/app.db"
    (cd "$WEB" && ASPNETCORE_ENVIRONMENT=Development Database__Path="$dir/app.db" \
        exec dotnet bin/Release/net10.0/StatementDrafting.Web.dll --urls "$url" >"$dir/server.log" 2>&1) &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if curl -sf -o /dev/null "$url/"; then break; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then say "the app exited"; cat "$dir/server.log"; exit 1; fi
        sleep 0.2
    done
    curl -sf -o /dev/null "$url/" || { say "the app did not answer at $url"; cat "$dir/server.log"; exit 1; }

    say "run $run: creating $CLIENTS accounts and tokens"
    (cd "$WEB" && dotnet bin/Release/net10.0/StatementDrafting.Web.dll accounts create --database "$dir/app.db" \
        --consultation "$CONSULTATION" --input "$OUT/people.csv" --output "$dir/tokens.csv" --token-days 1) 2>"$dir/accounts.log" \
        || { cat "$dir/accounts.log"; exit 1; }

    say "run $run: load (warm-up ${WARMUP} s, measured ${MEASURE} s)"
    dotnet "$TOOL_DLL" run --server "$url" --tokens "$dir/tokens.csv" --database "$dir/app.db" \
        --warmup "$WARMUP" --measure "$MEASURE" --rate "$RATE" --server-pid "$SERVER_PID" --name "run$run" --out "$dir/result.json" | tee "$dir/tool.log" >&2
    stop_server
    results+=("$dir/result.json")
done

dotnet "$TOOL_DLL" summary "${results[@]}"
