#!/usr/bin/env bash
# A/B: two seqthink binaries side by side under the same wrk load, rounds alternating, so that
# a change is judged against its parent in the same minutes (the shared machine's load moves
# CPU per request by 10-30 % between minutes, more than most single fixes).
#
# Usage: bench/ab/run.sh BINARY_A BINARY_B [TARGET]   TARGET: health (default) | tool | stateless
#        environment: DURATION=5 CONNS=50 ROUNDS=5. Results: stdout and bench/out/ab-TARGET.md.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

A=$1
B=$2
TARGET=${3:-health}
DURATION=${DURATION:-5}
CONNS=${CONNS:-50}
ROUNDS=${ROUNDS:-5}
LUA="$BENCH_ROOT/bench/mcp/tools-call.lua"
for binary in "$A" "$B"; do [[ -x "$binary" ]] || { echo "bench: $binary is not an executable" >&2; exit 1; }; done

bench_init ab
SEQTHINK=$A
a_port=$(free_port)
start_seqthink "$a_port" DISABLE_THOUGHT_LOGGING=true
a_pid=$SEQTHINK_PID
SEQTHINK=$B
b_port=$(free_port)
start_seqthink "$b_port" DISABLE_THOUGHT_LOGGING=true
b_pid=$SEQTHINK_PID

case "$TARGET" in
    health) path=/health; script=() ;;
    tool | stateless) path=/; script=(-s "$LUA") ;;
    *) echo "bench: TARGET must be health, tool or stateless" >&2; exit 1 ;;
esac
export MCP_TARGET=$TARGET
wrk_args=(-t1 -c"$CONNS" -d"${DURATION}s" --timeout 5s "${script[@]}")
wrk -t1 -c"$CONNS" -d2s "${script[@]}" "http://127.0.0.1:$a_port$path" >/dev/null
wrk -t1 -c"$CONNS" -d2s "${script[@]}" "http://127.0.0.1:$b_port$path" >/dev/null

state=$(machine_state)
rows="$BENCH_WORK/rows.tsv"
: >"$rows"
for round in $(seq "$ROUNDS"); do
    # Alternate which goes first, so neither always follows the other.
    if (( round % 2 )); then order=(A B); else order=(B A); fi
    for which in "${order[@]}"; do
        if [[ $which == A ]]; then
            measure A "$a_pid" "${wrk_args[@]}" "http://127.0.0.1:$a_port$path" | sed "s/^/$round\t/" >>"$rows"
        else
            measure B "$b_pid" "${wrk_args[@]}" "http://127.0.0.1:$b_port$path" | sed "s/^/$round\t/" >>"$rows"
        fi
    done
done

report() {
    echo "### A/B, $TARGET: A=$(basename "$A") B=$(basename "$B")"
    echo
    echo "Command: \`DURATION=$DURATION CONNS=$CONNS ROUNDS=$ROUNDS bench/ab/run.sh A B $TARGET\` ($state)"
    echo
    echo "| round | binary | requests | req/s | server CPU s | CPU µs/request | non-2xx | socket errors |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$rows"
    local a b
    a=$(awk -F'\t' '$2 == "A" { print $6 }' "$rows" | median)
    b=$(awk -F'\t' '$2 == "B" { print $6 }' "$rows" | median)
    awk -v a="$a" -v b="$b" 'BEGIN { printf "\nmedian CPU µs/request: A %.2f, B %.2f; B/A %.3f\n", a, b, b / a }'
}
report | tee "$BENCH_OUT/ab-$TARGET.md"
