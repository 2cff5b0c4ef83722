#!/usr/bin/env bash
# Starts a small network of Tejido instances on this machine, to try connecting collectives:
# each instance has its own data folder and key file, serves on its own loopback port, holds a
# demo collective, and may call the others over plain HTTP (TEJIDO_PEER_PLAIN_HTTP, a test setting
# refused in production). Ctrl-C stops them all; the folders stay until you remove them.
#
#   scripts/network.sh [COUNT] [FIRST_PORT]      (defaults: 3 instances from port 8181)
#
# Then, for instance: sign in to the first as demo-ana, open the collective's "Connected
# collectives", create an invitation, paste it into the second's same page, compare the codes, accept.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-3}"
first_port="${2:-8181}"
root="${TEJIDO_NETWORK_DIR:-${TMPDIR:-/tmp}/tejido-network}"

swift build --product tejido >/dev/null
binary="$(swift build --show-bin-path)/tejido"
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

for i in $(seq 1 "$count"); do
  port=$((first_port + i - 1))
  data="$root/node$i"
  mkdir -p "$data"
  export_env=(TEJIDO_DATA_DIR="$data" TEJIDO_PORT="$port" TEJIDO_PUBLIC_URL="http://127.0.0.1:$port"
    TEJIDO_PEER_PLAIN_HTTP=true TEJIDO_LOG_LEVEL=warning)
  if [ ! -f "$data/tejido.sqlite" ]; then
    echo "== instance $i: demo data in $data"
    env "${export_env[@]}" "$binary" demo | sed 's/^/   /'
  fi
  env "${export_env[@]}" "$binary" serve >"$data/server.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  echo "== instance $i: http://127.0.0.1:$port  (log: $data/server.log)"
done
echo
echo "Every demo account's passphrase is printed above. Ctrl-C stops the network."
wait
