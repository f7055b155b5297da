#!/usr/bin/env bash
# GET /health on seqthink (release build) and on nginx (Debian's, 2 workers, `return 200` with
# the same JSON body), side by side: wrk's requests per second and the server's CPU time per
# request (user+sys from /proc/PID/stat before and after, over the requests wrk completed; for
# nginx summed over the master and its workers). seqthink runs with ACCESS_LOG=false and nginx
# with access_log off. Rounds alternate between the two servers; the summary takes medians.
#
# Usage: bench/http/run.sh            environment: DURATION=10 CONNS=50 THREADS=1 ROUNDS=3
#        SKIP_BUILD=1 reuses .build/release/seqthink; SEQTHINK_ENV="EVENT_LOOPS=1 ..." passes
#        more settings to seqthink. Results: stdout and bench/out/http.md.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
read -ra seqthink_env <<<"${SEQTHINK_ENV:-}"

bench_init http
bench_build
nginx_port=$(free_port)
start_nginx "$nginx_port"
seq_port=$(free_port)
start_seqthink "$seq_port" "${seqthink_env[@]}"

wrk_args=(-t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s)
# Warm-up: both servers see traffic (page faults, allocator growth) before anything is counted.
wrk -t1 -c"$CONNS" -d2s "http://127.0.0.1:$nginx_port/health" >/dev/null
wrk -t1 -c"$CONNS" -d2s "http://127.0.0.1:$seq_port/health" >/dev/null

state_before=$(machine_state)
rows="$BENCH_WORK/rows.tsv"
: >"$rows"
for round in $(seq "$ROUNDS"); do
    measure nginx "$NGINX_PID" "${wrk_args[@]}" "http://127.0.0.1:$nginx_port/health" | sed "s/^/$round\t/" >>"$rows"
    measure seqthink "$SEQTHINK_PID" "${wrk_args[@]}" "http://127.0.0.1:$seq_port/health" | sed "s/^/$round\t/" >>"$rows"
done
state_after=$(machine_state)

report() {
    echo "### GET /health: seqthink vs nginx"
    echo
    echo "Command: \`${SEQTHINK_ENV:+SEQTHINK_ENV=\"$SEQTHINK_ENV\" }DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS bench/http/run.sh\`"
    echo "(wrk ${wrk_args[*]}; seqthink ACCESS_LOG=false LOG_LEVEL=warning ${SEQTHINK_ENV:-with default EVENT_LOOPS and STAGE_WORKERS};"
    echo "nginx 2 workers, access_log off, keepalive_requests 1000000)."
    echo "Before: $state_before"
    echo "After:  $state_after"
    echo
    echo "| round | server | requests | req/s | server CPU s | CPU µs/request | non-2xx | socket errors |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$rows"
    local n_cpu s_cpu n_rps s_rps
    n_cpu=$(awk -F'\t' '$2 == "nginx" { print $6 }' "$rows" | median)
    s_cpu=$(awk -F'\t' '$2 == "seqthink" { print $6 }' "$rows" | median)
    n_rps=$(awk -F'\t' '$2 == "nginx" { print $4 }' "$rows" | median)
    s_rps=$(awk -F'\t' '$2 == "seqthink" { print $4 }' "$rows" | median)
    echo
    echo "| median | req/s | CPU µs/request |"
    echo "|---|---:|---:|"
    echo "| nginx | $n_rps | $n_cpu |"
    echo "| seqthink | $s_rps | $s_cpu |"
    awk -v s="$s_cpu" -v n="$n_cpu" 'BEGIN { printf "\nseqthink / nginx CPU per request: **%.2fx** (goal <= 1.5x)\n", s / n }'
}
report | tee "$BENCH_OUT/http.md"
