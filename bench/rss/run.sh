#!/usr/bin/env bash
# Resident memory with 1,000 idle keep-alive connections: seqthink (release build, default
# settings, ACCESS_LOG=false) and nginx (2 workers, summed over master and workers). For each:
# RSS after start-up, after a 2 s wrk warm-up, with N connections open (each did one GET /health
# and then sits idle, held by bench/rss/hold.py), and after they are closed.
#
# Usage: bench/rss/run.sh [N]   (default 1000); SKIP_BUILD=1 reuses the release binary.
#        Results: stdout and bench/out/rss.md.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

N=${1:-1000}
bench_init rss
bench_build
[[ $(ulimit -n) -gt $((N + 64)) ]] || ulimit -n $((N + 256))

# rss_row NAME PID PORT: one Markdown row of RSS in MiB at each point.
rss_row() {
    local name=$1 pid=$2 port=$3 start warm held after ready="$BENCH_WORK/ready-$1" release="$BENCH_WORK/release-$1"
    sleep 1
    start=$(rss_kib "$pid")
    wrk -t1 -c50 -d2s "http://127.0.0.1:$port/health" >/dev/null
    sleep 1
    warm=$(rss_kib "$pid")
    bench_spawn "$BENCH_WORK/hold-$name.log" python3 "$BENCH_ROOT/bench/rss/hold.py" "$port" "$N" "$ready" "$release" 40
    local hold_pid=$SPAWNED
    for _ in $(seq 300); do [[ -s "$ready" ]] && break; sleep 0.1; done
    [[ -s "$ready" ]] || { echo "bench: hold.py did not open $N connections:" >&2; cat "$BENCH_WORK/hold-$name.log" >&2; exit 1; }
    sleep 1
    held=$(rss_kib "$pid")
    touch "$release"
    wait "$hold_pid" || { echo "bench: connections to $name were dropped while idle:" >&2; cat "$BENCH_WORK/hold-$name.log" >&2; exit 1; }
    sleep 1
    after=$(rss_kib "$pid")
    awk -v n="$name" -v a="$start" -v b="$warm" -v c="$held" -v d="$after" -v k="$N" \
        'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", n, a/1024, b/1024, c/1024, d/1024, (c-b)/1024, (c-b)/k }'
}

nginx_port=$(free_port)
start_nginx "$nginx_port"
seq_port=$(free_port)
start_seqthink "$seq_port"
state=$(machine_state)
rows="$BENCH_WORK/rows.md"
rss_row seqthink "$SEQTHINK_PID" "$seq_port" >"$rows"
rss_row nginx "$NGINX_PID" "$nginx_port" >>"$rows"

report() {
    echo "### RSS with $N idle keep-alive connections"
    echo
    echo "Command: \`bench/rss/run.sh $N\` ($state)."
    echo
    echo "| server | after start MiB | after 2 s wrk MiB | $N idle open MiB | after close MiB | added MiB | KiB per connection |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    cat "$rows"
}
report | tee "$BENCH_OUT/rss.md"
