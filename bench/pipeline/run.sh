#!/usr/bin/env bash
# Builds the Pipeline module as its own optimised module (as SwiftPM's release build links it
# into seqthink) plus bench/pipeline/main.swift, then runs PipelineBenchmark.
# Usage: bench/pipeline/run.sh [messages=200000] [inflight=64] [workers=1] [batch=16] [work_us=0] [shapes=runner,...]
# Until `seqthink bench-pipeline` is wired, this is how to reproduce bench/results-pipeline.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.build/bench-pipeline"
mkdir -p "$out"
features=(-enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
          -enable-upcoming-feature MemberImportVisibility)
mapfile -t sources < <(find "$root/Sources/Pipeline" -name '*.swift' | sort)
if [[ ! -x "$out/bench" || -n "$(find "$root/Sources/Pipeline" "$root/bench/pipeline" -newer "$out/bench" -name '*.swift')" ]]; then
    # shellcheck disable=SC2086  # CMO may hold several flags: word splitting wanted
    swiftc -O -wmo ${CMO:--enable-default-cmo} -swift-version 6 "${features[@]}" -parse-as-library -module-name Pipeline \
        -emit-module -emit-module-path "$out/Pipeline.swiftmodule" -emit-library -static -o "$out/libPipeline.a" \
        "${sources[@]}"
    swiftc -O -swift-version 6 -I "$out" -L "$out" -lPipeline -lswiftSynchronization -lswiftGlibc -lm -o "$out/bench" "$root/bench/pipeline/main.swift"
fi
exec "$out/bench" "$@"
