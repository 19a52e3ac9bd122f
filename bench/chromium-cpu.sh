#!/usr/bin/env bash
# Where Chromium spends the CPU: samples every Chromium process's CPU time (user + system, /proc/PID/stat) twice,
# SECONDS apart, and prints the cores each process type used in between (renderer, gpu-process, utility, browser).
# Run it beside bench/viewers.sh while the typists type (the tool's "t=10s" line), e.g. `bash bench/chromium-cpu.sh 20`.
set -euo pipefail
seconds="${1:-20}"
ticks="$(getconf CLK_TCK)"
snapshot() {
    local pid type
    for pid in $(pgrep -f /usr/lib/chromium/chromium || true); do
        [[ -r "/proc/$pid/stat" ]] || continue
        type="$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -o -- '--type=[a-z-]*' | head -1 || true)"
        type="${type#--type=}"
        echo "$pid ${type:-browser} $(awk '{print $14 + $15}' "/proc/$pid/stat")"
    done
}
before="$(snapshot | sort)"
sleep "$seconds"
after="$(snapshot | sort)"
join <(echo "$before") <(echo "$after") | awk -v s="$seconds" -v hz="$ticks" \
    '{used[$2] += $5 - $3} END {for (t in used) printf "%-12s %.2f cores\n", t, used[t] / hz / s}' | sort
