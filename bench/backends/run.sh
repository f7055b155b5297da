#!/usr/bin/env bash
# CPU per tool call through seqthink with an HTTP MCP backend, against calling that backend
# directly: the gateway's own overhead. Needs a release build (make release), wrk, curl and
# python3-venv. Usage: bench/backends/run.sh [seconds=10] [connections=4] [mode=json|sse]
#
# The backend is the FastMCP fixture of the live tests (official Python SDK, uvicorn, one
# process). Both runs use one wrk thread (unique request ids) and the same connection count.
# CPU is utime+stime from /proc/PID/stat of each process over the run, divided by the number of
# requests wrk completed, after subtracting what each process burns idle over the same time
# (measured first). STAGE_WORKERS is set to the connection count: the dispatcher runs that many
# calls at once, so it bounds the concurrency towards the backend.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds=${1:-10}
connections=${2:-4}
mode=${3:-json}
bin="$root/.build/release/seqthink"
[[ -x "$bin" ]] || { echo "build first: swift build -c release --product seqthink" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
python=$("$root/scripts/venv.sh" backends "$root/Tests/SeqThinkServerTests/Backends/python/requirements-backends.txt")
tick=$(getconf CLK_TCK)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in ticks

flags=(); [[ "$mode" == json ]] && flags=(--json)
"$python" "$root/Tests/SeqThinkServerTests/Backends/python/fastmcp_backend.py" http "${flags[@]}" > "$work/backend.out" 2>"$work/backend.err" &
backend_pid=$!; pids+=("$backend_pid")
for _ in $(seq 100); do grep -q PORT "$work/backend.out" 2>/dev/null && break; sleep 0.1; done
bport=$(awk '/PORT/{print $2}' "$work/backend.out")

gport=$((20000 + RANDOM % 20000))
STAGE_WORKERS=$connections PORT=$gport BIND=127.0.0.1 MCP_LOCAL="http://127.0.0.1:$bport/mcp" ACCESS_LOG=false LOG_LEVEL=warning \
    SHUTDOWN_DELAY_S=0 "$bin" serve > "$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=("$gateway_pid")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$gport/ready" >/dev/null 2>&1 && break; sleep 0.1; done

session() {  # initialize a session at $1, print its Mcp-Session-Id
    local sid
    sid=$(curl -si "$1" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
        | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}' | tr -d '\r')
    curl -s "$1" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -H "Mcp-Session-Id: $sid" -H 'MCP-Protocol-Version: 2025-11-25' \
        -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
    echo "$sid"
}

measure() {  # name url -> one result line
    local name=$1 url=$2 sid b0 g0 b1 g1 out requests
    sid=$(session "$url")
    SID=$sid wrk -t1 -c"$connections" -d2s -s "$root/bench/backends/call.lua" "$url" >/dev/null  # warm-up
    b0=$(cpu "$backend_pid"); g0=$(cpu "$gateway_pid")
    out=$(SID=$sid wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$root/bench/backends/call.lua" "$url")
    b1=$(cpu "$backend_pid"); g1=$(cpu "$gateway_pid")
    requests=$(echo "$out" | awk '/requests in/{print $1}')
    if echo "$out" | grep -q "Non-2xx"; then echo "$out" >&2; echo "errors in $name" >&2; exit 1; fi
    awk -v n="$name" -v r="$requests" -v s="$seconds" -v bd=$((b1 - b0 - backend_idle)) -v gd=$((g1 - g0 - gateway_idle)) -v t="$tick" \
        -v p50="$(echo "$out" | awk '$1=="50%"{print $2}')" -v p99="$(echo "$out" | awk '$1=="99%"{print $2}')" \
        'BEGIN { printf "| %s | %d | %.0f | %.1f | %.1f | %s | %s |\n", n, r, r/s, bd*1e6/t/r, gd*1e6/t/r, p50, p99 }'
}

b0=$(cpu "$backend_pid"); g0=$(cpu "$gateway_pid"); sleep "$seconds"
backend_idle=$(( $(cpu "$backend_pid") - b0 )); gateway_idle=$(( $(cpu "$gateway_pid") - g0 ))
echo "backend answers: $mode; $connections connections, ${seconds}s per run; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "idle over ${seconds}s: backend $((backend_idle * 1000 / tick)) ms CPU, gateway $((gateway_idle * 1000 / tick)) ms CPU (subtracted below)"
echo "| path | calls | calls/s | backend CPU µs/call | gateway CPU µs/call | p50 | p99 |"
echo "|---|---|---|---|---|---|---|"
measure "direct to the backend" "http://127.0.0.1:$bport/mcp"
measure "through seqthink" "http://127.0.0.1:$gport/mcp"
