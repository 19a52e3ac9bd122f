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

BENCH=viewers
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

if [[ ! -x /usr/bin/chromium ]]; then
    say "the benchmark drives Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium (never 'playwright install')"
    exit 1
fi

build_release "$TOOL"
dotnet "$TOOL_DLL" people --cluster "$CLUSTER" --session "$SESSION" --typists 5 --watchers 5 --viewers "$PAGES" >"$OUT/people.csv"

results=()
for run in $(seq 1 "$RUNS"); do
    dir="$OUT/run$run"
    mkdir -p "$dir"
    wait_quiet
    url="http://127.0.0.1:$(free_port 5800 5999)"
    say "run $run: starting the app at $url on $dir/app.db"
    start_server "$dir" "$url" Diagnostics__Enabled=true
    say "run $run: creating the accounts and tokens"
    create_accounts "$dir"

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
