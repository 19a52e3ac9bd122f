#!/usr/bin/env bash
# Runs every test of StatementDrafting: domain, components and integration, browser tests, and the load tool's self-test.
# Installs the system packages the tests need (Chromium, fonts, time zones, Redis for the tests of several app nodes,
# which start and stop their own redis-server on a port of their own) with apt-get when run as root;
# otherwise says exactly what to install. Fails, never skips, when something is missing or no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium fonts-dejavu-core tzdata redis-server)
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
[ -e /usr/share/zoneinfo/Asia/Bangkok ] || missing+=(tzdata)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== Installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "error: the tests need these Debian packages: ${missing[*]}" >&2
    echo "       install them with: sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The load tool's own client (bench/StatementDrafting.LoadTool): its text OT and its replicas against a simulated
# server in every delivery order the hub allows (seeded; the benchmark runs the same check before it starts).
echo
echo "== the load tool's self-test"
dotnet build bench/StatementDrafting.LoadTool --configuration Release -nologo -v q
dotnet bench/StatementDrafting.LoadTool/bin/Release/net10.0/StatementDrafting.LoadTool.dll selftest
echo

echo "== dotnet test StatementDrafting.slnx"
status=0
dotnet test StatementDrafting.slnx --configuration Release 2>&1 | tee "$log" || status=$?

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: N, Skipped: 0, Total: N, ..."
read -r passed failed skipped total assemblies < <(awk '
  /(Passed|Failed)! +- Failed: / {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i + 1))
      if ($i == "Failed:") f += $(i + 1)
      if ($i == "Passed:") p += $(i + 1)
      if ($i == "Skipped:") s += $(i + 1)
      if ($i == "Total:") t += $(i + 1)
    }
    a++
  }
  END { print p + 0, f + 0, s + 0, t + 0, a + 0 }' "$log")

expected_assemblies=$(find tests -name '*.csproj' | wc -l)
echo
echo "== ${assemblies} of ${expected_assemblies} test assemblies reported: ${total} tests"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ]; then
  echo "error: dotnet test exited with status $status" >&2
  exit "$status"
fi
if [ "$assemblies" -ne "$expected_assemblies" ] || [ "$total" -eq 0 ]; then
  echo "error: expected results from ${expected_assemblies} test assemblies and at least one test" >&2
  exit 1
fi
if [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ]; then
  echo "error: no test may fail or be skipped" >&2
  exit 1
fi
