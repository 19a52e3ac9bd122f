#!/usr/bin/env bash
# The amendments page benchmark (issue 5; figures in docs/benchmarks.md).
#
# Builds the app (Release) and the load tool, then RUNS times (3 by default): starts the app on a fresh SQLite file (the
# Development environment seeds the demo), stops it, turns cluster 4's statement into a 10,000-word text with 300 open
# amendments (`LoadTool pages-prepare`, seed 4711), starts the app again, creates a participant and a co-host of that
# cluster with tokens, and runs `LoadTool pages-measure`: the statement page with its amendment counts and the amendment
# list (HTTP GET with server prerendering, 200 timed after a warm-up), an ordinary statement page as the floor, and how
# long the amendments of the paragraphs a co-host changes take to follow the new text. Prints each run, then medians.
#
# Usage: bash bench/amendments.sh   (environment: RUNS=3 REPEAT=200 OUT=dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.LoadTool"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.LoadTool.dll"
RUNS="${RUNS:-3}"
REPEAT="${REPEAT:-200}"
OUT="${OUT:-$(mktemp -d /tmp/sd-amendments.XXXXXX)}"
mkdir -p "$OUT"
BENCH=amendments
CONSULTATION=1
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

build_release "$TOOL"
printf 'email,name,role,session\nbench-reader@example.org,Bench Reader,participant,\nbench-cohost4@example.org,Bench Co-host,cohost,d1-6\n' >"$OUT/people.csv"

lines=()
for run in $(seq 1 "$RUNS"); do
    dir="$OUT/run$run"; mkdir -p "$dir"
    url="http://127.0.0.1:$(free_port 5600 5799)"
    say "run $run: seeding the demo at $url"
    start_server "$dir" "$url"; stop_server
    dotnet "$TOOL_DLL" pages-prepare --database "$dir/app.db" --cluster 4 >&2
    start_server "$dir" "$url"
    create_accounts "$dir"
    reader="$(awk -F, '$1=="bench-reader@example.org"{print $4}' "$dir/tokens.csv")"
    cohost="$(awk -F, '$1=="bench-cohost4@example.org"{print $4}' "$dir/tokens.csv")"
    dotnet "$TOOL_DLL" pages-measure --server "$url" --token "$reader" --cohost-token "$cohost" --database "$dir/app.db" \
        --statement 4 --baseline 1 --repeat "$REPEAT" | tee "$dir/result.txt" >&2
    stop_server
    lines+=("$(tail -1 "$dir/result.txt")")
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { printf '%s\n' "${lines[@]}" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p" | median; }
echo "medians of $RUNS runs:"
echo "amendments page_p50_ms=$(field page_p50_ms) list_p50_ms=$(field list_p50_ms) follow_p50_ms=$(field follow_p50_ms) floor_page_p50_ms=$(field floor_page_p50_ms)"
