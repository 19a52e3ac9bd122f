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
