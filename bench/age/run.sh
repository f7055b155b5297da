#!/usr/bin/env bash
# Encrypt and decrypt a 256 MiB file with `seqthink` (release build) and Debian's `age`,
# side by side: wall time, CPU time (user+sys) and peak RSS from GNU time; then the
# in-memory costs from the hidden `seqthink bench-age` verb. Prints Markdown to stdout.
#
# Usage: bench/age/run.sh [SIZE_MIB] [RUNS]     (defaults: 256 MiB, 3 runs, best kept)
set -euo pipefail

SIZE_MIB=${1:-256}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
for tool in age age-keygen /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install age time)" >&2; exit 1; }
done

swift build -c release --product seqthink --package-path "$ROOT" >&2
SEQ="$ROOT/.build/release/seqthink"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/seqthink-age-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

head -c $((SIZE_MIB << 20)) /dev/urandom > "$WORK/plain"
age-keygen -o "$WORK/key.txt" 2>/dev/null
RECIPIENT=$(age-keygen -y "$WORK/key.txt")

# Runs a command RUNS times; prints "wall cpu rss_mib" of the fastest run. The output file
# named by $OUT is removed before each run, so no run pays for truncating the last one's.
measure() {
    local best=""
    for _ in $(seq "$RUNS"); do
        rm -f "${OUT:-}"
        sync
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null
        read -r wall user sys rss < "$WORK/time"
        local line
        line=$(awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%.2f %.2f %.1f", w, u + s, r / 1024 }')
        if [[ -z "$best" ]] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
    done
    echo "$best"
}

row() {  # name wall cpu rss
    awk -v n="$1" -v w="$2" -v c="$3" -v r="$4" -v mib="$SIZE_MIB" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.0f | %.0f |\n", n, w, c, r, mib / w }'
}

declare -A results
for tool in seqthink age; do
    if [[ $tool == seqthink ]]; then
        enc=("$SEQ" encrypt -r "$RECIPIENT" -o "$WORK/$tool.age" "$WORK/plain")
        dec=("$SEQ" decrypt -i "$WORK/key.txt" -o "$WORK/$tool.out" "$WORK/$tool.age")
    else
        enc=(age -r "$RECIPIENT" -o "$WORK/$tool.age" "$WORK/plain")
        dec=(age -d -i "$WORK/key.txt" -o "$WORK/$tool.out" "$WORK/$tool.age")
    fi
    results[$tool-enc]=$(OUT="$WORK/$tool.age" measure "${enc[@]}")
    results[$tool-dec]=$(OUT="$WORK/$tool.out" measure "${dec[@]}")
    cmp -s "$WORK/plain" "$WORK/$tool.out" || { echo "bench: $tool round trip differs" >&2; exit 1; }
    # The same decryption with the output thrown away: crypto and reading only.
    null=("${dec[@]}")
    null[${#null[@]}-2]=/dev/null
    results[$tool-null]=$(measure "${null[@]}")
    # Armored (-a) encryption, and its decryption (armor detected by content) to /dev/null.
    aenc=("${enc[@]:0:1}")
    [[ $tool == seqthink ]] && aenc+=(encrypt)
    aenc+=(-a -r "$RECIPIENT" -o "$WORK/$tool.pem" "$WORK/plain")
    results[$tool-aenc]=$(OUT="$WORK/$tool.pem" measure "${aenc[@]}")
    adec=("${dec[@]}")
    adec[${#adec[@]}-2]=/dev/null
    adec[${#adec[@]}-1]="$WORK/$tool.pem"
    results[$tool-adec]=$(measure "${adec[@]}")
    rm -f "$WORK/$tool.pem"
done
# Cross-check: each decrypts the other's file.
"$SEQ" decrypt -i "$WORK/key.txt" "$WORK/age.age" | cmp -s - "$WORK/plain"
age -d -i "$WORK/key.txt" "$WORK/seqthink.age" | cmp -s - "$WORK/plain"

echo "### ${SIZE_MIB} MiB file, best of $RUNS runs ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
echo "| run | wall s | CPU s (user+sys) | peak RSS MiB | MiB/s (wall) |"
echo "|---|---:|---:|---:|---:|"
for key in seqthink-enc age-enc seqthink-dec age-dec seqthink-null age-null seqthink-aenc age-aenc seqthink-adec age-adec; do
    read -r wall cpu rss <<< "${results[$key]}"
    name=${key/-enc/ encrypt}; name=${name/-dec/ decrypt}; name=${name/-null/ decrypt to \/dev\/null}
    name=${name/-aenc/ encrypt -a}; name=${name/-adec/ decrypt armored to \/dev\/null}
    row "$name" "$wall" "$cpu" "$rss"
done
read -r sw _ _ <<< "${results[seqthink-dec]}"
read -r aw _ _ <<< "${results[age-dec]}"
read -r sn _ _ <<< "${results[seqthink-null]}"
read -r an _ _ <<< "${results[age-null]}"
awk -v s="$sw" -v a="$aw" -v sn="$sn" -v an="$an" \
    'BEGIN { printf "\nDecrypt speed-up over age (wall): %.2fx to a file, %.2fx to /dev/null\n\n", a / s, an / sn }'

echo "### In-memory seal/open (seqthink bench-age)"
echo
"$SEQ" bench-age 1
