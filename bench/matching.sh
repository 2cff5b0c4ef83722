#!/usr/bin/env bash
# What repeat-harm matching costs (issue 19), on a release build:
#  1. the cryptography: VOPRF(P-384) blind, evaluate and finalize (p50 and p99), a tag through two
#     key holders in one process, an entry of four identifiers, and a linear scan for comparison;
#  2. the board: a lookup and an insert at 1,000, 1,000,000 and 10,000,000 records (an empty data
#     folder, a few GB of disk at the largest), beside a linear scan of as many entries;
#  3. an entry of four identifiers through two key holders on other instances, over loopback
#     (three real servers, signed requests; the Swift test NetworkMatchingTests, built for release;
#     its servers log at the default level, info, as an operator's would).
#   bench/matching.sh [SAMPLES] [SIZES] [ENTRIES]   (defaults: 1000; 1000,1000000,10000000; 200)
set -euo pipefail
cd "$(dirname "$0")/.."
# One release build, with testing enabled, serves the command-line tool and the loopback test.
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests >/dev/null
binary="$(swift build "${flags[@]}" --show-bin-path)/tejido"
echo "== cryptography"
"$binary" bench-matching --samples "${1:-1000}" --scan 1000
echo "== the board"
data="$(mktemp -d)"
TEJIDO_DATA_DIR="$data" TEJIDO_LOG_LEVEL=warning "$binary" bench-matching-board --sizes "${2:-1000,1000000,10000000}" \
  --samples "${1:-1000}"
rm -rf "$data"
echo "== an entry over loopback"
TEJIDO_BENCH_MATCHING="${3:-200}" swift test "${flags[@]}" --skip-build --filter "NetworkMatchingTests/cascadeOverLoopback" 2>&1 \
  | grep -E "MATCHING-BENCH|passed|failed" | sed 's/^.*MATCHING-BENCH /  /'
