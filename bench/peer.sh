#!/usr/bin/env bash
# What a signed request between instances costs (issue 18): the RFC 9421 signature and digest check
# alone, then whole requests through a real server on loopback (verification, replay cache,
# policy, handler, one database write each), one at a time and eight at a time. Prints figures.
#   bench/peer.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tejido >/dev/null
binary="$(swift build -c release --show-bin-path)/tejido"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
port=18555
TEJIDO_DATA_DIR="$data" TEJIDO_PORT=$port TEJIDO_PUBLIC_URL="http://127.0.0.1:$port" TEJIDO_PEER_PLAIN_HTTP=true \
  TEJIDO_LOG_LEVEL=warning "$binary" bench-peer --requests "${1:-2000}"
