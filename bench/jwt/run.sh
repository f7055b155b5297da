#!/usr/bin/env bash
# CPU per RS256 verification in the JWT library, with and without a JWTVerificationCache hit.
# Builds the release product, then compiles bench/jwt/main.swift against the release build's
# JWT and Crypto modules and objects. Usage: bench/jwt/run.sh   (prints a Markdown table)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[[ "${SKIP_BUILD:-0}" == 1 ]] || swift build -c release --product seqthink --package-path "$root" >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/seqthink-jwt-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
release="$root/.build/release"
# Only the objects of sources that still exist: a file removed or moved since an earlier build
# leaves its stale object behind, and linking it breaks (or silently changes) the bench.
objects=()
for target in JWT JSON Crypto; do
    for object in "$release/$target.build"/*.swift.o; do
        source=$(basename "$object" .o)
        [[ -f "$root/Sources/$target/$source" ]] && objects+=("$object")
    done
done
swiftc -O -swift-version 6 -I "$release/Modules" -I "$root/Sources/COpenSSL" -I "$root/Sources/CSodium" \
    -I "$root/Sources/CLZ4" "$root/bench/jwt/main.swift" "${objects[@]}" \
    -lssl -lcrypto -lsodium -llz4 -o "$work/bench"
"$work/bench"
