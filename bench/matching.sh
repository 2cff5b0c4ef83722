#!/usr/bin/env bash
# What repeat-harm matching's cryptography costs (issue 19), on a release build: VOPRF(P-384)
# blind, evaluate and finalize (p50 and p99), a tag through two key holders in one process, and
# the linear scan a design that decrypts every stored entry would need at the same sizes.
#   bench/matching.sh [SAMPLES]        (default: 1000 samples)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tejido >/dev/null
"$(swift build -c release --show-bin-path)/tejido" bench-matching --samples "${1:-1000}"
