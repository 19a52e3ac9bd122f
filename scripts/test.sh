#!/usr/bin/env bash
# Runs every test of StatementDrafting: domain, components and integration, browser tests, the tests of several app
# nodes (real processes with their own PostgreSQL and Redis, hub clients and Chromium pages), and the load tool's
# self-test, all on SQLite; then the persistence, live-editing (hub, engine), statement, amendment, poll, nomination and account tests again
# on PostgreSQL, in a throwaway cluster this script creates in a temporary folder, starts on its own port (55432, or
# the next free one) and always stops and removes, even when tests fail.
# Installs the system packages the tests need (Chromium, fonts, time zones, PostgreSQL, Redis) with apt-get when run as root;
# otherwise says exactly what to install. Fails, never skips, when something is missing or no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium fonts-dejavu-core tzdata postgresql redis-server)
missing=()
# PostgreSQL's server programs: on PATH, or where Debian's packages put them.
pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  else
    find /usr/lib/postgresql -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname
  fi
}
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
[ -e /usr/share/zoneinfo/Asia/Bangkok ] || missing+=(tzdata)
[ -n "$(pg_bin)" ] || missing+=(postgresql)
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
pg_root=$(mktemp -d /tmp/statementdrafting-pg.XXXXXX)
pg_data="$pg_root/data"
# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -f "$pg_data/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_root" "$log"
}
trap cleanup EXIT

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

# The same tests that touch the database through the app, on PostgreSQL: a cluster of our own, trust authentication on
# 127.0.0.1 and a socket in its folder only, no durability (fsync off), room for the test apps' connection pools.
echo
echo "== PostgreSQL: the persistence, live-editing, statement, amendment, poll, nomination and account tests again"
pg_status=0
pg_port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
if [ "$(id -u)" = "0" ]; then chown postgres "$pg_root"; fi
as_pg "$(pg_bin)/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$(pg_bin)/pg_ctl" -D "$pg_data" -l "$pg_root/server.log" -w -o "-p $pg_port -k $pg_root -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" start >/dev/null
echo "   PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (in $pg_root)"
pg_filter='(FullyQualifiedName~Infrastructure.Persistence|FullyQualifiedName~Features.Drafting|FullyQualifiedName~Features.Amendments|FullyQualifiedName~Features.Polls|FullyQualifiedName~Features.Nominations|FullyQualifiedName~Features.Accounts|FullyQualifiedName~Features.Statements)&Database!=SqliteOnly'
STATEMENTDRAFTING_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres" \
  dotnet test tests/StatementDrafting.Web.Tests --configuration Release --no-build --filter "$pg_filter" 2>&1 | tee "$pg_root/dotnet-test.log" || pg_status=$?
pg_total=$(awk '/(Passed|Failed)! +- Failed: / { for (i = 1; i <= NF; i++) if ($i == "Total:") { gsub(",", "", $(i + 1)); t += $(i + 1) } } END { print t + 0 }' "$pg_root/dotnet-test.log")
cat "$pg_root/dotnet-test.log" >> "$log"
if [ "$pg_status" -ne 0 ]; then
  echo "== the end of PostgreSQL's log" >&2
  tail -n 20 "$pg_root/server.log" >&2 || true
  [ "$status" -ne 0 ] || status=$pg_status
fi

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

# ... and one more for the PostgreSQL run.
expected_assemblies=$(( $(find tests -name '*.csproj' | wc -l) + 1 ))
echo
echo "== ${assemblies} of ${expected_assemblies} test assemblies reported: ${total} tests"
echo "${passed} passed, ${failed} failed, ${skipped} skipped (${pg_total} of them on PostgreSQL)"

if [ "$status" -ne 0 ]; then
  echo "error: dotnet test exited with status $status" >&2
  exit "$status"
fi
if [ "$assemblies" -ne "$expected_assemblies" ] || [ "$total" -eq 0 ] || [ "$pg_total" -eq 0 ]; then
  echo "error: expected results from ${expected_assemblies} test runs and at least one test on each database" >&2
  exit 1
fi
if [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ]; then
  echo "error: no test may fail or be skipped" >&2
  exit 1
fi
