#!/usr/bin/env bash
# CPU per message of the MCP core (JSON decode/encode against Foundation, and MCPServer.handle
# for a tool call), release build of Sources/MCP compiled together with main.swift.
# Usage: bench/mcp-core/run.sh   (from the repository root; prints microseconds per message)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$root/Sources/MCP" -name '*.swift' -exec cp {} "$work/" \;
cp "$root/bench/mcp-core/main.swift" "$work/"
swiftc -O -swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
    -enable-upcoming-feature MemberImportVisibility -module-name MCPBench "$work"/*.swift -o "$work/bench"
"$work/bench"
