#!/usr/bin/env bash
# A connected collective's directory synchronised (issue 18): ENTRIES shared entries (10,000 by
# default) built into one `directory` message, sent signed over loopback, verified, checked and
# applied at the receiver, sent again (replacing the copy), then searched. Prints figures.
#   bench/peer_directory_sync.sh [ENTRIES]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tejido >/dev/null
binary="$(swift build -c release --show-bin-path)/tejido"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
port=18556
TEJIDO_DATA_DIR="$data" TEJIDO_PORT=$port TEJIDO_PUBLIC_URL="http://127.0.0.1:$port" TEJIDO_PEER_PLAIN_HTTP=true \
  TEJIDO_LOG_LEVEL=warning "$binary" bench-peer-directory --entries "${1:-10000}"
