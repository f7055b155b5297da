# Shared helpers for the wrk benchmarks (sourced, not run): free ports, server start-up and
# tear-down, CPU time of a process tree from /proc/PID/stat, wrk runs and their parsing.
# The caller sets `set -euo pipefail`, sources this file, calls bench_init, and gets a trap
# that stops every process it started with bench_spawn (by PID, never by name).
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_OUT="$BENCH_ROOT/bench/out"
SEQTHINK="${SEQTHINK:-$BENCH_ROOT/.build/release/seqthink}"
CLK_TCK=$(getconf CLK_TCK)
BENCH_PIDS=()
BENCH_WORK=""

bench_init() {
    local name=$1
    for tool in nginx wrk curl python3; do
        command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/ensure-deps.sh --test)" >&2; exit 1; }
    done
    mkdir -p "$BENCH_OUT"
    BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/seqthink-bench-$name.XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${BENCH_PIDS[@]}"; do
        # Bounded wait (seqthink's drain is bounded by SHUTDOWN_GRACE_S; started with small values).
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    [[ -n "$BENCH_WORK" ]] && rm -rf "$BENCH_WORK"
}

# Builds the release binary unless SKIP_BUILD=1 (when the binary is known to be current).
bench_build() {
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        swift build -c release --product seqthink --package-path "$BENCH_ROOT" >&2
    fi
    [[ -x "$SEQTHINK" ]] || { echo "bench: $SEQTHINK missing" >&2; exit 1; }
}

# A TCP port free on loopback at the time of asking.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits (at most 10 s) until URL answers 200.
wait_http() {
    local url=$1
    for _ in $(seq 100); do
        if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "bench: $url did not come up" >&2
    exit 1
}

# bench_spawn LOG CMD...: starts CMD in the background, records its PID for the trap; sets SPAWNED.
bench_spawn() {
    local log=$1; shift
    "$@" >"$log" 2>&1 &
    SPAWNED=$!
    BENCH_PIDS+=("$SPAWNED")
}

# Starts nginx (Debian's) on 127.0.0.1:PORT with 2 workers, access_log off, its own prefix
# under the work directory. Every location answers `return 200` with /health's JSON body.
# Sets NGINX_PID (the master).
start_nginx() {
    local port=$1 prefix="$BENCH_WORK/nginx"
    mkdir -p "$prefix/logs" "$prefix/tmp"
    cat >"$prefix/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 2;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type application/json;
            return 200 '{"status":"ok"}';
        }
    }
}
CONF
    bench_spawn "$prefix/logs/stderr.log" nginx -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf"
    # shellcheck disable=SC2034  # used by the scripts that source this file
    NGINX_PID=$SPAWNED
    wait_http "http://127.0.0.1:$port/health"
}

# Starts seqthink serve on 127.0.0.1:PORT with ACCESS_LOG=false and warnings only; extra
# environment assignments (NAME=value ...) follow the port. Sets SEQTHINK_PID.
start_seqthink() {
    local port=$1; shift
    bench_spawn "$BENCH_WORK/seqthink-$port.log" env BIND=127.0.0.1 PORT="$port" ACCESS_LOG=false LOG_LEVEL=warning \
        SHUTDOWN_DELAY_S=0 SHUTDOWN_GRACE_S=2 "$@" "$SEQTHINK" serve
    # shellcheck disable=SC2034  # used by the scripts that source this file
    SEQTHINK_PID=$SPAWNED
    wait_http "http://127.0.0.1:$port/health"
}

# PIDs of a process and its direct children (nginx: the master and its workers).
tree_pids() {
    local pid=$1
    echo "$pid"
    pgrep -P "$pid" || true
}

# Sum of utime+stime, in clock ticks, of a process and its direct children (all threads of each).
cpu_ticks() {
    local total=0 pid rest
    for pid in $(tree_pids "$1"); do
        [[ -r "/proc/$pid/stat" ]] || continue
        rest=$(<"/proc/$pid/stat")
        rest=${rest##*) }   # fields from 3 (state) on; comm may hold spaces
        # shellcheck disable=SC2086
        set -- $rest
        total=$((total + ${12} + ${13}))
    done
    echo "$total"
}

# Resident set size of a process and its direct children, KiB.
rss_kib() {
    local total=0 pid kib
    for pid in $(tree_pids "$1"); do
        kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kib:-0}))
    done
    echo "$total"
}

# measure NAME PID WRK_ARGS...: runs wrk, brackets it with the server's CPU ticks, and prints
# one tab-separated line: name, requests, req/s, CPU seconds, CPU µs per request, non-2xx,
# socket errors. wrk's own output is kept in $BENCH_WORK/wrk-NAME.txt.
measure() {
    local name=$1 pid=$2; shift 2
    local out="$BENCH_WORK/wrk-$name.txt" before after
    before=$(cpu_ticks "$pid")
    wrk "$@" >"$out" 2>&1
    after=$(cpu_ticks "$pid")
    local requests rps non2xx errors
    requests=$(awk '/requests in/ { print $1 }' "$out")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
    [[ -n "$requests" && -n "$rps" ]] || { echo "bench: wrk failed:" >&2; cat "$out" >&2; exit 1; }
    awk -v n="$name" -v r="$requests" -v q="$rps" -v t=$((after - before)) -v hz="$CLK_TCK" \
        -v x="${non2xx:-0}" -v e="${errors:-0}" \
        'BEGIN { s = t / hz; printf "%s\t%d\t%.0f\t%.2f\t%.2f\t%d\t%d\n", n, r, q, s, s * 1e6 / r, x, e }'
}

# The machine state line for the results: date, cores, load average, versions.
machine_state() {
    printf 'date %s; %s cores; load average %s; %s; %s; kernel %s\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
        "$(nginx -v 2>&1 | sed 's/^nginx version: //')" "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" "$(uname -r)"
}

# median of numbers given one a line on stdin
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
