#!/usr/bin/env bash
# Builds tejido and runs the real-browser tests (e2e/) with Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x e2e/.venv/bin/python ]; then
  python3 -m venv e2e/.venv
  e2e/.venv/bin/pip install -q -r e2e/requirements.txt
fi
swift build --product tejido
# Tests run with no database URL of their own: each server uses SQLite in a temporary folder.
env -u DATABASE_URL e2e/.venv/bin/python -m pytest e2e -q -p no:cacheprovider
