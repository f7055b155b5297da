#!/usr/bin/env bash
# Installs the Debian packages seqthink builds and tests with, when any is missing.
# Run as root it uses apt-get; otherwise it names what to install and fails.
set -euo pipefail

BUILD_PKGS=(libsodium-dev libssl-dev liblz4-dev pkg-config)
# Peers the test suite talks to for real: age, nginx, wrk, promtool, lz4, curl, shellcheck.
TEST_PKGS=(age nginx-light wrk prometheus lz4 curl shellcheck python3-venv ca-certificates openssl)
# The benchmarks (bench/, BENCHMARKS.md) need the test peers plus perf for their profiles.
BENCH_PKGS=(linux-perf)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi
if [[ "${1:-}" == "--bench" ]]; then want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "seqthink: missing Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "seqthink: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts nginx on install; the benchmarks run their own instance.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
