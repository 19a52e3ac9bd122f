# Shared by the benchmark scripts (source it after setting BENCH, the script's name in its messages, and WEB, the app's
# project folder): messages, a quiet machine, a free port, and the app as its own process.

say() { printf '[%s] %s\n' "$BENCH" "$*" >&2; }

# Before a run, wait (up to QUIET_WAIT seconds, 120 by default) until nothing else keeps the CPUs busy; the tools report
# the cores used by anything else during the measured window ("other=") so that a disturbed run shows.
wait_quiet() {
    [[ -r /proc/stat ]] || return 0
    local start=$SECONDS limit="${QUIET_WAIT:-120}" b1 i1 b2 i2 busy=0
    while (( SECONDS - start < limit )); do
        read -r b1 i1 < <(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
        sleep 3
        read -r b2 i2 < <(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)
        busy=$(( (b2 - b1) / 3 ))   # hundredths of a core
        if (( busy < 15 )); then return 0; fi
    done
    say "the machine is still busy (${busy}% of a core used by others) after ${limit} s; running anyway"
}

# The first port from $1 to $2 on which nothing listens (each script has its own range, so two can run side by side).
free_port() {
    local port
    for port in $(seq "$1" "$2"); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    say "no free port between $1 and $2"
    exit 1
}

# Builds the app and the given tool project (Release), their logs in $OUT.
build_release() { # tool-project
    say "building the app and $(basename "$1") (Release)"
    dotnet build "$WEB" -c Release -nologo -v q >"$OUT/build-web.log" 2>&1 || { cat "$OUT/build-web.log"; exit 1; }
    dotnet build "$1" -c Release -nologo -v q >"$OUT/build-tool.log" 2>&1 || { cat "$OUT/build-tool.log"; exit 1; }
}

# Starts the app (Release build, Development environment so that the demo seeds) on the database dir/app.db at url,
# with any further NAME=value settings, and waits until it answers. Its output goes to dir/server.log.
SERVER_PID=""
start_server() { # dir url [NAME=value...]
    local dir="$1" url="$2"
    shift 2
    (cd "$WEB" && exec env ASPNETCORE_ENVIRONMENT=Development Database__Path="$dir/app.db" "$@" \
        dotnet bin/Release/net10.0/StatementDrafting.Web.dll --urls "$url" >>"$dir/server.log" 2>&1) &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if curl -sf -o /dev/null "$url/"; then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then say "the app exited"; cat "$dir/server.log"; exit 1; fi
        sleep 0.2
    done
    say "the app did not answer at $url"
    cat "$dir/server.log"
    exit 1
}

# Stops the app gracefully (its change writer drains), then for good after 30 s.
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

# Creates the accounts of $OUT/people.csv in the consultation $CONSULTATION of dir/app.db (or, given a connection
# string, of that PostgreSQL database), with tokens in dir/tokens.csv.
create_accounts() { # dir [postgres-connection-string]
    local target=(--database "$1/app.db")
    if [[ -n "${2:-}" ]]; then target=(--postgres "$2"); fi
    (cd "$WEB" && dotnet bin/Release/net10.0/StatementDrafting.Web.dll accounts create "${target[@]}" \
        --consultation "$CONSULTATION" --input "$OUT/people.csv" --output "$1/tokens.csv" --token-days 1) 2>"$1/accounts.log" \
        || { cat "$1/accounts.log"; exit 1; }
}

# --- A PostgreSQL cluster and a Redis server of the benchmark's own (bench/twonodes.sh, bench/outage.sh, bench/polls.sh) --
# Each lives in a temporary folder on a free port of its own range and is removed by stop_postgres / stop_redis (call
# both from the script's EXIT trap). PG_FAST=1 turns PostgreSQL's durability off (fsync, synchronous commit).

# PostgreSQL's server programs: on PATH, or where Debian's packages put them.
pg_bin() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
    else
        find /usr/lib/postgresql -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname
    fi
}
# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_pg() { if [[ "$(id -u)" = "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

PG_ROOT=""
start_postgres() {
    PG_BIN="$(pg_bin)"
    [[ -n "$PG_BIN" ]] || { say "PostgreSQL's server programs (initdb, pg_ctl) are not installed (apt-get install postgresql)"; exit 1; }
    PG_ROOT="$(mktemp -d /tmp/sd-bench-pg.XXXXXX)"
    PG_DATA="$PG_ROOT/data"
    PG_PORT="$(free_port 56400 56499)"
    if [[ "$(id -u)" = "0" ]]; then chown postgres "$PG_ROOT"; fi
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >"$OUT/initdb.log" 2>&1 || { cat "$OUT/initdb.log"; exit 1; }
    local options="-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c max_connections=400"
    if [[ "${PG_FAST:-0}" = "1" ]]; then options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w -o "$options" start >/dev/null \
        || { cat "$PG_ROOT/server.log"; exit 1; }
    say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (fsync $([[ "${PG_FAST:-0}" = "1" ]] && echo off || echo on))"
}

stop_postgres() {
    if [[ -n "$PG_ROOT" && -f "$PG_DATA/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$PG_ROOT" ]]; then rm -rf "$PG_ROOT"; fi
    PG_ROOT=""
}

# The Npgsql connection string of one database of the cluster, and a new empty database.
pg_connection() { echo "Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=postgres"; }
create_database() { as_pg "$PG_BIN/psql" -h "$PG_ROOT" -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE $1" >/dev/null; }

# Redis as a daemon with a pid file, so that it can be stopped and started again on the same port (bench/outage.sh).
REDIS_PORT=""
redis_up() { # starts it on REDIS_PORT and waits until it answers
    command -v redis-server >/dev/null 2>&1 || { say "redis-server is not installed (apt-get install redis-server)"; exit 1; }
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" >/dev/null
    for _ in $(seq 1 100); do
        if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return 0; fi
        sleep 0.05
    done
    say "Redis did not answer on port $REDIS_PORT"
    cat "$OUT/redis.log"
    exit 1
}
redis_down() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }
start_redis() {
    REDIS_PORT="$(free_port 56500 56599)"
    redis_up
    say "Redis $(redis-server --version | awk '{print $3}' | sed 's/v=//') on 127.0.0.1:$REDIS_PORT"
}
stop_redis() {
    if [[ -n "$REDIS_PORT" ]]; then
        redis_down
        if [[ -f "$OUT/redis.pid" ]]; then kill -TERM "$(cat "$OUT/redis.pid")" 2>/dev/null || true; fi
    fi
    REDIS_PORT=""
}

# App nodes on PostgreSQL and Redis, their pids in NODE_PIDS.
NODE_PIDS=()
start_node() { # dir url database
    mkdir -p "$1"
    start_server "$1" "$2" Database__Provider=Postgres "ConnectionStrings__Drafting=$(pg_connection "$3")" \
        "Redis__Configuration=127.0.0.1:$REDIS_PORT,abortConnect=false"
    NODE_PIDS+=("$SERVER_PID")
    SERVER_PID=""
}
stop_nodes() {
    local pid
    for pid in "${NODE_PIDS[@]}"; do
        SERVER_PID="$pid"
        stop_server
    done
    NODE_PIDS=()
}
