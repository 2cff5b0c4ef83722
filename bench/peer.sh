#!/usr/bin/env bash
# What crossing between instances costs (issue 18), on a release build, on loopback:
#  1. a signed request: the RFC 9421 signature and digest check alone, then whole requests through a
#     real server (verification, replay cache, policy, handler, a database write each), one at a
#     time and eight at a time;
#  2. a peer's directory of shared entries: built, sent as one signed snapshot, checked and applied,
#     then searched.
#   bench/peer.sh [REQUESTS] [ENTRIES]        (defaults: 2000 requests, 10000 entries)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tejido >/dev/null
binary="$(swift build -c release --show-bin-path)/tejido"
run() {
  local data port=$1; shift
  data="$(mktemp -d)"
  TEJIDO_DATA_DIR="$data" TEJIDO_PORT=$port TEJIDO_PUBLIC_URL="http://127.0.0.1:$port" TEJIDO_PEER_PLAIN_HTTP=true \
    TEJIDO_LOG_LEVEL=warning "$binary" "$@"
  rm -rf "$data"
}
echo "== signed requests"
run 18555 bench-peer --requests "${1:-2000}"
echo "== a peer's directory"
run 18556 bench-peer-directory --entries "${2:-10000}"
