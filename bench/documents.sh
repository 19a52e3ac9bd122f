#!/usr/bin/env bash
# The documents benchmark (issue 13; figures in docs/benchmarks.md).
#
# Builds the benchmark (Release; it references the app) and RUNS times (3 by default), each after waiting for a quiet
# machine, runs bench/StatementDrafting.DocumentBench: a generated 10,000-word statement with 300 word edits as a
# tracked-changes Word document (word diff included) and as PDF (the server's Chromium), and the pre-read pack of five
# 3,000-word statements as Word and as PDF, each case REPEAT times (9 by default) after two unmeasured runs, with an
# empty Word document and a one-paragraph PDF as floors. Prints each run (with the load average before and after, as
# others' work on the machine shows there), then the medians of the runs' medians.
#
# Usage: bash bench/documents.sh   (environment: RUNS=3 REPEAT=9 SEED=20261213 OUT=dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/src/StatementDrafting.Web"
TOOL="$ROOT/bench/StatementDrafting.DocumentBench"
TOOL_DLL="$TOOL/bin/Release/net10.0/StatementDrafting.DocumentBench.dll"
RUNS="${RUNS:-3}"
REPEAT="${REPEAT:-9}"
SEED="${SEED:-20261213}"
OUT="${OUT:-$(mktemp -d /tmp/sd-documents.XXXXXX)}"
mkdir -p "$OUT"
BENCH=documents
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

build_release "$TOOL"
lines=()
for run in $(seq 1 "$RUNS"); do
    wait_quiet
    say "run $run (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    dotnet "$TOOL_DLL" --repeat "$REPEAT" --seed "$SEED" | tee "$OUT/run$run.txt" >&2
    say "run $run done (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
    lines+=("$(tail -1 "$OUT/run$run.txt")")
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { printf '%s\n' "${lines[@]}" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p" | median; }
echo "medians of $RUNS runs:"
echo "documents changes_docx_ms=$(field changes_docx_ms) changes_pdf_ms=$(field changes_pdf_ms) pack_docx_ms=$(field pack_docx_ms) pack_pdf_ms=$(field pack_pdf_ms) floor_docx_empty_ms=$(field floor_docx_empty_ms) floor_pdf_one_paragraph_ms=$(field floor_pdf_one_paragraph_ms)"
