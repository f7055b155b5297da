#!/usr/bin/env bash
# A sequentialthinking tools/call through all six stages of seqthink (release build), beside
# nginx's `return 200` (Debian's, 2 workers, access_log off) receiving the same POST: wrk with
# bench/mcp/tools-call.lua, requests per second and the server's CPU time per request (user+sys
# from /proc/PID/stat over the requests wrk completed; nginx summed over master and workers).
# Targets: POST /mcp/tool; POST /mcp stateless (2026-07-28: version in _meta and the
# MCP-Protocol-Version, Mcp-Method and Mcp-Name headers, no session); POST /mcp 2025-11-25 in a
# session made first with initialize + notifications/initialized. seqthink runs with
# ACCESS_LOG=false, auth and encryption off (dev mode), DISABLE_THOUGHT_LOGGING=true.
#
# Usage: bench/mcp/run.sh             environment: DURATION=10 CONNS=50 THREADS=1 ROUNDS=3
#        TARGETS="tool stateless session"; SKIP_BUILD=1 reuses the release binary.
#        nginx runs right before each target in every round; the paired ratios are reported.
#        Results: stdout and bench/out/mcp.md.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
TARGETS=${TARGETS:-tool stateless session}
read -ra targets <<<"$TARGETS"
LUA="$BENCH_ROOT/bench/mcp/tools-call.lua"

bench_init mcp
bench_build
nginx_port=$(free_port)
start_nginx "$nginx_port"
seq_port=$(free_port)
start_seqthink "$seq_port" DISABLE_THOUGHT_LOGGING=true
base="http://127.0.0.1:$seq_port"

# A session for the `session` target: initialize, then notifications/initialized.
session=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    --data '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
    "$base/mcp" | awk -F': ' 'tolower($1) == "mcp-session-id" { sub("\r", "", $2); print $2 }')
[[ -n "$session" ]] || { echo "bench: initialize gave no Mcp-Session-Id" >&2; exit 1; }
curl -fsS -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-11-25' \
    --data '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$base/mcp"
export MCP_SESSION=$session

# Each target must answer 200 with a tool result before it is measured.
for target in "${targets[@]}"; do
    shown=$(MCP_TARGET=$target MCP_SHOW=1 wrk -t1 -c1 -d1s -s "$LUA" "$base/" 2>&1)
    if ! grep -q '^status 200' <<<"$shown" || ! grep -q 'structuredContent' <<<"$shown"; then
        echo "bench: target $target does not answer a tool result:" >&2
        echo "$shown" >&2
        exit 1
    fi
done

wrk_args=(-t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s -s "$LUA")
for target in "${targets[@]}"; do
    MCP_TARGET=$target wrk -t1 -c"$CONNS" -d2s -s "$LUA" "$base/" >/dev/null
done
MCP_TARGET=tool wrk -t1 -c"$CONNS" -d2s -s "$LUA" "http://127.0.0.1:$nginx_port/" >/dev/null

state_before=$(machine_state)
rows="$BENCH_WORK/rows.tsv"
: >"$rows"
# nginx is measured right before each target (a pair), so that every ratio compares runs
# seconds apart: the shared machine's speed drifts by 10-30 % within a minute.
for round in $(seq "$ROUNDS"); do
    for target in "${targets[@]}"; do
        MCP_TARGET=tool measure nginx "$NGINX_PID" "${wrk_args[@]}" "http://127.0.0.1:$nginx_port/" | sed "s/^/$round\t/" >>"$rows"
        MCP_TARGET=$target measure "seqthink-$target" "$SEQTHINK_PID" "${wrk_args[@]}" "$base/" | sed "s/^/$round\t/" >>"$rows"
    done
done
state_after=$(machine_state)
rss=$(rss_kib "$SEQTHINK_PID")

report() {
    echo "### MCP tools/call: seqthink vs nginx return 200"
    echo
    echo "Command: \`DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS TARGETS=\"$TARGETS\" bench/mcp/run.sh\`"
    echo "(wrk -t$THREADS -c$CONNS -d${DURATION}s -s bench/mcp/tools-call.lua; seqthink ACCESS_LOG=false DISABLE_THOUGHT_LOGGING=true, auth and"
    echo "encryption off; nginx 2 workers, access_log off, \`return 200\` to the same POST)."
    echo "Before: $state_before"
    echo "After:  $state_after"
    echo "seqthink RSS after the runs: $((rss / 1024)) MiB."
    echo
    echo "| round | server / target | requests | req/s | server CPU s | CPU µs/request | non-2xx | socket errors |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$rows"
    echo
    echo "| median | req/s | CPU µs/request | x nginx (goal <= 3) |"
    echo "|---|---:|---:|---:|"
    local n_cpu name cpu rps
    n_cpu=$(awk -F'\t' '$2 == "nginx" { print $6 }' "$rows" | median)
    for name in nginx "${targets[@]/#/seqthink-}"; do
        cpu=$(awk -F'\t' -v n="$name" '$2 == n { print $6 }' "$rows" | median)
        rps=$(awk -F'\t' -v n="$name" '$2 == n { print $4 }' "$rows" | median)
        awk -v n="$name" -v r="$rps" -v c="$cpu" -v b="$n_cpu" 'BEGIN { printf "| %s | %s | %s | %.2fx |\n", n, r, c, c / b }'
    done
    echo
    echo "Each target against the nginx run just before it (median of the $ROUNDS paired ratios):"
    echo
    echo "| target | paired ratios | median x nginx (goal <= 3) |"
    echo "|---|---|---:|"
    for name in "${targets[@]/#/seqthink-}"; do
        local ratios
        ratios=$(awk -F'\t' -v n="$name" '$2 == "nginx" { last = $6 } $2 == n { printf "%.2f\n", $6 / last }' "$rows")
        awk -v n="$name" -v list="$(tr '\n' ' ' <<<"$ratios")" -v m="$(median <<<"$ratios")" \
            'BEGIN { printf "| %s | %s | %.2fx |\n", n, list, m }'
    done
}
report | tee "$BENCH_OUT/mcp.md"
