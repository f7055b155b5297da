#!/usr/bin/env bash
# A CPU profile of seqthink (release build) under wrk load: `perf record` (software cpu-clock
# event, frame-pointer call graphs; hardware counters are not available in this VM) attached to
# the server for the length of one wrk run, then the flat profile by shared object and by
# symbol (self time), demangled with swift-demangle.
#
# Usage: bench/profile/run.sh TARGET    TARGET: health | tool | stateless | auth
#        environment: DURATION=10 CONNS=50; SKIP_BUILD=1 reuses the release binary.
#        Results: bench/out/profile-TARGET.txt (the report) and .data (perf's record).
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

TARGET=${1:-health}
DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
LUA="$BENCH_ROOT/bench/mcp/tools-call.lua"
command -v perf >/dev/null || { echo "bench: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
command -v swift-demangle >/dev/null || { echo "bench: swift-demangle is missing (part of the Swift toolchain)" >&2; exit 1; }

bench_init profile
bench_build
port=$(free_port)
extra=(DISABLE_THOUGHT_LOGGING=true)
token=""
if [[ "$TARGET" == auth ]]; then
    mkdir -p "$BENCH_WORK/www"
    "$SEQTHINK" token --new-key "$BENCH_WORK/key.pem" >/dev/null
    "$SEQTHINK" jwks --key "$BENCH_WORK/key.pem" --kid bench >"$BENCH_WORK/www/jwks.json"
    token=$("$SEQTHINK" token --key "$BENCH_WORK/key.pem" --kid bench --sub bench --ttl 3600)
    rm -f "$BENCH_WORK/key.pem"
    jwks_port=$(free_port)
    bench_spawn "$BENCH_WORK/http-server.log" python3 -m http.server "$jwks_port" --bind 127.0.0.1 --directory "$BENCH_WORK/www"
    wait_http "http://127.0.0.1:$jwks_port/jwks.json"
    extra+=(KACHING_JWKS_URL="http://127.0.0.1:$jwks_port/jwks.json")
fi
start_seqthink "$port" "${extra[@]}"
wait_http "http://127.0.0.1:$port/ready"

case "$TARGET" in
    health) url=(-c"$CONNS" "http://127.0.0.1:$port/health") ;;
    tool | stateless | auth) url=(-c"$CONNS" -s "$LUA" "http://127.0.0.1:$port/") ;;
    *) echo "bench: TARGET must be health, tool, stateless or auth" >&2; exit 1 ;;
esac
load=(wrk -t1 -d"${DURATION}s" "${url[@]}")
mcp_target=$TARGET
[[ "$TARGET" == auth ]] && mcp_target=tool
MCP_TARGET=$mcp_target BEARER=$token wrk -t1 -d2s "${url[@]}" >/dev/null

data="$BENCH_OUT/profile-$TARGET.data"
report="$BENCH_OUT/profile-$TARGET.txt"
rm -f "$data" "$data.old"
bench_spawn "$BENCH_WORK/perf.log" perf record -e cpu-clock -F 1999 -g -p "$SEQTHINK_PID" -o "$data"
perf_pid=$SPAWNED
# Context switches and CPU of the same run (software events; they coexist with the record).
bench_spawn "$BENCH_WORK/perf-stat.log" perf stat -e context-switches,task-clock -p "$SEQTHINK_PID" -o "$BENCH_WORK/stat.txt"
stat_pid=$SPAWNED
sleep 0.5
MCP_TARGET=$mcp_target BEARER=$token "${load[@]}" >"$BENCH_WORK/wrk.txt"
kill -INT "$perf_pid" "$stat_pid"
wait "$perf_pid" || true
wait "$stat_pid" || true
requests=$(awk '/requests in/ { print $1 }' "$BENCH_WORK/wrk.txt")

{
    echo "# seqthink under: ${load[*]} (MCP_TARGET=$mcp_target${token:+, with a bearer token})"
    grep -E 'requests in|Requests/sec' "$BENCH_WORK/wrk.txt"
    awk -v n="$requests" '/context-switches/ { gsub(",", "", $1); printf "context switches per request: %.2f\n", $1 / n }
        /task-clock/ { gsub(",", "", $1); printf "CPU per request (task-clock, whole record): %.2f µs\n", $1 * 1000 / n }' "$BENCH_WORK/stat.txt"
    echo
    echo "## By shared object (self)"
    perf report -i "$data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | sed -n "1,20p"
    echo
    echo "## By symbol (self), top 60"
    perf report -i "$data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
        | sed -n "1,60p" | swift-demangle --simplified
    echo
    echo "## By symbol including callees (children), top 60"
    perf report -i "$data" --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
        | sed -n "1,60p" | swift-demangle --simplified
} >"$report"
cat "$report"
