#!/usr/bin/env bash
# CPU per authenticated request: POST /mcp/tool (bench/mcp/tools-call.lua) on two seqthink
# instances (release build, ACCESS_LOG=false), one with auth off and one with
# KACHING_JWKS_URL pointing at a JWKS served on loopback by `python3 -m http.server`, the
# request carrying one RS256 token from `seqthink token` on every call. The difference per
# request is set against OpenSSL's RSA-2048 verify floor (`openssl speed -seconds 3 rsa2048`).
#
# Usage: bench/auth/run.sh           environment: DURATION=10 CONNS=50 THREADS=1 ROUNDS=3
#        SKIP_BUILD=1 reuses the release binary. Results: stdout and bench/out/auth.md.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
LUA="$BENCH_ROOT/bench/mcp/tools-call.lua"
command -v openssl >/dev/null || { echo "bench: openssl is missing" >&2; exit 1; }

bench_init auth
bench_build
keys="$BENCH_WORK/keys"
mkdir -p "$keys" "$BENCH_WORK/www"
"$SEQTHINK" token --new-key "$keys/key.pem" >/dev/null
"$SEQTHINK" jwks --key "$keys/key.pem" --kid bench >"$BENCH_WORK/www/jwks.json"
token=$("$SEQTHINK" token --key "$keys/key.pem" --kid bench --sub bench --scope mcp --ttl 3600)
rm -f "$keys/key.pem"

jwks_port=$(free_port)
bench_spawn "$BENCH_WORK/http-server.log" python3 -m http.server "$jwks_port" --bind 127.0.0.1 --directory "$BENCH_WORK/www"
wait_http "http://127.0.0.1:$jwks_port/jwks.json"

off_port=$(free_port)
start_seqthink "$off_port" DISABLE_THOUGHT_LOGGING=true
off_pid=$SEQTHINK_PID
on_port=$(free_port)
start_seqthink "$on_port" DISABLE_THOUGHT_LOGGING=true KACHING_JWKS_URL="http://127.0.0.1:$jwks_port/jwks.json"
on_pid=$SEQTHINK_PID
wait_http "http://127.0.0.1:$on_port/ready"

# With auth on: no token is 401, the token is 200.
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data '{"tool":"sequentialthinking","payload":{"thought":"t","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}' \
    "http://127.0.0.1:$on_port/mcp/tool")
[[ "$status" == 401 ]] || { echo "bench: auth is not on (no token gave $status)" >&2; exit 1; }
shown=$(BEARER=$token MCP_TARGET=tool MCP_SHOW=1 wrk -t1 -c1 -d1s -s "$LUA" "http://127.0.0.1:$on_port/" 2>&1)
grep -q '^status 200' <<<"$shown" || { echo "bench: the token was refused: $shown" >&2; exit 1; }

wrk_args=(-t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s -s "$LUA")
MCP_TARGET=tool wrk -t1 -c"$CONNS" -d2s -s "$LUA" "http://127.0.0.1:$off_port/" >/dev/null
BEARER=$token MCP_TARGET=tool wrk -t1 -c"$CONNS" -d2s -s "$LUA" "http://127.0.0.1:$on_port/" >/dev/null

state_before=$(machine_state)
rows="$BENCH_WORK/rows.tsv"
: >"$rows"
for round in $(seq "$ROUNDS"); do
    MCP_TARGET=tool measure auth-off "$off_pid" "${wrk_args[@]}" "http://127.0.0.1:$off_port/" | sed "s/^/$round\t/" >>"$rows"
    BEARER=$token MCP_TARGET=tool measure auth-on "$on_pid" "${wrk_args[@]}" "http://127.0.0.1:$on_port/" | sed "s/^/$round\t/" >>"$rows"
done
state_after=$(machine_state)

# openssl speed prints "rsa 2048 bits <sign s> <verify s> <sign/s> <verify/s>".
openssl speed -seconds 3 rsa2048 >"$BENCH_WORK/openssl.txt" 2>/dev/null
verify_us=$(awk '/^rsa 2048 bits/ { sub("s$", "", $5); printf "%.1f", $5 * 1e6 }' "$BENCH_WORK/openssl.txt")
[[ -n "$verify_us" ]] || { echo "bench: could not read openssl speed:" >&2; cat "$BENCH_WORK/openssl.txt" >&2; exit 1; }

report() {
    echo "### Auth: CPU per authenticated POST /mcp/tool"
    echo
    echo "Command: \`DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS bench/auth/run.sh\`"
    echo "(wrk -t$THREADS -c$CONNS -d${DURATION}s -s bench/mcp/tools-call.lua, one RS256 token (2048-bit key)"
    echo "on every request; JWKS from \`seqthink jwks\` served by python3 -m http.server on loopback)."
    echo "Before: $state_before"
    echo "After:  $state_after"
    echo
    echo "| round | instance | requests | req/s | server CPU s | CPU µs/request | non-2xx | socket errors |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$rows"
    local off on
    off=$(awk -F'\t' '$2 == "auth-off" { print $6 }' "$rows" | median)
    on=$(awk -F'\t' '$2 == "auth-on" { print $6 }' "$rows" | median)
    echo
    echo "| median | CPU µs/request |"
    echo "|---|---:|"
    echo "| auth off | $off |"
    echo "| auth on (RS256 verify on every request) | $on |"
    awk -v a="$on" -v b="$off" 'BEGIN { printf "| auth cost (on - off) | %.2f |\n", a - b }'
    echo "| openssl speed rsa2048: one verify | $verify_us |"
    awk -v a="$on" -v b="$off" -v v="$verify_us" 'BEGIN { printf "\nAuth costs %.2fx the bare RSA-2048 verify.\n", (a - b) / v }'
}
report | tee "$BENCH_OUT/auth.md"
