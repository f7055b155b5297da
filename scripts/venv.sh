#!/usr/bin/env bash
# Usage: scripts/venv.sh NAME REQUIREMENTS_FILE
# Makes (or reuses) the virtualenv .build/venv-NAME with the pinned requirements and prints
# the path of its python. Rebuilt when the requirements file changes; safe to call from
# tests running in parallel (one flock per venv).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=$1
req=$2
mkdir -p "$root/.build"
dir="$root/.build/venv-$name"
exec 9>"$dir.lock"
flock 9
sum=$(sha256sum "$req" | cut -d' ' -f1)
if [[ ! -x "$dir/bin/python" || "$(cat "$dir/.requirements.sha256" 2>/dev/null)" != "$sum" ]]; then
    rm -rf "$dir"
    python3 -m venv "$dir" >&2
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
    echo "$sum" > "$dir/.requirements.sha256"
fi
echo "$dir/bin/python"
