#!/usr/bin/env bash
# CPU time per authenticated request through the whole gateway (release build), to decide on
# and to keep an eye on AuthGate's cost:
#   off   - auth off (no KACHING_JWKS_URL); the same request bytes, the header is ignored
#   nocache - auth on, JWT_CACHE_ENTRIES=0: one RSA-2048 verification per request
#   hit   - auth on, cache on, one token reused by every request (a real client's pattern)
#   miss  - auth on, cache of 1 entry, two tokens alternating: every request misses and stores
#           (the cache's overhead on top of the verification)
# CPU is utime+stime of the seqthink process (/proc/PID/stat) over the wrk run, divided by the
# requests answered; wrk runs on the same machine but is not counted.
#
# Usage: bench/auth/run.sh [seconds=10] [rounds=3] [connections=8] [configs="off nocache hit miss"]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=10; rounds=3; connections=8; configs="off nocache hit miss"
for arg in "$@"; do
    case $arg in
        seconds=*) seconds=${arg#*=} ;; rounds=*) rounds=${arg#*=} ;;
        connections=*) connections=${arg#*=} ;; configs=*) configs=${arg#*=} ;;
        *) echo "unknown argument $arg" >&2; exit 2 ;;
    esac
done
bin=$root/.build/release/seqthink
[[ -x $bin ]] || { echo "build first: swift build -c release --product seqthink" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }

work=$(mktemp -d /tmp/seqthink-bench-auth.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$bin" token --new-key "$work/key.pem" 2>/dev/null
"$bin" jwks --key "$work/key.pem" --kid bench > "$work/jwks.json"
"$bin" token --key "$work/key.pem" --kid bench --sub bench --scope mcp:call --ttl 3600 > "$work/one.txt"
{ cat "$work/one.txt"; "$bin" token --key "$work/key.pem" --kid bench --sub bench2 --scope mcp:call --ttl 3600; } > "$work/two.txt"

python3 "$root/Tests/JWTTests/jwks_server.py" --dir "$work" > "$work/jwks.port" &
pids+=($!); disown $!
for _ in $(seq 50); do [[ -s $work/jwks.port ]] && break; sleep 0.1; done
jwks_port=$(head -1 "$work/jwks.port")

cat > "$work/post.lua" <<'LUA'
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end
local i = 0
wrk.method = "POST"
wrk.body = '{"tool":"sequentialthinking","payload":{"thought":"bench","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}'
wrk.headers["Content-Type"] = "application/json"
request = function()
    i = i % #tokens + 1
    wrk.headers["Authorization"] = "Bearer " .. tokens[i]
    return wrk.format()
end
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
requests_ok() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^seqthink_requests_total\{route="\/mcp\/tool",code="200"\}/ {print $2}'; }

run_config() {
    local config=$1 env=(SEQTHINK_MODE=dev BIND=127.0.0.1 PORT=0 ACCESS_LOG=false LOG_LEVEL=warning REQUIRED_SCOPE=mcp:call)
    local tokens=$work/one.txt
    case $config in
        off) ;;
        nocache) env+=("KACHING_JWKS_URL=http://127.0.0.1:$jwks_port/jwks.json" JWT_CACHE_ENTRIES=0) ;;
        hit) env+=("KACHING_JWKS_URL=http://127.0.0.1:$jwks_port/jwks.json" JWT_CACHE_ENTRIES=10000) ;;
        miss) env+=("KACHING_JWKS_URL=http://127.0.0.1:$jwks_port/jwks.json" JWT_CACHE_ENTRIES=1); tokens=$work/two.txt ;;
    esac
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    env "${env[@]/#PORT=0/PORT=$port}" "$bin" serve 2>"$work/serve.log" &
    local pid=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.1; done
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null || { echo "$config: not ready" >&2; cat "$work/serve.log" >&2; kill -9 $pid; return 1; }
    # Warm-up (connections, caches, the thought history reaching its steady size).
    TOKENS_FILE=$tokens wrk -t1 -c"$connections" -d2s -s "$work/post.lua" "http://127.0.0.1:$port/mcp/tool" >/dev/null
    local before_cpu before_req after_cpu after_req
    before_cpu=$(cpu_ticks "$pid"); before_req=$(requests_ok "$port")
    TOKENS_FILE=$tokens wrk -t1 -c"$connections" -d"${seconds}s" -s "$work/post.lua" "http://127.0.0.1:$port/mcp/tool" > "$work/wrk.txt"
    after_cpu=$(cpu_ticks "$pid"); after_req=$(requests_ok "$port")
    local non2xx
    non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
    kill -TERM $pid; wait $pid 2>/dev/null || true
    python3 - "$config" "$before_cpu" "$after_cpu" "$before_req" "$after_req" "$seconds" "${non2xx:-0}" "$(getconf CLK_TCK)" <<'PY'
import sys
config, c0, c1, r0, r1, secs, bad, tck = sys.argv[1:]
cpu = (float(c1) - float(c0)) / float(tck)
req = float(r1) - float(r0)
print(f"{config:8s} requests {int(req):7d}  req/s {req/float(secs):8.0f}  CPU µs/req {cpu*1e6/req:7.1f}  non-2xx {bad}")
PY
}

echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) seconds=$seconds connections=$connections"
for _ in $(seq "$rounds"); do
    for config in $configs; do run_config "$config"; done
done
