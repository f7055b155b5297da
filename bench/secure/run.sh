#!/usr/bin/env bash
# The secure-path benchmark (issue 6): wrk drives POST /mcp/tool with a pre-encrypted body and a
# bearer token through the release server (token check + age decrypt + MCP call + age encrypt);
# server CPU per request (utime+stime from /proc over the wrk run, divided by wrk's request
# count) is set against the crypto floor measured by `openssl speed` in the same run:
# 3 X25519 operations (decrypt: 1 shared secret; encrypt: 1 ephemeral key + 1 shared secret)
# + 1 RSA-2048 verify per request.
#
# Usage: bench/secure/run.sh [duration=10] [connections=8] [threads=1] [rounds=1] [modes="plain auth secure secure-lz4 secure-cached"] [bin=PATH]
#   bin=PATH       the seqthink binary (default: .build/release/seqthink), to set two builds side by side
#   rounds=N       repeat every mode N times and report each mode's median ratio over the rounds;
#                  the floor is measured just before and just after every mode's run and the mean
#                  used (the shared machine's speed drifts by 10-30 % within minutes)
#   plain          no auth, no encryption (the plumbing + MCP baseline)
#   auth           RS256 token only, verified on every request (JWT_CACHE_ENTRIES=0)
#   secure         token + age request + age response, the token verified on every request
#                  (JWT_CACHE_ENTRIES=0): the issue's measurement, 1 RSA verify per request
#   secure-lz4     the same with Seqthink-Encoding/Accept-Encoding: lz4
#   secure-cached  secure with the default verified-token cache (one token reused: no RSA)
#        SEQTHINK_ENV="EVENT_LOOPS=1 ..." passes extra settings to every server it starts.
#        PERF_DIR=DIR also records a `perf record` CPU profile of each mode's measured run there.
# Needs: a release build (swift build -c release --product seqthink), wrk, age, openssl, python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration=10 connections=8 threads=1 rounds=1 modes="plain auth secure secure-lz4 secure-cached"
bin="$root/.build/release/seqthink"
for arg in "$@"; do
    case "$arg" in
        duration=*) duration=${arg#*=} ;; connections=*) connections=${arg#*=} ;;
        threads=*) threads=${arg#*=} ;; modes=*) modes=${arg#*=} ;; rounds=*) rounds=${arg#*=} ;;
        bin=*) bin=${arg#*=} ;;
        *) echo "unknown argument $arg" >&2; exit 2 ;;
    esac
done
read -ra extra_env <<<"${SEQTHINK_ENV:-}"
[[ -x "$bin" ]] || { echo "build first: swift build -c release --product seqthink" >&2; exit 1; }
for tool in wrk age age-keygen openssl python3 lz4; do command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

work=$(mktemp -d /tmp/seqthink-bench-secure.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

age-keygen -o "$work/server.key" 2>/dev/null; chmod 600 "$work/server.key"
age-keygen -o "$work/client.key" 2>/dev/null
age-keygen -y "$work/client.key" > "$work/recipients.txt"
server_recipient=$(age-keygen -y "$work/server.key")
"$bin" token --new-key "$work/signing.pem" 2>/dev/null
"$bin" jwks --key "$work/signing.pem" --kid bench > "$work/jwks.json"
"$bin" token --key "$work/signing.pem" --kid bench --scope mcp:call --ttl 3600 > "$work/token"

python3 "$root/Tests/JWTTests/jwks_server.py" --dir "$work" > "$work/jwks.port" &
pids+=("$!")
for _ in $(seq 50); do [[ -s "$work/jwks.port" ]] && break; sleep 0.1; done
jwks_port=$(head -1 "$work/jwks.port")

# A realistic thought (~600 bytes of JSON); every request is the same call, so the thought
# history grows: MAX_THOUGHTS_PER_SESSION caps it (the simple route has one shared history).
thought=$(python3 -c 'import json; print(json.dumps({"tool":"sequentialthinking","payload":{"thought":"Consider the load on each stage of the gateway and where CPU time goes: token verification, age decryption, the MCP call and the age encryption of the answer. "*3,"thoughtNumber":1,"totalThoughts":5,"nextThoughtNeeded":True}}))')
printf '%s' "$thought" > "$work/body.json"
age -r "$server_recipient" -o "$work/body.age" "$work/body.json"
lz4 -q -c "$work/body.json" | age -r "$server_recipient" -o "$work/body.lz4.age"

lua() { # $1 body file, $2.. extra header lines "Name: value"
    local body=$1; shift
    {
        echo "wrk.method = \"POST\""
        echo "local f = assert(io.open(\"$body\", \"rb\")); wrk.body = f:read(\"*a\"); f:close()"
        for h in "$@"; do echo "wrk.headers[\"${h%%:*}\"] = \"${h#*: }\""; done
        # Count non-2xx answers so a misconfigured run is never reported as a result.
        echo 'local bad = 0'
        echo 'function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end'
        printf '%s\n' 'function done(summary, latency, requests) io.write(string.format("non200 %d\n", bad)) end'
    } > "$work/script.lua"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# The floor: 3 X25519 + 1 RSA-2048 verify at `openssl speed`, measured just before and just after
# every mode's run; the mode is set against the mean of the two (the after-floor of one mode is
# the before-floor of the next).
measure_floor() {
    openssl speed -seconds 2 ecdhx25519 rsa2048 2>/dev/null > "$work/speed.txt" || true
    x25519_ops=$(awk '/253 bits ecdh \(X25519\)/ {print $NF}' "$work/speed.txt")
    rsa_verify_ops=$(awk '/^rsa 2048 bits/ {print $NF}' "$work/speed.txt")
    floor=$(python3 -c "print(round(3e6/$x25519_ops + 1e6/$rsa_verify_ops, 1))")
}
measure_floor
echo "# floor: openssl speed (same run)"
echo "x25519 ops/s $x25519_ops  rsa2048 verify/s $rsa_verify_ops  floor µs/request $floor"
# The same operations as the service runs them (libsodium X25519, the Age library), same run.
"$bin" bench-age 2>/dev/null | grep -E "X25519 (public key|shared secret)|Age\.(seal|open) 1 KiB" | sort -u || true

printf '\n| round | mode | requests | req/s | server CPU µs/req | floor µs | × floor | p50 | p99 | non-200 | mean µs in auth / decrypt / mcp / encrypt |\n|---|---|---|---|---|---|---|---|---|---|---|\n'
: > "$work/ratios"
for round in $(seq "$rounds"); do
for mode in $modes; do
    floor_before=$floor
    env=(BIND=127.0.0.1 PORT=0 LOG_LEVEL=warning ACCESS_LOG=false SHUTDOWN_DELAY_S=0 MAX_THOUGHTS_PER_SESSION=1000000 "${extra_env[@]}")
    headers=("Content-Type: application/json")
    body="$work/body.json"
    case "$mode" in
        plain) ;;
        auth) env+=(KACHING_JWKS_URL="http://127.0.0.1:$jwks_port/jwks.json" REQUIRED_SCOPE=mcp:call JWT_CACHE_ENTRIES=0)
              headers+=("Authorization: Bearer $(cat "$work/token")") ;;
        secure|secure-lz4|secure-cached)
              env+=(KACHING_JWKS_URL="http://127.0.0.1:$jwks_port/jwks.json" REQUIRED_SCOPE=mcp:call
                    AGE_IDENT_PATH="$work/server.key" AGE_RECIPS_PATH="$work/recipients.txt")
              [[ $mode == secure-cached ]] || env+=(JWT_CACHE_ENTRIES=0)
              headers=("Content-Type: application/age" "Authorization: Bearer $(cat "$work/token")")
              body="$work/body.age"
              if [[ $mode == secure-lz4 ]]; then
                  headers+=("Seqthink-Encoding: lz4" "Seqthink-Accept-Encoding: lz4"); body="$work/body.lz4.age"
              fi ;;
        *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    env "${env[@]}" PORT=18543 "$bin" serve > "$work/server.$mode.log" 2>&1 &
    server=$!
    pids+=("$server")
    for _ in $(seq 100); do
        code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18543/ready || true)
        [[ $code == 200 ]] && break; sleep 0.1
    done
    lua "$body" "${headers[@]}"
    # Warm-up, and a check that the answer really is what the mode promises.
    curl_args=(); for h in "${headers[@]}"; do curl_args+=(-H "$h"); done
    status=$(curl -s -o "$work/answer.$mode" -w '%{http_code}' "${curl_args[@]}" --data-binary @"$body" http://127.0.0.1:18543/mcp/tool)
    [[ $status == 200 ]] || { echo "$mode: warm-up answered $status: $(cat "$work/answer.$mode")" >&2; exit 1; }
    if [[ $mode == secure* ]]; then
        age -d -i "$work/client.key" "$work/answer.$mode" > "$work/answer.$mode.plain"
        if [[ $mode == secure-lz4 ]]; then
            lz4 -q -d -c "$work/answer.$mode.plain" > "$work/answer.$mode.json"
        else
            cp "$work/answer.$mode.plain" "$work/answer.$mode.json"
        fi
        grep -q structuredContent "$work/answer.$mode.json" || { echo "$mode: the answer does not decrypt to a tool result" >&2; exit 1; }
    fi
    wrk -t1 -c"$connections" -d2s -s "$work/script.lua" http://127.0.0.1:18543/mcp/tool > /dev/null
    before=$(cpu_ticks $server)
    if [[ -n ${PERF_DIR:-} ]]; then # a CPU profile of this mode's measured run
        perf record -e cpu-clock -F 1999 -g -p "$server" -o "$PERF_DIR/perf-$mode.data" 2>/dev/null &
        perf_pid=$!
    fi
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/script.lua" http://127.0.0.1:18543/mcp/tool > "$work/wrk.$mode"
    after=$(cpu_ticks $server)
    if [[ -n ${PERF_DIR:-} ]]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
    curl -s http://127.0.0.1:18543/metrics > "$work/metrics.$mode"
    kill $server; wait $server 2>/dev/null || true
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.$mode")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.$mode")
    p50=$(awk '$1=="50%" {print $2}' "$work/wrk.$mode")
    p99=$(awk '$1=="99%" {print $2}' "$work/wrk.$mode")
    bad=$(awk '/^non200/ {print $2}' "$work/wrk.$mode")
    cpu=$(python3 -c "print(round(($after - $before) / $hz * 1e6 / $requests, 1))")
    measure_floor
    floor_after=$floor
    floor=$(python3 -c "print(round(($floor_before + $floor_after) / 2, 1))")
    ratio=$(python3 -c "print(round($cpu / $floor, 2))")
    # Wall time inside each stage (stage_duration_seconds sum/count, warm-up included).
    stages=$(python3 - "$work/metrics.$mode" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def mean(stage):
    s = re.search(r'seqthink_stage_duration_seconds_sum\{stage="%s"\} (\S+)' % stage, text)
    c = re.search(r'seqthink_stage_duration_seconds_count\{stage="%s"\} (\S+)' % stage, text)
    return "%.1f" % (float(s.group(1)) / float(c.group(1)) * 1e6) if s and c and float(c.group(1)) else "-"
print(" / ".join(mean(s) for s in ["auth", "decrypt", "mcp", "encrypt"]))
PY
)
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$mode" "$requests" "$rps" "$cpu" "$floor" "$ratio" "$p50" "$p99" "$bad" "$stages"
    echo "$mode $cpu $ratio" >> "$work/ratios"
    floor=$floor_after
done
done
if (( rounds > 1 )); then
    printf '\n| mode | median CPU µs/req | median × floor (goal <= 1.5) |\n|---|---|---|\n'
    for mode in $modes; do
        python3 - "$work/ratios" "$mode" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.split()[0] == sys.argv[2]]
print("| %s | %.1f | %.2f |" % (sys.argv[2], statistics.median(float(r[1]) for r in rows), statistics.median(float(r[2]) for r in rows)))
PY
    done
fi
