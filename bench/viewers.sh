#!/usr/bin/env bash
# The viewers benchmark of the live statement page (issue 10; figures in docs/benchmarks.md).
#
# Builds the app and the viewers tool (Release), then RUNS times (3 by default): starts the app as its own process on
# loopback (real Kestrel, a fresh SQLite file, the Development environment so that the demo seeds, and its memory
# reading switched on with Diagnostics__Enabled=true), creates the accounts with `accounts create` (5 co-hosts of
# cluster 1's statement who type, 5 participants who watch through the hub, and the participants whose pages watch),
# runs the tool, and stops the app. The tool grows cluster 1's common statement to WORDS words through the hub, opens
# PAGES pages of it in one headless Chromium (each its own participant, signed in by their personal link), lets the
# 5 typists type 5 changes/s each (WARMUP s, then MEASURE s measured), and times each change from its submission to
# its appearance in each page's DOM and at each hub client. Prints each run, then the medians; the last line is:
#   viewers pages=N page_p50_ms=X page_p99_ms=X hub_p50_ms=X hub_p99_ms=X ratio_p99=X missed=N heap_per_circuit_kb=X rss_per_circuit_kb=X
#
# Usage: bash bench/viewers.sh   (environment: RUNS=3 PAGES=50 WORDS=3000 WARMUP=10 MEASURE=30 RATE=5
#                                 OPEN_PARALLEL=4 SETTLE=120 BROWSER_NICE=0 QUIET_WAIT=120 OUT=dir)
# SETTLE: how long, after the typing, the hub clients and then the pages may take to show every change (later: missed).
# BROWSER_NICE: above 0, Chromium runs at that lower priority (an experiment: is the app or the browser short of CPU?).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.ViewerBench"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.ViewerBench.dll"
RUNS="${RUNS:-3}"
PAGES="${PAGES:-50}"
WORDS="${WORDS:-3000}"
WARMUP="${WARMUP:-10}"
MEASURE="${MEASURE:-30}"
RATE="${RATE:-5}"
OPEN_PARALLEL="${OPEN_PARALLEL:-4}"
SETTLE="${SETTLE:-120}"
BROWSER_NICE="${BROWSER_NICE:-0}"
OUT="${OUT:-$(mktemp -d /tmp/sd-viewers.XXXXXX)}"
mkdir -p "$OUT"

# Cluster 1's statement; its parallel session d1-2 makes its co-hosts co-hosts of the statement (the demo agenda,
# Infrastructure/Demo/fifth-consultation.json). A fresh database holds only the demo consultation.
CLUSTER=1
SESSION=d1-2
CONSULTATION=1

say() { printf '[viewers] %s\n' "$*" >&2; }

if [[ ! -x /usr/bin/chromium ]]; then
    say "the benchmark drives Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium (never 'playwright install')"
    exit 1
fi

# Before each run, wait (up to QUIET_WAIT seconds) until nothing else keeps the CPUs busy; the tool reports the cores
# used by anything else during the measured window ("other=") so that a disturbed run shows.
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
    for port in $(seq 5800 5999); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    say "no free port between 5800 and 5999"
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

say "building the app and the viewers tool (Release)"
dotnet build "$WEB" -c Release -nologo -v q >"$OUT/build-web.log" 2>&1 || { cat "$OUT/build-web.log"; exit 1; }
dotnet build "$TOOL" -c Release -nologo -v q >"$OUT/build-tool.log" 2>&1 || { cat "$OUT/build-tool.log"; exit 1; }
dotnet "$TOOL_DLL" people --cluster "$CLUSTER" --session "$SESSION" --typists 5 --watchers 5 --viewers "$PAGES" >"$OUT/people.csv"

results=()
for run in $(seq 1 "$RUNS"); do
    dir="$OUT/run$run"
    mkdir -p "$dir"
    [[ -r /proc/stat ]] && wait_quiet
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    say "run $run: starting the app at $url on $dir/app.db"
    (cd "$WEB" && ASPNETCORE_ENVIRONMENT=Development Database__Path="$dir/app.db" Diagnostics__Enabled=true \
        exec dotnet bin/Release/net10.0/StatementDrafting.Web.dll --urls "$url" >"$dir/server.log" 2>&1) &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if curl -sf -o /dev/null "$url/"; then break; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then say "the app exited"; cat "$dir/server.log"; exit 1; fi
        sleep 0.2
    done
    curl -sf -o /dev/null "$url/" || { say "the app did not answer at $url"; cat "$dir/server.log"; exit 1; }

    say "run $run: creating the accounts and tokens"
    (cd "$WEB" && dotnet bin/Release/net10.0/StatementDrafting.Web.dll accounts create --database "$dir/app.db" \
        --consultation "$CONSULTATION" --input "$OUT/people.csv" --output "$dir/tokens.csv" --token-days 1) 2>"$dir/accounts.log" \
        || { cat "$dir/accounts.log"; exit 1; }

    say "run $run: $PAGES pages (warm-up ${WARMUP} s, measured ${MEASURE} s)"
    dotnet "$TOOL_DLL" run --server "$url" --tokens "$dir/tokens.csv" --database "$dir/app.db" \
        --demo-accounts "$dir/demo-accounts.txt" --consultation "$CONSULTATION" --cluster "$CLUSTER" --pages "$PAGES" \
        --words "$WORDS" --warmup "$WARMUP" --measure "$MEASURE" --rate "$RATE" --open-parallel "$OPEN_PARALLEL" \
        --settle "$SETTLE" --browser-nice "$BROWSER_NICE" \
        --server-pid "$SERVER_PID" --name "run$run" --out "$dir/result.json" | tee "$dir/tool.log" >&2 \
        || say "run $run failed (see $dir/tool.log); it is left out of the medians"
    stop_server
    [[ -f "$dir/result.json" ]] && results+=("$dir/result.json")
done

(( ${#results[@]} > 0 )) || { say "no run succeeded"; exit 1; }
dotnet "$TOOL_DLL" summary "${results[@]}"
